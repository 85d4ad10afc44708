"""Gradient checking: the analytic gradient against central finite differences.

For each input, ``(f(x + h) - f(x - h)) / 2h`` is compared with the gradient that
``backward()`` computes, under ``|analytic - numeric| <= atol + rtol * |numeric|``.
A failure names each failing input with both numbers and the error.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..core.higher import gradients
from ..core.value import Value, as_float

EPS, ATOL, RTOL = 1e-6, 1e-5, 1e-4
"""Defaults: central differences with h = 1e-6 are accurate to ~1e-9 for smooth functions of
moderate size, so these tolerances catch any wrong rule while never failing a right one."""


@dataclass
class GradcheckReport:
    """What :func:`gradcheck` found: one row per input (label, analytic, numeric, error, ok)."""

    rows: list[tuple[Any, float, float, float, bool]] = field(default_factory=list)
    atol: float = 0.0
    rtol: float = 0.0
    title: str = "gradcheck"

    @property
    def ok(self) -> bool:
        """True when every input is within the tolerance."""
        return all(row[4] for row in self.rows)

    @property
    def failures(self) -> list[tuple[Any, float, float, float, bool]]:
        """The rows that fail the tolerance."""
        return [row for row in self.rows if not row[4]]

    def __bool__(self) -> bool:
        return self.ok

    def __str__(self) -> str:
        lines = [f"{self.title}: {len(self.failures)} of {len(self.rows)} inputs fail "
                 f"(|analytic - numeric| <= {self.atol:g} + {self.rtol:g}·|numeric|)",
                 f"{'input':>9}  {'analytic':>22}  {'numeric':>22}  {'error':>10}"]
        for label, analytic, numeric, error, ok in self.rows:
            lines.append(f"{label!s:>9}  {analytic:>22.15g}  {numeric:>22.15g}  {error:>10.3g}"
                         f"{'' if ok else '  <- FAIL'}")
        return "\n".join(lines)


class GradcheckError(AssertionError):
    """Raised by :func:`gradcheck` and :func:`gradgradcheck` on a mismatch; ``.report`` holds the rows."""

    def __init__(self, report: GradcheckReport) -> None:
        super().__init__(str(report))
        self.report = report


def numeric_gradient(f: Callable[..., Any], xs: Sequence[float], eps: float = EPS) -> list[float]:
    """Central differences of the scalar function ``f`` at ``xs`` (called with fresh ``Value``
    leaves, as ``backward()`` sees it; a number or a ``Value`` out)."""
    xs = [as_float(x, "gradcheck's inputs") for x in xs]
    grads = []
    for i, x in enumerate(xs):
        up, down = list(xs), list(xs)
        up[i], down[i] = x + eps, x - eps
        grads.append((_number(f(*map(Value, up))) - _number(f(*map(Value, down)))) / (2.0 * eps))
    return grads


def analytic_gradient(f: Callable[..., Any], xs: Sequence[float]) -> tuple[float, list[float]]:
    """``f(*xs)`` and its gradient by ``backward()`` with each input a fresh leaf."""
    leaves = [Value(as_float(x, "gradcheck's inputs")) for x in xs]
    out = f(*leaves)
    if not isinstance(out, Value):
        return _number(out), [0.0] * len(leaves)  # f ignores its inputs
    out.backward()
    return out.data, [_number(leaf.grad) for leaf in leaves]


def compare(f: Callable[..., Any], xs: Sequence[float], eps: float = EPS, atol: float = ATOL,
            rtol: float = RTOL) -> GradcheckReport:
    """Both gradients of ``f`` at ``xs``, input by input, as a :class:`GradcheckReport`."""
    _, analytic = analytic_gradient(f, xs)
    return _report(range(len(xs)), analytic, numeric_gradient(f, xs, eps), atol, rtol)


def _report(labels: Any, analytic: Sequence[float], numeric: Sequence[float], atol: float,
            rtol: float) -> GradcheckReport:
    report = GradcheckReport(atol=atol, rtol=rtol)
    for label, a, n in zip(labels, analytic, numeric):
        error = abs(a - n)
        report.rows.append((label, a, n, error, error <= atol + rtol * abs(n)))
    return report


def gradcheck(f: Callable[..., Any], inputs: Sequence[Any], eps: float = EPS, atol: float = ATOL,
              rtol: float = RTOL, raise_exception: bool = True) -> bool:
    """Check ``backward()``'s gradient of the scalar ``f`` at ``inputs`` (numbers or ``Value``s)
    against central differences: True, else :class:`GradcheckError` with the report (or False
    when ``raise_exception`` is false)."""
    report = compare(f, _points(inputs), *_tolerances(eps, atol, rtol))
    return _verdict(report, raise_exception)


def gradgradcheck(f: Callable[..., Any], inputs: Sequence[Any], eps: float = EPS, atol: float = ATOL,
                  rtol: float = RTOL, raise_exception: bool = True) -> bool:
    """Check second derivatives: each ∂²f/∂x_i∂x_j from ``backward(create_graph=True)`` (the
    derivative rules evaluated on ``Value``s) against central differences of the first-order
    gradient ∂f/∂x_i computed by the plain float path (``backward()`` on numbers). The two
    sides share no code beyond ``f``, so a wrong rule in either interpretation is caught.
    Same arguments as :func:`gradcheck`.

    >>> from autograd import gradgradcheck
    >>> gradgradcheck(lambda x, y: (x * y).tanh(), [0.3, -0.7])
    True
    """
    xs = _points(inputs)
    eps, atol, rtol = _tolerances(eps, atol, rtol)
    report = GradcheckReport(atol=atol, rtol=rtol, title="gradgradcheck")
    leaves = [Value(x) for x in xs]
    out = f(*leaves)
    first = gradients(out, leaves, create_graph=True) if isinstance(out, Value) else [0.0] * len(xs)
    for i, g in enumerate(first):
        analytic = gradients(g, leaves) if isinstance(g, Value) else [0.0] * len(xs)

        def plain(*values: Value, i: int = i) -> float:
            return analytic_gradient(f, [v.data for v in values])[1][i]

        numeric = numeric_gradient(plain, xs, eps)
        for j, row in enumerate(_report(range(len(xs)), analytic, numeric, atol, rtol).rows):
            report.rows.append((f"d{i},d{j}", *row[1:]))
    return _verdict(report, raise_exception)


def gradcheck_parameters(loss: Callable[[], Any], parameters: Any, eps: float = EPS, atol: float = ATOL,
                         rtol: float = RTOL, raise_exception: bool = True) -> bool:
    """:func:`gradcheck` for a model: ``loss()`` (no arguments, deterministic: no dropout)
    differentiated with respect to each of ``parameters`` (``Value`` leaves such as
    ``model.parameters()``), each nudged in place; rows are labelled by parameter label.
    The parameters' numbers and grads are restored afterwards.
    """
    params = list(parameters)
    if not params or not all(isinstance(p, Value) for p in params):
        raise TypeError("gradcheck_parameters needs a non-empty sequence of Value parameters")
    eps, atol, rtol = _tolerances(eps, atol, rtol)
    saved = [(p.data, p.grad) for p in params]

    def at(*values: Value) -> Any:
        for p, v in zip(params, values):
            p.data = v.data
        return loss()

    try:
        for p in params:
            p.grad = 0.0
        out = loss()
        if isinstance(out, Value):
            out.backward()
        analytic = [_number(p.grad) for p in params]
        numeric = numeric_gradient(at, [data for data, _ in saved], eps)
    finally:
        for p, (data, g) in zip(params, saved):
            p.data, p.grad = data, g
    labels = [p.label or f"#{i}" for i, p in enumerate(params)]
    return _verdict(_report(labels, analytic, numeric, atol, rtol), raise_exception)


def _verdict(report: GradcheckReport, raise_exception: bool) -> bool:
    if report.ok or not raise_exception:
        return report.ok
    raise GradcheckError(report)


def _points(inputs: Sequence[Any]) -> list[float]:
    if isinstance(inputs, (Value, int, float)):
        inputs = (inputs,)
    if not inputs:
        raise ValueError("gradcheck needs at least one input")
    return [x.data if isinstance(x, Value) else as_float(x, "gradcheck's inputs") for x in inputs]


def _tolerances(eps: float, atol: float, rtol: float) -> tuple[float, float, float]:
    """``eps`` > 0 and ``atol``, ``rtol`` >= 0 as floats, or an error naming the bad one."""
    return _positive(eps, "eps"), _positive(atol, "atol", 0.0), _positive(rtol, "rtol", 0.0)


def _positive(x: float, name: str, lower: float | None = None) -> float:
    x = as_float(x, f"gradcheck's {name}")
    if not (x > 0.0 if lower is None else x >= lower):
        raise ValueError(f"gradcheck's {name} must be {'positive' if lower is None else 'non-negative'}, "
                         f"got {x}")
    return x


def _number(out: Any) -> float:
    return out.data if isinstance(out, Value) else as_float(out, "the checked function's result")
