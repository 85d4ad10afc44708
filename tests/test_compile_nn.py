"""fit(..., compiled=True): the same History as eager training, from one trace per batch shape."""

from __future__ import annotations

import pytest

import autograd
import nn


def hinge(outputs, targets):
    """micrograd's max-margin loss, with arithmetic on the targets (so they can be traced)."""
    return autograd.sum([(1 + -t * s).relu() for s, t in zip(outputs, targets)]) * (1.0 / len(outputs))


def squared(outputs, targets):
    return autograd.sum([(o - t) ** 2 for o, t in zip(outputs, targets)]) * (1.0 / len(outputs))


def close(a, b, tol=1e-9):
    return all(abs(x - y) <= tol * max(1.0, abs(y)) for x, y in zip(a, b, strict=True))


@pytest.mark.parametrize(("loss", "batch_size", "l2"), [
    (hinge, 8, 1e-3), (squared, None, 0.0), (nn.hinge_loss, 8, 0.0), (nn.mse_loss, 6, 1e-3)])
def test_compiled_training_reproduces_the_eager_history(loss, batch_size, l2):
    X, labels = nn.make_moons(20, noise=0.1, seed=3)
    y = [2.0 * t - 1.0 for t in labels]
    histories, weights = [], []
    for compiled in (False, True):
        model = nn.MLP(2, [6, 5, 1], seed=4)
        h = nn.fit(model, X, y, loss=loss, optimizer=nn.optim.SGD(model.parameters(), lr=0.1), epochs=4,
                   batch_size=batch_size, l2=l2, seed=5, verbose=False, validation=(X[:6], y[:6]),
                   compiled=compiled)
        histories.append(h)
        weights.append([p.data for p in model.parameters()])
    eager, compiled = histories
    assert sorted(eager) == sorted(compiled)
    for name in eager:
        assert close(compiled[name], eager[name]), name
    assert close(weights[1], weights[0])


def test_one_trace_per_batch_shape_is_reused():
    X, labels = nn.make_moons(10, seed=1)
    y = [2.0 * t - 1.0 for t in labels]
    model = nn.MLP(2, [4, 1], seed=0)
    step = nn.compiled.CompiledStep(model, hinge)
    opt = nn.optim.SGD(model.parameters(), lr=0.1)
    for start in (0, 4, 8):
        step(model, X[start:start + 4], y[start:start + 4], hinge, opt)
    assert len(step.compiled._programs) == 2  # batches of 4, 4 and 2


def test_dropout_and_number_only_losses_are_refused_clearly():
    model = nn.MLP(2, [4, 1], seed=0, dropout=0.5)
    with pytest.raises(ValueError, match="one random mask"):
        nn.compiled.CompiledStep(model, hinge)
    X, y = [[0.0, 1.0], [1.0, 0.0]], [1.0, -1.0]
    numbers_only = lambda outputs, targets: nn.mse_loss(outputs, [float(t) for t in targets])
    with pytest.raises(autograd.TraceError, match="float"):
        nn.fit(nn.MLP(2, [3, 1], seed=0), X, y, loss=numbers_only, epochs=1, verbose=False, compiled=True)
