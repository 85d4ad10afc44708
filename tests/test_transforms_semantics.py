"""The transforms' semantics (JAX's): perturbation confusion, closures over outer ``Value``s,
shapes of arguments and results, pass-through arguments, has_aux, vjp, errors with paths,
forward mode through every kind of op and through ``nn`` models, IEEE at singular points."""

import importlib.util
import math
import warnings

import pytest

import autograd
import nn
from autograd import (
    Value,
    custom_op,
    grad,
    gradcheck_parameters,
    hessian,
    hvp,
    jacfwd,
    jacrev,
    jvp,
    value_and_grad,
    vjp,
)


def d(f):
    """The derivative of a function of one number, by forward mode (the textbooks' D)."""
    return lambda x: jvp(f, (x,), (1.0,))[1]


# -- perturbation confusion (Siskind & Pearlmutter) --------------------------------------------


def test_nested_forward_mode_keeps_perturbations_apart():
    # D(λx. x · D(λy. x + y)(1))(1) = D(λx. x · 1)(1) = 1; untagged duals give 2
    assert d(lambda x: x * d(lambda y: x + y)(1.0))(1.0) == 1.0
    # D(λx. x · D(λy. x · y)(2))(3) = D(λx. x²)(3) = 6
    assert d(lambda x: x * d(lambda y: x * y)(2.0))(3.0) == 6.0
    # the inner function's own variable, closing over the outer one: D(λx. D(λy. x·y²)(x))(2) = d/dx 2x² = 8
    assert d(lambda x: d(lambda y: x * y * y)(x))(2.0) == 8.0


@pytest.mark.parametrize("outer", [d, grad], ids=["jvp outside", "grad outside"])
@pytest.mark.parametrize("inner", [d, grad], ids=["jvp inside", "grad inside"])
def test_perturbation_confusion_in_every_mix_of_modes(outer, inner):
    assert outer(lambda x: x * inner(lambda y: x + y)(1.0))(1.0) == 1.0
    assert outer(lambda x: inner(lambda y: x * y)(x))(3.0) == 1.0
    assert outer(lambda x: x * inner(lambda y: x * y)(2.0))(3.0) == 6.0


# -- closures over outer Values ------------------------------------------------------------------


def test_a_closed_over_value_stays_in_the_graph():
    w = Value(2.0)
    g = grad(lambda x: w * x * x)(1.0)  # 2·w·x
    assert isinstance(g, Value) and g.data == 4.0
    (g ** 2).backward()
    assert w.grad == 16.0  # d/dw (2wx)² = 8wx² at x = 1, w = 2 (torch and JAX give 16)


def test_closures_in_forward_mode_and_in_every_transform():
    w = Value(3.0)
    _, tangent = jvp(lambda x: w * x.sin(), (0.5,), (1.0,))
    tangent.backward()
    assert w.grad == pytest.approx(math.cos(0.5))
    w.grad = 0.0
    h = hessian(lambda v: w * v[0] ** 2 * v[1])([1.0, 2.0])  # [[2w·y, 2w·x], [2w·x, 0]]
    assert [[e.data for e in row] for row in h[:1]] == [[12.0, 6.0]]
    h[0][1].backward()
    assert w.grad == 2.0
    out, pull = vjp(lambda x: [w * x, x], 2.0)
    assert isinstance(out[0], Value) and pull([1.0, 1.0])[0].data == 4.0


def test_plain_numbers_give_plain_floats():
    assert type(grad(lambda x: x * x)(3.0)) is float
    assert all(type(g) is float for g in grad(lambda v: v[0] * v[1])([1.0, 2.0]))
    value, g = value_and_grad(lambda x: x.exp())(0.0)
    assert type(value) is float and type(g) is float
    assert type(jvp(lambda x: x.tanh(), (1.0,), (1.0,))[1]) is float
    assert type(jvp(grad(lambda x: x ** 3), (2.0,), (1.0,))[1]) is float
    assert all(type(e) is float for row in hessian(lambda v: v[0] * v[1] ** 2)([1.0, 2.0]) for e in row)


# -- shapes, argnums, pass-through -------------------------------------------------------------


def test_gradients_are_shaped_like_their_arguments():
    def f(w, b):
        return w[0][0] * w[0][1] + w[1][0] ** 2 + b[0] * b[1]

    gw = grad(f)([[1.0, 2.0], [3.0]], (4.0, 5.0))
    assert gw == [[2.0, 1.0], [6.0]]
    gw, gb = grad(f, (0, 1))([[1.0, 2.0], [3.0]], (4.0, 5.0))
    assert gb == (5.0, 4.0)  # a tuple stays a tuple


