"""The op table: every op's forward rule and local-derivative rules, side by side.

Each rule is a small Python expression over the operands ``x`` (and ``y``), the
op's constant parameters (``k``, ``slope``, ``lo``, ``hi``) and, in derivative
rules, the op's own result ``out``. The names the expressions call (``exp``,
``sigmoid``, ``pos`` ...) are looked up in a *namespace*: plain floats here
(:data:`FLOAT`), ``Value`` nodes for higher-order gradients, numpy arrays for
compiled batches. One table therefore serves the eager engine, symbol-to-symbol
differentiation, forward mode and code generation, with no second copy of a rule.

Subgradients at kinks are chosen once, here: ``relu'(0) = 0``, ``step'(x) = 0``,
``abs'(0) = 0``, ``maximum``/``minimum`` ties send the whole gradient to the first
operand (as in the lecture notes' max rule), and ``clamp`` passes the gradient on the
closed interval ``[lo, hi]``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

# -- the float namespace: what the rules' function names mean for plain floats --------


def sigmoid(x: float) -> float:
    """Logistic function, stable for large |x| (never computes exp of a large positive)."""
    if x >= 0.0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def softplus(x: float) -> float:
    """log(1 + e^x) computed as max(x, 0) + log1p(e^-|x|), exact for large |x|."""
    return (x if x > 0.0 else 0.0) + math.log1p(math.exp(-abs(x)))


def relu(x: float) -> float:
    return x if x > 0.0 else 0.0


def leaky_relu(x: float, slope: float) -> float:
    return x if x > 0.0 else slope * x


def clamp(x: float, lo: float, hi: float) -> float:
    return lo if x < lo else hi if x > hi else x


def pos(x: float) -> float:
    """Indicator of x > 0: the step function, and relu's derivative (0 at the kink)."""
    return 1.0 if x > 0.0 else 0.0


def sign(x: float) -> float:
    """-1, 0 or 1: the derivative of abs, with abs'(0) = 0."""
    return 1.0 if x > 0.0 else -1.0 if x < 0.0 else 0.0


def ge(x: float, y: float) -> float:
    """Indicator of x >= y: ties of maximum go to the first operand."""
    return 1.0 if x >= y else 0.0


def le(x: float, y: float) -> float:
    """Indicator of x <= y: ties of minimum go to the first operand."""
    return 1.0 if x <= y else 0.0


def between(x: float, lo: float, hi: float) -> float:
    """Indicator of lo <= x <= hi: clamp passes the gradient on the closed interval."""
    return 1.0 if lo <= x <= hi else 0.0


def maximum(x: float, y: float) -> float:
    return x if x >= y else y


def minimum(x: float, y: float) -> float:
    return x if x <= y else y


def logpow(x: float, out: float) -> float:
    """d(x**y)/dy = x**y * log(x); 0 where x**y is 0 (its limit), nan for x < 0."""
    return 0.0 if out == 0.0 else out * math.log(x)


FLOAT: dict[str, Any] = {
    "exp": math.exp, "log": math.log, "sqrt": math.sqrt, "tanh": math.tanh,
    "sin": math.sin, "cos": math.cos, "pow": math.pow, "abs": abs,
    "sigmoid": sigmoid, "softplus": softplus, "relu": relu, "leaky_relu": leaky_relu,
    "clamp": clamp, "maximum": maximum, "minimum": minimum, "pos": pos, "sign": sign,
    "ge": ge, "le": le, "between": between, "logpow": logpow,
}
"""Meaning of every name the rules call, for plain Python floats."""

# -- the table ---------------------------------------------------------------------------


class Op:
    """One primitive: name, graph symbol, forward rule and one local-derivative rule per operand."""

    __slots__ = (
        "_compiled",
        "arity",
        "domain",
        "forward",
        "grads",
        "name",
        "params",
        "shown",
        "symbol",
    )

    def __init__(self, name: str, symbol: str, forward: str, grads: tuple[str, ...],
                 params: tuple[str, ...] = (), domain: str = "", shown: str = "") -> None:
        self.name, self.symbol, self.forward, self.grads = name, symbol, forward, grads
        self.arity = len(grads)
        self.params, self.domain = params, domain
        self.shown = shown or symbol  # how a node with bound parameters names its op
        self._compiled: dict[tuple[int, str], Callable[..., Any]] = {}

    @property
    def operands(self) -> tuple[str, ...]:
        return ("x", "y")[: self.arity]

    def rule(self, namespace: dict[str, Any]) -> Callable[..., tuple[Any, tuple[Any, ...]]]:
        """``f(*operands, *params) -> (out, locals)`` with the rules' names bound in ``namespace``.

        Built once per namespace from the same expressions, so floats, ``Value`` nodes and
        numpy arrays all follow the one rule written in the table.
        """
        return self._function(namespace, "rule", self.operands + self.params,
                              f"out = {self.forward}", "out, ")

    def local_rule(self, namespace: dict[str, Any]) -> Callable[..., tuple[Any, ...]]:
        """``f(*operands, out, *params) -> locals``: the derivative rules alone, given the result."""
        return self._function(namespace, "locals", (*self.operands, "out", *self.params), "", "")

    def _function(self, namespace: dict[str, Any], kind: str, args: tuple[str, ...],
                  body: str, head: str) -> Callable[..., Any]:
        key = (id(namespace), kind)
        fn = self._compiled.get(key)
        if fn is None:
            grads = "".join(g + ", " for g in self.grads)
            src = (f"def {self.name}_{kind}({', '.join(args)}):\n"
                   f"    {body or 'pass'}\n"
                   f"    return {head}({grads})\n")
            scope: dict[str, Any] = {}
            exec(compile(src, f"<autograd {self.name} rule>", "exec"), namespace, scope)
            fn = self._compiled[key] = scope[f"{self.name}_{kind}"]
        return fn

    def bind(self, params: tuple[float, ...]) -> Op | Bound:
        """The op with its constant parameters fixed (the op itself when it has none)."""
        return Bound(self, params) if self.params else self

    def __str__(self) -> str:
        return self.symbol

    def __repr__(self) -> str:
        return f"<op {self.name}: {self.forward}>"


