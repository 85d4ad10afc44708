"""Forward mode: ``jvp(f, primals, tangents)`` with dual numbers.

A :class:`Dual` carries a value (``primal``) and its directional derivative (``tangent``)
forward through ``f``. Each op evaluates the op table's rule, which gives the result and
the local derivatives at once; the result's tangent is Σ local · tangent of each operand.
No rule is written twice, and custom ops work too. Primals may be ``Value`` nodes (the
rules then run in the ``Value`` namespace), so reverse mode differentiates through
forward mode: ``grad(lambda x: jvp(f, [x], [1.0])[1])`` is f''.

Inside ``f``, use operators, the op methods (``a.maximum(b)``), the builtin ``sum``,
``autograd.sum`` and ``autograd.dot`` (which combine dual numbers with their own ``+`` and
``*``); ``autograd.maximum`` and ``autograd.minimum`` reject a ``Dual``: use the methods.
Nested ``jvp`` (a ``Dual`` of ``Dual``s) is not supported; for second derivatives use
``hessian`` or ``hvp``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from .methods import _ARITH, _DUNDER, VALUE, bind, recover
from .ops import FLOAT, OPS, Op
from .value import Value, as_float


class Dual:
    """A dual number primal + tangent·ε (ε² = 0), with the ``Value`` op methods and operators."""

    __slots__ = ("primal", "tangent")

    def __init__(self, primal: Any, tangent: Any = 0.0) -> None:
        self.primal = _scalar(primal, "a Dual's primal")
        self.tangent = _scalar(tangent, "a Dual's tangent")

    def __repr__(self) -> str:
        return f"Dual(primal={self.primal!r}, tangent={self.tangent!r})"

    @staticmethod
    def apply(op: Op, operands: Sequence[Dual], params: tuple[float, ...] = ()) -> Dual:
        """``op`` on dual operands: the table's rule gives the result and the local derivatives."""
        primals = [d.primal for d in operands]
        if any(isinstance(p, Value) for p in primals):
            out, locs = op.rule(VALUE)(*primals, *params)
        else:
            try:
                out, locs = op.rule(FLOAT)(*primals, *params)
            except _ARITH:  # a domain error, or IEEE inf/nan derivatives, as the engine gives
                out, locs = recover(bind(op, params) if params else op, tuple(map(Value, primals)))
        return Dual(out, _tangent(locs, operands))

    @staticmethod
    def apply_custom(op: Any, args: Sequence[Any]) -> Dual:
        """A :func:`autograd.custom_op` on dual operands (numbers and ``Value``s are constants)."""
        operands = [_dual(a) for a in args]
        primals = [d.primal for d in operands]
        if any(isinstance(p, Value) for p in primals):
            out = op(*primals)
            locs = op.local_values(out)
        else:
            out, locs = op.evaluate(tuple(map(Value, primals)))
        return Dual(out, _tangent(locs, operands))

    def __pow__(self, other: Any) -> Dual:
        if isinstance(other, (Dual, Value)):
            return self._pow_value(other)
        return self._pow_const(other)

    def __rpow__(self, other: Any) -> Dual:
        return _dual(other)._pow_value(self)

    def __pos__(self) -> Dual:
        return self

    def __abs__(self) -> Dual:
        return self.abs()

    def __float__(self) -> float:
        return float(self.primal)

    def __lt__(self, other: Any) -> bool:
        return float(self) < _primal(other)

    def __le__(self, other: Any) -> bool:
        return float(self) <= _primal(other)

    def __gt__(self, other: Any) -> bool:
        return float(self) > _primal(other)

    def __ge__(self, other: Any) -> bool:
        return float(self) >= _primal(other)


def jvp(f: Callable[..., Any], primals: Sequence[Any], tangents: Sequence[Any]) -> tuple[Any, Any]:
    """``(f(*primals), J·tangents)`` in one forward pass: the directional derivative of ``f``.

    ``f`` takes scalars and returns a scalar or a sequence of scalars (then both results are
    lists). Primals and tangents are numbers or ``Value``s.
    """
    primals, tangents = list(primals), list(tangents)
    if len(primals) != len(tangents):
        raise ValueError(f"jvp: {len(primals)} primals but {len(tangents)} tangents")
    out = f(*(Dual(p, t) for p, t in zip(primals, tangents)))
    if isinstance(out, (Dual, Value, int, float)):
        return _split(out)
    pairs = [_split(o) for o in out]
    return [p for p, _ in pairs], [t for _, t in pairs]


# -- helpers and the generated methods ---------------------------------------------------------


def _split(out: Any) -> tuple[Any, Any]:
    """(primal, tangent) of one output; anything not a Dual does not depend on the inputs."""
    if isinstance(out, Dual):
        return out.primal, out.tangent
    return _scalar(out, "jvp's function result"), 0.0


def _tangent(locs: Sequence[Any], operands: Sequence[Dual]) -> Any:
    """Σ local · tangent, skipping exact-zero (constant) tangents so an infinite local
    derivative of a constant operand does not turn the result into nan (0 · inf)."""
    total: Any = 0.0
    for local, d in zip(locs, operands):
        t = d.tangent
        if not (type(t) is float and t == 0.0):
            total = total + local * t
    return total


def _scalar(x: Any, what: str) -> Any:
    return x if isinstance(x, Value) else as_float(x, what)


def _dual(x: Any) -> Dual:
    return x if isinstance(x, Dual) else Dual(x)


def _primal(x: Any) -> float:
    return float(x.primal) if isinstance(x, Dual) else float(_scalar(x, "comparison with a Dual"))


def _method(op: Op, name: str) -> Callable[..., Any]:
    if op.arity == 2:
        def binary(self: Dual, other: Any) -> Any:
            if not isinstance(other, (Dual, Value, int, float)):
                return NotImplemented
            return Dual.apply(op, (self, _dual(other)))

        return binary
    defaults = getattr(Value, name).__defaults__ or ()

    def unary(self: Dual, *params: Any) -> Dual:
        missing = len(op.params) - len(params)
        if missing > 0:
            params = params + defaults[len(defaults) - missing:]
        return Dual.apply(op, (self,), bind(op, params).params if op.params else ())

    return unary


def _reflected(name: str) -> Callable[..., Any]:
    def method(self: Dual, other: Any) -> Any:
        if not isinstance(other, (Value, int, float)):
            return NotImplemented
        return getattr(_dual(other), name)(self)

    return method


for _op in OPS.values():
    _name = _DUNDER.get(_op.name, _op.name)
    setattr(Dual, _name, _method(_op, _name))
for _name in ("__add__", "__sub__", "__mul__", "__truediv__"):
    setattr(Dual, "__r" + _name[2:], _reflected(_name))
