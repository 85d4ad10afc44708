"""micrograd's moons training step, ours against micrograd 0.1.0 and a hand-written floor.

The step of micrograd's demo: ``MLP(2, [16, 16, 1])`` on 100 two-moons points, SVM
max-margin loss ``mean(relu(1 - y·score)) + 1e-4·Σp²``, forward + backward + SGD update.
micrograd's initial weights are copied into ours in one zip over ``parameters()`` and
the losses of three consecutive steps are checked equal (1e-9) before timing. Each run
times ``STEPS`` consecutive steps, as a training loop does (micrograd's cyclic garbage
piles up across steps, as in its demo): with the cyclic garbage collector on (as users
run it) and with ``gc.disable()`` around the timed steps for both; the best run counts.
Ours is timed as ``nn.fit`` steps (``forward_batch``) and as micrograd-style code calling
``model(x)`` per sample. The floor is the same step written by hand over lists of floats.
"""

from __future__ import annotations

import random

from common import best_time, check_close, table
from handwritten import python_step, weights_of

import nn
from nn.losses import hinge_loss, l2_penalty

STEPS, LR, ALPHA = 10, 0.05, 1e-4
REPEAT = {"micrograd 0.1.0": 3}  # best of 3 runs for micrograd (10 steps take it seconds), 15 for the rest


def _data() -> tuple[list[list[float]], list[float]]:
    X, labels = nn.make_moons(100, noise=0.1, seed=1337)
    return X, [2.0 * t - 1.0 for t in labels]


def micrograd_step(model, X, y):
    from micrograd.engine import Value

    inputs = [list(map(Value, xrow)) for xrow in X]
    scores = list(map(model, inputs))
    losses = [(1 + -yi * scorei).relu() for yi, scorei in zip(y, scores)]
    data_loss = sum(losses) * (1.0 / len(losses))
    reg_loss = ALPHA * sum(p * p for p in model.parameters())
    total_loss = data_loss + reg_loss
    model.zero_grad()
    total_loss.backward()
    for p in model.parameters():
        p.data -= LR * p.grad
    return total_loss.data


def our_step(model: nn.MLP, optimizer: nn.optim.SGD, X: list[list[float]], y: list[float]) -> float:
    """The same step as ``nn.fit`` runs it: the batch forward, n-ary mean and Σp², SGD."""
    params = optimizer.param_groups[0]["params"]
    loss, _ = nn.train_step(model, X, y, hinge_loss, optimizer, penalty=lambda: ALPHA * l2_penalty(params))
    return loss


def our_step_one_by_one(model: nn.MLP, optimizer: nn.optim.SGD, X: list[list[float]],
                        y: list[float]) -> float:
    """The same step written micrograd's way: ``model(x)`` for each sample (the same nodes)."""
    scores = [model(x) for x in X]
    total = hinge_loss(scores, y) + ALPHA * l2_penalty(optimizer.param_groups[0]["params"])
    optimizer.zero_grad()
    total.backward()
    optimizer.step()
    return total.data


def main() -> None:
    try:
        from micrograd.nn import MLP as MicroMLP
    except ImportError:
        print("micrograd is not installed (pip install gradlab[bench]): nothing to compare")
        return
    X, y = _data()
    random.seed(1337)
    theirs = MicroMLP(2, [16, 16, 1])
    ours = nn.MLP(2, [16, 16, 1], seed=0)
    for p, q in zip(ours.parameters(), theirs.parameters(), strict=True):
        p.data = q.data
    floor = weights_of(ours)
    optimizer = nn.optim.SGD(ours.parameters(), lr=LR)
    for step in (1, 2, 3):  # the same loss before and after updates: same forward, gradients, update
        theirs_loss = micrograd_step(theirs, X, y)
        ours_loss = (our_step if step < 3 else our_step_one_by_one)(ours, optimizer, X, y)
        check_close(f"step {step}: ours vs micrograd", ours_loss, theirs_loss)
        check_close(f"step {step}: floor vs micrograd", python_step(floor, X, y, LR, ALPHA), theirs_loss)
    engines = {"micrograd 0.1.0": lambda: micrograd_step(theirs, X, y),
               "gradlab nn (fit's step)": lambda: our_step(ours, optimizer, X, y),
               "gradlab nn, model(x) per sample": lambda: our_step_one_by_one(ours, optimizer, X, y),
               "hand-written floats": lambda: python_step(floor, X, y, LR, ALPHA)}
    rows = []
    for gc_on in (True, False):
        times = {name: best_time(lambda run=run: [run() for _ in range(STEPS)], REPEAT.get(name, 15), gc_on)
                 / STEPS for name, run in engines.items()}
        base = times["micrograd 0.1.0"]
        rows += [[name, "on" if gc_on else "off", t * 1e3, base / t] for name, t in times.items()]
    title = f"micrograd's moons step (MLP(2, [16, 16, 1]), 100 points), per step over runs of {STEPS} steps"
    print(table(title, ["engine", "gc", "ms/step", "x micrograd"], rows))
