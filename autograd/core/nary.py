"""n-ary nodes: a sum of n terms, or a neuron's ``w·x + b``, is one node with n parents.

One node instead of a chain of n binary adds makes graphs shallower and clearer, and
forward and backward faster: the products are summed in C and the local derivatives are
simply the other factor of each product. :data:`SUM` and :data:`DOT` implement the same op
interface as the elementwise primitives (:class:`autograd.core.primitive.Op`), so backward,
higher order, compile and viz treat them like any other op.

Plain numbers among the terms are kept exactly: a side of constant factors is stored as the
node's local derivatives, and a constant term or bias becomes a constant leaf parent (never
re-derived from the node's value, so compiled code sees the constant itself).
"""

from __future__ import annotations

import builtins
import numbers
from collections.abc import Iterable, Sequence
from operator import attrgetter, mul
from typing import Any

from .primitive import Math, Op
from .sym import sym
from .value import Value, make_node, operand

_VALUE = frozenset({Value})
_NUMBER = frozenset({float, int})
_KNOWN = _VALUE | _NUMBER
_data = attrgetter("data")


class Sum(Op):
    """Σ x_i as one node: every local derivative is 1."""

    name = symbol = "sum"
    arity = None

    def __init__(self) -> None:
        self.primitive = self

    def evaluate(self, xs: Sequence[float], stored: Sequence[float] = ()) -> tuple[float, tuple[float, ...]]:
        return builtins.sum(xs), (1.0,) * len(xs)

    def derivatives(self, m: Math, operands: Sequence[Any], out: Any, stored: Sequence[Any] = ()) -> tuple:
        return (1.0,) * len(operands)

    def forward_terms(self, m: Math, operands: Sequence[Any], stored: Sequence[Any] = ()) -> list[Any]:
        return list(operands)

    def __reduce__(self) -> str:
        return "SUM"  # pickled by reference: the one shared instance


class Dot(Op):
    """``Σ w_i x_i (+ b)`` as one node. ``pairs`` is n when both sides are nodes (parents
    ``w_1..w_n, x_1..x_n`` then the bias), 0 when one side is constant numbers (parents that
    side's nodes then the bias; the constants are the stored local derivatives)."""

    name = "dot"
    arity = None

    def __init__(self, pairs: int) -> None:
        self.primitive, self.params, self.symbol, self.pairs = self, (float(pairs),), "dot", pairs

    def evaluate(self, xs: Sequence[float], stored: Sequence[float] = ()) -> tuple[float, tuple[float, ...]]:
        n = self.pairs
        if not n:  # Σ c_i x_i, the bias's c being 1: the sum dot() and affine() compute
            constants = tuple(_constants(xs, stored))
            return builtins.sum(map(mul, constants, xs)), constants
        ws, vs, bias = xs[:n], xs[n:2 * n], xs[2 * n:]
        return builtins.sum(map(mul, ws, vs)) + builtins.sum(bias), (*vs, *ws, *(1.0,) * len(bias))

    def derivatives(self, m: Math, operands: Sequence[Any], out: Any, stored: Sequence[Any] = ()) -> tuple:
        n = self.pairs
        if not n:
            return tuple(_constants(operands, stored))
        return (*operands[n:2 * n], *operands[:n], *(1.0,) * (len(operands) - 2 * n))

    def forward_terms(self, m: Math, operands: Sequence[Any], stored: Sequence[Any] = ()) -> list[Any]:
        n = self.pairs
        if not n:
            return [v if c == 1.0 else v * sym(c) for v, c in zip(operands, _constants(operands, stored))]
        return [w * x for w, x in zip(operands[:n], operands[n:2 * n])] + list(operands[2 * n:])

    def __repr__(self) -> str:
        return f"<op dot pairs={self.pairs}>"

    def __reduce__(self) -> tuple[Any, ...]:
        return dot_op, (self.pairs,)  # the shared instance for this many pairs


def _constants(operands: Sequence[Any], stored: Sequence[Any]) -> Sequence[Any]:
    """The constant factors of a dot with a constant side: not operands but the node's stored
    local derivatives, one per parent (a ``TypeError`` when they are not given)."""
    if len(stored) != len(operands):
        raise TypeError(f"dot with a constant side keeps its constant factors in the node: pass the "
                        f"node's local derivatives as stored ({len(operands)} operand(s), "
                        f"{len(stored)} stored)")
    return stored


SUM = Sum()
"""n-ary sum: one node with n parents, every local derivative 1."""
DOT = Dot(0)
"""n-ary dot product whose one side is constant numbers."""
_DOTS: dict[int, Dot] = {0: DOT}


def dot_op(pairs: int) -> Dot:
    """The dot op for ``pairs`` pairs of node factors (0: one side constant), shared by its nodes."""
    op = _DOTS.get(pairs)
    if op is None:
        op = _DOTS[pairs] = Dot(pairs)
    return op


def _values(items: Sequence[Any], what: str) -> list[Value]:
    """``items`` with every plain number made a constant leaf (a ``TypeError`` for anything else)."""
    return [operand(x, what) for x in items]


def _foreign(items: Iterable[Any]) -> bool:
    """True when an item is a dual number of forward mode (or another higher-level carrier):
    such items are combined with their own ``+`` and ``*`` instead."""
    return builtins.any((getattr(v, "_level", 0) or 0) > 0 for v in items)