def test_non_differentiated_arguments_pass_through_unchanged():
    seen = []

    def f(x, y, k, v):
        seen.append((y, k, v))
        return x * y.tanh() + k

    y, v = Value(0.5), [1, "label"]
    g = grad(f)(2.0, y, 3, v)
    assert seen[0][0] is y and seen[0][1] == 3 and type(seen[0][1]) is int and seen[0][2] is v
    assert isinstance(g, Value) and g.data == pytest.approx(math.tanh(0.5))


def test_has_aux():
    def f(x):
        return x * x, {"x": x, "twice": [2 * x]}

    g, aux = grad(f, has_aux=True)(3.0)
    assert g == 6.0 and aux == {"x": 3.0, "twice": [6.0]}
    (value, aux), g = value_and_grad(f, has_aux=True)(3.0)
    assert value == 9.0 and g == 6.0 and aux["x"] == 3.0
    jac, aux = jacrev(lambda v: ([v[0] * v[1], v[1]], "note"), has_aux=True)([2.0, 3.0])
    assert jac == [[3.0, 2.0], [0.0, 1.0]] and aux == "note"
    out, pull, aux = vjp(lambda x: (x * x, x + 1), 3.0, has_aux=True)
    assert out == 9.0 and pull(1.0) == (6.0,) and aux == 4.0


def test_vjp_pulls_back_any_cotangent_many_times():
    out, pull = vjp(lambda w, x: [w[0] * x, w[1] * x * x], [1.0, 2.0], 3.0)
    assert out == [3.0, 18.0]
    assert pull([1.0, 0.0]) == ([3.0, 0.0], 1.0)
    assert pull([0.0, 1.0]) == ([0.0, 9.0], 12.0)
    with pytest.raises(ValueError, match="shape"):
        pull([1.0])


def test_jacfwd_and_jacrev_agree_in_shape_and_value():
    def f(x, v):
        return [x * v[0], (x * v[1]).sin(), v[0] + v[1]]

    for argnums in (0, 1, (0, 1), (1, 0)):
        fwd, rev = jacfwd(f, argnums)(0.7, [1.5, -0.4]), jacrev(f, argnums)(0.7, [1.5, -0.4])
        assert _flat(fwd) == pytest.approx(_flat(rev), rel=1e-12)
        assert _shape(fwd) == _shape(rev)


def test_hessian_of_a_vector_valued_function_and_hvp_of_lists():
    h = hessian(lambda v: [v[0] * v[1] ** 2, v[0] ** 3])([1.0, 2.0])
    assert h == [[[0.0, 4.0], [4.0, 2.0]], [[6.0, 0.0], [0.0, 0.0]]]
    assert hvp(lambda v, s: s * v[0] * v[1] ** 2)([[1.0, 2.0], 2.0], [[1.0, 0.0], 0.0]) == [[0.0, 8.0], 4.0]


def _flat(tree):
    return [x for t in tree for x in _flat(t)] if isinstance(tree, (list, tuple)) else [tree]


def _shape(tree):
    return [type(tree).__name__, [_shape(t) for t in tree]] if isinstance(tree, (list, tuple)) else None


# -- errors ----------------------------------------------------------------------------------


def test_bad_input_names_the_argument_and_its_path():
    def f(x):
        return x[0]

    with pytest.raises(TypeError, match=r"grad: x\[2\]\[0\] must be a number"):
        grad(f)([1.0, 2.0, [None]])
    with pytest.raises(TypeError, match=r"jacfwd: x\[1\] must be a number"):
        jacfwd(f)([1.0, "2"])
    with pytest.raises(TypeError, match=r"jvp: primals\[1\] must be a number"):
        jvp(lambda a, b: a, (1.0, "b"), (1.0, 1.0))
    with pytest.raises(ValueError, match="tangents must have the shape"):
        jvp(lambda v: v[0], ([1.0, 2.0],), ([1.0],))
    with pytest.raises(TypeError, match="must return a scalar"):
        grad(lambda x: [x, x])(1.0)
    with pytest.raises(ValueError, match="argnums 1 is out of range for 1 argument"):
        jacrev(lambda x: x, 1)(1.0)
    with pytest.raises(ValueError, match="argnums 2 is out of range"):
        hessian(lambda x, y: x * y, (0, 2))(1.0, 2.0)
    with pytest.raises(TypeError, match="must return a pair"):
        grad(lambda x: x, has_aux=True)(1.0)
    with pytest.raises(TypeError, match=r"result\[1\] must be a number"):
        jacrev(lambda x: [x, "no"])(1.0)


# -- forward mode through every kind of op -----------------------------------------------------


