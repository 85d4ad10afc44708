"""Straight-line source for a traced graph: one line per node forward, one per gradient back.

Each line comes from the op interface (:class:`autograd.core.primitive.Op`): the node's op
evaluated on :class:`~autograd.core.sym.Sym` symbols (the variables that hold its operands)
returns the source of its value, and its derivative rule the source of each local derivative.
The backward pass is the grad_table sweep unrolled, each node's gradient written once as the
sum over its consumers of ``g_consumer * local derivative`` (same order as ``backward()``).
Nodes that do not depend on the inputs are folded to their numbers (constants are the numbers
themselves, never re-derived); gradients nobody asked for are skipped.

Strong zero, as in ``backward()``: where a gradient or a local derivative may be infinite
(below an op with a singular derivative, such as sqrt at 0), the product is written
``_szmul(g, local)``, which is 0 when either factor is exactly 0.
"""

from __future__ import annotations

import builtins
import inspect
import keyword
import re
from collections.abc import Callable
from typing import Any

from ..core.primitive import Math, Op, Primitive, source_namespace
from ..core.sym import Sym, sym
from ..core.value import Value
from .trace import Trace

CHUNK = 64
"""Most terms per line: Python's compiler recurses once per ``+`` of a chain."""

_ATOM = re.compile(r"-?[\w.]+(\[\d+\])*")


def literal(x: float) -> str:
    """Source text for the float ``x`` (negative numbers parenthesised, inf and nan spelled out)."""
    return sym(x).text if x >= 0 or x != x else f"({sym(x).text})"


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


def node_op(node: Value) -> Op:
    """The op of a node the compiler can write (a ``TypeError`` naming it otherwise)."""
    op = node._prim
    if not isinstance(op, Op):
        raise TypeError(f"compile: cannot compile a node built by hand (op {node._op!r}): "
                        "it has no op definition to write out; build it with ops or custom_op")
    return op


def is_custom(node: Value) -> bool:
    """Whether the node's op is plain Python (a user's :func:`autograd.custom_op`)."""
    return node_op(node).compiled_by_call


def singular(node: Value) -> bool:
    """Whether the node's local derivatives may be infinite (an op with a domain: sqrt, log, /, **)."""
    prim = getattr(node._prim, "primitive", None)
    return isinstance(prim, Primitive) and bool(prim.domain)


class Emitter:
    """Names the nodes of a trace and writes their forward and backward lines."""

    namespace: Math = source_namespace("", inline=True)
    """How the rules read as source: float functions by name, hot indicators inline."""

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
        self.infinite = self._maybe_infinite()
        self._locals: dict[Value, list[str]] = {}
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

    def _maybe_infinite(self) -> set[Value]:
        """Nodes whose gradient may be infinite or nan: those below a singular op."""
        found: set[Value] = set()
        for v in reversed(self.trace.graph):
            if any(c in found or singular(c) for c, _ in self.consumers[v]):
                found.add(v)
        return found

    def operands(self, v: Value) -> list[Sym]:
        """The node's operands as symbols (the variables or literals holding them)."""
        return [Sym(self.var[p]) for p in v._prev]

    # -- forward ---------------------------------------------------------------------------
    def forward_terms(self, v: Value) -> list[str]:
        """The node's value as a list of terms to add (one term for an elementwise op)."""
        terms = node_op(v).forward_terms(self.namespace, self.operands(v), v._locals)
        return [sym(t).text for t in terms] or ["0.0"]

    def forward_lines(self, v: Value) -> list[str]:
        """The lines computing node ``v``."""
        if is_custom(v):
            return self.custom_lines(v)
        return assign(self.var[v], self.forward_terms(v))

    def custom_lines(self, v: Value) -> list[str]:
        """A custom op's forward and derivative rules are Python functions: call them."""
        op: Any = node_op(v)
        name = self.custom.get(op)
        if name is None:
            stem = f"_{op.name}" if op.name.isidentifier() else "_custom"
            name = self.custom[op] = stem if stem not in self.globals else f"{stem}{len(self.globals)}"
            self.globals[name] = op.evaluate
        args = ", ".join(self.var[p] for p in v._prev)
        return [f"    {self.var[v]}, {self.var[v]}_d = {name}(({args},))  # custom op: value, derivatives"]

    # -- backward --------------------------------------------------------------------------
    def local(self, c: Value, i: int) -> str:
        """Source of d(c)/d(c._prev[i])."""
        if is_custom(c):
            return f"{self.var[c]}_d[{i}]"
        texts = self._locals.get(c)
        if texts is None:
            locs = node_op(c).derivatives(self.namespace, self.operands(c), Sym(self.var[c]), c._locals)
            texts = self._locals[c] = [sym(loc).text for loc in locs]
        return texts[i]

    def terms(self, v: Value) -> list[tuple[str, Value]]:
        """Each consumer's contribution to the gradient of ``v``, with the consumer."""
        found = [(self.product(c, i), c) for c, i in self.consumers[v]]
        return [(t, c) for t, c in found if t is not None]

    def product(self, c: Value, i: int, g: str | None = None) -> str | None:
        """Source of ``g · d(c)/d(c._prev[i])`` (``g`` the gradient of ``c`` by default), with
        strong zero where a factor may be infinite; None when the local derivative is 0."""
        local, g = self.local(c, i), self.grad(c) if g is None else g
        if singular(c) or c in self.infinite:
            return None if local == "0.0" else f"_szmul({g}, {local})"
        return term(g, local)

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
    """Readable argument names: ``f``'s own where usable (not a builtin's name, nor one the
    generated code uses), else ``x0, x1, ...``."""
    reserved = reserved | set(dir(builtins))
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
