"""autograd.compile(backend="numpy"): a minibatch in one call, matching eager per sample."""

from __future__ import annotations

import itertools
import random
import re
import warnings

import pytest
from hypothesis import given
from hypothesis import strategies as st

import autograd
from autograd import DomainError, TraceWarning, Value
from autograd.testing import expressions

np = pytest.importorskip("numpy")


def eager(f, *xs):
    leaves = [Value(x) for x in xs]
    out = f(*leaves)
    out.backward()
    return out.data, [v.grad for v in leaves]


def allclose(a, b, tol=1e-12) -> bool:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and bool(np.all(np.isclose(a, b, rtol=tol, atol=tol, equal_nan=True)))


@given(expressions(n_inputs=2, max_leaves=7), st.lists(st.floats(-2, 2), min_size=4, max_size=4),
       st.floats(-2, 2))
def test_batch_equals_eager_per_sample(expr, column, weight):
    f = lambda x, w: expr(x, w)
    try:
        rows = [eager(f, x, weight) for x in column]
    except DomainError:  # numpy follows IEEE there; the eager engine raises
        return
    cf = autograd.compile(f, backend="numpy")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # unused inputs; numpy's overflow warnings
        value, (gx, gw) = cf(np.array(column), weight)
    assert allclose(value, [v for v, _ in rows])
    assert allclose(gx, [g[0] for _, g in rows])  # an array argument: per example
    assert allclose(gw, sum(g[1] for _, g in rows))  # a number: summed over the batch


def layer_params(sizes, seed=0):
    rng = random.Random(seed)
    return [rng.uniform(-1, 1) for nin, nout in itertools.pairwise(sizes) for _ in range(nout * (nin + 1))]


SIZES = (2, 6, 5, 1)


def per_example_loss(p, x0, x1, y):
    """One sample of micrograd's moons loss: relu(1 - y·score) + 1e-4·Σp²."""
    it, h = iter(p), [x0, x1]
    for i, (nin, nout) in enumerate(itertools.pairwise(SIZES)):
        rows = [[next(it) for _ in range(nin + 1)] for _ in range(nout)]
        z = [autograd.dot(r[:-1], h, r[-1]) for r in rows]
        h = z if i == len(SIZES) - 2 else [v.relu() for v in z]
    return (1 + -y * h[0]).relu() + 1e-4 * autograd.sum([q * q for q in p])


def batch():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(9, 2))
    return X[:, 0], X[:, 1], np.where(rng.normal(size=9) > 0, 1.0, -1.0)


def test_a_fused_mlp_matches_eager_and_per_example_gradients_sum_to_the_batch_gradient():
    p = layer_params(SIZES)
    x0, x1, y = batch()
    fused = autograd.compile(per_example_loss, backend="numpy")
    value, (gp, g0, g1, gy) = fused(p, x0, x1, y)
    assert "z0_W @" in fused.source and "h0 = relu(z0)" in fused.source  # one matmul per layer
    assert "z1_W @ h0" in fused.source  # the next layer reads the activation array as is
    per = autograd.compile(per_example_loss, backend="numpy")
    v2, (gp_each, g0_each, _, _) = per(p, x0, x1, y, reduce=None)
    assert gp_each[0].shape == (9,) and allclose(v2, value)
    assert allclose([g.sum() for g in gp_each], gp)
    assert allclose(g0_each, g0)
    total = np.zeros(len(p))
    for b in range(9):
        want, grads = eager(lambda *a: per_example_loss(list(a[:-3]), *a[-3:]), *p, x0[b], x1[b], y[b])
        assert allclose(value[b], want)
        assert allclose([g0[b], g1[b], gy[b]], grads[-3:])
        assert allclose([g[b] for g in gp_each], grads[:-3])
        total += grads[:-3]
    assert allclose(gp, total)
    _, (gp_mean, *_) = fused(p, x0, x1, y, reduce="mean")
    assert allclose(gp_mean, total / 9)


