"""no_grad, enable_grad, detach and detect_anomaly: semantics, nesting, restore on
exceptions, and anomaly messages that name the op, its inputs and where it was created."""

import math

import pytest

import autograd
from autograd import AnomalyError, Value, detect_anomaly, enable_grad, is_grad_enabled, no_grad


def test_ops_under_no_grad_record_no_parents():
    x, w = Value(2.0), Value(3.0)
    with no_grad():
        results = [x * w, x.tanh(), x ** 2, autograd.sum([x, w]), autograd.dot([x], [w]),
                   autograd.maximum(x, w)]
    for r in results:
        assert r._prev == () and r._locals == ()
    assert results[0].data == 6.0
    results[0].backward()
    assert x.grad == 0.0 and w.grad == 0.0


def test_recording_resumes_after_the_block():
    x = Value(2.0)
    with no_grad():
        pass
    y = x * x
    assert y._prev == (x, x)
    y.backward()
    assert x.grad == 4.0


def test_no_grad_nests_and_enable_grad_turns_it_back_on():
    assert is_grad_enabled()
    with no_grad():
        assert not is_grad_enabled()
        with no_grad():
            assert not is_grad_enabled()
        assert not is_grad_enabled()
        with enable_grad():
            assert is_grad_enabled()
            assert (Value(1.0) * 2)._prev
        assert not is_grad_enabled()
        assert not (Value(1.0) * 2)._prev
    assert is_grad_enabled()


def test_state_is_restored_when_the_block_raises():
    with pytest.raises(ZeroDivisionError), no_grad():
        raise ZeroDivisionError
    assert is_grad_enabled() and (Value(1.0) * 2)._prev
    with no_grad():
        with pytest.raises(KeyError), enable_grad():
            raise KeyError
        assert not is_grad_enabled()
    with pytest.raises(RuntimeError), detect_anomaly():
        raise RuntimeError
    assert autograd.core.modes.ANOMALY.get() is None
    assert (Value(1.0) * 2)._prev


def test_no_grad_works_as_a_decorator():
    @no_grad()
    def step(w):
        return w * 0.5

    assert step(Value(1.0))._prev == () and is_grad_enabled()


def test_detach_makes_a_leaf_that_stops_gradients():
    x = Value(3.0, label="x")
    d = x.detach()
    assert d is not x and d.data == 3.0 and d._prev == () and d.label == "x" and d.grad == 0.0
    y = (x * x).detach() * x  # x² treated as a constant
    y.backward()
    assert x.grad == 9.0


def test_anomaly_names_the_op_its_inputs_and_the_line_that_made_it():
    x = Value(0.0)
    with pytest.raises(AnomalyError) as caught, detect_anomaly():
        x.sqrt()  # the value is 0, but the local derivative is inf
    message = str(caught.value)
    assert "op 'sqrt'" in message and "local derivative inf" in message and "inputs (0.0)" in message
    assert "test_modes.py" in message and "test_anomaly_names_the_op" in message


def test_anomaly_stops_at_the_first_non_finite_value():
    x = Value(math.inf)
    y = Value(1.0)
    expected = r"op '\*' produced a non-finite value nan .*inputs \(inf, 0.0\)"
    with pytest.raises(AnomalyError, match=expected), detect_anomaly():
        z = y * 2.0  # fine
        x * 0.0
    assert z.data == 2.0


def test_anomaly_checks_gradients_in_backward_and_names_the_op_they_came_through():
    with detect_anomaly():
        x = Value(1e-300, label="x")
        y = (x * 1e200) * 1e200  # values and local derivatives finite; d/dx overflows
        with pytest.raises(AnomalyError) as caught:
            y.backward()
    message = str(caught.value)
    assert message.startswith("backward: gradient inf at 'x'")
    assert "through op '*'" in message and "local derivative 1e+200" in message
    assert "test_modes.py" in message


def test_anomaly_checks_the_gradients_of_function_transforms():
    expected = r"gradient inf at a leaf .*through op '\*'.*incoming gradient 1e\+200"
    with detect_anomaly(), pytest.raises(AnomalyError, match=expected):
        autograd.grad(lambda x: (x * 1e200) * 1e200)(1e-300)


def test_without_anomaly_mode_non_finite_numbers_flow_as_ieee():
    x = Value(0.0)
    y = x.sqrt()
    y.backward()
    assert x.grad == math.inf


def test_anomaly_mode_nests():
    with detect_anomaly():
        with detect_anomaly():
            pass
        assert autograd.core.modes.ANOMALY.get() is not None
        with pytest.raises(AnomalyError):
            Value(0.0).sqrt()
    assert autograd.core.modes.ANOMALY.get() is None
