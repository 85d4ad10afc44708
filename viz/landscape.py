"""Plots over a 2-D plane: a classifier's decision regions, gradient descent on contours.

Both evaluate a function of two numbers on a grid (under ``autograd.no_grad()``, so no
graph is built) and draw it with matplotlib, imported when called.
"""

from __future__ import annotations

import itertools
import math
import numbers
import os
from collections.abc import Callable, Sequence
from typing import Any

import autograd
from autograd import DomainError, Value

from .mpl import finish, new_figure

Point = tuple[float, float]
REGIONS = ("#9ecae1", "#fdae6b", "#a1d99b", "#bcbddc", "#fc9272", "#d9d9d9", "#fdd0a2", "#c7e9c0")
POINTS = ("#3182bd", "#e6550d", "#31a354", "#756bb1", "#de2d26", "#636363", "#fd8d3c", "#74c476")


def scalar(out: Any, what: str) -> float:
    """``out`` (a ``Value`` or a real number) as a float, or a ``TypeError`` naming ``what`` gave it."""
    if isinstance(out, Value):
        return out.data
    if isinstance(out, numbers.Real):
        return float(out)
    raise TypeError(f"{what} gave a {type(out).__name__}, not a Value or a number")


def as_points(xy: Any, what: str) -> list[Point]:
    """``xy`` (number pairs, or an (n, 2) array) as finite float pairs; an error names a bad one."""
    points = []
    for i, p in enumerate(xy):
        if len(p) != 2:
            raise ValueError(f"{what} must hold 2-D points; {what}[{i}] has {len(p)} coordinates")
        a, b = float(p[0]), float(p[1])
        if not (math.isfinite(a) and math.isfinite(b)):
            raise ValueError(f"{what}[{i}] = ({a}, {b}) is not finite (did the descent diverge?)")
        points.append((a, b))
    if not points:
        raise ValueError(f"{what} holds no points")
    return points


def evaluate_grid(fn: Callable[[float, float], float], points: Sequence[Point], resolution: int,
                  margin: float) -> tuple[list[float], list[float], list[list[float]]]:
    """``fn`` on a ``resolution`` x ``resolution`` grid around ``points``: xs, ys and rows of values.

    The box is the points' bounding box grown by ``margin`` of its span (at least 0.5) each side.
    """
    if isinstance(resolution, bool) or not isinstance(resolution, int) or resolution < 2:
        raise ValueError(f"resolution must be an int ≥ 2, not {resolution!r}")
    axes = []
    for coords in zip(*points):
        lo, hi = min(coords), max(coords)
        pad = max((hi - lo) * margin, 0.5)
        axes.append([lo - pad + (hi - lo + 2 * pad) * i / (resolution - 1) for i in range(resolution)])
    xs, ys = axes
    with autograd.no_grad():
        return xs, ys, [[fn(x, y) for x in xs] for y in ys]


def plot_decision_boundary(model: Callable[[list[float]], Any], X: Any, y: Sequence[Any],
                           path: str | os.PathLike | None = None, resolution: int = 80,
                           threshold: float | None = None) -> Any:
    """The regions where a 2-D classifier predicts each class, with the labelled points on top.

    ``model`` takes ``[x1, x2]`` and returns a score or a list of scores (the argmax). A
    score predicts the nearest label (the sign for labels ±1, 0.5 for 0/1), or, given a
    ``threshold``, the larger label above it: pass ``threshold=0.0`` for a logit trained
    with ``nn.bce_with_logits``, as ``nn.accuracy`` counts it.

    >>> import nn, viz
    >>> X, labels = nn.make_moons(40, noise=0.1, seed=0)
    >>> model = nn.MLP(2, [8, 1], seed=0)
    >>> fig = viz.plot_decision_boundary(model, X, [2 * t - 1 for t in labels], resolution=20)
    >>> type(fig).__name__
    'Figure'
    """
    points = as_points(X, "X")
    labels = [scalar(label, "y") for label in y]
    if len(labels) != len(points):
        raise ValueError(f"plot_decision_boundary: {len(points)} points in X but {len(labels)} labels in y")
    classes = sorted(set(labels))

    scores: dict[tuple[float, float], float] = {}  # a scalar model's raw score, for the boundary line

    def predict(a: float, b: float) -> float:
        out = model([a, b])
        if isinstance(out, (list, tuple)):
            outs = [scalar(o, "model") for o in out]
            return float(max(range(len(outs)), key=outs.__getitem__))
        score = scores[a, b] = scalar(out, "model")
        if threshold is not None:
            return classes[-1] if score > threshold else classes[0]
        return min(classes, key=lambda c: abs(score - c))

    xs, ys, grid = evaluate_grid(predict, points, resolution, margin=0.15)
    levels = sorted(set(classes).union(*grid))
    if len(levels) > len(REGIONS):
        raise ValueError(f"plot_decision_boundary draws at most {len(REGIONS)} classes, got {len(levels)}")
    index = {c: i for i, c in enumerate(levels)}
    fig, (ax,) = new_figure("plot_decision_boundary")
    from matplotlib.colors import ListedColormap

    regions = [[index[c] for c in row] for row in grid]
    ax.pcolormesh(xs, ys, regions, shading="nearest", vmin=-0.5, vmax=len(levels) - 0.5,
                  cmap=ListedColormap(REGIONS[: len(levels)]))
    if scores and len(classes) == 2:  # the smooth line where the score crosses between the labels
        middle = sum(classes) / 2 if threshold is None else threshold
        ax.contour(xs, ys, [[scores[a, b] - middle for a in xs] for b in ys], levels=[0.0],
                   colors="black", linewidths=1.2)
    for c in classes:
        pts = [p for p, label in zip(points, labels) if label == c]
        ax.scatter(*zip(*pts), color=POINTS[index[c]], edgecolors="black", linewidths=0.5, s=22,
                   label=f"class {c:g}")
    ax.set(title="decision boundary", xlabel="x1", ylabel="x2")
    ax.legend(loc="best", fontsize="small")
    return finish(fig, path)


