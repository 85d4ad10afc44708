"""Value construction, repr, conversions and errors on bad input."""

import math

import pytest

import autograd
from autograd import DomainError, Value


@pytest.mark.parametrize("raw, expected", [(2, 2.0), (2.5, 2.5), (True, 1.0), (False, 0.0), (-0.0, -0.0)])
def test_constructs_from_real_numbers(raw, expected):
    v = Value(raw)
    assert v.data == expected and type(v.data) is float
    assert v.grad == 0.0 and v.label == "" and v._prev == ()


@pytest.mark.parametrize("bad", ["1.0", None, 1j, [1.0], (1.0,), {"a": 1}])
def test_rejects_non_numbers_naming_the_type(bad):
    with pytest.raises(TypeError, match=type(bad).__name__):
        Value(bad)


def test_rejects_a_value_with_a_hint():
    with pytest.raises(TypeError, match="detach"):
        Value(Value(1.0))


def test_label_must_be_a_string():
    assert Value(1.0, label="w").label == "w"
    with pytest.raises(TypeError, match="label"):
        Value(1.0, label=3)


def test_children_need_one_local_derivative_each_when_given():
    a = Value(1.0)
    with pytest.raises(TypeError, match="local derivative"):
        Value(2.0, (a,), "+", _locals=(1.0, 2.0))


def test_repr_shows_data_grad_and_label():
    v = Value(2.0, label="a")
    assert repr(v) == "Value(data=2.0, grad=0.0, label='a')"
    assert repr(Value(-1.5)) == "Value(data=-1.5, grad=0.0)"


def test_operators_reject_other_types_naming_them():
    v = Value(1.0)
    for bad in ("x", None, [1.0]):
        with pytest.raises(TypeError, match=type(bad).__name__):
            v + bad
        with pytest.raises(TypeError, match=type(bad).__name__):
            bad - v
    with pytest.raises(TypeError, match="str"):
        autograd.maximum(v, "x")
    with pytest.raises(TypeError, match="NoneType"):
        autograd.dot([v], [None])


def test_comparisons_use_data_and_equality_stays_identity():
    a, b = Value(1.0), Value(2.0)
    assert a < b and b > a and a <= 1 and b >= 2.0
    assert a != Value(1.0) and a == a
    assert len({a, Value(1.0)}) == 2
    assert float(b) == 2.0 and b.item() == 2.0


def test_detach_cuts_history():
    a = Value(3.0)
    b = (a * a).detach()
    c = b * a
    c.backward()
    assert b._prev == () and b.data == 9.0
    assert a.grad == 9.0  # only the direct path through c = b * a


def test_parameter_validation():
    v = Value(0.5)
    with pytest.raises(TypeError, match="slope"):
        v.leaky_relu("a")
    with pytest.raises(ValueError, match="lo"):
        v.clamp(1.0, -1.0)
    with pytest.raises(ValueError, match="finite"):
        v ** math.inf


@pytest.mark.parametrize("make, op", [
    (lambda: Value(0.0).log(), "log"),
    (lambda: Value(-1.0).log(), "log"),
    (lambda: Value(-1.0).sqrt(), "sqrt"),
    (lambda: Value(1.0) / 0, "/"),
    (lambda: 1 / Value(0.0), "/"),
    (lambda: Value(800.0).exp(), "exp"),
    (lambda: Value(0.0) ** -1, "\\*\\*-1"),
    (lambda: Value(-8.0) ** (1 / 3), "\\*\\*"),
    (lambda: Value(10.0) ** 400, "\\*\\*400"),
    (lambda: Value(-2.0) ** Value(0.5), "\\*\\*"),
])
def test_domain_errors_name_the_op_and_operand(make, op):
    with pytest.raises(DomainError, match=op) as info:
        make()
    assert "domain" in str(info.value)
    assert isinstance(info.value, ValueError) and isinstance(info.value, ArithmeticError)


def test_domain_error_leaves_other_gradients_intact():
    a = Value(2.0)
    b = a * 3
    b.backward()
    with pytest.raises(DomainError):
        (a - 2).log()
    assert a.grad == 3.0 and b.grad == 1.0


def test_infinite_derivative_follows_ieee():
    root = Value(0.0)
    out = root.sqrt()
    assert out.data == 0.0 and out._locals == (math.inf,)
    powed = root ** 0.5
    assert powed._locals == (math.inf,)


def test_non_finite_data_propagates():
    v = Value(math.inf)
    assert (v + 1).data == math.inf
    assert math.isnan((v - v).data)


def test_named_binary_methods_raise_and_operators_defer():
    v = Value(2.0)
    with pytest.raises(TypeError, match=r"maximum.*str"):
        v.maximum("x")
    with pytest.raises(TypeError, match="pow"):
        v ** "a"
    assert v.maximum(3).data == 3.0 and (2 ** v).data == 4.0


@pytest.mark.parametrize("other", [1.0, Value(1.0)])
def test_comparisons_at_a_tie_are_floats(other):
    """At equal numbers the strict comparisons are false and the others true, as for floats."""
    v = Value(1.0)
    assert (v > other, v < other, v >= other, v <= other) == (False, False, True, True)
    assert (Value(2.0) > other, Value(0.5) < other) == (True, True)
