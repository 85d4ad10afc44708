"""Issue #13, memory: nothing a backward pass, create_graph or anomaly mode leaves behind
keeps the nodes of past steps alive — checked with the cyclic collector off (what stays
alive then is held by a reference cycle or by a reference that should not exist)."""

import gc
import tracemalloc
import weakref

import pytest

import autograd
import nn
from autograd import Value


class CollectorOff:
    def __enter__(self):
        gc.collect()
        gc.disable()

    def __exit__(self, *exc):
        gc.enable()


def chain(x, w, n=50):
    y = x
    for _ in range(n):
        y = (y * w).tanh() + x
    return y


def interior_refs(root):
    return [weakref.ref(v) for v in autograd.topological_order(root)]


def test_create_graph_interior_grads_do_not_keep_their_nodes_alive():
    """An interior node's gradient is its number as a Value: it does not refer back to the
    node (no cycle), so dropping the graph frees it without the collector."""
    x, w = Value(0.3), Value(0.9)
    with CollectorOff():
        y = chain(x, w)
        y.backward(create_graph=True)
        refs = interior_refs(y)
        assert all(not r().grad._prev for r in refs)  # numbers as leaves
        autograd.zero_grad([x, w])  # a leaf's gradient graph refers to the leaf (as in torch)
        del y
        assert [r for r in refs if r() is not None] == []


def test_create_graph_keeps_second_order_through_the_leaves():
    x, w = Value(0.3), Value(0.9)
    y = chain(x, w, 3)
    y.backward(create_graph=True)
    gx = x.grad
    x.grad = w.grad = 0.0
    gx.backward()
    h = 1e-6
    d2 = (_grad_x(0.3 + h) - _grad_x(0.3 - h)) / (2 * h)
    assert x.grad == pytest.approx(d2, rel=1e-6)


def _grad_x(a):
    x = Value(a)
    chain(x, Value(0.9), 3).backward()
    return x.grad


def test_anomaly_mode_does_not_keep_past_steps_alive():
    model = nn.MLP(2, [4, 1], seed=0)
    with CollectorOff(), autograd.detect_anomaly():
        loss = (model([0.5, -1.0]) - 1.0) ** 2
        loss.backward()
        refs = interior_refs(loss)
        model.zero_grad()
        del loss
        assert [r for r in refs if r() is not None] == []


def grown(step, steps, warmup=200):
    """Bytes held after ``2 * steps`` calls of ``step`` minus those held after ``steps`` calls
    (after ``warmup`` calls): what a leak adds per step, free of one-off caches and the
    last step's own graph."""
    for _ in range(warmup):
        step()
    tracemalloc.start()
    try:
        for _ in range(steps):
            step()
        half = tracemalloc.get_traced_memory()[0]
        for _ in range(steps):
            step()
        return tracemalloc.get_traced_memory()[0] - half
    finally:
        tracemalloc.stop()


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["plain", "create_graph", "anomaly"])
def test_memory_is_flat_over_2000_training_steps(mode):
    """2 × 1,000 SGD steps of a small MLP, collector off: what is held does not grow with the
    number of steps (a leak of one node per step would be 1000 × ~100 bytes)."""
    model = nn.MLP(2, [4, 1], seed=0)
    opt = nn.optim.SGD(model.parameters(), lr=0.01)
    data = [([0.5, -1.0], 1.0), ([-0.2, 0.3], -1.0)]

    def step():
        for x, t in data:
            model.zero_grad()
            loss = (model(x) - t) ** 2
            loss.backward(create_graph=(mode == "create_graph"))
            if mode == "create_graph":
                for p in model.parameters():
                    p.grad = getattr(p.grad, "data", p.grad)
            opt.step()

    with CollectorOff():
        if mode == "anomaly":
            with autograd.detect_anomaly():
                held = grown(step, 1000)
        else:
            held = grown(step, 1000)
    assert held < 20_000, f"{held} more bytes held after 2000 steps than after 1000 ({mode})"
