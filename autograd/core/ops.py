"""Every op of the engine, each defined once: evaluation, local derivatives, symbol, domain.

To add an op, add one definition here (and its tests): ``Value``'s method is generated from it
(``make generate``), and backward, higher order, forward mode, compile (Python, numpy, torch),
viz, gradcheck and the testing strategies all take it from the registry.

A definition gives the op's evaluation for each array library (``float=`` for the eager
engine, ``numpy=``/``torch=`` for compiled batches: the module's function name, or
``f(module, *args)``) and its local derivatives as a function of a math namespace ``m``, the
operands, the result ``out`` and the parameters. Derivative rules call other ops and
functions through ``m`` (``m.sigmoid(x)``), so the same rule gives numbers, ``Value`` graphs
(higher order), dual numbers (forward mode) and source code.

Subgradients at kinks are chosen here, once: ``relu'(0) = 0``, ``step' = 0``, ``abs'(0) = 0``,
``leaky_relu'(0) = slope``, ``maximum``/``minimum`` ties send the whole gradient to the first
operand (the lecture notes' max rule), ``clamp`` passes it on the closed interval [lo, hi].
NaN propagates through every op, as in PyTorch (``relu(nan)`` is nan).
"""

from __future__ import annotations

import math
import operator
from typing import Any

from .primitive import (
    IEEE,
    Function,
    IEEEFloat,
    Math,
    Op,
    Param,
    Primitive,
    apply,
    check_rules,
    ieee_div,
    ieee_pow,
    primal,
)

SQRT_HALF = math.sqrt(0.5)
TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)
INV_SQRT_TWO_PI = 1.0 / math.sqrt(2.0 * math.pi)

# -- float implementations that need more than the math module ---------------------------------


def _sigmoid(x: float) -> float:
    """Logistic function, stable for large |x| (never computes exp of a large positive)."""
    if x >= 0.0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def _softplus(x: float) -> float:
    """log(1 + e^x) computed as max(x, 0) + log1p(e^-|x|), exact for large |x|."""
    return (x if x > 0.0 else 0.0) + math.log1p(math.exp(-math.fabs(x)))


def _relu(x: float) -> float:
    """max(x, 0), with nan propagating."""
    return 0.0 if x <= 0.0 else x


def _leaky_relu(x: float, slope: float) -> float:
    """x for x > 0, else slope·x (nan propagates)."""
    return slope * x if x <= 0.0 else x


def _step(x: float) -> float:
    """The perceptron's step: 1 for x > 0, else 0 (nan propagates)."""
    return 1.0 if x > 0.0 else x if x != x else 0.0


def _clamp(x: float, lo: float, hi: float) -> float:
    """x limited to [lo, hi] (nan propagates)."""
    return lo if x < lo else hi if x > hi else x


def _maximum(x: float, y: float) -> float:
    """The larger of x and y; the first on a tie; nan if either is nan."""
    return x if x >= y or x != x else y


def _minimum(x: float, y: float) -> float:
    """The smaller of x and y; the first on a tie; nan if either is nan."""
    return x if x <= y or x != x else y


def _gelu(x: float) -> float:
    """x·Φ(x), Φ the standard normal CDF (the exact, erf-based GELU)."""
    return 0.5 * x * (1.0 + math.erf(x * SQRT_HALF))


def _silu(x: float) -> float:
    """x·sigmoid(x) (swish)."""
    return x * _sigmoid(x)


def _ieee_log(x: float) -> float:
    """log with IEEE's answers: -inf at 0, nan below."""
    return math.log(x) if x > 0.0 else -math.inf if x == 0.0 else math.nan


def _logpow(x: float, y: float, out: float) -> float:
    """d(x ** y)/dy = x ** y · log(x); 0 at x = 0 for y >= 0 (the limit, as PyTorch); nan for x < 0."""
    if x == 0.0 and y >= 0.0:
        return 0.0
    return out * math.log(x)


def _pow_dx(x: float, y: float) -> float:
    """d(x ** y)/dx = y · x ** (y - 1); 0 for y = 0 even at x = 0 (x ** 0 is 1 everywhere)."""
    return 0.0 if y == 0.0 else y * math.pow(x, y - 1.0)


