"""fit's guards: a diverging run stops before the update that would spread nan/inf, restores
the best finite parameters and names the epoch; nan features and bad labels are refused up
front (eager and compiled); the loss is reported as data loss + penalty = total, epochs from 1."""

import math
import re
import sys

import pytest

import autograd
import nn
from nn.optim import SGD, Adam


class JumpTo:
    """A schedule that sets the learning rate to ``lr`` after ``at`` epochs (a run about to diverge)."""

    def __init__(self, optimizer, at, lr=1e6):
        self.optimizer, self.at, self.lr, self.epochs = optimizer, at, lr, 0
        self.states = []

    def step(self):  # fit calls it after each epoch
        self.epochs += 1
        self.states.append(self.model.state_dict())
        if self.epochs == self.at:
            for group in self.optimizer.param_groups:
                group["lr"] = self.lr


def moons(loss):
    X, labels = nn.make_moons(40, noise=0.1, seed=0)
    return X, ([2 * t - 1 for t in labels] if loss is nn.hinge_loss else labels)


@pytest.mark.parametrize("compiled", [False, True])
@pytest.mark.parametrize("loss", [nn.mse_loss, nn.hinge_loss])
def test_a_diverging_run_stops_before_the_bad_update_and_restores_the_best_epoch(tmp_path, loss, compiled):
    X, y = moons(loss)
    model = nn.MLP(2, [8, 1], seed=0)
    opt = SGD(model.parameters(), lr=0.05)
    schedule = JumpTo(opt, at=5)
    schedule.model = model
    with pytest.raises(nn.DivergedError, match=r"fit: training diverged in epoch \d+/300") as caught:
        nn.fit(model, X, y, loss=loss, optimizer=opt, epochs=300, l2=1e-4, scheduler=schedule,
               compiled=compiled, verbose=False)
    error = caught.value
    assert isinstance(error, FloatingPointError) and error.epoch == schedule.epochs + 1
    restored = int(re.search(r"parameters of epoch (\d+)", str(error)).group(1))
    assert 1 <= restored <= schedule.epochs
    assert model.state_dict() == schedule.states[restored - 1]  # exactly that epoch's parameters
    assert all(math.isfinite(p.data) for p in model.parameters())
    assert nn.load(nn.save(model, tmp_path / "m.json")).state_dict() == model.state_dict()


def test_without_restore_best_the_parameters_are_the_last_finite_ones():
    X, y = moons(nn.mse_loss)
    model = nn.MLP(2, [8, 1], seed=0)
    opt = SGD(model.parameters(), lr=0.05)
    schedule = JumpTo(opt, at=3)
    schedule.model = model
    with pytest.raises(nn.DivergedError, match="last finite ones"):
        nn.fit(model, X, y, optimizer=opt, epochs=300, scheduler=schedule, restore_best=False, verbose=False)
    assert all(math.isfinite(p.data) for p in model.parameters())


def test_a_non_finite_gradient_is_caught_before_the_update_and_named():
    """The loss is finite but one gradient is not (sqrt at 0): train_step raises before stepping."""
    w = autograd.Value(0.0, label="w")
    opt = SGD([w], lr=0.1)

    class Root(nn.Module):
        def __init__(self):
            self.w = w

        def __call__(self, x):
            return (self.w * x[0]).sqrt()

    with pytest.raises(nn.DivergedError, match="gradient of parameter w became -inf"):
        nn.train_step(Root(), [[1.0]], [1.0], nn.mse_loss, opt)
    assert w.data == 0.0


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_fit_refuses_non_finite_features_naming_the_sample(bad):
    X, y = nn.make_moons(20, noise=0.1, seed=0)
    X[13] = [0.5, bad]
    model = nn.MLP(2, [4, 1], seed=0)
    before = model.state_dict()
    with pytest.raises(ValueError, match=rf"fit: X\[13\]\[1\] is {bad}: features must be finite"):
        nn.fit(model, X, y, epochs=2, verbose=False)
    good, _ = nn.make_moons(20, noise=0.1, seed=1)
    with pytest.raises(ValueError, match=r"validation X\[13\]\[1\]"):
        nn.fit(model, good, y, epochs=2, validation=(X, y), verbose=False)
    assert model.state_dict() == before


