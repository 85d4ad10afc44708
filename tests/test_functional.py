"""Function transforms: grad, value_and_grad, jacobian, hessian, hvp — values, shapes,
composition (grad(grad(f))) and errors."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

import autograd
from autograd import Value, grad, hessian, hvp, jacobian, no_grad, value_and_grad


def rosenbrock(x, y):
    return (1 - x) ** 2 + 100 * (y - x ** 2) ** 2


def polynomial(coefficients):
    return lambda x: autograd.sum([coefficients[0] + 0.0 * x] +
                                  [c * x ** k for k, c in enumerate(coefficients) if k])


def derivative_coefficients(coefficients):
    return [k * c for k, c in enumerate(coefficients)][1:]


def evaluate(coefficients, x):
    return sum(c * x ** k for k, c in enumerate(coefficients))


@given(st.lists(st.integers(-5, 5), min_size=1, max_size=6), st.integers(-3, 3))
def test_grad_of_grad_of_a_polynomial_is_exact(coefficients, x):
    f = polynomial(coefficients)
    d1 = derivative_coefficients(coefficients)
    d2 = derivative_coefficients(d1)
    d3 = derivative_coefficients(d2)
    assert grad(f)(float(x)) == evaluate(d1, x)
    assert grad(grad(f))(float(x)) == evaluate(d2, x)
    assert grad(grad(grad(f)))(float(x)) == evaluate(d3, x)


def test_grad_of_grad_with_fractional_and_negative_powers():
    f = lambda x: x ** 2.5 - 3 * x ** -1
    x = 1.7
    assert grad(grad(f))(x) == pytest.approx(2.5 * 1.5 * x ** 0.5 - 6 * x ** -3, rel=1e-12)


def test_hessian_of_rosenbrock_is_exact():
    assert hessian(rosenbrock, (0, 1))(1.0, 1.0) == ((802.0, -400.0), (-400.0, 200.0))
    x, y = 0.5, -0.25
    assert hessian(rosenbrock, (0, 1))(x, y) == ((2 - 400 * (y - x ** 2) + 800 * x ** 2, -400 * x),
                                                 (-400 * x, 200.0))
    assert hessian(lambda v: rosenbrock(*v))([1.0, 1.0]) == [[802.0, -400.0], [-400.0, 200.0]]


def test_gradient_and_value_of_rosenbrock():
    value, (gx, gy) = value_and_grad(rosenbrock, (0, 1))(0.5, 2.0)
    assert value == 0.25 + 100 * 1.75 ** 2
    assert (gx, gy) == (-2 * 0.5 - 400 * 0.5 * 1.75, 200 * 1.75)
    assert grad(rosenbrock)(1.0, 1.0) == 0.0 and grad(rosenbrock, 1)(1.0, 1.0) == 0.0


def test_jacobian_shape_and_values():
    f = lambda x, y, z: [x * y, y + z.sin(), x.exp() * z, 4.0]
    jac = jacobian(f, (0, 1, 2))(1.0, 2.0, 0.5)
    assert [len(row) for row in jac] == [3, 3, 3, 3]
    assert jac[0] == (2.0, 1.0, 0.0)
    assert jac[1] == (0.0, 1.0, pytest.approx(math.cos(0.5)))
    assert jac[2] == (pytest.approx(math.e * 0.5), 0.0, pytest.approx(math.e))
    assert jac[3] == (0.0, 0.0, 0.0)  # a constant output
    assert jacobian(f, argnums=(2, 0))(1.0, 2.0, 0.5)[2] == (pytest.approx(math.e),
                                                             pytest.approx(math.e * 0.5))
    assert jacobian(f)(1.0, 2.0, autograd.Value(0.5))[0].data == 2.0  # argnums=0; z stays a Value
    assert jacobian(lambda x, y: [x * y, x + y])(1.0, 2.0) == [2.0, 1.0]
    assert jacobian(lambda x, y: x * y, (0, 1))(3.0, 4.0) == (4.0, 3.0)  # a scalar output: a gradient


def test_hessian_shape_symmetry_and_argnums():
    f = lambda x, y, z: x * y * z + (x * z).sin() + y ** 3
    h = hessian(f, (0, 1, 2))(0.3, -1.2, 0.8)
    assert len(h) == 3 and all(len(row) == 3 for row in h)
    for i in range(3):
        for j in range(3):
            assert h[i][j] == pytest.approx(h[j][i], rel=1e-12)
    assert h[1][1] == pytest.approx(6 * -1.2)
    assert hessian(f, argnums=(0, 2))(0.3, -1.2, 0.8) == ((h[0][0], h[0][2]), (h[2][0], h[2][2]))
    assert hessian(f)(0.3, -1.2, 0.8) == h[0][0]  # argnums=0, as in JAX


def test_hvp_equals_hessian_times_vector():
    f = lambda x, y: (x * y).tanh() + x ** 3 * y
    h = hessian(f, (0, 1))(0.4, -0.7)
    v = [0.3, -2.0]
    assert hvp(f)([0.4, -0.7], v) == pytest.approx([h[0][0] * v[0] + h[0][1] * v[1],
                                                    h[1][0] * v[0] + h[1][1] * v[1]], rel=1e-12)
    assert hvp(rosenbrock)([1.0, 1.0], [1.0, 0.0]) == [802.0, -400.0]
    v = Value(2.0)
    hx, hy = hvp(lambda x, y: x * x * y)([1.0, 3.0], [v, 1.0])  # a Value tangent: results are graphs
    assert (hx.data, hy.data) == (14.0, 4.0)
    hx.backward()
    assert v.grad == 6.0


def test_argnums_selects_and_keeps_other_arguments_constant():
    f = lambda x, y: x * x * y
    assert grad(f, 1)(3.0, 5.0) == 9.0
    assert grad(f, (1, 0))(3.0, 5.0) == (9.0, 30.0)
    assert grad(f, -1)(3.0, 5.0) == 9.0
    assert grad(lambda x, k: x ** k, 0)(2.0, 3) == 12.0  # a non-differentiated plain argument


def test_plain_numbers_in_give_floats_out_and_values_in_give_differentiable_values():
    f = lambda x: x ** 3
    assert type(grad(f)(2.0)) is float and type(grad(f)(2)) is float
    x = Value(2.0)
    g = grad(f)(x)
    assert isinstance(g, Value) and g.data == 12.0
    g.backward()
    assert x.grad == 12.0  # d/dx 3x^2
    value, _ = value_and_grad(f)(x)
    assert isinstance(value, Value) and value.data == 8.0


def test_inner_and_outer_variables_are_not_confused():
    assert grad(lambda x: grad(lambda y: x * y)(x))(3.0) == 1.0
    assert grad(lambda x: x * grad(lambda y: x * y)(2.0))(3.0) == 6.0  # inner closes over x
    assert grad(lambda x: grad(lambda y: y * y)(2.0) * x)(3.0) == 4.0


def test_functions_that_ignore_their_input_have_zero_gradient():
    assert grad(lambda x: 3.0)(1.0) == 0.0
    assert grad(grad(lambda x: 2 * x))(1.0) == 0.0
    assert hessian(lambda x, y: x + y, (0, 1))(1.0, 2.0) == ((0.0, 0.0), (0.0, 0.0))


def test_transforms_record_even_inside_no_grad():
    with no_grad():
        assert grad(lambda x: x * x)(3.0) == 6.0
        assert autograd.is_grad_enabled() is False


def test_gradients_do_not_touch_grad_attributes():
    w = Value(2.0)
    g = grad(lambda x: x * w)(3.0)  # a graph over w (see the closure tests), no .grad filled
    assert g.data == 2.0 and w.grad == 0.0


def test_transforms_have_readable_names():
    assert grad(rosenbrock).__name__ == "grad(rosenbrock)"
    assert hessian(rosenbrock).__name__ == "hessian(rosenbrock)"


def test_bad_input_gets_clear_errors():
    with pytest.raises(ValueError, match="out of range"):
        grad(rosenbrock, 2)(1.0, 1.0)
    with pytest.raises(TypeError, match="argnums must be ints"):
        grad(rosenbrock, "x")(1.0, 1.0)
    with pytest.raises(ValueError, match="distinct"):
        grad(rosenbrock, (0, 0))(1.0, 1.0)
    with pytest.raises(TypeError, match="at least one argument"):
        grad(lambda: 1.0)()
    with pytest.raises(TypeError, match="must return a scalar"):
        grad(lambda x: [x, x])(1.0)
    with pytest.raises(TypeError, match=r"grad: x must be a number"):
        grad(lambda x: x)("a")
    with pytest.raises(TypeError, match=r"x\[2\]\[0\] must be a number"):
        grad(lambda x: x[0])([1.0, 2.0, ["no"]])
    with pytest.raises(ValueError, match="2 primals but 1 tangents"):
        hvp(rosenbrock)([1.0, 1.0], [1.0])
    with pytest.raises(TypeError, match="result must be a number"):
        jacobian(lambda x: None)(1.0)


def test_transforms_skip_zero_gradients_as_backward_does():
    import autograd

    def f(x):
        return (x.sqrt() - 1.0).relu() + x  # dead relu over sqrt'(0) = inf: 0 * inf is not nan

    x = autograd.Value(0.0)
    f(x).backward()
    assert autograd.grad(f)(0.0) == x.grad == 1.0
