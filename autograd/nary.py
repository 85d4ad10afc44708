"""n-ary nodes: a sum of n terms, or a neuron's ``w·x + b``, is one node with n parents.

One node instead of a chain of n binary adds makes graphs shallower and clearer, and
forward and backward faster: the products are summed in C and the local derivatives are
simply the other factor of each product.
"""

from __future__ import annotations

import builtins
import numbers
from collections.abc import Iterable, Sequence
from operator import attrgetter, mul
from typing import Any

from .methods import bind
from .ops import DOT, SUM
from .value import Value, as_float, node

_VALUE = frozenset({Value})
_NUMBER = frozenset({float, int})
_data = attrgetter("data")


def _values(items: Sequence[Any], what: str) -> list[Value]:
    """``items`` with every plain number made a constant leaf (a ``TypeError`` for anything else)."""
    return [x if isinstance(x, Value) else Value(as_float(x, what)) for x in items]


def _foreign(items: Iterable[Any]) -> bool:
    """True when an item is neither a ``Value`` nor a number nor None, e.g. a dual number of
    forward mode: such items are combined with their own ``+`` and ``*`` instead."""
    return not builtins.all(isinstance(v, (Value, numbers.Real)) or v is None for v in items)


def sum(values: Iterable[Any]) -> Value:
    """Σ values as one node whose parents are the ``Value`` terms; plain numbers fold in."""
    items = values if isinstance(values, (list, tuple)) else list(values)
    terms = [v for v in items if isinstance(v, Value)]
    offset = 0.0
    if len(terms) != len(items):
        if _foreign(items):
            return builtins.sum(items)
        offset = builtins.sum(as_float(v, "autograd.sum") for v in items if not isinstance(v, Value))
    return node(builtins.sum(map(_data, terms)) + offset, tuple(terms), (1.0,) * len(terms), SUM)


def dot(ws: Sequence[Any], xs: Sequence[Any], bias: Any = None) -> Value:
    """``Σ ws[i] * xs[i] (+ bias)`` as one node.

    Either side may be plain numbers (a neuron's inputs, say): they become the local
    derivatives of the other side and add no nodes. A ``Value`` bias is a parent with
    local derivative 1; a numeric bias is folded into the result.
    """
    if len(ws) != len(xs):
        raise ValueError(f"dot: {len(ws)} weights but {len(xs)} inputs")
    wkinds, xkinds = set(map(type, ws)), set(map(type, xs))
    if xkinds <= _VALUE and wkinds <= _NUMBER and xkinds:
        ws, xs, wkinds, xkinds = xs, ws, xkinds, wkinds  # the Value side goes first
    if wkinds <= _VALUE and xkinds <= _NUMBER:  # one side numbers: they add no nodes
        wd = list(map(_data, ws))
        xd = xs if xkinds <= {float} else [float(x) for x in xs]
        parents, locs, pairs = tuple(ws), tuple(xd), 0
    elif _foreign(ws) or _foreign(xs) or _foreign([bias]):
        return builtins.sum(map(mul, ws, xs)) + (0.0 if bias is None else bias)
    else:  # both sides Values (numbers in a mixed side become constant leaves)
        ws, xs = _values(ws, "dot's weights"), _values(xs, "dot's inputs")
        wd, xd = list(map(_data, ws)), list(map(_data, xs))
        parents, locs, pairs = (*ws, *xs), (*xd, *wd), len(ws)
    out = builtins.sum(map(mul, wd, xd))
    if isinstance(bias, Value):
        out += bias.data
        parents, locs = (*parents, bias), (*locs, 1.0)
    elif bias is not None:
        out += as_float(bias, "dot's bias")
    return node(out, parents, locs, bind(DOT, (pairs,)))


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
            locs, op = (*xd, 1.0), bind(DOT, (0,))
            shared = shared or [(*w, b) for w, b in zip(ws, biases)]
            out.append([node(builtins.sum(map(mul, wd, xd)) + bd, wb, locs, op)
                        for wd, bd, wb in zip(wds, bds, shared)])
        elif kinds == {Value}:  # a previous layer's outputs: weights and inputs are all parents
            xs = tuple(x)
            xd = tuple(map(_data, xs))
            op = bind(DOT, (len(xs),))
            tails = tails or [(*wd, 1.0) for wd in wds]  # d/dx_i = w_i, d/db = 1: the same every row
            out.append([node(builtins.sum(map(mul, wd, xd)) + bd, (*w, *xs, b), xd + tail, op)
                        for w, b, wd, bd, tail in zip(ws, biases, wds, bds, tails)])
        else:  # mixed or unusual inputs: the general function
            out.append([dot(w, x, b) for w, b in zip(ws, biases)])
    return out


def _all_real(kinds: set[type]) -> bool:
    """True for plain-number types beyond float and int (numpy's float64, int64, ...), not bool."""
    return all(issubclass(k, numbers.Real) and k is not bool and not issubclass(k, Value) for k in kinds)
