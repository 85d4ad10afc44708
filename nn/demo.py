"""``make demo``: micrograd's demo, on this library — train ``MLP(2, [16, 16, 1])`` on two moons.

SVM max-margin loss with 1e-4·Σp², SGD with micrograd's schedule ``lr = 1.0 - 0.9·k/100``
over 100 full-batch epochs; then the loss curve, the decision boundary, the graph of one
neuron, a capped graph of the trained model's loss on one example and the trained network
at a glance go to ``out/`` with the saved model, and two pages: ``explorer.html`` (backprop
step by step on the lecture notes' neuron) and ``training.html`` (this run replayed epoch by epoch).
Run ``python -m nn.demo --help`` for the options.
"""

from __future__ import annotations

import argparse
import functools
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from autograd import Value

from .datasets import make_moons
from .io import load, save
from .layers import MLP, Neuron
from .losses import hinge_loss, l2_penalty
from .optim import SGD
from .schedules import LinearLR
from .train import History, evaluate, fit

TARGET_ACCURACY = 0.97
MLP_GRAPH_NODES = 40
"""Values drawn in ``mlp_graph.svg``: the output neuron, the loss and a few hidden neurons."""
L2 = 1e-4
EPOCHS = 100  # micrograd's demo


def train_moons(epochs: int = EPOCHS, seed: int = 1337,
                verbose: bool = True) -> tuple[MLP, History, list[list[float]], list[float]]:
    """micrograd's moons run; returns the model, its history and the data (labels ±1)."""
    X, labels = make_moons(100, noise=0.1, seed=seed)
    y = [2.0 * t - 1.0 for t in labels]
    model = MLP(2, [16, 16, 1], seed=seed)
    optimizer = SGD(model.parameters(), lr=1.0)
    history = fit(model, X, y, loss=hinge_loss, optimizer=optimizer, epochs=epochs, l2=L2,
                  scheduler=LinearLR(optimizer, start_factor=1.0, end_factor=0.1, total_iters=epochs),
                  seed=seed, verbose=verbose, record=True)
    return model, history, X, y


def notes_neuron() -> Value:
    """The lecture notes' one-neuron cost (notebook 02): C = (tanh(w1·x1 + w2·x2 + b) - y)²."""
    x1, x2 = Value(2.0, label="x1"), Value(-1.0, label="x2")
    w1, w2, b = Value(0.5, label="w1"), Value(-0.5, label="w2"), Value(-0.9, label="b")
    z = w1 * x1 + w2 * x2 + b
    z.label = "z"
    a = z.tanh()
    a.label = "a"
    cost = (a - Value(0.5, label="y")) ** 2
    cost.label = "C"
    return cost


def demo_graphs(model: MLP, X: list, y: list) -> dict[str, tuple[Any, str]]:
    """The three graph drawings of the demo, by file name, each with what it shows (needs ``viz``)."""
    import viz

    neuron = Neuron(2, activation="tanh", seed=0)
    single = neuron([1.0, -2.0])
    single.backward()
    model.zero_grad()
    worst = max(range(len(X)), key=lambda i: hinge_loss([model(X[i])], [y[i]]).data)
    one = hinge_loss([model(X[worst])], [y[worst]])  # one example (weights group per neuron): the worst fit
    one.label = "loss"
    one.backward()
    capped = viz.draw_graph(one, max_nodes=MLP_GRAPH_NODES, params=model.parameters())
    model.zero_grad()
    hinge_loss([model(x) for x in X], y).backward()  # the whole data set's gradient, for the network view
    network = viz.draw_network(model)
    model.zero_grad()
    return {"neuron_graph.svg": (viz.draw_graph(single),
                                 "one tanh neuron on inputs (1, -2): weights, inputs, data and grad"),
            "mlp_graph.svg": (capped, f"the trained model's hinge loss on its worst-fit example (#{worst}), "
                              f"the {capped.shown} values nearest the loss of {capped.total}"),
            "network_graph.svg": (network, "the trained network: a node per neuron, an edge per weight "
                                  "(colour: sign, width: |grad| of the hinge loss on all the data)")}


def draw_pictures(model: MLP, history: History, X: list, y: list, out: Path) -> list[tuple[Path, str]]:
    """The loss curve, decision boundary and three graphs via ``viz``, each with what it shows;
    skipped with a note where the optional parts (matplotlib, graphviz's ``dot``) are missing."""
    written: list[tuple[Path, str]] = []
    try:
        import viz
    except ImportError as e:
        print(f"note: no pictures ({e}); pip install gradlab[viz]")
        return written
    jobs: list[tuple[str, str, Callable[[Path], object]]]
    jobs = [("loss_curve.png", "the loss per epoch", lambda p: viz.plot_history(history, p)),
            ("decision_boundary.png", "the trained model's decision boundary over the data",
             lambda p: viz.plot_decision_boundary(model, X, y, p))]
    graphs = demo_graphs(model, X, y)
    jobs += [(name, what, functools.partial(viz.save, g)) for name, (g, what) in graphs.items()]
    jobs += [("explorer.html", "backprop step by step on the lecture notes' neuron (open in a browser)",
              lambda p: viz.explore(notes_neuron(), p)),
             ("training.html", "this training run replayed epoch by epoch (open in a browser)",
              lambda p: viz.explore_training(history).save(p))]
    for name, what, draw in jobs:
        try:
            draw(out / name)
            written.append((out / name, what))
        except (ImportError, OSError, RuntimeError) as e:  # a missing extra or a missing `dot`
            print(f"note: skipped {name}: {e}")
    return written


def main(argv: list[str] | None = None) -> int:
    """Train, report, save, draw; exit status 1 if the accuracy target is missed or the
    saved model reloads different."""
    parser = argparse.ArgumentParser(prog="python -m nn.demo", description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="out", help="folder for the model and pictures (default: out)")
    parser.add_argument("--epochs", type=int, default=EPOCHS, help=f"training epochs (default: {EPOCHS})")
    parser.add_argument("--seed", type=int, default=1337, help="seed for data, weights and shuffling")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    start = time.perf_counter()
    model, history, X, y = train_moons(args.epochs, args.seed, verbose=not args.quiet)
    seconds = time.perf_counter() - start
    final = evaluate(model, X, y, hinge_loss)
    penalty = L2 * l2_penalty(model).data
    print(model)
    per_epoch = 1e3 * seconds / history.epochs
    print(f"trained {history.epochs} epochs in {seconds:.1f} s ({per_epoch:.0f} ms/epoch); best epoch "
          f"{history.best_epoch} of {history.epochs}")
    print(f"final model: data loss (hinge) {final['loss']:.4f} + L2 penalty {penalty:.4f} = "
          f"total {final['loss'] + penalty:.4f}; training accuracy {final['accuracy']:.0%} "
          f"(target {TARGET_ACCURACY:.0%})")

    path = save(model, out / "moons_mlp.json")
    again = load(path)
    score = model(X[0])  # one output: a Value
    same = (again.state_dict() == model.state_dict() and isinstance(score, Value)
            and again(X[0]).data == score.data)
    print(f"saved {path} ({path.stat().st_size:,} bytes); reloaded {'identical' if same else 'DIFFERENT'}")

    for written, what in draw_pictures(model, history, X, y, out):
        print(f"wrote {written}: {what}")
    print(f"done: {model.num_parameters()} parameters, training accuracy {final['accuracy']:.0%}")
    if not same:
        print(f"error: {path} does not reload to the trained model")
    return 0 if final["accuracy"] >= TARGET_ACCURACY and same else 1


if __name__ == "__main__":
    raise SystemExit(main())