def sum(values: Iterable[Any]) -> Any:
    """Σ values as one node whose parents are the ``Value`` terms; plain numbers are added
    up into one constant leaf parent (exactly as given).

    >>> from autograd import Value, sum
    >>> s = sum([Value(1.0), Value(2.0), 0.5]); s.data, len(s._prev)
    (3.5, 3)
    """
    items = values if isinstance(values, (list, tuple)) else list(values)
    terms = [v for v in items if isinstance(v, Value)]
    if len(terms) != len(items):
        if _foreign(items):
            return builtins.sum(items)
        offset = builtins.sum(operand(v, "autograd.sum").data for v in items if not isinstance(v, Value))
        if offset != 0.0 or not terms:
            terms.append(operand(offset, "autograd.sum"))
    return make_node(builtins.sum(map(_data, terms)), tuple(terms), (1.0,) * len(terms), SUM)


def dot(ws: Sequence[Any], xs: Sequence[Any], bias: Any = None) -> Any:
    """``Σ ws[i] * xs[i] (+ bias)`` as one node.

    Either side may be plain numbers (a neuron's inputs, say): they become the local
    derivatives of the other side and add no nodes. A bias is a parent with local
    derivative 1 (a numeric bias a constant leaf).

    >>> from autograd import Value, dot
    >>> w = [Value(1.0), Value(-2.0)]
    >>> y = dot(w, [3.0, 4.0], bias=Value(0.5)); y.data
    -4.5
    """
    if len(ws) != len(xs):
        raise ValueError(f"dot: {len(ws)} weights but {len(xs)} inputs")
    wkinds, xkinds = set(map(type, ws)), set(map(type, xs))
    maybe_foreign = not (wkinds | xkinds) <= _KNOWN or bool(getattr(bias, "_level", 0))
    if maybe_foreign and (_foreign(ws) or _foreign(xs) or _foreign([bias])):  # duals: their own + and *
        return builtins.sum(map(mul, ws, xs)) + (0.0 if bias is None else bias)
    if xkinds <= _VALUE and wkinds <= _NUMBER and xkinds:
        ws, xs, wkinds, xkinds = xs, ws, xkinds, wkinds  # the Value side goes first
    if wkinds <= _VALUE and xkinds <= _NUMBER:  # one side numbers: they add no nodes
        wd, xd = list(map(_data, ws)), list(map(float, xs))
        parents, locs, pairs = tuple(ws), tuple(xd), 0
    else:  # both sides Values (numbers in a mixed side become constant leaves)
        ws, xs = _values(ws, "dot's weights"), _values(xs, "dot's inputs")
        wd, xd = list(map(_data, ws)), list(map(_data, xs))
        parents, locs, pairs = (*ws, *xs), (*xd, *wd), len(ws)
    out = builtins.sum(map(mul, wd, xd))
    if bias is not None:
        b = operand(bias, "dot's bias")
        out += b.data
        parents, locs = (*parents, b), (*locs, 1.0)
    return make_node(out, parents, locs, dot_op(pairs))


def affine(weights: Sequence[Sequence[Value]], biases: Sequence[Value],
           rows: Sequence[Sequence[Any]]) -> list[list[Value]]:
    """For each input row, ``[dot(w, row, b) for w, b in zip(weights, biases)]``: a layer's
    ``w·x + b`` for all its neurons and a batch of rows, the same nodes ``dot`` makes.

    What is shared is the work around the nodes: the weights' numbers are read once per
    batch, each row once for all neurons, and for rows of plain numbers the parents
    ``(*w, b)`` and the local derivatives ``(*x, 1)`` are tuples shared by every node that
    has them. Plain-number inputs (numpy's float64 too) become floats and add no nodes.
    """
    ws = [tuple(w) for w in weights]
    wds = [tuple(map(_data, w)) for w in ws]
    bds = [b.data for b in biases]
    shared = tails = None  # tuples that every row's nodes share, made on first need
    out = []
    for x in rows:
        kinds = set(map(type, x))
        if kinds and (kinds <= _NUMBER or _all_real(kinds)):  # raw inputs: the weights' local derivatives
            xd = tuple(x) if kinds == {float} else tuple(map(float, x))
            locs = (*xd, 1.0)
            shared = shared or [(*w, b) for w, b in zip(ws, biases)]
            out.append([make_node(builtins.sum(map(mul, wd, xd)) + bd, wb, locs, DOT)
                        for wd, bd, wb in zip(wds, bds, shared)])
        elif kinds == {Value}:  # a previous layer's outputs: weights and inputs are all parents
            xs = tuple(x)
            xd = tuple(map(_data, xs))
            op = dot_op(len(xs))
            tails = tails or [(*wd, 1.0) for wd in wds]  # d/dx_i = w_i, d/db = 1: the same every row
            out.append([make_node(builtins.sum(map(mul, wd, xd)) + bd, (*w, *xs, b), xd + tail, op)
                        for w, b, wd, bd, tail in zip(ws, biases, wds, bds, tails)])
        else:  # mixed or unusual inputs: the general function
            out.append([dot(w, x, b) for w, b in zip(ws, biases)])
    return out


def _all_real(kinds: set[type]) -> bool:
    """True for plain-number types beyond float and int (numpy's float64, int64, ...), not bool."""
    return builtins.all(issubclass(k, numbers.Real) and k is not bool and not issubclass(k, Value)
                        for k in kinds)
