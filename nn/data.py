"""Preparing data for training: a train/validation split, standardization, shuffled minibatches."""

from __future__ import annotations

import math
import random
from collections.abc import Iterator, Sequence
from typing import Any


def train_val_split(X: Sequence[Any], y: Sequence[Any], val_fraction: float = 0.2,
                    seed: int | None = None, shuffle: bool = True) -> tuple[list, list, list, list]:
    """``(X_train, y_train, X_val, y_val)``: a shuffled split keeping ``val_fraction`` for validation.

    >>> import nn
    >>> X, y = nn.make_moons(10, seed=0)
    >>> X_train, y_train, X_val, y_val = nn.train_val_split(X, y, val_fraction=0.2, seed=0)
    >>> len(X_train), len(X_val)
    (8, 2)
    """
    check_samples(X, y)
    if not 0.0 < val_fraction < 1.0:
        raise ValueError(f"val_fraction must lie in (0, 1), got {val_fraction!r}")
    order = list(range(len(X)))
    if shuffle:
        random.Random(seed).shuffle(order)
    n_val = max(1, round(len(X) * val_fraction))
    if n_val >= len(X):
        raise ValueError(f"cannot keep {n_val} of {len(X)} samples for validation and train on the rest")
    train, val = order[n_val:], order[:n_val]
    return [X[i] for i in train], [y[i] for i in train], [X[i] for i in val], [y[i] for i in val]


class Standardizer:
    """Zero mean and unit variance per feature, fitted on the training split only and then
    applied unchanged to validation and test data (a constant feature is only centred).

    >>> from nn import Standardizer
    >>> scaler = Standardizer().fit([[1.0, 10.0], [3.0, 30.0]])
    >>> scaler.transform([[2.0, 40.0]])
    [[0.0, 2.0]]
    >>> scaler.inverse_transform([[0.0, 2.0]])
    [[2.0, 40.0]]
    """

    def __init__(self) -> None:
        self.mean: list[float] = []
        self.std: list[float] = []

    def fit(self, X: Sequence[Sequence[float]]) -> Standardizer:
        """Learn each feature's mean and standard deviation from ``X``; returns ``self``."""
        rows = [[float(v) for v in row] for row in X]
        if not rows or not rows[0]:
            raise ValueError("standardization needs at least one sample with one feature")
        width = len(rows[0])
        if any(len(r) != width for r in rows):
            raise ValueError(f"every sample must have {width} features")
        if not all(math.isfinite(v) for r in rows for v in r):
            raise ValueError("standardization needs finite features")
        n = len(rows)
        self.mean = [sum(col) / n for col in zip(*rows)]
        var = [sum((v - m) ** 2 for v in col) / n for col, m in zip(zip(*rows), self.mean)]
        self.std = [math.sqrt(s) if s > 0 else 1.0 for s in var]
        return self

    def transform(self, X: Sequence[Sequence[float]]) -> list[list[float]]:
        """``X`` standardized with the fitted statistics."""
        if not self.mean:
            raise RuntimeError("Standardizer.transform before fit")
        out = []
        for row in X:
            if len(row) != len(self.mean):
                raise ValueError(f"expected {len(self.mean)} features, got {len(row)}")
            out.append([(v - m) / s for v, m, s in zip(row, self.mean, self.std)])
        return out

    def fit_transform(self, X: Sequence[Sequence[float]]) -> list[list[float]]:
        """``fit(X)`` then ``transform(X)``."""
        return self.fit(X).transform(X)

    def inverse_transform(self, X: Sequence[Sequence[float]]) -> list[list[float]]:
        """Back to the original units."""
        return [[v * s + m for v, m, s in zip(row, self.mean, self.std)] for row in X]


def minibatches(X: Sequence[Any], y: Sequence[Any], batch_size: int | None = None, shuffle: bool = True,
                rng: random.Random | None = None) -> Iterator[tuple[list, list]]:
    """One epoch of ``(X_batch, y_batch)``, reshuffled on every call (pass one ``rng`` for all
    epochs); ``batch_size=None`` gives the whole set as one batch; the last batch may be smaller.

    >>> from nn import minibatches
    >>> X, y = [[0.0], [1.0], [2.0], [3.0], [4.0]], [0, 1, 0, 1, 0]
    >>> [len(xb) for xb, yb in minibatches(X, y, batch_size=2, shuffle=False)]
    [2, 2, 1]
    """
    check_samples(X, y)
    size = len(X) if batch_size is None else batch_size
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise ValueError(f"batch_size must be a positive int or None, got {batch_size!r}")
    order = list(range(len(X)))
    if shuffle:
        (rng or random).shuffle(order)
    for start in range(0, len(order), size):
        chunk = order[start:start + size]
        yield [X[i] for i in chunk], [y[i] for i in chunk]


def check_samples(X: Sequence[Any], y: Sequence[Any]) -> None:
    """Raise a ``ValueError`` unless ``X`` and ``y`` hold the same, non-zero number of samples."""
    if len(X) != len(y):
        raise ValueError(f"X has {len(X)} samples but y has {len(y)}")
    if not X:
        raise ValueError("no samples")
