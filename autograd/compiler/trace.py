"""Tracing: run a function once on fresh leaf ``Value``s and keep the graph it builds.

The graph is what :mod:`autograd.compile` turns into straight-line code. Like ``jax.jit``, a
trace records one path through the user's code. While tracing, this context's active trace
(a ``ContextVar``, so other threads are unaffected and no class is patched) is told whenever a
traced number is used as a number — a comparison, ``if x:``, ``float(x)``, ``int``, ``round``,
``.item()`` — and each such use is reported with the line of user code that did it. Inside the
trace, ``detach()`` and ``no_grad`` become ``stop_gradient`` nodes: computed from the inputs at
every call, with no gradient, exactly as eager code behaves.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from typing import Any

from ..core.anomaly import creation_site
from ..core.errors import TraceError, TraceWarning
from ..core.modes import enable_grad, ieee_rules, tracing
from ..core.order import topological_order
from ..core.value import Value, as_float


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


class Recording:
    """The active trace's watcher: which nodes depend on the inputs, and where the user's code
    used a traced number as a number."""

    def __init__(self, inputs: list[Value]) -> None:
        self.known: dict[Value, bool] = dict.fromkeys(inputs, True)
        self.seen: list[tuple[str, str]] = []

    def observe(self, what: str, node: Value, other: Any = None) -> None:
        """Called by ``Value`` when its number is used as a number."""
        if self.depends(node) or (isinstance(other, Value) and self.depends(other)):
            hint = "" if what.startswith(("a comparison", "a truth")) else \
                " (its number is baked in and gradients stop there)"
            self.seen.append((creation_site(), f"{what} of a traced Value{hint}"))

    def depends(self, node: Value) -> bool:
        """Whether ``node`` depends on the traced inputs (memoised, iterative)."""
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


def trace(f: Callable[..., Any], args: Sequence[Any], params: Sequence[Value],
          strict: bool, has_aux: bool, ieee: bool) -> tuple[Trace, list[Any]]:
    """Run ``f`` on leaves shaped like ``args`` (numbers, or nested lists of numbers).

    ``params`` are existing leaves ``f`` reads from its closure (a model's weights): they
    count as inputs too, after the arguments. With ``has_aux``, ``f`` returns
    ``(output, aux)``, aux being numbers and nodes in nested lists, computed along. With
    ``ieee``, ops outside their domain give inf/nan instead of raising (the numpy backend's
    rule at run time). Returns the trace and the leaves given to ``f``, in the shape of ``args``.
    """
    seen_params = set()
    for p in params:
        if not isinstance(p, Value) or p._prev:
            raise TypeError("compile: params must be leaf Values (e.g. model.parameters()), "
                            f"got {p!r}")
        if p in seen_params:
            raise ValueError(f"compile: params lists the same Value twice ({p!r})")
        seen_params.add(p)
    leaves: list[Value] = []
    tree = [leaves_like(a, leaves) for a in args]
    inputs = leaves + list(params)
    recording = Recording(inputs)
    with enable_grad(), tracing(recording):
        if ieee:
            with ieee_rules():
                out = f(*tree)
        else:
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
    if recording.seen:
        report = "\n".join(f"  {site}: {what}" for site, what in dict.fromkeys(recording.seen))
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
    leaf = Value(as_float(arg, "a compiled function's argument"))
    leaves.append(leaf)
    return leaf


def _name(f: Callable[..., Any]) -> str:
    return getattr(f, "__qualname__", None) or type(f).__name__
