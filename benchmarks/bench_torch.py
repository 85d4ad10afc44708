"""The W1 moons step here and after graduating to PyTorch, in one table.

The step of micrograd's demo (data, loss and learning rate from :mod:`bench_moons`):
``MLP(2, [16, 16, 1])`` on 100 two-moons points, SVM max-margin loss
``mean(relu(1 - y·score)) + 1e-4·Σp²``, forward + backward + SGD update. Our eager engine,
compiled Python and compiled numpy are :mod:`bench_compile`'s engines; the torch rows are
the same model exported with ``nn.to_torch`` and its SGD with ``nn.optimizer_to_torch``
(``torch.optim.SGD``), in float64 (our numbers) and float32 (torch's default). Every engine
starts from the same weights and its loss is checked against the eager engine's at two
consecutive steps (1e-9; 1e-5 in float32) before anything is timed. torch runs on one
thread, as our engines do. Ratios are against the eager engine, in one run.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from bench_compile import FAST, _copy, _engines
from bench_moons import ALPHA, LR, _data
from common import best_time, check_close, table

import autograd
import nn
from nn import l2_penalty

OURS = ("gradlab eager", "compiled python", "compiled numpy", "hand-written numpy")


def torch_step(model: nn.MLP, X: list[list[float]], y: list[float], dtype: object) -> Callable[[], float]:
    """One step of the exported model: ``to_torch`` + ``optimizer_to_torch``, then plain torch."""
    import torch

    module = nn.to_torch(model, dtype=dtype)
    optimizer = nn.optimizer_to_torch(nn.optim.SGD(model.parameters(), lr=LR), model, module)
    params = list(module.parameters())
    Xt, yt = torch.tensor(X, dtype=dtype), torch.tensor(y, dtype=dtype)

    def step() -> float:
        optimizer.zero_grad()
        scores = module(Xt)[:, 0]
        loss = torch.relu(1.0 - yt * scores).mean() + ALPHA * sum((p * p).sum() for p in params)
        loss.backward()
        optimizer.step()
        return loss.item()

    return step


def compiled_loss(model: nn.MLP, backend: str) -> Any:
    """The per-example hinge loss + penalty of ``model`` compiled for an array backend."""
    params = model.parameters()
    def loss(x0: Any, x1: Any, t: Any) -> Any:
        return (1.0 + -t * model([x0, x1])).relu() + ALPHA * l2_penalty(params)

    return autograd.compile(loss, backend=backend, argnums=(), params=params)


def compiled_torch_step(source: nn.MLP, X: list[list[float]], y: list[float]) -> Callable[[], float]:
    """The step by ``autograd.compile(backend="torch")``: our generated code on float64 tensors."""
    import torch

    model = _copy(source)
    cf = compiled_loss(model, "torch")
    opt = nn.optim.SGD(model.parameters(), lr=LR)
    Xt, yt = torch.tensor(X, dtype=torch.float64), torch.tensor(y, dtype=torch.float64)

    def step() -> float:
        opt.zero_grad()
        value, _ = cf(Xt[:, 0], Xt[:, 1], yt, reduce="mean")
        opt.step()
        return float(value.mean())

    return step


def crossover() -> list[list[object]]:
    """Compiled numpy vs compiled torch on batches of growing size (forward + backward)."""
    import numpy as np
    import torch

    model = nn.MLP(2, [16, 16, 1], seed=1337)
    np_cf, torch_cf = compiled_loss(model, "numpy"), compiled_loss(model, "torch")
    rows = []
    for n in (100, 1_000, 10_000, 100_000):
        X, labels = nn.make_moons(n, noise=0.1, seed=0)
        Xa, ya = np.array(X), np.array([2.0 * t - 1.0 for t in labels])
        Xt, yt = torch.tensor(Xa), torch.tensor(ya)
        t_np = best_time(lambda Xa=Xa, ya=ya: np_cf(Xa[:, 0], Xa[:, 1], ya, reduce="mean"), 3, False)
        t_torch = best_time(lambda Xt=Xt, yt=yt: torch_cf(Xt[:, 0], Xt[:, 1], yt, reduce="mean"), 3, False)
        model.zero_grad()
        rows.append([f"{n:,}", t_np * 1e3, t_torch * 1e3, t_np / t_torch])
    return rows


def main() -> None:
    try:
        import torch
    except ImportError:
        print("torch is not installed (pip install -e \".[torch]\"): nothing to compare")
        return
    torch.set_num_threads(1)
    X, y = _data()
    source = nn.MLP(2, [16, 16, 1], seed=1337)  # the weights every engine starts from
    engines = {name: entry for name, entry in _engines(source, X, y).items() if name in OURS}
    engines["torch.nn + torch.optim, float64"] = (torch_step(source, X, y, torch.float64), FAST)
    engines["torch.nn + torch.optim, float32"] = (torch_step(source, X, y, torch.float32), FAST)
    engines["compiled torch, float64"] = (compiled_torch_step(source, X, y), FAST)
    setup = {}
    for step_no in (1, 2):  # the same loss before and after one update: same gradients, same update
        want = engines["gradlab eager"][0]()
        for name, (run, _) in engines.items():
            if name != "gradlab eager":
                start = time.perf_counter()
                tol = 1e-5 if "float32" in name else 1e-9
                check_close(f"step {step_no}: {name} vs eager", run(), want, tol)
                setup.setdefault(name, time.perf_counter() - start)
    rows = []
    for gc_on in (True, False):
        times = {name: best_time(lambda run=run, n=steps: [run() for _ in range(n)], runs, gc_on) / steps
                 for name, (run, (steps, runs)) in engines.items()}
        base = times["gradlab eager"]
        rows += [[name, "on" if gc_on else "off", t * 1e3, base / t] for name, t in times.items()]
    print(table(f"the W1 moons step (MLP(2, [16, 16, 1]), 100 points, full batch), torch {torch.__version__} "
                "on 1 thread, ms per step", ["engine", "gc", "ms/step", "x eager"], rows))
    print("\none-off trace + code generation + first call: "
          f"compiled python {setup['compiled python']:.2f} s, "
          f"compiled numpy {setup['compiled numpy'] * 1e3:.0f} ms; "
          f"torch first step {setup['torch.nn + torch.optim, float64'] * 1e3:.0f} ms")
    print()
    print(table("compiled numpy vs compiled torch (float64, 1 thread), forward + backward of the moons "
                "loss, ms per batch", ["batch", "numpy", "torch", "torch speed-up"], crossover()))
