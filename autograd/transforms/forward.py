"""Forward mode: ``jvp(f, primals, tangents)`` with tagged dual numbers.

A :class:`Dual` carries a value (``primal``) and its directional derivative (``tangent``)
forward through ``f``. Every op reaches it through the op interface: the result is the op on
the primals, the tangent is Σ local derivative · tangent of each operand, the local
derivatives coming from the op's own rule (:mod:`autograd.core.ops`).

Each ``jvp`` call has its own **level**. A dual of level 2 may hold duals of level 1 (or
``Value`` nodes, level 0) as its primal and tangent; an op is interpreted by its operand of
the highest level, which treats lower-level operands as constants. So nested ``jvp`` cannot
confuse the inner perturbation with the outer one (Siskind and Pearlmutter's perturbation
confusion), and primals that are ``Value`` nodes give forward-over-reverse: reverse mode
differentiates through forward mode and back.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import Any

from ..core.modes import ieee_rules
from ..core.primitive import GENERIC, PRIMITIVES, Op, apply, as_number, primal
from .trees import flatten, unflatten

_levels = itertools.count(1)  # unique, increasing: a nested jvp always gets a higher level


class Dual:
    """A dual number primal + tangent·ε (ε² = 0) of one ``jvp`` level."""

    __slots__ = ("_level", "primal", "tangent")

    def __init__(self, primal: Any, tangent: Any = 0.0, level: int = 1) -> None:
        self.primal = _scalar(primal, "a Dual's primal")
        self.tangent = _scalar(tangent, "a Dual's tangent")
        self._level = level

    def __repr__(self) -> str:
        return f"Dual(primal={self.primal!r}, tangent={self.tangent!r}, level={self._level})"

    @classmethod
    def _apply_primitive(cls, op: Op, operands: tuple[Any, ...]) -> Dual:
        """``op`` at this dual's level: lower-level operands are constants (tangent 0)."""
        level = max(x._level for x in operands if isinstance(x, Dual))  # one is: it dispatched here
        primals, tangents = [], []
        for x in operands:
            mine = isinstance(x, Dual) and x._level == level
            primals.append(x.primal if mine else x)
            tangents.append(x.tangent if mine else 0.0)
        if all(isinstance(p, (int, float)) for p in primals):
            out, locs = op.evaluate([float(p) for p in primals])
        else:
            out = apply(op, primals)
            with ieee_rules():
                locs = op.derivatives(GENERIC, primals, out)
        return Dual(out, _tangent(locs, tangents), level)

    def _primal_number(self) -> Any:
        return self.primal

    def __getattr__(self, name: str) -> Any:
        """``d.tanh()``, ``d.leaky_relu(0.1)``, ...: every op of the registry, as on ``Value``."""
        prim = PRIMITIVES.get(name)
        if name == "data":
            raise AttributeError(
                "'Dual' object has no attribute 'data': jvp, jacfwd and hessian pass dual numbers "
                "(a value plus a tangent), so code that reads .data, such as an op built by hand "
                "with a _backward closure, cannot run under them; write it with the op methods "
                "or autograd.custom_op")
        if prim is None or prim.infix is not None:
            raise AttributeError(f"'Dual' object has no attribute {name!r}")
        return lambda *params, **keywords: prim(self, *params, **keywords)

    # operators
    def __add__(self, other: Any) -> Any:
        return _binary("add", self, other)

    def __radd__(self, other: Any) -> Any:
        return _binary("add", other, self)

    def __sub__(self, other: Any) -> Any:
        return _binary("sub", self, other)

    def __rsub__(self, other: Any) -> Any:
        return _binary("sub", other, self)

    def __mul__(self, other: Any) -> Any:
        return _binary("mul", self, other)

    def __rmul__(self, other: Any) -> Any:
        return _binary("mul", other, self)

    def __truediv__(self, other: Any) -> Any:
        return _binary("div", self, other)

    def __rtruediv__(self, other: Any) -> Any:
        return _binary("div", other, self)

    def __pow__(self, other: Any) -> Any:
        if isinstance(other, (int, float)):
            return PRIMITIVES["powc"](self, other)
        return _binary("pow", self, other)

    def __rpow__(self, other: Any) -> Any:
        return _binary("pow", other, self)

    def __neg__(self) -> Any:
        return PRIMITIVES["neg"](self)

    def __pos__(self) -> Dual:
        return self

    def __abs__(self) -> Any:
        return PRIMITIVES["abs"](self)

    def __float__(self) -> float:
        return primal(self)

    def __bool__(self) -> bool:
        return primal(self) != 0.0

    def __lt__(self, other: Any) -> bool:
        return primal(self) < primal(other)

    def __le__(self, other: Any) -> bool:
        return primal(self) <= primal(other)

    def __gt__(self, other: Any) -> bool:
        return primal(self) > primal(other)

    def __ge__(self, other: Any) -> bool:
        return primal(self) >= primal(other)