@pytest.mark.parametrize("activation", sorted(nn.activations.ACTIVATIONS))
def test_an_mlp_fed_nan_returns_nan(activation):
    model = nn.MLP(2, [3, 1], activation=activation, output_activation=activation, seed=0)
    assert math.isnan(model([math.nan, 1.0]).data)


def test_detect_anomaly_names_the_users_line_for_an_mlp_fed_nan():
    model = nn.MLP(2, [3, 1], seed=0)
    with pytest.raises(autograd.AnomalyError) as caught, autograd.detect_anomaly():
        model([math.nan, 1.0])  # the line to name
    assert "test_nn_train_guards.py" in str(caught.value) and "layers.py" not in str(caught.value)


@pytest.mark.parametrize("compiled", [False, True])
def test_a_bad_label_on_any_batch_is_refused_before_training(compiled):
    X, labels = nn.make_moons(20, noise=0.1, seed=0)
    y = [2 * t - 1 for t in labels]
    y[17] = 0  # not in the first (traced) batch
    model = nn.MLP(2, [4, 1], seed=0)
    before = model.state_dict()
    with pytest.raises(ValueError, match="targets must be -1 or \\+1, got 0"):
        nn.fit(model, X, y, loss=nn.hinge_loss, epochs=2, batch_size=5, compiled=compiled, verbose=False)
    assert model.state_dict() == before


def test_compiled_steps_check_every_batchs_labels():
    from nn.compiled import CompiledStep

    model = nn.MLP(2, [4, 1], seed=0)
    step = CompiledStep(model, nn.hinge_loss)
    opt = SGD(model.parameters(), lr=0.1)
    X, _ = nn.make_moons(10, seed=0)
    step(model, X[:5], [1, -1, 1, 1, -1], nn.hinge_loss, opt)
    before = model.state_dict()
    with pytest.raises(ValueError, match="got 0"):
        step(model, X[5:], [1, -1, 0, 1, -1], nn.hinge_loss, opt)
    with pytest.raises(ValueError, match=r"bce_with_logits: targets must lie in \[0, 1\], got 2"):
        CompiledStep(model, nn.bce_with_logits)(model, X[:2], [1, 2], nn.bce_with_logits, opt)
    assert model.state_dict() == before


def test_compiled_cross_entropy_trains_as_eager_on_every_batch():
    """Class indices reach the trace as one-hot lists, so batches whose classes differ from the
    traced batch's get their own loss (an index would have been frozen at trace time)."""
    X, y = nn.make_blobs(60, centers=[[-3.0, 0.0], [3.0, 0.0], [0.0, 4.0]], cluster_std=0.5, seed=0)
    runs = []
    for compiled in (False, True):
        model = nn.MLP(2, [3], seed=0)
        h = nn.fit(model, X, y, loss=nn.cross_entropy, optimizer=Adam(model.parameters(), lr=0.1), epochs=8,
                   batch_size=7, seed=1, l2=1e-3, compiled=compiled, verbose=False)
        runs.append((h, model.state_dict()))
    (eager, eager_state), (traced, traced_state) = runs
    assert list(traced) == list(eager) and traced["accuracy"] == eager["accuracy"]
    for name in eager:
        assert traced[name] == pytest.approx(eager[name], rel=1e-12, abs=1e-15)
    assert traced_state == pytest.approx(eager_state, rel=1e-12, abs=1e-15)
    with pytest.raises(TypeError, match="class index must be an int, not float"):
        nn.fit(nn.MLP(2, [3], seed=0), X, [float(t) for t in y], loss=nn.cross_entropy, epochs=2,
               compiled=True, verbose=False)
    with pytest.raises(ValueError, match="class index 3 out of range for 3 logits"):
        nn.fit(nn.MLP(2, [3], seed=0), X, [*y[:-1], 3], loss=nn.cross_entropy, epochs=1, batch_size=59,
               compiled=True, verbose=False)


# -- one story: data loss + penalty = total, epochs counted from 1 ----------------------------------


