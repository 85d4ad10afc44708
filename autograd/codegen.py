"""Straight-line source for a traced graph: one line per node forward, one per gradient back.

The forward line of a node is its op's forward rule from :mod:`autograd.ops` with the operand
names replaced by the variables that hold them; the backward pass is the grad_table sweep
unrolled, each node's gradient written once as the sum over its consumers of
``g_consumer * local derivative`` (the same rules, same order as ``backward()``). Nodes that do
not depend on the inputs are folded to their numbers; gradients nobody asked for are skipped.
"""

from __future__ import annotations

import keyword
import math
import re
from collections.abc import Callable
from typing import Any

from .ops import DOT, SUM, Bound, Op
from .trace import Trace
from .value import Value

CHUNK = 64
"""Most terms per line: Python's compiler recurses once per ``+`` of a chain."""

_NAME = re.compile(r"\b[A-Za-z_]\w*\b")
_ATOM = re.compile(r"-?[\w.]+(\[\d+\])*")


def literal(x: float) -> str:
    """Source text for the float ``x`` (negative numbers parenthesised, inf and nan spelled out)."""
    if math.isfinite(x):
        return repr(x) if x >= 0 else f"({x!r})"
    return f"float('{x}')"


def substitute(expr: str, names: dict[str, str]) -> str:
    """``expr`` with each whole-word name in ``names`` replaced (the rest left alone)."""
    return _NAME.sub(lambda m: names.get(m.group(), m.group()), expr)


INLINE = {"relu": "({0} if {0} > 0.0 else 0.0)", "pos": "(1.0 if {0} > 0.0 else 0.0)"}
"""The float namespace's hottest functions as inline expressions (no call per neuron); the
tests check them against :data:`autograd.ops.FLOAT` on every kind of float."""

_CALL = re.compile(r"\b(" + "|".join(INLINE) + r")\((\w+(?:\[\d+\])?)\)")


def inline(expr: str) -> str:
    """``expr`` with calls of :data:`INLINE` functions on a variable written out."""
    return _CALL.sub(lambda m: INLINE[m.group(1)].format(m.group(2)), expr)


def term(g: str, local: str) -> str | None:
    """``g * local`` simplified for the locals the table writes as constants (None for 0)."""
    if local == "1.0":
        return g
    if local == "-1.0":
        return f"-{g}"
    if local == "0.0":
        return None
    return f"{g} * {local if _ATOM.fullmatch(local) or _wrapped(local) else f'({local})'}"


def _wrapped(expr: str) -> bool:
    """Whether ``expr`` is one parenthesised whole, e.g. ``(1.0 if x > 0.0 else 0.0)``."""
    depth = 0
    for i, ch in enumerate(expr):
        depth += (ch == "(") - (ch == ")")
        if depth == 0:
            return i == len(expr) - 1 and ch == ")"
    return False


def assign(target: str, terms: list[str], indent: str = "    ") -> list[str]:
    """``target = t1 + t2 + ...`` as lines of at most :data:`CHUNK` terms, summed left to right."""
    if not terms:
        return [f"{indent}{target} = 0.0"]
    lines = [f"{indent}{target} = {' + '.join(terms[:CHUNK])}"]
    for i in range(CHUNK, len(terms), CHUNK):
        lines.append(f"{indent}{target} = {target} + {' + '.join(terms[i:i + CHUNK])}")
    return lines


def base_op(node: Value) -> Any:
    """The op table entry of a node (a user's custom op as it is)."""
    op = node._op
    return op.op if isinstance(op, Bound) else op


def is_custom(node: Value) -> bool:
    """Whether the node's op is a user's :func:`autograd.custom_op` (``TypeError`` for an op
    the compiler cannot read at all)."""
    base = base_op(node)
    if isinstance(base, Op):
        return False
    if not hasattr(base, "evaluate"):
        raise TypeError(f"compile: cannot compile op {base!r} (not in the op table, not a custom_op)")
    return True