def test_params_are_scalars_for_the_batch_and_their_gradients_are_reduced_into_grad():
    p = [Value(w) for w in layer_params(SIZES, seed=3)]
    x0, x1, y = batch()
    cf = autograd.compile(lambda a, b, t: per_example_loss(p, a, b, t), backend="numpy", argnums=(),
                          params=p)
    value, grads = cf(x0, x1, y, reduce="mean")
    assert grads == ()
    ref = [Value(q.data) for q in p]
    out = autograd.sum([per_example_loss(ref, a, b, t) for a, b, t in zip(x0, x1, y)]) * (1 / 9)
    out.backward()
    assert allclose(value.mean(), out.data)
    assert allclose([q.grad for q in p], [q.grad for q in ref])
    with pytest.raises(ValueError, match="per-example gradients are for arguments"):
        cf(x0, x1, y, reduce=None)


def test_shapes_are_kept_and_checked():
    cf = autograd.compile(lambda a, b: (a * b).tanh(), backend="numpy")
    grid = np.linspace(-1, 1, 6).reshape(2, 3)
    value, (ga, gb) = cf(grid, 0.5)
    assert value.shape == (2, 3) and ga.shape == (2, 3) and isinstance(gb, float)
    assert allclose(ga, 0.5 * (1 - np.tanh(0.5 * grid) ** 2))
    _, (_ga2, gb2) = cf(grid, 0.5, reduce=None)
    assert gb2.shape == (2, 3) and allclose(gb2.sum(), gb)
    with pytest.raises(ValueError, match=r"shape \(3,\), but the other arrays have shape \(2, 3\)"):
        cf(grid, np.ones(3))
    with pytest.raises(ValueError, match="empty"):
        cf(np.array([]), 1.0)
    with pytest.raises(ValueError, match="reduce must be"):
        cf(grid, 0.5, reduce="max")
    with pytest.raises(TypeError, match="argument 1 must be real numbers or arrays"):
        cf(grid, "x")


def test_an_output_constant_over_the_batch_still_counts_every_example():
    cf = autograd.compile(lambda x, w: w * w, backend="numpy")
    with pytest.warns(TraceWarning):
        value, (gx, gw) = cf(np.arange(4.0), 3.0)
    assert allclose(value, [9.0] * 4) and allclose(gx, [0.0] * 4) and gw == 24.0


def test_kinks_and_nan_follow_the_float_rules():
    cf = autograd.compile(lambda x, y: autograd.maximum(x, y).relu() + x.abs() + x.clamp(-0.5, 0.5),
                          backend="numpy")
    xs = np.array([-1.0, 0.0, 0.25, 1.0, np.nan])
    value, (gx, _) = cf(xs, 0.0, reduce=None)
    for b, x in enumerate(xs):
        v, (g, _) = eager(lambda a, c: autograd.maximum(a, c).relu() + a.abs() + a.clamp(-0.5, 0.5), x, 0.0)
        assert allclose(value[b], v) and allclose(gx[b], g)


def test_custom_ops_need_the_python_backend():
    @autograd.custom_op(derivative=lambda x, out: 2 * x)
    def square(x):
        return x * x

    with pytest.raises(TypeError, match="cannot compile custom op 'square' with an array backend"):
        autograd.compile(lambda x: square(x), backend="numpy")(np.ones(3))


def tangled(p, x0, x1):
    """Layers the fusion has to get right: sides swapped, maps over maps, a permuted next layer,
    a row also read by scalar code, numeric biases, and the output being a row of a layer."""
    x = [x0, x1]
    w = [p[2 * i:2 * i + 2] for i in range(5)]
    z = [autograd.dot(x, w[i], p[10 + i]) if i % 2 else autograd.dot(w[i], x, p[10 + i]) for i in range(5)]
    h = [v.tanh().sigmoid() for v in z]
    side = h[2] * x0 + z[1]
    h2 = [autograd.dot(p[15 + 5 * i:20 + 5 * i], h[::-1], 0.125 * i).relu() for i in range(3)]
    return autograd.dot([*p[30:33], p[33]], [*h2, side])


