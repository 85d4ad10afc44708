"""Toy data sets, standard library only and seeded: what the notes and micrograd's demo train on.

Each generator returns ``(X, y)``: ``X`` a list of feature lists, ``y`` a list of labels
(class indices 0..k-1) or, for :func:`make_linear`, of real targets. The same ``seed``
gives the same data; ``noise`` is the standard deviation of Gaussian jitter.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

Dataset = tuple[list[list[float]], list]


def make_moons(n_samples: int = 100, noise: float = 0.0, seed: int | None = None,
               shuffle: bool = True) -> Dataset:
    """Two interleaving half circles (scikit-learn's ``make_moons``): class 0 on top, class 1 below.

    >>> import nn
    >>> X, y = nn.make_moons(100, noise=0.1, seed=1337)
    >>> len(X), len(X[0]), sorted(set(y))
    (100, 2, [0, 1])
    """
    _check(n_samples, noise, minimum=2)
    n_out = n_samples // 2
    X = [[math.cos(t), math.sin(t)] for t in _steps(math.pi, n_out)]
    X += [[1.0 - math.cos(t), 0.5 - math.sin(t)] for t in _steps(math.pi, n_samples - n_out)]
    y = [0] * n_out + [1] * (n_samples - n_out)
    return _finish(X, y, noise, random.Random(seed), shuffle)


def make_circles(n_samples: int = 100, noise: float = 0.0, factor: float = 0.8, seed: int | None = None,
                 shuffle: bool = True) -> Dataset:
    """A circle of radius 1 (class 0) around one of radius ``factor`` (class 1).

    >>> import nn
    >>> X, y = nn.make_circles(50, factor=0.5, seed=0)
    >>> len(X), sorted(set(y))
    (50, [0, 1])
    """
    _check(n_samples, noise, minimum=2)
    if not 0.0 < factor < 1.0:
        raise ValueError(f"factor must lie in (0, 1), got {factor!r}")
    n_out = n_samples // 2
    n_in = n_samples - n_out
    X = [[math.cos(2 * math.pi * i / n_out), math.sin(2 * math.pi * i / n_out)] for i in range(n_out)]
    X += [[factor * math.cos(2 * math.pi * i / n_in), factor * math.sin(2 * math.pi * i / n_in)]
          for i in range(n_in)]
    return _finish(X, [0] * n_out + [1] * n_in, noise, random.Random(seed), shuffle)


def make_xor(n_samples: int = 4, noise: float = 0.0, seed: int | None = None,
             shuffle: bool = False) -> Dataset:
    """The XOR truth table's four corners, repeated to ``n_samples`` points; ``n_samples=4`` and
    no noise give exactly the notes' X = [[0,0],[0,1],[1,0],[1,1]], y = [0,1,1,0].

    >>> import nn
    >>> nn.make_xor()
    ([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], [0, 1, 1, 0])
    """
    _check(n_samples, noise, minimum=1)
    corners = [([0.0, 0.0], 0), ([0.0, 1.0], 1), ([1.0, 0.0], 1), ([1.0, 1.0], 0)]
    X = [list(corners[i % 4][0]) for i in range(n_samples)]
    y = [corners[i % 4][1] for i in range(n_samples)]
    return _finish(X, y, noise, random.Random(seed), shuffle)


def make_spirals(n_samples: int = 300, n_classes: int = 3, noise: float = 0.2, seed: int | None = None,
                 shuffle: bool = True) -> Dataset:
    """``n_classes`` interleaved spiral arms (CS231n's spiral data), ``n_samples`` points in all.

    >>> import nn
    >>> X, y = nn.make_spirals(90, n_classes=3, seed=0)
    >>> len(X), sorted(set(y))
    (90, [0, 1, 2])
    """
    _check(n_samples, noise, minimum=n_classes)
    if n_classes < 2:
        raise ValueError(f"n_classes must be at least 2, got {n_classes!r}")
    rng = random.Random(seed)
    X: list[list[float]] = []
    y: list[int] = []
    for k in range(n_classes):
        count = n_samples // n_classes + (k < n_samples % n_classes)
        for r in _steps(1.0, count):
            t = 4.0 * k + 4.0 * r + rng.gauss(0.0, noise)  # angle grows with the radius
            X.append([r * math.sin(t), r * math.cos(t)])
            y.append(k)
    return _finish(X, y, 0.0, rng, shuffle)


def make_blobs(n_samples: int = 100, centers: int | Sequence[Sequence[float]] = 3, cluster_std: float = 1.0,
               n_features: int = 2, seed: int | None = None, shuffle: bool = True) -> Dataset:
    """Gaussian clusters around ``centers`` (a count, drawn in [-10, 10]^n_features, or coordinates).

    >>> import nn
    >>> X, y = nn.make_blobs(60, centers=[[0.0, 0.0], [5.0, 5.0]], cluster_std=0.5, seed=0)
    >>> len(X), sorted(set(y))
    (60, [0, 1])
    """
    _check(n_samples, cluster_std, minimum=1)
    rng = random.Random(seed)
    if isinstance(centers, int):
        if centers < 1:
            raise ValueError(f"centers must be at least 1, got {centers!r}")
        points = [[rng.uniform(-10.0, 10.0) for _ in range(n_features)] for _ in range(centers)]
    else:
        points = [[float(c) for c in center] for center in centers]
        if not points or len({len(p) for p in points}) != 1:
            raise ValueError("centers must be a non-empty list of points of one dimension")
    X, y = [], []
    for i in range(n_samples):
        k = i % len(points)
        X.append([c + rng.gauss(0.0, cluster_std) for c in points[k]])
        y.append(k)
    return _finish(X, y, 0.0, rng, shuffle)


def make_linear(n_samples: int = 100, w: float | Sequence[float] = 2.0, b: float = -1.0, noise: float = 0.1,
                seed: int | None = None) -> Dataset:
    """Noisy linear regression data ``y = w·x + b + ε``, inputs uniform in [-1, 1]
    (one feature for a scalar ``w``, ``len(w)`` features for a list).

    >>> import nn
    >>> X, y = nn.make_linear(3, w=2.0, b=-1.0, noise=0.0, seed=0)
    >>> all(t == 2.0 * x[0] - 1.0 for x, t in zip(X, y))
    True
    """
    _check(n_samples, noise, minimum=1)
    ws = [float(w)] if isinstance(w, (int, float)) else [float(v) for v in w]
    rng = random.Random(seed)
    X = [[rng.uniform(-1.0, 1.0) for _ in ws] for _ in range(n_samples)]
    y = [sum(wi * xi for wi, xi in zip(ws, x)) + b + rng.gauss(0.0, noise) for x in X]
    return X, y


def _steps(stop: float, n: int) -> list[float]:
    """n evenly spaced numbers from 0 to ``stop`` (both ends included; [0] for n = 1)."""
    if n == 1:
        return [0.0]
    return [stop * i / (n - 1) for i in range(n)]


def _finish(X: list[list[float]], y: list, noise: float, rng: random.Random, shuffle: bool) -> Dataset:
    if noise:
        X = [[v + rng.gauss(0.0, noise) for v in x] for x in X]
    if shuffle:
        order = list(range(len(X)))
        rng.shuffle(order)
        X, y = [X[i] for i in order], [y[i] for i in order]
    return X, y


def _check(n_samples: int, noise: float, minimum: int) -> None:
    if isinstance(n_samples, bool) or not isinstance(n_samples, int) or n_samples < minimum:
        raise ValueError(f"n_samples must be an int >= {minimum}, got {n_samples!r}")
    if not isinstance(noise, (int, float)) or not math.isfinite(noise) or noise < 0:
        raise ValueError(f"noise must be a finite number >= 0, got {noise!r}")