def _pow_dxdy(x: float, y: float) -> float:
    """d²(x ** y)/dx dy = x ** (y - 1) · (1 + y·log(x)). At x = 0 it is 0 for y > 1 (the limit);
    for y <= 1 the limit as x -> 0+ is infinite (-inf, or +inf at y = 0) and there is no
    derivative: nan, as PyTorch's reverse over reverse."""
    if x == 0.0:
        return 0.0 if y > 1.0 else math.nan
    return math.pow(x, y - 1.0) * (1.0 + y * math.log(x))


def _pow_dydy(x: float, y: float) -> float:
    """d²(x ** y)/dy² = x ** y · log(x)². At x = 0: 0 for y > 0 (the limit), nan for y <= 0
    (no limit: log(x)² grows without bound)."""
    if x == 0.0:
        return 0.0 if y > 0.0 else math.nan
    return math.pow(x, y) * math.log(x) ** 2


# -- indicator functions: the pieces of piecewise derivatives (derivative 0) -------------------

pos = Function(
    "pos", float=lambda x: 0.0 if x <= 0.0 else 1.0,
    numpy=lambda np, x: np.where(x <= 0.0, 0.0, 1.0),
    torch=lambda torch, x: (~(x <= 0.0)).to(x.dtype),
    inline="(0.0 if {0} <= 0.0 else 1.0)",
    doc="0 where x <= 0, else 1: relu's derivative (0 at the kink; 1 at nan, where relu passes x on).")
sign = Function(
    "sign", float=lambda x: 1.0 if x > 0.0 else -1.0 if x < 0.0 else 0.0,
    numpy=lambda np, x: np.where(x > 0.0, 1.0, np.where(x < 0.0, -1.0, 0.0)),
    torch=lambda torch, x: torch.sign(x),
    doc="-1, 0 or 1: the derivative of abs, with abs'(0) = 0.")
ge = Function(
    "ge", float=lambda x, y: 1.0 if x >= y or x != x else 0.0,
    numpy=lambda np, x, y: np.where((x >= y) | (x != x), 1.0, 0.0),
    torch=lambda torch, x, y: ((x >= y) | (x != x)).to(x.dtype),
    doc="1 where maximum picks x: x >= y (ties go to the first operand) or x is nan.")
le = Function(
    "le", float=lambda x, y: 1.0 if x <= y or x != x else 0.0,
    numpy=lambda np, x, y: np.where((x <= y) | (x != x), 1.0, 0.0),
    torch=lambda torch, x, y: ((x <= y) | (x != x)).to(x.dtype),
    doc="1 where minimum picks x: x <= y (ties go to the first operand) or x is nan.")
between = Function(
    "between", float=lambda x, lo, hi: 1.0 if lo <= x <= hi else 0.0,
    numpy=lambda np, x, lo, hi: np.where((lo <= x) & (x <= hi), 1.0, 0.0),
    torch=lambda torch, x, lo, hi: ((lo <= x) & (x <= hi)).to(x.dtype),
    doc="1 where lo <= x <= hi: clamp passes the gradient on the closed interval (0 at nan).")


def _szmul_generic(m: Any, a: Any, b: Any) -> Any:
    return 0.0 if primal(a) == 0.0 else a * b


szmul = Function(
    "szmul", float=lambda a, b: 0.0 if a == 0.0 else a * b, generic=_szmul_generic,
    numpy=lambda np, a, b: np.where(a == 0.0, 0.0, a * b),
    torch=lambda torch, a, b: torch.where(a == 0.0, 0.0, a * b).to(b.dtype),
    doc="a·b, but 0 where a is 0 even against inf or nan: x ** 0 has derivative 0 everywhere.")


# -- the derivatives of x ** y ------------------------------------------------------------------
# Composing the first-order rules on Value graphs or duals would make the two mixed partials
# different expressions, which disagree where x = 0 (one route gives 0 or 1 where the other
# gives nan) and where y = 0 (szmul's strong zero cuts d/dy). So in the generic namespace
# (higher order, forward mode) both local derivatives of pow are ops of their own, ``POW_DX``
# and ``POW_DY``, whose rules name the one mixed partial ``pow_dxdy``: Hessians are symmetric
# by construction, at every point.

