"""The one place the explorer reads an op's internals: its display symbol and its derivative rules.

The core is being redesigned (``v._op`` becomes a plain display string and the op object
moves elsewhere). Everything the explorer needs from an op goes through the two functions
below, so adapting to that change means editing this file only. Both degrade gracefully:
an op they cannot read shows its numbers without the symbolic rule.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from autograd import Value

from .formatting import number

_TOKEN = re.compile(r"\b(x|y|out|k|slope|lo|hi)\b")
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

    ``operands`` name the parents and ``out`` names ``v``: tanh's ``1.0 - out * out`` reads
    ``1 - v7·v7``. Rules with constants only (``1``), conditionals or helpers without a
    readable form are None: the page then shows just the number the engine recorded.
    """
    op = v._op
    table_op = getattr(op, "op", op)  # an op with bound parameters wraps the table's op
    rules = getattr(table_op, "grads", None)
    if not isinstance(rules, tuple) or len(rules) != len(v._prev) or len(operands) != len(v._prev):
        return [None] * len(v._prev)
    params = dict(zip(getattr(table_op, "params", ()), getattr(op, "params", ())))
    names = {"x": operands[0], "y": operands[1] if len(operands) > 1 else "y", "out": out}
    names.update({k: number(p, precision) for k, p in params.items() if isinstance(p, (int, float))})
    return [_readable(rule, names) for rule in rules]


def _readable(rule: str, names: dict[str, str]) -> str | None:
    if "if " in rule or "logpow" in rule or not _TOKEN.search(rule):
        return None
    text = _TOKEN.sub(lambda m: names.get(m.group(1), m.group(1)), rule)
    text = re.sub(r"\b1\.0\b", "1", text).replace(" * ", "·")
    for pattern, replacement in _IVERSON.items():
        text = pattern.sub(replacement, text)
    return text
