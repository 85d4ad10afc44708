"""Code written for micrograd's engine runs unchanged but for its import (micrograd's own tests)."""

import pytest

from autograd import Value


def test_micrograd_sanity_check():
    x = Value(-4.0)
    z = 2 * x + 2 + x
    q = z.relu() + z * x
    h = (z * z).relu()
    y = h + q + q * x
    y.backward()
    assert y.data == -20.0 and x.grad == 46.0  # the numbers micrograd checks against PyTorch


def test_micrograd_more_ops():
    a = Value(-4.0)
    b = Value(2.0)
    c = a + b
    d = a * b + b**3
    c += c + 1
    c += 1 + c + (-a)
    d += d * 2 + (b + a).relu()
    d += 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / 2.0
    g += 10.0 / f
    g.backward()
    tol = 1e-6
    assert abs(g.data - 24.70408163265306) < tol
    assert abs(a.grad - 138.83381924198252) < tol
    assert abs(b.grad - 645.5772594752186) < tol


def test_karpathy_lecture_style():
    a = Value(2.0, label="a")
    b = Value(-3.0, label="b")
    c = Value(10.0, label="c")
    e = a * b
    e.label = "e"
    d = e + c
    d.label = "d"
    n = d.tanh()
    o = (2 * n).exp()
    o.backward()
    assert d._op and str(e._op) == "*" and {p.label for p in e._prev} == {"a", "b"}
    assert a.grad == pytest.approx(b.data * (1 - n.data**2) * 2 * o.data)