class PowDerivative(Op):
    """A local derivative of ``x ** y`` as an op with a derivative rule of its own, used only in
    the generic namespace (nodes of ``create_graph`` gradients, duals of forward mode). It is
    not in the registry; ``compile`` writes it out from its rules like a primitive, on every
    backend (the functions it names have float, numpy and torch forms)."""

    compiled_by_call = False

    def __init__(self, name: str, value: Any, derivative: Any) -> None:
        self.name = self.symbol = name
        self.arity = 2
        self.primitive = self
        self.value, self.rule = value, derivative

    def evaluate(self, xs: Any, stored: Any = ()) -> tuple[float, tuple[float, ...]]:
        """The value and local derivatives at numbers, IEEE's inf/nan where they do not exist."""
        x, y = (IEEEFloat(v) for v in xs)
        return float(self.value(IEEE, x, y)), tuple(float(d) for d in self.rule(IEEE, x, y))

    def derivatives(self, m: Math, operands: Any, out: Any, stored: Any = ()) -> tuple:
        return self.rule(m, *operands)

    def forward_terms(self, m: Math, operands: Any, stored: Any = ()) -> list[Any]:
        return [self.value(m, *operands)]

    def __reduce__(self) -> str:
        return self.name.upper()  # pickled by its module-level name


POW_DX = PowDerivative("pow_dx", lambda m, x, y: m.pow_dx(x, y),
                       lambda m, x, y: (m.szmul(y, m.pow_dx(x, y - 1.0)), m.pow_dxdy(x, y)))
POW_DY = PowDerivative("pow_dy", lambda m, x, y: m.logpow(x, y, m.pow(x, y)),
                       lambda m, x, y: (m.pow_dxdy(x, y), m.pow_dydy(x, y)))


pow_dx = Function(
    "pow_dx", float=_pow_dx, generic=lambda m, x, y: apply(POW_DX, (x, y)),
    numpy=lambda np, x, y: np.where(y == 0.0, 0.0, y * np.power(x, y - 1.0)),
    torch=lambda torch, x, y: torch.where(y == 0.0, 0.0, y * torch.pow(x, y - 1.0)).to(x.dtype),
    ieee=lambda x, y: 0.0 if y == 0.0 else y * ieee_pow(x, y - 1.0),
    doc="d(x ** y)/dx = y · x ** (y - 1), 0 where y = 0 (even at x = 0).")
logpow = Function(
    "logpow", float=_logpow, generic=lambda m, x, y, out: apply(POW_DY, (x, y)),
    numpy=lambda np, x, y, out: np.where((x == 0.0) & (y >= 0.0), 0.0, out * np.log(x)),
    torch=lambda torch, x, y, out: torch.where((x == 0.0) & (y >= 0.0), 0.0, out * torch.log(x)).to(x.dtype),
    ieee=lambda x, y, out: 0.0 if x == 0.0 and y >= 0.0 else out * _ieee_log(x),
    doc="d(x ** y)/dy = x ** y · log(x), 0 where x = 0 and y >= 0.")


def _pow_dxdy_generic(m: Any, x: Any, y: Any) -> Any:
    if primal(x) == 0.0:  # the convention above, a constant: third derivatives at x = 0 are 0
        return _pow_dxdy(0.0, primal(y))
    return m.pow(x, y - 1.0) * (1.0 + y * m.log(x))


def _pow_dydy_generic(m: Any, x: Any, y: Any) -> Any:
    if primal(x) == 0.0:
        return _pow_dydy(0.0, primal(y))
    return m.pow(x, y) * m.log(x) * m.log(x)


pow_dxdy = Function(
    "pow_dxdy", float=_pow_dxdy, generic=_pow_dxdy_generic,
    numpy=lambda np, x, y: np.where(x == 0.0, np.where(y > 1.0, 0.0, np.nan),
                                    np.power(x, y - 1.0) * (1.0 + y * np.log(x))),
    torch=lambda torch, x, y: torch.where(x == 0.0, torch.where(y > 1.0, 0.0, torch.nan),
                                          torch.pow(x, y - 1.0) * (1.0 + y * torch.log(x))).to(x.dtype),
    doc="d²(x ** y)/dx dy = x ** (y - 1) · (1 + y·log(x)); at x = 0, 0 for y > 1, else nan.")
pow_dydy = Function(
    "pow_dydy", float=_pow_dydy, generic=_pow_dydy_generic,
    numpy=lambda np, x, y: np.where(x == 0.0, np.where(y > 0.0, 0.0, np.nan),
                                    np.power(x, y) * np.log(x) ** 2),
    torch=lambda torch, x, y: torch.where(x == 0.0, torch.where(y > 0.0, 0.0, torch.nan),
                                          torch.pow(x, y) * torch.log(x) ** 2).to(x.dtype),
    doc="d²(x ** y)/dy² = x ** y · log(x)²; at x = 0, 0 for y > 0, else nan.")


