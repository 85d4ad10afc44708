"""autograd.compile, pure-Python backend: same numbers as the eager engine, readable source."""

from __future__ import annotations

import itertools
import math
import random
import warnings

import pytest
from hypothesis import given
from hypothesis import strategies as st

import autograd
from autograd import FUNCTIONS, PRIMITIVES, DomainError, TraceError, TraceWarning, Value
from autograd.testing import expressions, expressions_and_points, points


def eager(f, *xs):
    """Value and gradients of ``f`` at ``xs`` by the eager engine."""
    leaves = [Value(x) for x in xs]
    out = f(*leaves)
    out.backward()
    return out.data, tuple(v.grad for v in leaves)


def close(a: float, b: float, tol: float = 1e-12) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return a == b or abs(a - b) <= tol * max(1.0, abs(b))


def assert_same(got, want) -> None:
    (v1, g1), (v2, g2) = got, want
    assert close(v1, v2), (v1, v2)
    assert len(g1) == len(g2) and all(close(a, b) for a, b in zip(g1, g2)), (g1, g2)


@given(expressions_and_points(n_inputs=3, max_leaves=8), points(3))
def test_random_expressions_match_eager_at_the_trace_point_and_elsewhere(case, other):
    expr, xs = case
    f = lambda x0, x1, x2: expr(x0, x1, x2)
    cf = autograd.compile(f)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TraceWarning)  # inputs the expression does not use
        assert_same(cf(*xs), eager(f, *xs))
        try:
            want = eager(f, *other)
        except DomainError:
            with pytest.raises(DomainError):
                cf(*other)
            return
        assert_same(cf(*other), want)


def mlp(sizes, seed=0):
    rng = random.Random(seed)
    return [[[rng.uniform(-1, 1) for _ in range(nin + 1)] for _ in range(nout)]
            for nin, nout in itertools.pairwise(sizes)]


def mlp_loss(weights, X, y):
    """micrograd's moons loss on a list-of-lists MLP: hinge mean + 1e-4·Σp²."""
    scores = []
    for x in X:
        h = x
        for i, layer in enumerate(weights):
            z = [autograd.dot(row[:-1], h, row[-1]) for row in layer]
            h = z if i == len(weights) - 1 else [v.relu() for v in z]
        scores.append(h[0])
    data = autograd.sum([(1 + -t * s).relu() for s, t in zip(scores, y)]) * (1.0 / len(X))
    return data + 1e-4 * autograd.sum([w * w for layer in weights for row in layer for w in row])


def test_mlp_loss_and_every_weight_gradient_match_eager():
    rng = random.Random(1)
    X = [[rng.gauss(0, 1), rng.gauss(0, 1)] for _ in range(12)]
    y = [rng.choice((-1.0, 1.0)) for _ in X]
    flat = [w for layer in mlp([2, 5, 4, 1]) for row in layer for w in row]

    def loss(ws, X):
        it = iter(ws)
        weights = [[[next(it) for _ in range(nin + 1)] for _ in range(nout)]
                   for nin, nout in ((2, 5), (5, 4), (4, 1))]
        return mlp_loss(weights, X, y)

    cf = autograd.compile(loss)
    for _step in range(3):  # the weights change, the trace is reused
        value, (gw, gx) = cf(flat, X)
        leaves = [Value(w) for w in flat]
        xs = [[Value(a) for a in x] for x in X]
        out = loss(leaves, xs)
        out.backward()
        assert close(value, out.data)
        assert all(close(a, b.grad) for a, b in zip(gw, leaves))
        assert all(close(a, b.grad) for ga, xa in zip(gx, xs) for a, b in zip(ga, xa))
        flat = [w - 0.1 * g for w, g in zip(flat, gw)]
    assert len(cf._programs) == 1


