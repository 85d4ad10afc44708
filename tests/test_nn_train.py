"""Training: the notes' XOR and NAND networks, linear regression by GD and minibatch SGD,
fit's History, early stopping, reproducibility, progress output and errors."""

import sys

import pytest

import nn
from nn.optim import SGD, Adam


def set_params(module, values):
    for p, v in zip(module.parameters(), values, strict=True):
        p.data = float(v)


def test_notes_xor_network_reproduced_exactly():
    """W = [[1, 1], [1, 1]], c = [0, -1], w = [1, -2], b = 0 (the notes' XOR solution)."""
    model = nn.MLP(2, [2, 1], seed=0)
    # parameters in micrograd order: neuron 0 (W[:,0], c0), neuron 1 (W[:,1], c1), output (w, b)
    set_params(model, [1, 1, 0, 1, 1, -1, 1, -2, 0])
    X, y = nn.make_xor()
    hidden = [[h.data for h in model.layers[0](x)] for x in X]
    assert hidden == [[0, 0], [1, 0], [1, 0], [2, 1]]
    assert [model(x).data for x in X] == y == [0, 1, 1, 0]


def test_xor_learned_by_a_2_2_1_relu_net():
    X, y = nn.make_xor()
    model = nn.MLP(2, [2, 1], seed=5)
    history = nn.fit(model, X, y, loss=nn.mse_loss, optimizer=Adam(model.parameters(), lr=0.05),
                     epochs=300, verbose=False, accuracy=False)
    assert history["loss"][-1] < 1e-3
    assert [round(model(x).data) for x in X] == [0, 1, 1, 0]


def test_nand_perceptron_of_the_notes():
    """Weights -2, -2 and bias 3: the step perceptron computes NAND."""
    perceptron = nn.Neuron(2, activation="step", seed=0)
    set_params(perceptron, [-2, -2, 3])
    table = {(0, 0): 1, (0, 1): 1, (1, 0): 1, (1, 1): 0}
    assert {x: perceptron(list(x)).data for x in table} == table


def test_sigmoid_neuron_learns_nand_by_gradient_descent():
    X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
    y = [1, 1, 1, 0]
    neuron = nn.Neuron(2, activation="linear", seed=0)  # logits, for the stable bce_with_logits
    history = nn.fit(neuron, X, y, loss=nn.bce_with_logits, optimizer=SGD(neuron.parameters(), lr=2.0),
                     epochs=200, verbose=False)
    assert history["accuracy"][-1] == 1.0
    w1, w2, b = (p.data for p in neuron.parameters())
    assert w1 < 0 and w2 < 0 and b > 0 and w1 + w2 + b < 0


@pytest.mark.parametrize("batch_size", [None, 16])
def test_linear_regression_recovers_w_and_b(batch_size):
    X, y = nn.make_linear(160, w=2.0, b=-1.0, noise=0.05, seed=0)
    model = nn.Neuron(1, activation="linear", seed=0)
    lr, epochs = (0.5, 150) if batch_size is None else (0.1, 40)
    history = nn.fit(model, X, y, loss=nn.l2_loss, optimizer=SGD(model.parameters(), lr=lr),
                     epochs=epochs, batch_size=batch_size, seed=1, verbose=False)
    w, b = (p.data for p in model.parameters())
    assert w == pytest.approx(2.0, abs=0.03) and b == pytest.approx(-1.0, abs=0.03)
    assert "accuracy" not in history and history["loss"][-1] < 0.01


def test_history_is_a_mapping_of_per_epoch_floats():
    X, y = nn.make_moons(40, noise=0.1, seed=0)
    Xt, yt, Xv, yv = nn.train_val_split(X, y, 0.25, seed=0)
    model = nn.MLP(2, [8, 1], seed=0)
    h = nn.fit(model, Xt, yt, loss=nn.bce_with_logits, optimizer=Adam(model.parameters(), lr=0.05),
               epochs=5, batch_size=10, validation=(Xv, yv), verbose=False)
    assert list(h.keys()) == ["loss", "accuracy", "lr", "val_loss", "val_accuracy"]
    assert len(h) == 5 and h.epochs == 5 and all(len(v) == 5 for v in h.values())
    assert all(isinstance(v, float) for values in h.values() for v in values)
    assert h.best_epoch == 1 + min(range(5), key=h["val_loss"].__getitem__)  # counted from 1
    assert h["val_loss"][-1] == pytest.approx(nn.evaluate(model, Xv, yv, nn.bce_with_logits)["loss"])
    assert "5 epochs" in repr(h)


