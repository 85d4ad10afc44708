"""User-defined ops: a forward rule on floats and a local-derivative rule on ``Value``s.

>>> from autograd import Value, custom_op
>>> @custom_op(derivative=lambda x, out: 1 / (1 + abs(x)) ** 2)
... def softsign(x):
...     return x / (1 + abs(x))
>>> y = softsign(Value(1.0)); y.backward()
>>> y.data, y._prev[0].grad
(0.5, 0.25)

The derivative rule gets the operands and the op's result and returns d(out)/d(operand) for
each operand (one value, or a tuple for several operands). Written with ``Value`` operators
and methods, it serves first order (evaluated to numbers when the node is made) and,
evaluated again on the graph, higher order and forward mode: a custom op implements the
same op interface as the built-in ones (:class:`autograd.core.primitive.Op`), so it works
wherever they do — backward, gradcheck, viz, and compiled Python code (which calls it).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from typing import Any

from .errors import DomainError
from .modes import no_grad
from .primitive import ARITH, Math, Op, apply
from .value import Value, as_float


class CustomOp(Op):
    """An op made by :func:`custom_op`: on ``Value``s it makes a node, on dual numbers a dual,
    on plain numbers a float."""

    compiled_by_call = True

    def __init__(self, forward: Callable[..., float], derivative: Callable[..., Any], name: str,
                 symbol: str, arity: int) -> None:
        self.forward = forward
        """The forward rule: floats in, a float out."""
        self.derivative = derivative
        """The local-derivative rule: ``derivative(*operands, out)``."""
        self.name, self.symbol, self.arity = name, symbol, arity
        self.primitive = self

    def __call__(self, *args: Any) -> Any:
        if len(args) != self.arity:
            raise TypeError(f"custom op '{self.name}' takes {self.arity} operand(s), got {len(args)}")
        return apply(self, args)

    def evaluate(self, xs: Sequence[float], stored: Sequence[float] = ()) -> tuple[float, tuple[float, ...]]:
        out = self._forward(*xs)
        with no_grad():  # the rule on the operands, for numbers only
            locs = self.derivatives(None, tuple(map(Value, xs)), Value(out))
        return out, tuple(map(_number, locs))

    def derivatives(self, m: Math | None, operands: Sequence[Any], out: Any,
                    stored: Sequence[Any] = ()) -> tuple:
        """The user's rule on ``operands`` (``Value``s or duals); it needs no namespace ``m``."""
        try:
            locs = self.derivative(*operands, out)
        except ARITH as e:
            raise DomainError(f"custom op '{self.name}': its derivative fails at "
                              f"{_show(operands)}: {e}") from None
        locs = tuple(locs) if isinstance(locs, (tuple, list)) else (locs,)
        if len(locs) != self.arity:
            raise TypeError(f"custom op '{self.name}': the derivative rule returned {len(locs)} "
                            f"value(s) for {self.arity} operand(s)")
        return locs

    def forward_terms(self, m: Math, operands: Sequence[Any], stored: Sequence[Any] = ()) -> list[Any]:
        raise TypeError(f"custom op '{self.name}' is plain Python: it has no symbolic form")

    def _forward(self, *xs: float) -> float:
        try:
            out = self.forward(*xs)
        except ARITH as e:
            raise DomainError(f"custom op '{self.name}': {_show(xs)} is outside its domain: {e}") from None
        return as_float(out, f"custom op '{self.name}''s forward result")

    def __repr__(self) -> str:
        return f"<custom op {self.name}>"


def custom_op(forward: Callable[..., float] | None = None, *, derivative: Callable[..., Any],
              name: str | None = None, symbol: str | None = None, arity: int | None = None) -> Any:
    """A new op from its forward rule and local-derivative rule: ``custom_op(forward, derivative=rule)``
    or ``@custom_op(derivative=rule)`` on the forward function. ``name``, ``symbol`` (its label in
    graphs) and ``arity`` default to the forward function's name and positional parameters."""
    if not callable(derivative):
        raise TypeError(f"custom_op: derivative must be callable, got {type(derivative).__name__}")

    def make(fn: Callable[..., float]) -> CustomOp:
        if not callable(fn):
            raise TypeError(f"custom_op: forward must be callable, got {type(fn).__name__}")
        op_name = name or getattr(fn, "__name__", "")
        if not op_name or op_name == "<lambda>":
            raise ValueError("custom_op: give the op a name (name='...') when forward is a lambda")
        n, rule_arity = (_arity(fn) if arity is None else arity), _arity(derivative)
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise TypeError(f"custom op '{op_name}': forward must take a fixed number (at least one) "
                            "of operands, or pass arity=")
        if rule_arity not in (-1, n + 1):
            raise TypeError(f"custom op '{op_name}': the derivative rule must take the {n} "
                            f"operand(s) and the result (out), i.e. {n + 1} arguments, "
                            f"not {rule_arity}")
        return CustomOp(fn, derivative, op_name, symbol or op_name, n)

    return make if forward is None else make(forward)


def _arity(fn: Callable[..., Any]) -> int:
    """Number of positional parameters, or -1 when it takes ``*args`` (or has no signature)."""
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return -1
    if any(p.kind is p.VAR_POSITIONAL for p in params):
        return -1
    return sum(p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.default is p.empty
               for p in params)


def _number(x: Any) -> float:
    return x.data if isinstance(x, Value) else as_float(x, "a derivative rule's result")


def _show(xs: Any) -> str:
    return ", ".join(repr(getattr(x, "data", x)) for x in xs)
