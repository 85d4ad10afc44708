"""``explore_training``: a page that replays a training run epoch by epoch, from ``nn.fit(record=True)``.

An epoch slider (and play/pause) shows the loss curve up to that epoch, the 2-D decision
regions at that epoch and the network with each edge coloured by its weight's sign (blue
positive, orange negative; paler when small) and as wide as its gradient is large. The
numbers (losses, grid levels, weights, gradients, widths, curve positions) are prepared
here from the recording; the page's script only draws them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

from .formatting import number
from .landscape import POINTS, REGIONS
from .page import Page, html_page
from .steps import encode

LOW, HIGH = "#3182bd", "#e6550d"
"""Region colours of the smaller and the larger label of a single score (levels fade to white)."""
_PARAM = re.compile(r"^layers\.(\d+)\.neurons\.(\d+)\.(?:w\.(\d+)|b)$")


class TrainingReplay(Page):
    """The training replay page: ``save(path)``, or display it in a notebook.

    In the page, ``window.gradlab.training`` has ``goto(epoch)`` (1-based), ``play()``,
    ``pause()`` and ``state()`` → ``{epoch, total, loss}``.

    >>> import nn, viz
    >>> X, labels = nn.make_moons(20, noise=0.1, seed=0)
    >>> model = nn.MLP(2, [4, 1], seed=0)
    >>> history = nn.fit(model, X, [2 * t - 1 for t in labels], loss=nn.hinge_loss, epochs=3,
    ...                  record=True, verbose=False)
    >>> isinstance(viz.explore_training(history), viz.TrainingReplay)
    True
    """

    height = 720

    def __init__(self, html: str, epochs: int) -> None:
        super().__init__(html)
        self.epochs = epochs

    def __repr__(self) -> str:
        return f"TrainingReplay({self.epochs} epochs)"


def explore_training(history: Any, model: Any = None, X: Sequence[Any] | None = None,
                     y: Sequence[Any] | None = None, title: str = "training replay") -> TrainingReplay:
    """The replay page of ``history`` (``nn.fit(..., record=True)``'s result).

    ``X``, ``y`` replace the recorded training points drawn over the regions. Without a
    recording (``record=False``) the page has the loss curve and, given ``model``, ``X`` and
    ``y`` with 2 inputs, the regions of the model as it is now.

    >>> import nn, viz
    >>> X, labels = nn.make_moons(20, noise=0.1, seed=0)
    >>> model = nn.MLP(2, [4, 1], seed=0)
    >>> history = nn.fit(model, X, [2 * t - 1 for t in labels], loss=nn.hinge_loss, epochs=3,
    ...                  record=True, verbose=False)
    >>> "window.gradlab" in viz.explore_training(history).html
    True
    """
    losses = list(history["loss"]) if "loss" in history else []
    if not losses:
        raise ValueError("explore_training needs a History with a 'loss' per epoch (from nn.fit)")
    recording = getattr(history, "recording", None)
    if recording is None and model is not None and X is not None and y is not None:
        from nn.recording import TrainingRecording

        recording = TrainingRecording(model, X, y, 1, getattr(history, "threshold", 0.0))
        recording.capture(0, model)
        recording.snapshots[0].epoch = len(losses) - 1
    data = _page_data(history, losses, recording, X, y, title)
    replay = TrainingReplay(html_page(title, _BODY, data, ["page.css", "training.css"], ["training.js"]),
                            len(losses))
    return replay


def _page_data(history: Any, losses: list[float], recording: Any, X: Any, y: Any,
               title: str) -> dict[str, Any]:
    epochs = len(losses)
    accuracy = list(history.get("accuracy", [])) if hasattr(history, "get") else []
    data: dict[str, Any] = {
        "title": title, "epochs": epochs, "loss": [encode(x) for x in losses],
        "lossText": [number(x) for x in losses],
        "accText": [f"{a:.0%}" for a in accuracy] if len(accuracy) == epochs else None,
        "curve": _curve(losses),
        "snap": [], "gridAt": [], "snapAt": [], "snapshots": [], "net": None, "grid": None, "points": [],
    }
    if recording is None:
        return data
    snaps = recording.snapshots
    data["snapshots"] = [_snapshot(s) for s in snaps]
    data["snapAt"] = [_latest(snaps, e, lambda s: bool(s.parameters)) for e in range(epochs)]
    data["gridAt"] = [_latest(snaps, e, lambda s: bool(s.grid)) for e in range(epochs)]
    data["snapEpoch"] = [s.epoch + 1 for s in snaps]
    data["net"] = _network(recording.names) if recording.keep_parameters else None
    if recording.box is not None:
        data["grid"] = _grid(recording)
        points = _points(X, y) if X is not None and y is not None else None
        data["points"] = _scatter(points or list(zip(recording.points, recording.targets)), recording)
    return data


def _latest(snaps: list[Any], epoch: int, has: Any) -> int:
    """Index of the last snapshot at or before ``epoch`` with what ``has`` asks for (-1: none)."""
    best = -1
    for i, s in enumerate(snaps):
        if s.epoch <= epoch and has(s):
            best = i
    return best


def _curve(losses: list[float]) -> dict[str, Any]:
    """Loss curve positions in [0, 1] (log scale when the loss spans more than 20×) and axis texts."""
    finite = [x for x in losses if math.isfinite(x)]
    lo, hi = (min(finite), max(finite)) if finite else (0.0, 1.0)
    log = lo > 0 and hi / lo > 20
    f = math.log10 if log else (lambda x: x)
    a, b = f(lo), f(hi)
    ys = [round((f(x) - a) / (b - a), 4) if math.isfinite(x) and b > a else 0.5 if math.isfinite(x) else None
          for x in losses]
    return {"y": ys, "top": number(hi), "bottom": number(lo), "log": log}


def _snapshot(s: Any) -> dict[str, Any]:
    """Weights and gradients to 4 digits, edge widths by |grad| and opacities by |w|, and the grid."""
    top_g = max((abs(g) for g in s.gradients if math.isfinite(g)), default=0.0) or 1.0
    top_w = max((abs(w) for w in s.parameters if math.isfinite(w)), default=0.0) or 1.0
    return {
        "epoch": s.epoch + 1,
        "w": [encode(float(f"{w:.4g}")) for w in s.parameters],
        "g": [encode(float(f"{g:.4g}")) for g in s.gradients],
        "width": [round(0.6 + 5.4 * min(abs(g) / top_g, 1.0), 1) if math.isfinite(g) else 6
                  for g in s.gradients],
        "alpha": [round(0.2 + 0.8 * min(abs(w) / top_w, 1.0), 2) if math.isfinite(w) else 1
                  for w in s.parameters],
        "grid": s.grid,
    }


def _network(names: list[str]) -> dict[str, Any] | None:
    """Layer sizes and edges (layer, from, to, parameter index) of an ``nn.MLP``'s parameter names."""
    edges: list[list[int]] = []
    biases: list[list[int]] = []
    sizes: dict[int, int] = {}
    for index, name in enumerate(names):
        m = _PARAM.match(name)
        if m is None:
            return None
        layer, neuron, weight = int(m[1]), int(m[2]), m[3]
        sizes[layer + 1] = max(sizes.get(layer + 1, 0), neuron + 1)
        if weight is None:
            biases.append([layer + 1, neuron, index])
        else:
            edges.append([layer, int(weight), neuron, index])
    sizes[0] = 1 + max((k for layer, k, _, _ in edges if layer == 0), default=-1)
    if not edges or sorted(sizes) != list(range(len(sizes))):
        return None
    return {"layers": [sizes[i] for i in range(len(sizes))], "edges": edges, "biases": biases}


def _grid(recording: Any) -> dict[str, Any]:
    from nn.recording import GRID, LEVELS

    if recording.classes == "argmax":
        palette = list(REGIONS)
    else:
        palette = [_mix(LOW, 1 - k / LEVELS) for k in range(LEVELS)] + ["#ffffff"] + \
                  [_mix(HIGH, k / LEVELS) for k in range(1, LEVELS + 1)]
    lo1, hi1, lo2, hi2 = recording.box
    return {"n": GRID, "palette": palette, "x1": [number(lo1, 3), number(hi1, 3)],
            "x2": [number(lo2, 3), number(hi2, 3)]}


def _mix(colour: str, amount: float) -> str:
    """``colour`` blended with white: ``amount`` 1 is the colour, 0 white (at most 60 % colour)."""
    amount *= 0.6
    rgb = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(255 + (c - 255) * amount):02x}" for c in rgb)


