"""The conformance matrix: every op of the registry, in every interpretation, at every kind of point.

Ops are enumerated from ``autograd.PRIMITIVES``, so a new op is covered with no edit here. For
each op and point the reference is PyTorch float64 differentiating the op's own ``torch=``
implementation (an independent derivative), where torch is installed; the eager engine must
agree with it, and every other interpretation must agree with the eager engine:

* eager ``Value`` ops and ``backward()``;
* ``backward(create_graph=True)``, first order (same numbers) and second order (against
  torch's second derivative, and against central differences of the plain float gradient);
* forward mode (``jvp``) on floats and on ``Value`` primals;
* ``compile`` with the Python, numpy and torch backends.

Points: generic points inside the domain, the op's kinks and ties (the subgradient the
definition picks), its special points (domain edges, singular points, overflow) and nan/inf
operands. Policies (README, "Semantics"): a finite operand outside the domain is a
``DomainError`` in eager code, and an IEEE inf/nan where rules run on arrays (numpy, torch);
non-finite operands propagate as IEEE values.
"""

from __future__ import annotations

import math

import pytest

import autograd
from autograd import PRIMITIVES, DomainError, Value, jvp
from autograd.core.higher import gradients
from autograd.core.primitive import IEEE_FUNCTIONS

np = pytest.importorskip("numpy")
torch = pytest.importorskip("torch")

GENERIC = {1: [(-1.3,), (0.4,), (2.2,)], 2: [(0.7, -1.3), (1.6, 0.4), (-0.9, 2.1)]}
NONFINITE = [math.nan, math.inf, -math.inf]


def params_of(prim):
    return tuple(p.default if p.default is not None else p.samples[0] for p in prim.param_specs)


def param_sets(prim):
    """The op's parameters at their defaults, and each parameter at each of its samples (the
    others at their defaults): x ** k is tested for every kind of exponent k."""
    base = params_of(prim)
    found = [base]
    for i, spec in enumerate(prim.param_specs):
        for sample in spec.samples:
            params = (*base[:i], sample, *base[i + 1:])
            if params not in found:
                found.append(params)
    return found


OPS = [pytest.param(name, params, id=f"{name}{''.join(f'-{p:g}' for p in params)}")
       for name, prim in PRIMITIVES.items() for params in param_sets(prim)]


def points(prim, params):
    """(kind, operands) for every point class of the op."""
    found = []
    for xs in GENERIC[prim.arity]:
        xs = tuple(abs(x) + 0.2 if i in prim.positive else x for i, x in enumerate(xs))
        found.append(("generic", xs))
    if prim.kinks is not None:  # at each kink, and on both sides of it
        found += [(kind, (k + d,)) for k in prim.kinks(*params)
                  for kind, d in (("kink", 0.0), ("side", -0.25), ("side", 0.25))]
    if prim.ties:  # exactly tied, and either operand ahead
        found += [("tie", (0.5, 0.5)), ("tie", (-1.0, -1.0)), ("side", (0.5, 0.75)), ("side", (0.75, 0.5))]
    found += [("special", xs) for xs in prim.special]
    for bad in NONFINITE:
        found.append(("nonfinite", (bad,) + (0.5,) * (prim.arity - 1)))
        if prim.arity == 2:
            found.append(("nonfinite", (0.5, bad)))
    return found


CASES = [pytest.param(name, params, kind, xs, id=f"{op.id}-{kind}-{xs}")
         for op in OPS for name, params in [op.values] for kind, xs in points(PRIMITIVES[name], params)]


def same(a, b, rtol=1e-12, atol=1e-12):
    """Equal as IEEE floats (nan equals nan, infinities by sign), else within tolerance."""
    a, b = float(a), float(b)
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= atol + rtol * abs(b)


def torch_reference(prim, params, xs):
    """Value, gradient and Hessian of the op's torch implementation, by torch's own autograd."""
    impl = prim.torch_impl
    fn = getattr(torch, impl) if isinstance(impl, str) else (lambda *a: impl(torch, *a))
    leaves = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in xs]
    out = fn(*leaves, *params)
    if not out.requires_grad:  # a constant (step, stop_gradient): no gradient at all
        return float(out), [0.0] * len(xs), [[0.0] * len(xs) for _ in xs]
    grads = torch.autograd.grad(out, leaves, create_graph=True, allow_unused=True)
    grads = [g if g is not None else torch.zeros((), dtype=torch.float64) for g in grads]
    hess = []
    for g in grads:
        if g.requires_grad:
            row = torch.autograd.grad(g, leaves, allow_unused=True)
            hess.append([float(r) if r is not None else 0.0 for r in row])
        else:
            hess.append([0.0] * len(xs))
    return float(out), [float(g) for g in grads], hess


def apply_op(prim, params, args):
    return prim(*args, *params)


def eager(prim, params, xs):
    leaves = [Value(x) for x in xs]
    out = apply_op(prim, params, leaves)
    out.backward()
    return out.data, [v.grad for v in leaves]


