"""micrograd's moons training step, ours against micrograd 0.1.0 and a hand-written floor.

The step of micrograd's demo: ``MLP(2, [16, 16, 1])`` on 100 two-moons points, SVM
max-margin loss ``mean(relu(1 - y·score)) + 1e-4·Σp²``, forward + backward + SGD update.
micrograd's initial weights are copied into ours in one zip over ``parameters()`` and
both losses are checked equal (1e-9) before timing. Each run times ``STEPS`` consecutive
steps, as a training loop does: with the cyclic garbage collector on (as users run it)
and with ``gc.disable()`` around the timed steps for both. The floor is the same step
written by hand over lists of floats (no graph at all).
"""

from __future__ import annotations

import random

from common import best_time, check_close, table

import nn
from nn.losses import hinge_loss, l2_penalty

STEPS, REPEAT, LR, ALPHA = 10, 2, 0.05, 1e-4


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
    """The same step with the nn API: one dot node per neuron, n-ary mean and Σp²."""
    params = optimizer.param_groups[0]["params"]
    loss, _ = nn.train_step(model, X, y, hinge_loss, optimizer, penalty=lambda: ALPHA * l2_penalty(params))
    return loss


def floor_step(weights: list[list[list[float]]], X: list[list[float]], y: list[float]) -> float:
    """The step by hand over floats: weights[layer][neuron] = [w_1, ..., w_n, b]."""
    n, last = len(X), len(weights) - 1
    grads = [[[0.0] * len(row) for row in layer] for layer in weights]
    data_loss = 0.0
    for x, target in zip(X, y):
        acts = [x]
        for i, layer in enumerate(weights):
            z = [sum(w * a for w, a in zip(row, acts[-1])) + row[-1] for row in layer]
            acts.append(z if i == last else [v if v > 0.0 else 0.0 for v in z])
        margin = 1.0 - target * acts[-1][0]
        if margin <= 0.0:
            continue
        data_loss += margin
        delta = [-target / n]
        for i in range(last, -1, -1):
            inputs, layer, g = acts[i], weights[i], grads[i]
            back = [0.0] * len(inputs)
            for row, grow, d in zip(layer, g, delta):
                if d == 0.0:
                    continue
                for k, a in enumerate(inputs):
                    grow[k] += d * a
                    back[k] += d * row[k]
                grow[-1] += d
            delta = [b if a > 0.0 else 0.0 for b, a in zip(back, inputs)] if i else []
    reg = 0.0
    for layer, g in zip(weights, grads):
        for row, grow in zip(layer, g):
            for k, w in enumerate(row):
                reg += w * w
                row[k] = w - LR * (grow[k] + 2.0 * ALPHA * w)
    return data_loss / n + ALPHA * reg


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
    floor = [[[*(w.data for w in n.w), n.b.data] for n in layer.neurons] for layer in ours.layers]
    optimizer = nn.optim.SGD(ours.parameters(), lr=LR)
    for step in (1, 2):  # the same loss before and after one update: same forward, same gradients
        theirs_loss = micrograd_step(theirs, X, y)
        check_close(f"step {step}: ours vs micrograd", our_step(ours, optimizer, X, y), theirs_loss)
        check_close(f"step {step}: floor vs micrograd", floor_step(floor, X, y), theirs_loss)
    rows, times = [], {}
    for gc_on in (True, False):
        for name, run in (("micrograd 0.1.0", lambda: micrograd_step(theirs, X, y)),
                          ("gradlab nn", lambda: our_step(ours, optimizer, X, y)),
                          ("hand-written floats", lambda: floor_step(floor, X, y))):
            steps = lambda run=run: [run() for _ in range(STEPS)]
            times[name, gc_on] = best_time(steps, REPEAT, gc_on) / STEPS
        base = times["micrograd 0.1.0", gc_on]
        for name in ("micrograd 0.1.0", "gradlab nn", "hand-written floats"):
            t = times[name, gc_on]
            rows.append([name, "on" if gc_on else "off", t * 1e3, base / t])
    print(table(f"micrograd's moons step (MLP(2, [16, 16, 1]), 100 points), best of {REPEAT} x {STEPS} steps",
                ["engine", "gc", "ms/step", "x micrograd"], rows))
