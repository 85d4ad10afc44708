"""Modes, per thread and per asyncio task: ``no_grad``, ``detect_anomaly``, IEEE rules, the
active trace and whether a function transform is running.

Each mode lives in a :class:`contextvars.ContextVar`, as in PyTorch: ``no_grad()`` in one
thread does not stop another thread from recording, and a task sees the modes of the context
it runs in. The op methods read one variable, :data:`FAST` (recording on, anomaly checks
off), and take the slower path only when it is false.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

RECORDING: ContextVar[bool] = ContextVar("autograd_recording", default=True)
ANOMALY: ContextVar[Any] = ContextVar("autograd_anomaly", default=None)
"""Under ``detect_anomaly``: the weak map node -> where it was created; else None."""
FAST: ContextVar[bool] = ContextVar("autograd_fast", default=True)
"""``RECORDING and not ANOMALY``: the one flag the op methods test."""
IEEE: ContextVar[bool] = ContextVar("autograd_ieee", default=False)
"""True while derivative rules are evaluated on nodes (higher order, forward mode): ops
outside their domain give IEEE inf/nan, as first-order local derivatives do, instead of
raising."""
TRACE: ContextVar[Any] = ContextVar("autograd_trace", default=None)
"""The trace being recorded by ``autograd.compile`` (it watches comparisons and
conversions of traced values), or None."""
NESTED: ContextVar[bool] = ContextVar("autograd_in_transform", default=False)
"""True while a function transform evaluates its function in this context: a transform
inside it returns graphs (``Value``s), so the outer one can differentiate them."""

fast = FAST.get


def is_grad_enabled() -> bool:
    """True unless inside :func:`no_grad` (in this thread or task)."""
    return RECORDING.get()


def ieee_mode() -> bool:
    """True while derivative rules are being evaluated on nodes or duals."""
    return IEEE.get()


@contextmanager
def _setting(var: ContextVar[Any], value: Any) -> Iterator[None]:
    token = var.set(value)
    fast_token = FAST.set(RECORDING.get() and ANOMALY.get() is None)
    try:
        yield
    finally:
        FAST.reset(fast_token)
        var.reset(token)


def no_grad() -> Any:
    """Ops inside record no parents: results are constants, as for evaluation or an optimizer
    step. Nests, restores the previous state even when the block raises, and affects only the
    current thread or asyncio task.

    >>> from autograd import Value, no_grad
    >>> with no_grad():
    ...     y = Value(2.0) * 3
    >>> y._prev
    ()
    """
    return _setting(RECORDING, False)


def enable_grad() -> Any:
    """Turn recording back on inside a :func:`no_grad` block."""
    return _setting(RECORDING, True)


def detect_anomaly() -> Any:
    """Stop at the first op whose result or local derivative is nan/inf, or the first
    non-finite gradient in ``backward()``, with an :class:`AnomalyError` that names the op,
    its inputs and the line of user code that created it. Slow: for debugging. Where nodes
    were created is kept in a weak map, so nothing stays alive because of it."""
    log = ANOMALY.get()
    return _setting(ANOMALY, weakref.WeakKeyDictionary() if log is None else log)


def ieee_rules() -> Any:
    """Evaluate ops with IEEE answers instead of domain errors (for derivative rules)."""
    return _setting(IEEE, True)


@contextmanager
def tracing(trace: Any) -> Iterator[None]:
    """Make ``trace`` the active trace of this context (``autograd.compile``)."""
    token = TRACE.set(trace)
    try:
        yield
    finally:
        TRACE.reset(token)


@contextmanager
def transform() -> Iterator[bool]:
    """Mark a function transform as running; yields whether another one was running already."""
    token = NESTED.set(True)
    try:
        yield token.old_value is True
    finally:
        NESTED.reset(token)
