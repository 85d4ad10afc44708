"""viz.draw_network: one node per neuron, one edge per weight, layers as columns in index order."""

from __future__ import annotations

import re
import shutil

import pytest

import nn
import viz
from autograd import Value
from viz.colors import EDGE_NEGATIVE, EDGE_POSITIVE

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")


def trained_like(sizes=(4, 3, 1)) -> nn.MLP:
    model = nn.MLP(2, list(sizes), seed=0)
    X, labels = nn.make_moons(20, noise=0.1, seed=1)
    nn.hinge_loss([model(x) for x in X], [2.0 * t - 1.0 for t in labels]).backward()
    return model


def test_one_edge_per_weight_coloured_by_sign_and_one_node_per_neuron():
    model = trained_like()
    src = viz.draw_network(model).source
    weights = [(name, p) for name, p in model.named_parameters() if ".w." in name]
    edges = re.findall(r"^\t(\w+) -> (\w+) \[([^\]]*)\]", src, re.M)
    real = [e for e in edges if "invis" not in e[2]]
    assert len(real) == len(weights) == 2 * 4 + 4 * 3 + 3
    for (name, w), (tail, head, attrs) in zip(weights, real):
        i, j, k = (int(n) for n in re.findall(r"\d+", name))
        assert head == f"l{i}n{j}" and tail == (f"x{k}" if i == 0 else f"l{i - 1}n{k}")
        assert (EDGE_POSITIVE if w.data >= 0 else EDGE_NEGATIVE) in attrs and name in attrs  # tooltip
    assert "layer 0: 4 neurons, relu" in src and "layer 2: 1 neuron, linear" in src


def test_edge_width_follows_the_gradient_or_the_weight():
    model = trained_like()
    widths = [float(w) for w in re.findall(r"penwidth=([\d.]+)", viz.draw_network(model).source)]
    grads = [abs(p.grad) for name, p in model.named_parameters() if ".w." in name]
    widest = max(range(len(grads)), key=grads.__getitem__)
    assert widths[widest] == max(widths) == 3.0
    model.zero_grad()
    by_data = viz.draw_network(model, width="data").source
    assert "|weight|" in by_data and "penwidth=3.00" in by_data
    with pytest.raises(ValueError, match="width"):
        viz.draw_network(model, width="size")


def test_labelled_parameters_and_bad_input():
    layer = [Value(0.5, label="neurons.0.w.0"), Value(-0.5, label="neurons.1.w.0"),
             Value(0.1, label="neurons.0.b")]
    assert viz.draw_network(layer).source.count("->") == 2 + 1  # two weights, one invisible order edge
    with pytest.raises(ValueError, match="cannot place parameter 'x'"):
        viz.draw_network([Value(1.0, label="x")])
    with pytest.raises(TypeError, match="draw_graph"):
        viz.draw_network(Value(1.0))
    with pytest.raises(ValueError, match="no parameters"):
        viz.draw_network([])


@needs_dot
def test_neurons_are_drawn_in_index_order_top_to_bottom_and_fit_a_laptop_screen():
    model = trained_like((16, 16, 1))
    g = viz.draw_network(model)
    svg = g.pipe(format="svg").decode()
    for layer in ("l0", "l1"):
        found = re.findall(rf"<title>{layer}n(\d+)</title>.*?<text[^>]*y=\"([-\d.]+)\"", svg, re.S)
        assert [int(j) for j, _ in sorted(found, key=lambda t: float(t[1]))] == list(range(16))
    png = g.pipe(format="png")
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert width <= 1400 and height <= 800
