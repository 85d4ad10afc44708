"""Capping big drawings: keep the nodes nearest the root, and say what was left out and where."""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from autograd import Value

from .clusters import nesting


def check_max_nodes(max_nodes: Any) -> int | None:
    """``max_nodes`` if it is None or an int ≥ 1, else a ``ValueError`` naming it."""
    if max_nodes is None:
        return None
    if isinstance(max_nodes, bool) or not isinstance(max_nodes, int) or max_nodes < 1:
        raise ValueError(f"max_nodes must be None (draw everything) or an int ≥ 1, not {max_nodes!r}")
    return max_nodes


def nearest(root: Value, max_nodes: int) -> set[Value]:
    """The ``max_nodes`` nodes closest to ``root``, breadth-first over parents in order (no recursion)."""
    seen = {root}
    queue = deque([root])
    picked: set[Value] = set()
    while queue and len(picked) < max_nodes:
        v = queue.popleft()
        picked.add(v)
        for p in v._prev:
            if p not in seen:
                seen.add(p)
                queue.append(p)
    return picked


def left_out_note(order: Sequence[Value], drawn: Collection[Value], cluster: Mapping[Value, str]) -> str:
    """One line for the drawing's title: how many nodes were left out, per top-level module."""
    counts = Counter((nesting(cluster[v]) or ("outside modules",))[0] for v in order if v not in drawn)
    where = ", ".join(f"{name}: {n}" for name, n in counts.items())
    return (f"showing {len(drawn)} of {len(order)} values; {len(order) - len(drawn)} left out "
            f"({where}), upstream of the dashed '⋯' stubs; raise max_nodes to draw more")
