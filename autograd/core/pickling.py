"""Pickling and deep-copying ``Value`` graphs flat: no recursion, whatever the depth.

Pickle (and ``copy.deepcopy``) would save a node's parents while saving the node, its
parents' parents inside that, and so on: a chain of 100,000 nodes overflows the stack. Here
the first node saved of a graph (its root) lists its interior ancestors, parents before
children, as an argument that is saved before the node itself. Each of them is then saved
with its own fields only — its parents have already been saved, so they are references —
and the graph is rebuilt node by node, every shared node still shared (a parameter used by
a loss and pickled with it is one object after loading).

Ops are saved by reference: a registry primitive by its name (and its parameters), n-ary
and constant ops by their module-level names; a user's custom op as itself.
"""

from __future__ import annotations

import weakref
from contextvars import ContextVar
from typing import Any

from .order import topological_order
from .primitive import PRIMITIVES, Bound, Primitive

_PENDING: ContextVar[dict[int, Any] | None] = ContextVar("autograd_pickling", default=None)
"""Interior nodes listed by a root being saved, not yet saved themselves: id → weakref."""


def reduce(node: Any) -> tuple[Any, ...]:
    """``node.__reduce_ex__``: (make an empty node, args, the node's own fields)."""
    state = (node.data, node.grad, node.label, _encode(node._prim), node._prev, node._locals)
    cls = type(node)
    if not node._prev:
        return shell, (cls,), state
    pending = _PENDING.get()
    if pending is None:
        pending = {}
        _PENDING.set(pending)
    ref = pending.pop(id(node), None)
    if ref is not None and ref() is node:  # listed by a root: its parents are saved already
        return shell, (cls,), state
    interior = topological_order(node)[:-1]  # parents before children, without node
    for v in interior:
        pending[id(v)] = weakref.ref(v)
    return shell, (cls, interior, Listed([id(v) for v in interior])), state


def shell(cls: Any, *_saved_first: Any) -> Any:
    """An empty node of class ``cls`` (its fields come from ``restore``); the other arguments
    were only there to be saved before it."""
    return cls.__new__(cls)


def restore(node: Any, state: tuple[Any, ...]) -> None:
    """``node.__setstate__``: the fields saved by :func:`reduce`."""
    node.data, node.grad, node.label, prim, node._prev, node._locals = state
    node._prim = _decode(prim)


class Listed:
    """Saved after a root's list of ancestors: forgets those of them that were not saved
    (already in the pickle from elsewhere), so no stale entry outlives the pickle."""

    __slots__ = ("ids",)

    def __init__(self, ids: list[int]) -> None:
        self.ids = ids

    def __reduce__(self) -> tuple[Any, ...]:
        pending = _PENDING.get()
        if pending is not None:
            for i in self.ids:
                pending.pop(i, None)
        return type(None), ()

    def __deepcopy__(self, memo: dict[int, Any]) -> None:
        self.__reduce__()


def _encode(prim: Any) -> Any:
    if isinstance(prim, Bound):
        return ("bound", prim.name, prim.params)
    if isinstance(prim, Primitive):
        return ("primitive", prim.name)
    return prim  # "" (a leaf), n-ary and constant ops (module-level names), custom ops


def _decode(prim: Any) -> Any:
    if type(prim) is tuple:
        primitive = PRIMITIVES[prim[1]]
        return primitive.bind(prim[2]) if prim[0] == "bound" else primitive
    return prim
