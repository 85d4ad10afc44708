"""``Value``: one node of the computational graph.

A node holds its number (``data``), its gradient (``grad``), its parents and, for each
parent, the local derivative d(self)/d(parent) computed when the node was made. Storing
numbers instead of closures keeps nodes small and free of reference cycles, and turns
``backward()`` into one tight loop (:mod:`autograd.backward`). The arithmetic and
activation methods are generated from the op table (:mod:`autograd.methods`).
"""

from __future__ import annotations

import numbers
from typing import Any

from . import modes


def as_float(data: Any, what: str = "Value()") -> float:
    """``data`` as a float, or a ``TypeError`` naming its type (bool and int convert)."""
    if isinstance(data, numbers.Real) and not isinstance(data, Value):
        return float(data)
    hint = " (use v.data, or v.detach() for a copy without history)" if isinstance(data, Value) else ""
    raise TypeError(f"{what} takes a real number (int, float or bool), "
                    f"not {type(data).__name__}{hint}")


class Value:
    """A scalar in the computational graph, with its gradient.

    >>> a = Value(2.0, label="a"); b = Value(-3.0, label="b")
    >>> c = a * b + a; c.backward()
    >>> a.grad, b.grad
    (-2.0, 2.0)
    """

    __slots__ = ("_locals", "_op", "_prev", "data", "grad", "label")

    data: float
    grad: Any  # a float; a Value after backward(create_graph=True)

    def __init__(self, data: float, _children: tuple = (), _op: Any = "", label: str = "",
                 _locals: tuple | None = None) -> None:
        self.data = data if type(data) is float else as_float(data)
        self.grad = 0.0
        if not isinstance(label, str):
            raise TypeError(f"label must be a str, not {type(label).__name__}")
        children = tuple(_children)
        locs = tuple(_locals) if _locals is not None else ()
        if len(locs) != len(children):
            raise TypeError("a Value made from parents needs one local derivative per parent "
                            "(_locals); define new ops with autograd.custom_op instead")
        self._prev = children
        self._locals = locs
        self._op = _op
        self.label = label

    def __repr__(self) -> str:
        label = f", label={self.label!r}" if self.label else ""
        return f"Value(data={self.data!r}, grad={self.grad!r}{label})"

    # -- conveniences; the differentiable ops are installed by autograd.methods ------------
    def __float__(self) -> float:
        return self.data

    def item(self) -> float:
        """The number, as a plain float (PyTorch's name)."""
        return self.data

    def detach(self) -> Value:
        """A new leaf with the same number and no history: gradients stop here."""
        return Value(self.data, label=self.label)

    def backward(self, create_graph: bool = False) -> None:
        """Fill ``.grad`` of every node this one depends on with d(self)/d(node).

        Leaf gradients accumulate across calls until zeroed (PyTorch's rule); interior
        gradients describe this pass only. With ``create_graph=True`` the gradients are
        themselves ``Value`` nodes that can be back-propagated again (higher order).
        """
        from .backward import backward

        backward(self, create_graph=create_graph)

    # Comparisons compare the numbers; equality stays identity so nodes can key dicts and sets.
    def __lt__(self, other: Any) -> bool:
        return self.data < _number(other)

    def __le__(self, other: Any) -> bool:
        return self.data <= _number(other)

    def __gt__(self, other: Any) -> bool:
        return self.data > _number(other)

    def __ge__(self, other: Any) -> bool:
        return self.data >= _number(other)

    __hash__ = object.__hash__


def _number(other: Any) -> float:
    return other.data if isinstance(other, Value) else as_float(other, "comparison with a Value")


def const(x: Any) -> Value | None:
    """A leaf holding the number ``x``, or ``None`` when ``x`` is not a real number."""
    if type(x) is float:
        return Value(x)
    if isinstance(x, numbers.Real):
        return Value(float(x))
    return None


def node(out: float, prev: tuple, locs: tuple, op: Any) -> Value:
    """Make an op's result node, honouring ``no_grad`` and ``detect_anomaly``.

    The generated op methods inline the common case of this function; n-ary ops and the
    slow modes come here.
    """
    v = Value.__new__(Value)
    v.data, v.grad, v.label, v._op = out, 0.0, "", op
    if modes.grad_enabled:
        v._prev, v._locals = prev, locs
    else:
        v._prev = v._locals = ()
    if modes.anomaly:
        modes.check_node(v, op, prev, locs)
    return v