@pytest.mark.parametrize("patience", [1, 3])
def test_early_stopping_restores_the_best_epoch(patience):
    """Training targets y = 2x pull w from 0 to 2; validation targets y = x are best near w = 1."""
    X = [[i / 10 - 1] for i in range(21)]
    model = nn.Neuron(1, activation="linear", seed=0)
    set_params(model, [0.0, 0.0])
    h = nn.fit(model, X, [2 * x[0] for x in X], loss=nn.mse_loss, optimizer=SGD(model.parameters(), lr=0.1),
               epochs=200, validation=(X, [x[0] for x in X]), patience=patience, verbose=False)
    assert h.stopped_early and h.epochs == h.best_epoch + patience
    assert h["val_loss"][h.best_epoch - 1] == min(h["val_loss"]) < h["val_loss"][-1]
    assert nn.evaluate(model, X, [x[0] for x in X], nn.mse_loss)["loss"] == pytest.approx(min(h["val_loss"]))
    assert model.w[0].data == pytest.approx(1.0, abs=0.1)
    for bad in (0, -1, 2.5, "3"):
        with pytest.raises(ValueError, match="patience must be a positive int or None"):
            nn.fit(model, X, [x[0] for x in X], loss=nn.mse_loss, epochs=2, patience=bad, verbose=False)


def test_same_seeds_give_the_same_history():
    X, y = nn.make_moons(30, noise=0.2, seed=2)

    def run():
        model = nn.MLP(2, [6, 1], seed=1, dropout=0.2)
        h = nn.fit(model, X, y, loss=nn.bce_with_logits, optimizer=Adam(model.parameters(), lr=0.02),
                   epochs=4, batch_size=8, seed=9, verbose=False)
        return dict(h), model.state_dict()

    assert run() == run()


def test_multiclass_cross_entropy_and_l2_penalty():
    X, y = nn.make_blobs(60, centers=[[-3.0, 0.0], [3.0, 0.0], [0.0, 4.0]], cluster_std=0.5, seed=0)
    model = nn.MLP(2, [3], seed=0)
    h = nn.fit(model, X, y, loss=nn.cross_entropy, optimizer=Adam(model.parameters(), lr=0.1),
               epochs=30, l2=1e-3, verbose=False)
    assert h["accuracy"][-1] == 1.0


def test_progress_lines_without_tqdm_and_silence(monkeypatch, capsys):
    X, y = nn.make_linear(8, seed=0)
    model = nn.Neuron(1, activation="linear", seed=0)
    nn.fit(model, X, y, loss=nn.mse_loss, optimizer=SGD(model.parameters(), lr=0.1), epochs=3, verbose=False)
    assert capsys.readouterr() == ("", "")
    monkeypatch.setitem(sys.modules, "tqdm", None)
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    nn.fit(model, X, y, loss=nn.mse_loss, optimizer=SGD(model.parameters(), lr=0.1), epochs=3, log_every=1)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3 and lines[0].startswith("epoch    1/3  loss ")


def test_fit_errors():
    X, y = nn.make_linear(8, seed=0)
    model = nn.Neuron(1, activation="linear", seed=0)
    with pytest.raises(ValueError, match="8 samples but y has 7"):
        nn.fit(model, X, y[:-1], verbose=False)
    with pytest.raises(ValueError, match="epochs"):
        nn.fit(model, X, y, epochs=0, verbose=False)
    with pytest.raises(ValueError, match="cannot monitor"):
        nn.fit(model, X, y, monitor="val_loss", epochs=1, verbose=False)
    with pytest.raises(FloatingPointError, match="lower the learning rate"):
        nn.fit(model, [[x[0] * 1e150] for x in X], y, optimizer=SGD(model.parameters(), lr=1e10),
               epochs=50, verbose=False)


def test_a_score_exactly_at_the_threshold_is_class_0_and_ties_go_to_the_first_class():
    """Class 1 is strictly above the threshold (as the docs say: a logit of 0 is not a vote for 1);
    among several scores a tie goes to the first, as torch.argmax."""
    assert nn.predict_class(0.0) == 0 and nn.predict_class(0.5, threshold=0.5) == 0
    assert nn.predict_class(1e-12) == 1
    assert nn.predict_class([0.2, 0.7, 0.7]) == 1
    assert nn.accuracy([0.0, 0.5], [0, 1], threshold=0.5) == 0.5


def test_accuracy_threshold_follows_the_loss():
    # MSE onto 0/1 labels: a score of 0.3 is class 0; the same score as a logit or margin is class 1
    assert nn.decision_threshold(nn.mse_loss, [0, 1, 1]) == 0.5
    assert nn.decision_threshold(nn.mse_loss, [-1, 1]) == 0.0
    assert nn.decision_threshold(nn.bce_with_logits, [0, 1]) == 0.0
    assert nn.decision_threshold(nn.hinge_loss, [-1, 1]) == 0.0
    assert nn.accuracy([0.3, 0.8], [0, 1], threshold=0.5) == 1.0
    assert nn.accuracy([0.3, 0.8], [0, 1]) == 0.5
    model = nn.MLP(1, [1], seed=0)
    model.layers[0].neurons[0].w[0].data, model.layers[0].neurons[0].b.data = 0.0, 0.3
    figures = nn.evaluate(model, [[0.0], [1.0]], [0, 1], nn.mse_loss)
    assert figures["accuracy"] == 0.5  # the constant 0.3 is class 0: right on one sample of two
