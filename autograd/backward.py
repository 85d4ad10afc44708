"""The backward pass: iterative topological order, then the grad_table accumulation.

This is the algorithm of the lecture notes::

    grad_table[root] = 1
    for node in reverse topological order:
        for parent, local in zip(node.parents, node.locals):
            grad_table[parent] += grad_table[node] * local

with ``node.grad`` as the grad_table. No recursion anywhere: a chain of a million nodes
works at Python's default recursion limit.
"""

from __future__ import annotations

from typing import Any

from . import modes
from .value import Value

_FINISHED = object()  # on the stack: "the node below me has all its parents ordered"


def topological_order(root: Value, leaves: bool = False) -> list[Value]:
    """The nodes ``root`` depends on, each after all of its parents, ``root`` last.

    Iterative depth-first search with an explicit stack (parents are pushed in order,
    so the last is explored first): the order is the same on every run. Leaves (nodes
    without parents) are left out unless ``leaves`` is true: backward has nothing to do
    at a leaf.
    """
    order: list[Value] = []
    visited: set[Value] = set()
    stack: list[Any] = [root]
    while stack:
        current = stack.pop()
        if current is _FINISHED:
            order.append(stack.pop())
        elif current not in visited:
            visited.add(current)
            if current._prev:
                stack.append(current)
                stack.append(_FINISHED)
                for parent in current._prev:
                    if (leaves or parent._prev) and parent not in visited:
                        stack.append(parent)
            elif leaves:
                order.append(current)
    return order


def backward(root: Value, create_graph: bool = False) -> None:
    """Set ``grad`` of every node below ``root`` to d(root)/d(node); leaves accumulate.

    A node whose gradient is exactly 0 passes nothing on: its edges are skipped (a dead
    relu, a satisfied margin), so 0 times an infinite local derivative counts as 0.
    """
    order = topological_order(root)
    for current in order:  # interior gradients describe this pass only
        current.grad = 0.0
    if create_graph:
        from .higher import backward_graph

        backward_graph(root, order)
        return
    root.grad += 1.0
    if modes.anomaly:
        _accumulate_checked(order)
        return
    for current in reversed(order):
        g = current.grad
        if g == 0.0:  # nothing flows on (a dead relu, a satisfied margin): skip its edges
            continue
        locs = current._locals
        i = 0
        for parent in current._prev:  # indexing beats zip(): no iterator object per node
            parent.grad += g * locs[i]
            i += 1  # noqa: SIM113 - enumerate() would allocate per node


def _accumulate_checked(order: list[Value]) -> None:
    """The same sweep, stopping at the first non-finite gradient (anomaly mode)."""
    for current in reversed(order):
        modes.check_grad(current)
        g = current.grad
        if g == 0.0:
            continue
        for parent, local in zip(current._prev, current._locals):
            parent.grad += g * local
            modes.check_grad(parent, current)


def zero_grad(values: Any) -> None:
    """Set ``grad`` of every given node to 0."""
    for v in values:
        v.grad = 0.0
