"""Local derivatives as ``Value`` nodes, for gradients that can be differentiated again.

Each op's derivative rule is evaluated on its parents (and the node itself as ``out``) in the
generic math namespace, so on ``Value``s it builds a graph: the gradient is itself
differentiable — symbol-to-symbol differentiation, with no second copy of any rule. The
rules run in IEEE mode: where a derivative does not exist (sqrt at 0) the nodes hold inf or
nan, at every order, as PyTorch's do. :func:`gradients` is the grad_table sweep into a
private table (no ``.grad`` is touched), which the function transforms use.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .anomaly import check_grad
from .modes import ANOMALY, enable_grad, ieee_rules
from .order import topological_order
from .primitive import GENERIC, Op


def local_values(current: Any) -> tuple[Any, ...]:
    """d(current)/d(parent) for each parent, as nodes (constants stay plain floats).

    A node built directly with numeric local derivatives (no op to re-evaluate) keeps them
    as constants: its gradient is right, its second derivative treats them as fixed.
    """
    op = current._prim
    stored = _recorded_locals(current)
    if not isinstance(op, Op):
        return stored
    with ieee_rules():
        return op.derivatives(GENERIC, current._prev, current, stored)


def _recorded_locals(current: Any) -> tuple[Any, ...]:
    """The local derivatives ``current`` recorded at first order; a ``TypeError`` for a node
    built by hand with a ``_backward`` closure, which has none (only ``backward()`` can use it)."""
    if current._locals is None:
        raise TypeError(f"a node built by hand with a _backward closure (op {current._op!r}) has no "
                        "local derivatives: only backward() without create_graph can use it, not "
                        "create_graph or the function transforms")
    return current._locals


def grad_table(root: Any, order: list[Any], create_graph: bool,
               wanted: set[int] | None = None) -> dict[Any, Any]:
    """d(root)/d(node) for the nodes of ``order`` (``topological_order(root)``) and their parents:
    graphs from :func:`local_values` with ``create_graph``, else floats from the stored locals;
    only towards the nodes whose ids are in ``wanted`` when it is given."""
    table: dict[Any, Any] = {root: 1.0}
    checked = ANOMALY.get() is not None and not create_graph
    with enable_grad():
        for current in reversed(order):
            g = table.get(current)
            if g is None or (type(g) is float and g == 0.0):  # nothing flows on, as in backward()
                continue
            locs = local_values(current) if create_graph else _recorded_locals(current)
            for parent, local in zip(current._prev, locs):
                if wanted is not None and id(parent) not in wanted:
                    continue
                if type(local) is float and local == 0.0:  # strong zero, as in backward()
                    continue
                term = g * local
                old = table.get(parent)
                table[parent] = term if old is None else old + term
                if checked:
                    check_grad(parent, current, table[parent], g)
    return table


def gradients(root: Any, wrt: Sequence[Any], create_graph: bool = False,
              order: list[Any] | None = None) -> list[Any]:
    """d(root)/d(w) for each ``w`` of ``wrt``, without touching any ``.grad``.

    A gradient is a float, or, with ``create_graph``, a ``Value`` wherever it depends on
    the graph (it can be differentiated again). ``root`` without parents gives 1 for itself
    and 0 elsewhere; ``root`` not a node (a constant) gives 0. ``order`` is
    ``topological_order(root)`` when the caller has it already (transforms inspect it first).
    """
    if getattr(root, "_prev", None) is None:
        return [0.0] * len(wrt)
    if order is None:
        order = topological_order(root)
    table = grad_table(root, order, create_graph, _towards(order, wrt))
    return [table.get(w, 0.0) for w in wrt]


def backward_graph(root: Any, order: list[Any]) -> None:
    """``backward(create_graph=True)``: every ``.grad`` below ``root`` becomes a ``Value``;
    leaves (and a leaf root) accumulate their differentiable gradient graphs; interior nodes
    and constants (the leaves ops make from plain numbers) get this pass's gradient as a
    number in a leaf ``Value``.

    An interior node's (or a constant's) gradient graph is built from the nodes that consume
    it, which refer back to the node: stored in its ``.grad`` it would be a reference cycle keeping the whole
    graph alive until the cyclic collector runs (megabytes per step with it off). Second
    order flows through the leaves' gradients, which the graphs of the interior ones are part
    of; :func:`gradients` differentiates towards any node. (A leaf whose gradient depends on
    it still refers to itself through ``.grad``, as in PyTorch: ``zero_grad`` ends that.)
    """
    make = type(root)
    for current, g in grad_table(root, order, True).items():
        if current._prev or getattr(current._prim, "constant", False):
            current.grad = make(g.data if isinstance(g, make) else g)
            continue
        g = g if isinstance(g, make) else make(g)
        old = current.grad
        if isinstance(old, make) or old != 0.0:
            g = old + g
        current.grad = g


def _towards(order: list[Any], wrt: Sequence[Any]) -> set[int]:
    """Ids of the nodes that depend on some node of ``wrt`` (those included): gradients
    flowing anywhere else cannot reach ``wrt`` and are not worth building."""
    wanted = {id(w) for w in wrt}
    for current in order:  # parents before children
        if id(current) not in wanted and any(id(p) in wanted for p in current._prev):
            wanted.add(id(current))
    return wanted
