"""``Value``'s op methods, generated from the op table, and the table's names lifted to ``Value``.

For each op of :data:`autograd.ops.OPS` this module writes the source of one method —
forward rule and local derivatives inlined, then the node — and ``exec``s it once at
import. The rules stay in one place (the table) while the eager engine pays no call per
rule. ``autograd.methods.source("tanh")`` shows what was generated.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

from . import modes
from .errors import DomainError
from .ops import FLOAT, OPS, Bound, Op
from .value import Value, as_float, const, node

_ARITH = (ArithmeticError, ValueError)  # what math raises outside an op's domain
_BOUND: dict[tuple, Bound] = {}  # ("powc", 2.0) -> the op bound to k = 2, shared by its nodes
_SOURCES: dict[str, str] = {}
_INDICATORS = ("pos(", "sign(", "between(")  # rules whose value is -1, 0 or 1
_UNIT_TUPLES = {1.0: (1.0,), 0.0: (0.0,), -1.0: (-1.0,)}


def bind(op: Op, params: tuple) -> Bound:
    """``op`` with its constant parameters checked and fixed; cached so nodes share it."""
    key = (op.name, *params)
    bound = _BOUND.get(key)
    if bound is None:
        values = tuple(as_float(p, f"{op.name}'s {name}") for name, p in zip(op.params, params))
        if not all(math.isfinite(v) for v in values):
            raise ValueError(f"{op.name}: parameters must be finite, got {params}")
        if op.name == "clamp" and values[0] > values[1]:
            raise ValueError(f"clamp: lo ({values[0]}) must not exceed hi ({values[1]})")
        bound = Bound(op, values)
        if len(_BOUND) < 4096:
            _BOUND[key] = bound
    return bound


def recover(op: Op | Bound, args: tuple[Value, ...]) -> tuple[float, tuple[float, ...]]:
    """Cold path, after the forward rule or a local derivative raised.

    A forward rule outside its domain raises :class:`DomainError` naming the op and the
    operands. Where the value exists but a derivative does not (sqrt at 0), the derivative
    is IEEE's: inf where it diverges, nan where it is undefined.
    """
    base = op.op if isinstance(op, Bound) else op
    scope = dict(zip(base.operands, (a.data for a in args)))
    scope.update(zip(base.params, getattr(op, "params", ())))
    try:
        scope["out"] = eval(base.forward, FLOAT, scope)
    except _ARITH as e:
        operands = ", ".join(f"{name} = {a.data!r}" for name, a in zip(base.operands, args))
        raise DomainError(f"{op}: {operands} is outside its domain ({base.domain}): {e}") from None
    return scope["out"], tuple(_ieee(g, scope) for g in base.grads)


def _ieee_pow(x: float, y: float) -> float:
    try:
        return math.pow(x, y)
    except OverflowError:
        return math.inf
    except ValueError:  # 0 to a negative power diverges; a negative base to a fraction is undefined
        return math.inf if x == 0.0 else math.nan


def _ieee_log(x: float) -> float:
    return math.log(x) if x > 0.0 else -math.inf if x == 0.0 else math.nan


_IEEE = dict(FLOAT, pow=_ieee_pow, log=_ieee_log)
"""The float namespace with IEEE results instead of exceptions, for derivatives at singular points."""


def _ieee(rule: str, scope: dict[str, float]) -> float:
    try:
        return float(eval(rule, _IEEE, scope))
    except (ZeroDivisionError, OverflowError):
        return math.inf
    except ValueError:
        return math.nan


def _operand(x: Any, what: str) -> Value:
    return x if isinstance(x, Value) else Value(as_float(x, what))


# -- code generation -----------------------------------------------------------------------

SCOPE: dict[str, Any] = dict(FLOAT, Value=Value, _new=Value.__new__, _const=const, _node=node,
                             _recover=recover, _bind=bind, _operand=_operand,
                             _UNIT_TUPLES=_UNIT_TUPLES, _BOUND=_BOUND, _ARITH=_ARITH,
                             _plain=True)
"""Globals of the generated methods: the float namespace plus the node-making helpers."""

_TEMPLATE = '''\
def {method}(self{signature}):
{prologue}    x = self.data{load_y}
    try:
        out = {forward}
        locs = {locs}
    except _ARITH:
        out, locs = _recover({opref}, {parents})
    if _plain:
        v = _new(Value)
        v.data = out
        v.grad = 0.0
        v._prev = {parents}
        v._locals = locs
        v._op = {opref}
        v.label = ""
        return v
    return _node(out, {parents}, locs, {opref})
'''

_COERCE = '''\
    if not isinstance(other, Value):
        other = _const(other)
        if other is None:
            return NotImplemented
'''
_COERCE_OR_RAISE = '''\
    if not isinstance(other, Value):
        other = _operand(other, {name!r})
'''


def _generate(op: Op, method: str) -> str:
    """Source of ``Value.<method>`` for ``op``: one straight run, no call per rule."""
    opref = f"_OP_{op.name}"
    if op.arity == 2:  # operators let Python try the other operand; named methods raise
        coerce = _COERCE if method.startswith("_") else _COERCE_OR_RAISE.format(name=method)
        signature, prologue = ", other", coerce
    elif op.params:
        defaults = {"slope": "=0.01", "lo": "=-1.0", "hi": "=1.0"}
        signature = "".join(f", {p}{defaults.get(p, '')}" for p in op.params)
        params = "".join(p + ", " for p in op.params)
        prologue = f"    op = _BOUND.get(({op.name!r}, {params})) or _bind({opref}, ({params}))\n"
        opref = "op"
    else:
        signature, prologue = "", ""
    return _TEMPLATE.format(
        method=method, signature=signature, prologue=prologue, opref=opref,
        load_y="; y = other.data" if op.arity == 2 else "", forward=op.forward,
        locs=_locals_expression(op),
        parents="(self, other)" if op.arity == 2 else "(self,)")


def _locals_expression(op: Op) -> str:
    """The tuple of local derivatives. A piecewise-linear unary op (relu, abs, clamp) has a
    derivative of -1, 0 or 1: those tuples are shared, one allocation fewer per node."""
    if op.arity == 1 and op.grads[0].startswith(_INDICATORS):
        return f"_UNIT_TUPLES[{op.grads[0]}]"
    return "(" + "".join(g + ", " for g in op.grads) + ")"


def _install(op: Op, method: str) -> Any:
    """Generate, keep for :func:`source`, and compile one method; its globals are ``SCOPE``."""
    SCOPE[f"_OP_{op.name}"] = op
    src = _SOURCES[method] = _generate(op, method)
    namespace: dict[str, Any] = {}
    exec(compile(src, f"<autograd {method}>", "exec"), SCOPE, namespace)
    return namespace[method]


def source(name: str) -> str:
    """The generated source of ``Value.<name>`` (e.g. ``"tanh"``, ``"__mul__"``), for reading."""
    return _SOURCES[name]


_DUNDER = {"add": "__add__", "sub": "__sub__", "mul": "__mul__", "div": "__truediv__",
           "neg": "__neg__", "pow": "_pow_value", "powc": "_pow_const", "abs": "abs"}

for _op in OPS.values():
    _name = _DUNDER.get(_op.name, _op.name)
    setattr(Value, _name, _install(_op, _name))


def _pow(self: Value, other: Any) -> Value:
    """``self ** other``: a constant exponent is an op parameter; a ``Value`` exponent a parent."""
    if isinstance(other, Value):
        return self._pow_value(other)
    if isinstance(other, numbers.Real):
        return self._pow_const(other)
    return NotImplemented


def _reflected(name: str) -> Any:
    def method(self: Value, other: Any) -> Any:
        left = const(other)
        return NotImplemented if left is None else getattr(left, name)(self)

    method.__name__ = f"__r{name.strip('_')}__"
    return method


Value.__pow__ = _pow  # type: ignore[attr-defined]
Value.__abs__ = Value.abs  # type: ignore[attr-defined]
for _name in ("__add__", "__sub__", "__mul__", "__truediv__", "_pow_value"):
    _r = "__rpow__" if _name == "_pow_value" else "__r" + _name[2:]
    setattr(Value, _r, _reflected(_name))
Value.__pos__ = lambda self: self  # type: ignore[attr-defined]


def maximum(a: Any, b: Any) -> Value:
    """max(a, b) as a node; on a tie the gradient goes to ``a``."""
    return _operand(a, "maximum").maximum(_operand(b, "maximum"))


def minimum(a: Any, b: Any) -> Value:
    """min(a, b) as a node; on a tie the gradient goes to ``a``."""
    return _operand(a, "minimum").minimum(_operand(b, "minimum"))


# -- the table's names lifted to Value: the rules evaluated on nodes (higher order) ----------


def _lift(name: str) -> Any:
    float_fn = FLOAT[name]
    method = _DUNDER.get(name, name)

    def lifted(x: Any, *params: Any) -> Any:
        if isinstance(x, Value):
            return getattr(x, method)(*params)
        return float_fn(x, *params)

    return lifted


def _data(x: Any) -> float:
    return x.data if isinstance(x, Value) else x


def _indicator(name: str) -> Any:
    float_fn = FLOAT[name]
    return lambda *args: float_fn(*map(_data, args))  # piecewise constant: derivative 0


VALUE: dict[str, Any] = {name: _lift(name) for name in
                         ("exp", "log", "sqrt", "tanh", "sin", "cos", "sigmoid", "softplus",
                          "relu", "leaky_relu", "clamp")}
VALUE.update({name: _indicator(name) for name in ("pos", "sign", "ge", "le", "between")})
VALUE.update(
    abs=abs, maximum=maximum, minimum=minimum,
    pow=lambda x, y: (1.0 if y == 0.0 and not isinstance(y, Value)  # x**0: a constant, no node
                      else x ** y if isinstance(x, Value) or isinstance(y, Value) else math.pow(x, y)),
    logpow=lambda x, out: 0.0 if _data(out) == 0.0 else out * VALUE["log"](x),
)
"""Meaning of every name the rules call, for ``Value`` operands: rules evaluated here build
graphs, which is how ``backward(create_graph=True)`` differentiates gradients."""

modes._sync()
