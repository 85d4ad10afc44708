"""Training curves and activation functions (matplotlib, imported when called)."""

from __future__ import annotations

import math
import numbers
import os
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from autograd import PRIMITIVES, DomainError, Value

from .mpl import finish, new_figure

ACTIVATIONS = tuple(sorted(name for name, op in PRIMITIVES.items()
                           if op.arity == 1 and all(p.default is not None for p in op.param_specs)
                           and callable(getattr(Value, name, None))))
"""Names ``plot_activation`` accepts: the engine's one-operand ops."""


_LOSS_PARTS = {"data_loss": "data loss", "l1_penalty": "L1 penalty", "l2_penalty": "L2 penalty"}
"""``nn.fit``'s parts of the loss, drawn in the loss panel beside the ``total``."""


def plot_history(history: Mapping[str, Sequence[float]], path: str | os.PathLike | None = None) -> Any:
    """One panel per metric of a training ``History`` (any mapping name -> per-epoch floats).

    ``val_<name>`` is drawn in the panel of ``<name>``, and the parts of a penalized loss
    (``data_loss``, ``l1_penalty``, ``l2_penalty``) in the loss panel, labelled ``data loss``,
    ``L2 penalty``... beside the ``total``; a panel of positive values spanning two decades
    or more (a loss, a learning-rate schedule) gets a log scale.

    >>> import viz
    >>> fig = viz.plot_history({"loss": [1.0, 0.5, 0.2], "val_loss": [1.1, 0.7, 0.4]})
    >>> len(fig.axes)  # one panel for the loss, validation beside it
    1
    """
    metrics = _metrics(history)
    panels: dict[str, list[str]] = {}
    for name in metrics:
        panels.setdefault("loss" if name in _LOSS_PARTS else name.removeprefix("val_"), []).append(name)
    parted = any(name in _LOSS_PARTS for name in metrics)
    labels = {**_LOSS_PARTS, "loss": "total" if parted else "loss"}
    fig, axes = new_figure("plot_history", len(panels), size=(4.5, 3.5))
    for ax, (title, names) in zip(axes, panels.items()):
        for name in names:
            ys = metrics[name]
            ax.plot(range(1, len(ys) + 1), ys, marker="o" if len(ys) <= 30 else None, markersize=3,
                    label=labels.get(name, name))
        values = [y for name in names for y in metrics[name] if math.isfinite(y)]
        if values and min(values) > 0 and max(values) >= 100 * min(values):
            ax.set_yscale("log")
        ax.set(title=title, xlabel="epoch")
        ax.grid(alpha=0.3)
        ax.legend()
    return finish(fig, path)


def _metrics(history: Any) -> dict[str, list[float]]:
    """The non-empty metrics of ``history`` as float lists, or an error naming what is wrong."""
    if not callable(getattr(history, "items", None)):
        raise TypeError(f"plot_history takes a mapping of metric name -> per-epoch values "
                        f"(nn.fit's History, or a dict), not {type(history).__name__}")
    metrics = {}
    for name, values in history.items():
        if isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
            raise TypeError(f"plot_history: metric {name!r} must be a list of numbers, "
                            f"not {type(values).__name__}")
        bad = [v for v in values if not isinstance(v, (numbers.Real, Value))]
        if bad:
            raise TypeError(f"plot_history: metric {name!r} holds a non-number: {bad[0]!r}")
        if values:
            metrics[str(name)] = [float(v) for v in values]
    if not metrics:
        raise ValueError("plot_history: the history holds no values to plot")
    return metrics


def plot_activation(name_or_fn: str | Callable[[Value], Value], path: str | os.PathLike | None = None,
                    lo: float = -4.0, hi: float = 4.0, points: int = 401) -> Any:
    """An activation and its derivative, both computed by the engine (``backward()`` at each x).

    >>> import viz
    >>> fig = viz.plot_activation("tanh", points=41)  # tanh and its derivative, from the engine
    >>> type(fig).__name__
    'Figure'
    """
    name, fn = _activation(name_or_fn)
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi) or points < 2:
        raise ValueError(f"plot_activation: need finite lo < hi and points ≥ 2, got {lo}, {hi}, {points}")
    xs = [lo + (hi - lo) * i / (points - 1) for i in range(points)]
    ys, ds = [], []
    for x in xs:
        v = Value(x)
        try:
            out = fn(v)
        except DomainError:  # outside the op's domain (log of x ≤ 0): leave a gap
            ys.append(math.nan)
            ds.append(math.nan)
            continue
        if not isinstance(out, Value):
            raise TypeError(f"plot_activation: the function must return a Value, not {type(out).__name__}")
        out.backward()
        ys.append(out.data)
        ds.append(v.grad)
    fig, (ax,) = new_figure("plot_activation")
    ax.plot(xs, ys, label=name)
    ax.plot(xs, ds, "--", label=f"d {name}/dx (engine)")
    ax.axhline(0.0, color="grey", linewidth=0.6)
    ax.axvline(0.0, color="grey", linewidth=0.6)
    ax.set(title=name, xlabel="x")
    ax.grid(alpha=0.3)
    ax.legend()
    return finish(fig, path)


def _activation(name_or_fn: Any) -> tuple[str, Callable[[Value], Value]]:
    if isinstance(name_or_fn, str):
        if name_or_fn not in ACTIVATIONS:
            raise ValueError(f"plot_activation: unknown activation {name_or_fn!r}; "
                             f"use one of {', '.join(ACTIVATIONS)} or pass a function of a Value")
        return name_or_fn, getattr(Value, name_or_fn)
    if callable(name_or_fn):
        name = getattr(name_or_fn, "__name__", "f")
        return ("f" if name.startswith("<") else name), name_or_fn
    raise TypeError(f"plot_activation takes an op name or a function, not {type(name_or_fn).__name__}")
