"""Anomaly mode's checks: where a node was created, and the first nan/inf value or gradient."""

from __future__ import annotations

import math
import os
import pathlib
import traceback
from typing import Any

from .errors import AnomalyError
from .modes import ANOMALY

LIBRARY = tuple(str(pathlib.Path(__file__).resolve().parents[2] / package) + os.sep
                for package in ("autograd", "nn", "viz"))
"""The library's own folders: a creation site is the user's line, outside them."""


def creation_site() -> str:
    """``file:line in function`` of the innermost caller outside the library (``autograd``,
    ``nn``, ``viz``): the user's line that made a node, not the layer that did it for them."""
    for frame in reversed(traceback.extract_stack()):
        name = os.path.abspath(frame.filename) if not frame.filename.startswith("<") else frame.filename
        if not name.startswith(LIBRARY) and not name.startswith("<autograd"):
            return f"{frame.filename}:{frame.lineno} in {frame.name}"
    return "<unknown>"


def check_node(node: Any, op: Any, prev: tuple, locs: tuple) -> None:
    """Remember where ``node`` was made; raise if it or its local derivatives are not finite."""
    site = creation_site()
    log = ANOMALY.get()
    if log is not None:
        log[node] = site
    bad = [] if math.isfinite(node.data) else [f"value {node.data}"]
    bad += [f"local derivative {loc} w.r.t. operand {i}" for i, loc in enumerate(locs)
            if not math.isfinite(loc)]
    if bad:
        inputs = ", ".join(repr(p.data) for p in prev) or "none"
        raise AnomalyError(f"op '{op}' produced a non-finite {' and '.join(bad)} "
                           f"from inputs ({inputs}), created at {site}")


def check_grad(node: Any, through: Any = None, grad: Any = None, incoming: Any = None) -> None:
    """In backward: raise if the gradient of ``node`` is not finite, naming the op ``through``
    which it just arrived (its local derivative and incoming gradient)."""
    grad = node.grad if grad is None else grad
    if not isinstance(grad, float) or math.isfinite(grad):
        return
    what = (f"'{node.label}'" if node.label else "a leaf" if not node._prev
            else f"the output of op '{node._op}'")
    via, culprit = "", node
    if through is not None:
        local = next(loc for p, loc in zip(through._prev, through._locals) if p is node)
        via = (f" through op '{through._op}' (local derivative {local}, incoming gradient "
               f"{through.grad if incoming is None else incoming})")
        culprit = through
    log = ANOMALY.get()
    site = log.get(culprit, "<created outside detect_anomaly>") if log is not None else "<unknown>"
    raise AnomalyError(f"backward: gradient {grad} at {what} (value {node.data}){via}, "
                       f"op created at {site}")
