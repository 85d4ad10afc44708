"""The worked examples of the lecture notes (../shared/seeds), computed by the engine."""

import math

import pytest

import autograd
from autograd import Value


def test_chain_rule_through_a_nonlinearity():
    # 001: s -> z = h(s) -> C, dC/ds = dC/dz * h'(s)
    s = Value(0.3)
    z = s.tanh()
    c = (z - 1.0) ** 2
    c.backward()
    assert s.grad == pytest.approx(2 * (math.tanh(0.3) - 1) * (1 - math.tanh(0.3) ** 2))


def test_chain_of_one_function_applied_three_times():
    # 002: x = f(w), y = f(x), z = f(y): dz/dw = f'(y) f'(x) f'(w), with f = exp
    w = Value(0.1)
    z = w.exp().exp().exp()
    z.backward()
    x, y = math.exp(0.1), math.exp(math.exp(0.1))
    assert w.grad == pytest.approx(math.exp(y) * math.exp(x) * math.exp(0.1))


def test_weighted_sum_branches():
    # 001: z feeds three sums s_i = w_i z; dC/dz = sum_i w_i dC/ds_i
    z = Value(0.7)
    ws = [0.5, -1.0, 2.0]
    ss = [z * w for w in ws]
    c = autograd.sum([s * s for s in ss])
    c.backward()
    assert z.grad == pytest.approx(sum(w * 2 * (w * 0.7) for w in ws))


def test_gradient_of_x_exp_x2_y2():
    # 000, figure 2: f(x, y) = x e^{x^2 + y^2}
    for x0, y0 in [(0.5, -0.3), (-1.0, 0.2), (0.0, 0.0)]:
        x, y = Value(x0), Value(y0)
        f = x * (x * x + y * y).exp()
        f.backward()
        e = math.exp(x0**2 + y0**2)
        assert x.grad == pytest.approx(e * (1 + 2 * x0**2))
        assert y.grad == pytest.approx(2 * x0 * y0 * e)


def test_linear_regression_gradient():
    # 000: C_i = 1/2 (w x + b - y)^2, dC/dw = (w x + b - y) x, dC/db = (w x + b - y)
    w, b = Value(0.4), Value(-0.2)
    x, y = 3.0, 1.0
    c = 0.5 * (w * x + b - y) ** 2
    c.backward()
    r = 0.4 * 3.0 - 0.2 - 1.0
    assert (w.grad, b.grad) == (pytest.approx(r * x), pytest.approx(r))


def test_xor_network_with_the_notes_weights():
    # 002: f(x) = w^T max{0, W^T x + c} + b, W = [[1,1],[1,1]], c = [0,-1], w = [1,-2], b = 0
    W = [[Value(1.0), Value(1.0)], [Value(1.0), Value(1.0)]]
    c = [Value(0.0), Value(-1.0)]
    w = [Value(1.0), Value(-2.0)]
    b = Value(0.0)
    outputs = []
    for x in ([0, 0], [0, 1], [1, 0], [1, 1]):
        h = [autograd.dot([W[0][j], W[1][j]], x, c[j]).relu() for j in range(2)]
        outputs.append(autograd.dot(w, h, b))
    assert [o.data for o in outputs] == [0.0, 1.0, 1.0, 0.0]
    loss = autograd.sum([(o - t) ** 2 for o, t in zip(outputs, [0, 1, 1, 0])])
    loss.backward()
    assert loss.data == 0.0 and all(p.grad == 0.0 for p in [*W[0], *W[1], *c, *w, b])


def test_linear_model_on_xor_is_w0_b_half():
    # 002: the best linear fit to XOR under MSE is w = 0, b = 1/2: the gradient vanishes there
    w1, w2, b = Value(0.0), Value(0.0), Value(0.5)
    data = [([0, 0], 0), ([0, 1], 1), ([1, 0], 1), ([1, 1], 0)]
    loss = autograd.sum([(autograd.dot([w1, w2], x, b) - t) ** 2 for x, t in data]) / 4
    loss.backward()
    assert loss.data == 0.25
    assert (w1.grad, w2.grad, b.grad) == (0.0, 0.0, 0.0)


def test_max_rule_of_the_notes():
    # 001: Y = max(X1, X2): dY/dX1 = 1 if X1 >= X2 else 0
    x1, x2 = Value(2.0), Value(-1.0)
    autograd.maximum(x1, x2).backward()
    assert (x1.grad, x2.grad) == (1.0, 0.0)


def test_activation_derivatives_of_the_notes():
    # 003: g' = g(1 - g) for the sigmoid, 1 - g^2 for tanh, 1 / 0 for ReLU
    for z in (-2.0, 0.5, 3.0):
        s, t, r = Value(z), Value(z), Value(z)
        gs, gt = s.sigmoid(), t.tanh()
        gs.backward()
        gt.backward()
        r.relu().backward()
        assert s.grad == pytest.approx(gs.data * (1 - gs.data))
        assert t.grad == pytest.approx(1 - gt.data**2)
        assert r.grad == (1.0 if z > 0 else 0.0)
