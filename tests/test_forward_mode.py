"""Forward mode: jvp with dual numbers agrees with reverse mode, op by op and on random graphs."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd import PRIMITIVES, DomainError, Dual, Value, grad, jacobian, jvp
from autograd.testing import Expr, expressions_and_points

X, Y = Expr("input", index=0), Expr("input", index=1)
PARAMS = {"powc": (2.5,), "leaky_relu": (0.1,), "clamp": (-1.0, 1.0)}


def single_op(name):
    return Expr(name, (X, Y)[: PRIMITIVES[name].arity], PARAMS.get(name, ()))


@pytest.mark.parametrize("name", PRIMITIVES)
@pytest.mark.parametrize("point", [(0.7, 1.3), (1.6, 0.4)])
def test_every_op_agrees_with_reverse_mode(name, point):
    f = single_op(name)
    n = PRIMITIVES[name].arity
    reverse = jacobian(f, tuple(range(n)))(*point[:n])
    for i in range(n):
        tangents = [float(i == j) for j in range(n)]
        value, tangent = jvp(f, point[:n], tangents)
        assert value == f(*point[:n]).data
        assert tangent == pytest.approx(reverse[i], rel=1e-12, abs=1e-15)


@given(expressions_and_points(n_inputs=3, nary=False, max_leaves=8),
       st.lists(st.floats(-2, 2), min_size=3, max_size=3))
def test_random_graphs_agree_with_reverse_mode(case, tangents):
    expr, xs = case
    value, tangent = jvp(expr, xs, tangents)
    gradient = jacobian(expr, (0, 1, 2))(*xs)
    assert value == pytest.approx(expr(*xs).data, rel=1e-12)
    assert tangent == pytest.approx(sum(g * t for g, t in zip(gradient, tangents)), rel=1e-9, abs=1e-9)


def test_vector_outputs_give_lists():
    values, tangents = jvp(lambda x, y: [x * y, x.sin(), 3.0], [2.0, 5.0], [1.0, 0.0])
    assert values == [10.0, math.sin(2.0), 3.0]
    assert tangents == [5.0, math.cos(2.0), 0.0]


def test_numbers_and_values_mix_in_as_constants():
    assert jvp(lambda x: 2.0 * x + 3 * x - 1 / x + 2 ** x, [1.0], [1.0]) == \
        (2.0 + 3.0 - 1.0 + 2.0, pytest.approx(2.0 + 3.0 + 1.0 + 2 * math.log(2)))
    w = Value(3.0)  # a Value is a constant for jvp, and the results are graphs over it
    value, tangent = jvp(lambda x: w * x * x, [2.0], [1.0])
    assert (value.data, tangent.data) == (12.0, 12.0)
    tangent.backward()
    assert w.grad == 4.0
    assert jvp(lambda x: sum([x, x * x, 1.0]), [3.0], [1.0]) == (13.0, 7.0)  # builtin sum works


def test_reverse_mode_differentiates_through_forward_mode():
    second = grad(lambda x: jvp(lambda z: z ** 4, [x], [1.0])[1])
    assert second(2.0) == 48.0
    assert grad(lambda t: jvp(lambda z: z.sin(), [0.5], [t])[1])(2.0) == pytest.approx(math.cos(0.5))


def test_ieee_derivatives_and_domain_errors_match_the_engine():
    assert jvp(lambda x: x.sqrt(), [0.0], [1.0]) == (0.0, math.inf)
    assert jvp(lambda x, y: x.sqrt() + y, [0.0, 1.0], [0.0, 1.0]) == (1.0, 1.0)  # constant x: no 0·inf
    with pytest.raises(DomainError, match="log"):
        jvp(lambda x: x.log(), [-1.0], [1.0])


def test_comparisons_and_repr():
    d = Dual(2.0, 1.0)
    assert d > 1.0 and d <= Dual(2.0) and float(d) == 2.0 and +d is d
    assert repr(d) == "Dual(primal=2.0, tangent=1.0, level=1)"


@pytest.mark.parametrize("other", [1.0, Dual(1.0, 5.0)], ids=["float", "Dual"])
def test_comparisons_at_a_tie_are_the_primals(other):
    """A dual compares by its primal, as a float does: at a tie the strict comparisons are
    false and the others true, whatever the tangents (max, relu and kinks branch on them)."""
    d = Dual(1.0, 2.0)
    assert (d > other, d < other, d >= other, d <= other) == (False, False, True, True)
    assert (Dual(2.0) > other, Dual(0.5) < other, Dual(2.0) >= other, Dual(0.5) <= other) == (True,) * 4
    assert (Dual(0.5) > other, Dual(2.0) < other, Dual(0.5) >= other, Dual(2.0) <= other) == (False,) * 4


def test_bad_input_gets_clear_errors():
    with pytest.raises(ValueError, match="2 primals but 1 tangents"):
        jvp(lambda x, y: x, [1.0, 2.0], [1.0])
    with pytest.raises(TypeError, match="primal"):
        Dual("a")
    with pytest.raises(TypeError, match="unsupported operand"):
        Dual(1.0) + "a"


def test_jvp_through_nary_sum_and_dot():
    import autograd

    def f(a, b):
        return autograd.dot([a, b], [b, 2.0], a) + autograd.sum([a * a, b, 1.0])

    value, tangent = autograd.jvp(f, [1.0, 2.0], [1.0, 0.0])
    a, b = autograd.Value(1.0), autograd.Value(2.0)
    out = f(a, b)
    out.backward()
    assert (value, tangent) == (out.data, a.grad)
