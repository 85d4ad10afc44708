"""Custom ops: a forward rule and a derivative rule, then backward, higher order, gradcheck,
forward mode and viz work as for a built-in op."""

import math

import pytest

from autograd import (
    CustomOp,
    DomainError,
    GradcheckError,
    Value,
    custom_op,
    gradcheck,
    gradgradcheck,
    hessian,
    jvp,
)


@custom_op(derivative=lambda x, out: 1 / (1 + abs(x)) ** 2, symbol="ss")
def softsign(x):
    """x / (1 + |x|)."""
    return x / (1 + abs(x))


hypot = custom_op(math.hypot, derivative=lambda x, y, out: (x / out, y / out), name="hypot", arity=2)
wrong = custom_op(lambda x: x * x, derivative=lambda x, out: 3 * x, name="wrong_square")
erf = custom_op(math.erf, derivative=lambda x, out: 2 / math.sqrt(math.pi) * (-x * x).exp(), name="erf")


def test_a_custom_op_makes_a_node_and_backpropagates():
    x = Value(1.0)
    y = softsign(x)
    assert isinstance(y, Value) and y.data == 0.5 and y._prev == (x,)
    (y * 2).backward()
    assert x.grad == 0.5


def test_a_binary_custom_op_takes_numbers_as_constants():
    x = Value(3.0)
    z = hypot(x, 4.0)
    z.backward()
    assert z.data == 5.0 and x.grad == pytest.approx(0.6)


def test_on_plain_numbers_a_custom_op_is_a_float_function():
    assert softsign(3.0) == 0.75 and isinstance(softsign(3), float)


@pytest.mark.parametrize(("op", "points"), [(softsign, [(-1.3,), (0.7,)]), (hypot, [(0.3, -1.2)]),
                                            (erf, [(-0.4,), (1.1,)])])
def test_gradcheck_and_gradgradcheck_pass_correct_custom_ops(op, points):
    for point in points:
        assert gradcheck(lambda *xs: op(*xs) * xs[0], point)
        assert gradgradcheck(lambda *xs: op(*xs) * xs[0], point)


def test_gradcheck_catches_a_wrong_derivative_and_names_the_input():
    with pytest.raises(GradcheckError) as caught:
        gradcheck(lambda a, b: wrong(a) + b, [1.5, 2.0])
    report = caught.value.report
    assert not report.ok and [row[0] for row in report.failures] == [0]
    analytic, numeric = report.rows[0][1:3]
    assert analytic == pytest.approx(4.5) and numeric == pytest.approx(3.0)
    assert "FAIL" in str(caught.value) and "4.5" in str(caught.value)
    assert gradcheck(lambda a: wrong(a), [1.5], raise_exception=False) is False


def test_higher_order_uses_the_derivative_rule_on_the_graph():
    h = hessian(lambda x: softsign(x))(0.5)
    assert h == pytest.approx(-2 / 1.5 ** 3)  # d/dx (1 + x)^-2 for x > 0
    x = Value(0.5)
    softsign(x).backward(create_graph=True)
    g = x.grad
    x.grad = 0.0
    g.backward()
    assert x.grad == pytest.approx(h)


def test_forward_mode_through_a_custom_op():
    out, tangent = jvp(lambda x, y: hypot(x, y), [3.0, 4.0], [1.0, 2.0])
    assert out == 5.0 and tangent == pytest.approx(0.6 + 0.8 * 2)


def test_the_op_object_serves_viz_and_compiled_code():
    y = softsign(Value(1.0))
    assert isinstance(y._prim, CustomOp) and y._op == "ss"
    assert (str(y._prim), y._prim.name, y._prim.symbol, y._prim.arity) == ("ss", "softsign", "ss", 1)
    assert y._prim.forward(3.0) == 0.75
    assert y._prim.derivative(Value(1.0), Value(0.5)).data == 0.25
    assert softsign.__class__ is CustomOp and hypot.arity == 2


def test_viz_draws_a_custom_op():
    viz = pytest.importorskip("viz")
    y = softsign(Value(1.0, label="x"))
    y.backward()
    assert "label=<ss>" in viz.draw_graph(y).source  # op labels are HTML-like (escaped by viz.text)


def test_domain_errors_name_the_op_and_the_operands():
    log1 = custom_op(math.log, derivative=lambda x, out: 1 / x, name="mylog", arity=1)
    with pytest.raises(DomainError, match=r"mylog.*-1\.0"):
        log1(Value(-1.0))
    bad = custom_op(lambda x: x, derivative=lambda x, out: 1 / (x - x), name="bad")
    with pytest.raises(DomainError, match=r"bad.*derivative"):
        bad(Value(2.0))


def test_bad_definitions_get_clear_errors():
    with pytest.raises(ValueError, match="name"):
        custom_op(lambda x: x, derivative=lambda x, out: 1.0)
    with pytest.raises(TypeError, match="2 arguments"):
        custom_op(lambda x: x, derivative=lambda x: 1.0, name="f")
    with pytest.raises(TypeError, match="callable"):
        custom_op(lambda x: x, derivative=1.0, name="f")
    with pytest.raises(TypeError, match="fixed number"):
        custom_op(lambda *xs: 0.0, derivative=lambda *xs: 1.0, name="f")
    with pytest.raises(TypeError, match="fixed number"):
        custom_op(lambda x: x, derivative=lambda x, out: 1.0, name="f", arity=0)
    pair = custom_op(lambda x, y: x, derivative=lambda x, y, out: 1.0, name="pair")
    with pytest.raises(TypeError, match="returned 1 value"):
        pair(Value(1.0), Value(2.0))
    with pytest.raises(TypeError, match="takes 2 operand"):
        pair(Value(1.0))
    with pytest.raises(TypeError, match="forward result"):
        custom_op(lambda x: "x", derivative=lambda x, out: 1.0, name="s")(Value(1.0))
