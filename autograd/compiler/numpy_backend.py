"""The numpy backend of :func:`autograd.compile`: the generated code over a whole minibatch.

Each argument is a number (the same for every example: a weight) or an array (one entry
per example); all arrays have one shape. The traced function describes one example; the
generated code runs it on every example at once, with the op table's rules evaluated by
numpy (each op's ``numpy=`` implementation). Returned: the per-example values, and gradients
shaped like the arguments: for an
array argument the per-example gradient, for a number the gradient of the sum of the
per-example values (``reduce="sum"``), or of their mean (``"mean"``); ``reduce=None`` gives
per-example gradients for numbers too (shaped like the arrays). Where the eager engine
raises a ``DomainError``, numpy follows IEEE (inf and nan, with numpy's warnings).
A layer of ``dot`` nodes becomes one matrix product (:mod:`autograd.fusion`).
"""

from __future__ import annotations

import graphlib
from collections.abc import Sequence
from typing import Any

from ..core.primitive import array_namespace, source_namespace
from ..core.sym import Sym, sym
from ..core.value import Value
from .codegen import CHUNK, Emitter, assign, depending, node_op, singular, term
from .fusion import Group, find_groups
from .trace import Trace

REDUCE = ("sum", "mean", None)


def numpy() -> Any:
    """The numpy module, or an ImportError naming the extra that installs it."""
    try:
        import numpy as np
    except ImportError:
        raise ImportError("autograd.compile(backend='numpy') needs numpy: "
                          "pip install 'gradlab[fast]'") from None
    return np


def namespace() -> dict[str, Any]:
    """What the generated code's names mean for numpy arrays: every op's and function's own
    ``numpy=`` implementation (from the registry), and the batch helpers."""
    np = numpy()

    def per_example(x: Any, shape: tuple[int, ...]) -> Any:
        a = np.asarray(x, dtype=float)
        return a.reshape(shape) if a.ndim else np.full(shape, float(a))

    def szmul(g: Any, local: Any) -> Any:
        with np.errstate(invalid="ignore"):
            return np.where((g == 0.0) | (local == 0.0), 0.0, g * local)

    def szmatmul(a: Any, b: Any) -> Any:
        """a @ b where each product a_ik · b_kj is 0 when either factor is exactly 0: the plain
        product when it is finite (the common case), else summed term by term."""
        product = a @ b
        if np.isfinite(product).all():
            return product
        with np.errstate(invalid="ignore"):
            return szmul(a[:, :, None], b[None, :, :]).sum(axis=1)

    return {
        **array_namespace(np, "numpy"),
        "_ones": np.ones, "_zeros": np.zeros, "_array": np.array, "_copy": np.copy,
        "_sum": lambda x: float(np.sum(x)),  # a plain float: the weights' arithmetic stays fast
        "_per_example": per_example, "_szmul": szmul, "_szmatmul": szmatmul,
    }


class NumpyBackend:
    """Arguments converted to float arrays (one shape) or floats; code specialised per
    argument structure, per which arguments are arrays, and per ``reduce``."""

    options: tuple[str, ...] = ("reduce",)
    ieee = True  # as numpy computes: inf and nan, never a domain error that depends on the example

    def __init__(self) -> None:
        self.extra_args = ["_shape", "_n"]
        self.namespace = namespace()
        self.np = numpy()

    def prepare(self, xs: tuple[Any, ...], reduce: str | None = "sum") -> tuple[Any, list[Any], tuple]:
        """(cache key, flat float arrays and floats, (batch shape, batch size))."""
        if reduce not in REDUCE:
            raise ValueError(f"compiled function: reduce must be 'sum', 'mean' or None, not {reduce!r}")
        shapes: list[tuple[int, ...]] = []
        args = [self._convert(x, i, shapes) for i, x in enumerate(xs)]
        shape = shapes[0] if shapes else ()
        n = 1
        for d in shape:
            n *= d
        if n == 0:
            raise ValueError("compiled function: the batch is empty (arrays of size 0)")
        return (_structure(args), reduce), args, (shape, n)

    def _convert(self, x: Any, i: int, shapes: list[tuple[int, ...]]) -> Any:
        if isinstance(x, (list, tuple)):
            return [self._convert(e, i, shapes) for e in x]
        a = self.np.asarray(x)
        if a.dtype.kind not in "biuf":
            raise TypeError(f"compiled function: argument {i} must be real numbers or arrays of real "
                            f"numbers, not {type(x).__name__} of dtype {a.dtype}")
        a = a.astype(float)
        if a.ndim == 0:
            return float(a)
        if shapes and a.shape != shapes[0]:
            raise ValueError(f"compiled function: argument {i} has shape {a.shape}, but the other "
                             f"arrays have shape {shapes[0]} (arrays must share one shape)")
        shapes.append(a.shape)
        return a.ravel()

    def example(self, args: Sequence[Any]) -> list[Any]:
        """The first example's numbers, to trace with."""
        return [self.example(a) if isinstance(a, list) else a if isinstance(a, float) else float(a[0])
                for a in args]

    def emitter(self, t: Trace, names: dict[Value, str], wrt: list[Value], key: Any) -> Emitter:
        """Fused code for reduced gradients; per-example gradients (``reduce=None``) unfused."""
        batched, reduce = key
        arrays = {v for v, b in zip(t.inputs, _flat(batched)) if b}
        cls = NumpyEmitter if reduce is None else FusedEmitter
        return cls(t, names, wrt, arrays, reduce)

    def run(self, cf: Any, program: Any, args: list[Any], extra: tuple, key: Any) -> Any:
        """Call the code; add the params' batch gradients to ``.grad``."""
        if not cf.params:
            return program.fn(*extra, *args)
        if key[1] is None:
            raise ValueError("compiled function: reduce=None with params=: per-example gradients "
                             "are for arguments; pass the weights as an argument instead")
        value, grads, pgrads = program.fn(*extra, [p.data for p in cf.params], *args)
        for p, g in zip(cf.params, pgrads):
            p.grad += g
        return value, grads


