"""``viz.explore``: the recorded steps are the engine's own, the page is one safe file (no browser here)."""

import math
import re

import pytest

import autograd
import viz
from autograd import Value, topological_order
from nn import MLP, hinge_loss
from viz.explore import MAX_NODES
from viz.opinfo import derivative_rules

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


def notes_neuron():
    x1, x2 = Value(2.0, label="x1"), Value(-1.0, label="x2")
    w1, w2, b = Value(0.5, label="w1"), Value(-0.5, label="w2"), Value(-0.9, label="b")
    return ((w1 * x1 + w2 * x2 + b).tanh() - Value(0.5, label="y")) ** 2


def fan_out():
    """The notes' f(x, y) = x·e^(x²+y²): x feeds three edges."""
    x, y = Value(0.5, label="x"), Value(-0.3, label="y")
    return x * (x * x + y * y).exp()


def dead_relu():
    """A relu at a negative input: its parent's gradient is exactly 0, so backward skips that parent."""
    a, b = Value(1.5, label="a"), Value(-2.0, label="b")
    return (a * b).relu() * 3.0 + a


def engine_counts(root):
    """Updates and skips of the engine's sweep, counted from a real backward()."""
    root.backward()
    order = topological_order(root)
    updates = sum(len(n._prev) for n in order if n.grad != 0.0)
    return updates, sum(n.grad == 0.0 for n in order)


@pytest.mark.parametrize("build", [notes_neuron, fan_out, dead_relu])
def test_step_count_is_values_plus_seed_plus_updates_and_skips(build):
    root = build()
    e = viz.explore(root)
    updates, skips = engine_counts(build())
    n_values = len(topological_order(root, leaves=True))
    assert (e.walk.updates, e.walk.skips) == (updates, skips)
    assert e.total == n_values + 1 + updates + skips
    assert [s["p"] for s in e.walk.steps] == ["f"] * n_values + ["b"] * (1 + updates + skips)


@pytest.mark.parametrize("build", [notes_neuron, fan_out, dead_relu])
def test_recorded_numbers_are_the_engines(build):
    root = build()
    e = viz.explore(root)
    root.backward()
    for vid, v in e.values.items():
        assert e.walk.data[vid] == v.data and e.walk.grad[vid] == v.grad


def test_forward_and_backward_texts_show_the_arithmetic():
    e = viz.explore(fan_out())
    texts = [(s["t"], s["s"]) for s in e.walk.steps]
    assert any(re.fullmatch(r"v\d+ = exp\(v\d+\) = exp\(0\.34\) = 1\.405", t) for t, _ in texts)
    assert any("∂" in s and "= 1.405" in s for t, s in texts if t.startswith("v") and "exp" in t)
    assert texts[len(topological_order(fan_out(), leaves=True))][0].startswith("grad[v")  # the seed
    x_terms = [t for t, _ in texts if t.startswith("grad[x] +=")]
    assert len(x_terms) == 3  # x feeds three edges: three += on the same entry
    assert x_terms[1].startswith("grad[x] += grad[") and " = 1.405 + " in x_terms[1]
    assert any("fan-out" in s for t, s in texts if t.startswith("grad[x] +="))


def test_a_zero_gradient_node_is_shown_skipped_with_the_reason():
    e = viz.explore(dead_relu())
    skipped = [s for s in e.walk.steps if s.get("skip")]
    assert len(skipped) == 1
    assert skipped[0]["t"].startswith("skip v") and "grad" in skipped[0]["t"] and "skips" in skipped[0]["s"]


def test_grads_are_put_back_as_they_were():
    root = notes_neuron()
    root.backward()
    root.backward()  # leaves accumulated twice
    before = {v: v.grad for v in topological_order(root, leaves=True)}
    viz.explore(root)
    assert {v: v.grad for v in topological_order(root, leaves=True)} == before


def test_a_leaf_root_has_one_forward_step_and_the_seed():
    e = viz.explore(Value(3.0, label="x"))
    assert e.total == 2 and e.walk.grad == {"v0": 1.0} and e.walk.steps[1]["t"] == "grad[x] = 1"


def test_labels_with_html_are_escaped_everywhere():
    evil = '</script><img src=x onerror="alert(1)">&\'"'
    a = Value(2.0, label=evil)
    e = viz.explore((a * a).tanh())
    assert "</script><img" not in e.html and "<img src=x" not in e.html
    assert e.html.count("<script") == 2  # the data and the code, nothing injected
    assert evil in e.walk.names.values()


def test_non_finite_values_record_and_encode():
    x = Value(float("inf"), label="x")
    y = (x * 0.0) + Value(float("nan"), label="n")  # inf·0 = nan
    e = viz.explore(y)
    data = e.walk.to_json()["data"]
    assert sorted(map(str, data.values())).count("nan") == 3 and "inf" in data.values()
    assert any(s["t"].endswith("= nan") for s in e.walk.steps)  # the forward step of inf × 0


def test_page_is_one_file_with_nothing_to_fetch(tmp_path):
    viz.explore(notes_neuron(), tmp_path / "sub" / "e.html")
    html = (tmp_path / "sub" / "e.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "Content-Security-Policy" in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", html)
    assert "<link" not in html and "@import" not in html


def test_notebook_display_is_an_iframe_with_the_page():
    e = viz.explore(notes_neuron())
    html = e._repr_html_()
    assert html.startswith("<iframe srcdoc=") and "&lt;!DOCTYPE html&gt;" in html
    assert 'sandbox="allow-scripts"' in html


def test_a_whole_mlp_loss_is_capped_and_small():
    model = MLP(2, [16, 16, 1], seed=0)
    X = [[0.1 * i, -0.2 * i] for i in range(20)]
    loss = hinge_loss([model(x) for x in X], [1.0 if i % 2 else -1.0 for i in range(20)])
    e = viz.explore(loss)
    assert MAX_NODES - 10 <= len(e.values) <= MAX_NODES  # constants folded into their ops are not drawn
    assert "left out" in e.html and "not drawn" in e.html
    assert len(e.html.encode()) <= 2_000_000
    assert any(s["n"] is None and "not drawn" in s["t"] for s in e.walk.steps)
    loss.backward()
    assert all(e.walk.grad[vid] == v.grad for vid, v in e.values.items())


def test_explore_rejects_what_is_not_a_value():
    with pytest.raises(TypeError, match="explore takes a Value"):
        viz.explore(3.0)


def test_derivative_rules_read_like_the_op_table():
    x = Value(0.5)
    t = x.tanh()
    assert derivative_rules(t, ["x"], "t") == ["1 - t·t"]
    assert derivative_rules(x * Value(2.0), ["a", "b"], "p") == ["b", "a"]
    assert derivative_rules(x.relu(), ["x"], "r") == ["[x > 0]"]
    assert derivative_rules(autograd.sum([x, x, x]), ["x"] * 3, "s") == [None] * 3
    assert math.isfinite(t.data)