def test_params_read_live_and_accumulate_into_grad_like_backward():
    w = [Value(0.5), Value(-1.5)]
    f = lambda x: (w[0] * x + w[1]).tanh() * x
    cf = autograd.compile(f, params=w)
    cf(2.0)
    w[0].data = 0.25  # read at every call
    value, (gx,) = cf(2.0)
    x = Value(2.0)
    ref = [Value(0.25), Value(-1.5)]
    out = (ref[0] * x + ref[1]).tanh() * x
    out.backward()
    assert close(value, out.data) and close(gx, x.grad)
    # two calls accumulated: the first at w0 = 0.5, the second at 0.25
    first = [Value(0.5), Value(-1.5)]
    ((first[0] * 2.0 + first[1]).tanh() * 2.0).backward()
    assert close(w[0].grad, first[0].grad + ref[0].grad)
    assert close(w[1].grad, first[1].grad + ref[1].grad)


def test_argnums_select_gradients_and_shape_them_like_the_arguments():
    f = lambda a, b, c: a * b[0] + b[1] * c
    assert autograd.compile(f, argnums=1)(2.0, [3.0, 4.0], 5.0) == (26.0, [2.0, 5.0])
    assert autograd.compile(f, argnums=(2, 0))(2.0, [3.0, 4.0], 5.0) == (26.0, (4.0, 3.0))
    assert autograd.compile(f)(2.0, [3.0, 4.0], 5.0) == (26.0, (3.0, [2.0, 5.0], 4.0))
    with pytest.raises(ValueError, match="out of range"):
        autograd.compile(f, argnums=3)(2.0, [3.0, 4.0], 5.0)


def test_source_is_readable_straight_line_code_and_cached_per_structure():
    def squashed(a, b):
        return (a * b + a.exp()).tanh()

    cf = autograd.compile(squashed)
    with pytest.raises(RuntimeError, match="call the compiled function once"):
        cf.source  # noqa: B018
    cf(2.0, -3.0)
    src = cf.source
    assert src.startswith("def squashed(a, b):") and "# backward" in src  # the function's own name
    assert "tanh(v" in src and "g_a = " in src and "for " not in src
    cf(1.0, 1.0)
    assert cf.source is src  # same structure, same code
    g = autograd.compile(lambda xs: autograd.sum([x * x for x in xs]))
    g([1.0, 2.0])
    two = g.source
    assert two.startswith("def f(xs")  # a lambda has no name of its own
    assert g([1.0, 2.0, 3.0]) == (14.0, ([2.0, 4.0, 6.0],))
    assert g.source != two and len(g._programs) == 2


def test_numeric_biases_and_terms_folded_into_nodes_are_recovered():
    f = lambda a, b: autograd.dot([a, b], [2.0, -3.0], 0.125) + autograd.sum([a, 1.5, b * b])
    g = lambda a, b: autograd.dot([a, b], [b, a], 0.5)
    for fn in (f, g):
        cf = autograd.compile(fn)
        cf(1.0, 2.0)
        assert_same(cf(-0.75, 3.25), eager(fn, -0.75, 3.25))


def test_constants_are_folded_and_unreached_inputs_warn_with_a_zero_gradient():
    c = Value(3.0)
    k = c * c + 1.0  # built before tracing: a constant for the compiled code
    cf = autograd.compile(lambda x, y: x * k)
    with pytest.warns(TraceWarning, match="y do not reach the output"):
        assert cf(2.0, 5.0) == (20.0, (10.0, 0.0))
    assert "10.0" in cf.source


def test_custom_ops_are_called_from_the_generated_code():
    @autograd.custom_op(derivative=lambda x, out: 1 / (1 + abs(x)) ** 2)
    def softsign(x):
        return x / (1 + abs(x))

    f = lambda x, y: softsign(x * y) + x
    cf = autograd.compile(f)
    assert "_softsign(" in (cf(1.0, 2.0) and cf.source)
    assert_same(cf(-0.5, 3.0), eager(f, -0.5, 3.0))


