"""``Value``: one node of the computational graph.

A node holds its number (``data``), its gradient (``grad``), its parents (``_prev``) and, for
each parent, the local derivative d(self)/d(parent) computed when the node was made
(``_locals``). Storing numbers instead of closures keeps nodes small and free of reference
cycles, and turns ``backward()`` into one tight loop (:mod:`autograd.core.backward`).

The op methods (``tanh``, ``__mul__``, ...) are generated from the op definitions in
:mod:`autograd.core.ops` by ``make generate`` into the marked region below: real source, so
``help(Value.tanh)``, ``inspect.getsource``, tracebacks, IDEs and mypy all see them, and each
is one straight run with no call per rule. A test regenerates the region and checks the file
is unchanged.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from typing import Any

from . import backward as _backward_pass
from . import ops as _ops  # noqa: F401 - defines every op: fills the registry the methods read
from . import pickling as _pickling
from .anomaly import check_node
from .modes import ANOMALY, RECORDING, TRACE, fast
from .primitive import ARITH, FLOAT_FUNCTIONS, PRIMITIVES, Op

# -- generated: the functions and ops the methods call (make generate) -- begin
_f_abs = FLOAT_FUNCTIONS["abs"]
_f_atan = FLOAT_FUNCTIONS["atan"]
_f_between = FLOAT_FUNCTIONS["between"]
_f_clamp = FLOAT_FUNCTIONS["clamp"]
_f_cos = FLOAT_FUNCTIONS["cos"]
_f_erf = FLOAT_FUNCTIONS["erf"]
_f_exp = FLOAT_FUNCTIONS["exp"]
_f_expm1 = FLOAT_FUNCTIONS["expm1"]
_f_ge = FLOAT_FUNCTIONS["ge"]
_f_gelu = FLOAT_FUNCTIONS["gelu"]
_f_le = FLOAT_FUNCTIONS["le"]
_f_leaky_relu = FLOAT_FUNCTIONS["leaky_relu"]
_f_log = FLOAT_FUNCTIONS["log"]
_f_log1p = FLOAT_FUNCTIONS["log1p"]
_f_logpow = FLOAT_FUNCTIONS["logpow"]
_f_maximum = FLOAT_FUNCTIONS["maximum"]
_f_minimum = FLOAT_FUNCTIONS["minimum"]
_f_pow = FLOAT_FUNCTIONS["pow"]
_f_pow_dx = FLOAT_FUNCTIONS["pow_dx"]
_f_powc = FLOAT_FUNCTIONS["powc"]
_f_sigmoid = FLOAT_FUNCTIONS["sigmoid"]
_f_sign = FLOAT_FUNCTIONS["sign"]
_f_silu = FLOAT_FUNCTIONS["silu"]
_f_sin = FLOAT_FUNCTIONS["sin"]
_f_softplus = FLOAT_FUNCTIONS["softplus"]
_f_sqrt = FLOAT_FUNCTIONS["sqrt"]
_f_step = FLOAT_FUNCTIONS["step"]
_f_stop_gradient = FLOAT_FUNCTIONS["stop_gradient"]
_f_szmul = FLOAT_FUNCTIONS["szmul"]
_f_tanh = FLOAT_FUNCTIONS["tanh"]
_op_abs = PRIMITIVES["abs"]
_op_add = PRIMITIVES["add"]
_op_atan = PRIMITIVES["atan"]
_op_clamp = PRIMITIVES["clamp"]
_op_cos = PRIMITIVES["cos"]
_op_div = PRIMITIVES["div"]
_op_erf = PRIMITIVES["erf"]
_op_exp = PRIMITIVES["exp"]
_op_expm1 = PRIMITIVES["expm1"]
_op_gelu = PRIMITIVES["gelu"]
_op_leaky_relu = PRIMITIVES["leaky_relu"]
_op_log = PRIMITIVES["log"]
_op_log1p = PRIMITIVES["log1p"]
_op_maximum = PRIMITIVES["maximum"]
_op_minimum = PRIMITIVES["minimum"]
_op_mul = PRIMITIVES["mul"]
_op_neg = PRIMITIVES["neg"]
_op_pow = PRIMITIVES["pow"]
_op_powc = PRIMITIVES["powc"]
_op_relu = PRIMITIVES["relu"]
_op_sigmoid = PRIMITIVES["sigmoid"]
_op_silu = PRIMITIVES["silu"]
_op_sin = PRIMITIVES["sin"]
_op_softplus = PRIMITIVES["softplus"]
_op_sqrt = PRIMITIVES["sqrt"]
_op_step = PRIMITIVES["step"]
_op_stop_gradient = PRIMITIVES["stop_gradient"]
_op_sub = PRIMITIVES["sub"]
_op_tanh = PRIMITIVES["tanh"]
# -- generated -- end

_new = object.__new__
_UNIT = {1.0: (1.0,), 0.0: (0.0,), -1.0: (-1.0,)}
"""Shared tuples for the local derivative of a piecewise-linear op (relu, abs, clamp)."""


def as_float(data: Any, what: str = "Value()") -> float:
    """``data`` as a float, or a ``TypeError`` naming its type (bool and int convert, and
    numpy's scalar bool as bool does)."""
    if isinstance(data, numbers.Real) and not isinstance(data, Value):
        try:
            return float(data)
        except OverflowError:
            digits = math.floor(math.log10(abs(data))) + 1 if isinstance(data, int) else None
            size = f"an int of {digits} digits" if digits else repr(data)[:40]
            raise OverflowError(f"{what}: {size} is too large for a float "
                                f"(at most about 1.8e308)") from None
    if getattr(getattr(data, "dtype", None), "kind", None) == "b" and getattr(data, "shape", None) == ():
        return float(bool(data))  # numpy.bool_: not a numbers.Real, but a bool to its users
    kind = type(data)
    name = kind.__name__ if kind.__module__ == "builtins" else f"{kind.__module__.split('.')[0]}.{kind.__name__}"
    hint = " (use v.data, or v.detach() for a copy without history)" if isinstance(data, Value) else ""
    raise TypeError(f"{what} takes a real number (int, float or bool), not {name}{hint}")


class Manual:
    """The op of a node built by hand, micrograd style: ``Value(t, (x,), 'tanh')`` and then
    ``out._backward = closure``. Backward calls the closure instead of reading ``_locals``."""

    __slots__ = ("backward", "symbol")

    def __init__(self, symbol: str, backward: Callable[[], None] | None = None) -> None:
        self.symbol, self.backward = symbol, backward

    def __str__(self) -> str:
        return self.symbol


class Constant:
    """The op of a leaf that an op made from a plain number (``2`` in ``x * 2``): shown as a
    leaf (``_op`` is ``""``), but known to be no variable of the user's — viz folds it into
    the op that uses it, and the function transforms do not differentiate towards it."""

    __slots__ = ()
    name = symbol = ""
    constant = True
    """Read by ``backward(create_graph=True)``: a constant's gradient is kept as a number."""

    def __str__(self) -> str:
        return ""

    def __repr__(self) -> str:
        return "<constant>"

    def __reduce__(self) -> str:
        return "CONSTANT"  # pickled by reference: the one shared instance


CONSTANT = Constant()


class Value:
    """A scalar in the computational graph, with its gradient.

    >>> a = Value(2.0, label="a"); b = Value(-3.0, label="b")
    >>> c = a * b + a; c.backward()
    >>> a.grad, b.grad
    (-2.0, 2.0)
    """

    __slots__ = ("__weakref__", "_locals", "_prev", "_prim", "data", "grad", "label")

    data: float
    grad: Any  # a float; a Value after backward(create_graph=True)
    label: str
    _prev: tuple[Value, ...]
    _locals: Any  # tuple of floats; None for a node built by hand with a _backward closure
    _prim: Any  # the op (an autograd.core.primitive.Op); "" for a leaf; Manual when built by hand
    _level = 0
    """Interpretation level (dual numbers of forward mode are 1, 2, ...): see ``primitive.apply``."""

    def __init__(self, data: Any, _children: tuple = (), _op: Any = "", label: str = "",
                 _locals: tuple | None = None) -> None:
        self.data = data if type(data) is float else as_float(data)
        self.grad = 0.0
        if not _children and _locals is None and label.__class__ is str:  # a leaf: the common case
            self._prev = self._locals = ()
            self._prim = _op
            self.label = label
            return
        if not isinstance(label, str):
            raise TypeError(f"label must be a str, not {type(label).__name__}")
        children = tuple(_children)
        if not all(isinstance(c, Value) for c in children):
            raise TypeError("a Value's parents (_children) must be Values")
        self._prev = children
        self.label = label
        if _locals is None and children:  # built by hand: backward calls its _backward closure
            self._locals = None
            self._prim = Manual(str(_op))
            return
        locs = () if _locals is None else tuple(_locals)
        if len(locs) != len(children):
            raise TypeError(f"a Value made from {len(children)} parent(s) needs one local "
                            f"derivative per parent (_locals), got {len(locs)}")
        self._locals = locs
        self._prim = _op

    # -- micrograd's attributes --------------------------------------------------------------
    @property
    def _op(self) -> str:
        """The op as a string (``"+"``, ``"tanh"``, ``"dot"``, ``""`` for a leaf), as in micrograd;
        the op object itself is ``_prim``."""
        return str(self._prim)

    @property
    def _backward(self) -> Callable[[], None]:
        """micrograd's per-node step: add this node's gradient times each local derivative to
        its parents' gradients (``grad[p] += grad[self] * d self/d p``)."""
        prim = self._prim
        if isinstance(prim, Manual):
            return prim.backward or _nothing
        return self._propagate

    @_backward.setter
    def _backward(self, fn: Callable[[], None]) -> None:
        if not callable(fn):
            raise TypeError(f"_backward must be callable, not {type(fn).__name__}")
        self._prim = Manual(self._op, fn)
        self._locals = None

    def _propagate(self) -> None:
        g = self.grad
        for parent, local in zip(self._prev, self._locals or ()):
            parent.grad += g * local

    # -- copies ------------------------------------------------------------------------------
    def __reduce_ex__(self, protocol: Any) -> tuple[Any, ...]:
        """Pickle and ``copy.deepcopy`` a whole graph flat, without recursion (a chain of a
        million nodes copies), shared nodes staying shared: :mod:`autograd.core.pickling`."""
        return _pickling.reduce(self)

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        _pickling.restore(self, state)

    def __copy__(self) -> Value:
        """A shallow copy: a new node with the same number, gradient, op and parents."""
        v = _new(type(self))
        v.data, v.grad, v.label, v._prim, v._prev, v._locals = (
            self.data, self.grad, self.label, self._prim, self._prev, self._locals)
        return v

    # -- numbers -------------------------------------------------------------------------------
    def __repr__(self) -> str:
        label = f", label={self.label!r}" if self.label else ""
        return f"Value(data={self.data!r}, grad={self.grad!r}{label})"

    def __float__(self) -> float:
        self._observe("float()")
        return self.data

    def __int__(self) -> int:
        self._observe("int()")
        return int(self.data)

    def __round__(self, ndigits: int | None = None) -> float | int:
        self._observe("round()")
        return round(self.data, ndigits)

    def __format__(self, spec: str) -> str:
        return format(self.data, spec) if spec else repr(self)

    def __bool__(self) -> bool:
        """Truthiness of the number, as for a float (``Value(0.0)`` is false)."""
        self._observe("a truth test (if/while/and/or)")
        return self.data != 0.0

    def item(self) -> float:
        """The number, as a plain float (PyTorch's name)."""
        self._observe(".item()")
        return self.data

    def _primal_number(self) -> float:
        return self.data

    def detach(self) -> Value:
        """A new leaf with the same number and no history: gradients stop here."""
        if TRACE.get() is not None:  # inside autograd.compile: computed at run time, no gradient
            return stopped(self)
        return Value(self.data, label=self.label)

    def backward(self, create_graph: bool = False) -> None:
        """Fill ``.grad`` of every node this one depends on with d(self)/d(node).

        Leaf gradients accumulate across calls until zeroed (PyTorch's rule); interior
        gradients describe this pass only. With ``create_graph=True`` the gradients are
        themselves ``Value`` nodes that can be back-propagated again (higher order).
        """
        _backward_pass.backward(self, create_graph)

    # Comparisons compare the numbers; equality stays identity so nodes can key dicts and sets.
    def __lt__(self, other: Any) -> bool:
        self._observe("a comparison (<)", other)
        return self.data < _number(other)

    def __le__(self, other: Any) -> bool:
        self._observe("a comparison (<=)", other)
        return self.data <= _number(other)

    def __gt__(self, other: Any) -> bool:
        self._observe("a comparison (>)", other)
        return self.data > _number(other)

    def __ge__(self, other: Any) -> bool:
        self._observe("a comparison (>=)", other)
        return self.data >= _number(other)

    __hash__ = object.__hash__

    def _observe(self, what: str, other: Any = None) -> None:
        """Tell the active trace (``autograd.compile``) that the number was used as a number."""
        trace = TRACE.get()
        if trace is not None:
            trace.observe(what, self, other)

    @classmethod
    def _apply_primitive(cls, op: Op, operands: tuple[Any, ...]) -> Value:
        """``op`` on operands among which the highest-level one is a ``Value``: a node (numbers
        become constant leaves). The generated methods do the same, inlined."""
        xs = tuple(operand(x, f"{op.name}'s operand") for x in operands)
        out, locs = op.evaluate([x.data for x in xs])
        return make_node(out, xs, locs, op)

    def __pow__(self, other: Any) -> Value:
        """``self ** other``: a constant exponent is an op parameter (``powc``); a ``Value``
        exponent a parent (``pow``)."""
        if isinstance(other, Value):
            return self._pow_value(other)
        if isinstance(other, numbers.Real):
            return self._pow_const(float(other))
        return NotImplemented

    def __rpow__(self, other: Any) -> Value:
        left = constant(other)
        return NotImplemented if left is None else left._pow_value(self)

    def __pos__(self) -> Value:
        return self

    def __abs__(self) -> Value:
        return self.abs()

    # -- generated: op methods (make generate) -- begin
    def __add__(self, other: Value | float) -> Value:
        """x + y. Both local derivatives are 1.

        Generated from ``autograd.core.ops.add``:
        out = x + y; d/dx = 1.0; d/dy = 1.0.
        """
        right = other if isinstance(other, Value) else constant(other)
        if right is None:
            return NotImplemented
        x = self.data
        y = right.data
        try:
            out = x + y
            locs: tuple[float, ...] = (1.0, 1.0)
        except ARITH:
            out, locs = _op_add.evaluate((x, y))
        if fast():
            v = _new(Value)
            v.data = out
            v.grad = 0.0
            v._prev = (self, right)
            v._locals = locs
            v._prim = _op_add
            v.label = ""
            return v
        return make_node(out, (self, right), locs, _op_add)

    def __radd__(self, other: float) -> Value:
        """``other + self`` for a number ``other`` on the left."""
        left = constant(other)
        return NotImplemented if left is None else left.__add__(self)

    def __sub__(self, other: Value | float) -> Value:
        """x - y. Local derivatives 1 and -1.

        Generated from ``autograd.core.ops.sub``:
        out = x - y; d/dx = 1.0; d/dy = -1.0.
        """
        right = other if isinstance(other, Value) else constant(other)
        if right is None:
            return NotImplemented
        x = self.data
        y = right.data
        try:
            out = x - y
            locs: tuple[float, ...] = (1.0, -1.0)
        except ARITH:
            out, locs = _op_sub.evaluate((x, y))
        if fast():
            v = _new(Value)
            v.data = out
            v.grad = 0.0
            v._prev = (self, right)
            v._locals = locs
            v._prim = _op_sub
            v.label = ""
            return v
        return make_node(out, (self, right), locs, _op_sub)

    def __rsub__(self, other: float) -> Value:
        """``other - self`` for a number ``other`` on the left."""
        left = constant(other)
        return NotImplemented if left is None else left.__sub__(self)

    def __mul__(self, other: Value | float) -> Value:
        """x · y. d/dx = y, d/dy = x.

        Generated from ``autograd.core.ops.mul``:
        out = x * y; d/dx = y; d/dy = x.
        """
        right = other if isinstance(other, Value) else constant(other)
        if right is None:
            return NotImplemented
        x = self.data
        y = right.data
        try:
            out = x * y
            locs: tuple[float, ...] = (y, x)
        except ARITH:
            out, locs = _op_mul.evaluate((x, y))
        if fast():
            v = _new(Value)
            v.data = out
            v.grad = 0.0
            v._prev = (self, right)
            v._locals = locs
            v._prim = _op_mul
            v.label = ""
            return v
        return make_node(out, (self, right), locs, _op_mul)

    def __rmul__(self, other: float) -> Value:
        """``other * self`` for a number ``other`` on the left."""
        left = constant(other)
        return NotImplemented if left is None else left.__mul__(self)

    def __truediv__(self, other: Value | float) -> Value:
        """x / y. d/dx = 1/y, d/dy = -x/y²; y = 0 is a DomainError.

        Generated from ``autograd.core.ops.div``:
        out = x / y; d/dx = 1.0 / y; d/dy = -out / y.
        """
        right = other if isinstance(other, Value) else constant(other)
        if right is None:
            return NotImplemented
        x = self.data
        y = right.data
        try:
            out = x / y
            locs: tuple[float, ...] = (1.0 / y, -out / y)
        except ARITH:
            out, locs = _op_div.evaluate((x, y))
        if fast():
            v = _new(Value)
            v.data = out
            v.grad = 0.0
            v._prev = (self, right)
            v._locals = locs
            v._prim = _op_div
            v.label = ""
            return v
        return make_node(out, (self, right), locs, _op_div)

    def __rtruediv__(self, other: float) -> Value:
        """``other / self`` for a number ``other`` on the left."""
        left = constant(other)
        return NotImplemented if left is None else left.__truediv__(self)

    def __neg__(self) -> Value:
        """-x. Local derivative -1.

        Generated from ``autograd.core.ops.neg``:
        out = -x; d/dx = -1.0.
        """
        x = self.data
        try:
            out = -x
            locs: tuple[float, ...] = (-1.0,)
        except ARITH:
            out, locs = _op_neg.evaluate((x,))
        if fast():
            v = _new(Value)
            v.data = out
            v.grad = 0.0
            v._prev = (self,)
            v._locals = locs
            v._prim = _op_neg
            v.label = ""
            return v
        return make_node(out, (self,), locs, _op_neg)

    def _pow_value(self, other: Value | float) -> Value:
        """x ** y with a Value exponent. d/dx = y·x^(y-1), d/dy = x^y·log(x).

        Generated from ``autograd.core.ops.pow``:
        out = _f_pow(x, y); d/dx = _f_pow_dx(x, y); d/dy = _f_logpow(x, y, out).
        """
        right = operand(other, 'pow')
        x = self.data
        y = right.data
        try:
            out = _f_pow(x, y)
            locs: tuple[float, ...] = (_f_pow_dx(x, y), _f_logpow(x, y, out))
        except ARITH:
            out, locs = _op_pow.evaluate((x, y))
        if fast():
            v = _new(Value)
            v.data = out
            v.grad = 0.0
            v._prev = (self, right)
            v._locals = locs
            v._prim = _op_pow
            v.label = ""
            return v
        return make_node(out, (self, right), locs, _op_pow)

    def _pow_const(self, k: float) -> Value:
        """x ** k for a constant k. d/dx = k·x^(k-1) (0 for k = 0).

        Generated from ``autograd.core.ops.powc``:
        out = _f_powc(x, k); d/dx = _f_szmul(k, _f_powc(x, k - 1.0)).
        """
        op = _op_powc.bind((k,))
        k, = op.params  # checked floats
        x = self.data
        try:
            out = _f_powc(x, k)
            locs: tuple[float, ...] = (_f_szmul(k, _f_powc(x, k - 1.0)),)
        except ARITH:
            out, locs = op.evaluate((x,))
        if fast():
            v = _new(Value)
            v.data = out
            v.grad = 0.0
            v._prev = (self,)
            v._locals = locs
            v._prim = op
            v.label = ""
            return v
        return make_node(out, (self,), locs, op)

    def exp(self) -> Value:
        """e^x. d/dx = e^x (the result itself).

        Generated from ``autograd.core.ops.exp``:
        out = _f_exp(x); d/dx = out.
        """
        x = self.data
        try:
            out = _f_exp(x)
            locs: tuple[float, ...] = (out,)
        except ARITH:
            out, locs = _op_exp.evaluate((x,))
        if fast():
            v = _new(Value)
            v.data = out
            v.grad = 0.0
            v._prev = (self,)
            v._locals = locs
            v._prim = _op_exp
            v.label = ""
            return v
        return make_node(out, (self,), locs, _op_exp)

    def log(self) -> Value:
        """Natural logarithm. d/dx = 1/x; x <= 0 is a DomainError.

        Generated from ``autograd.core.ops.log``:
        out = _f_log(x); d/dx = 1.0 / x.
        """
        x = self.data
        try:
            out = _f_log(x)
            locs: tuple[float, ...] = (1.0 / x,)
        except ARITH:
            out, locs = _op_log.evaluate((x,))
        if fast():
            v = _new(Value)
            v.data = out
            v.grad = 0.0
            v._prev = (self,)
            v._locals = locs
            v._prim = _op_log
            v.label = ""
            return v
        return make_node(out, (self,), locs, _op_log)

    def sqrt(self) -> Value:
        """Square root. d/dx = 1/(2·sqrt(x)): inf at 0; x < 0 is a DomainError.

        Generated from ``autograd.core.ops.sqrt``:
        out = _f_sqrt(x); d/dx = 0.5 / out.
        """
        x = self.data
        try:
            out = _f_sqrt(x)
            locs: tuple[float, ...] = (0.5 / out,)
        except ARITH:
            out, locs = _op_sqrt.evaluate((x,))
        if fast():
            v = _new(Value)
            v.data = out
            v.grad = 0.0
            v._prev = (self,)
            v._locals = locs
            v._prim = _op_sqrt
            v.label = ""
            return v
        return make_node(out, (self,), locs, _op_sqrt)

    def tanh(self) -> Value:
        """Hyperbolic tangent. d/dx = 1 - tanh(x)².

        Generated from ``autograd.core.ops.tanh``:
        out = _f_tanh(x); d/dx = 1.0 - out * out.
        """
        x = self.data
        try:
            out = _f_tanh(x)
            locs: tuple[float, ...] = (1.0 - out * out,)
        except ARITH:
            out, locs = _op_tanh.evaluate((x,))
        if fast():
            v = _new(Value)
            v.data = out
            v.grad = 0.0
            v._prev = (self,)
            v._locals = locs
            v._prim = _op_tanh
            v.label = ""
            return v
        return make_node(out, (self,), locs, _op_tanh)

    def sigmoid(self) -> Value:
        """Logistic function 1/(1 + e^-x), stable for large |x|. d/dx = σ(x)(1 - σ(x)).

        Generated from ``autograd.core.ops.sigmoid``:
        out = _f_sigmoid(x); d/dx = out * (1.0 - out).
        """
        x = self.data
        try:
            out = _f_sigmoid(x)
            locs: tuple[float, ...] = (out * (1.0 - out),)
        except ARITH:
            out, locs = _op_sigmoid.evaluate((x,))
        if fast():
            v = _new(Value)
            v.data = out
            v.grad = 0.0
            v._prev = (self,)
            v._locals = locs
            v._prim = _op_sigmoid
            v.label = ""
            return v
        return make_node(out, (self,), locs, _op_sigmoid)

    def softplus(self) -> Value:
        """log(1 + e^x), stable. d/dx = sigmoid(x).

        Generated from ``autograd.core.ops.softplus``:
        out = _f_softplus(x); d/dx = _f_sigmoid(x).
        """
        x = self.data
        try:
            out = _f_softplus(x)
            locs: tuple[float, ...] = (_f_sigmoid(x),)
        except ARITH:
            out, locs = _op_softplus.evaluate((x,))
        if fast():
            v = _new(Value)
            v.data = out
            v.grad = 0.0
            v._prev = (self,)
            v._locals = locs
            v._prim = _op_softplus
            v.label = ""
            return v
        return make_node(out, (self,), locs, _op_softplus)

    def sin(self) -> Value:
        """Sine. d/dx = cos(x).

        Generated from ``autograd.core.ops.sin``:
        out = _f_sin(x); d/dx = _f_cos(x).
        """
        x = self.data
        try:
            out = _f_sin(x)
            locs: tuple[float, ...] = (_f_cos(x),)
        except ARITH:
            out, locs = _op_sin.evaluate((x,))
        if fast():
            v = _new(Value)
            v.data = out
            v.grad = 0.0
            v._prev = (self,)
            v._locals = locs
            v._prim = _op_sin
            v.label = ""
            return v
        return make_node(out, (self,), locs, _op_sin)

    def cos(self) -> Value:
        """Cosine. d/dx = -sin(x).

        Generated from ``autograd.core.ops.cos``:
        out = _f_cos(x); d/dx = -_f_sin(x).
        """
        x = self.data
        try:
            out = _f_cos(x)
            locs: tuple[float, ...] = (-_f_sin(x),)
        except ARITH:
            out, locs = _op_cos.evaluate((x,))
        if fast():
            v = _new(Value)
            v.data = out
            v.grad = 0.0
            v._prev = (self,)
            v._locals = locs
            v._prim = _op_cos
            v.label = ""
            return v
        return make_node(out, (self,), locs, _op_cos)

    def atan(self) -> Value:
        """Arctangent. d/dx = 1/(1 + x²).

        Generated from ``autograd.core.ops.atan``:
        out = _f_atan(x); d/dx = 1.0 / (1.0 + x * x).
        """
        x = self.data
        try:
            out = _f_atan(x)
            locs: tuple[float, ...] = (1.0 / (1.0 + x * x),)
        except ARITH:
            out, locs = _op_atan.evaluate((x,))
        if fast():
            v = _new(Value)
            v.data = out
            v.grad = 0.0
            v._prev = (self,)
            v._locals = locs
            v._prim = _op_atan
            v.label = ""
            return v
        return make_node(out, (self,), locs, _op_atan)

    def log1p(self) -> Value:
        """log(1 + x), exact for small x. d/dx = 1/(1 + x); x <= -1 is a DomainError.

        Generated from ``autograd.core.ops.log1p``:
        out = _f_log1p(x); d/dx = 1.0 / (1.0 + x).
        """
        x = self.data
        try:
            out = _f_log1p(x)
            locs: tuple[float, ...] = (1.0 / (1.0 + x),)
        except ARITH:
            out, locs = _op_log1p.evaluate((x,))
        if fast():
            v = _new(Value)
            v.data = out
            v.grad = 0.0
            v._prev = (self,)
            v._locals = locs
            v._prim = _op_log1p
            v.label = ""
            return v
        return make_node(out, (self,), locs, _op_log1p)

    def expm1(self) -> Value:
        """e^x - 1, exact for small x. d/dx = e^x.

        Generated from ``autograd.core.ops.expm1``:
        out = _f_expm1(x); d/dx = out + 1.0.
        """
        x = self.data
        try:
            out = _f_expm1(x)
            locs: tuple[float, ...] = (out + 1.0,)
        except ARITH:
            out, locs = _op_expm1.evaluate((x,))
        if fast():
            v = _new(Value)
            v.data = out
            v.grad = 0.0
            v._prev = (self,)
            v._locals = locs
            v._prim = _op_expm1
            v.label = ""
            return v
        return make_node(out, (self,), locs, _op_expm1)

    def erf(self) -> Value:
        """The error function. d/dx = 2/sqrt(π)·e^(-x²).

        Generated from ``autograd.core.ops.erf``:
        out = _f_erf(x); d/dx = 1.1283791670955126 * _f_exp(-(x * x)).
        """
        x = self.data
        try:
            out = _f_erf(x)
            locs: tuple[float, ...] = (1.1283791670955126 * _f_exp(-(x * x)),)
        except ARITH:
            out, locs = _op_erf.evaluate((x,))
        if fast():
            v = _new(Value)
            v.data = out
            v.grad = 0.0
            v._prev = (self,)
            v._locals = locs
            v._prim = _op_erf
            v.label = ""
            return v
        return make_node(out, (self,), locs, _op_erf)

    def gelu(self) -> Value:
        """GELU, exact: x·Φ(x) with Φ the standard normal CDF. d/dx = Φ(x) + x·φ(x).

        Generated from ``autograd.core.ops.gelu``:
        out = _f_gelu(x); d/dx = 0.5 * (1.0 + _f_erf(x * 0.7071067811865476)) + x * 0.3989422804014327 *
            _f_exp(-0.5 * (x * x)).
        """
        x = self.data
        try:
            out = _f_gelu(x)
            locs: tuple[float, ...] = (0.5 * (1.0 + _f_erf(x * 0.7071067811865476)) + x * 0.3989422804014327 * _f_exp(-0.5 * (x * x)),)
        except ARITH:
            out, locs = _op_gelu.evaluate((x,))
        if fast():
            v = _new(Value)
            v.data = out
            v.grad = 0.0
            v._prev = (self,)
            v._locals = locs
            v._prim = _op_gelu
            v.label = ""
            return v
        return make_node(out, (self,), locs, _op_gelu)

    def silu(self) -> Value:
        """SiLU (swish): x·sigmoid(x). d/dx = σ(x)(1 + x(1 - σ(x))).

        Generated from ``autograd.core.ops.silu``:
        out = _f_silu(x); d/dx = _f_sigmoid(x) * (1.0 + x * (1.0 - _f_sigmoid(x))).
        """
        x = self.data
        try:
            out = _f_silu(x)
            locs: tuple[float, ...] = (_f_sigmoid(x) * (1.0 + x * (1.0 - _f_sigmoid(x))),)
        except ARITH:
            out, locs = _op_silu.evaluate((x,))
        if fast():
            v = _new(Value)
            v.data = out
            v.grad = 0.0
            v._prev = (self,)
            v._locals = locs
            v._prim = _op_silu
            v.label = ""
            return v
        return make_node(out, (self,), locs, _op_silu)

    def stop_gradient(self) -> Value:
        """x, with no gradient flowing back (JAX's name). What ``detach()`` and ``no_grad`` become inside a
        function traced by ``autograd.compile``.

        Generated from ``autograd.core.ops.stop_gradient``:
        out = _f_stop_gradient(x); d/dx = 0.0.
        """
        x = self.data
        try:
            out = _f_stop_gradient(x)
            locs: tuple[float, ...] = (0.0,)
        except ARITH:
            out, locs = _op_stop_gradient.evaluate((x,))
        if fast():
            v = _new(Value)
            v.data = out
            v.grad = 0.0
            v._prev = (self,)
            v._locals = locs
            v._prim = _op_stop_gradient
            v.label = ""
            return v
        return make_node(out, (self,), locs, _op_stop_gradient)

    def relu(self) -> Value:
        """max(x, 0). d/dx = 1 for x > 0, else 0 (0 at the kink).

        Generated from ``autograd.core.ops.relu``:
        out = (0.0 if x <= 0.0 else x); d/dx = (0.0 if x <= 0.0 else 1.0).
        """
        x = self.data
        try:
            out = (0.0 if x <= 0.0 else x)
            locs: tuple[float, ...] = _UNIT[(0.0 if x <= 0.0 else 1.0)]
        except ARITH:
            out, locs = _op_relu.evaluate((x,))
        if fast():
            v = _new(Value)
            v.data = out
            v.grad = 0.0
            v._prev = (self,)
            v._locals = locs
            v._prim = _op_relu
            v.label = ""
            return v
        return make_node(out, (self,), locs, _op_relu)

    def leaky_relu(self, slope: float = 0.01) -> Value:
        """x for x > 0, else slope·x. d/dx = 1 for x > 0, else slope (slope at the kink).

        Generated from ``autograd.core.ops.leaky_relu``:
        out = _f_leaky_relu(x, slope); d/dx = slope + (1.0 - slope) * (0.0 if x <= 0.0 else 1.0).
        """
        op = _op_leaky_relu.bind((slope,))
        slope, = op.params  # checked floats
        x = self.data
        try:
            out = _f_leaky_relu(x, slope)
            locs: tuple[float, ...] = (slope + (1.0 - slope) * (0.0 if x <= 0.0 else 1.0),)
        except ARITH:
            out, locs = op.evaluate((x,))
        if fast():
            v = _new(Value)
            v.data = out
            v.grad = 0.0
            v._prev = (self,)
            v._locals = locs
            v._prim = op
            v.label = ""
            return v
        return make_node(out, (self,), locs, op)

    def abs(self) -> Value:
        """|x|. d/dx = sign(x) (0 at the kink).

        Generated from ``autograd.core.ops.abs``:
        out = _f_abs(x); d/dx = _f_sign(x).
        """
        x = self.data
        try:
            out = _f_abs(x)
            locs: tuple[float, ...] = _UNIT[_f_sign(x)]
        except ARITH:
            out, locs = _op_abs.evaluate((x,))
        if fast():
            v = _new(Value)
            v.data = out
            v.grad = 0.0
            v._prev = (self,)
            v._locals = locs
            v._prim = _op_abs
            v.label = ""
            return v
        return make_node(out, (self,), locs, _op_abs)

    def step(self) -> Value:
        """The perceptron's step: 1 for x > 0, else 0. d/dx = 0 everywhere (no gradient flows).

        Generated from ``autograd.core.ops.step``:
        out = _f_step(x); d/dx = 0.0.
        """
        x = self.data
        try:
            out = _f_step(x)
            locs: tuple[float, ...] = (0.0,)
        except ARITH:
            out, locs = _op_step.evaluate((x,))
        if fast():
            v = _new(Value)
            v.data = out
            v.grad = 0.0
            v._prev = (self,)
            v._locals = locs
            v._prim = _op_step
            v.label = ""
            return v
        return make_node(out, (self,), locs, _op_step)

    def clamp(self, lo: float = -1.0, hi: float = 1.0) -> Value:
        """x limited to [lo, hi] (hard tanh by default). d/dx = 1 on [lo, hi], else 0.

        Generated from ``autograd.core.ops.clamp``:
        out = _f_clamp(x, lo, hi); d/dx = _f_between(x, lo, hi).
        """
        op = _op_clamp.bind((lo, hi,))
        lo, hi, = op.params  # checked floats
        x = self.data
        try:
            out = _f_clamp(x, lo, hi)
            locs: tuple[float, ...] = _UNIT[_f_between(x, lo, hi)]
        except ARITH:
            out, locs = op.evaluate((x,))
        if fast():
            v = _new(Value)
            v.data = out
            v.grad = 0.0
            v._prev = (self,)
            v._locals = locs
            v._prim = op
            v.label = ""
            return v
        return make_node(out, (self,), locs, op)

    def maximum(self, other: Value | float) -> Value:
        """The larger of x and y. The gradient goes to the larger; on a tie, to x.

        Generated from ``autograd.core.ops.maximum``:
        out = _f_maximum(x, y); d/dx = _f_ge(x, y); d/dy = 1.0 - _f_ge(x, y).
        """
        right = operand(other, 'maximum')
        x = self.data
        y = right.data
        try:
            out = _f_maximum(x, y)
            locs: tuple[float, ...] = (_f_ge(x, y), 1.0 - _f_ge(x, y))
        except ARITH:
            out, locs = _op_maximum.evaluate((x, y))
        if fast():
            v = _new(Value)
            v.data = out
            v.grad = 0.0
            v._prev = (self, right)
            v._locals = locs
            v._prim = _op_maximum
            v.label = ""
            return v
        return make_node(out, (self, right), locs, _op_maximum)

    def minimum(self, other: Value | float) -> Value:
        """The smaller of x and y. The gradient goes to the smaller; on a tie, to x.

        Generated from ``autograd.core.ops.minimum``:
        out = _f_minimum(x, y); d/dx = _f_le(x, y); d/dy = 1.0 - _f_le(x, y).
        """
        right = operand(other, 'minimum')
        x = self.data
        y = right.data
        try:
            out = _f_minimum(x, y)
            locs: tuple[float, ...] = (_f_le(x, y), 1.0 - _f_le(x, y))
        except ARITH:
            out, locs = _op_minimum.evaluate((x, y))
        if fast():
            v = _new(Value)
            v.data = out
            v.grad = 0.0
            v._prev = (self, right)
            v._locals = locs
            v._prim = _op_minimum
            v.label = ""
            return v
        return make_node(out, (self, right), locs, _op_minimum)
    # -- generated -- end


def _nothing() -> None:
    """A leaf's (or an unset hand-built node's) ``_backward``: nothing to pass on."""


def _number(other: Any) -> float:
    return other.data if isinstance(other, Value) else as_float(other, "comparison with a Value")


def constant(x: Any) -> Value | None:
    """A constant leaf holding the number ``x``, or ``None`` when ``x`` is not a real number."""
    if type(x) is float or (isinstance(x, numbers.Real) and getattr(x, "_level", None) is None):
        v = Value(x)
        v._prim = CONSTANT
        return v
    return None


def operand(x: Any, what: str) -> Value:
    """``x`` as a node: a ``Value`` as it is, a number as a constant leaf, else a ``TypeError``."""
    if isinstance(x, Value):
        return x
    v = Value(as_float(x, what))
    v._prim = CONSTANT
    return v


def make_node(out: float, prev: tuple, locs: tuple, op: Any) -> Value:
    """Make an op's result node, honouring ``no_grad`` and ``detect_anomaly`` (the generated
    methods inline the common case; n-ary ops and the slow modes come here)."""
    v = _new(Value)
    v.data, v.grad, v.label, v._prim = out, 0.0, "", op
    if RECORDING.get():
        v._prev, v._locals = prev, locs
    elif TRACE.get() is not None and prev:  # no_grad inside a traced function: computed, no gradient
        v._prev, v._locals = prev, locs
        return stopped(v)
    else:
        v._prev = v._locals = ()
    if ANOMALY.get() is not None:
        check_node(v, op, prev, locs)
    return v


def stopped(v: Value) -> Value:
    """A ``stop_gradient`` node over ``v``: its number, computed from ``v``, no gradient back."""
    w = _new(Value)
    w.data, w.grad, w.label, w._prim, w._prev, w._locals = v.data, 0.0, "", _op_stop_gradient, (v,), (0.0,)
    return w
