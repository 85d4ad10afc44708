"""``draw_network``: a multilayer perceptron at a glance, one node per neuron and one edge per weight.

The scalar graph of ``draw_graph`` shows every number, which is what a neuron or a small
network needs; for ``MLP(2, [16, 16, 1])`` it has ~900 values and no screen holds it.
This summary keeps what a reader looks for in a network: inputs, then each layer as a
column, neurons in index order top to bottom, and each weight an edge coloured by its
sign and as wide as its |grad| (or |weight|) — TensorFlow Playground's picture, with the
engine's gradients. Node fill is the bias's |grad|, on the same scale as ``draw_graph``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any

from autograd import Value

from .colors import EDGE_NEGATIVE, EDGE_POSITIVE, GradScale, edge_style, magnitude
from .drawing import GraphDrawing
from .formatting import check_precision, number
from .text import attr, html, label

_WEIGHT = re.compile(r"(?:(?P<path>.*)\.)?w\.(?P<k>\d+)")
_BIAS = re.compile(r"(?:(?P<path>.*)\.)?b")
_INDEX = {key: re.compile(rf"(?:^|\.){key}\.(\d+)(?:\.|$)") for key in ("layers", "neurons")}
WIDTHS = ("grad", "data")


class _Neuron:
    __slots__ = ("bias", "weights")

    def __init__(self) -> None:
        self.weights: dict[int, tuple[str, Value]] = {}
        self.bias: tuple[str, Value] | None = None


def named_parameters(model: Any) -> list[tuple[str, Value]]:
    """``(name, Value)`` pairs from a module (``named_parameters()``) or from labelled Values."""
    if hasattr(model, "named_parameters"):
        return list(model.named_parameters())
    if isinstance(model, Value) or not isinstance(model, Iterable):
        raise TypeError("draw_network takes a model (with named_parameters(), e.g. nn.MLP) or its labelled "
                        f"parameters, not {type(model).__name__}; draw a Value's graph with draw_graph")
    values = list(model)
    bad = next((v for v in values if not isinstance(v, Value)), None)
    if bad is not None:
        raise TypeError(f"draw_network: parameters must be Values, not {type(bad).__name__}")
    return [(v.label, v) for v in values]


def layout(named: list[tuple[str, Value]]) -> list[list[_Neuron]]:
    """Layers of neurons from ``nn``'s names (``layers.<i>.neurons.<j>.w.<k>``, ``...b``), by index."""
    table: dict[int, dict[int, _Neuron]] = {}
    for name, v in named:
        weight, bias = _WEIGHT.fullmatch(name), _BIAS.fullmatch(name)
        match = weight or bias
        if match is None:
            raise ValueError(f"draw_network: cannot place parameter {name!r}: expected nn's names "
                             "'layers.<i>.neurons.<j>.w.<k>' and 'layers.<i>.neurons.<j>.b'")
        path = match.group("path") or ""
        i, j = (int(m.group(1)) if (m := _INDEX[key].search(path)) else 0 for key in ("layers", "neurons"))
        neuron = table.setdefault(i, {}).setdefault(j, _Neuron())
        if weight:
            neuron.weights[int(weight.group("k"))] = (name, v)
        else:
            neuron.bias = (name, v)
    if not table:
        raise ValueError("draw_network: the model has no parameters to draw")
    return [[table[i][j] for j in sorted(table[i])] for i in sorted(table)]


