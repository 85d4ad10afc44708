"""Record the forward and backward passes of a graph, step by step, with the engine's own numbers.

The forward phase has one step per value in topological order (the order the drawing
numbers them in): a leaf is given, an op node is computed from its parents and records
its local derivatives. The backward phase is the engine's grad_table sweep, replayed:
``grad[root] = 1``, then for each node of ``reversed(topological_order(root))`` either one
step per parent, in ``_prev`` order (``grad[p] += grad[n] × ∂n/∂p``), or, when ``grad[n]``
is exactly 0, one step saying the node is skipped and why.

The replay does the same float operations in the same order as ``backward()``; afterwards
the real ``backward()`` runs and every recorded gradient must equal the engine's bit for
bit, else :class:`RecordingMismatch`. Every number the page shows is formatted here.

In a capped drawing, values that are not drawn have no step of their own: a run of
consecutive events that touch an undrawn value is one step ("12 updates among values not
drawn"), which still carries the resulting gradients of drawn values.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from autograd import Value, topological_order

from .colors import GradScale
from .formatting import number
from .opinfo import derivative_rules, op_symbol

INFIX = {"+": "+", "-": "−", "*": "×", "/": "/", "**": "**"}
LISTED = 6
"""An n-ary op's forward text names at most this many operands."""


class RecordingMismatch(AssertionError):
    """The replayed grad_table differs from what ``backward()`` computed (the engine's rules changed)."""


