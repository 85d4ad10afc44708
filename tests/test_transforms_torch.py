"""Every transform against ``torch.func`` in float64, on random programs from
``autograd.testing``: first order, forward mode, Jacobians, Hessians, and compositions three
levels deep (grad∘grad∘grad, jvp∘grad, grad∘jvp, jvp∘jvp, Hessians of closures over an outer
variable in both orders).

Each random expression is evaluated once by our engine and once by torch, through the op
registry's own torch implementations, so the two programs are the same program.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import Value, grad, hessian, hvp, jacfwd, jacrev, jvp, value_and_grad, vjp
from autograd.core.primitive import array_namespace
from autograd.testing import expressions_and_points

torch = pytest.importorskip("torch")
tf = torch.func
TORCH_OPS = array_namespace(torch, "torch")
REL, ABS = 1e-9, 1e-9
few = settings(max_examples=20)


def in_torch(expr, xs):
    """``expr`` evaluated on torch tensors (fan-out shared, as our evaluation shares it)."""
    memo = {}

    def ev(e):
        if e.op == "input":
            return xs[e.index]
        if e.op == "const":
            return torch.tensor(e.params[0], dtype=torch.float64)
        if e in memo:
            return memo[e]
        vals = [ev(a) for a in e.args]
        if e.op == "sum":
            out = sum(vals[1:], vals[0])
        elif e.op == "dot":
            half = len(vals) // 2
            out = sum(a * b for a, b in zip(vals[:half], vals[half:]))
        else:
            out = TORCH_OPS[e.op](*vals, *e.params)
        memo[e] = out
        return out

    return ev(expr)


def t(xs):
    return [torch.tensor(float(x), dtype=torch.float64) for x in xs]


def close(ours, theirs):
    """Nested lists/tuples of numbers against nested tuples/lists of 0-d tensors."""
    if isinstance(theirs, (list, tuple)):
        assert isinstance(ours, (list, tuple)) and len(ours) == len(theirs)
        for o, th in zip(ours, theirs):
            close(o, th)
        return
    if isinstance(theirs, torch.Tensor) and theirs.dim():
        close(ours, theirs.unbind(0))
        return
    assert isinstance(ours, float), type(ours)
    assert ours == pytest.approx(float(theirs), rel=REL, abs=ABS, nan_ok=True)


def three(case):
    expr, xs = case
    return expr, xs, lambda a, b, c: in_torch(expr, [a, b, c])


@few
@given(expressions_and_points(n_inputs=3, max_leaves=8))
def test_grad_and_value_and_grad(case):
    expr, xs, tfun = three(case)
    value, g = value_and_grad(expr, (0, 1, 2))(*xs)
    close(g, tf.grad(tfun, argnums=(0, 1, 2))(*t(xs)))
    close(value, tfun(*t(xs)))
    g1 = grad(expr, 1)(*xs)  # Expr makes Value leaves of x0 and x2 itself: g1 is a Value over them
    close(g1.data if isinstance(g1, Value) else g1, tf.grad(tfun, argnums=1)(*t(xs)))


@few
@given(expressions_and_points(n_inputs=3, max_leaves=8), st.lists(st.floats(-2, 2), min_size=3, max_size=3))
def test_jvp_and_vjp(case, v):
    expr, xs, tfun = three(case)
    out, tangent = jvp(expr, xs, v)
    tout, ttangent = tf.jvp(tfun, tuple(t(xs)), tuple(t(v)))
    close([out, tangent], [tout, ttangent])
    out, pull = vjp(expr, *xs)
    tout, tpull = tf.vjp(tfun, *t(xs))
    close(pull(v[0]), tpull(torch.tensor(v[0], dtype=torch.float64)))


def vector(e1, e2):
    """A function of a list of three numbers with a list of two results."""
    return lambda v: [e1(*v), e2(*v)]


@few
@given(expressions_and_points(n_inputs=3, max_leaves=6), expressions_and_points(n_inputs=3, max_leaves=6))
def test_jacobians_and_hessians_of_list_arguments(c1, c2):
    (e1, xs), (e2, _) = c1, c2
    ours = vector(e1, e2)

    def theirs(v):
        return torch.stack([in_torch(e1, v.unbind(0)), in_torch(e2, v.unbind(0))])

    tv = torch.tensor(xs, dtype=torch.float64)
    close(jacrev(ours)(xs), tf.jacrev(theirs)(tv))
    close(jacfwd(ours)(xs), tf.jacfwd(theirs)(tv))
    close(hessian(lambda v: e1(*v))(xs), tf.hessian(lambda v: in_torch(e1, v.unbind(0)))(tv))


@few
@given(expressions_and_points(n_inputs=3, max_leaves=8), st.lists(st.floats(-2, 2), min_size=3, max_size=3))
def test_hvp_is_forward_over_reverse(case, v):
    expr, xs, tfun = three(case)
    theirs = tf.jvp(tf.grad(tfun, argnums=(0, 1, 2)), tuple(t(xs)), tuple(t(v)))[1]
    close(hvp(expr)(xs, v), theirs)


@few
@given(expressions_and_points(n_inputs=1, max_leaves=6))
def test_three_levels_deep(case):
    expr, (x,) = case
    tx = torch.tensor(x, dtype=torch.float64)
    f, tfun = expr, lambda a: in_torch(expr, [a])
    close(grad(grad(grad(f)))(x), tf.grad(tf.grad(tf.grad(tfun)))(tx))
    one = (1.0,)
    tone = (torch.tensor(1.0, dtype=torch.float64),)

    def tjvp(g):  # x -> directional derivative of g at x along 1
        return lambda a: tf.jvp(g, (a,), tone)[1]

    def ojvp(g):
        return lambda a: jvp(g, (a,), one)[1]

    close(jvp(grad(grad(f)), (x,), one), tf.jvp(tf.grad(tf.grad(tfun)), (tx,), tone))  # jvp∘grad∘grad
    close(grad(ojvp(ojvp(f)))(x), tf.grad(tjvp(tjvp(tfun)))(tx))  # grad∘jvp∘jvp
    close(ojvp(ojvp(ojvp(f)))(x), tjvp(tjvp(tjvp(tfun)))(tx))  # jvp∘jvp∘jvp
    close(ojvp(grad(ojvp(f)))(x), tjvp(tf.grad(tjvp(tfun)))(tx))  # jvp∘grad∘jvp


@few
@given(expressions_and_points(n_inputs=2, max_leaves=7))
def test_hessians_of_closures_over_an_outer_variable_in_both_orders(case):
    expr, (x, y) = case
    tx, ty = t([x, y])
    tfun = lambda a, b: in_torch(expr, [a, b])
    # d/dy of the Hessian in x, where the inner function closes over y
    ours = grad(lambda b: hessian(lambda a: expr(a, b))(x))(y)
    close(ours, tf.grad(lambda b: tf.hessian(lambda a: tfun(a, b))(tx))(ty))
    # the Hessian in x of d/dy, where the inner gradient closes over x
    ours = hessian(lambda a: grad(lambda b: expr(a, b))(y))(x)
    close(ours, tf.hessian(lambda a: tf.grad(lambda b: tfun(a, b))(ty))(tx))
