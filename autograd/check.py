"""Gradient checking: the analytic gradient against central finite differences.

For each input, ``(f(x + h) - f(x - h)) / 2h`` is compared with the gradient that
``backward()`` computes, under ``|analytic - numeric| <= atol + rtol * |numeric|``.
A failure names each failing input with both numbers and the error.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .value import Value, as_float


@dataclass
class GradcheckReport:
    """What :func:`gradcheck` found: one row per input, and whether all passed."""

    rows: list[tuple[int, float, float, float, bool]] = field(default_factory=list)
    atol: float = 0.0
    rtol: float = 0.0

    @property
    def ok(self) -> bool:
        return all(row[4] for row in self.rows)

    def __bool__(self) -> bool:
        return self.ok

    def __str__(self) -> str:
        lines = [f"gradcheck: {sum(not r[4] for r in self.rows)} of {len(self.rows)} inputs fail "
                 f"(|analytic - numeric| <= {self.atol:g} + {self.rtol:g}·|numeric|)",
                 f"{'input':>5}  {'analytic':>22}  {'numeric':>22}  {'error':>10}"]
        for i, analytic, numeric, error, ok in self.rows:
            lines.append(f"{i:>5}  {analytic:>22.15g}  {numeric:>22.15g}  {error:>10.3g}"
                         f"{'' if ok else '  <- FAIL'}")
        return "\n".join(lines)


def numeric_gradient(f: Callable[..., Any], xs: Sequence[float], eps: float = 1e-6) -> list[float]:
    """Central differences of the scalar function ``f(*xs)`` (plain floats in, number or Value out)."""
    xs = [as_float(x, "gradcheck's inputs") for x in xs]
    grads = []
    for i, x in enumerate(xs):
        up, down = list(xs), list(xs)
        up[i], down[i] = x + eps, x - eps
        grads.append((_number(f(*up)) - _number(f(*down))) / (2.0 * eps))
    return grads


def analytic_gradient(f: Callable[..., Any], xs: Sequence[float]) -> tuple[float, list[float]]:
    """``f(*xs)`` and its gradient by ``backward()`` with each input a fresh leaf."""
    leaves = [Value(as_float(x, "gradcheck's inputs")) for x in xs]
    out = f(*leaves)
    if not isinstance(out, Value):
        return _number(out), [0.0] * len(leaves)  # f ignores its inputs
    out.backward()
    return out.data, [leaf.grad for leaf in leaves]


def compare(f: Callable[..., Any], xs: Sequence[float], eps: float = 1e-6, atol: float = 1e-5,
            rtol: float = 1e-4) -> GradcheckReport:
    """Both gradients of ``f`` at ``xs``, input by input, as a :class:`GradcheckReport`."""
    _, analytic = analytic_gradient(f, xs)
    numeric = numeric_gradient(f, xs, eps)
    report = GradcheckReport(atol=atol, rtol=rtol)
    for i, (a, n) in enumerate(zip(analytic, numeric)):
        error = abs(a - n)
        report.rows.append((i, a, n, error, error <= atol + rtol * abs(n)))
    return report


def _number(out: Any) -> float:
    return out.data if isinstance(out, Value) else as_float(out, "the checked function's result")
