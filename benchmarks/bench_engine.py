"""The engine against micrograd 0.1.0 on the same math: time, bytes per node, deep chains.

(1) build + backward of an elementwise graph of binary ops, ``(x*w + b).relu() * (c - w) + x**2``
per term, the terms summed pairwise (micrograd's recursive topological sort cannot take a
long chain); (2) bytes per node of that graph (tracemalloc); (3) forward + backward time per
node of a chain ``y = y * c`` at 10,000 and 1,000,000 nodes. Every time is measured with the
cyclic garbage collector on (as users run micrograd) and off (the engine itself).
"""

from __future__ import annotations

import gc
import random
import sys
import tracemalloc
from collections.abc import Callable
from typing import Any

from common import best_time, check_close, table

import autograd

TERMS = 5000


def _elementwise(value: Callable[[float], Any], n: int = TERMS, seed: int = 0) -> tuple[Any, list[Any]]:
    rng = random.Random(seed)
    leaves = [[value(rng.uniform(-1, 1)) for _ in range(4)] for _ in range(n)]
    terms = [(x * w + b).relu() * (c - w) + x**2 for x, w, b, c in leaves]
    while len(terms) > 1:
        pairs = [terms[i] + terms[i + 1] for i in range(0, len(terms) - 1, 2)]
        terms = pairs + terms[len(terms) - len(terms) % 2:]
    return terms[0], [leaf for group in leaves for leaf in group]


def _build_and_backward(value: Callable[[float], Any]) -> Callable[[], Any]:
    def run() -> Any:
        root, _ = _elementwise(value)
        root.backward()
        return root

    return run


def _count_micrograd(root: Any) -> int:
    seen, stack = {root}, [root]
    while stack:
        for child in stack.pop()._prev:
            if child not in seen:
                seen.add(child)
                stack.append(child)
    return len(seen)


def _bytes_per_node(value: Callable[[float], Any], count: Callable[[Any], int]) -> float:
    gc.collect()
    tracemalloc.start()
    root, _ = _elementwise(value)
    size, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return size / count(root)


def _chain(value: Callable[[float], Any], n: int) -> Callable[[], Any]:
    def run() -> Any:
        c = value(0.99999)
        y = value(1.0)
        for _ in range(n):
            y = y * c
        y.backward()
        return c.grad

    return run


def main() -> None:
    from micrograd.engine import Value as MicroValue

    from autograd import Value

    (ours, ours_leaves), (theirs, micro_leaves) = _elementwise(Value), _elementwise(MicroValue)
    ours.backward()
    theirs.backward()
    check_close("elementwise graph", ours.data, theirs.data)
    for a, b in zip(ours_leaves, micro_leaves):
        check_close("elementwise leaf gradient", a.grad, b.grad)

    rows = []
    for gc_on in (True, False):
        t_micro = best_time(_build_and_backward(MicroValue), repeat=5, gc_on=gc_on)
        t_ours = best_time(_build_and_backward(Value), repeat=5, gc_on=gc_on)
        rows.append([f"GC {'on' if gc_on else 'off'}", t_micro * 1e3, t_ours * 1e3, t_micro / t_ours])
    print(table(f"(1) elementwise graph, {TERMS} terms, build + backward (ms)",
                ["", "micrograd", "ours", "speed-up"], rows))

    micro_bytes = _bytes_per_node(MicroValue, _count_micrograd)
    ours_bytes = _bytes_per_node(Value, lambda root: len(autograd.topological_order(root, leaves=True)))
    print(table("\n(2) bytes per node (tracemalloc, same graph)",
                ["micrograd", "ours", "ours / micrograd"],
                [[micro_bytes, ours_bytes, ours_bytes / micro_bytes]]))

    sys.setrecursionlimit(100_000)  # micrograd's topological sort recurses once per node
    rows = []
    for gc_on in (True, False):
        micro_small = best_time(_chain(MicroValue, 10_000), repeat=3, gc_on=gc_on) / 10_000
        small = best_time(_chain(Value, 10_000), repeat=3, gc_on=gc_on) / 10_000
        large = best_time(_chain(Value, 1_000_000), repeat=1, gc_on=gc_on) / 1_000_000
        rows.append([f"GC {'on' if gc_on else 'off'}", micro_small * 1e9, small * 1e9, large * 1e9,
                     micro_small / small, large / small])
    print(table("\n(3) chain y = y * c, forward + backward, ns per node",
                ["", "micrograd 10k", "ours 10k", "ours 1M", "speed-up 10k", "ours 1M / 10k"], rows))


if __name__ == "__main__":
    main()
