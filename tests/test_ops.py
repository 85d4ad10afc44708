"""Every op of the table against central finite differences, at random points of its domain.

Points near kinks and singularities are avoided (the subgradient there is tested exactly,
below): finite differences across a kink measure nothing.
"""

import inspect
import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import autograd
from autograd import PRIMITIVES, Value
from autograd.check.gradcheck import compare


def reals(lo, hi):
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False)


def away_from(points, lo=-4.0, hi=4.0, gap=1e-3):
    return reals(lo, hi).filter(lambda x: all(abs(x - p) > gap for p in points))


K = st.sampled_from([-2.0, -1.0, 0.5, 1.5, 2.0, 3.0])
SLOPE = reals(0.0, 0.5)

# op name -> (function of Values, strategy for its inputs)
CASES = {
    "add": (lambda x, y: x + y, st.tuples(reals(-5, 5), reals(-5, 5))),
    "sub": (lambda x, y: x - y, st.tuples(reals(-5, 5), reals(-5, 5))),
    "mul": (lambda x, y: x * y, st.tuples(reals(-5, 5), reals(-5, 5))),
    "div": (lambda x, y: x / y, st.tuples(reals(-5, 5), away_from([0.0], gap=0.3))),
    "neg": (lambda x: -x, st.tuples(reals(-5, 5))),
    "pow": (lambda x, y: x ** y, st.tuples(reals(0.2, 3), reals(-2, 2))),
    "powc": (None, st.tuples(reals(0.2, 3), K)),
    "exp": (lambda x: x.exp(), st.tuples(reals(-5, 5))),
    "log": (lambda x: x.log(), st.tuples(reals(0.1, 10))),
    "sqrt": (lambda x: x.sqrt(), st.tuples(reals(0.1, 10))),
    "tanh": (lambda x: x.tanh(), st.tuples(reals(-4, 4))),
    "sigmoid": (lambda x: x.sigmoid(), st.tuples(reals(-8, 8))),
    "relu": (lambda x: x.relu(), st.tuples(away_from([0.0]))),
    "leaky_relu": (None, st.tuples(away_from([0.0]), SLOPE)),
    "softplus": (lambda x: x.softplus(), st.tuples(reals(-20, 20))),
    "abs": (lambda x: abs(x), st.tuples(away_from([0.0]))),
    "sin": (lambda x: x.sin(), st.tuples(reals(-6, 6))),
    "cos": (lambda x: x.cos(), st.tuples(reals(-6, 6))),
    "step": (lambda x: x.step(), st.tuples(away_from([0.0]))),
    "clamp": (lambda x: x.clamp(-1.0, 0.5), st.tuples(away_from([-1.0, 0.5]))),
    "maximum": (lambda x, y: autograd.maximum(x, y), st.tuples(reals(-5, 5), reals(-5, 5))),
    "minimum": (lambda x, y: autograd.minimum(x, y), st.tuples(reals(-5, 5), reals(-5, 5))),
}


def test_every_op_of_the_table_is_checked():
    assert set(CASES) <= set(PRIMITIVES)  # every op of the registry: tests/test_conformance.py


def check(f, xs):
    report = compare(f, xs, eps=1e-6, atol=1e-6, rtol=1e-5)
    assert report, str(report)


@pytest.mark.parametrize("name", [n for n, (f, _) in CASES.items() if f is not None])
@given(data=st.data())
def test_op_matches_finite_differences(name, data):
    f, inputs = CASES[name]
    xs = data.draw(inputs)
    if name in ("maximum", "minimum"):
        assume(abs(xs[0] - xs[1]) > 1e-3)
    check(f, xs)


@given(st.tuples(reals(0.2, 3), K))
def test_pow_by_constant(args):
    x, k = args
    check(lambda v: v ** k, [x])


@given(st.tuples(away_from([0.0]), SLOPE))
def test_leaky_relu(args):
    x, slope = args
    check(lambda v: v.leaky_relu(slope), [x])


@given(reals(-3, 3), reals(0.3, 3))
def test_reflected_forms(x, y):
    check(lambda v: 2.0 - v, [x])
    check(lambda v: 3.0 / v, [y])
    check(lambda v: 2.0 ** v, [x])
    check(lambda v: 1.5 + v * 4.0, [x])
    check(lambda v: v / 2.0 - 1.0, [x])


