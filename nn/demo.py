"""``make demo``: micrograd's demo, on this library — train ``MLP(2, [16, 16, 1])`` on two moons.

SVM max-margin loss with 1e-4·Σp², SGD with micrograd's schedule ``lr = 1.0 - 0.9·k/100``
over 100 full-batch epochs; then the loss curve, the decision boundary, the graph of one
neuron and a capped graph of a small MLP go to ``out/`` with the saved model.
Run ``python -m nn.demo --help`` for the options.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from .datasets import make_moons
from .io import load, save
from .layers import MLP, Neuron
from .losses import hinge_loss, l2_penalty
from .optim import SGD
from .schedules import LinearLR
from .train import evaluate, fit

TARGET_ACCURACY = 0.97
L2 = 1e-4
EPOCHS = 100  # micrograd's demo


def train_moons(epochs: int = EPOCHS, seed: int = 1337, verbose: bool = True) -> tuple[MLP, dict, list, list]:
    """micrograd's moons run; returns the model, its history and the data (labels ±1)."""
    X, labels = make_moons(100, noise=0.1, seed=seed)
    y = [2.0 * t - 1.0 for t in labels]
    model = MLP(2, [16, 16, 1], seed=seed)
    optimizer = SGD(model.parameters(), lr=1.0)
    history = fit(model, X, y, loss=hinge_loss, optimizer=optimizer, epochs=epochs, l2=L2,
                  scheduler=LinearLR(optimizer, start_factor=1.0, end_factor=0.1, total_iters=epochs),
                  seed=seed, verbose=verbose)
    return model, history, X, y


def draw_pictures(model: MLP, history: dict, X: list, y: list, out: Path) -> list[Path]:
    """The loss curve, decision boundary and two graphs via ``viz``; skipped with a note where
    the optional parts (matplotlib, graphviz's ``dot``) are missing."""
    written: list[Path] = []
    try:
        import viz
    except ImportError as e:
        print(f"note: no pictures ({e}); pip install gradlab[viz]")
        return written
    neuron = Neuron(2, activation="tanh", seed=0)
    single = neuron([1.0, -2.0])
    single.backward()
    small = MLP(2, [4, 4, 1], seed=0)
    whole = hinge_loss([small(x) for x in X[:2]], y[:2])
    whole.backward()
    jobs = [("loss_curve.png", lambda p: viz.plot_history(history, p)),
            ("decision_boundary.png", lambda p: viz.plot_decision_boundary(model, X, y, p)),
            ("neuron_graph.svg", lambda p: viz.save(viz.draw_graph(single), p)),
            ("mlp_graph.svg", lambda p: viz.save(viz.draw_graph(whole, max_nodes=60), p))]
    for name, draw in jobs:
        try:
            draw(out / name)
            written.append(out / name)
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
    same = again.state_dict() == model.state_dict() and again(X[0]).data == model(X[0]).data
    print(f"saved {path} ({path.stat().st_size:,} bytes); reloaded {'identical' if same else 'DIFFERENT'}")

    for written in draw_pictures(model, history, X, y, out):
        print(f"wrote {written}")
    print(f"done: {model.num_parameters()} parameters, training accuracy {final['accuracy']:.0%}")
    if not same:
        print(f"error: {path} does not reload to the trained model")
    return 0 if final["accuracy"] >= TARGET_ACCURACY and same else 1


if __name__ == "__main__":
    raise SystemExit(main())
