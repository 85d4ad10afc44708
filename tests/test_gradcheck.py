"""gradcheck and gradgradcheck: pass right gradients, catch wrong ones with a readable report."""

import math

import pytest

from autograd import (
    GradcheckError,
    GradcheckReport,
    Value,
    custom_op,
    gradcheck,
    gradcheck_parameters,
    gradgradcheck,
)
from autograd.check.gradcheck import compare, numeric_gradient


def fake(x, local):
    """A node whose value is x but whose recorded local derivative is ``local``: a wrong rule."""
    return Value(x.data, (x,), _locals=(local,))


def test_right_gradients_pass_and_return_true():
    f = lambda x, y: (x * y).tanh() + x.exp() / (y * y + 1) + x.sigmoid() * y.sin()
    assert gradcheck(f, [0.3, -1.2]) is True
    assert gradgradcheck(f, [0.3, -1.2]) is True
    assert gradcheck(f, (Value(0.3), Value(-1.2)))  # Values: their numbers are used
    assert gradcheck(lambda x: x * x, 1.5)  # one number is one input


def test_a_wrong_gradient_raises_with_a_report_naming_the_failing_input():
    f = lambda a, b, c: a * b + fake(c, 5.0)  # d/dc is really 1
    with pytest.raises(GradcheckError) as caught:
        gradcheck(f, [1.0, 2.0, 3.0])
    report = caught.value.report
    assert isinstance(caught.value, AssertionError)
    assert [row[0] for row in report.failures] == [2]
    analytic, numeric, error, ok = report.rows[2][1:]
    assert (analytic, numeric, ok) == (5.0, pytest.approx(1.0), False)
    assert error == pytest.approx(4.0)
    text = str(caught.value)
    assert "1 of 3 inputs fail" in text and "<- FAIL" in text
    assert text.count("FAIL") == 1 and "5" in text.splitlines()[-1]


def test_raise_exception_false_returns_false():
    assert gradcheck(lambda x: fake(x, 2.0), [1.0], raise_exception=False) is False
    assert gradgradcheck(lambda x: fake(x, 2.0), [1.0], raise_exception=False) is True  # 2nd order is 0 = 0


def test_gradgradcheck_catches_a_gradient_that_is_right_but_not_differentiable():
    detached = custom_op(lambda x: x ** 3, derivative=lambda x, out: Value(3 * x.data ** 2), name="cube")
    assert gradcheck(lambda x: detached(x), [0.7])
    with pytest.raises(GradcheckError, match=r"gradgradcheck: 1 of 1 inputs fail") as caught:
        gradgradcheck(lambda x: detached(x), [0.7])
    label, analytic, numeric = caught.value.report.rows[0][:3]
    assert (label, analytic, numeric) == ("d0,d0", 0.0, pytest.approx(6 * 0.7))


def test_gradgradcheck_labels_every_second_partial():
    report_rows = []
    try:
        gradgradcheck(lambda x, y: x * y * fake(y, 0.0), [1.0, 2.0])
    except GradcheckError as e:
        report_rows = [row[0] for row in e.report.rows]
    assert report_rows == ["d0,d0", "d0,d1", "d1,d0", "d1,d1"]


def test_tolerance_is_atol_plus_rtol_times_numeric():
    f = lambda x: fake(x, 1.0 + 1e-3)  # the numeric gradient is 1
    assert gradcheck(f, [1.0], atol=1.1e-3, rtol=0.0)
    assert not gradcheck(f, [1.0], atol=0.9e-3, rtol=0.0, raise_exception=False)
    assert gradcheck(f, [1.0], atol=0.0, rtol=1.1e-3)
    assert not gradcheck(f, [1.0], atol=0.0, rtol=0.9e-3, raise_exception=False)


def test_a_function_that_ignores_its_inputs_or_returns_a_number_has_zero_gradient():
    assert gradcheck(lambda x: 3.0, [1.0])
    assert gradcheck(lambda x, y: x * 2.0, [1.0, 5.0])
    assert gradgradcheck(lambda x: 3.0, [1.0])


def test_numeric_gradient_is_central_differences():
    assert numeric_gradient(lambda x, y: x * x * y, [3.0, 2.0]) == [pytest.approx(12.0), pytest.approx(9.0)]
    assert numeric_gradient(lambda x: x.sin(), [0.4], eps=1e-4)[0] == \
        pytest.approx(math.cos(0.4), rel=1e-8)


def test_the_report_is_a_bool_and_prints_every_input():
    report = compare(lambda x, y: x * y, [2.0, 3.0])
    assert isinstance(report, GradcheckReport) and report and report.ok and not report.failures
    assert len(str(report).splitlines()) == 4


def test_bad_arguments_get_clear_errors():
    with pytest.raises(ValueError, match="at least one input"):
        gradcheck(lambda: 1.0, [])
    with pytest.raises(TypeError, match="gradcheck's inputs"):
        gradcheck(lambda x: x, ["a"])
    with pytest.raises(ValueError, match="eps must be positive"):
        gradcheck(lambda x: x, [1.0], eps=0.0)
    with pytest.raises(ValueError, match="atol must be non-negative"):
        gradcheck(lambda x: x, [1.0], atol=-1.0)
    with pytest.raises(ValueError, match="rtol must be non-negative"):
        gradgradcheck(lambda x: x, [1.0], rtol=math.nan)
    with pytest.raises(TypeError, match="result"):
        gradcheck(lambda x: "x", [1.0])


def test_gradcheck_parameters_checks_a_model_in_place_and_restores_it():
    w, b = Value(0.7, label="w"), Value(-0.2, label="b")
    w.grad = 5.0  # an accumulated gradient the check must not disturb
    data = [(0.5, 1.0), (-1.5, 0.0), (2.0, 1.0)]
    loss = lambda: sum(((w * x + b).sigmoid() - y) ** 2 for x, y in data)
    assert gradcheck_parameters(loss, [w, b])
    assert (w.data, w.grad, b.data, b.grad) == (0.7, 5.0, -0.2, 0.0)


def test_gradcheck_parameters_names_the_wrong_parameter_by_label():
    w, b = Value(0.7, label="w"), Value(-0.2, label="b")
    loss = lambda: fake(w, 3.0) * 2 + b
    with pytest.raises(GradcheckError, match=r"(?s)1 of 2 inputs fail.*\n\s+w\s+6\s.*FAIL"):
        gradcheck_parameters(loss, [w, b])
    assert w.data == 0.7
    with pytest.raises(TypeError, match="Value parameters"):
        gradcheck_parameters(loss, [])


def test_gradcheck_parameters_on_an_mlp():
    nn = pytest.importorskip("nn")
    model = nn.MLP(2, [3, 1], activation="tanh", seed=0)
    xs, ys = [[0.5, -1.0], [1.5, 0.3]], [1.0, -1.0]
    loss = lambda: sum((model(x) - y) ** 2 for x, y in zip(xs, ys))
    assert gradcheck_parameters(loss, model.parameters())
