"""``draw_graph``: a ``Value`` graph as a Graphviz drawing, ready for SVG or a notebook.

One table per ``Value`` (label, data, grad), one small node per op, edges in the forward
direction, one edge per operand (``x * x`` has two). Node ids follow the deterministic
topological order, so the same graph always gives the same DOT text.
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import graphviz

from autograd import Value, topological_order

from .cap import check_max_nodes, left_out_note, nearest
from .clusters import assign_clusters, innermost_common, nesting
from .colors import GradScale
from .drawing import GraphDrawing
from .formatting import check_precision, number
from .labels import legend_label, value_label

RANKDIRS = ("LR", "TB", "RL", "BT")
LARGE = 1000
"""Drawing more values than this without ``max_nodes`` warns: the picture gets big and slow to lay out."""


def draw_graph(root: Value, max_nodes: int | None = None, rankdir: str = "LR", precision: int = 4,
               show_locals: bool = False, group_leaves: bool = True, legend: bool = True) -> GraphDrawing:
    """Draw the graph below ``root``: values coloured by |grad|, parameters highlighted, modules clustered.

    ``max_nodes`` keeps the values nearest ``root`` and notes what was left out;
    ``rankdir="TB"`` lays it out top-down; ``precision`` is significant digits;
    ``show_locals`` prints each edge's local derivative; ``group_leaves`` draws the
    single-use leaf inputs of an n-ary node (a neuron's weights) as one table.

    >>> from autograd import Value
    >>> import viz
    >>> a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    >>> loss = (a * b + a).tanh()
    >>> loss.backward()
    >>> g = viz.draw_graph(loss)  # in a notebook, the picture; here its DOT text
    >>> g.source.count("label=<") >= 5, g.pipe(format="svg").startswith(b"<?xml")
    (True, True)
    """
    if not isinstance(root, Value):
        raise TypeError(f"draw_graph takes a Value (the root of a graph), not {type(root).__name__}")
    if rankdir not in RANKDIRS:
        raise ValueError(f"rankdir must be one of {', '.join(RANKDIRS)}, not {rankdir!r}")
    precision, max_nodes = check_precision(precision), check_max_nodes(max_nodes)
    order = topological_order(root, leaves=True)
    if max_nodes is None and len(order) > LARGE:
        warnings.warn(f"draw_graph: drawing all {len(order)} values makes a large picture, slow to lay out; "
                      "pass max_nodes (say 100) to draw those nearest the root", stacklevel=2)
    drawn = set(order) if max_nodes is None or max_nodes >= len(order) else nearest(root, max_nodes)
    cluster = assign_clusters(order)
    g = GraphDrawing(name="value_graph", graph_attr={"rankdir": rankdir, "fontname": "Helvetica"},
                     node_attr={"fontname": "Helvetica", "fontsize": "11"},
                     edge_attr={"fontname": "Helvetica", "fontsize": "9", "arrowsize": "0.7"})
    g.shown, g.total = len(drawn), len(order)
    if len(drawn) < len(order):
        g.attr(label=left_out_note(order, drawn, cluster), labelloc="t", fontsize="12")
    _Builder(g, order, drawn, cluster, precision, show_locals, group_leaves).build(legend)
    return g


class _Builder:
    """Writes the nodes into their clusters and the edges into the graph, in topological order."""

    def __init__(self, g: GraphDrawing, order: Sequence[Value], drawn: set[Value],
                 cluster: Mapping[Value, str], precision: int, show_locals: bool, group_leaves: bool) -> None:
        self.g, self.drawn, self.cluster = g, drawn, cluster
        self.precision, self.show_locals = precision, show_locals
        self.order = [v for v in order if v in drawn]
        self.ids = {v: f"v{i}" for i, v in enumerate(order) if v in drawn}
        self.scale = GradScale(v.grad for v in self.order)
        self.groups = self._leaf_groups() if group_leaves else {}
        self.grouped = {leaf for members in self.groups.values() for leaf in members}
        self.subgraphs: dict[str, graphviz.Digraph] = {}
        self.edges: list[tuple[str, str, dict[str, str]]] = []

    def build(self, legend: bool) -> None:
        """Fill the graph: value tables and op nodes in clusters, then the edges, then the legend."""
        for v in self.order:
            if v not in self.grouped:
                where = self.cluster[v]
                self._node(where, self.ids[v], shape="plain",
                           label=value_label([v], self.scale, self.precision, module=where))
            if v._prev:
                self._op(v)
        self._attach_clusters()
        for tail, head, attrs in self.edges:
            self.g.edge(tail, head, **attrs)
        if legend:
            self.g.node("legend", label=legend_label(self.scale, self.precision, self.show_locals),
                        shape="plain", fontsize="9")

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

    def _op(self, v: Value) -> None:
        """The op node of ``v``, its operand edges, its grouped leaves and its stub of undrawn inputs."""
        vid, where = self.ids[v], self.cluster[v]
        op = f"{v._op} ({len(v._prev)})" if len(v._prev) > 2 else str(v._op)
        blocked = all(local == 0 for local in v._locals)
        style = {"style": "dashed", "color": "grey50", "fontcolor": "grey35"} if blocked else {}
        self._node(where, f"{vid}op", label=graphviz.nohtml(op), shape="ellipse", fontsize="10",
                   margin="0.05,0.02", height="0.3", **style)
        self.edges.append((f"{vid}op", vid, {}))
        members = self.groups.get(v, [])
        if members:
            locs = [loc for p, loc in zip(v._prev, v._locals) if p in members] if self.show_locals else []
            module = innermost_common(self.cluster[p] for p in members)
            self._node(module, f"{vid}in", shape="plain",
                       label=value_label(members, self.scale, self.precision, locs, module))
            self.edges.append((f"{vid}in", f"{vid}op", {"label": f"×{len(members)}"}))
        for p, local in zip(v._prev, v._locals):
            if p in self.drawn and p not in self.grouped:
                label = {"label": number(local, self.precision)} if self.show_locals else {}
                self.edges.append((self.ids[p], f"{vid}op", label))
        hidden = len({p for p in v._prev if p not in self.drawn})
        if hidden:
            self._node(where, f"{vid}more", label=f"⋯ {hidden} input{'s' * (hidden > 1)} not drawn",
                       shape="plaintext", fontcolor="grey35", fontsize="10")
            self.edges.append((f"{vid}more", f"{vid}op", {"style": "dashed", "color": "grey50"}))

    def _node(self, where: str, name: str, **attrs: Any) -> None:
        self._subgraph(where).node(name, **attrs)

    def _subgraph(self, path: str) -> graphviz.Digraph:
        """The cluster for a module path (outer ones first, numbered by first use); the graph for ''."""
        if not path:
            return self.g
        outer = ""
        for inner in nesting(path):
            if inner not in self.subgraphs:
                title = inner[len(outer) + 1:] if outer else inner
                self.subgraphs[inner] = graphviz.Digraph(
                    name=f"cluster_{len(self.subgraphs)}",
                    graph_attr={"label": graphviz.nohtml(title), "style": "rounded", "color": "grey60",
                                "fontcolor": "grey30", "fontsize": "10"})
            outer = inner
        return self.subgraphs[path]

    def _attach_clusters(self) -> None:
        """Nest each cluster in its parent, innermost first (subgraph() copies the body)."""
        for path in sorted(self.subgraphs, key=lambda p: -len(nesting(p))):
            outer = nesting(path)[:-1]
            (self.subgraphs[outer[-1]] if outer else self.g).subgraph(self.subgraphs[path])
