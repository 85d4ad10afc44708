"""autograd.compile(backend="torch"): the generated code on torch tensors, equal to eager."""

import math

import pytest

import autograd
import nn
from autograd import Value

torch = pytest.importorskip("torch")


def test_an_mlp_loss_on_a_batch_equals_eager_per_example_and_summed():
    model = nn.MLP(2, [8, 8, 1], activation="tanh", seed=3)
    params = model.parameters()
    X, labels = nn.make_moons(30, noise=0.1, seed=2)
    y = [2.0 * t - 1.0 for t in labels]
    cf = autograd.compile(lambda x0, x1, t: (1.0 + -t * model([x0, x1])).relu(),
                          backend="torch", argnums=(), params=params)
    Xt = torch.tensor(X, dtype=torch.float64)
    values, _ = cf(Xt[:, 0], Xt[:, 1], torch.tensor(y, dtype=torch.float64))
    compiled_grads = [p.grad for p in params]
    model.zero_grad()
    eager = [(1.0 + -t * model(x)).relu() for x, t in zip(X, y)]
    total = autograd.sum(eager)
    total.backward()
    assert isinstance(values, torch.Tensor) and values.dtype == torch.float64 and values.shape == (30,)
    assert all(abs(float(v) - e.data) <= 1e-12 for v, e in zip(values, eager))
    assert all(abs(a - p.grad) <= 1e-12 * max(1.0, abs(p.grad)) for a, p in zip(compiled_grads, params))


def test_per_example_gradients_of_tensor_arguments():
    cf = autograd.compile(lambda x, w: (x * w).tanh() + w.gelu(), backend="torch")
    xs = torch.tensor([0.5, -1.0, 2.0], dtype=torch.float64)
    values, (gx, gw) = cf(xs, 0.3, reduce=None)
    for k, x in enumerate(xs.tolist()):
        a, b = Value(x), Value(0.3)
        out = (a * b).tanh() + b.gelu()
        out.backward()
        assert abs(float(values[k]) - out.data) <= 1e-12
        assert abs(float(gx[k]) - a.grad) <= 1e-12 and abs(float(gw[k]) - b.grad) <= 1e-12


def test_numbers_and_numpy_arrays_are_accepted_and_results_follow_ieee():
    np = pytest.importorskip("numpy")
    cf = autograd.compile(lambda x: x.log(), backend="torch")
    values, (grads,) = cf(np.array([1.0, 0.0, -1.0]))
    assert float(values[0]) == 0.0 and float(values[1]) == -math.inf and math.isnan(float(values[2]))
    assert float(grads[0]) == 1.0 and float(grads[1]) == math.inf


def test_bad_options_and_arguments_get_clear_errors():
    with pytest.raises(TypeError, match="floating torch dtype"):
        autograd.compile(lambda x: x, backend="torch", dtype=torch.int64)
    if not torch.cuda.is_available():
        with pytest.raises(RuntimeError, match="CUDA is not available"):
            autograd.compile(lambda x: x, backend="torch", device="cuda")
    cf = autograd.compile(lambda x: x * 2, backend="torch")
    with pytest.raises(TypeError, match="real numbers"):
        cf(torch.tensor([1 + 2j]))
    with pytest.raises(TypeError, match="unexpected keyword"):
        cf(x=torch.tensor([1.0]))
    with pytest.raises(ValueError, match="share one shape"):
        autograd.compile(lambda x, y: x * y, backend="torch")(torch.ones(2), torch.ones(3))


def test_float32_runs_in_float32():
    cf = autograd.compile(lambda x: (x * x).sigmoid(), backend="torch", dtype=torch.float32)
    values, (grads,) = cf(torch.tensor([0.5, 1.5]))
    assert values.dtype == torch.float32 and grads.dtype == torch.float32
    assert abs(float(values[1]) - 1 / (1 + math.exp(-2.25))) < 1e-6