# -- arithmetic ------------------------------------------------------------------------------

add = Primitive(
    "add", arity=2, infix="+", method="__add__", float=operator.add, numpy="add", torch="add",
    derivative=lambda m, x, y, out: (1.0, 1.0),
    doc="x + y. Both local derivatives are 1.")
sub = Primitive(
    "sub", arity=2, infix="-", method="__sub__", float=operator.sub, numpy="subtract", torch="sub",
    derivative=lambda m, x, y, out: (1.0, -1.0),
    doc="x - y. Local derivatives 1 and -1.")
mul = Primitive(
    "mul", arity=2, infix="*", method="__mul__", float=operator.mul, numpy="multiply", torch="mul",
    derivative=lambda m, x, y, out: (y, x),
    doc="x · y. d/dx = y, d/dy = x.")
div = Primitive(
    "div", arity=2, infix="/", method="__truediv__", float=operator.truediv, numpy="divide", torch="div",
    derivative=lambda m, x, y, out: (1.0 / y, -out / y), ieee=ieee_div,
    domain="y != 0", special=((1.0, 0.0), (0.0, 0.0)), positive=(1,),
    doc="x / y. d/dx = 1/y, d/dy = -x/y²; y = 0 is a DomainError.")
neg = Primitive(
    "neg", arity=1, infix="-", symbol="neg", method="__neg__", float=operator.neg, numpy="negative",
    torch="neg", derivative=lambda m, x, out: -1.0,
    doc="-x. Local derivative -1.")
pow = Primitive(
    "pow", arity=2, symbol="**", method="_pow_value", float=math.pow, numpy="power", torch="pow",
    derivative=lambda m, x, y, out: (m.pow_dx(x, y), m.logpow(x, y, out)),
    ieee=ieee_pow, domain="x > 0, or x == 0 with y > 0, or x < 0 with an integer y; no overflow",
    special=((0.0, 0.5), (0.0, 2.0), (0.0, 0.0), (-2.0, 2.0), (-2.0, 0.5), (0.0, -1.0)), positive=(0,),
    bounded=(1,),
    doc="x ** y with a Value exponent. d/dx = y·x^(y-1), d/dy = x^y·log(x).")
powc = Primitive(
    "powc", arity=1, symbol="**", method="_pow_const", float=math.pow,
    # a non-integer k as an array: numpy and torch take a scalar ±0.5 for a square root, nan at
    # x = -inf, where pow (math.pow, and theirs for an array exponent) follows C99: inf, or 0
    numpy=lambda np, x, k: np.power(x, k if float(k).is_integer() else np.full_like(x, k)),
    torch=lambda torch, x, k: torch.pow(x, k if float(k).is_integer() else torch.full_like(x, k)),
    params=(Param("k", samples=(2.0, 3.0, -1.0, 0.5, 1.5, 0.0)),), shown="**{k:g}",
    derivative=lambda m, x, out, k: m.szmul(k, m.powc(x, k - 1.0)),
    ieee=ieee_pow, domain="x > 0, or x == 0 with k >= 0, or x < 0 with an integer k; no overflow",
    special=((0.0,), (-2.0,)), positive=(0,),
    doc="x ** k for a constant k. d/dx = k·x^(k-1) (0 for k = 0).")

# -- elementary functions ----------------------------------------------------------------------

exp = Primitive(
    "exp", arity=1, float=math.exp, numpy="exp", torch="exp",
    derivative=lambda m, x, out: out,
    domain="x <= 709.78 (beyond, e^x overflows)", special=((710.0,),),
    doc="e^x. d/dx = e^x (the result itself).")
log = Primitive(
    "log", arity=1, float=math.log, numpy="log", torch="log", ieee=_ieee_log,
    derivative=lambda m, x, out: 1.0 / x,
    domain="x > 0", special=((0.0,), (-1.0,)), positive=(0,),
    doc="Natural logarithm. d/dx = 1/x; x <= 0 is a DomainError.")