def draw_network(model: Any, width: str = "grad", precision: int = 3) -> GraphDrawing:
    """One node per neuron, one edge per weight, coloured by sign, as wide as |grad| (or |weight|).

    ``model`` is an ``nn`` module (``MLP``, ``Layer``, ``Neuron``) or its labelled parameters.
    Edges carry a tooltip with the weight's name, value and gradient (hover in an SVG viewer).

    >>> from nn import MLP
    >>> g = draw_network(MLP(2, [3, 1], seed=0))
    >>> g.source.count("edgetooltip=")  # an edge per weight: 2·3 + 3·1
    9
    """
    if width not in WIDTHS:
        raise ValueError(f"width must be one of {', '.join(map(repr, WIDTHS))}, not {width!r}")
    precision = check_precision(precision)
    layers = layout(named_parameters(model))
    everything = [v for layer in layers for n in layer
                  for _, v in [*n.weights.values(), *([n.bias] if n.bias else [])]]
    scale = GradScale(v.grad for v in everything)
    measure = (lambda v: magnitude(v.grad)) if width == "grad" else (lambda v: abs(v.data))
    weights = [v for layer in layers for n in layer for _, v in n.weights.values()]
    top = max((m for v in weights if math.isfinite(m := measure(v))), default=0.0)  # the widest edge
    g = GraphDrawing(name="network", graph_attr={
        "rankdir": "LR", "splines": "line", "nodesep": "0.06", "ranksep": "2.4", "newrank": "true",
        "mclimit": "0.01", "fontname": "Helvetica", "fontsize": "10", "labelloc": "t", "labeljust": "l"},
        node_attr={"fontname": "Helvetica", "fontsize": "9", "shape": "plain"},
        edge_attr={"arrowhead": "none"})
    g.shown = g.total = len(everything)
    nin = 1 + max((k for n in layers[0] for k in n.weights), default=-1)
    inputs = [f"x{k}" for k in range(nin)]
    box = {"color": "grey80", "style": "rounded"}
    with g.subgraph(name="cluster_inputs", graph_attr={"label": "inputs", **box}) as c:
        for name in inputs:
            c.node(name, label=label(f'<table border="1" cellborder="0" cellpadding="4" style="rounded">'
                                     f"<tr><td>{name}</td></tr></table>"))
            g.described[name] = f"input {name}"
    _chain(g, inputs)
    previous = inputs
    for i, layer in enumerate(layers):
        ids = [f"l{i}n{j}" for j in range(len(layer))]
        act = _activation(model, i)
        title = f"layer {i}: {len(layer)} neuron{'s' * (len(layer) > 1)}" + (f", {act}" if act else "")
        with g.subgraph(name=f"cluster_l{i}", graph_attr={"label": label(html(title)), "color": "grey80",
                                                          "style": "rounded"}) as c:
            for j, (node, neuron) in enumerate(zip(ids, layer)):
                c.node(node, label=label(_neuron_label(j, neuron, scale, precision)))
                g.described[node] = f"neuron {j} of layer {i}"
        _chain(g, ids)
        for node, neuron in zip(ids, layer):
            for k, (name, w) in sorted(neuron.weights.items()):
                if k >= len(previous):
                    raise ValueError(f"draw_network: {name} reads input {k}, but the layer before has "
                                     f"{len(previous)} output{'s' * (len(previous) != 1)}")
                style = edge_style(w.data, measure(w), top)
                tip = f"{name} = {number(w.data, precision)}, grad {number(w.grad, precision)}"
                g.edge(previous[k], node, tooltip=attr(tip), edgetooltip=attr(tip), **style)
        previous = ids
    key = (f'weights: <font color="{EDGE_POSITIVE}">▬ &gt; 0</font>  '
           f'<font color="{EDGE_NEGATIVE}">▬ &lt; 0</font>; '
           f"edge width: |{'grad' if width == 'grad' else 'weight'}| (widest {number(top, precision)}); "
           "neuron fill: |grad| of its bias; hover an edge for its numbers")
    g.attr(label=label(key))
    return g


def _neuron_label(j: int, neuron: _Neuron, scale: GradScale, precision: int) -> str:
    text = f"<b>{j}</b>"
    fill = ""
    if neuron.bias is not None:
        b = neuron.bias[1]
        text += f" b {number(b.data, precision)}"
        fill = scale.fill(b.grad)
    bg = f' bgcolor="{fill}"' if fill else ""
    return (f'<table border="1" cellborder="0" cellpadding="2" style="rounded">'
            f"<tr><td{bg}>{text}</td></tr></table>")


def _chain(g: GraphDrawing, ids: list[str]) -> None:
    """Keep a column in index order, top to bottom: invisible edges within one rank (a flat edge
    puts its head above its tail when ``rankdir=LR``, hence the reversed chain)."""
    if len(ids) > 1:
        g.body.append(f"\t{{rank=same; {' -> '.join(reversed(ids))} [style=invis]}}\n")


def _activation(model: Any, i: int) -> str:
    """The activation of layer ``i`` when the model says (``nn.MLP``'s layers have ``.activation``)."""
    layers = getattr(model, "layers", None)
    try:
        return str(layers[i].activation) if layers is not None else str(getattr(model, "activation", ""))
    except (IndexError, TypeError, AttributeError):
        return ""