def test_history_reports_data_loss_and_penalties_that_add_up_to_the_loss():
    X, labels = nn.make_moons(30, noise=0.1, seed=0)
    y = [2 * t - 1 for t in labels]
    model = nn.MLP(2, [6, 1], seed=0)
    first_data = nn.hinge_loss([model(x) for x in X], y).data
    p = [q.data for q in model.parameters()]
    h = nn.fit(model, X, y, loss=nn.hinge_loss, optimizer=SGD(model.parameters(), lr=0.1), epochs=4,
               l1=1e-3, l2=1e-2, verbose=False)
    assert list(h) == ["loss", "data_loss", "l1_penalty", "l2_penalty", "accuracy", "lr"]
    # full batch: epoch 1's figures are the objective at the initial parameters, part by part
    assert h["data_loss"][0] == pytest.approx(first_data, rel=1e-12)
    assert h["l1_penalty"][0] == pytest.approx(1e-3 * sum(map(abs, p)), rel=1e-12)
    assert h["l2_penalty"][0] == pytest.approx(1e-2 * sum(v * v for v in p), rel=1e-12)
    for e in range(4):
        assert h["data_loss"][e] + h["l1_penalty"][e] + h["l2_penalty"][e] == pytest.approx(h["loss"][e])
    plain = nn.fit(nn.MLP(2, [6, 1], seed=0), X, y, loss=nn.hinge_loss, epochs=2, verbose=False)
    assert "data_loss" not in plain and "l2_penalty" not in plain  # no penalty: the loss is the data loss


def test_progress_lines_name_the_parts_and_end_with_the_last_epoch(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "tqdm", None)
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    X, y = nn.make_linear(8, seed=0)
    model = nn.Neuron(1, activation="linear", seed=0)
    h = nn.fit(model, X, y, optimizer=SGD(model.parameters(), lr=0.1), epochs=25, l2=0.01)
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("/")[0].split()[-1] for line in lines] == ["1", "2", "4", "6", "8", "10", "12", "14",
                                                                  "16", "18", "20", "22", "24", "25"]
    assert lines[-1].startswith("epoch   25/25  data loss ")
    assert re.search(r"data loss \S+  L2 penalty \S+  total \S+", lines[-1])
    total = float(re.search(r"total (\S+)", lines[-1]).group(1))
    assert total == pytest.approx(h["loss"][-1], rel=1e-3)
    nn.fit(model, X, y, optimizer=SGD(model.parameters(), lr=0.1), epochs=7)
    assert capsys.readouterr().out.splitlines()[-1].startswith("epoch    7/7  loss ")


def test_the_tqdm_bar_shows_the_same_labels(capsys):
    pytest.importorskip("tqdm")
    X, y = nn.make_linear(8, seed=0)
    model = nn.Neuron(1, activation="linear", seed=0)
    nn.fit(model, X, y, optimizer=SGD(model.parameters(), lr=0.1), epochs=3, l2=0.01)
    bar = capsys.readouterr().err
    assert "3/3" in bar and "data loss=" in bar and "L2 penalty=" in bar and "total=" in bar


def test_best_epoch_counts_from_one_as_the_progress_lines_do():
    X, y = nn.make_linear(20, seed=0)
    model = nn.Neuron(1, activation="linear", seed=0)
    h = nn.fit(model, X, y, optimizer=Adam(model.parameters(), lr=0.1), epochs=6, verbose=False)
    assert h.best_epoch == 1 + h["loss"].index(min(h["loss"]))
    assert h["loss"][h.best_epoch - 1] == min(h["loss"]) and f"best_epoch={h.best_epoch}" in repr(h)


def test_monitoring_accuracy_keeps_the_most_accurate_epoch():
    """Accuracy is better when higher: early stopping on it restores the most accurate epoch."""
    X, labels = nn.make_moons(60, noise=0.25, seed=3)
    Xt, yt, Xv, yv = nn.train_val_split(X, labels, 0.3, seed=0)
    model = nn.MLP(2, [8, 1], seed=2)
    h = nn.fit(model, Xt, yt, loss=nn.bce_with_logits, optimizer=SGD(model.parameters(), lr=0.5), epochs=60,
               validation=(Xv, yv), monitor="val_accuracy", patience=5, verbose=False)
    best = max(h["val_accuracy"])
    assert h["val_accuracy"][h.best_epoch - 1] == best
    assert h["val_accuracy"].index(best) == h.best_epoch - 1  # the first epoch reaching it
    assert nn.evaluate(model, Xv, yv, nn.bce_with_logits)["accuracy"] == best
