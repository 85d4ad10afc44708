"""Capping big drawings: keep the nodes nearest the root, and say what was left out and where."""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from autograd import Value

from .clusters import nesting

SIDE_STEP = 6
"""Extra cost of each further interior parent when capping: how strongly the cap prefers depth."""


def check_max_nodes(max_nodes: Any) -> int | None:
    """``max_nodes`` if it is None or an int ≥ 1, else a ``ValueError`` naming it."""
    if max_nodes is None:
        return None
    if isinstance(max_nodes, bool) or not isinstance(max_nodes, int) or max_nodes < 1:
        raise ValueError(f"max_nodes must be None (draw everything) or an int ≥ 1, not {max_nodes!r}")
    return max_nodes


def nearest(root: Value, max_nodes: int) -> set[Value]:
    """The ``max_nodes`` nodes closest to ``root`` (shortest paths over parents, no recursion).

    A step to a node's k-th interior parent costs ``1 + SIDE_STEP * k`` (a leaf parent, 1):
    under a sum over a batch the drawing follows the first example deep through the
    network instead of showing the top of every example's branch.
    """
    best = {root: 0}
    heap = [(0, 0, root)]
    picked: set[Value] = set()
    pushed = 1
    while heap and len(picked) < max_nodes:
        cost, _, v = heapq.heappop(heap)
        if v in picked or cost > best[v]:
            continue
        picked.add(v)
        k = 0
        for p in v._prev:
            step = 1 + SIDE_STEP * k if p._prev else 1
            k += bool(p._prev)
            if p not in picked and cost + step < best.get(p, math.inf):
                best[p] = cost + step
                heapq.heappush(heap, (cost + step, pushed, p))
                pushed += 1
    return picked


def left_out_note(order: Sequence[Value], drawn: Collection[Value], cluster: Mapping[Value, str]) -> str:
    """One line for the drawing's title: how many nodes were left out, per top-level module."""
    counts = Counter((nesting(cluster[v]) or ("outside modules",))[0] for v in order if v not in drawn)
    where = ", ".join(f"{name}: {n}" for name, n in counts.items())
    return (f"showing {len(drawn)} of {len(order)} values; {len(order) - len(drawn)} left out "
            f"({where}), upstream of the dashed '⋯' stubs; raise max_nodes to draw more")
