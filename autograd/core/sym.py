"""Symbolic expressions: a rule evaluated on :class:`Sym` operands returns its own source code.

The op definitions write their derivative rules as Python functions over a math namespace
``m`` (``lambda m, x, out: 1.0 - out * out``). Called with ``Sym("x")`` and ``Sym("out")``
and the source namespace, the same function returns ``Sym("1.0 - out * out")``: that text is
what the method generator inlines into ``Value``'s methods and what :mod:`autograd.compile`
writes into generated code. No rule is ever written twice, as text and as code.

Operators keep Python's precedence, so the text carries only the parentheses it needs.
"""

from __future__ import annotations

import math
from typing import Any

# Python's binding strength, weakest first (only the levels the rules use)
CONDITIONAL, OR, COMPARE, ADD, MUL, UNARY, POWER, ATOM = range(8)


def literal(x: float) -> str:
    """Source text for the float ``x`` (inf and nan spelled out; ``-0.0`` kept)."""
    if math.isfinite(x):
        return repr(float(x))
    return f"float('{x}')"


class Sym:
    """A Python expression as text, with the precedence of its outermost operator."""

    __slots__ = ("prec", "text")

    def __init__(self, text: str, prec: int = ATOM) -> None:
        self.text, self.prec = text, prec

    def __repr__(self) -> str:
        return f"Sym({self.text!r})"

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        raise TypeError(f"a rule branched on the symbolic value {self.text!r}: write the branch "
                        "with an indicator function of the math namespace (m.pos, m.ge, ...)")

    # -- operators ---------------------------------------------------------------------------
    def __add__(self, other: Any) -> Sym:
        return binary(self, "+", other, ADD)

    def __radd__(self, other: Any) -> Sym:
        return binary(other, "+", self, ADD)

    def __sub__(self, other: Any) -> Sym:
        return binary(self, "-", other, ADD)

    def __rsub__(self, other: Any) -> Sym:
        return binary(other, "-", self, ADD)

    def __mul__(self, other: Any) -> Sym:
        return binary(self, "*", other, MUL)

    def __rmul__(self, other: Any) -> Sym:
        return binary(other, "*", self, MUL)

    def __truediv__(self, other: Any) -> Sym:
        return binary(self, "/", other, MUL)

    def __rtruediv__(self, other: Any) -> Sym:
        return binary(other, "/", self, MUL)

    def __neg__(self) -> Sym:
        return Sym("-" + wrap(self, UNARY), UNARY)

    def __pos__(self) -> Sym:
        return self


class Indicator(Sym):
    """The text of an indicator call (``pos(x)``): a piecewise-constant value, -1, 0 or 1."""


def sym(x: Any) -> Sym:
    """``x`` as a symbol: a number becomes its literal (negative numbers parenthesised)."""
    if isinstance(x, Sym):
        return x
    text = literal(float(x))
    return Sym(text, UNARY if text.startswith("-") else ATOM)


def wrap(x: Any, prec: int, right: bool = False) -> str:
    """The text of ``x``, parenthesised when it binds more loosely than ``prec`` (or equally,
    on the right of a left-associative operator: ``a - (b - c)``)."""
    s = sym(x)
    if s.prec < prec or (right and s.prec == prec):
        return f"({s.text})"
    return s.text


def binary(left: Any, op: str, right: Any, prec: int) -> Sym:
    """``left op right`` with the parentheses Python needs."""
    return Sym(f"{wrap(left, prec)} {op} {wrap(right, prec, right=True)}", prec)


def call(name: str, args: tuple[Any, ...]) -> Sym:
    """``name(arg, ...)``."""
    return Sym(f"{name}({', '.join(sym(a).text for a in args)})")


def conditional(then: Any, test: str, otherwise: Any) -> Sym:
    """``then if test else otherwise``."""
    return Sym(f"{wrap(then, OR)} if {test} else {wrap(otherwise, CONDITIONAL)}", CONDITIONAL)
