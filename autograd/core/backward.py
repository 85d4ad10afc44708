"""The backward pass: iterative topological order, then the grad_table accumulation.

This is the algorithm of the lecture notes::

    grad_table[root] = 1
    for node in reverse topological order:
        for parent, local in zip(node.parents, node.locals):
            grad_table[parent] += grad_table[node] * local

with ``node.grad`` as the grad_table. No recursion anywhere: a chain of a million nodes
works at Python's default recursion limit.

Zero is strong: a node whose gradient is exactly 0 passes nothing on (a dead ReLU, a
satisfied margin), and an edge whose local derivative is exactly 0 passes nothing either,
so 0 times an infinite or nan factor counts as 0, whichever side the 0 is on.
"""

from __future__ import annotations

from typing import Any

from . import higher
from .anomaly import check_grad
from .modes import ANOMALY
from .order import topological_order


def backward(root: Any, create_graph: bool = False) -> None:
    """Set ``grad`` of every node below ``root`` to d(root)/d(node); leaves accumulate."""
    order = topological_order(root)
    for current in order:  # interior gradients describe this pass only
        current.grad = 0.0
    if create_graph:
        higher.backward_graph(root, order)
        return
    root.grad += 1.0
    if ANOMALY.get() is not None:
        _accumulate_checked(order)
        return
    for current in reversed(order):
        g = current.grad
        if g == 0.0:  # nothing flows on (a dead relu, a satisfied margin): skip its edges
            continue
        locs = current._locals
        if g - g != 0.0 or locs is None:  # an infinite or nan gradient, or a hand-built node
            _accumulate_slow(current, g, locs)
            continue
        i = 0
        for parent in current._prev:  # indexing beats zip(): no iterator object per node
            parent.grad += g * locs[i]
            i += 1  # noqa: SIM113 - enumerate() would allocate per node


def _accumulate_slow(current: Any, g: float, locs: Any) -> None:
    """A hand-built node runs its ``_backward`` closure; a non-finite gradient reaches only
    the parents whose local derivative is not exactly 0 (strong zero)."""
    if locs is None:
        current._backward()
        return
    for parent, local in zip(current._prev, locs):
        if local != 0.0:
            parent.grad += g * local


def _accumulate_checked(order: list[Any]) -> None:
    """The same sweep, stopping at the first non-finite gradient (anomaly mode)."""
    for current in reversed(order):
        check_grad(current)
        g = current.grad
        if g == 0.0:
            continue
        if current._locals is None:
            current._backward()
            continue
        for parent, local in zip(current._prev, current._locals):
            if local != 0.0:
                parent.grad += g * local
            check_grad(parent, current)


def zero_grad(values: Any) -> None:
    """Set ``grad`` of every given node to 0."""
    for v in values:
        v.grad = 0.0
