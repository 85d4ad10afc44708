"""Timing helpers shared by the benchmarks: best-of-n, with the cyclic GC on or off."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import Any


def best_time(fn: Callable[[], Any], repeat: int = 5, gc_on: bool = True) -> float:
    """Best wall time of ``fn()`` over ``repeat`` runs; the collector off inside the run if asked.

    A full collection runs before each timed run so one run's garbage does not bill the next.
    """
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        was = gc.isenabled()
        if not gc_on:
            gc.disable()
        try:
            start = time.perf_counter()
            fn()
            best = min(best, time.perf_counter() - start)
        finally:
            if was:
                gc.enable()
    return best


def table(title: str, header: list[str], rows: list[list[Any]]) -> str:
    """A plain-text table, numbers formatted compactly."""
    cells = [header] + [[_fmt(c) for c in row] for row in rows]
    widths = [max(len(str(row[i])) for row in cells) for i in range(len(header))]
    lines = [title, "  ".join(str(h).ljust(w) for h, w in zip(header, widths))]
    lines += ["  ".join(str(c).rjust(w) for c, w in zip(row, widths)) for row in cells[1:]]
    return "\n".join(lines)


def _fmt(x: Any) -> str:
    if isinstance(x, float):
        return f"{x:.3g}" if abs(x) < 1000 else f"{x:,.0f}"
    return str(x)


def check_close(name: str, ours: float, theirs: float, tol: float = 1e-9) -> None:
    """Refuse to time two engines that do not compute the same numbers."""
    if abs(ours - theirs) > tol * max(1.0, abs(theirs)):
        raise SystemExit(f"{name}: results differ ({ours!r} vs {theirs!r}); not timing")
