"""``make demo``: micrograd's moons run reaches the target accuracy and writes its files."""

import json
import math
import re
import time

import pytest

import nn
from nn import demo


def test_demo_trains_moons_and_writes_out(tmp_path, capsys):
    assert demo.main(["--out", str(tmp_path), "--quiet"]) == 0
    printed = capsys.readouterr().out
    assert "training accuracy 100%" in printed or "training accuracy 9" in printed
    assert "trained 100 epochs" in printed  # micrograd's run
    model = nn.load(tmp_path / "moons_mlp.json")
    X, labels = nn.make_moons(100, noise=0.1, seed=1337)
    assert nn.accuracy([model(x) for x in X], labels) >= demo.TARGET_ACCURACY
    assert json.loads((tmp_path / "moons_mlp.json").read_text())["config"]["nouts"] == [16, 16, 1]
    for name in ("loss_curve.png", "decision_boundary.png", "neuron_graph.svg", "mlp_graph.svg",
                 "network_graph.svg", "explorer.html", "training.html"):
        if (tmp_path / name).exists():
            assert (tmp_path / name).stat().st_size > 1000
            assert f"wrote {tmp_path / name}: " in printed  # the summary says what the file shows
        else:
            assert f"skipped {name}" in printed or "no pictures" in printed


def test_demo_summary_names_the_parts_of_the_loss_and_counts_epochs_from_one(tmp_path, capsys):
    start = time.perf_counter()
    assert demo.main(["--out", str(tmp_path), "--quiet", "--epochs", "12"]) in (0, 1)
    elapsed = time.perf_counter() - start
    printed, errors = capsys.readouterr()
    seconds, per_epoch = re.search(r"trained 12 epochs in (\d+\.\d) s \((\d+) ms/epoch\)", printed).groups()
    assert 0.0 <= float(seconds) <= elapsed + 0.05  # the training time, within the call's own
    assert abs(int(per_epoch) - 1e3 * float(seconds) / 12) <= 1e3 * 0.05 / 12 + 1
    assert "epoch" not in errors and not re.search(r"epoch +\d+/12", printed)  # --quiet: no progress
    assert re.search(r"final model: data loss \(hinge\) \d\.\d{4} \+ L2 penalty \d\.\d{4} = total \d\.\d{4}",
                     printed)
    best = int(re.search(r"best epoch (\d+) of 12", printed).group(1))
    assert 1 <= best <= 12


def test_demo_fails_when_the_saved_model_reloads_different(tmp_path, capsys, monkeypatch):
    def perturbed(path):
        model = nn.load(path)
        model.parameters()[0].data += 1e-12
        return model

    monkeypatch.setattr(demo, "load", perturbed)
    assert demo.main(["--out", str(tmp_path), "--quiet"]) == 1
    printed = capsys.readouterr().out
    assert "reloaded DIFFERENT" in printed and "does not reload to the trained model" in printed


def test_train_moons_shows_progress_unless_told_not_to(capsys):
    """``demo.train_moons`` reports each epoch like ``nn.fit`` (a progress bar, or epoch lines
    without tqdm), and is silent with ``verbose=False``; the data are micrograd's ±1 moons."""
    model, _history, X, y = demo.train_moons(epochs=3)
    shown = "".join(capsys.readouterr())
    assert "3/3" in shown and "accuracy" in shown
    assert len(X) == 100 and set(y) == {-1.0, 1.0} and model.num_parameters() == 337
    demo.train_moons(epochs=3, verbose=False)
    assert capsys.readouterr() == ("", "")


def test_the_explorer_neuron_is_notebook_02s():
    """``make demo``'s explorer page steps through the notes' neuron with notebook 02's numbers:
    z = w1·x1 + w2·x2 + b = 0.6, a = tanh(z), C = (a - y)², and grad[w1] = 0.105455."""
    cost = demo.notes_neuron()
    cost.backward()
    nodes = {}
    stack = [cost]
    while stack:
        v = stack.pop()
        nodes[v.label or id(v)] = v
        stack.extend(v._prev)
    assert {k: nodes[k].data for k in ("x1", "x2", "w1", "w2", "b", "y")} == {
        "x1": 2.0, "x2": -1.0, "w1": 0.5, "w2": -0.5, "b": -0.9, "y": 0.5}
    assert nodes["z"].data == pytest.approx(0.6) and nodes["a"].data == pytest.approx(math.tanh(0.6))
    assert cost.label == "C" and cost.data == pytest.approx((math.tanh(0.6) - 0.5) ** 2)
    assert round(nodes["w1"].grad, 6) == 0.105455


def test_the_demo_graphs_show_what_their_captions_say():
    """The neuron graph's caption names its inputs and the MLP graph's the worst-fit example:
    the drawings hold those inputs and that example's loss."""
    X, labels = nn.make_moons(30, noise=0.1, seed=3)
    y = [2.0 * t - 1.0 for t in labels]
    model = nn.MLP(2, [4, 1], seed=3)
    graphs = demo.demo_graphs(model, X, y)
    drawing, caption = graphs["neuron_graph.svg"]
    inputs = re.search(r"on inputs \((-?\d+), (-?\d+)\)", caption).groups()
    weights = next(line for line in drawing.source.splitlines() if "<b>w.0</b>" in line)
    assert all(f"× {x}<" in weights for x in inputs), (inputs, weights)
    drawing, caption = graphs["mlp_graph.svg"]
    worst = int(re.search(r"example \(#(\d+)\)", caption).group(1))
    losses = [nn.hinge_loss([model(x)], [t]).data for x, t in zip(X, y)]
    assert losses[worst] == max(losses) and f"data {losses[worst]:.4g}<" in drawing.source