class Bound:
    """An op with its constant parameters (``x ** 3``, ``leaky_relu(x, 0.01)``), shared by its nodes."""

    __slots__ = ("op", "params", "symbol")

    def __init__(self, op: Op, params: tuple[float, ...]) -> None:
        self.op, self.params = op, params
        self.symbol = op.shown.format(**dict(zip(op.params, params)))

    @property
    def name(self) -> str:
        return self.op.name

    def __str__(self) -> str:
        return self.symbol

    def __repr__(self) -> str:
        return f"<op {self.symbol}>"


def _table(*ops: Op) -> dict[str, Op]:
    return {op.name: op for op in ops}


OPS: dict[str, Op] = _table(
    Op("add", "+", "x + y", ("1.0", "1.0")),
    Op("sub", "-", "x - y", ("1.0", "-1.0")),
    Op("mul", "*", "x * y", ("y", "x")),
    Op("div", "/", "x / y", ("1.0 / y", "-out / y"), domain="y != 0"),
    Op("neg", "neg", "-x", ("-1.0",)),
    Op("pow", "**", "pow(x, y)", ("y * pow(x, y - 1.0)", "logpow(x, out)"),
       domain="x > 0, or x == 0 with y > 0, or x < 0 with an integer y; no overflow"),
    Op("powc", "**", "pow(x, k)", ("(k * pow(x, k - 1.0) if k else 0.0)",), params=("k",), shown="**{k:g}",
       domain="x > 0, or x == 0 with k >= 0, or x < 0 with an integer k; no overflow"),
    Op("exp", "exp", "exp(x)", ("out",), domain="x <= 709.78 (beyond, e^x overflows)"),
    Op("log", "log", "log(x)", ("1.0 / x",), domain="x > 0"),
    Op("sqrt", "sqrt", "sqrt(x)", ("0.5 / out",), domain="x >= 0"),
    Op("tanh", "tanh", "tanh(x)", ("1.0 - out * out",)),
    Op("sigmoid", "sigmoid", "sigmoid(x)", ("out * (1.0 - out)",)),
    Op("relu", "relu", "relu(x)", ("pos(x)",)),
    Op("leaky_relu", "leaky_relu", "leaky_relu(x, slope)",
       ("slope + (1.0 - slope) * pos(x)",), params=("slope",), shown="leaky_relu({slope:g})"),
    Op("softplus", "softplus", "softplus(x)", ("sigmoid(x)",)),
    Op("abs", "abs", "abs(x)", ("sign(x)",)),
    Op("sin", "sin", "sin(x)", ("cos(x)",)),
    Op("cos", "cos", "cos(x)", ("-sin(x)",)),
    Op("step", "step", "pos(x)", ("0.0",)),
    Op("clamp", "clamp", "clamp(x, lo, hi)", ("between(x, lo, hi)",), params=("lo", "hi"),
       shown="clamp({lo:g}, {hi:g})"),
    Op("maximum", "max", "maximum(x, y)", ("ge(x, y)", "1.0 - ge(x, y)")),
    Op("minimum", "min", "minimum(x, y)", ("le(x, y)", "1.0 - le(x, y)")),
)
"""Every elementwise primitive. ``sum`` and ``dot`` (n-ary) are :data:`SUM` and :data:`DOT`."""

SUM = Op("sum", "sum", "x_1 + ... + x_n", ())
"""n-ary sum: one node with n parents, every local derivative 1."""

DOT = Op("dot", "dot", "w_1*x_1 + ... + w_n*x_n (+ b)", (), params=("pairs",))
"""n-ary dot product ``w·x (+ b)``: one node. Its parents are the ``Value`` side(s) then the
bias; ``pairs`` is n when both sides are ``Value``s (parents ``w_1..w_n, x_1..x_n``), 0 when
one side is constant numbers (parents that side's n ``Value``s only)."""
