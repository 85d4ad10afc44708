"""``draw_graph``: a ``Value`` graph as a Graphviz drawing, ready for SVG or a notebook.

One table per ``Value`` (label, data, grad), one small node per op, edges in the forward
direction, one edge per operand (``x * x`` has two). Node ids follow the deterministic
topological order, so the same graph always gives the same DOT text. Every label is an
HTML-like label escaped by :mod:`viz.text`, so any text a user gives renders.
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import graphviz

from autograd import Value, topological_order

from .cap import check_max_nodes, left_out_note, nearest
from .clusters import assign_clusters, innermost_common, parameter_test
from .colors import GradScale, edge_style, magnitude
from .drawing import GraphDrawing
from .formatting import check_precision, number
from .labels import Rows, Seen, legend_label, op_label, value_label
from .ops import constant_factors, folded_constants, folded_parents, op_symbol
from .text import html, label

RANKDIRS = ("LR", "TB", "RL", "BT")
LARGE = 1000
"""Drawing more values than this without ``max_nodes`` warns: the picture gets big and slow to lay out."""
LEGEND_FROM = 15
"""``legend=None`` draws the legend from this many values on: a smaller graph explains itself."""


def draw_graph(root: Value, max_nodes: int | None = None, rankdir: str = "LR", precision: int = 4,
               show_locals: bool = False, group_leaves: bool = True, legend: bool | None = None,
               params: Iterable[Value] | None = None) -> GraphDrawing:
    """Draw the graph below ``root``: values coloured by |grad|, parameters highlighted, modules clustered.

    ``max_nodes`` keeps the values nearest ``root`` and notes what was left out;
    ``rankdir="TB"`` lays it out top-down; ``precision`` is significant digits;
    ``show_locals`` prints each edge's local derivative; ``group_leaves`` draws the
    single-use leaf inputs of an n-ary node (a neuron's weights) as one table;
    ``legend`` (default: from 15 values on) adds a compact key; ``params`` (e.g.
    ``model.parameters()``) says which leaves are parameters, by default those labelled
    like an ``nn`` parameter (``layers.0.neurons.1.w.3``).

    >>> a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    >>> loss = a * b; loss.label = "loss"; loss.backward()
    >>> "loss" in draw_graph(loss).source
    True
    """
    if not isinstance(root, Value):
        raise TypeError(f"draw_graph takes a Value (the root of a graph), not {type(root).__name__}")
    if rankdir not in RANKDIRS:
        raise ValueError(f"rankdir must be one of {', '.join(RANKDIRS)}, not {rankdir!r}")
    if legend is not None and not isinstance(legend, bool):
        raise ValueError(f"legend must be True, False or None (automatic), not {legend!r}")
    precision, max_nodes = check_precision(precision), check_max_nodes(max_nodes)
    is_param = parameter_test(params)
    order = topological_order(root, leaves=True)
    folded = folded_constants(order)  # shown in their op as "+ c"
    order = [v for v in order if v not in folded]
    if max_nodes is None and len(order) > LARGE:
        warnings.warn(f"draw_graph: drawing all {len(order)} values makes a large picture, slow to lay out; "
                      "pass max_nodes (say 100) to draw those nearest the root", stacklevel=2)
    drawn = set(order) if max_nodes is None or max_nodes >= len(order) else nearest(root, max_nodes) - folded
    cluster = assign_clusters(order, is_param)
    g = GraphDrawing(name="value_graph",
                     graph_attr={"rankdir": rankdir, "fontname": "Helvetica", "nodesep": "0.15",
                                 "ranksep": "0.3", "newrank": "true", "mclimit": "0.1"},
                     node_attr={"fontname": "Helvetica", "fontsize": "11"},
                     edge_attr={"fontname": "Helvetica", "fontsize": "9", "arrowsize": "0.7"})
    g.shown, g.total = len(drawn), len(order)
    builder = _Builder(g, order, drawn, cluster, is_param, precision, show_locals, group_leaves, rankdir)
    builder.build()
    note = left_out_note(order, drawn, cluster) if len(drawn) < len(order) else ""
    show_legend = len(drawn) >= LEGEND_FROM if legend is None else legend
    title = [f"<tr><td>{html(note)}</td></tr>"] if note else []
    if show_legend:
        title.append(f"<tr><td>{legend_label(builder.scale, precision, builder.seen)}</td></tr>")
    if title:
        g.attr(label=label(f'<table border="0" cellspacing="0">{"".join(title)}</table>'),
               labelloc="t", labeljust="l", fontsize="9")
    g.node_ids = builder.ids  # drawn value -> its node name; viz.explore animates the SVG by these
    return g


class _Builder:
    """Writes the nodes into their clusters and the edges into the graph, in topological order."""

    def __init__(self, g: GraphDrawing, order: Sequence[Value], drawn: set[Value],
                 cluster: Mapping[Value, str], is_param: Any, precision: int, show_locals: bool,
                 group_leaves: bool, rankdir: str) -> None:
        self.g, self.drawn, self.cluster, self.is_param = g, drawn, cluster, is_param
        self.rankdir = rankdir
        self.precision, self.show_locals = precision, show_locals
        self.order = [v for v in order if v in drawn]
        self.root = order[-1]
        self.ids = {v: f"v{i}" for i, v in enumerate(order) if v in drawn}
        self.scale = GradScale(v.grad for v in self.order)
        self.groups = self._leaf_groups() if group_leaves else {}
        self.grouped = {leaf for members in self.groups.values() for leaf in members}
        self.subgraphs: dict[str, graphviz.Digraph] = {}
        self.module_of_node: dict[str, str] = {}
        self.same_rank: list[str] = []
        self.edges: list[tuple[str, str, dict[str, str]]] = []
        self.seen = Seen(locals_=show_locals)
        crossing = [(v, p, loc) for v in self.order for p, loc in zip(v._prev, v._locals)
                    if self._between_modules(p, v)]
        self.top_passed = max((self._passed(*edge) for edge in crossing), default=0.0)

    def build(self) -> None:
        """Fill the graph: value tables and op nodes in clusters, then the edges."""
        for v in self.order:
            if v not in self.grouped:
                self._value(v)
            if v._prev:
                self._op(v)
        self._attach_clusters()
        # Edges into modules in index order: dot's ordering follows them, so neuron 0 is drawn on top.
        for tail, head, attrs in sorted(self.edges, key=lambda e: _index_key(self.module_of_node[e[1]])):
            self.g.edge(tail, head, **attrs)
        self.g.body.extend(self.same_rank)

    def _value(self, v: Value) -> None:
        where = self.cluster[v]
        self.seen.parameter |= self.is_param(v)
        rows = Rows(module=where, root=v is self.root)
        text = value_label([v], self.scale, self.precision, self.is_param, rows)
        self._node(where, self.ids[v], f"value {v.label or '(unlabelled)'!r}, data {number(v.data)}",
                   shape="plain", label=label(text))

    def _leaf_groups(self) -> dict[Value, list[Value]]:
        """For each n-ary node, its leaf parents drawn only there (a neuron's weights and bias)."""
        uses = Counter(p for v in self.order for p in v._prev)
        groups = {}
        for v in self.order:
            if len(v._prev) > 2:
                members = [p for p in v._prev if p in self.drawn and not p._prev and uses[p] == 1]
                if len(members) > 1:
                    groups[v] = members
        return groups

    def _between_modules(self, p: Value, v: Value) -> bool:
        """An edge from one module into another (layer to layer, inputs into a layer)."""
        return bool(self.cluster[v]) and self.cluster[p] != self.cluster[v] and p not in self.grouped

    @staticmethod
    def _passed(v: Value, p: Value, local: float) -> float:
        """|gradient| the edge p -> v passes back: |grad(v) · d v / d p|."""
        return magnitude(v.grad) * abs(float(local))

    def _op(self, v: Value) -> None:
        """The op node of ``v``, its operand edges, its grouped leaves and its stub of undrawn inputs."""
        vid, where = self.ids[v], self.cluster[v]
        members = self.groups.get(v, [])
        blocked = all(local == 0 for local in v._locals)
        self.seen.blocked_op |= blocked
        style = {"style": "dashed", "color": "grey50", "fontcolor": "grey35"} if blocked else {}
        self._node(where, f"{vid}op", f"op {op_symbol(v)!r} of {vid}",
                   label=label(op_label(v, bool(members), self.precision)), shape="ellipse", fontsize="10",
                   margin="0.05,0.02", height="0.3", **style)
        self.edges.append((f"{vid}op", vid, {}))
        factors = constant_factors(v)
        column = factors and len(set(factors)) > 1  # one shared factor is in the op's label
        self.seen.factors |= bool(factors)
        if members:
            picked = [i for i, p in enumerate(v._prev) if p in members]
            module = innermost_common(self.cluster[p] for p in members)
            rows = Rows(factors=[factors[i] for i in picked] if factors else (), module=module,
                        local_derivatives=[v._locals[i] for i in picked] if self.show_locals else ())
            self.seen.parameter |= any(map(self.is_param, members))
            self._node(module, f"{vid}in", f"the {len(members)} inputs of {vid}", shape="plain",
                       label=label(value_label(members, self.scale, self.precision, self.is_param, rows)))
            if self.rankdir in ("LR", "RL"):  # the table just below its op: a module adds no rank for it
                self.edges.append((f"{vid}in", f"{vid}op", {}))
                self.same_rank.append(f"\t{{rank=same; {vid}in; {vid}op}}\n")
            else:
                self.edges.append((f"{vid}in", f"{vid}op", {"label": f"×{len(members)}"}))
        for p, local in zip(v._prev, v._locals):
            if p in self.drawn and p not in self.grouped:
                attrs = {}
                if self.show_locals or column:
                    attrs["label"] = ("×" if factors else "") + number(local, self.precision)
                if self._between_modules(p, v):
                    self.seen.weighted_edges = True
                    attrs.update(edge_style(float(local), self._passed(v, p, local), self.top_passed))
                self.edges.append((self.ids[p], f"{vid}op", attrs))
        hidden = len({p for p in v._prev if p not in self.drawn} - folded_parents(v))
        if hidden:
            self._node(where, f"{vid}more", f"stub of {vid}",
                       label=label(f"⋯ {hidden} input{'s' * (hidden > 1)} not drawn"),
                       shape="plaintext", fontcolor="grey35", fontsize="10")
            self.edges.append((f"{vid}more", f"{vid}op", {"style": "dashed", "color": "grey50"}))

    def _node(self, where: str, name: str, what: str, **attrs: Any) -> None:
        self.g.described[name] = what
        self.module_of_node[name] = where
        self._subgraph(where).node(name, **attrs)

    def _subgraph(self, path: str) -> graphviz.Digraph:
        """The cluster of a module (numbered by first use), titled with its whole path; the graph for ''.

        Only the innermost modules (a neuron) get a box: nested boxes (a layer around its
        neurons) make ``dot`` stack the layers diagonally instead of side by side.
        """
        if not path:
            return self.g
        if path not in self.subgraphs:
            name = f"cluster_{len(self.subgraphs)}"
            self.subgraphs[path] = graphviz.Digraph(
                name=name, graph_attr={"label": label(html(path)), "style": "rounded", "color": "grey60",
                                       "fontcolor": "grey30", "fontsize": "10"})
            self.g.described[name] = f"module {path!r}"
        return self.subgraphs[path]

    def _attach_clusters(self) -> None:
        """Add the clusters in index order (layers.0.neurons.2 before layers.0.neurons.10)."""
        for path in sorted(self.subgraphs, key=_index_key):
            self.g.subgraph(self.subgraphs[path])


def _index_key(path: str) -> tuple:
    """Sort key reading the numbers in a module path as numbers (neurons.2 before neurons.10)."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in path.split("."))
