"""Issue #13: graphs pickle and deep-copy flat (no recursion, any depth), keep which nodes
are shared, and the copy back-propagates like the original, also with create_graph."""

import copy
import pickle

import pytest

import autograd
from autograd import Value

COPIERS = {"pickle": lambda obj: pickle.loads(pickle.dumps(obj)), "deepcopy": copy.deepcopy}


def graph():
    """A graph with every kind of op node: n-ary sum and dot (both kinds), a bound op
    (clamp), a constant leaf, an elementwise op using its output in its derivative."""
    x, w = Value(2.0, label="x"), Value(3.0, label="w")
    y = autograd.sum([x * x, autograd.dot([x, w], [w, 1.5], bias=0.5), 0.25, w.tanh()])
    z = autograd.dot([y, x], [0.5, -2.0]) + x.clamp(-1.0, 1.5) + y.sqrt()
    return x, w, z


@pytest.mark.parametrize("how", COPIERS)
def test_copy_backpropagates_like_the_original_also_with_create_graph(how):
    x, w, z = graph()
    x2, w2, z2 = COPIERS[how]((x, w, z))
    assert (x2.label, w2.label, z2.data) == ("x", "w", z.data)
    labelled = [v for v in autograd.topological_order(z2, leaves=True) if v.label]
    assert x2 is not x and set(labelled) == {x2, w2}  # shared nodes stay shared
    z.backward(create_graph=True)
    z2.backward(create_graph=True)
    assert (x2.grad.data, w2.grad.data) == (x.grad.data, w.grad.data)
    gx, gx2 = x.grad, x2.grad
    x.grad = w.grad = x2.grad = w2.grad = 0.0
    gx.backward()
    gx2.backward()
    assert (x2.grad, w2.grad) == (x.grad, w.grad)  # second derivatives through the copy


@pytest.mark.parametrize("how", COPIERS)
def test_copy_keeps_grads_including_gradient_graphs(how):
    x, w, z = graph()
    z.backward(create_graph=True)
    x2, w2, z2 = COPIERS[how]((x, w, z))
    assert isinstance(x2.grad, Value) and (x2.grad.data, z2.grad.data) == (x.grad.data, 1.0)
    gx, gx2 = x.grad, x2.grad
    x.grad = w.grad = x2.grad = w2.grad = 0.0
    gx.backward()
    gx2.backward()  # the copied gradient graph is live and reaches the copied leaves
    assert (x2.grad, w2.grad) == (x.grad, w.grad) and x.grad != 0.0


@pytest.mark.parametrize("how", COPIERS)
def test_a_chain_of_100k_nodes_copies_without_recursion(how):
    x = Value(1.0)
    y = x
    for _ in range(100_000):
        y = y * 1.0000001 + 0.0
    x2, y2 = COPIERS[how]((x, y))
    assert y2.data == y.data
    y2.backward()
    y.backward()
    assert x2.grad == x.grad


def test_leaf_pickles_small():
    """A leaf (a parameter) pickles as its fields: nothing about graphs is added."""
    v = Value(1.5, label="w")
    v.grad = 0.25
    v2 = pickle.loads(pickle.dumps(v))
    assert (v2.data, v2.grad, v2.label, v2._prev) == (1.5, 0.25, "w", ())
    assert len(pickle.dumps(v)) < 150
