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

from bench_compile import FAST, _engines
from bench_moons import ALPHA, LR, _data
from common import best_time, check_close, table

import nn

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
    # ---- compiled torch row: the lead adds it here, e.g.
    # engines["compiled torch, float64"] = (step of autograd.compile(..., backend="torch"), FAST)
    # (keep it above the timing loop; check_close below covers it like the others)
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
