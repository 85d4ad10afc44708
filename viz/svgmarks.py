"""Mark the parts of a drawing's SVG that the explorer page animates.

Graphviz names each SVG node group by a ``<title>`` holding the DOT node name (``v7``,
``v7op``, ``v7in`` for a table of grouped leaves) and each edge group by ``tail->head``;
edges are numbered in DOT order (``id="edge12"``), which for one consumer is its ``_prev``
order. From these this module adds ``data-*`` attributes the page's script looks up:

* ``data-v`` on a value's table and, with ``data-gl="data"|"grad"|"cell"``, on its data
  text, grad text and the cell backgrounds of its row (a grouped table has one row per leaf);
* ``data-op`` on an op node;
* ``data-edge`` on edges: ``v7:2`` carries parent 2 of ``v7``, ``v7:out`` joins the op to
  ``v7``, ``v7:in`` the grouped leaves, ``v7:more`` the stub of undrawn inputs.

It also writes each unlabelled value's name (``v7``) above its box, since the step texts
call it so. The result is SVG text to inline into HTML (no XML prologue).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Mapping

from autograd import Value

SVG = "http://www.w3.org/2000/svg"
_NS = {"s": SVG}
_NUMBERS = re.compile(r"-?\d+(?:\.\d+)?")


def mark_svg(svg: str, node_ids: Mapping[Value, str], names: Mapping[str, str] | None = None,
             ) -> tuple[str, dict[tuple[Value, int], str]]:
    """The marked SVG text and, for each drawn edge into an op, ``(node, parent position) -> edge key``."""
    ET.register_namespace("", SVG)
    ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    root = ET.fromstring(svg[svg.index("<svg"):])
    by_id = {vid: v for v, vid in node_ids.items()}
    nodes = {_title(g): g for g in root.iter(f"{{{SVG}}}g") if g.get("class") == "node"}
    for title, g in nodes.items():
        if title in by_id:
            g.set("data-v", title)
            _mark_rows(g, [title])
            if names is not None and names.get(title) == title:
                _name_badge(g, title)
        elif title.endswith("op") and title[:-2] in by_id:
            g.set("data-op", title[:-2])
        elif title.endswith("in") and title[:-2] in by_id:
            parents = by_id[title[:-2]]._prev
            members = [node_ids[p] for p in parents if p in node_ids and node_ids[p] not in nodes]
            g.set("data-v", " ".join(members))
            _mark_rows(g, members)
    edge_keys = _mark_edges(root, by_id, node_ids)
    return ET.tostring(root, encoding="unicode"), edge_keys


def _title(g: ET.Element) -> str:
    t = g.find("s:title", _NS)
    return (t.text or "") if t is not None else ""


def _mark_edges(root: ET.Element, by_id: Mapping[str, Value],
                node_ids: Mapping[Value, str]) -> dict[tuple[Value, int], str]:
    edges = [g for g in root.iter(f"{{{SVG}}}g") if g.get("class") == "edge"]
    edges.sort(key=lambda g: int(re.sub(r"\D", "", g.get("id", "")) or 0))  # DOT order
    keys: dict[tuple[Value, int], str] = {}
    seen: Counter[str] = Counter()
    for g in edges:
        tail, _, head = _title(g).partition("->")
        key = ""
        if head in by_id and tail == head + "op":
            key = f"{head}:out"
        elif head.endswith("op") and head[:-2] in by_id:
            child_id = head[:-2]
            child = by_id[child_id]
            if tail == child_id + "in":
                key = f"{child_id}:in"
                for i, p in enumerate(child._prev):
                    if p in node_ids and (child, i) not in keys:
                        keys.setdefault((child, i), key)
            elif tail == child_id + "more":
                key = f"{child_id}:more"
            elif tail in by_id:
                k = seen[tail + "->" + head]
                seen[tail + "->" + head] += 1
                positions = [i for i, p in enumerate(child._prev) if p is by_id[tail]]
                if k < len(positions):
                    key = f"{child_id}:{positions[k]}"
                    keys[child, positions[k]] = key
        if key:
            g.set("data-edge", key)
    return keys


def _mark_rows(g: ET.Element, members: list[str]) -> None:
    """Tag each data/grad text and filled cell with the value of its table row (rows by height)."""
    texts = [t for t in g.findall("s:text", _NS) if (t.text or "").startswith(("data ", "grad "))]
    rows = sorted({float(t.get("y", 0)) for t in texts if (t.text or "").startswith("data ")})
    if len(rows) != len(members):
        return  # not a table this module knows: leave it unanimated rather than guess
    def row_of(y: float) -> str:
        return members[min(range(len(rows)), key=lambda r: abs(rows[r] - y))]
    for t in texts:
        t.set("data-gl", "data" if (t.text or "").startswith("data ") else "grad")
        t.set("data-v", row_of(float(t.get("y", 0))))
    for poly in g.findall("s:polygon", _NS):
        if poly.get("fill", "none") not in ("none", "transparent") and poly.get("stroke") == "transparent":
            ys = [float(y) for y in _NUMBERS.findall(poly.get("points", ""))[1::2]]
            if ys:
                poly.set("data-gl", "cell")
                poly.set("data-v", row_of((min(ys) + max(ys)) / 2))


def _name_badge(g: ET.Element, name: str) -> None:
    """The value's name in small grey type just above the top-left corner of its box."""
    xs, ys = [], []
    for poly in g.findall("s:polygon", _NS):
        coords = [float(c) for c in _NUMBERS.findall(poly.get("points", ""))]
        xs += coords[0::2]
        ys += coords[1::2]
    if not xs:
        return
    badge = ET.SubElement(g, f"{{{SVG}}}text", {"x": f"{min(xs):.1f}", "y": f"{min(ys) - 2:.1f}",
                                                "class": "gl-name"})
    badge.text = name
