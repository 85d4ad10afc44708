"""What ``viz`` reads about a node's op: its name, symbol, parameters and constant operands.

This is the ONE place that looks at a node's op (``v._prim``, an object of the engine's op
interface; ``v._op`` is its display string); every other module of ``viz`` calls these
functions.
"""

from __future__ import annotations

import math
from typing import Any

from autograd import Value
from autograd.core.value import CONSTANT


def op_name(v: Value) -> str:
    """The op's name as the op table has it (``"dot"``, ``"sum"``, ``"tanh"``; '' for a leaf)."""
    op = v._prim
    return str(getattr(op, "name", op) or "")


def op_symbol(v: Value) -> str:
    """How the op is shown (``"+"``, ``"**2"``, ``"dot"``; '' for a leaf)."""
    return v._op


def op_params(v: Value) -> tuple[Any, ...]:
    """The op's bound parameters (``x ** 3`` has ``(3.0,)``; a ``dot`` has ``(pairs,)``), else ()."""
    return tuple(getattr(v._prim, "params", ()) or ())


def is_nary(v: Value) -> bool:
    """Whether ``v`` is an n-ary ``dot`` or ``sum`` node (a neuron's w·x + b, a loss over a batch)."""
    return op_name(v) in ("dot", "sum")


def constant_factors(v: Value) -> tuple[float, ...] | None:
    """For a ``dot`` with plain numbers on one side, the number multiplying each parent, else None.

    ``dot(ws, xs)`` with ``xs`` plain numbers (a neuron's inputs) keeps only the weights
    as parents, and each input becomes the parent's local derivative: that is where the
    numbers are. A ``Value`` bias is a parent with factor 1.
    """
    if op_name(v) != "dot" or not v._prev:
        return None
    params = op_params(v)
    if not params or int(params[0]) != 0:
        return None
    folded = folded_parents(v)  # constant biases come last: they are the op's "+ c"
    return tuple(float(local) for p, local in zip(v._prev, v._locals) if p not in folded)


def is_constant(v: Value) -> bool:
    """Whether ``v`` is a leaf an op made from a plain number (the ``1`` of ``1 - y·s``)."""
    return v._prim is CONSTANT


def folded_parents(v: Value) -> set[Value]:
    """The constant leaves an n-ary node adds with factor 1: shown in its op as ``+ c``."""
    if not is_nary(v):
        return set()
    params = op_params(v)
    start = 2 * int(params[0]) if params else 0  # a dot's pairs of factors come first, then the bias
    return {p for p, local in zip(v._prev[start:], v._locals[start:]) if is_constant(p) and local == 1.0}


def folded_constants(order: list[Value]) -> set[Value]:
    """The constant leaves of a graph that every consumer folds into its op label."""
    folded: set[Value] = set()
    elsewhere: set[Value] = set()
    for v in order:
        mine = folded_parents(v)
        folded |= mine
        elsewhere.update(p for p in v._prev if p not in mine)
    return folded - elsewhere


def constant_offset(v: Value) -> float:
    """The plain numbers an n-ary node adds (the hinge's margin in ``dot((s,), (-y,), 1)``)."""
    return math.fsum(p.data for p in folded_parents(v))