def _structure(args: Any) -> Any:
    """Nested shape of the arguments, a leaf being True for an array, False for a number."""
    if isinstance(args, list):
        return tuple(_structure(a) for a in args)
    return not isinstance(args, float)


def _flat(tree: Any) -> list[bool]:
    return [b for t in tree for b in _flat(t)] if isinstance(tree, tuple) else [tree]


class NumpyEmitter(Emitter):
    """Scalar code over arrays, every gradient per example (``reduce=None``); the
    :class:`FusedEmitter` reduces over the batch."""

    def __init__(self, t: Trace, names: dict[Value, str], wrt: list[Value], arrays: set[Value],
                 reduce: str | None) -> None:
        super().__init__(t, names, wrt)
        self.arrays, self.batched = arrays, depending(t.order, arrays)
        self.reduce = reduce
        self.input_named = {names[v]: v for v in t.inputs}

    namespace = source_namespace("")  # array functions take whole arrays: nothing inlined

    def custom_lines(self, v: Value) -> list[str]:
        raise TypeError(f"compile: cannot compile custom op {node_op(v).name!r} with an array "
                        "backend (its rules are Python functions of floats); use backend='python'")

    def seed(self) -> str:
        if self.trace.output not in self.batched and self.reduce is not None:
            return "float(_n)" if self.reduce == "sum" else "1.0"
        return "_ones(_n) / _n" if self.reduce == "mean" else "_ones(_n)"

    def result(self, v: Value | None = None) -> str:
        return f"_per_example({super().result(v)}, _shape)"

    def grad_result(self, name: str) -> str:
        g = super().grad_result(name)
        if self.input_named[name] in self.arrays or self.reduce is None:
            return f"_per_example({g}, _shape)"
        return f"float({g})"


