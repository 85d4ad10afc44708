"""Compiled code on micrograd's moons step: pure Python and numpy-batched, against micrograd 0.1.0,
our eager engine and the hand-written floors (:mod:`handwritten`).

The step of micrograd's demo (data and micrograd's step from :mod:`bench_moons`):
``MLP(2, [16, 16, 1])`` on 100 two-moons points, SVM max-margin loss
``mean(relu(1 - y·score)) + 1e-4·Σp²``, forward + backward + SGD update. Every engine starts
from micrograd's initial weights and its loss is checked against micrograd's (1e-9) at two
consecutive steps (so the gradients and the update agree too) before anything is timed.
Each timed run is several consecutive steps, with the cyclic garbage collector on (as users
run micrograd) and off; the best run counts. Compiled: ``autograd.compile`` of the nn model's
loss over the 100 points (``params=`` the model's weights); numpy: the per-example loss
compiled with ``backend="numpy"``, one call per step on the whole batch (``reduce="mean"``).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any

from bench_moons import ALPHA, LR, _data, micrograd_step
from common import best_time, check_close, table
from handwritten import numpy_step, python_step, weights_of

import autograd
import nn
from nn.losses import hinge_loss, l2_penalty

SLOW, FAST = (4, 2), (20, 5)  # (steps per timed run, runs) for micrograd/eager, the rest


def _copy(theirs: object) -> nn.MLP:
    model = nn.MLP(2, [16, 16, 1], seed=0)
    for p, q in zip(model.parameters(), theirs.parameters(), strict=True):
        p.data = q.data
    return model


def _engines(theirs: object, X: list[list[float]], y: list[float]) -> dict[str, tuple]:
    """name -> (step function, (steps per timed run, runs))."""
    import numpy as np

    eager = _copy(theirs)
    eager_opt = nn.optim.SGD(eager.parameters(), lr=LR)
    eager_params = eager.parameters()

    def eager_step() -> float:
        penalty = lambda: ALPHA * l2_penalty(eager_params)
        return nn.train_step(eager, X, y, hinge_loss, eager_opt, penalty=penalty)[0]

    def compiled(model: nn.MLP, cf: Any, *args: object, **options: object) -> Callable[[], float]:
        opt = nn.optim.SGD(model.parameters(), lr=LR)

        def step() -> float:
            opt.zero_grad()
            value, _ = cf(*args, **options)  # adds the weights' gradients to .grad
            opt.step()
            return float(np.mean(value))

        return step

    py_model = _copy(theirs)
    py_params = py_model.parameters()
    py_cf = autograd.compile(lambda X: hinge_loss([py_model(x) for x in X], y)
                             + ALPHA * l2_penalty(py_params), argnums=(), params=py_params)
    np_model = _copy(theirs)
    np_params = np_model.parameters()
    np_cf = autograd.compile(lambda x0, x1, t: (1.0 + -t * np_model([x0, x1])).relu()
                             + ALPHA * l2_penalty(np_params), backend="numpy", argnums=(), params=np_params)
    Xa, ya = np.array(X), np.array(y)
    py_step = compiled(py_model, py_cf, X)
    np_step = compiled(np_model, np_cf, Xa[:, 0], Xa[:, 1], ya, reduce="mean")
    floor = weights_of(_copy(theirs))
    np_floor = [(np.array(W, dtype=float), np.array(b, dtype=float)) for W, b in floor]
    return {
        "micrograd 0.1.0": (lambda: micrograd_step(theirs, X, y), SLOW),
        "gradlab eager": (eager_step, SLOW),
        "compiled python": (py_step, FAST),
        "hand-written python": (lambda: python_step(floor, X, y, LR, ALPHA), FAST),
        "compiled numpy": (np_step, FAST),
        "hand-written numpy": (lambda: numpy_step(np_floor, Xa, ya, LR, ALPHA), FAST),
    }


def _micrograd_mlp() -> object | None:
    """micrograd's demo model from its demo seed (None where micrograd is not installed)."""
    try:
        from micrograd.nn import MLP
    except ImportError:
        return None
    random.seed(1337)
    return MLP(2, [16, 16, 1])


def main() -> None:
    theirs = _micrograd_mlp()
    if theirs is None:
        print("micrograd is not installed (pip install gradlab[bench]): nothing to compare")
        return
    X, y = _data()
    engines = _engines(theirs, X, y)
    setup = {}
    for step_no in (1, 2):  # same loss before and after one update: same gradients, same update
        want = engines["micrograd 0.1.0"][0]()
        for name, (run, _) in engines.items():
            if name != "micrograd 0.1.0":
                start = time.perf_counter()
                check_close(f"step {step_no}: {name} vs micrograd", run(), want)
                setup.setdefault(name, time.perf_counter() - start)  # the first call traces
    times = {}
    for gc_on in (True, False):
        for name, (run, (steps, runs)) in engines.items():
            times[name, gc_on] = best_time(lambda run=run, steps=steps: [run() for _ in range(steps)],
                                           runs, gc_on) / steps
    rows = []
    for gc_on in (True, False):
        base = times["micrograd 0.1.0", gc_on]
        for name in engines:
            rows.append([name, "on" if gc_on else "off", times[name, gc_on] * 1e3, base / times[name, gc_on]])
    print(table("micrograd's moons step (MLP(2, [16, 16, 1]), 100 points, full batch), ms per step",
                ["engine", "gc", "ms/step", "x micrograd"], rows))
    pairs = [("compiled python", "gradlab eager"), ("compiled python", "hand-written python"),
             ("compiled numpy", "hand-written numpy"), ("compiled numpy", "compiled python")]
    print(table("\nside by side (time of the second / time of the first; > 1: the first is faster)",
                ["first", "second", "gc on", "gc off"],
                [[a, b, *(times[b, gc] / times[a, gc] for gc in (True, False))] for a, b in pairs]))
    print(f"\none-off trace + code generation + first call: compiled python "
          f"{setup['compiled python']:.2f} s, compiled numpy {setup['compiled numpy'] * 1e3:.0f} ms")
