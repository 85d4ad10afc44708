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


def topological_order(root: Value, leaves: bool = False) -> list[Value]:
    """The nodes ``root`` depends on, each after all of its parents, ``root`` last.

    Iterative depth-first search, parents in order, so the order is the same on every
    run. Leaves (nodes without parents) are left out unless ``leaves`` is true.
    """
    order: list[Value] = []
    visited = {root}
    stack = [(root, iter(root._prev))]
    while stack:
        current, parents = stack[-1]
        for parent in parents:
            if parent not in visited:
                visited.add(parent)
                stack.append((parent, iter(parent._prev)))
                break
        else:
            stack.pop()
            if leaves or current._prev:
                order.append(current)
    return order


def backward(root: Value, create_graph: bool = False) -> None:
    """Set ``grad`` of every node below ``root`` to d(root)/d(node); leaves accumulate."""
    order = topological_order(root)
    for current in order:  # interior gradients describe this pass only
        current.grad = 0.0
    if create_graph:
        root.grad = root.grad + Value(1.0) if not root._prev else Value(1.0)
        _accumulate_graph(order)
        return
    root.grad += 1.0
    if modes.anomaly:
        _accumulate_checked(order)
        return
    for current in reversed(order):
        g = current.grad
        for parent, local in zip(current._prev, current._locals):
            parent.grad += g * local


def _accumulate_checked(order: list[Value]) -> None:
    """The same sweep, stopping at the first non-finite gradient (anomaly mode)."""
    for current in reversed(order):
        modes.check_grad(current)
        g = current.grad
        for parent, local in zip(current._prev, current._locals):
            parent.grad += g * local
            modes.check_grad(parent)


def _accumulate_graph(order: list[Value]) -> None:
    """The same sweep with gradients as nodes: local derivatives come from the op table's
    rules evaluated on ``Value``s, so the gradients can themselves be differentiated."""
    from .higher import local_values

    for current in reversed(order):
        g = current.grad
        for parent, local in zip(current._prev, local_values(current)):
            parent.grad = parent.grad + g * local


def zero_grad(values: Any) -> None:
    """Set ``grad`` of every given node to 0."""
    for v in values:
        v.grad = 0.0
