"""Local derivatives as ``Value`` nodes, for gradients that can be differentiated again.

The op table's derivative rules are evaluated on the parents (and the node itself as
``out``) in the ``Value`` namespace, so the gradient is itself a graph: symbol-to-symbol
differentiation, with no second copy of any rule.
"""

from __future__ import annotations

from typing import Any

from .methods import VALUE
from .ops import DOT, SUM, Bound, Op
from .value import Value


def local_values(current: Value) -> tuple[Any, ...]:
    """d(current)/d(parent) for each parent, as nodes (constants stay plain floats)."""
    op = current._op
    base = op.op if isinstance(op, Bound) else op
    if base is SUM:
        return current._locals
    if base is DOT:
        n = op.params[0]
        if not n:  # one side numbers: the locals are those constants
            return current._locals
        prev = current._prev  # w_1..w_n, x_1..x_n [, b]: each factor's derivative is the other
        return (*prev[n:2 * n], *prev[:n], *current._locals[2 * n:])
    if isinstance(base, Op):
        params = op.params if isinstance(op, Bound) else ()
        return base.local_rule(VALUE)(*current._prev, current, *params)
    return op.local_values(current)  # a user's custom op