def _points(X: Any, y: Any) -> list[tuple[tuple[float, float], Any]] | None:
    try:
        return [((float(x[0]), float(x[1])), t) for x, t in zip(X, y)]
    except (TypeError, ValueError, IndexError):
        return None


def _scatter(points: list[tuple[tuple[float, float], Any]], recording: Any) -> list[list[Any]]:
    """Each point as [x in 0..1, y in 0..1 within the grid box, its colour]."""
    lo1, hi1, lo2, hi2 = recording.box
    labels = sorted({float(getattr(t, "data", t)) for _, t in points if isinstance(t, (int, float))})
    colours = {c: (HIGH if c == labels[-1] else LOW) if len(labels) == 2 else POINTS[i % len(POINTS)]
               for i, c in enumerate(labels)}
    out = []
    for (a, b), t in points:
        colour = colours.get(float(t), "#555") if isinstance(t, (int, float)) else "#555"
        out.append([round((a - lo1) / (hi1 - lo1), 4), round((b - lo2) / (hi2 - lo2), 4), colour])
    return out


_BODY = """<div id="gl-app" class="gl-training">
<header><h1 id="gl-title"></h1><span id="gl-epoch" class="gl-counter"></span>
<span class="gl-figure">loss <b id="gl-loss" class="gl-num"></b></span>
<span class="gl-figure" id="gl-acc-box">accuracy <b id="gl-acc" class="gl-num"></b></span></header>
<nav class="gl-controls">
<button id="gl-first" title="first epoch (Home)">⇤ first</button>
<button id="gl-back" title="previous epoch (←)">◀</button>
<button id="gl-play" title="play / pause (space)">▶ play</button>
<button id="gl-step" title="next epoch (→)">▶</button>
<button id="gl-last" title="last epoch (End)">last ⇥</button>
<label class="gl-speed">speed <input id="gl-speed" type="range" min="0" max="6" value="3"></label>
<input id="gl-scrub" class="gl-scrub" type="range" min="1" value="1" aria-label="epoch">
</nav>
<div class="gl-panels">
<figure><figcaption>loss per epoch</figcaption><svg id="gl-curve" viewBox="0 0 360 260"></svg></figure>
<figure id="gl-regions-box"><figcaption id="gl-regions-cap">decision regions</figcaption>
<canvas id="gl-regions" width="260" height="260"></canvas></figure>
<figure id="gl-net-box">
<figcaption id="gl-net-cap">network: edge colour = sign of w, width = |grad|</figcaption>
<svg id="gl-net" viewBox="0 0 420 260"></svg></figure>
</div>
<footer class="gl-legend"><span><i class="gl-swatch" style="background:#3182bd"></i>w &gt; 0</span>
<span><i class="gl-swatch" style="background:#e6550d"></i>w &lt; 0</span>
<span>paler: smaller |w|; wider: larger |grad| (relative to the largest in that epoch)</span></footer>
</div>"""
