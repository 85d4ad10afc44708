"""Tracing: run a function once on fresh leaf ``Value``s and keep the graph it builds.

The graph is what :mod:`autograd.compile` turns into straight-line code. Like ``jax.jit``,
a trace records one path through the user's code: a branch on a traced number (``if x > 0``)
or a conversion to a float (``float(x)``) is baked in. Both are detected while tracing and
reported with the line of user code that did it.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from typing import Any

from .backward import topological_order
from .modes import creation_site, enable_grad
from .value import Value


class TraceError(TypeError):
    """The traced function cannot be compiled as written (it branches on a traced number, say)."""


class TraceWarning(UserWarning):
    """A trace that compiles but probably not as meant (an input that never reaches the output)."""


class Trace:
    """One recorded run of ``f``: its output node, its input leaves and the nodes in between.

    ``order`` lists the output's graph (topologically, the output last), then any nodes only
    the auxiliary results (``has_aux``) need; ``graph`` is the output's part alone.
    """

    def __init__(self, output: Value, inputs: list[Value], aux: Any = None) -> None:
        self.output, self.inputs, self.aux = output, inputs, aux
        self.graph = topological_order(output, leaves=True)
        self.order = list(self.graph)
        seen = set(self.order)
        for v in _flatten_values(aux):
            for w in topological_order(v, leaves=True):
                if w not in seen:
                    seen.add(w)
                    self.order.append(w)


def trace(f: Callable[..., Any], args: Sequence[Any], params: Sequence[Value] = (),
          strict: bool = True, has_aux: bool = False) -> tuple[Trace, list[Any]]:
    """Run ``f`` on leaves shaped like ``args`` (numbers, or nested lists of numbers).

    ``params`` are existing leaves ``f`` reads from its closure (a model's weights): they
    count as inputs too, after the arguments. With ``has_aux``, ``f`` returns
    ``(output, aux)``, aux being numbers and nodes in nested lists, computed along. Returns
    the trace and the leaves given to ``f``, in the shape of ``args``.
    """
    for p in params:
        if not isinstance(p, Value) or p._prev:
            raise TypeError("compile: params must be leaf Values (e.g. model.parameters()), "
                            f"got {p!r}")
    leaves: list[Value] = []
    tree = [leaves_like(a, leaves) for a in args]
    inputs = leaves + list(params)
    with enable_grad(), _watch(inputs) as seen:
        out = f(*tree)
    aux = None
    if has_aux:
        if not (isinstance(out, (tuple, list)) and len(out) == 2):
            raise TraceError(f"compile: with has_aux=True, {_name(f)} must return (output, aux), "
                             f"got {type(out).__name__}")
        out, aux = out
    if not isinstance(out, Value):
        raise TraceError(f"compile: {_name(f)} must return a Value (one scalar node), "
                         f"got {type(out).__name__}")
    if seen:
        report = "\n".join(f"  {site}: {what}" for site, what in dict.fromkeys(seen))
        message = (f"{_name(f)} uses the number inside a traced Value:\n{report}\n"
                   "The compiled code keeps what happened at trace time (the branch taken, "
                   "the float) for every later input, like jax.jit. Express it with ops "
                   "(relu, maximum, minimum, clamp, step, abs), or pass strict=False to "
                   "bake it in on purpose.")
        if strict:
            raise TraceError(message)
        warnings.warn(message, TraceWarning, stacklevel=3)
    return Trace(out, inputs, aux), tree


def warn_unreachable(t: Trace, wrt: Sequence[Value], names: dict[Value, str]) -> None:
    """Warn about inputs to differentiate that do not reach the output (their gradient is 0)."""
    reached = set(t.order)
    lost = [names[v] for v in wrt if v not in reached]
    if lost:
        warnings.warn(f"compile: input(s) {', '.join(lost[:8])}{' ...' if len(lost) > 8 else ''} "
                      "do not reach the output, so their gradient is 0 (did the function read "
                      ".data or build a new Value from a number?)", TraceWarning, stacklevel=4)


def _flatten_values(aux: Any) -> list[Value]:
    if isinstance(aux, (list, tuple)):
        return [v for a in aux for v in _flatten_values(a)]
    return [aux] if isinstance(aux, Value) else []


def leaves_like(arg: Any, leaves: list[Value]) -> Any:
    """Fresh leaves shaped like ``arg`` (a number or nested lists), each appended to ``leaves``."""
    if isinstance(arg, (list, tuple)):
        return [leaves_like(a, leaves) for a in arg]
    leaf = Value(arg)
    leaves.append(leaf)
    return leaf


def _name(f: Callable[..., Any]) -> str:
    return getattr(f, "__qualname__", None) or type(f).__name__


_OPS = {"__lt__": "<", "__le__": "<=", "__gt__": ">", "__ge__": ">="}


@contextmanager
def _watch(inputs: list[Value]) -> Any:
    """Record comparisons and float conversions of Values that depend on ``inputs``.

    The methods are swapped on the ``Value`` class only for the duration of the trace, so
    eager code pays nothing for the check.
    """
    depends = _Dependence(inputs)
    seen: list[tuple[str, str]] = []
    saved = {name: getattr(Value, name) for name in (*_OPS, "__float__", "item")}

    def compare(name: str) -> Callable[[Value, Any], bool]:
        original = saved[name]

        def method(self: Value, other: Any) -> bool:
            if depends(self) or (isinstance(other, Value) and depends(other)):
                seen.append((creation_site(), f"a comparison ({_OPS[name]}) of traced Values"))
            return original(self, other)

        return method

    def to_float(name: str) -> Callable[[Value], float]:
        def method(self: Value) -> float:
            if depends(self):
                seen.append((creation_site(), f"{name}() of a traced Value (its number is baked "
                             "in and gradients stop there)"))
            return self.data

        return method

    for name in _OPS:
        setattr(Value, name, compare(name))
    Value.__float__ = to_float("float")  # type: ignore[method-assign]
    Value.item = to_float(".item")  # type: ignore[method-assign]
    try:
        yield seen
    finally:
        for name, method in saved.items():
            setattr(Value, name, method)


class _Dependence:
    """Whether a node depends on the traced inputs (memoised, iterative)."""

    def __init__(self, inputs: list[Value]) -> None:
        self.known: dict[Value, bool] = dict.fromkeys(inputs, True)

    def __call__(self, node: Value) -> bool:
        known, stack = self.known, [node]
        while stack:  # depth first, stopping at nodes already decided
            v = stack[-1]
            if v in known:
                stack.pop()
                continue
            todo = [p for p in v._prev if p not in known]
            if todo:
                stack.extend(todo)
            else:
                known[v] = any(known[p] for p in v._prev)
                stack.pop()
        return known[node]
