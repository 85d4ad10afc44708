"""Random expression graphs over the whole op table (autograd.testing): first and second
derivatives against finite differences, and the helpers themselves."""

import importlib
import sys

import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st

from autograd import PRIMITIVES, GradcheckError, Value, custom_op, hessian
from autograd.testing import (
    NARY,
    Expr,
    assert_gradients_match,
    expressions,
    expressions_and_points,
    points,
)


@given(expressions_and_points(n_inputs=2, max_leaves=8))
def test_second_derivatives_of_random_graphs_match_finite_differences(case):
    expr, xs = case
    assert_gradients_match(expr, xs, second_order=True)


@given(expressions_and_points(n_inputs=3, max_leaves=6))
def test_hessians_of_random_graphs_are_symmetric(case):
    expr, xs = case
    h = hessian(expr, (0, 1, 2))(*xs)
    for i in range(3):
        for j in range(i):
            assert h[i][j] == pytest.approx(h[j][i], rel=1e-9, abs=1e-12)


def ops_in(expr):
    return {expr.op}.union(*(ops_in(a) for a in expr.args))


@pytest.mark.parametrize("name", [*PRIMITIVES, *NARY])
def test_the_strategy_reaches_every_op(name):
    assert name in ops_in(find(expressions(ops=[name]), lambda e: e.op != "input"))


def test_expressions_read_as_formulas_and_evaluate_on_numbers():
    x, y = Expr("input", index=0), Expr("input", index=1)
    e = Expr("add", (Expr("powc", (x,), (2.0,)), Expr("tanh", (y,))))
    assert str(e) == "((x0 ** 2) + tanh(x1))"
    assert e(3.0, 0.0).data == 9.0
    assert str(Expr("clamp", (x,), (-1.0, 1.0))) == "clamp(x0, -1, 1)"


def test_repeated_sub_expressions_share_one_node():
    e = Expr("tanh", (Expr("input", index=0),))
    out = Expr("mul", (e, e))(Value(0.5))
    assert out._prev[0] is out._prev[1]


def test_points_near_kinks_or_with_huge_values_are_not_smooth():
    relu = Expr("relu", (Expr("input", index=0),))
    assert relu.smooth_at([0.5]) and not relu.smooth_at([0.0]) and not relu.smooth_at([2e-4])
    tie = Expr("maximum", (Expr("input", index=0), Expr("input", index=1)))
    assert not tie.smooth_at([1.0, 1.0]) and tie.smooth_at([1.0, 0.5])
    assert not Expr("exp", (Expr("input", index=0),)).smooth_at([10.0])
    assert not Expr("log", (Expr("input", index=0),)).smooth_at([-1.0])


def test_the_assertion_helper_names_the_function_and_fails_a_wrong_op():
    bad = custom_op(lambda x: x * x, derivative=lambda x, out: Value(2 * x.data), name="detached")
    assert_gradients_match(lambda x: bad(x), [1.5])  # first order is right ...
    with pytest.raises(GradcheckError, match=r"(?s)<lambda>.*\[1\.5\].*gradgradcheck.*FAIL"):
        assert_gradients_match(lambda x: bad(x), [1.5], second_order=True)  # ... its graph is not


def test_bad_strategy_arguments_get_clear_errors():
    with pytest.raises(ValueError, match="unknown op"):
        expressions(ops=["nope"])
    with pytest.raises(ValueError, match="n_inputs"):
        expressions(n_inputs=0)


def test_importing_without_hypothesis_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "hypothesis", None)
    monkeypatch.delitem(sys.modules, "autograd.testing")
    monkeypatch.delitem(sys.modules, "autograd.check.testing")
    with pytest.raises(ImportError, match=r"pip install"):
        importlib.import_module("autograd.testing")


@given(st.data())
@settings(max_examples=150)
def test_every_strategy_draws_only_valid_expressions(data):
    """Whatever ``expressions`` draws evaluates: right arity for every op, matching halves for
    ``dot``, parameters that go together, operands kept in the domain."""
    expr = data.draw(expressions(n_inputs=3))
    xs = data.draw(points(3))
    out = expr(*xs)
    assert isinstance(out, Value)


@given(expressions_and_points(n_inputs=3), points(3))
@settings(max_examples=80)
def test_drawn_points_lie_in_the_documented_default_range(case, xs):
    """Points of both strategies default to [-2, 2] (``lo``, ``hi``): where every op of the table
    is well scaled, so finite differences at the default tolerances are meaningful."""
    _, at = case
    assert all(-2.0 <= x <= 2.0 for x in [*at, *xs])