def test_fusion_handles_swapped_sides_chained_maps_permutations_and_shared_rows():
    rng = np.random.default_rng(1)
    p = list(rng.uniform(-1, 1, size=34))
    x0, x1 = rng.normal(size=7), rng.normal(size=7)
    cf = autograd.compile(tangled, backend="numpy")
    value, (gp, g0, g1) = cf(p, x0, x1)
    src = cf.source
    assert re.search(r"h\d = sigmoid\(h\d\)", src)  # a map over a map
    assert re.search(r"z1 = z1_W @ h\d ", src)  # the next layer reads the activation array as is
    _, (gp_each, g0_each, g1_each) = cf(p, x0, x1, reduce=None)  # the unfused code
    assert allclose(g0, g0_each) and allclose(g1, g1_each)
    assert allclose(gp, [g.sum() for g in gp_each])
    for b in range(7):
        want, grads = eager(lambda *a: tangled(list(a[:34]), a[34], a[35]), *p, x0[b], x1[b])
        assert allclose(value[b], want)
        assert allclose([g0[b], g1[b]], grads[34:])
        assert allclose([g[b] for g in gp_each], grads[:34])


@given(st.lists(st.integers(1, 4), min_size=1, max_size=3), st.sampled_from(["relu", "tanh", "sigmoid",
                                                                              "softplus", "leaky_relu"]),
       st.integers(0, 2**16))
def test_random_fused_networks_match_their_unfused_per_example_code(hidden, activation, seed):
    sizes = [2, *hidden, 1]
    p = layer_params(sizes, seed)

    def net(p, x0, x1):
        it, h = iter(p), [x0, x1]
        for i, (nin, nout) in enumerate(itertools.pairwise(sizes)):
            z = [autograd.dot([next(it) for _ in range(nin)], h, next(it)) for _ in range(nout)]
            h = z if i == len(sizes) - 2 else [getattr(v, activation)() for v in z]
        return h[0] * h[0]

    x0, x1 = np.random.default_rng(seed).normal(size=(2, 5))
    cf = autograd.compile(net, backend="numpy")
    value, (gp, g0, _) = cf(p, x0, x1)
    assert "z0_W @ z0_X" in cf.source
    v2, (gp_each, g0_each, _) = cf(p, x0, x1, reduce=None)
    assert allclose(value, v2) and allclose(g0, g0_each)
    assert allclose(gp, [g.sum() for g in gp_each])
    want, grads = eager(lambda *a: net(list(a[:-2]), *a[-2:]), *p, x0[3], x1[3])
    assert allclose(value[3], want) and allclose([g[3] for g in gp_each], grads[:-2])


def test_aux_results_come_per_example():
    cf = autograd.compile(lambda x, w: ((x * w).tanh() ** 2, [(x * w).tanh(), 1.5]), backend="numpy",
                          has_aux=True)
    xs = np.array([-1.0, 0.5, 2.0])
    (value, (h, c)), (_, gw) = cf(xs, 0.75)
    assert allclose(h, np.tanh(0.75 * xs)) and allclose(value, h ** 2) and c == 1.5  # numbers as they are
    assert allclose(gw, (2 * h * (1 - h * h) * xs).sum())


def two_heads(p, x0, x1):
    """One layer read three ways: two activations of it feed two next layers, and one of its rows
    is also read by scalar code, so its gradient array sums every reader's contribution."""
    z = [autograd.dot(p[3 * i:3 * i + 2], [x0, x1], p[3 * i + 2]) for i in range(3)]
    a = [autograd.dot(p[9 + 3 * i:12 + 3 * i], [v.tanh() for v in z]) for i in range(2)]
    b = [autograd.dot(p[15 + 3 * i:18 + 3 * i], [v.sigmoid() for v in z]) for i in range(2)]
    return a[0] * b[1] + a[1] - b[0] + z[2] * x0


def test_a_layer_read_by_two_activations_gets_both_gradients():
    rng = np.random.default_rng(2)
    p = list(rng.uniform(-1, 1, size=21))
    x0, x1 = rng.normal(size=(2, 6))
    cf = autograd.compile(two_heads, backend="numpy")
    value, (gp, g0, g1) = cf(p, x0, x1)
    assert "tanh(z0)" in cf.source and "sigmoid(z0)" in cf.source  # both maps read the fused layer
    for b in range(6):
        want, grads = eager(lambda *a: two_heads(list(a[:21]), a[21], a[22]), *p, x0[b], x1[b])
        assert allclose(value[b], want) and allclose([g0[b], g1[b]], grads[21:])
    _, (gp_each, _, _) = cf(p, x0, x1, reduce=None)
    assert allclose(gp, [g.sum() for g in gp_each])
