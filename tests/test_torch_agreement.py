"""The same expressions through PyTorch's autograd in float64 agree to 1e-10 (when torch is installed)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

import autograd
from autograd import Value

torch = pytest.importorskip("torch")
F = torch.nn.functional


def expressions(lib):
    """Functions of (x, y) written once, for Values (lib=autograd) and tensors (lib=torch)."""
    maximum = autograd.maximum if lib is autograd else torch.maximum
    softplus = (lambda v: v.softplus()) if lib is autograd else F.softplus
    leaky = (lambda v: v.leaky_relu(0.1)) if lib is autograd else (lambda v: F.leaky_relu(v, 0.1))
    return [
        lambda x, y: (x * y + x.exp()).tanh() * y.sigmoid(),
        lambda x, y: (x * x + y * y + 0.1).sqrt().log() - x / (1 + y * y),
        lambda x, y: softplus(x - y) * leaky(x + y) + (x**3 - 2 * y).relu(),
        lambda x, y: maximum(x.sin(), y.cos()) * abs(x - 0.1) + (x * 0.5).clamp(-0.3, 0.4),
        lambda x, y: (2.0 ** x) * (x.exp() ** y) / (3 - y.tanh()),
    ]


@given(st.floats(-2, 2), st.floats(-2, 2))
def test_values_and_gradients_match_torch(x0, y0):
    for ours, theirs in zip(expressions(autograd), expressions(torch)):
        x, y = Value(x0), Value(y0)
        out = ours(x, y)
        out.backward()
        tx = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
        ty = torch.tensor(y0, dtype=torch.float64, requires_grad=True)
        tout = theirs(tx, ty)
        tout.backward()
        assert out.data == pytest.approx(tout.item(), rel=1e-10, abs=1e-10)
        assert x.grad == pytest.approx(tx.grad.item(), rel=1e-10, abs=1e-10)
        assert y.grad == pytest.approx(ty.grad.item(), rel=1e-10, abs=1e-10)
