"""Process-wide recording modes: ``no_grad`` and ``detect_anomaly``.

The op methods test one flag, ``plain`` (grad recording on, anomaly checks off), and
take the slower :func:`autograd.value.node` path only when it is false, so the modes
cost the hot path a single global read.
"""

from __future__ import annotations

import math
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .errors import AnomalyError

grad_enabled = True
anomaly = False
_sites: dict[int, tuple[Any, str]] = {}  # id(node) -> (node, where it was created), in anomaly mode


def _sync() -> None:
    from . import methods  # the generated op methods read `_plain` from their module

    methods.SCOPE["_plain"] = grad_enabled and not anomaly


def is_grad_enabled() -> bool:
    """True unless inside :func:`no_grad`."""
    return grad_enabled


@contextmanager
def _grad_mode(enabled: bool) -> Iterator[None]:
    global grad_enabled
    previous = grad_enabled
    grad_enabled = enabled
    _sync()
    try:
        yield
    finally:
        grad_enabled = previous
        _sync()


def no_grad() -> Any:
    """Ops inside record no parents: results are constants, as for evaluation or an optimizer step.

    Nests, and restores the previous state even when the block raises.
    """
    return _grad_mode(False)


def enable_grad() -> Any:
    """Turn recording back on inside a :func:`no_grad` block."""
    return _grad_mode(True)


@contextmanager
def detect_anomaly() -> Iterator[None]:
    """Stop at the first op whose result or local derivative is nan/inf, or the first
    non-finite gradient in ``backward()``, with an :class:`AnomalyError` that names the op,
    its inputs and the line of user code that created it. Slow: for debugging."""
    global anomaly
    previous = anomaly
    anomaly = True
    _sync()
    try:
        yield
    finally:
        anomaly = previous
        if not anomaly:
            _sites.clear()
        _sync()


def creation_site() -> str:
    """``file:line in function`` of the innermost caller outside this package (and outside
    the op methods it generates, whose file names start with ``<autograd``)."""
    for frame in reversed(traceback.extract_stack()):
        name = frame.filename.replace("\\", "/")
        if "/autograd/" not in name and not name.startswith("<autograd"):
            return f"{frame.filename}:{frame.lineno} in {frame.name}"
    return "<unknown>"


def check_node(node: Any, op: Any, prev: tuple, locs: tuple) -> None:
    """Anomaly mode: remember where ``node`` was made; raise if it or its derivatives are not finite."""
    site = creation_site()
    _sites[id(node)] = (node, site)
    bad = [] if math.isfinite(node.data) else [f"value {node.data}"]
    bad += [f"local derivative {loc} w.r.t. operand {i}" for i, loc in enumerate(locs)
            if not math.isfinite(loc)]
    if bad:
        inputs = ", ".join(repr(p.data) for p in prev) or "none"
        raise AnomalyError(f"op '{op}' produced a non-finite {' and '.join(bad)} "
                           f"from inputs ({inputs}), created at {site}")


def check_grad(node: Any, through: Any = None, grad: Any = None, incoming: Any = None) -> None:
    """Anomaly mode, in backward: raise if the gradient of ``node`` is not finite, naming the
    op ``through`` which it just arrived (its local derivative and incoming gradient).
    ``grad`` and ``incoming`` default to ``node.grad`` and ``through.grad``."""
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
    _, site = _sites.get(id(culprit), (None, "<created outside detect_anomaly>"))
    raise AnomalyError(f"backward: gradient {grad} at {what} (value {node.data}){via}, "
                       f"op created at {site}")
