"""Local derivatives as ``Value`` nodes, for gradients that can be differentiated again.

The op table's derivative rules are evaluated on the parents (and the node itself as
``out``) in the ``Value`` namespace, so the gradient is itself a graph: symbol-to-symbol
differentiation, with no second copy of any rule. :func:`gradients` is the grad_table
sweep into a private table (no ``.grad`` is touched), which the function transforms use.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import nullcontext
from typing import Any

from . import modes
from .backward import topological_order
from .methods import _ARITH, VALUE
from .ops import DOT, SUM, Bound, Op
from .value import Value


def local_values(current: Value) -> tuple[Any, ...]:
    """d(current)/d(parent) for each parent, as nodes (constants stay plain floats).

    A node built directly with numeric local derivatives (no op rule to re-evaluate) keeps
    them as constants: its gradient is right, its second derivative treats them as fixed.
    """
    op = current._op
    base = op.op if isinstance(op, Bound) else op
    if base is SUM:
        return current._locals
    if base is DOT:
        n = int(op.params[0])  # bound parameters are stored as floats
        if not n:  # one side numbers: the locals are those constants
            return current._locals
        prev = current._prev  # w_1..w_n, x_1..x_n [, b]: each factor's derivative is the other
        return (*prev[n:2 * n], *prev[:n], *current._locals[2 * n:])
    if isinstance(base, Op):
        params = op.params if isinstance(op, Bound) else ()
        try:
            return base.local_rule(VALUE)(*current._prev, current, *params)
        except _ARITH:
            return _ieee_locals(base, current, params)
    if hasattr(op, "local_values"):
        return op.local_values(current)  # a user's custom op
    return current._locals  # made from numbers (Value(data, parents, _locals=...)): constants


def _ieee_locals(op: Op, current: Value, params: tuple) -> tuple[Any, ...]:
    """Cold path: rule by rule, a derivative that does not exist here (sqrt at 0, d(x**y)/dy
    for x < 0) is the constant inf or nan stored at first order, as ``backward()`` gives."""
    scope: dict[str, Any] = dict(zip(op.operands, current._prev), out=current)
    scope.update(zip(op.params, params))
    locs = []
    for rule, stored in zip(op.grads, current._locals):
        try:
            locs.append(eval(rule, VALUE, scope))
        except _ARITH:
            locs.append(stored)
    return tuple(locs)


def grad_table(root: Value, order: list[Value], create_graph: bool,
               wanted: set[int] | None = None) -> dict[Value, Any]:
    """d(root)/d(node) for the nodes of ``order`` (``topological_order(root)``) and their parents:
    graphs from :func:`local_values` with ``create_graph``, else floats from the stored locals;
    only towards the nodes whose ids are in ``wanted`` when it is given."""
    table: dict[Value, Any] = {root: 1.0}
    checked = modes.anomaly and not create_graph  # graphs are checked node by node as they are made
    with modes.enable_grad() if create_graph else nullcontext():  # a graph was asked for
        for current in reversed(order):
            g = table.get(current)
            if g is None or (type(g) is float and g == 0.0):  # nothing flows on, as in backward()
                continue
            locs = local_values(current) if create_graph else current._locals
            for parent, local in zip(current._prev, locs):
                if wanted is not None and id(parent) not in wanted:
                    continue
                term = g * local
                old = table.get(parent)
                table[parent] = term if old is None else old + term
                if checked:
                    modes.check_grad(parent, current, table[parent], g)
    return table


def gradients(root: Any, wrt: Sequence[Value], create_graph: bool = False) -> list[Any]:
    """d(root)/d(w) for each ``w`` of ``wrt``, without touching any ``.grad``.

    A gradient is a float, or, with ``create_graph``, a ``Value`` wherever it depends on
    the graph (it can be differentiated again). ``root`` not a ``Value`` (a constant) gives 0.
    """
    if not isinstance(root, Value):
        return [0.0] * len(wrt)
    order = topological_order(root)
    table = grad_table(root, order, create_graph, _towards(order, wrt))
    return [table.get(w, 0.0) for w in wrt]


def backward_graph(root: Value, order: list[Value]) -> None:
    """``backward(create_graph=True)``: every ``.grad`` below ``root`` becomes a ``Value``;
    interior nodes get this pass's gradient, leaves (and a leaf root) accumulate."""
    for current, g in grad_table(root, order, True).items():
        g = g if isinstance(g, Value) else Value(g)
        old = current.grad
        if not current._prev and (isinstance(old, Value) or old != 0.0):
            g = old + g
        current.grad = g


def _towards(order: list[Value], wrt: Sequence[Value]) -> set[int]:
    """Ids of the nodes that depend on some node of ``wrt`` (those included): gradients
    flowing anywhere else cannot reach ``wrt`` and are not worth building."""
    wanted = {id(w) for w in wrt}
    for current in order:  # parents before children
        if id(current) not in wanted and any(id(p) in wanted for p in current._prev):
            wanted.add(id(current))
    return wanted
