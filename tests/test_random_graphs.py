"""Random computational graphs with shared subexpressions, against finite differences.

Each program is a list of steps; a step applies an op to two earlier results chosen by
index, so results are reused (fan-out) and the graph is a DAG, not a tree. The ops are
smooth and defined everywhere, so every drawn point is checkable.
"""

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import autograd
from autograd import Value
from autograd.check.gradcheck import compare

STEPS = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "tanh": lambda a, b: (a - b).tanh(),
    "sigmoid": lambda a, b: (a * b).sigmoid(),
    "sin": lambda a, b: a.sin() * b,
    "softplus": lambda a, b: (a + b).softplus(),
    "div": lambda a, b: a / (1.0 + b * b),
    "log": lambda a, b: (a * a + 0.5).log() + b,
    "sqrt": lambda a, b: (b * b + 0.25).sqrt() * a,
    "exp": lambda a, b: (a.tanh() - b.sigmoid()).exp(),
    "pow": lambda a, b: (a * a + 1.0) ** b.tanh() + a**3,
    "sum": lambda a, b: autograd.sum([a, b, a, 1.0]),
    "dot": lambda a, b: autograd.dot([a, b, a], [b, b, 0.5], a),
}

programs = st.lists(st.tuples(st.sampled_from(sorted(STEPS)), st.integers(0, 63), st.integers(0, 63)),
                    min_size=1, max_size=14)
points = st.lists(st.floats(-1.5, 1.5), min_size=1, max_size=4)


def run(program, xs):
    results = list(xs)
    for name, i, j in program:
        results.append(STEPS[name](results[i % len(results)], results[j % len(results)]))
    return autograd.sum(results[len(xs):]) if len(results) > len(xs) else results[-1]


@given(programs, points)
def test_random_dag_gradients_match_finite_differences(program, xs):
    assume(abs(run(program, [Value(x) for x in xs]).data) < 1e6)  # repeated squaring can explode
    report = compare(lambda *vs: run(program, vs), xs, eps=1e-6, atol=1e-5, rtol=1e-5)
    assert report, f"{program}\n{report}"


@given(programs, points)
def test_backward_twice_accumulates_leaves_exactly(program, xs):
    leaves = [Value(x) for x in xs]
    out = run(program, leaves)
    out.backward()
    first = [leaf.grad for leaf in leaves]
    out.backward()
    assert [leaf.grad for leaf in leaves] == pytest.approx([2 * g for g in first], rel=1e-12, abs=1e-300)