class FusedEmitter(NumpyEmitter):
    """The numpy emitter with each layer of ``dot`` nodes (and its activation) as one array."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.groups = find_groups(self.trace.order, self.batched, self.consumers)
        self.row: dict[Value, tuple[Group, int]] = {}
        for g in self.groups:
            for r, v in enumerate(g.members):
                self.row[v] = (g, r)
                self.var[v] = f"{g.name}[{r}]"
        self.defined |= {f"g_{g.name}" for g in self.groups}

    def items(self) -> list[Any]:
        """Nodes and groups, each after everything it reads."""
        inputs = set(self.trace.inputs)
        item = lambda v: self.row[v][0] if v in self.row else v
        deps: dict[Any, list[Any]] = {}
        for v in self.trace.order:
            if v in self.live and v not in inputs:
                deps.setdefault(item(v), []).extend(
                    item(p) for p in v._prev if p in self.live and p not in inputs and item(p) is not item(v))
        return list(graphlib.TopologicalSorter(deps).static_order())

    def body(self) -> list[str]:
        items = self.items()
        lines = ["    # forward (z: a layer's dot nodes as one matrix product, h: its activation)"]
        for it in items:
            lines += self.group_forward(it) if isinstance(it, Group) else self.forward_lines(it)
        lines.append(f"    # backward: g_v is d({self.var[self.trace.output]})/d(v), summed over the batch")
        for it in reversed(items):
            lines += self.group_backward(it) if isinstance(it, Group) else self.adjoint_lines(it)
        lines += [line for v in reversed(self.trace.graph) if v in self.trace.inputs
                  for line in self.adjoint_lines(v)]
        return lines

    # -- forward -----------------------------------------------------------------------------
    def group_forward(self, g: Group) -> list[str]:
        if g.operand is not None:  # a map group: one op over the rows of another group
            value = node_op(g.members[0]).forward_terms(self.namespace, [Sym(g.operand.name)])[0]
            return [f"    {g.name} = {sym(value).text}"]
        n = len(g.inputs)
        rows = ", ".join("[" + ", ".join(self.var[w] for w in ws) + "]" for ws in g.weights)
        lines = [f"    {g.name}_W = _array([{rows}])"]
        if g.inputs_group is None:
            lines.append(f"    {g.name}_X = _array([{', '.join(self.var[x] for x in g.inputs)}])")
        product = f"{g.name}_W @ {self._inputs(g)}"
        bias = [" + ".join(self.forward_terms(v)[n:]) or "0.0" for v in g.members]
        if any(b != "0.0" for b in bias):
            product += f" + _array([{', '.join(bias)}])[:, None]"
        return [*lines, f"    {g.name} = {product}"]

    def _inputs(self, g: Group) -> str:
        return g.inputs_group.name if g.inputs_group is not None else f"{g.name}_X"

    # -- backward ----------------------------------------------------------------------------
    def adjoint_lines(self, v: Value) -> list[str]:
        if v not in self.needs or v is self.trace.output:
            return super().adjoint_lines(v)
        return self.reduced(self.grad(v), self.contributions(v), v in self.batched)

    def reduced(self, target: str, terms: list[tuple[str, bool]], batched: bool) -> list[str]:
        """``target = sum of terms``; for a batch-invariant target (a weight) the terms that
        vary over the batch are summed over it there."""
        if batched:
            return assign(target, [t for t, _ in terms])
        lines, flat = [], [t for t, b in terms if not b]
        per_example = [t for t, b in terms if b]
        if len(per_example) > CHUNK:
            lines, per_example = assign(f"{target}_b", per_example), [f"{target}_b"]
        if per_example:
            flat.append(f"_sum({' + '.join(per_example)})")
        return lines + assign(target, flat)

    def contributions(self, v: Value) -> list[tuple[str, bool]]:
        """Consumers in a dot group read their part of the group's gradient arrays (the
        weight and bias parts already summed over the batch); map groups pass whole arrays."""
        found, seen = [], set()
        for c, i in self.consumers[v]:
            if c not in self.row:
                t, batched = self.product(c, i), c in self.batched
            elif self.row[c][0].kind == "map":
                continue  # the operand is a group: its whole-array gradient is in vector_terms
            else:
                t, batched = self._dot_term(c, i)
                if t in seen:  # the inputs' gradient W.T @ g covers every row of the group
                    continue
                seen.add(t)
            if t is not None:
                found.append((t, batched))
        return found

    def _dot_term(self, c: Value, i: int) -> tuple[str | None, bool]:
        g, r = self.row[c]
        n = len(g.inputs)
        if i >= 2 * n:
            return f"{g.name}_db[{r}]", False
        side, j = divmod(i, n)
        if c._prev[side * n:(side + 1) * n] == g.inputs:
            return (None if g.inputs_group is not None else f"{g.name}_gX[{j}]"), True
        return f"{g.name}_dW[{r}][{j}]", False

    def vector_terms(self, g: Group) -> list[str]:
        """Whole-array gradient contributions to group ``g`` from the groups that read it."""
        found = []
        for h in self.groups:
            if h.kind == "map" and h.operand is g:
                rule = node_op(h.members[0]).derivatives(self.namespace, [Sym(g.name)], Sym(h.name))[0]
                local = sym(rule).text
                strong = singular(h.members[0]) or any(m in self.infinite for m in h.members)
                found.append(f"_szmul(g_{h.name}, {local})" if strong and local != "0.0"
                             else term(f"g_{h.name}", local))
            elif h.kind == "dot" and h.inputs_group is g:
                found.append(f"_szmatmul({h.name}_W.T, g_{h.name})")
        return [t for t in found if t is not None]

    def group_backward(self, g: Group) -> list[str]:
        if not any(v in self.needs for v in g.members):
            return []
        vec = self.vector_terms(g)
        rows = {r: ([self.seed()] if v is self.trace.output else []) +
                [t for t, _ in self.contributions(v)] for r, v in enumerate(g.members)}
        rows = {r: ts for r, ts in rows.items() if ts}
        target = f"g_{g.name}"
        if not vec:
            lines = [f"    {target} = _zeros(({len(g.members)}, _n))"]
        elif len(vec) == 1 and rows and vec[0].isidentifier():
            lines = [f"    {target} = _copy({vec[0]})"]
        else:
            lines = assign(target, vec)
        for r, ts in rows.items():
            lines += [f"    {target}[{r}] += {' + '.join(ts[k:k + CHUNK])}" for k in range(0, len(ts), CHUNK)]
        if g.kind == "dot":
            lines += self._dot_backward(g)
        return lines

    def _dot_backward(self, g: Group) -> list[str]:
        lines = []
        if any(w in self.needs for ws in g.weights for w in ws):
            lines.append(f"    {g.name}_dW = _szmatmul(g_{g.name}, {self._inputs(g)}.T).tolist()")
        if g.bias and any(v._prev[-1] in self.needs for v in g.members):
            lines.append(f"    {g.name}_db = g_{g.name}.sum(axis=1).tolist()")
        if g.inputs_group is None and any(x in self.needs for x in g.inputs):
            lines.append(f"    {g.name}_gX = _szmatmul({g.name}_W.T, g_{g.name})")
        return lines
