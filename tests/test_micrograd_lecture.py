"""The micrograd lecture's code runs on our Value: ops built by hand with a ``_backward``
closure, ``_backward()`` called node by node, ``_op`` strings, weak references."""

import gc
import math
import shutil
import weakref

import pytest

import autograd
from autograd import Value


def lecture_tanh(self):
    """Exactly as the lecture writes it (outside the class)."""
    x = self.data
    t = (math.exp(2 * x) - 1) / (math.exp(2 * x) + 1)
    out = Value(t, (self,), "tanh")

    def _backward():
        self.grad += (1 - t**2) * out.grad

    out._backward = _backward
    return out


def lecture_neuron():
    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2 = Value(-3.0, label="w1"), Value(1.0, label="w2")
    b = Value(6.8813735870195432, label="b")
    n = x1 * w1 + x2 * w2 + b
    return (x1, x2, w1, w2), lecture_tanh(n)


def test_op_is_a_string_as_in_micrograd():
    a, b = Value(2.0), Value(3.0)
    assert (a + b)._op == "+" and (a * b)._op == "*" and a.tanh()._op == "tanh" and a._op == ""
    assert (a ** 2)._op == "**2" and str(id(a)) + (a * b)._op  # micrograd's draw_dot concatenates


def test_hand_built_op_backpropagates_through_backward():
    (x1, x2, w1, w2), o = lecture_neuron()
    o.backward()
    assert o.data == pytest.approx(0.7071067811865476)
    assert (x1.grad, w1.grad, x2.grad, w2.grad) == pytest.approx((-1.5, 1.0, 0.5, 0.0))


def test_manual_backward_node_by_node_as_in_the_lecture():
    (x1, x2, w1, w2), o = lecture_neuron()
    o.grad = 1.0
    o._backward()
    n = o._prev[0]
    n._backward()
    x1w1x2w2, b = n._prev
    x1w1x2w2._backward()
    b._backward()  # a leaf: nothing to do
    x1w1, x2w2 = x1w1x2w2._prev
    x1w1._backward()
    x2w2._backward()
    assert (x1.grad, w1.grad, x2.grad, w2.grad) == pytest.approx((-1.5, 1.0, 0.5, 0.0))


def test_hand_built_node_without_closure_passes_nothing():
    a = Value(2.0)
    out = Value(4.0, (a,), "sq")
    out.backward()
    assert a.grad == 0.0 and out._op == "sq"


HAND_BUILT = "built by hand with a _backward closure \\(op 'tanh'\\) has no local derivatives"

DIFFERENTIATE = {
    "backward(create_graph=True)": lambda f, x: f(Value(x)).backward(create_graph=True),
    "grad": lambda f, x: autograd.grad(f)(x),
    "grad of grad": lambda f, x: autograd.grad(autograd.grad(f))(x),
}


FORWARD_MODE = {
    "jvp": lambda f, x: autograd.jvp(f, (x,), (1.0,)),
    "hessian": lambda f, x: autograd.hessian(f)(x),
}


@pytest.mark.parametrize("how", DIFFERENTIATE)
def test_hand_built_node_refuses_every_path_but_backward_with_one_clear_error(how):
    """create_graph and the function transforms need local derivatives a hand-built node lacks:
    each says so in the same words (one message, kept in one place)."""
    with pytest.raises(TypeError, match=HAND_BUILT):
        DIFFERENTIATE[how](lecture_tanh, 0.5)


@pytest.mark.parametrize("how", FORWARD_MODE)
def test_hand_built_node_under_forward_mode_says_why_it_cannot_run(how):
    """Forward mode (jvp, and hessian = jacfwd(jacrev)) hands the function dual numbers; the
    lecture's hand-built tanh reads ``self.data``, and the error says why that cannot work."""
    with pytest.raises(AttributeError, match="jvp, jacfwd and hessian pass dual numbers"):
        FORWARD_MODE[how](lecture_tanh, 0.5)


def test_values_support_weak_references():
    v = Value(1.0)
    r = weakref.ref(v)
    assert r() is v
    del v
    gc.collect()
    assert r() is None


def test_micrograd_trace_graph_drawing_code_runs_on_our_value():
    """The drawing code of micrograd's trace_graph.ipynb (a recursive trace, then node names
    built as ``str(id(n)) + n._op``), written as a user would paste it, draws our graphs."""
    graphviz = pytest.importorskip("graphviz")
    from nn import Neuron

    def trace(root):
        nodes, edges = set(), set()

        def build(v):
            if v not in nodes:
                nodes.add(v)
                for child in v._prev:
                    edges.add((child, v))
                    build(child)

        build(root)
        return nodes, edges

    def draw_dot(root, format="svg", rankdir="LR"):
        nodes, edges = trace(root)
        dot = graphviz.Digraph(format=format, graph_attr={"rankdir": rankdir})
        for n in nodes:
            label = "{ data %.4f | grad %.4f }" % (n.data, n.grad)  # noqa: UP031 - micrograd's own line
            dot.node(name=str(id(n)), label=label, shape="record")
            if n._op:
                dot.node(name=str(id(n)) + n._op, label=n._op)
                dot.edge(str(id(n)) + n._op, str(id(n)))
        for n1, n2 in edges:
            dot.edge(str(id(n1)), str(id(n2)) + n2._op)
        return dot

    x = Value(1.0)
    y = (x * 2 + 1).relu()
    y.backward()
    src = draw_dot(y).source
    assert "data 3.0000 | grad 1.0000" in src and "relu" in src
    n = Neuron(2, seed=0)
    out = n([Value(1.0), Value(-2.0)])
    out.backward()
    dot = draw_dot(out)
    assert dot.source.count("shape=record") == len(trace(out)[0])
    if shutil.which("dot"):
        assert dot.pipe(format="svg").startswith(b"<?xml")