@pytest.mark.parametrize("name, params, kind, xs", CASES)
def test_every_interpretation_agrees(name, params, kind, xs):
    prim = PRIMITIVES[name]
    ref_value, ref_grads, ref_hess = torch_reference(prim, params, xs)
    in_domain = all(map(math.isfinite, xs))
    try:
        value, grads = eager(prim, params, xs)
    except DomainError:
        assert in_domain and not all(map(math.isfinite, [ref_value, *ref_grads])), \
            f"{name}{xs}: DomainError where torch gives finite {ref_value}, {ref_grads}"
        check_array_backends(prim, params, xs, ref_value, ref_grads)
        return
    assert same(value, ref_value), f"{name}{xs}: value {value} vs torch {ref_value}"
    for i, (g, r) in enumerate(zip(grads, ref_grads)):
        assert same(g, r), f"{name}{xs}: d/dx{i} {g} vs torch {r}"

    # create_graph: first order equal to plain backward, second order equal to torch's
    leaves = [Value(x) for x in xs]
    out = apply_op(prim, params, leaves)
    first = gradients(out, leaves, create_graph=True)
    for i, g in enumerate(first):
        assert same(getattr(g, "data", g), grads[i]), f"{name}{xs}: create_graph d/dx{i}"
        second = gradients(g, leaves) if isinstance(g, Value) else [0.0] * len(xs)
        # second order as graphs (the rules of the rules run on nodes: third order's input)
        # gives the same numbers as second order in floats, at every finite point (at ±inf
        # strong zero applies to numbers only: atan''(inf) is 0 in floats, nan as a graph and
        # in torch; docs/guarantees.md)
        graphs = gradients(g, leaves, create_graph=True) if isinstance(g, Value) else [0.0] * len(xs)
        for j, (h, hg) in enumerate(zip(second, graphs)):
            assert same(getattr(hg, "data", hg), h) or not in_domain, \
                f"{name}{xs}: d2/dx{i}dx{j} as a graph {hg} vs {h}"
        for j, h in enumerate(second):
            if prim.differentiable and kind == "generic":
                assert same(h, ref_hess[i][j], rtol=1e-9, atol=1e-9), \
                    f"{name}{xs}: d2/dx{i}dx{j} {h} vs torch {ref_hess[i][j]}"

    # forward mode on floats and on Value primals
    for i in range(len(xs)):
        tangents = [float(i == j) for j in range(len(xs))]
        v, t = jvp(lambda *a: apply_op(prim, params, a), xs, tangents)
        assert same(v, value) and same(t, grads[i]), f"{name}{xs}: jvp along x{i}: {t}"
        vv, tv = jvp(lambda *a: apply_op(prim, params, a), [Value(x) for x in xs], tangents)
        assert same(getattr(vv, "data", vv), value) and same(getattr(tv, "data", tv), grads[i])

    # compiled Python reproduces eager exactly (it falls back to eager where code raises)
    cv, cg = autograd.compile(lambda *a: apply_op(prim, params, a))(*xs)
    assert same(cv, value) and all(same(a, b) for a, b in zip(cg, grads)), f"{name}{xs}: compile python"
    check_array_backends(prim, params, xs, ref_value, ref_grads)


def check_array_backends(prim, params, xs, ref_value, ref_grads):
    """numpy and torch batches follow IEEE (torch's answers), also where eager raises."""
    f = lambda *a: apply_op(prim, params, a)
    for backend, make in (("numpy", lambda x: np.array([x, x])),
                          ("torch", lambda x: torch.tensor([x, x], dtype=torch.float64))):
        with np.errstate(all="ignore"):
            values, grads = autograd.compile(f, backend=backend)(*[make(x) for x in xs])
        for k in range(2):
            assert same(values[k], ref_value), f"{prim.name}{xs}: {backend} value {values[k]} vs {ref_value}"
            for i, g in enumerate(grads):
                assert same(g[k], ref_grads[i]), \
                    f"{prim.name}{xs}: {backend} d/dx{i} {g[k]} vs {ref_grads[i]}"


@pytest.mark.parametrize("name, params", [op for op in OPS if PRIMITIVES[op.values[0]].differentiable])
def test_compiled_gradients_of_every_op_on_every_backend(name, params):
    """``compile`` of a function that takes a gradient inside (its graph holds the ops' derivative
    rules as nodes, pow's derivative ops among them) gives eager's numbers on every backend,
    with the gradient of that gradient (second order) besides: at generic points, and at the
    special points where eager answers (0 ** 2, whose second-order rules take their x = 0
    branch)."""
    prim = PRIMITIVES[name]

    def slope_sum(*a):  # the sum of the op's first derivatives, as a differentiable graph
        return autograd.sum(list(autograd.grad(lambda *b: apply_op(prim, params, b),
                                               tuple(range(len(a))))(*a)))

    for kind, xs in [p for p in points(prim, params) if p[0] in ("generic", "special")]:
        leaves = [Value(x) for x in xs]
        try:
            expected = slope_sum(*leaves)
            expected = expected if isinstance(expected, Value) else Value(float(expected))
            expected.backward()
        except DomainError:
            assert kind == "special", f"{name}{xs}: DomainError at a generic point"
            continue
        want = [expected.data, [v.grad for v in leaves]]
        value, grads = autograd.compile(slope_sum)(*xs)
        assert same(value, want[0]) and all(map(same, grads, want[1])), f"{name}{xs}: python"
        for backend, make in (("numpy", lambda x: np.array([x, x])),
                              ("torch", lambda x: torch.tensor([x, x], dtype=torch.float64))):
            with np.errstate(all="ignore"):
                values, grads = autograd.compile(slope_sum, backend=backend)(*[make(x) for x in xs])
            for k in range(2):
                assert same(values[k], want[0]), f"{name}{xs}: {backend} value"
                assert all(same(g[k], w) for g, w in zip(grads, want[1])), f"{name}{xs}: {backend} grads"