@dataclass
class Walk:
    """The recorded steps of one forward and backward pass, ready to be written into a page as JSON.

    ``ids`` are the drawn values (the drawing's node ids, topological order), ``names`` how the
    text calls each of them, ``data``/``grad`` the engine's numbers after ``backward()``.
    ``forward`` counts the forward steps; ``updates`` and ``skips`` count every grad_table update
    and skipped node of the pass, drawn or collapsed into a step about undrawn values.
    """

    ids: list[str]
    names: dict[str, str]
    data: dict[str, float]
    grad: dict[str, float]
    steps: list[dict[str, Any]] = field(default_factory=list)
    forward: int = 0
    updates: int = 0
    skips: int = 0
    legend: list[tuple[str, str]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """Plain JSON types; floats that are not finite become the strings 'nan', 'inf', '-inf'."""
        return {
            "ids": self.ids, "names": self.names,
            "data": {k: encode(x) for k, x in self.data.items()},
            "grad": {k: encode(x) for k, x in self.grad.items()},
            "steps": self.steps, "forward": self.forward, "updates": self.updates, "skips": self.skips,
            "legend": self.legend,
        }


def encode(x: float) -> float | str:
    """``x`` for JSON: finite floats as they are (their repr round-trips), others as a string."""
    return x if math.isfinite(x) else ("nan" if math.isnan(x) else ("inf" if x > 0 else "-inf"))


def record_walk(root: Value, node_ids: Mapping[Value, str], edge_keys: Mapping[tuple[Value, int], str],
                precision: int = 4) -> Walk:
    """Run ``backward()`` from zeroed gradients, then replay both passes below ``root`` and check them.

    ``node_ids`` maps each drawn value to its node id; ``edge_keys`` maps (node, parent
    position) to the key of the drawn edge that carries it. The graph's ``.grad`` are left
    as that fresh ``backward()`` set them (callers restore them).
    """
    order = topological_order(root, leaves=True)
    for v in order:  # a fresh pass: the notes' grad_table starts at 0 (leaf grads would accumulate)
        v.grad = 0.0
    root.backward()
    scale = GradScale(v.grad for v in order if v in node_ids)  # the drawing's colours
    names = display_names(order, node_ids)
    recorder = _Recorder(root, order, node_ids, edge_keys, names, precision, scale)
    recorder.forward_phase()
    table = recorder.backward_phase()
    for v in order:
        if not _same(table[v], v.grad):
            raise RecordingMismatch(f"explore: the replayed grad_table gives {table[v]!r} for "
                                    f"{names[v]} but backward() gives {v.grad!r}")
    return recorder.walk


def _same(a: float, b: Any) -> bool:
    return a == b or (isinstance(b, float) and math.isnan(a) and math.isnan(b))


def display_names(order: list[Value], node_ids: Mapping[Value, str]) -> dict[Value, str]:
    """A value's label when it has a unique one, else ``label·v7``, else its id ``v7``."""
    counts: dict[str, int] = {}
    for v in order:
        counts[v.label] = counts.get(v.label, 0) + 1
    names = {}
    for i, v in enumerate(order):
        vid = node_ids.get(v, f"v{i}")
        names[v] = v.label if v.label and counts[v.label] == 1 else (f"{v.label}·{vid}" if v.label else vid)
    return names


class _Recorder:
    """Builds the steps; ``run`` collapses consecutive events about values that are not drawn."""

    def __init__(self, root: Value, order: list[Value], node_ids: Mapping[Value, str],
                 edge_keys: Mapping[tuple[Value, int], str], names: dict[Value, str], precision: int,
                 scale: GradScale) -> None:
        self.root, self.order, self.ids, self.edge_keys = root, order, node_ids, edge_keys
        self.names, self.precision, self.scale = names, precision, scale
        drawn = [v for v in order if v in node_ids]
        self.walk = Walk(ids=[node_ids[v] for v in drawn], names={node_ids[v]: names[v] for v in drawn},
                         data={node_ids[v]: v.data for v in drawn}, grad={})
        self.run: dict[str, Any] | None = None  # the open step of collapsed events

    def num(self, x: float) -> str:
        return number(x, self.precision)

    # -- forward -------------------------------------------------------------------------------
    def forward_phase(self) -> None:
        for v in self.order:
            if v not in self.ids:
                self._collapse("f", "value", {})
                continue
            self.run = None
            vid = self.ids[v]
            text, sub = self._forward_text(v)
            edges = [self.edge_keys[v, i] for i in range(len(v._prev)) if (v, i) in self.edge_keys]
            self.walk.steps.append({"p": "f", "n": vid, "t": text, "s": sub,
                                    "e": [*edges, f"{vid}:out"] if v._prev else [],
                                    "d": {vid: [encode(v.data), self.num(v.data)]}})
        self.run = None

    def _forward_text(self, v: Value) -> tuple[str, str]:
        name, out = self.names[v], self.num(v.data)
        if not v._prev:
            kind = "a leaf (an input or a parameter)" if v.label else "a leaf (a constant)"
            return f"{name} = {out}", f"{kind}: given, not computed, so it records no local derivative"
        sym = op_symbol(v)
        ps = [self.names[p] for p in v._prev]
        vals = [self.num(p.data) for p in v._prev]
        if len(ps) == 2 and sym in INFIX:
            formula = f"{ps[0]} {INFIX[sym]} {ps[1]} = {vals[0]} {INFIX[sym]} {vals[1]}"
        elif len(ps) == 1 and sym.startswith("**"):
            formula = f"{ps[0]}{sym} = {vals[0]}{sym}"
        elif len(ps) <= LISTED:
            formula = f"{sym}({', '.join(ps)}) = {sym}({', '.join(vals)})"
        else:
            formula = f"{sym}({', '.join(ps[:3])}, …, {ps[-1]}: {len(ps)} inputs)"
        rules = derivative_rules(v, ps, name, self.precision)
        locs = [f"∂{name}/∂{p} = " + (f"{rule} = " if rule else "") + self.num(loc)
                for p, rule, loc in zip(ps, rules, v._locals)]
        if len(locs) > LISTED:
            locs = [*locs[:LISTED - 1], f"… ({len(locs) - LISTED + 1} more, one per edge)"]
        return f"{name} = {formula} = {out}", "local derivatives recorded: " + ";  ".join(locs)

    # -- backward ------------------------------------------------------------------------------
    def backward_phase(self) -> dict[Value, float]:
        """Run the grad_table sweep on a private table, recording each step; return the table."""
        table = {v: 0.0 for v in self.order}
        table[self.root] += 1.0
        rid, rname = self.ids.get(self.root), self.names[self.root]
        self.walk.steps.append({
            "p": "b", "n": rid, "e": [],
            "t": f"grad[{rname}] = 1",
            "s": f"∂{rname}/∂{rname} = 1 starts the grad_table; every other entry starts at 0 "
                 "and collects one term per edge out of it",
            "g": {vid: self._cell(table[v], fresh=v is not self.root) for v, vid in self.ids.items()}})
        seen: dict[Value, int] = {}
        for n in reversed(topological_order(self.root)):
            g = table[n]
            if g == 0.0:
                self._skip(n)
                continue
            for i, (p, loc) in enumerate(zip(n._prev, n._locals)):
                before = table[p]
                table[p] = before + g * loc
                seen[p] = seen.get(p, 0) + 1
                self._update(n, i, p, g, loc, before, table[p], seen[p])
        self.run = None
        self.walk.grad = {vid: table[v] for v, vid in self.ids.items()}
        self.walk.legend = self.scale.swatches(self.precision) if self.scale.active else []
        self.walk.forward = sum(step["p"] == "f" for step in self.walk.steps)
        return table

    def _cell(self, grad: float, fresh: bool = False) -> list[Any]:
        """[number, text, fill colour] of a grad cell; a ``fresh`` entry (no term yet) stays white."""
        return [encode(grad), self.num(grad), "" if fresh else self.scale.fill(grad)]

    def _term(self, x: float) -> str:
        """One term of a sum as text: negative ones in parentheses."""
        text = self.num(x)
        return f"({text})" if text.startswith("-") else text

    def _skip(self, n: Value) -> None:
        self.walk.skips += 1
        if n not in self.ids:
            self._collapse("b", "skip", {})
            return
        self.run = None
        name, k = self.names[n], len(n._prev)
        self.walk.steps.append({
            "p": "b", "n": self.ids[n], "skip": True, "e": [self.edge_keys[n, i] for i in range(k)
                                                         if (n, i) in self.edge_keys],
            "t": f"skip {name}: grad[{name}] = 0",
            "s": f"its {k} edge{'s' * (k != 1)} would add 0 × ∂ = 0 to each parent, so the engine skips "
                 "them (a dead ReLU, a satisfied margin; and 0 × inf would give nan)"})

    def _update(self, n: Value, i: int, p: Value, g: float, loc: float, before: float, after: float,
                nth: int) -> None:
        self.walk.updates += 1
        if n not in self.ids or p not in self.ids:
            changes = {self.ids[p]: self._cell(after)} if p in self.ids else {}
            self._collapse("b", "update", changes)
            return
        self.run = None
        pn, nn, pid = self.names[p], self.names[n], self.ids[p]
        text = (f"grad[{pn}] += grad[{nn}] × ∂{nn}/∂{pn} = {self.num(before)} + {self.num(g)} × "
                f"{self.num(loc)} = {self.num(after)}")
        if nth > 1:
            sub = (f"term {nth} of grad[{pn}]: {pn} feeds more than one edge (fan-out), "
                   "so the grad_table adds up one term per path")
        else:
            sub = f"the edge {pn} → {nn} passes grad[{nn}] times its local derivative back to {pn}"
        edges = [self.edge_keys[n, i]] if (n, i) in self.edge_keys else []
        self.walk.steps.append({"p": "b", "n": self.ids[n], "k": pid, "t": text, "s": sub,
                                "e": [*edges, f"{self.ids[n]}:out"],
                                "g": {pid: self._cell(after)}, "c": [pid, self._term(g * loc)]})

    def _collapse(self, phase: str, kind: str, changes: dict[str, Any]) -> None:
        """Add an event about undrawn values to the open collapsed step, or open one."""
        if self.run is None or self.run["p"] != phase:
            self.run = {"p": phase, "n": None, "e": [], "counts": {}}
            if phase == "b":
                self.run["g"] = {}
            self.walk.steps.append(self.run)
        counts = self.run["counts"]
        counts[kind] = counts.get(kind, 0) + 1
        self.run.get("g", {}).update(changes)
        parts = [f"{n} {kind}{'s' * (n != 1)}" for kind, n in counts.items()]
        self.run["t"] = f"{', '.join(parts)} among values not drawn"
        touched = ", ".join(self.walk.names[k] for k in self.run.get("g", {}))
        self.run["s"] = ("the drawing is capped (max_nodes): these happen upstream of the dashed '⋯' stubs"
                         + (f"; they change grad[{touched}]" if touched else ""))