sqrt = Primitive(
    "sqrt", arity=1, float=math.sqrt, numpy="sqrt", torch="sqrt",
    derivative=lambda m, x, out: 0.5 / out,
    domain="x >= 0", special=((0.0,), (-1.0,)), positive=(0,),
    doc="Square root. d/dx = 1/(2·sqrt(x)): inf at 0; x < 0 is a DomainError.")
tanh = Primitive(
    "tanh", arity=1, float=math.tanh, numpy="tanh", torch="tanh",
    derivative=lambda m, x, out: 1.0 - out * out,
    doc="Hyperbolic tangent. d/dx = 1 - tanh(x)².")
sigmoid = Primitive(
    "sigmoid", arity=1, float=_sigmoid, torch="sigmoid",
    numpy=lambda np, x: np.where(x >= 0.0, 1.0 / (1.0 + np.exp(-np.abs(x))),
                                 np.exp(-np.abs(x)) / (1.0 + np.exp(-np.abs(x)))),
    derivative=lambda m, x, out: out * (1.0 - out),
    doc="Logistic function 1/(1 + e^-x), stable for large |x|. d/dx = σ(x)(1 - σ(x)).")
softplus = Primitive(
    "softplus", arity=1, float=_softplus,
    numpy=lambda np, x: np.where(x > 0.0, x, 0.0) + np.log1p(np.exp(-np.abs(x))),
    torch=lambda torch, x: torch.where(x > 0.0, x, 0.0) + torch.log1p(torch.exp(-torch.abs(x))),
    derivative=lambda m, x, out: m.sigmoid(x),
    doc="log(1 + e^x), stable. d/dx = sigmoid(x).")
sin = Primitive(
    "sin", arity=1, float=math.sin, numpy="sin", torch="sin",
    derivative=lambda m, x, out: m.cos(x),
    doc="Sine. d/dx = cos(x).")
cos = Primitive(
    "cos", arity=1, float=math.cos, numpy="cos", torch="cos",
    derivative=lambda m, x, out: -m.sin(x),
    doc="Cosine. d/dx = -sin(x).")
atan = Primitive(
    "atan", arity=1, float=math.atan, numpy="arctan", torch="atan",
    derivative=lambda m, x, out: 1.0 / (1.0 + x * x),
    doc="Arctangent. d/dx = 1/(1 + x²).")
log1p = Primitive(
    "log1p", arity=1, float=math.log1p, numpy="log1p", torch="log1p",
    ieee=lambda x: math.log1p(x) if x > -1.0 else -math.inf if x == -1.0 else math.nan,
    derivative=lambda m, x, out: 1.0 / (1.0 + x),
    domain="x > -1", special=((-1.0,), (-2.0,)), positive=(0,),
    doc="log(1 + x), exact for small x. d/dx = 1/(1 + x); x <= -1 is a DomainError.")
expm1 = Primitive(
    "expm1", arity=1, float=math.expm1, numpy="expm1", torch="expm1",
    derivative=lambda m, x, out: out + 1.0,
    domain="x <= 709.78 (beyond, e^x overflows)", special=((710.0,),),
    doc="e^x - 1, exact for small x. d/dx = e^x.")
erf = Primitive(
    "erf", arity=1, float=math.erf, torch="erf",
    numpy=lambda np, x: np.vectorize(math.erf, otypes=[float])(x),
    derivative=lambda m, x, out: TWO_OVER_SQRT_PI * m.exp(-(x * x)),
    doc="The error function. d/dx = 2/sqrt(π)·e^(-x²).")
gelu = Primitive(
    "gelu", arity=1, float=_gelu,
    numpy=lambda np, x: 0.5 * x * (1.0 + np.vectorize(math.erf, otypes=[float])(x * SQRT_HALF)),
    torch=lambda torch, x: torch.nn.functional.gelu(x),
    derivative=lambda m, x, out: (0.5 * (1.0 + m.erf(x * SQRT_HALF))
                                  + x * INV_SQRT_TWO_PI * m.exp(-0.5 * (x * x))),
    doc="GELU, exact: x·Φ(x) with Φ the standard normal CDF. d/dx = Φ(x) + x·φ(x).")
silu = Primitive(
    "silu", arity=1, float=_silu, torch=lambda torch, x: torch.nn.functional.silu(x),
    numpy=lambda np, x: x * np.where(x >= 0.0, 1.0 / (1.0 + np.exp(-np.abs(x))),
                                     np.exp(-np.abs(x)) / (1.0 + np.exp(-np.abs(x)))),
    derivative=lambda m, x, out: m.sigmoid(x) * (1.0 + x * (1.0 - m.sigmoid(x))),
    doc="SiLU (swish): x·sigmoid(x). d/dx = σ(x)(1 + x(1 - σ(x))).")