def test_domain_errors_come_from_the_eager_engine_naming_the_op():
    cf = autograd.compile(lambda x: x.log() + x.sqrt())
    cf(1.0)
    with pytest.raises(DomainError, match="log"):
        cf(-1.0)
    value, (grad,) = cf(0.25)
    assert close(value, math.log(0.25) + 0.5) and close(grad, 4.0 + 1.0)
    root = autograd.compile(lambda x: x.sqrt())
    root(1.0)
    assert root(0.0) == (0.0, (math.inf,))  # the eager engine's IEEE rule for the derivative


def test_has_aux_returns_extra_numbers_computed_along():
    def f(a, b):
        h = (a * b).tanh()
        return h * h, [h, 2, [a + b]]

    (value, aux), grads = autograd.compile(f, has_aux=True)(0.5, 2.0)
    h = math.tanh(1.0)
    assert close(value, h * h) and aux[0] == h and aux[1] == 2.0 and aux[2] == [2.5]
    assert close(grads[0], 2 * h * (1 - h * h) * 2.0)


INLINED = {name: e for name, e in [*PRIMITIVES.items(), *FUNCTIONS.items()] if e.inline is not None}


def test_the_hot_functions_have_inline_forms():
    assert {"relu", "pos"} <= set(INLINED)


@pytest.mark.parametrize("name", sorted(INLINED))
@pytest.mark.parametrize("x", [-2.5, -0.0, 0.0, 1e-300, 3.0, math.inf, -math.inf, math.nan])
def test_inlined_float_functions_equal_the_float_implementation(name, x):
    got = eval(INLINED[name].inline.format("x"), {}, {"x": x})
    want = INLINED[name].float_impl(x)
    same_sign = math.copysign(1, got) == math.copysign(1, want)
    assert (math.isnan(got) and math.isnan(want)) or (got == want and same_sign)


def test_bad_arguments_and_functions_get_clear_errors():
    with pytest.raises(TypeError, match="expected a function"):
        autograd.compile(3)
    with pytest.raises(ValueError, match="unknown backend"):
        autograd.compile(lambda x: x, backend="cuda")
    cf = autograd.compile(lambda x: x * 2)
    with pytest.raises(TypeError, match="argument 0 must be a number"):
        cf("1.0")
    with pytest.raises(TraceError, match="must return a Value"):
        autograd.compile(lambda x: 3.0)(1.0)
    with pytest.raises(TypeError, match="params must be leaf Values"):
        autograd.compile(lambda x: x, params=[Value(1.0) * 2])(1.0)


@given(expressions(n_inputs=2, max_leaves=5), st.floats(-3, 3), st.floats(-3, 3))
def test_compiled_equals_eager_for_any_nary_mix(expr, a, b):
    f = lambda x, y: autograd.dot([expr(x, y), x], [y, expr(y, x)], 0.5) * autograd.sum([x, y, 1.0])
    try:
        want = eager(f, a, b)
    except DomainError:
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TraceWarning)
        assert_same(autograd.compile(f)(a, b), want)


def test_two_custom_ops_of_the_same_name_stay_apart():
    double = autograd.custom_op(lambda x: 2 * x, derivative=lambda x, out: 2.0, name="scale")
    triple = autograd.custom_op(lambda x: 3 * x, derivative=lambda x, out: 3.0, name="scale")
    cf = autograd.compile(lambda x: double(x) + triple(x) * double(x))
    assert cf(1.0) == (8.0, (14.0,))  # 2x + 6x², 2 + 12x


def test_argument_names_that_could_clash_with_generated_names_are_replaced():
    def f(v0, h0, z1, relu):
        return v0 * h0 + z1 * relu

    cf = autograd.compile(f)
    assert cf(1.0, 2.0, 3.0, 4.0) == (14.0, (2.0, 1.0, 4.0, 3.0))
    assert cf.source.startswith("def f(x0, x1, x2, x3):")
