"""Trace-time checks of autograd.compile: branches and floats baked in are caught and named."""

from __future__ import annotations

import pytest

import autograd
from autograd import TraceError, TraceWarning, Value


def branchy(x, y):
    if x > 0:  # a branch on a traced number: the compiled code would keep one side
        return x * y
    return -x * y


def test_a_branch_on_a_traced_value_is_an_error_naming_the_line():
    cf = autograd.compile(branchy)
    with pytest.raises(TraceError, match=r"test_compile_trace.py:\d+ in branchy: a comparison \(>\)"):
        cf(1.0, 2.0)


def test_strict_false_bakes_the_branch_with_a_warning():
    cf = autograd.compile(branchy, strict=False)
    with pytest.warns(TraceWarning, match="comparison"):
        assert cf(1.0, 2.0) == (2.0, (2.0, 1.0))
    assert cf(-1.0, 2.0) == (-2.0, (2.0, -1.0))  # the x > 0 side, as traced (like jax.jit)


@pytest.mark.parametrize("convert", [float, lambda v: v.item()], ids=["float", "item"])
def test_converting_a_traced_value_to_a_number_is_an_error(convert):
    cf = autograd.compile(lambda x: Value(convert(x * 2.0)) * x)
    with pytest.raises(TraceError, match="gradients stop there"):
        cf(1.0)


def test_builtin_max_of_traced_values_is_caught():
    with pytest.raises(TraceError, match="comparison"):
        autograd.compile(lambda x, y: max(x, y) * 2.0)(1.0, 2.0)
    cf = autograd.compile(lambda x, y: autograd.maximum(x, y) * 2.0)  # the op instead: fine
    assert cf(1.0, 2.0) == (4.0, (0.0, 2.0))
    assert cf(3.0, 2.0) == (6.0, (2.0, 0.0))


def test_comparisons_of_constants_and_after_the_trace_are_fine():
    c = Value(2.0)

    def f(x):
        scale = 3.0 if c > 1.0 else 1.0  # c does not depend on the inputs
        return x * scale

    assert autograd.compile(f)(2.0) == (6.0, (3.0,))
    assert Value(1.0) < Value(2.0)  # comparisons are restored after the trace
    assert float(Value(1.5)) == 1.5


def test_has_aux_needs_a_pair():
    with pytest.raises(TraceError, match=r"must return \(output, aux\)"):
        autograd.compile(lambda x: x * 2, has_aux=True)(1.0)


def test_a_failing_trace_restores_the_comparisons():
    def broken(x):
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        autograd.compile(broken)(1.0)
    assert Value.__lt__.__qualname__ == "Value.__lt__"