class Emitter:
    """Names the nodes of a trace and writes their forward and backward lines."""

    def __init__(self, t: Trace, names: dict[Value, str], wrt: list[Value]) -> None:
        self.trace, self.wrt = t, wrt
        inputs = set(t.inputs)
        self.live = depending(t.order, inputs)  # nodes computed at run time
        self.needs = depending(t.graph, set(wrt))  # nodes whose gradient is wanted
        self.var: dict[Value, str] = {v: names[v] for v in t.inputs}
        k = 0
        for v in t.order:
            if v in inputs:
                continue
            if v not in self.live:
                self.var[v] = literal(v.data)
            else:
                self.var[v] = f"v{k}"
                k += 1
        self.consumers: dict[Value, list[tuple[Value, int]]] = {v: [] for v in t.order}
        for c in reversed(t.graph):  # backward()'s order: latest consumer first
            for i, p in enumerate(c._prev):
                self.consumers[p].append((c, i))
        self.defined = {self.grad(v) for v in self.needs}
        self.globals: dict[str, Any] = {}  # custom ops called from the generated code
        self.custom: dict[Any, str] = {}  # each custom op's name in ``globals``

    def grad(self, v: Value) -> str:
        """The variable holding d(output)/d(v)."""
        return f"g_{self.var[v]}"

    def result(self, v: Value | None = None) -> str:
        """Source of the returned value of node ``v`` (the output by default)."""
        return self.var[self.trace.output if v is None else v]

    def aux_result(self, aux: Any) -> str:
        """Source rebuilding the auxiliary results: numbers for nodes, nested lists kept."""
        if isinstance(aux, (list, tuple)):
            return "[" + ", ".join(self.aux_result(a) for a in aux) + "]"
        if isinstance(aux, Value):
            return self.result(aux)
        return literal(float(aux))

    def grad_result(self, name: str) -> str:
        """Source of the returned gradient of input ``name`` (0 when it does not reach the output)."""
        g = f"g_{name}"
        return g if g in self.defined else "0.0"

    # -- forward ---------------------------------------------------------------------------
    def forward_terms(self, v: Value) -> list[str]:
        """The node's value as a list of terms to add (one term for an elementwise op)."""
        base, var, prev = base_op(v), self.var, v._prev
        if base is SUM:
            terms = [var[p] for p in prev]
            exact = sum(p.data for p in prev)
        elif base is DOT:
            n = int(v._op.params[0])
            if n:
                pairs, bias = list(zip(prev[:n], prev[n:2 * n])), prev[2 * n:]
                terms = [f"{var[w]} * {var[x]}" for w, x in pairs] + [var[b] for b in bias]
                exact = sum(w.data * x.data for w, x in pairs) + sum(b.data for b in bias)
            else:
                terms = [var[w] if c == 1.0 else f"{var[w]} * {literal(c)}"
                         for w, c in zip(prev, v._locals)]
                exact = sum(p.data * c for p, c in zip(prev, v._locals))
        else:
            return [self.expression(base.forward, self.scope(v))]
        offset = v.data - exact  # a numeric bias or term, folded into the node by the engine
        return [*terms, literal(offset)] if offset or not terms else terms

    def forward_lines(self, v: Value) -> list[str]:
        """The lines computing node ``v``."""
        if is_custom(v):
            return self.custom_lines(v)
        return assign(self.var[v], self.forward_terms(v))

    def custom_lines(self, v: Value) -> list[str]:
        """A custom op's forward and derivative rules are Python functions: call them."""
        op = base_op(v)
        name = self.custom.get(op)
        if name is None:
            stem = f"_{op.name}" if op.name.isidentifier() else "_custom"
            name = self.custom[op] = stem if stem not in self.globals else f"{stem}{len(self.globals)}"
            self.globals[name] = lambda *xs: op.evaluate(tuple(map(Value, xs)))
        args = ", ".join(self.var[p] for p in v._prev)
        return [f"    {self.var[v]}, {self.var[v]}_d = {name}({args})  # custom op: value, derivatives"]

    # -- backward --------------------------------------------------------------------------
    def local(self, c: Value, i: int) -> str:
        """Source of d(c)/d(c._prev[i])."""
        if is_custom(c):
            return f"{self.var[c]}_d[{i}]"
        base = base_op(c)
        if base is SUM:
            return "1.0"
        if base is DOT:
            n = int(c._op.params[0])
            if not n:
                return literal(c._locals[i])
            if i >= 2 * n:
                return "1.0"
            return self.var[c._prev[i + n if i < n else i - n]]
        return self.expression(base.grads[i], self.scope(c, out=True))

    def expression(self, rule: str, scope: dict[str, str]) -> str:
        """A rule of the op table on the given variables, hot calls inlined for floats."""
        return inline(substitute(rule, scope))

    def terms(self, v: Value) -> list[tuple[str, Value]]:
        """Each consumer's contribution to the gradient of ``v``, with the consumer."""
        found = [(term(self.grad(c), self.local(c, i)), c) for c, i in self.consumers[v]]
        return [(t, c) for t, c in found if t is not None]

    def seed(self) -> str:
        """d(output)/d(output)."""
        return "1.0"

    def adjoint_lines(self, v: Value) -> list[str]:
        """``g_v = ...`` for a node whose gradient is wanted (nothing otherwise)."""
        if v not in self.needs:
            return []
        if v is self.trace.output:
            return [f"    {self.grad(v)} = {self.seed()}"]
        return assign(self.grad(v), [t for t, _ in self.terms(v)])

    def scope(self, v: Value, out: bool = False) -> dict[str, str]:
        """What the op table's names mean at node ``v``: operands, parameters (and ``out``)."""
        base = base_op(v)
        scope = dict(zip(base.operands, (self.var[p] for p in v._prev)))
        scope.update(zip(base.params, map(literal, getattr(v._op, "params", ()))))
        if out:
            scope["out"] = self.var[v]
        return scope

    # -- the whole function ----------------------------------------------------------------
    def body(self) -> list[str]:
        """Forward lines in topological order, then the gradients in reverse."""
        inputs = set(self.trace.inputs)
        order = [v for v in self.trace.order if v in self.live and v not in inputs]
        lines = ["    # forward"]
        for v in order:
            lines += self.forward_lines(v)
        lines.append(f"    # backward: g_v is d({self.var[self.trace.output]})/d(v)")
        for v in reversed(self.trace.graph):
            lines += self.adjoint_lines(v)
        return lines


