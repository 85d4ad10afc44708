"""The topological order of a graph: every node after its parents, found without recursion."""

from __future__ import annotations

from typing import Any

_FINISHED = object()  # on the stack: "the node below me has all its parents ordered"


def topological_order(root: Any, leaves: bool = False) -> list[Any]:
    """The nodes ``root`` depends on, each after all of its parents, ``root`` last.

    Iterative depth-first search with an explicit stack (parents are pushed in order,
    so the last is explored first): the order is the same on every run. Leaves (nodes
    without parents) are left out unless ``leaves`` is true: backward has nothing to do
    at a leaf.

    >>> from autograd import Value, topological_order
    >>> a = Value(1.0); b = a * 2; c = b + a  # the constant 2 is a leaf too
    >>> [v.data for v in topological_order(c, leaves=True)]
    [1.0, 2.0, 2.0, 3.0]
    """
    order: list[Any] = []
    visited: set[Any] = set()
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
