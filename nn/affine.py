"""A layer's ``w·x + b`` for all its neurons and a batch of inputs: one ``autograd.dot`` node each.

The nodes are exactly those ``autograd.dot(w, x, b)`` makes (same parents, local
derivatives and op). What is shared is the work around them: the weights' numbers are
read once per batch, each input row is checked and read once for all neurons, and for
raw float inputs the parents ``(*w, b)`` and the local derivatives ``(*x, 1)`` are tuples
shared by every node that has them. Raw inputs stay plain floats and add no nodes (other
real types, numpy's float64 say, are converted to float first: no constant leaves for them).
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from operator import attrgetter, mul
from typing import Any

from autograd import Value, dot
from autograd.methods import bind
from autograd.ops import DOT
from autograd.value import node

_data = attrgetter("data")
_NUMBERS = frozenset({float, int})


def affine(weights: Sequence[Sequence[Value]], biases: Sequence[Value],
           rows: Sequence[Sequence[Any]]) -> list[list[Value]]:
    """For each input row, ``[autograd.dot(w, row, b) for w, b in zip(weights, biases)]``."""
    ws = [tuple(w) for w in weights]
    wds = [tuple(map(_data, w)) for w in ws]
    bds = [b.data for b in biases]
    shared = tails = None  # tuples that every row's nodes share, made on first need
    out = []
    for x in rows:
        kinds = set(map(type, x))
        if kinds and (kinds <= _NUMBERS or _all_real(kinds)):  # raw inputs: the weights' local derivatives
            xd = tuple(x) if kinds == {float} else tuple(map(float, x))
            locs, op = (*xd, 1.0), bind(DOT, (0,))
            shared = shared or [(*w, b) for w, b in zip(ws, biases)]
            out.append([node(sum(map(mul, wd, xd)) + bd, wb, locs, op)
                        for wd, bd, wb in zip(wds, bds, shared)])
        elif kinds == {Value}:  # a previous layer's outputs: weights and inputs are all parents
            xs = tuple(x)
            xd = tuple(map(_data, xs))
            op = bind(DOT, (len(xs),))
            tails = tails or [(*wd, 1.0) for wd in wds]  # d/dx_i = w_i, d/db = 1: the same every row
            out.append([node(sum(map(mul, wd, xd)) + bd, (*w, *xs, b), xd + tail, op)
                        for w, b, wd, bd, tail in zip(ws, biases, wds, bds, tails)])
        else:  # mixed or unusual inputs: the general function
            out.append([dot(w, x, b) for w, b in zip(ws, biases)])
    return out


def _all_real(kinds: set[type]) -> bool:
    """True for plain-number types beyond float and int (numpy's float64, int64, ...), not bool."""
    return all(issubclass(k, numbers.Real) and k is not bool and not issubclass(k, Value) for k in kinds)