def test_jvp_through_max_min_sum_dot_affine_and_custom_ops():
    softsign = custom_op(lambda x: x / (1 + abs(x)), derivative=lambda x, out: 1 / (1 + abs(x)) ** 2,
                         name="softsign_t")
    w = [Value(0.5), Value(-1.5)]

    def f(a, b):
        parts = [autograd.maximum(a, b), autograd.minimum(a * b, 1.0), autograd.sum([a, b, 2.0]),
                 autograd.dot([a, b], [3.0, 4.0], 1.0), softsign(a * b)]
        layer = autograd.affine([w], [Value(0.1)], [[a, b]])[0][0]
        return autograd.sum(parts) + layer

    point, v = (0.7, -0.3), (1.0, 2.0)
    _, tangent = jvp(f, point, v)
    g = jacrev(f, (0, 1))(*point)
    assert tangent.data == pytest.approx(g[0].data * v[0] + g[1].data * v[1], rel=1e-12)


def test_jvp_through_an_mlp_is_its_jacobian_times_the_direction():
    model = nn.MLP(3, [4, 4, 2], activation="tanh", seed=1)
    x, v = [0.3, -0.2, 0.5], [0.7, -1.1, 0.4]
    outs, tangents = jvp(lambda *xs: model(list(xs)), x, v)
    jac = jacrev(lambda xs: model(xs))(x)  # two rows of three
    for row, tangent in zip(jac, tangents):
        assert tangent.data == pytest.approx(sum(j.data * vi for j, vi in zip(row, v)), rel=1e-12)
    assert [o.data for o in outs] == [o.data for o in model(x)]


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid", "gelu", "silu", "leaky_relu"])
@pytest.mark.parametrize("loss", ["mse", "bce", "cross_entropy", "hinge", "l1"])
def test_jvp_through_activations_and_losses_matches_reverse_mode(activation, loss):
    model = nn.MLP(2, [3, 2], activation=activation, seed=2)
    losses = {
        "mse": lambda out: nn.mse_loss(out, [0.5, -0.5]),
        "bce": lambda out: nn.bce_with_logits(out, [1.0, 0.0]),
        "cross_entropy": lambda out: nn.cross_entropy(out, 1),
        "hinge": lambda out: nn.hinge_loss(out, [1, -1]),
        "l1": lambda out: nn.l1_loss(out, [0.25, 0.5]),
    }

    def f(a, b):
        return losses[loss](model([a, b]))

    point, v = (0.4, -0.9), (1.0, -0.5)
    _, tangent = jvp(f, point, v)
    ga, gb = grad(f, (0, 1))(*point)
    assert tangent.data == pytest.approx(ga.data * v[0] + gb.data * v[1], rel=1e-10, abs=1e-14)


def test_gradient_penalty_through_an_outer_value():
    """WGAN-GP's penalty (|∇ₓ f(x)|² - 1)² with f an MLP: its gradient reaches the weights,
    and matches finite differences over every weight."""
    model = nn.MLP(2, [3, 1], activation="tanh", seed=3)
    x = [0.3, -0.6]

    def loss():
        gx = grad(lambda xs: model(xs))(x)
        return (gx[0] * gx[0] + gx[1] * gx[1] - 1.0) ** 2

    out = loss()
    assert isinstance(out, Value)
    out.backward()
    assert any(p.grad != 0.0 for p in model.parameters())
    assert gradcheck_parameters(loss, model.parameters())


# -- IEEE at singular points, in every order ---------------------------------------------------


def test_higher_derivatives_at_singular_points_are_ieee_like_torch():
    sqrt = lambda x: x.sqrt()
    assert grad(grad(sqrt))(0.0) == -math.inf  # torch: -inf
    assert grad(grad(grad(sqrt)))(0.0) == math.inf  # torch: inf
    assert d(d(sqrt))(0.0) == -math.inf and d(grad(sqrt))(0.0) == -math.inf
    h = hessian(lambda v: v[0] ** v[1])([-2.0, 2.0])  # torch's reverse-over-reverse: [[2, nan], [nan, nan]]
    assert h[0][0] == 2.0 and all(math.isnan(e) for e in (h[0][1], h[1][0], h[1][1]))


def _same(a, b):
    """Equal up to rounding, or both nan (the routes add the same terms in different orders)."""
    return a == pytest.approx(b, rel=1e-12, nan_ok=True)


def _pow_hessians(x, y):
    """The Hessian of x ** y at (x, y) by every route: jacfwd(jacrev), reverse over reverse,
    forward over forward, and backward(create_graph=True) followed by a second backward."""
    f = lambda v: v[0] ** v[1]
    routes = {"hessian": hessian(f)([x, y]), "jacrev(jacrev)": jacrev(jacrev(f))([x, y]),
              "jacfwd(jacfwd)": jacfwd(jacfwd(f))([x, y])}
    rows = []
    for i in range(2):
        a, b = Value(x), Value(y)
        (a ** b).backward(create_graph=True)
        g = (a.grad, b.grad)[i]
        a.grad = b.grad = 0.0
        if isinstance(g, Value):
            g.backward()
        rows.append([float(a.grad), float(b.grad)])
    routes["backward twice"] = rows
    routes.update(_compiled_pow_hessians(x, y))
    return {name: [[float(e) for e in row] for row in h] for name, h in routes.items()}


