"""Higher-order derivatives: backward(create_graph=True) builds gradients as graphs from the
op table's own rules; second and third derivatives of every op against finite differences."""

import math
from types import SimpleNamespace

import pytest

import autograd
from autograd import PRIMITIVES, Value, gradcheck, gradgradcheck, hessian, topological_order
from autograd.core.higher import gradients

# op name -> (function of Values using that op, points away from kinks and domain edges)
CASES = {
    "add": (lambda x, y: x + y, [(0.3, -1.2)]),
    "sub": (lambda x, y: x - y, [(0.3, -1.2)]),
    "mul": (lambda x, y: x * y, [(0.7, -1.3)]),
    "div": (lambda x, y: x / y, [(0.7, -1.3), (2.0, 0.5)]),
    "neg": (lambda x: -x, [(0.4,)]),
    "pow": (lambda x, y: x ** y, [(1.3, 2.5), (0.6, -1.7)]),
    "powc": (lambda x: x ** 3 + x ** 0.5 + x ** -2 + x ** 2.5, [(0.8,), (1.7,)]),
    "exp": (lambda x: x.exp(), [(-0.6,), (1.5,)]),
    "log": (lambda x: x.log(), [(0.3,), (2.5,)]),
    "sqrt": (lambda x: x.sqrt(), [(0.3,), (2.5,)]),
    "tanh": (lambda x: x.tanh(), [(-0.6,), (1.1,)]),
    "sigmoid": (lambda x: x.sigmoid(), [(-0.6,), (1.9,)]),
    "relu": (lambda x: x.relu() * x, [(-0.8,), (0.8,)]),
    "leaky_relu": (lambda x: x.leaky_relu(0.1) * x, [(-0.8,), (0.8,)]),
    "softplus": (lambda x: x.softplus(), [(-0.6,), (1.9,)]),
    "abs": (lambda x: x.abs() * x, [(-0.8,), (0.8,)]),
    "sin": (lambda x: x.sin(), [(-0.6,), (1.9,)]),
    "cos": (lambda x: x.cos(), [(-0.6,), (1.9,)]),
    "step": (lambda x: x.step() * x * x, [(-0.8,), (0.8,)]),
    "clamp": (lambda x: x.clamp(-0.5, 1.0) * x, [(-0.8,), (0.3,), (1.4,)]),
    "maximum": (lambda x, y: x.maximum(y) * x, [(0.3, -1.2), (-1.2, 0.3)]),
    "minimum": (lambda x, y: x.minimum(y) * y, [(0.3, -1.2), (-1.2, 0.3)]),
}
NARY = {
    "sum": (lambda x, y: autograd.sum([x * x, x * y, y.exp()]), [(0.3, -1.2)]),
    "dot of Values": (lambda x, y: autograd.dot([x, y], [y.sin(), x * x], bias=x * y), [(0.3, -1.2)]),
    "dot with numbers": (lambda x, y: autograd.dot([x * y, y * y], [2.0, -3.0], 0.5), [(0.3, -1.2)]),
}
ALL = {**CASES, **NARY}


def test_every_op_is_covered():
    assert set(CASES) <= set(PRIMITIVES)  # every op of the registry: tests/test_conformance.py


@pytest.mark.parametrize("name", ALL)
def test_second_derivatives_match_finite_differences_of_the_gradient(name):
    f, points = ALL[name]
    for point in points:
        assert gradgradcheck(f, point)


@pytest.mark.parametrize("name", ALL)
def test_third_derivatives_match_finite_differences_of_the_hessian(name):
    f, points = ALL[name]
    for point in points:
        n = len(point)
        for i in range(n):
            for j in range(n):
                assert gradcheck(lambda *xs, i=i, j=j, n=n: hessian(f, tuple(range(n)))(*xs)[i][j], point)


def test_known_closed_forms():
    x0 = 0.7
    d2 = {  # f -> f''(x0)
        Value.tanh: -2 * math.tanh(x0) * (1 - math.tanh(x0) ** 2),
        Value.exp: math.exp(x0),
        Value.log: -1 / x0 ** 2,
        Value.sqrt: -0.25 * x0 ** -1.5,
        Value.sin: -math.sin(x0),
        Value.sigmoid: (s := 1 / (1 + math.exp(-x0))) * (1 - s) * (1 - 2 * s),
    }
    for f, expected in d2.items():
        x = Value(x0)
        f(x).backward(create_graph=True)
        g = x.grad
        x.grad = 0.0
        g.backward()
        assert x.grad == pytest.approx(expected, rel=1e-12), f.__name__


