"""Higher order and transforms: what a differentiable gradient costs next to a plain one.

(1) the same elementwise graph back-propagated to numbers (``backward()``, the path the
whole engine is tuned for) and to graphs (``backward(create_graph=True)``), per node;
(2) Hessian-vector products of a function of N = 50 inputs: forward over reverse (``hvp``,
``jvp`` of ``grad``) against reverse over reverse (``backward(create_graph=True)``, then a
second backward of the gradient's dot product with v) against forming the whole Hessian;
(3) forward mode against reverse mode per graph node: one ``jvp`` against one build +
``backward()`` of the same function.
"""

from __future__ import annotations

import random
from typing import Any

from common import best_time, check_close, table

import autograd
from autograd import Value, grad, hessian, hvp, jvp

TERMS = 2000
N = 50


def _graph(n: int = TERMS) -> tuple[Value, int]:
    rng = random.Random(0)
    leaves = [[Value(rng.uniform(-1, 1)) for _ in range(3)] for _ in range(n)]
    root = autograd.sum([(x * w + b).tanh() * w + x.exp() * b for x, w, b in leaves])
    return root, len(autograd.topological_order(root, leaves=True))


def _backward(create_graph: bool) -> Any:
    def run() -> None:
        root, _ = _graph()
        root.backward(create_graph=create_graph)

    return run


def _function(xs: list[Any]) -> Any:
    """A coupled function of N scalars: a chain of tanh-products plus a log-sum of squares
    (builtin ``sum``, so that forward mode's dual numbers can run it too)."""
    chain = sum((xs[i] * xs[i + 1]).tanh() for i in range(len(xs) - 1))
    return chain + sum(x * x for x in xs).log() + 0.5


def _hvp_forward(xs: list[float], v: list[float]) -> list[float]:
    """H·v forward over reverse: ``jvp`` of ``grad``, H never formed."""
    return [float(e) for e in hvp(_function)([xs], [v])[0]]


def _hvp_reverse(xs: list[float], v: list[float]) -> list[float]:
    """H·v reverse over reverse: a differentiable gradient, then the gradient of its dot with v."""
    leaves = [Value(x) for x in xs]
    _function(leaves).backward(create_graph=True)
    gradient = [leaf.grad for leaf in leaves]
    for leaf in leaves:
        leaf.grad = 0.0
    autograd.sum([g * c for g, c in zip(gradient, v)]).backward()
    return [float(leaf.grad) for leaf in leaves]


def _build_and_backward(xs: list[float]) -> None:
    _function([Value(x) for x in xs]).backward()


def main() -> None:
    _, nodes = _graph()
    rows = []
    for gc_on in (True, False):
        plain = best_time(_backward(False), repeat=5, gc_on=gc_on)
        graphed = best_time(_backward(True), repeat=3, gc_on=gc_on)
        rows.append([f"GC {'on' if gc_on else 'off'}", plain / nodes * 1e6, graphed / nodes * 1e6,
                     graphed / plain])
    print(table(f"(1) build + backward of {nodes} nodes (µs per node)",
                ["", "backward()", "create_graph=True", "ratio"], rows))

    rng = random.Random(1)
    xs = [rng.uniform(-1, 1) for _ in range(N)]
    v = [rng.uniform(-1, 1) for _ in range(N)]
    h = hessian(_function)(xs)
    hv = [sum(float(e) * c for e, c in zip(row, v)) for row in h]
    for a, b, c in zip(_hvp_forward(xs, v), _hvp_reverse(xs, v), hv):
        check_close("hvp forward over reverse", a, c)
        check_close("hvp reverse over reverse", b, c)
    t_hessian = best_time(lambda: hessian(_function)(xs), repeat=3)
    t_forward = best_time(lambda: _hvp_forward(xs, v), repeat=5)
    t_reverse = best_time(lambda: _hvp_reverse(xs, v), repeat=5)
    print(table(f"\n(2) Hessian-vector products of a function of {N} inputs (ms)",
                ["hvp: forward over reverse", "hvp: reverse over reverse", "hessian (N×N)",
                 "hessian / hvp fwd-rev"],
                [[t_forward * 1e3, t_reverse * 1e3, t_hessian * 1e3, t_hessian / t_forward]]))

    leaves = [Value(x) for x in xs]
    graph_nodes = len(autograd.topological_order(_function(leaves), leaves=True))
    gradient = grad(_function)(xs)
    check_close("jvp", float(jvp(_function, [xs], [v])[1]), sum(g * c for g, c in zip(gradient, v)))
    t_jvp = best_time(lambda: jvp(_function, [xs], [v]), repeat=5)
    t_backward = best_time(lambda: _build_and_backward(xs), repeat=5)
    print(table(f"\n(3) the same function, {graph_nodes} graph nodes (ns per node)",
                ["jvp (one direction)", "build + backward()", "jvp / backward"],
                [[t_jvp / graph_nodes * 1e9, t_backward / graph_nodes * 1e9, t_jvp / t_backward]]))


if __name__ == "__main__":
    main()
