"""What ``viz`` reads about a node's op: its name, symbol, parameters and constant operands.

This is the ONE place that looks at ``Value._op``; every other module of ``viz`` calls
these functions, so a change in how the engine stores ops is adapted here alone.
"""

from __future__ import annotations

import math
from typing import Any

from autograd import Value


def op_name(v: Value) -> str:
    """The op's name as the op table has it (``"dot"``, ``"sum"``, ``"tanh"``; '' for a leaf)."""
    op = v._op
    return str(getattr(op, "name", op) or "")


def op_symbol(v: Value) -> str:
    """How the op is shown (``"+"``, ``"**2"``, ``"dot"``; '' for a leaf)."""
    return str(v._op or "")


def op_params(v: Value) -> tuple[Any, ...]:
    """The op's bound parameters (``x ** 3`` has ``(3.0,)``; a ``dot`` has ``(pairs,)``), else ()."""
    return tuple(getattr(v._op, "params", ()) or ())


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
    return tuple(map(float, v._locals)) if params and int(params[0]) == 0 else None


def constant_offset(v: Value) -> float:
    """The plain number folded into an n-ary node (the hinge's margin in ``dot((s,), (-y,), 1)``).

    It is what the node's value holds beyond its parents' terms, rounded to 0 when it is
    only rounding error (below 1e-12 of the largest term).
    """
    name, prev = op_name(v), v._prev
    if name == "sum":
        terms = [p.data for p in prev]
    elif name == "dot" and prev:
        factors = constant_factors(v)
        if factors is not None:
            terms = [p.data * f for p, f in zip(prev, factors)]
        else:  # both sides Values: ws, then xs, then a Value bias
            pairs = int(op_params(v)[0])
            terms = [prev[i].data * prev[pairs + i].data for i in range(pairs)]
            terms += [p.data for p in prev[2 * pairs:]]
    else:
        return 0.0
    offset = v.data - math.fsum(terms)
    scale = max((abs(t) for t in terms), default=0.0)
    return 0.0 if not math.isfinite(offset) or abs(offset) <= 1e-12 * max(scale, abs(v.data), 1.0) else offset
