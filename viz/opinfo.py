"""The one place the explorer reads an op's internals: its display symbol and its derivative rules.

The op object is ``v._prim`` (the engine's op interface); its derivative rule evaluated on
symbols gives the text. Both functions degrade gracefully: an op they cannot read shows its
numbers without the symbolic rule.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from autograd import Op, Value
from autograd.core.primitive import SOURCE
from autograd.core.sym import Sym, sym

from .formatting import number

_IVERSON = {  # indicator functions of the op table, written as Iverson brackets
    re.compile(r"pos\(([^(),]+)\)"): r"[\1 > 0]",
    re.compile(r"ge\(([^(),]+), ([^(),]+)\)"): r"[\1 ≥ \2]",
    re.compile(r"le\(([^(),]+), ([^(),]+)\)"): r"[\1 ≤ \2]",
    re.compile(r"between\(([^(),]+), ([^(),]+), ([^(),]+)\)"): r"[\2 ≤ \1 ≤ \3]",
}


def op_symbol(v: Value) -> str:
    """How the drawing names the op that made ``v`` (``"+"``, ``"tanh"``, ``"**2"``, ``"dot"``)."""
    return str(v._op)


def derivative_rules(v: Value, operands: Sequence[str], out: str, precision: int = 4) -> list[str | None]:
    """For each parent of ``v``, its local-derivative rule written with the given names, or None.

    ``operands`` name the parents and ``out`` names ``v``: tanh's rule evaluated on those
    names (the op interface's source namespace) reads ``1 - v7·v7``. Rules with constants
    only (``1``), conditionals or helpers without a readable form are None: the page then
    shows just the number the engine recorded.
    """
    op = v._prim
    if not isinstance(op, Op) or op.compiled_by_call or len(operands) != len(v._prev):
        return [None] * len(v._prev)
    try:
        rules = op.derivatives(SOURCE, [Sym(name) for name in operands], Sym(out), v._locals)
    except (TypeError, ValueError):
        return [None] * len(v._prev)
    names = {*operands, out}
    return [_readable(sym(rule).text, names, precision) for rule in rules]


def _readable(rule: str, names: set[str], precision: int) -> str | None:
    if " if " in rule or "logpow" in rule or not any(re.search(rf"\b{re.escape(n)}\b", rule) for n in names):
        return None
    text = re.sub(r"\b\d+\.\d+(e-?\d+)?\b", lambda m: number(float(m.group()), precision), rule)
    text = text.replace(" * ", "·")
    for pattern, replacement in _IVERSON.items():
        text = pattern.sub(replacement, text)
    return text