def descent_path(f: Callable[[Value, Value], Value], start: Sequence[float], lr: float = 0.1,
                 steps: int = 30) -> list[Point]:
    """The points gradient descent visits on ``f(x, y)`` from ``start``, gradients by the engine.

    >>> from viz import descent_path
    >>> points = descent_path(lambda x, y: x * x + y * y, start=(1.0, 1.0), lr=0.25, steps=2)
    >>> points  # each step halves both coordinates
    [(1.0, 1.0), (0.5, 0.5), (0.25, 0.25)]
    """
    if not (isinstance(lr, numbers.Real) and lr > 0) or isinstance(steps, bool) or \
            not isinstance(steps, int) or steps < 0:
        raise ValueError(f"descent_path: need lr > 0 and an int steps ≥ 0, got lr={lr!r}, steps={steps!r}")
    (x, y), = as_points([start], "start")
    path = [(x, y)]
    for _ in range(steps):
        vx, vy = Value(x), Value(y)
        out = f(vx, vy)
        if not isinstance(out, Value):
            raise TypeError(f"descent_path: f must return a Value, not {type(out).__name__}")
        out.backward()
        x, y = x - lr * vx.grad, y - lr * vy.grad
        path.append((x, y))
    return path


def plot_descent_path(f: Callable[[Value, Value], Any], points: Any, path: str | os.PathLike | None = None,
                      resolution: int = 80, levels: int = 20) -> Any:
    """A gradient-descent path (the points visited) over the level sets of ``f(x, y)``.

    >>> import viz
    >>> f = lambda x, y: x * x + 3 * y * y
    >>> fig = viz.plot_descent_path(f, viz.descent_path(f, (1.0, 1.0), lr=0.1, steps=10), resolution=20)
    >>> type(fig).__name__
    'Figure'
    """
    visited = as_points(points, "points")

    def height(a: float, b: float) -> float:
        try:
            return scalar(f(Value(a), Value(b)), "f")
        except DomainError:  # outside f's domain: no contour there
            return math.nan

    xs, ys, grid = evaluate_grid(height, visited, resolution, margin=0.3)
    fig, (ax,) = new_figure("plot_descent_path")
    contours = ax.contour(xs, ys, grid, levels=levels, cmap="viridis", linewidths=0.8)
    fig.colorbar(contours, ax=ax, label="f(x, y)")
    px, py = zip(*visited)
    ax.plot(px, py, "-", color="#de2d26", linewidth=1)
    if len(visited) > 1:
        steps = [(b[0] - a[0], b[1] - a[1]) for a, b in itertools.pairwise(visited)]
        ax.quiver(px[:-1], py[:-1], *zip(*steps), angles="xy", scale_units="xy", scale=1,
                  color="#de2d26", width=0.004)
    ax.plot(px[0], py[0], "o", color="black", label="start")
    ax.plot(px[-1], py[-1], "*", color="#de2d26", markersize=12, label=f"after {len(visited) - 1} steps")
    ax.set(title="gradient descent on level sets", xlabel="x", ylabel="y")
    ax.set_aspect("equal", adjustable="box")
    ax.legend(loc="best", fontsize="small")
    return finish(fig, path)