stop_gradient = Primitive(
    "stop_gradient", arity=1, float=float, numpy=lambda np, x: x, torch=lambda torch, x: x.detach(),
    derivative=lambda m, x, out: 0.0, differentiable=False,
    doc="x, with no gradient flowing back (JAX's name). What ``detach()`` and ``no_grad`` "
        "become inside a function traced by ``autograd.compile``.")

# -- piecewise ops: kinks and ties ------------------------------------------------------------

relu = Primitive(
    "relu", arity=1, float=_relu, torch="relu",
    numpy=lambda np, x: np.where(x <= 0.0, 0.0, x),
    derivative=lambda m, x, out: m.pos(x), inline="(0.0 if {0} <= 0.0 else {0})",
    kinks=lambda: (0.0,),
    doc="max(x, 0). d/dx = 1 for x > 0, else 0 (0 at the kink).")
leaky_relu = Primitive(
    "leaky_relu", arity=1, float=_leaky_relu,
    numpy=lambda np, x, slope: np.where(x <= 0.0, slope * x, x),
    torch=lambda torch, x, slope: torch.where(x <= 0.0, slope * x, x),
    params=(Param("slope", 0.01, samples=(0.01, 0.2)),),
    derivative=lambda m, x, out, slope: slope + (1.0 - slope) * m.pos(x),
    kinks=lambda slope: (0.0,),
    doc="x for x > 0, else slope·x. d/dx = 1 for x > 0, else slope (slope at the kink).")
abs = Primitive(
    "abs", arity=1, float=abs, numpy="abs", torch="abs",
    derivative=lambda m, x, out: m.sign(x), kinks=lambda: (0.0,),
    doc="|x|. d/dx = sign(x) (0 at the kink).")
step = Primitive(
    "step", arity=1, float=_step,
    numpy=lambda np, x: np.where(x > 0.0, 1.0, np.where(x != x, x, 0.0)),
    torch=lambda torch, x: torch.where(x > 0.0, 1.0, torch.where(x != x, x, 0.0)).to(x.dtype).detach(),
    derivative=lambda m, x, out: 0.0, kinks=lambda: (0.0,),
    doc="The perceptron's step: 1 for x > 0, else 0. d/dx = 0 everywhere (no gradient flows).")


def _check_clamp(lo: float, hi: float) -> None:
    if lo > hi:
        raise ValueError(f"clamp: lo ({lo}) must not exceed hi ({hi})")


clamp = Primitive(
    "clamp", arity=1, float=_clamp,
    numpy=lambda np, x, lo, hi: np.where(x < lo, lo, np.where(x > hi, hi, x)),
    torch=lambda torch, x, lo, hi: torch.clamp(x, lo, hi),
    params=(Param("lo", -1.0, samples=(-1.0, -0.5)), Param("hi", 1.0, samples=(1.0, 2.0))),
    shown="clamp({lo:g}, {hi:g})", validate=_check_clamp,
    derivative=lambda m, x, out, lo, hi: m.between(x, lo, hi),
    kinks=lambda lo, hi: (lo, hi),
    doc="x limited to [lo, hi] (hard tanh by default). d/dx = 1 on [lo, hi], else 0.")
maximum = Primitive(
    "maximum", arity=2, symbol="max", float=_maximum,
    numpy=lambda np, x, y: np.where((x >= y) | (x != x), x, y),
    torch=lambda torch, x, y: torch.where((x >= y) | (x != x), x, y),
    derivative=lambda m, x, y, out: (m.ge(x, y), 1.0 - m.ge(x, y)), ties=True,
    doc="The larger of x and y. The gradient goes to the larger; on a tie, to x.")
minimum = Primitive(
    "minimum", arity=2, symbol="min", float=_minimum,
    numpy=lambda np, x, y: np.where((x <= y) | (x != x), x, y),
    torch=lambda torch, x, y: torch.where((x <= y) | (x != x), x, y),
    derivative=lambda m, x, y, out: (m.le(x, y), 1.0 - m.le(x, y)), ties=True,
    doc="The smaller of x and y. The gradient goes to the smaller; on a tie, to x.")

check_rules()