@given(st.lists(reals(-3, 3), min_size=1, max_size=12))
def test_sum_is_one_node_with_the_right_gradient(xs):
    check(lambda *vs: autograd.sum(vs) * autograd.sum(vs), xs)
    out = autograd.sum([Value(x) for x in xs] + [1.5])
    assert out.data == pytest.approx(math.fsum(xs) + 1.5)
    assert len(out._prev) == len(xs) + 1 and out._op == "sum"
    assert out._prev[-1].data == 1.5 and not out._prev[-1]._prev  # the constant itself, as a leaf


@given(st.integers(1, 10).flatmap(lambda n: st.tuples(
    st.lists(reals(-3, 3), min_size=n, max_size=n), st.lists(reals(-3, 3), min_size=n, max_size=n),
    reals(-3, 3))))
def test_dot_every_combination_of_values_and_numbers(args):
    ws, xs, b = args
    n = len(ws)
    # weights and bias as Values, inputs numbers: one node with n + 1 parents
    check(lambda *p: autograd.dot(p[:n], xs, p[n]).tanh(), [*ws, b])
    # both sides Values, with fan-out into the same leaves
    check(lambda *p: autograd.dot(p[:n], p[n:], 0.5) * p[0], [*ws, *xs])
    # numbers first, Values second
    check(lambda *p: autograd.dot(ws, p), xs)
    # mixed sides: numbers in a side of Values become constants
    check(lambda *p: autograd.dot([p[0], *ws[1:]], xs, b) + autograd.dot(p, p), ws)
    node = autograd.dot([Value(w) for w in ws], xs, Value(b))
    assert len(node._prev) == n + 1 and node.data == pytest.approx(sum(map(float.__mul__, ws, xs)) + b)


def test_dot_rejects_mismatched_lengths():
    with pytest.raises(ValueError, match="2 weights but 3 inputs"):
        autograd.dot([Value(1.0), Value(2.0)], [1.0, 2.0, 3.0])


@pytest.mark.parametrize("make, expected", [
    (lambda v: v.relu(), 0.0),
    (lambda v: abs(v), 0.0),
    (lambda v: v.step(), 0.0),
    (lambda v: v.leaky_relu(0.1), 0.1),
    (lambda v: v.clamp(0.0, 1.0), 1.0),
    (lambda v: v.clamp(-1.0, 0.0), 1.0),
])
def test_subgradients_at_kinks(make, expected):
    v = Value(0.0)
    make(v).backward()
    assert v.grad == expected


@pytest.mark.parametrize("x, value, grad", [(-1.0, 0.5, 0.0), (0.5, 0.5, 1.0), (2.0, 0.5, 0.0)])
def test_clamp_to_a_single_point(x, value, grad):
    """clamp(x, c, c) is the constant c, as torch.clamp(x, c, c): gradient 1 only at x = c."""
    v = Value(x)
    out = v.clamp(0.5, 0.5)
    out.backward()
    assert (out.data, v.grad) == (value, grad)
    torch = pytest.importorskip("torch")
    t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    u = t.clamp(0.5, 0.5)
    u.backward()
    assert (u.item(), t.grad.item()) == (value, grad)


def test_max_and_min_ties_go_to_the_first_operand():
    for fn in (autograd.maximum, autograd.minimum):
        a, b = Value(1.0), Value(1.0)
        fn(a, b).backward()
        assert (a.grad, b.grad) == (1.0, 0.0)


def test_step_is_the_perceptron_step():
    assert [Value(z).step().data for z in (-1.0, 0.0, 1e-9, 2.0)] == [0.0, 0.0, 1.0, 1.0]


@pytest.mark.parametrize("x", [-800.0, -40.0, 0.0, 40.0, 800.0])
def test_sigmoid_and_softplus_are_stable_for_large_inputs(x):
    s, p = Value(x).sigmoid(), Value(x).softplus()
    assert 0.0 <= s.data <= 1.0 and math.isfinite(s._locals[0])
    assert p.data == pytest.approx(max(x, 0.0) + math.log1p(math.exp(-abs(x))))
    assert 0.0 <= p._locals[0] <= 1.0


def test_op_methods_are_real_source_with_docs():
    src = inspect.getsource(Value.tanh)
    assert "out = _f_tanh(x)" in src and "1.0 - out * out" in src
    assert "Hyperbolic tangent" in Value.tanh.__doc__ and "1.0 - out * out" in Value.tanh.__doc__
    assert inspect.getsourcefile(Value.tanh).endswith("autograd/core/value.py")


def test_constant_power_zero_has_derivative_zero_even_at_zero():
    x = Value(0.0)
    (x**0).backward()
    assert x.grad == 0.0