def test_create_graph_makes_every_grad_a_value_that_backpropagates():
    x, y = Value(1.5), Value(-0.5)
    z = x * y * y + x.exp()
    z.backward(create_graph=True)
    for v in topological_order(z, leaves=True):
        assert isinstance(v.grad, Value)
    assert x.grad.data == pytest.approx(0.25 + math.exp(1.5))
    gx = x.grad
    x.grad = y.grad = 0.0
    gx.backward()  # d/dx and d/dy of dz/dx = y^2 + e^x
    assert x.grad == pytest.approx(math.exp(1.5))
    assert y.grad == pytest.approx(-1.0)


def test_third_derivative_by_repeated_backward():
    x = Value(2.0)
    (x ** 4).backward(create_graph=True)
    g1 = x.grad  # 4x^3
    x.grad = 0.0
    g1.backward(create_graph=True)
    g2 = x.grad  # 12x^2
    x.grad = 0.0
    g2.backward()
    assert (g1.data, g2.data, x.grad) == (32.0, 48.0, 48.0)


def test_create_graph_leaves_accumulate_and_interior_nodes_are_overwritten():
    x = Value(3.0)
    y = x * x
    y.backward(create_graph=True)
    y.backward(create_graph=True)
    assert x.grad.data == 12.0  # 2 * 2x, summed across the two passes (PyTorch's rule)
    assert y.grad.data == 1.0


def test_create_graph_builds_the_graph_even_inside_no_grad():
    x = Value(0.5)
    y = x * x * x
    with autograd.no_grad():
        y.backward(create_graph=True)
    g = x.grad
    x.grad = 0.0
    g.backward()
    assert x.grad == 3.0  # 6x


def test_a_leaf_root_gets_a_value_gradient():
    x = Value(3.0)
    x.backward(create_graph=True)
    assert isinstance(x.grad, Value) and x.grad.data == 1.0


def test_gradients_touch_no_grad_and_skip_unrelated_branches():
    x, y = Value(0.5), Value(2.0)
    out = x.exp() * y + y.sin()
    gx, = gradients(out, [x], create_graph=True)
    assert x.grad == 0.0 and y.grad == 0.0
    assert gx.data == pytest.approx(math.exp(0.5) * 2.0)
    assert gradients(3.0, [x]) == [0.0]
    assert gradients(out, [Value(1.0)]) == [0.0]  # not in the graph


def test_constant_local_derivatives_stay_floats():
    x, y = Value(0.5), Value(2.0)
    assert gradients(x + y, [x, y], create_graph=True) == [1.0, 1.0]


def test_first_order_backward_after_create_graph_still_gives_numbers():
    x = Value(0.3)
    f = x.tanh() * x
    f.backward(create_graph=True)
    x.grad = 0.0
    f.backward()
    assert isinstance(x.grad, float)


def test_a_derivative_that_does_not_exist_is_ieee_as_at_first_order():
    x, y = Value(-2.0), Value(3.0)
    (x ** y).backward(create_graph=True)
    assert x.grad.data == 12.0 and math.isnan(y.grad.data)
    gx = x.grad
    x.grad = 0.0
    gx.backward()
    assert x.grad == -12.0  # d²(x³)/dx² at -2 still differentiates
    r = Value(0.0)
    r.sqrt().backward(create_graph=True)
    assert r.grad.data == math.inf


def test_hessians_agree_with_torch():
    torch = pytest.importorskip("torch")
    functions = [
        lambda x, y, m: (x * y).tanh() + (x / (y * y + 1)).exp() + m.sqrt(x * x + 0.5) * y.sigmoid(),
        lambda x, y, m: (x * x + 0.5).log() * y.sin() + x ** 3 * y.cos() + m.softplus(x - y),
        lambda x, y, m: (x * x + 1.0) ** y.tanh() + (x * y).relu() * x + m.abs(x) * y * y,
    ]
    m = SimpleNamespace(sqrt=torch.sqrt, abs=torch.abs, softplus=torch.nn.functional.softplus)
    for f in functions:
        point = (0.7, -0.4)
        ours = hessian(lambda x, y, f=f: f(x, y, autograd.ops), (0, 1))(*point)  # ops take duals too
        t = torch.autograd.functional.hessian(
            lambda v, f=f: f(v[0], v[1], m), torch.tensor(point, dtype=torch.float64))
        assert [*ours[0], *ours[1]] == pytest.approx(t.flatten().tolist(), rel=1e-10, abs=1e-12)
