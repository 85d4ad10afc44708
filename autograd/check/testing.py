"""Property-testing helpers: hypothesis strategies that build random expression graphs over
the op table, and an assertion that a function's gradients match finite differences.

>>> from hypothesis import given
>>> from autograd.testing import expressions_and_points, assert_gradients_match
>>> @given(expressions_and_points(n_inputs=2))
... def test_my_engine(case):
...     expr, xs = case
...     assert_gradients_match(expr, xs, second_order=True)

Expressions avoid domain errors by construction (a log, sqrt, divisor or power base sees
``e * e + 0.5``) and :func:`expressions_and_points` draws only points away from kinks (relu
at 0, max ties, clamp's ends) with moderate intermediate values, where central differences
are accurate. Needs hypothesis (``pip install gradlab[testing]``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

try:
    from hypothesis import assume
    from hypothesis import strategies as st
except ImportError as e:  # pragma: no cover - exercised only without hypothesis
    raise ImportError("autograd.testing needs hypothesis: pip install 'gradlab[testing]' "
                      "(or pip install hypothesis)") from e

from ..core import ops as _ops  # noqa: F401 - fills the registry
from ..core.nary import dot
from ..core.nary import sum as nsum
from ..core.primitive import PRIMITIVES
from ..core.value import Value
from .gradcheck import ATOL, EPS, RTOL, GradcheckError, gradcheck, gradgradcheck

NARY = ("sum", "dot")


@dataclass(frozen=True)
class Expr:
    """A random expression: input ``x<index>``, a constant, or an op applied to sub-expressions.

    Calling it evaluates it on ``Value``s (numbers are made leaves) or :class:`autograd.Dual`s.
    """

    op: str
    args: tuple[Expr, ...] = ()
    params: tuple[float, ...] = ()
    index: int = 0

    def __call__(self, *xs: Any) -> Any:
        return self.evaluate([x if getattr(x, "_level", None) is not None else Value(x) for x in xs])

    def evaluate(self, xs: Sequence[Any], visit: Callable[[Expr, list[Any]], None] | None = None,
                 memo: dict[Expr, Any] | None = None) -> Any:
        """The value at inputs ``xs``; ``visit(node, operand_values)`` is called at every op.

        Equal sub-expressions are evaluated once and their node shared (``memo``), so the
        graph is a DAG with fan-out wherever a sub-expression repeats (``e * e``).
        """
        if self.op == "input":
            return xs[self.index]
        if self.op == "const":
            return self.params[0]
        memo = {} if memo is None else memo
        if self in memo:
            return memo[self]
        vals = [a.evaluate(xs, visit, memo) for a in self.args]
        if visit is not None:
            visit(self, vals)
        if self.op == "sum":
            out = nsum(vals)
        elif self.op == "dot":
            half = len(vals) // 2
            out = dot(vals[:half], vals[half:])
        else:
            out = PRIMITIVES[self.op](*vals, *self.params)
        memo[self] = out
        return out

    def smooth_at(self, xs: Sequence[float], margin: float = 1e-3, bound: float = 1e3) -> bool:
        """True where every kinked op's operand is ``margin`` away from its kink and every
        intermediate value stays within ``±bound``: finite differences are then accurate."""
        ok = [True]

        def visit(node: Expr, vals: list[Any]) -> None:
            data = [v.data if isinstance(v, Value) else v for v in vals]
            if any(abs(d) > bound for d in data) or _kink_distance(node, data) < margin:
                ok[0] = False

        try:
            out = self.evaluate([Value(x) for x in xs], visit)
        except (ArithmeticError, ValueError):
            return False
        value = out.data if isinstance(out, Value) else out
        return ok[0] and abs(value) <= bound

    def __str__(self) -> str:
        if self.op == "input":
            return f"x{self.index}"
        if self.op == "const":
            return repr(self.params[0])
        args = [str(a) for a in self.args]
        prim = PRIMITIVES.get(self.op)
        infix = "**" if self.op == "pow" else prim.infix if prim is not None and prim.arity == 2 else None
        if infix is not None:
            return f"({args[0]} {infix} {args[1]})"
        if self.op == "powc":
            return f"({args[0]} ** {self.params[0]:g})"
        return f"{self.op}({', '.join(args + [f'{p:g}' for p in self.params])})"


def _kink_distance(node: Expr, data: list[float]) -> float:
    """How far the operands are from the op's non-differentiable points (inf if it has none)."""
    prim = PRIMITIVES.get(node.op)
    if prim is None:
        return float("inf")
    if prim.ties:
        return abs(data[0] - data[1])
    kinks = prim.kinks(*node.params) if prim.kinks is not None else ()
    return min((abs(data[0] - k) for k in kinks), default=float("inf"))


