"""Higher order and transforms: what a differentiable gradient costs next to a plain one.

(1) the same elementwise graph back-propagated to numbers (``backward()``, the path the
whole engine is tuned for) and to graphs (``backward(create_graph=True)``), per node;
(2) a Hessian of a function of n variables: ``hessian`` (n reverse sweeps over a graph of
the gradient) against n ``hvp`` calls, and one ``jvp`` (forward mode) against one
reverse-mode gradient.
"""

from __future__ import annotations

import random
from typing import Any

from common import best_time, check_close, table

import autograd
from autograd import Value, grad, hessian, hvp, jvp

TERMS = 2000
N = 12


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


def _function(*xs: Any) -> Any:
    """A coupled function of N scalars: a chain of tanh-products plus a log-sum of squares
    (builtin ``sum``, so that forward mode's dual numbers can run it too)."""
    chain = sum((xs[i] * xs[i + 1]).tanh() for i in range(len(xs) - 1))
    return chain + sum(x * x for x in xs).log() + 0.5


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
    h = hessian(_function)(*xs)
    basis = [[float(i == j) for j in range(N)] for i in range(N)]
    for i, row in enumerate(basis):
        for a, b in zip(hvp(_function)(xs, row), h[i]):
            check_close("hvp row", a, b)
    gradient = grad(_function, tuple(range(N)))(*xs)
    check_close("jvp", jvp(_function, xs, basis[0])[1], gradient[0])
    t_hessian = best_time(lambda: hessian(_function)(*xs), repeat=3)
    t_hvps = best_time(lambda: [hvp(_function)(xs, row) for row in basis], repeat=3)
    t_grad = best_time(lambda: grad(_function, tuple(range(N)))(*xs), repeat=5)
    t_jvp = best_time(lambda: jvp(_function, xs, basis[0]), repeat=5)
    print(table(f"\n(2) transforms of a function of {N} variables (ms)",
                ["hessian", f"{N} × hvp", "grad (reverse)", "jvp (forward, one direction)"],
                [[t_hessian * 1e3, t_hvps * 1e3, t_grad * 1e3, t_jvp * 1e3]]))


if __name__ == "__main__":
    main()