def _compiled_pow_hessians(x, y):
    """The same Hessian from ``compile`` of each first partial, on every installed backend:
    generated code evaluates the second-order rules on arrays (numpy's and torch's own
    ``pow_dxdy``, with their x = 0 branches)."""
    arrays = {"python": lambda v: v}
    if importlib.util.find_spec("numpy"):
        import numpy as np
        arrays["numpy"] = lambda v: np.array([v])
    if importlib.util.find_spec("torch"):
        import torch
        arrays["torch"] = lambda v: torch.tensor([v], dtype=torch.float64)
    first = grad(lambda a, b: a ** b, (0, 1))
    routes = {}
    for backend, make in arrays.items():
        rows = []
        for i in range(2):
            cf = autograd.compile(lambda a, b, i=i: first(a, b)[i], backend=backend)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # numpy's log(0) and 0/0 warnings
                _, partials = cf(make(x), make(y))
            rows.append([float(p if backend == "python" else p[0]) for p in partials])
        routes[f"compile {backend}"] = rows
    return routes


POW_POINTS = [(0.0, y) for y in (0.0, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0)] + [
    (-2.0, 2.0), (-2.0, 3.0), (2.0, 0.0), (-2.0, 0.0), (2.0, 0.5), (0.5, 1.0), (3.0, 2.5)]


@pytest.mark.parametrize(("x", "y"), POW_POINTS, ids=str)
def test_hessian_of_pow_is_symmetric_and_the_same_by_every_route(x, y):
    """Both mixed partials of x ** y come from one rule (``pow_dxdy``), so the Hessian is
    symmetric by construction, at singular points too; every route gives the same matrix."""
    hessians = _pow_hessians(x, y)
    first = hessians["hessian"]
    for name, h in hessians.items():
        assert _same(h[0][1], h[1][0]), (name, h)
        assert all(_same(a, b) for r, s in zip(h, first) for a, b in zip(r, s)), (name, h, first)


@pytest.mark.parametrize("y", [0.0, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0])
def test_mixed_partial_of_pow_at_zero_is_nan_where_its_limit_does_not_exist(y):
    """d²(x ** y)/dx dy = x^(y-1)(1 + y log x) tends to ±inf as x -> 0+ for 0 <= y <= 1 (torch's
    reverse over reverse gives nan): nan there; 0, its limit, for y > 1. First order is
    unchanged: d/dy at x = 0 is 0, as in torch."""
    h = _pow_hessians(0.0, y)["hessian"]
    assert math.isnan(h[0][1]) if y <= 1.0 else h[0][1] == 0.0
    assert grad(lambda v: v[0] ** v[1])([0.0, y])[1] == 0.0


def test_hessian_of_pow_matches_torch_where_torch_is_symmetric():
    torch = pytest.importorskip("torch")
    for x, y in [(2.0, 0.5), (0.5, 1.0), (3.0, 2.5), (1.5, -0.5)]:
        ours = hessian(lambda v: v[0] ** v[1])([x, y])
        theirs = torch.func.hessian(lambda v: v[0] ** v[1])(torch.tensor([x, y], dtype=torch.float64))
        assert [*ours[0], *ours[1]] == pytest.approx(theirs.flatten().tolist(), rel=1e-12), (x, y)


def _ieee_cases():
    return [(name, point) for name, prim in autograd.PRIMITIVES.items() for point in prim.special]


@pytest.mark.parametrize(("name", "point"), _ieee_cases(), ids=str)
def test_ieee_values_inside_derivative_rules_match_torch_with_their_sign(name, point):
    """Higher-order rules evaluate ops in IEEE mode; a lost sign (-1/0 as +inf) turns the
    third derivative of sqrt at 0 into nan. Every op at its special points, and with the first
    operand negated, against torch in float64."""
    torch = pytest.importorskip("torch")
    from autograd.core.modes import ieee_rules
    from autograd.core.primitive import array_namespace

    prim = autograd.PRIMITIVES[name]
    params = tuple(p.samples[0] for p in prim.param_specs)
    theirs = array_namespace(torch, "torch")[name]
    for xs in (point, (-point[0], *point[1:])):
        with ieee_rules():
            ours = prim(*xs, *params)
        expected = float(theirs(*[torch.tensor(x, dtype=torch.float64) for x in xs], *params))
        assert ours == pytest.approx(expected, nan_ok=True), (xs, ours, expected)
