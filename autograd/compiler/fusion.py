"""Layer fusion for the numpy backend: nodes that are the rows of one matrix product.

A layer of neurons is m ``dot`` nodes over the same inputs ``x`` with weights that do not
vary over the batch. Their values are the rows of ``W @ X + b`` (X one row per input, one
column per example): one matrix product instead of m·n array operations. The same
elementwise op applied to every row of such a group (the layer's activation) is one array
operation too, and a next layer whose inputs are exactly those rows reads the array as is.
"""

from __future__ import annotations

from ..core.nary import Dot
from ..core.primitive import Primitive
from ..core.value import Value


class Group:
    """Nodes held as the rows of one ``(m, batch)`` array.

    ``kind`` is ``"dot"`` (``weights`` rows, shared ``inputs``, optional ``bias`` column) or
    ``"map"`` (one unary op applied row by row to ``operand``, another group).
    """

    def __init__(self, kind: str, name: str, members: list[Value]) -> None:
        self.kind, self.name, self.members = kind, name, members
        self.weights: list[tuple[Value, ...]] = []
        self.inputs: tuple[Value, ...] = ()
        self.inputs_group: Group | None = None
        self.bias = False
        self.operand: Group | None = None

    def __repr__(self) -> str:
        return f"<{self.kind} group {self.name} of {len(self.members)}>"


def find_groups(order: list[Value], batched: set[Value],
                consumers: dict[Value, list[tuple[Value, int]]]) -> list[Group]:
    """The fusable groups of a trace, dot groups first, then the maps over them."""
    layers: dict[tuple, list[tuple[Value, tuple[Value, ...], tuple[Value, ...]]]] = {}
    for v in order:
        split = _dot_split(v, batched)
        if split:
            weights, inputs, bias = split
            layers.setdefault((inputs, bias), []).append((v, weights, inputs))
    groups: list[Group] = []
    for (inputs, bias), rows in layers.items():
        g = Group("dot", f"z{len(groups)}", [v for v, _, _ in rows])
        g.weights, g.inputs, g.bias = [w for _, w, _ in rows], inputs, bias
        groups.append(g)
    taken = {v for g in groups for v in g.members}
    maps = 0
    for g in groups:  # grows while iterating: maps over maps
        for members in _unary_rows(g, consumers, taken):
            m = Group("map", f"h{maps}", members)
            m.operand = g
            maps += 1
            taken.update(members)
            groups.append(m)
    _align(groups)
    rows_of = {tuple(g.members): g for g in groups}
    for g in groups:
        g.inputs_group = rows_of.get(g.inputs) if g.kind == "dot" else None
    return groups


def _align(groups: list[Group]) -> None:
    """Order the rows of each group as the next layer reads them, so it reads the array as is.

    A map group's rows follow its operand's, so the groups chained by maps are permuted
    together (the first layer reading them decides).
    """
    def root(g: Group) -> Group:
        while g.operand is not None:
            g = g.operand
        return g

    fixed: set[int] = set()
    for d in groups:
        if d.kind != "dot":
            continue
        for g in groups:
            r = root(g)
            if id(r) in fixed or len(g.members) != len(d.inputs) or set(g.members) != set(d.inputs):
                continue
            pos = {v: i for i, v in enumerate(g.members)}
            perm = [pos[x] for x in d.inputs]
            for h in groups:
                if root(h) is r:
                    h.members = [h.members[i] for i in perm]
                    h.weights = [h.weights[i] for i in perm] if h.kind == "dot" else []
            fixed.add(id(r))
            break


def _dot_split(v: Value, batched: set[Value]) -> tuple | None:
    """(weights, inputs, has bias) of a dot node whose one side is batch-invariant and the
    other batched, with an invariant bias; None for any other node."""
    if v not in batched or not v._prev or not isinstance(v._prim, Dot):
        return None
    n = v._prim.pairs
    if n < 1:
        return None
    a, b, bias = v._prev[:n], v._prev[n:2 * n], v._prev[2 * n:]
    if any(p in batched for p in bias):
        return None
    for weights, inputs in ((a, b), (b, a)):
        if not any(p in batched for p in weights) and all(p in batched for p in inputs):
            return weights, inputs, bool(bias)
    return None


def _unary_rows(g: Group, consumers: dict[Value, list[tuple[Value, int]]],
                taken: set[Value]) -> list[list[Value]]:
    """For each unary op applied to every row of ``g``, the nodes doing it, row by row."""
    def unary(c: Value) -> tuple | None:
        op = c._prim
        if c in taken or len(c._prev) != 1 or not isinstance(getattr(op, "primitive", None), Primitive):
            return None
        return (op.name, op.params)

    per_row = []
    for v in g.members:
        found: dict[tuple, Value] = {}
        for c, _ in consumers.get(v, ()):
            key = unary(c)
            if key is not None and key not in found:
                found[key] = c
        per_row.append(found)
    common = [k for k in per_row[0] if all(k in row for row in per_row)]
    return [[row[k] for row in per_row] for k in common]

