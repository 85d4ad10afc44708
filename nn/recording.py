"""A bounded recording of a training run, for replay (``nn.fit(..., record=True)``).

``fit`` calls :meth:`TrainingRecording.capture` after each epoch. The per-epoch figures
(loss, accuracy) are already in the ``History``; the recording adds *snapshots*: the
parameters after the epoch's updates, their gradients (those of the epoch's last
minibatch: for full-batch training, the gradient that made the epoch's update) and, for
2-input data, the model's decision regions on a grid, evaluated here at record time.

Bounded: at most :data:`MAX_SNAPSHOTS` snapshots spread evenly over the planned epochs
(every ``k``-th epoch, plus the first and the planned last); a decision grid of
:data:`GRID` × :data:`GRID` points in at most :data:`MAX_GRIDS` of them (a grid costs
GRID² forward passes); no parameters for models with more than :data:`MAX_PARAMETERS`
(those record only the regions). For ``MLP(2, [16, 16, 1])`` over 100 epochs that is
100 snapshots of 337 parameters and gradients and 25 grids of 400 points.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from autograd import Value, no_grad

from .module import Module

MAX_SNAPSHOTS = 100
MAX_GRIDS = 25
GRID = 20
MAX_PARAMETERS = 2000
LEVELS = 10
"""A score is stored as a level from 0 to 2·LEVELS: LEVELS is the boundary, the ends are confident."""


@dataclass
class Snapshot:
    """The model after one epoch (0-based ``epoch``): parameters and gradients in ``names`` order,
    and the decision grid as one character per point (row by row, from the lowest x2), or ''
    in the epochs without one."""

    epoch: int
    parameters: list[float]
    gradients: list[float]
    grid: str


class TrainingRecording:
    """Snapshots of a model during ``fit``; ``viz.explore_training`` turns them into a page.

    ``names`` are the parameters' dotted names; ``box`` is ``(x1_min, x1_max, x2_min, x2_max)``
    of the grid (None unless every sample has 2 inputs); ``classes`` says how to read a grid
    level: ``"score"`` (one output: level > LEVELS is the larger label) or ``"argmax"``
    (several outputs: the level is the index of the largest).
    """

    def __init__(self, model: Module, X: Sequence[Any], y: Sequence[Any], epochs: int,
                 threshold: float) -> None:
        self.names = [name for name, _ in model.named_parameters()]
        self.keep_parameters = len(self.names) <= MAX_PARAMETERS
        self.every = max(1, math.ceil(epochs / MAX_SNAPSHOTS))
        # a grid goes with a snapshot: a multiple of ``every`` (else only their common multiples get one)
        self.grid_every = self.every * max(1, math.ceil(math.ceil(epochs / self.every) / MAX_GRIDS))
        self.epochs = epochs
        self.threshold = threshold
        labels = [float(t) for t in y if isinstance(t, (int, float))]
        self.labels = sorted(set(labels))
        self.spread = (self.labels[-1] - self.labels[0]) / 2 if len(self.labels) == 2 else 1.0
        self.points = _pairs(X)
        self.targets = list(y) if self.points else []
        self.box = _box(self.points) if self.points else None
        self.classes = "score"
        self.snapshots: list[Snapshot] = []

    def capture(self, epoch: int, model: Module) -> None:
        """After epoch ``epoch`` (0-based): keep a snapshot if it is one of the recorded epochs."""
        ends = epoch == 0 or epoch == self.epochs - 1
        if not (ends or (epoch + 1) % self.every == 0):
            return
        params = model.parameters()
        values = [p.data for p in params] if self.keep_parameters else []
        grads = [float(getattr(p.grad, "data", p.grad)) for p in params] if self.keep_parameters else []
        box = self.box if ends or (epoch + 1) % self.grid_every == 0 else None
        grid = self._grid(model, box) if box is not None else ""
        self.snapshots.append(Snapshot(epoch, values, grads, grid))

    def _grid(self, model: Module, box: tuple[float, float, float, float]) -> str:
        """The model's prediction at each point of ``box``'s grid, one character a point ('a' + level)."""
        x1_lo, x1_hi, x2_lo, x2_hi = box
        points = [[x1_lo + (x1_hi - x1_lo) * i / (GRID - 1), x2_lo + (x2_hi - x2_lo) * j / (GRID - 1)]
                  for j in range(GRID) for i in range(GRID)]
        modes = [(m, m.training) for m in model.modules()]
        model.eval()
        try:
            with no_grad():
                batched = getattr(model, "forward_batch", None)
                outputs = batched(points) if batched is not None else [model(p) for p in points]
        finally:
            for m, mode in modes:
                m.training = mode
        return "".join(chr(ord("a") + self._level(out)) for out in outputs)

    def _level(self, out: Any) -> int:
        if isinstance(out, (list, tuple)):
            self.classes = "argmax"
            scores = [_number(o) for o in out]
            return max(range(len(scores)), key=scores.__getitem__) if scores else 0
        z = (_number(out) - self.threshold) / (self.spread or 1.0)
        if math.isnan(z):
            return LEVELS
        return round(LEVELS + LEVELS * math.tanh(z))  # 0 .. 2·LEVELS: tanh(±inf) is ±1


def _number(x: Any) -> float:
    return x.data if isinstance(x, Value) else float(x)


def _pairs(X: Sequence[Any]) -> list[tuple[float, float]]:
    """The samples as (x1, x2) when every one has exactly 2 finite inputs, else []."""
    try:
        pairs = [(float(x[0]), float(x[1])) for x in X if len(x) == 2]
    except (TypeError, ValueError):
        return []
    ok = len(pairs) == len(X) and all(math.isfinite(a) and math.isfinite(b) for a, b in pairs)
    return pairs if ok else []


def _box(points: list[tuple[float, float]], margin: float = 0.15) -> tuple[float, float, float, float]:
    """The points' bounding box grown by ``margin`` of its span (at least 0.5) on each side."""
    box = []
    for coords in zip(*points):
        lo, hi = min(coords), max(coords)
        pad = max((hi - lo) * margin, 0.5)
        box += [lo - pad, hi + pad]
    return tuple(box)
