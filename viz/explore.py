"""``explore``: a page that steps through the forward and backward passes of a graph, in a browser.

The page shows the graph as ``draw_graph`` draws it (same node ids, colours, clusters and
``max_nodes`` cap) and one step at a time: the forward pass node by node with the local
derivatives each op records, then the grad_table sweep of ``backward()`` edge by edge,
``grad[x] += grad[v3] × ∂v3/∂x = 0 + 0.5 × -3 = -1.5``. Every number is recorded here
from the engine (:mod:`viz.steps`); the page's script only shows them.
"""

from __future__ import annotations

import os
from html import escape
from typing import Any

from autograd import Value, topological_order

from .formatting import check_precision
from .graph import draw_graph
from .page import Page, html_page
from .steps import Walk, display_names, record_walk
from .svgmarks import mark_svg

MAX_NODES = 150
"""Values drawn unless ``max_nodes`` is given: more cannot be followed step by step anyway."""


class Explorer(Page):
    """The backprop explorer page of one graph: ``save(path)``, or display it in a notebook.

    ``walk`` holds the recorded steps; ``values`` maps each drawn node id (``"v7"``) to its
    ``Value``. In the page, ``window.gradlab.explorer`` steps it from JavaScript.

    >>> from autograd import Value
    >>> import viz
    >>> e = viz.explore(Value(2.0, label="a") * Value(-3.0, label="b"))
    >>> e.walk.steps[0]["p"], len(e.values)
    ('f', 3)
    """

    height = 820

    def __init__(self, html: str, walk: Walk, values: dict[str, Value]) -> None:
        super().__init__(html)
        self.walk, self.values = walk, values

    @property
    def total(self) -> int:
        """How many steps the page has (forward, the seed ``grad[root] = 1``, updates and skips)."""
        return len(self.walk.steps)

    def __repr__(self) -> str:
        w = self.walk
        return (f"Explorer({len(self.values)} values drawn, {self.total} steps: {w.forward} forward, "
                f"1 seed, {w.updates} updates, {w.skips} skipped)")


def explore(root: Value, path: str | os.PathLike | None = None, **draw_options: Any) -> Explorer:
    """The backprop explorer of the graph below ``root``; also written to ``path`` when given.

    ``draw_options`` go to :func:`viz.draw_graph`; here ``max_nodes`` defaults to 150,
    ``group_leaves`` to False (each edge of a neuron's ``dot`` gets its own step) and
    ``legend`` to False (the page has a compact legend of its own).

    What it does to ``.grad``: it runs ``root.backward()`` itself, from zeroed gradients
    (the notes' grad_table starts at 0, where leaf gradients would otherwise accumulate),
    records that pass, checks the replayed steps against it, and then puts every ``.grad``
    of the graph back as it was. Call ``root.backward()`` yourself for the gradients.

    >>> from autograd import Value
    >>> import viz
    >>> a = Value(2.0, label="a")
    >>> page = viz.explore((a * a).tanh())  # viz.explore(loss, "out/explorer.html") also saves it
    >>> "window.gradlab" in page.html
    True
    """
    if not isinstance(root, Value):
        raise TypeError(f"explore takes a Value (the root of a graph), not {type(root).__name__}")
    options = {"max_nodes": MAX_NODES, "group_leaves": False, "legend": False, **draw_options}
    precision = check_precision(options.get("precision", 4))
    order = topological_order(root, leaves=True)
    saved = [(v, v.grad) for v in order]
    try:
        for v in order:
            v.grad = 0.0
        root.backward()  # drawn with the finished pass's colours, like draw_graph after backward()
        drawing = draw_graph(root, **options)
        node_ids = drawing.node_ids
        names = {node_ids[v]: name for v, name in display_names(order, node_ids).items() if v in node_ids}
        svg, edge_keys = mark_svg(drawing.pipe(format="svg", encoding="utf-8"), node_ids, names)
        walk = record_walk(root, node_ids, edge_keys, precision)
    finally:
        for v, grad in saved:
            v.grad = grad
    title = f"backprop explorer: {names.get(node_ids.get(root, ''), 'graph')}"
    explorer = Explorer(html_page(title, _body(title, svg, drawing.shown, drawing.total), walk.to_json(),
                                  ["page.css", "explorer.css"], ["explorer.js"]),
                        walk, {vid: v for v, vid in node_ids.items()})
    if path is not None:
        explorer.save(path)
    return explorer


def _body(title: str, svg: str, shown: int, total: int) -> str:
    capped = (f'<p class="gl-note">showing {shown} of {total} values (max_nodes); steps about the others '
              "are collapsed</p>") if shown < total else ""
    return f"""<div id="gl-app" class="gl-explorer">
<header><h1>{escape(title)}</h1><span id="gl-phase" class="gl-phase">forward</span>
<span id="gl-counter" class="gl-counter"></span></header>
<section class="gl-text" aria-live="polite"><div id="gl-t" class="gl-main"></div>
<div id="gl-s" class="gl-sub"></div></section>
<nav class="gl-controls">
<button id="gl-reset" title="reset (Home)">↺ reset</button>
<button id="gl-phase-start" title="start of this phase">⇤ phase</button>
<button id="gl-back" title="back (←)">◀ back</button>
<button id="gl-play" title="play / pause (space)">▶ play</button>
<button id="gl-step" title="step (→)">step ▶</button>
<button id="gl-phase-end" title="end of this phase">phase ⇥</button>
<label class="gl-speed">speed <input id="gl-speed" type="range" min="0" max="8" value="3"></label>
<input id="gl-scrub" class="gl-scrub" type="range" min="0" value="0" aria-label="step">
</nav>
<div class="gl-body"><div id="gl-graph" class="gl-graph">{capped}{svg}</div>
<aside id="gl-panel" class="gl-panel"><h2>grad_table</h2>
<table id="gl-table"><thead><tr><th>node</th><th>data</th><th>grad</th></tr></thead><tbody></tbody></table>
</aside></div>
<footer id="gl-legend" class="gl-legend"></footer>
</div>"""