def depending(order: list[Value], roots: set[Value]) -> set[Value]:
    """The nodes of ``order`` that are in ``roots`` or depend on one of them."""
    found = set()
    for v in order:
        if v in roots or any(p in found for p in v._prev):
            found.add(v)
    return found


def unpack(name: str, shape: Any) -> list[str]:
    """Lines unpacking a (nested) list argument into one variable per number."""
    if shape is None:
        return []
    lines = [f"    {', '.join(f'{name}_{j}' for j in range(len(shape)))}{',' if len(shape) == 1 else ''}"
             f" = {name}"] if shape else []
    for j, s in enumerate(shape):
        lines += unpack(f"{name}_{j}", s)
    return lines


def flat_names(name: str, shape: Any) -> list[str]:
    """The variables of a (nested) list argument, in order."""
    if shape is None:
        return [name]
    return [n for j, s in enumerate(shape) for n in flat_names(f"{name}_{j}", s)]


def packed(name: str, shape: Any, leaf: Callable[[str], str]) -> str:
    """Source rebuilding the argument's shape, ``leaf(variable)`` for each number."""
    if shape is None:
        return leaf(name)
    return "[" + ", ".join(packed(f"{name}_{j}", s, leaf) for j, s in enumerate(shape)) + "]"


def arg_names(f: Any, count: int, reserved: set[str]) -> list[str]:
    """Readable argument names: ``f``'s own where usable, else ``x0, x1, ...``."""
    import inspect

    try:
        params = [p for p in inspect.signature(f).parameters.values()
                  if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    except (TypeError, ValueError):
        params = []
    names = [p.name for p in params[:count]]
    ok = (len(names) == count and len(set(names)) == count
          and all(n.isidentifier() and not keyword.iskeyword(n) and n not in reserved
                  and not re.fullmatch(r"([hvxz]\d+.*|g_.*|p_.*|_.*|.*_\d+)", n) for n in names))
    return names if ok else [f"x{i}" for i in range(count)]
