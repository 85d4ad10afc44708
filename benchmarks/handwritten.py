"""The floors for compiled code: micrograd's moons step written by hand, with no graph at all.

Both functions do one full-batch step of ``MLP(2, [16, 16, 1])`` on the SVM max-margin
loss ``mean(relu(1 - y·score)) + alpha·Σp²`` (forward, backward, SGD update) and return the
loss before the update. ``layers`` is ``[(W, b), ...]`` with ``W[i]`` the i-th neuron's
weights: lists of floats for :func:`python_step`, numpy arrays for :func:`numpy_step`.
"""

from __future__ import annotations

from operator import mul
from typing import Any


def weights_of(model: Any) -> list[tuple[list[list[float]], list[float]]]:
    """An ``nn.MLP``'s numbers as ``[(W, b), ...]``, the layout both steps take."""
    return [([[w.data for w in n.w] for n in layer.neurons], [n.b.data for n in layer.neurons])
            for layer in model.layers]


def python_step(layers: list[tuple[list[list[float]], list[float]]], X: list[list[float]],
                y: list[float], lr: float, alpha: float) -> float:
    """Lists of floats: per example, a C-level ``sum(map(mul, ...))`` per neuron forward and
    the outer products by hand backward; the weights are updated in place."""
    n, last = len(X), len(layers) - 1
    transposed = [[list(col) for col in zip(*W)] for W, _ in layers]
    gW = [[[0.0] * len(row) for row in W] for W, _ in layers]
    gb = [[0.0] * len(b) for _, b in layers]
    data = 0.0
    for x, t in zip(X, y):
        acts, h = [x], x
        for i, (W, b) in enumerate(layers):
            z = [sum(map(mul, row, h)) + bias for row, bias in zip(W, b)]
            h = z if i == last else [v if v > 0.0 else 0.0 for v in z]
            acts.append(h)
        margin = 1.0 - t * h[0]
        if margin <= 0.0:
            continue
        data += margin
        delta = [-t / n]
        for i in range(last, -1, -1):
            a, grads, bias_grads = acts[i], gW[i], gb[i]
            for k, d in enumerate(delta):
                if d != 0.0:
                    row = grads[k]
                    for j, v in enumerate(a):
                        row[j] += d * v
                    bias_grads[k] += d
            if i:
                back = [sum(map(mul, col, delta)) for col in transposed[i]]
                delta = [g if v > 0.0 else 0.0 for g, v in zip(back, a)]
    reg = 0.0
    for (W, b), grads, bias_grads in zip(layers, gW, gb):
        for row, grow in zip(W, grads):
            for j, w in enumerate(row):
                reg += w * w
                row[j] = w - lr * (grow[j] + 2.0 * alpha * w)
        for k, w in enumerate(b):
            reg += w * w
            b[k] = w - lr * (bias_grads[k] + 2.0 * alpha * w)
    return data / n + alpha * reg


def numpy_step(layers: list[tuple[Any, Any]], X: Any, y: Any, lr: float, alpha: float) -> float:
    """numpy arrays: one matrix product per layer forward and two backward; in place."""
    import numpy as np

    acts = [X]
    for i, (W, b) in enumerate(layers):
        z = acts[-1] @ W.T + b
        acts.append(z if i == len(layers) - 1 else np.maximum(z, 0.0))
    margin = 1.0 - y * acts[-1][:, 0]
    reg = sum(float((W * W).sum() + (b * b).sum()) for W, b in layers)
    loss = float(np.maximum(margin, 0.0).mean()) + alpha * reg
    delta = (np.where(margin > 0.0, -y, 0.0) / len(y))[:, None]
    for i in range(len(layers) - 1, -1, -1):
        W, b = layers[i]
        gW, gb = delta.T @ acts[i], delta.sum(axis=0)
        if i:
            delta = (delta @ W) * (acts[i] > 0.0)
        W -= lr * (gW + 2.0 * alpha * W)
        b -= lr * (gb + 2.0 * alpha * b)
    return loss