def _positive(e: Expr) -> Expr:
    """``e * e + 0.5``: an expression that stays in the domain of log, sqrt, 1/y and x**y."""
    return Expr("add", (Expr("mul", (e, e)), Expr("const", params=(0.5,))))


@st.composite
def _op_node(draw: Any, children: st.SearchStrategy[Expr], names: Sequence[str]) -> Expr:
    name = draw(st.sampled_from(names))
    if name in NARY:
        n = draw(st.integers(2, 3))
        return Expr(name, tuple(draw(children) for _ in range(2 * n if name == "dot" else n)))
    prim = PRIMITIVES[name]
    args = [draw(children) for _ in range(prim.arity)]
    params = tuple(draw(st.sampled_from(p.samples)) for p in prim.param_specs)
    try:
        prim.bind(params)
    except ValueError:  # parameters that do not go together (clamp's lo above hi)
        params = tuple(p.default if p.default is not None else p.samples[0] for p in prim.param_specs)
    for i in prim.positive:
        args[i] = _positive(args[i])
    for i in prim.bounded:
        args[i] = Expr("tanh", (args[i],))  # a bounded exponent
    return Expr(name, tuple(args), params)


def expressions(n_inputs: int = 2, ops: Sequence[str] | None = None, max_leaves: int = 6,
                nary: bool = True) -> st.SearchStrategy[Expr]:
    """Random expressions over inputs ``x0 .. x<n_inputs-1>`` using the ops named in ``ops``
    (default: the whole table, plus ``sum`` and ``dot`` when ``nary``)."""
    if n_inputs < 1:
        raise ValueError(f"expressions: n_inputs must be at least 1, got {n_inputs}")
    differentiable = [name for name, prim in PRIMITIVES.items() if prim.differentiable]
    names = differentiable + (list(NARY) if nary else []) if ops is None else list(ops)
    unknown = [n for n in names if n not in PRIMITIVES and n not in NARY]
    if unknown or not names:
        raise ValueError(f"expressions: unknown op(s) {unknown or names}; choose from "
                         f"{', '.join([*PRIMITIVES, *NARY])}")
    inputs = st.integers(0, n_inputs - 1).map(lambda i: Expr("input", index=i))
    return st.recursive(inputs, lambda children: _op_node(children, names), max_leaves=max_leaves)


def points(n: int, lo: float = -2.0, hi: float = 2.0) -> st.SearchStrategy[list[float]]:
    """Lists of ``n`` finite floats in ``[lo, hi]``."""
    return st.lists(st.floats(lo, hi, allow_nan=False, allow_infinity=False), min_size=n, max_size=n)


@st.composite
def expressions_and_points(draw: Any, n_inputs: int = 2, ops: Sequence[str] | None = None,
                           max_leaves: int = 6, nary: bool = True, lo: float = -2.0,
                           hi: float = 2.0) -> tuple[Expr, list[float]]:
    """An expression and a point where it is smooth (see :meth:`Expr.smooth_at`)."""
    expr = draw(expressions(n_inputs, ops, max_leaves, nary))
    xs = draw(points(n_inputs, lo, hi))
    assume(expr.smooth_at(xs))
    return expr, xs


def assert_gradients_match(f: Callable[..., Any], xs: Sequence[float], second_order: bool = False,
                           eps: float = EPS, atol: float = ATOL, rtol: float = RTOL) -> None:
    """Assert that ``backward()``'s gradient of ``f`` at ``xs`` matches central differences (and,
    with ``second_order``, that the second derivatives match differences of the gradient).

    Raises :class:`autograd.GradcheckError` (an ``AssertionError``) naming ``f`` and the report.
    """
    checks = [gradcheck, gradgradcheck] if second_order else [gradcheck]
    for check in checks:
        try:
            check(f, xs, eps=eps, atol=atol, rtol=rtol)
        except GradcheckError as e:
            e.args = (f"{f} at {list(xs)}:\n{e.args[0]}",)
            raise


__all__ = ["Expr", "assert_gradients_match", "expressions", "expressions_and_points", "points"]