def _binary(name: str, x: Any, y: Any) -> Any:
    if not _operand_ok(x) or not _operand_ok(y):
        return NotImplemented
    return apply(PRIMITIVES[name], (x, y))


def _operand_ok(x: Any) -> bool:
    return isinstance(x, (int, float)) or getattr(x, "_level", None) is not None


def jvp(f: Callable[..., Any], primals: Sequence[Any], tangents: Sequence[Any]) -> tuple[Any, Any]:
    """``(f(*primals), J·tangents)`` in one forward pass: the directional derivative of ``f``.

    Each primal is a scalar or a nested list of scalars (numbers, ``Value``s, or duals of an
    enclosing ``jvp``), and its tangent has the same shape. ``f`` returns a scalar or a nested
    list of scalars; both results have its shape. Each call has its own level, so nested
    calls cannot confuse their perturbations.

    >>> from autograd import jvp
    >>> value, slope = jvp(lambda x, y: x * y + x.tanh(), (2.0, 3.0), (1.0, 0.0))
    >>> round(value, 6), round(slope, 6)  # 2·3 + tanh(2), and d/dx = y + 1 - tanh(2)²
    (6.964028, 3.070651)
    """
    primals, tangents = list(primals), list(tangents)
    if len(primals) != len(tangents):
        raise ValueError(f"jvp: {len(primals)} primals but {len(tangents)} tangents")
    ps, spec = flatten(primals, "primals", "jvp")
    ts, tspec = flatten(tangents, "tangents", "jvp")
    if tspec != spec:
        raise ValueError("jvp: the tangents must have the shape of the primals")
    level = next(_levels)
    out = f(*unflatten(spec, [Dual(p, t, level) for p, t in zip(ps, ts)]))
    outs, out_spec = flatten(out, f"{getattr(f, '__name__', 'f')}'s result", "jvp")
    pairs = [split(o, level) for o in outs]
    return unflatten(out_spec, [p for p, _ in pairs]), unflatten(out_spec, [t for _, t in pairs])


def split(out: Any, level: int) -> tuple[Any, Any]:
    """(primal, tangent) of one output at ``level``; anything else does not depend on the inputs."""
    if isinstance(out, Dual) and out._level == level:
        return out.primal, out.tangent
    return _scalar(out, "jvp's function result"), 0.0


def _tangent(locs: Sequence[Any], tangents: Sequence[Any]) -> Any:
    """Σ local · tangent; an exactly-zero tangent or local derivative contributes nothing (so a
    constant operand's infinite local derivative does not turn the result into nan)."""
    total: Any = 0.0
    for local, t in zip(locs, tangents):
        if (type(t) is float and t == 0.0) or (type(local) is float and local == 0.0):
            continue
        total = total + local * t
    return total


def _scalar(x: Any, what: str) -> Any:
    return x if getattr(x, "_level", None) is not None else as_number(x, what)
