"""backward(): the grad_table sweep, its accumulation rules, and graphs deeper than the stack."""

import sys

import pytest

import autograd
from autograd import Value


def test_fan_out_sums_gradients():
    a = Value(3.0)
    (a + a).backward()
    assert a.grad == 2.0
    b = Value(3.0)
    (b * b).backward()
    assert b.grad == 6.0
    assert len((b * b)._prev) == 2  # x * x keeps both edges


def test_a_weight_shared_by_many_samples():
    w = Value(0.5)
    xs = [float(i) for i in range(100)]
    loss = autograd.sum([w * x for x in xs])
    loss.backward()
    assert w.grad == sum(xs)


def test_leaf_gradients_accumulate_until_zeroed():
    a = Value(2.0)
    for expected in (4.0, 8.0, 12.0):
        (a * a).backward()
        assert a.grad == expected
    autograd.zero_grad([a])
    (a * a).backward()
    assert a.grad == 4.0


def test_interior_gradients_describe_the_latest_pass():
    a = Value(2.0)
    b = a * 3.0
    c = b * b
    c.backward()
    c.backward()
    assert b.grad == 2 * b.data  # not accumulated: interior
    assert a.grad == 2 * 36.0  # leaf: accumulated over both passes


def test_backward_from_a_non_root_node():
    a = Value(2.0)
    b = a.exp()
    c = b * 5.0
    b.backward()
    assert b.grad == 1.0 and a.grad == pytest.approx(b.data)
    assert c.grad == 0.0  # c is downstream of b: untouched


def test_backward_of_a_leaf():
    a = Value(2.0)
    a.backward()
    a.backward()
    assert a.grad == 2.0


def test_topological_order_is_deterministic_and_complete():
    a, b = Value(1.0, label="a"), Value(2.0, label="b")
    c = a * b
    d = c + a
    e = d * c
    order = autograd.topological_order(e, leaves=True)
    assert len(order) == 5 and order[-1] is e
    position = {node: i for i, node in enumerate(order)}
    for node in order:
        assert all(position[p] < position[node] for p in node._prev)
    assert [id(n) for n in autograd.topological_order(e, leaves=True)] == [id(n) for n in order]
    assert autograd.topological_order(e) == [n for n in order if n._prev]


def test_million_node_chain_at_the_default_recursion_limit():
    assert sys.getrecursionlimit() <= 10_000
    x = Value(0.5)
    y = x
    for _ in range(1_000_000):
        y = -y
    y.backward()
    assert y.data == 0.5 and x.grad == 1.0
    del y  # freeing a deep chain must not overflow the C stack either


def test_error_in_the_middle_of_a_graph_does_not_corrupt_it():
    a = Value(1.0)
    b = a * 2.0
    with pytest.raises(autograd.DomainError):
        (b - 2.0).log()
    b.backward()
    assert a.grad == 2.0


def test_a_zero_gradient_passes_nothing_on_even_through_an_infinite_derivative():
    x = Value(0.0)
    dead = (x.sqrt() - 1.0).relu()  # relu at -1: its input gets gradient 0; sqrt'(0) = inf
    (dead + x).backward()
    assert x.grad == 1.0  # 0 * inf is not allowed to turn it into nan
    with autograd.detect_anomaly():
        x.grad = 0.0
        (dead + x).backward()
    assert x.grad == 1.0