@pytest.mark.parametrize("name, params", [op for op in OPS if PRIMITIVES[op.values[0]].differentiable])
def test_second_derivatives_match_differences_of_the_float_gradient(name, params):
    """gradgradcheck's reference: central differences of the first-order gradient computed by
    the plain float path, never of the gradient graph itself."""
    prim = PRIMITIVES[name]
    for _, xs in [p for p in points(prim, params) if p[0] == "generic"]:
        assert autograd.gradgradcheck(lambda *a: apply_op(prim, params, a), xs)


def test_the_matrix_covers_every_op_and_point_class():
    names = {c.values[0] for c in CASES}
    assert names == set(PRIMITIVES)
    kinds = {c.values[2] for c in CASES}
    assert {"generic", "kink", "side", "tie", "special", "nonfinite"} <= kinds


@pytest.mark.parametrize("name, params, kind, xs", CASES)
def test_ieee_answers_are_torchs(name, params, kind, xs):
    """Where derivative rules run on nodes (create_graph, forward mode), an op outside its
    domain answers as IEEE floats do instead of raising: the same inf/nan torch gives, at every
    point of the matrix (log1p(-1) = -inf, log1p(-2) = nan, 0 ** -1 = inf, ...)."""
    prim = PRIMITIVES[name]
    with np.errstate(all="ignore"):
        ref_value = torch_reference(prim, params, xs)[0]
    value = float(IEEE_FUNCTIONS[name](*xs, *params))
    assert same(value, ref_value), f"{name}{xs}: IEEE {value} vs torch {ref_value}"


@pytest.mark.parametrize("name, params", [op for op in OPS if PRIMITIVES[op.values[0]].kinks is not None])
def test_declared_kinks_are_where_the_op_breaks(name, params):
    """Each kink an op declares (the points the matrix tests on both sides) is where its
    derivative jumps, or its value does (step): a kink declared elsewhere tests nothing."""
    prim = PRIMITIVES[name]
    for k in prim.kinks(*params):
        (left, (dl,)), (right, (dr,)) = eager(prim, params, (k - 1e-6,)), eager(prim, params, (k + 1e-6,))
        assert dl != dr or abs(right - left) > 1e-3, (name, k)


def test_x_to_the_k_is_tested_for_every_kind_of_exponent():
    """x ** k behaves differently for each kind of k (an odd power keeps the sign of x < 0, a
    non-integer one has no value there, a negative one is singular at 0, k = 0 is constant, a
    square root is special to numpy and torch): the matrix runs the op at one of each."""
    ks = [params[0] for params in param_sets(PRIMITIVES["powc"])]
    kinds = {"even": lambda k: k > 0 and k % 2 == 0, "odd": lambda k: k > 0 and k % 2 == 1,
             "negative integer": lambda k: k < 0 and k.is_integer(), "zero": lambda k: k == 0,
             "square root": lambda k: k == 0.5, "non-integer above 1": lambda k: k > 1 and not k.is_integer()}
    assert [kind for kind, test in kinds.items() if not any(map(test, ks))] == []


def _raises(prim, params, xs):
    try:
        eager(prim, params, xs)
    except DomainError:
        return True
    return False


@pytest.mark.parametrize("name", sorted(n for n, p in PRIMITIVES.items() if p.special))
def test_declared_special_points_are_at_the_edge_of_the_domain(name):
    """Each special point an op declares (domain edges, singular points, overflow: the points
    the matrix adds) is outside the op's domain or on its edge, where a step of 1e-9 in some
    direction leaves it (for one of the op's parameter samples: 0 for x ** 0.5, not x ** 2):
    an interior point declared special tests nothing special."""
    prim = PRIMITIVES[name]
    steps = [(-1e-9,), (1e-9,)] if prim.arity == 1 else [(dx, dy) for dx in (-1e-9, 0.0, 1e-9)
                                                         for dy in (-1e-9, 0.0, 1e-9)]
    for xs in prim.special:
        near = [xs] + [tuple(x + d for x, d in zip(xs, step)) for step in steps]
        assert any(_raises(prim, params, p) for params in param_sets(prim) for p in near), (name, xs)
