"""Every node's op evaluates back to the node: ``op.evaluate(parents' numbers, stored locals)``
gives the node's own number and local derivatives, for every kind of op a node can have —
n-ary sums and dots (both sides nodes, one side constant, with and without a bias, from
``dot`` and from ``affine``), primitives, bound primitives and custom ops.

A dot with a constant side keeps its constants in the node (its local derivatives), not in
its op: interpretations that apply the op to operands alone cannot know them, and say so
instead of computing a wrong number.
"""

import pytest
from hypothesis import given
from hypothesis import strategies as st

import autograd
from autograd import Dual, Value, affine, custom_op, dot
from autograd.core.nary import DOT, Dot
from autograd.core.primitive import FLOAT, apply

finite = st.floats(-1e3, 1e3, allow_nan=False)


@custom_op(derivative=lambda x, out: 2 * x)
def square(x):
    return x * x


def nodes(a, b, c):
    """One node of every kind of op, built from leaves with the numbers a, b, c."""
    x, y, z = Value(a), Value(b), Value(c)
    (row_consts,), (row_nodes,) = affine([[x, y]], [z], [[b, c]]), affine([[x, y]], [z], [[y, x]])
    return {
        "sum": autograd.sum([x, y, 0.5]),
        "dot, constant side": dot([x, y], [b, 3.0]),
        "dot, constant side and bias": dot([2.0, c], [x, y], bias=z),
        "dot, constant side and numeric bias": dot([x], [a], bias=1.5),
        "dot, both sides nodes": dot([x, y], [y, z]),
        "dot, both sides nodes and bias": dot([x, y], [z, x], bias=y),
        "dot, mixed side": dot([x, 2.0], [y, z]),
        "affine, rows of numbers": row_consts[0],
        "affine, rows of nodes": row_nodes[0],
        "unary": x.tanh(),
        "binary": x * y,
        "bound": x ** 3,
        "bound with a parameter": x.leaky_relu(0.2),
        "custom op": square(x),
    }


KINDS = list(nodes(1.0, 2.0, 3.0))


@pytest.mark.parametrize("kind", KINDS)
@given(a=finite, b=finite, c=finite)
def test_every_node_evaluates_back_to_its_number_and_locals(kind, a, b, c):
    node = nodes(a, b, c)[kind]
    out, locs = node._prim.evaluate([p.data for p in node._prev], node._locals)
    assert out == node.data
    assert locs == node._locals


@given(a=finite, b=finite, c=finite)
def test_dot_with_a_constant_side_evaluates_with_its_constants(a, b, c):
    """The constants are the node's stored locals: Σ c_i x_i (+ bias), not Σ x_i."""
    node = dot([Value(a), Value(b)], [c, 3.0], bias=Value(1.0))
    assert node._prim is DOT
    out, locs = DOT.evaluate([a, b, 1.0], node._locals)
    assert out == a * c + b * 3.0 + 1.0 == node.data
    assert locs == (c, 3.0, 1.0)
    assert DOT.derivatives(FLOAT, [a, b, 1.0], out, node._locals) == locs


ASKED_WITHOUT_STORED = {
    "evaluate": lambda: DOT.evaluate([1.0, 2.0]),
    "derivatives": lambda: DOT.derivatives(FLOAT, [1.0, 2.0], 3.0),
    "forward_terms": lambda: DOT.forward_terms(FLOAT, [1.0, 2.0]),
    "apply on floats": lambda: apply(DOT, [1.0, 2.0]),
    "apply on Values": lambda: apply(DOT, [Value(1.0), Value(2.0)]),
    "apply on duals (jvp)": lambda: apply(DOT, [Dual(1.0, 1.0), 2.0]),
}


@pytest.mark.parametrize("how", ASKED_WITHOUT_STORED)
def test_dot_with_a_constant_side_without_its_constants_is_a_clear_error(how):
    """Every interpretation that asks the op alone (no node, so no constants) refuses, naming why."""
    with pytest.raises(TypeError, match="dot with a constant side keeps its constant factors in the node"):
        ASKED_WITHOUT_STORED[how]()


def test_dot_ops_of_node_pairs_need_no_stored_constants():
    """With both sides nodes everything is an operand: applied to floats, Values and duals alike."""
    op = Dot(2)
    xs = [1.0, 2.0, 3.0, 4.0, 0.5]  # w1 w2 x1 x2 bias
    assert apply(op, xs) == 1.0 * 3.0 + 2.0 * 4.0 + 0.5
    node = apply(op, [Value(x) for x in xs])
    assert node.data == 11.5 and node._locals == (3.0, 4.0, 1.0, 2.0, 1.0)
    dual = apply(op, [Dual(1.0, 1.0), *xs[1:]])  # d/dw1 = x1
    assert (dual.primal, dual.tangent) == (11.5, 3.0)


@pytest.mark.parametrize("numbers_first", [False, True])
def test_dot_with_a_side_of_numbers_adds_no_nodes_whichever_side_it_is(numbers_first):
    """``dot(w, xs)`` with plain numbers on one side is one node whose parents are the Values
    alone (the numbers are its local derivatives), whether the numbers come first or second."""
    w = [Value(1.0), Value(-2.0)]
    y = dot([3.0, 4.0], w) if numbers_first else dot(w, [3.0, 4.0])
    assert y.data == -5.0 and y._prev == tuple(w)
    y.backward()
    assert [v.grad for v in w] == [3.0, 4.0]
