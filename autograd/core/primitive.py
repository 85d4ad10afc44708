"""The primitive interface: every op is one object, and every interpretation derives from it.

A :class:`Primitive` holds everything about one op, written once (see :mod:`autograd.core.ops`):

* its **evaluation** for each array library: ``float=`` (the eager engine and generated
  Python), ``numpy=`` and ``torch=`` (compiled batches);
* its **local derivatives** as a Python function over a math namespace ``m``:
  ``derivative=lambda m, x, out: 1.0 - out * out``. The same function is evaluated on
  floats (first order), on ``Value`` nodes (higher order), on dual numbers (forward mode),
  on :class:`~autograd.core.sym.Sym` symbols (generated source) and on arrays;
* its symbol, parameters with defaults and checks, domain, kinks and singular points, and a
  docstring.

A :class:`Function` is a helper the rules call that is not an op of its own: indicators such
as ``pos(x)`` (1 where x > 0) that make derivatives piecewise, or ``logpow``. It too is
defined once for every interpretation.

The interpretations (math namespaces) are built from the registry, never by hand:
:data:`FLOAT`, :data:`IEEE` (floats that give inf/nan instead of raising, for derivatives at
singular points), :data:`SOURCE` (rules as code) and :data:`GENERIC` (rules that dispatch on
their operands: floats, ``Value``s or duals). :func:`check_rules` evaluates every rule on
symbols when the registry is complete, so a rule that names a function the namespaces lack
fails at import, not at first call.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .errors import DomainError
from .modes import ieee_mode
from .sym import Indicator, Sym, call, sym

ARITH = (ArithmeticError, ValueError)
"""What Python's float functions raise outside their domain."""

Impl = str | Callable[..., Any]
"""An array library's implementation: the module attribute's name, or ``f(module, *args)``."""


@dataclass(frozen=True)
class Param:
    """A constant parameter of an op (``slope`` of leaky_relu, ``k`` of ``x ** k``)."""

    name: str
    default: float | None = None
    samples: tuple[float, ...] = ()
    """Values the property tests draw (testing strategies, conformance matrix)."""


class Math:
    """A math namespace: the functions the rules call, in one interpretation."""

    def __init__(self, kind: str, functions: dict[str, Any]) -> None:
        self.kind = kind
        self.__dict__.update(functions)

    def __repr__(self) -> str:
        return f"<math namespace {self.kind}>"


# -- IEEE floats: derivatives where Python's float functions raise -------------------------------


class IEEEFloat(float):
    """A float whose arithmetic follows IEEE 754 instead of raising (1/0 = inf, 0/0 = nan), and
    whose products obey the *strong zero* rule: an exact 0 times anything (inf, nan) is 0.

    Used only on the cold path, to evaluate local derivatives at singular points (sqrt at 0).
    """

    def __truediv__(self, other: Any) -> IEEEFloat:
        return IEEEFloat(ieee_div(float(self), float(other)))

    def __rtruediv__(self, other: Any) -> IEEEFloat:
        return IEEEFloat(ieee_div(float(other), float(self)))

    def __mul__(self, other: Any) -> IEEEFloat:
        a, b = float(self), float(other)
        return IEEEFloat(0.0 if a == 0.0 or b == 0.0 else a * b)

    __rmul__ = __mul__

    def __add__(self, other: Any) -> IEEEFloat:
        return IEEEFloat(float(self) + float(other))

    __radd__ = __add__

    def __sub__(self, other: Any) -> IEEEFloat:
        return IEEEFloat(float(self) - float(other))

    def __rsub__(self, other: Any) -> IEEEFloat:
        return IEEEFloat(float(other) - float(self))

    def __neg__(self) -> IEEEFloat:
        return IEEEFloat(-float(self))


def ieee_div(a: float, b: float) -> float:
    """a / b with IEEE's answers for b = 0: ±inf, or nan for 0/0 and nan operands."""
    if b != 0.0:
        return a / b
    if a == 0.0 or a != a:
        return math.nan
    return math.copysign(math.inf, a) * math.copysign(1.0, b)


def ieee_pow(x: float, y: float) -> float:
    """x ** y with IEEE's answers where ``math.pow`` raises: inf on overflow and at 0 to a
    negative power, nan for a negative base to a fractional power."""
    try:
        return math.pow(x, y)
    except OverflowError:
        pass
    except ValueError:
        if x != 0.0:
            return math.nan  # a negative base to a fractional power
    return math.copysign(math.inf, x) if y % 2.0 == 1.0 else math.inf  # -inf: an odd power of x < 0 or -0


def ieee(fn: Callable[..., float], override: Callable[..., float] | None) -> Callable[..., IEEEFloat]:
    """``fn`` with IEEE results where it raises: ``override`` when given, else inf for an
    overflow or a division by zero and nan for any other domain error."""

    def safe(*args: Any) -> IEEEFloat:
        xs = [float(a) for a in args]
        if override is not None and not all(map(math.isfinite, xs)):
            return IEEEFloat(override(*xs))
        try:
            return IEEEFloat(fn(*xs))
        except ARITH as e:
            if override is not None:
                return IEEEFloat(override(*xs))
            return IEEEFloat(math.inf if isinstance(e, (OverflowError, ZeroDivisionError)) else math.nan)

    return safe


# -- the op interface -------------------------------------------------------------------------


class Op:
    """What every op offers the engine and its interpretations (primitives, bound primitives,
    n-ary ops, custom ops). A node keeps its op in ``node._prim``."""

    name: str
    symbol: str
    params: tuple[float, ...] = ()
    primitive: Any
    arity: Any  # int; None for n-ary ops
    compiled_by_call = False
    """True for ops whose rules are opaque Python (custom ops): compiled code calls them."""

    def evaluate(self, xs: Sequence[float], stored: Sequence[float] = ()) -> tuple[float, tuple[float, ...]]:
        """The result and the local derivatives at the numbers ``xs`` (first order); ``stored``
        are a node's recorded local derivatives, needed where they hold the op's constants (a
        dot with a constant side), as for :meth:`derivatives` and :meth:`forward_terms`.

        Outside the domain a :class:`DomainError` names the op and the operands, unless an
        operand is already nan/inf or IEEE mode is on (inside higher-order rules): then the
        answer is IEEE's. A derivative that does not exist where the value does (sqrt at 0) is
        IEEE's inf or nan.
        """
        raise NotImplementedError

    def derivatives(self, m: Math, operands: Sequence[Any], out: Any, stored: Sequence[Any] = ()) -> tuple:
        """d(out)/d(operand) for each operand in namespace ``m``; ``stored`` are the node's
        local derivatives as recorded at first order (n-ary ops with constant factors)."""
        raise NotImplementedError

    def forward_terms(self, m: Math, operands: Sequence[Any], stored: Sequence[Any] = ()) -> list[Any]:
        """The result in namespace ``m``, as a list of terms to add (one term for an
        elementwise op; n-ary sums are summed by the caller, in chunks)."""
        raise NotImplementedError

    def __str__(self) -> str:
        return self.symbol


class Primitive(Op):
    """One elementwise op: unary or binary, optionally with constant parameters."""

    def __init__(self, name: str, *, arity: int, float: Callable[..., float], numpy: Impl, torch: Impl,
                 derivative: Callable[..., Any], doc: str, symbol: str | None = None,
                 params: tuple[Param, ...] = (), infix: str | None = None, method: str | None = None,
                 domain: str = "", ieee: Callable[..., float] | None = None,
                 kinks: Callable[..., tuple[float, ...]] | None = None, ties: bool = False,
                 special: tuple[tuple[float, ...], ...] = (), positive: tuple[int, ...] = (),
                 bounded: tuple[int, ...] = (), shown: str | None = None,
                 validate: Callable[..., None] | None = None, inline: str | None = None,
                 differentiable: bool = True) -> None:
        self.name, self.arity, self.doc = name, arity, doc
        self.symbol = symbol or infix or name
        self.float_impl, self.numpy_impl, self.torch_impl = float, numpy, torch
        self.rule = derivative
        self.param_specs = params
        self.param_names = tuple(p.name for p in params)
        self.infix, self.domain = infix, domain
        self.method = method or name
        self.ieee_impl = ieee
        self.kinks, self.ties = kinks, ties
        self.special = special
        """Operand tuples worth testing: domain edges, singular points, overflow."""
        self.positive, self.bounded = positive, bounded
        self.shown = shown or self.symbol + "".join(f"({{{p.name}:g}})" for p in params[:1])
        self.check = validate
        self.inline = inline
        self.differentiable = differentiable
        """False where the derivative rule is deliberately not the value's derivative
        (stop_gradient): finite differences cannot check it."""
        self.primitive = self
        self._bound: dict[tuple[Any, ...], Bound] = {}
        _register(self)

    # -- parameters ----------------------------------------------------------------------------
    def bind(self, params: Sequence[Any] = ()) -> Op:
        """The op with its constant parameters checked and fixed (cached, so nodes share it);
        the primitive itself when it has none."""
        if not self.param_specs:
            if params:
                raise TypeError(f"{self.name} takes no parameters, got {tuple(params)}")
            return self
        key = tuple(params)
        bound = self._bound.get(key)
        if bound is None:
            bound = Bound(self, self._checked(key))
            if len(self._bound) < 4096:
                self._bound[key] = bound
        return bound

    def _checked(self, params: tuple[Any, ...]) -> tuple[float, ...]:
        if len(params) != len(self.param_specs):
            raise TypeError(f"{self.name} takes {len(self.param_specs)} parameter(s) "
                            f"({', '.join(self.param_names)}), got {len(params)}")
        values = tuple(as_param(p, f"{self.name}'s {spec.name}") for spec, p in zip(self.param_specs, params))
        bad = [f"{spec.name} = {v!r}" for spec, v in zip(self.param_specs, values) if not math.isfinite(v)]
        if bad:
            raise ValueError(f"{self.name}: parameters must be finite, got {', '.join(bad)}")
        if self.check is not None:
            self.check(*values)
        return values

    def with_defaults(self, params: Sequence[Any], keywords: dict[str, Any]) -> tuple[Any, ...]:
        """Positional and keyword parameters, defaults filled in (a ``TypeError`` naming what
        is missing or unknown)."""
        values = list(params)
        for spec in self.param_specs[len(values):]:
            if spec.name in keywords:
                values.append(keywords.pop(spec.name))
            elif spec.default is not None:
                values.append(spec.default)
            else:
                raise TypeError(f"{self.name}: missing parameter {spec.name!r}")
        if keywords or len(values) > len(self.param_specs):
            raise TypeError(f"{self.name}: unexpected parameter(s) {sorted(keywords) or values}")
        return tuple(values)

    # -- the interface, with parameters given explicitly (Bound passes its own) -------------------
    def evaluate(self, xs: Sequence[float], stored: Sequence[float] = (),
                 params: tuple[float, ...] = ()) -> tuple[float, tuple[float, ...]]:
        try:
            out = self.float_impl(*xs, *params)
            locs = self.derivatives(FLOAT, xs, out, (), params)
        except ARITH:
            return self.recover(xs, params)
        return out, locs

    def recover(self, xs: Sequence[float], params: tuple[float, ...]) -> tuple[float, tuple[float, ...]]:
        """Cold path, after the float value or derivative rule raised: a :class:`DomainError`
        naming the value's own error, or IEEE answers (running the value again tells which failed)."""
        try:
            out = self.float_impl(*xs, *params)
        except ARITH as e:
            if ieee_mode() or not all(map(math.isfinite, xs)):
                out = float(IEEE_FUNCTIONS[self.name](*xs, *params))
            else:
                operands = ", ".join(f"{n} = {x!r}" for n, x in zip(("x", "y"), xs))
                domain = f" ({self.domain})" if self.domain else ""
                symbol = self.shown.format(**dict(zip(self.param_names, params))) if params else self.symbol
                raise DomainError(f"{symbol}: {operands} is outside its domain{domain}: {e}") from None
        wrapped = [IEEEFloat(x) for x in xs]
        locs = self.derivatives(IEEE, wrapped, IEEEFloat(out), (), params)
        return out, tuple(float(loc) for loc in locs)

    def derivatives(self, m: Math, operands: Sequence[Any], out: Any, stored: Sequence[Any] = (),
                    params: tuple[Any, ...] = ()) -> tuple:
        locs = self.rule(m, *operands, out, *params)
        return locs if isinstance(locs, tuple) else (locs,)

    def forward_terms(self, m: Math, operands: Sequence[Any], stored: Sequence[Any] = (),
                      params: tuple[Any, ...] = ()) -> list[Any]:
        return [getattr(m, self.name)(*operands, *params)]

    def __call__(self, *args: Any, **keywords: Any) -> Any:
        """The op on numbers (a float), ``Value``s (a node) or dual numbers (a dual): the
        operand of the highest level decides, as in JAX's interpreters."""
        if len(args) < self.arity:
            raise TypeError(f"{self.name} takes {self.arity} operand(s), got {len(args)}")
        operands, params = args[:self.arity], self.with_defaults(args[self.arity:], dict(keywords))
        return apply(self.bind(params), operands)

    def __repr__(self) -> str:
        return f"<primitive {self.name}>"


class Bound(Op):
    """A primitive with its constant parameters (``x ** 3``, ``leaky_relu(x, 0.01)``), shared by
    the nodes that use it."""

    __slots__ = ("arity", "name", "params", "primitive", "symbol")

    def __init__(self, primitive: Primitive, params: tuple[float, ...]) -> None:
        self.primitive, self.params, self.name = primitive, params, primitive.name
        self.arity = primitive.arity
        self.symbol = primitive.shown.format(**dict(zip(primitive.param_names, params)))

    def evaluate(self, xs: Sequence[float], stored: Sequence[float] = ()) -> tuple[float, tuple[float, ...]]:
        return self.primitive.evaluate(xs, stored, self.params)

    def derivatives(self, m: Math, operands: Sequence[Any], out: Any, stored: Sequence[Any] = ()) -> tuple:
        return self.primitive.derivatives(m, operands, out, stored, self.params)

    def forward_terms(self, m: Math, operands: Sequence[Any], stored: Sequence[Any] = ()) -> list[Any]:
        return self.primitive.forward_terms(m, operands, stored, self.params)

    def __repr__(self) -> str:
        return f"<op {self.symbol}>"


class Function:
    """A function the rules call that is not an op: an indicator (``pos``, ``ge``, ...) whose
    derivative is 0, or a helper written with the primitives (``generic``)."""

    def __init__(self, name: str, *, float: Callable[..., float], numpy: Impl, torch: Impl,
                 generic: Callable[..., Any] | None = None, doc: str, inline: str | None = None,
                 ieee: Callable[..., float] | None = None) -> None:
        self.name, self.doc, self.inline = name, doc, inline
        self.float_impl, self.numpy_impl, self.torch_impl = float, numpy, torch
        self.generic = generic
        """``generic(m, *args)`` in the generic namespace; None for an indicator (piecewise
        constant: evaluated on the operands' numbers, its derivative is 0)."""
        self.ieee_impl = ieee
        _register(self)

    def __repr__(self) -> str:
        return f"<function {self.name}>"


def as_param(x: Any, what: str) -> float:
    """A parameter as a float (``TypeError`` naming ``what`` for anything but a real number)."""
    if isinstance(x, numbers.Real) and getattr(x, "_level", None) is None:
        return float(x)
    raise TypeError(f"{what} must be a real number, not {type(x).__name__}")


# -- dispatch: which interpretation runs an op -------------------------------------------------


def apply(op: Op, operands: Sequence[Any]) -> Any:
    """``op`` on ``operands``: the operand type with the highest ``_level`` (``Value`` 0,
    dual numbers 1, 2, ... per nested ``jvp``) interprets it; plain numbers give a float."""
    top = None
    for x in operands:
        level = getattr(x, "_level", None)
        if level is not None and (top is None or level > top._level):
            top = x
    if top is None:
        return op.evaluate([as_number(x, op.name) for x in operands])[0]
    return type(top)._apply_primitive(op, tuple(operands))


def primal(x: Any) -> float:
    """The plain number inside ``x`` (a ``Value``'s data, a dual's primal, recursively)."""
    while not isinstance(x, (int, float)):
        x = x._primal_number()
    return float(x)


def as_number(x: Any, what: str) -> float:
    """A real number as a float, or a ``TypeError`` naming ``what``."""
    if isinstance(x, float):
        return x
    if isinstance(x, numbers.Real) and getattr(x, "_level", None) is None:
        return float(x)
    raise TypeError(f"{what} takes real numbers, not {type(x).__name__}")


# -- the registry and the namespaces derived from it -------------------------------------------

PRIMITIVES: dict[str, Primitive] = {}
"""Every elementwise op, by name, in definition order."""
FUNCTIONS: dict[str, Function] = {}
"""Every helper the rules may call, by name."""
FLOAT_FUNCTIONS: dict[str, Callable[..., Any]] = {}
"""Name -> float implementation: the globals of generated code and methods."""
IEEE_FUNCTIONS: dict[str, Callable[..., Any]] = {}
FLOAT = Math("float", {})
IEEE = Math("ieee", {})
SOURCE = Math("source", {})
GENERIC = Math("generic", {"primal": primal})


def _register(entry: Primitive | Function) -> None:
    name = entry.name
    if name in PRIMITIVES or name in FUNCTIONS or name in ("primal", "kind"):
        raise ValueError(f"an op or function named {name!r} is already defined")
    if not callable(entry.float_impl):
        raise TypeError(f"{name}: float= must be callable")
    for lib in ("numpy", "torch"):
        impl = getattr(entry, f"{lib}_impl")
        if not (isinstance(impl, str) or callable(impl)):
            raise TypeError(f"{name}: {lib}= must name the module's function or be f(module, *args)")
    if isinstance(entry, Primitive):
        PRIMITIVES[name] = entry
    else:
        FUNCTIONS[name] = entry
    FLOAT_FUNCTIONS[name] = entry.float_impl
    IEEE_FUNCTIONS[name] = ieee(entry.float_impl, entry.ieee_impl)
    setattr(FLOAT, name, entry.float_impl)
    setattr(IEEE, name, IEEE_FUNCTIONS[name])
    setattr(SOURCE, name, source_function(entry))
    setattr(GENERIC, name, entry if isinstance(entry, Primitive) else _generic_function(entry))


def source_function(entry: Primitive | Function, prefix: str = "",
                    inline: bool = False) -> Callable[..., Sym]:
    """How a call of ``entry`` reads in generated source: an operator for arithmetic, the
    entry's inline form when asked and the argument is a plain name, else ``prefix + name(...)``.
    Indicator calls come out as :class:`~autograd.core.sym.Indicator`."""
    infix = getattr(entry, "infix", None)
    if infix is not None and entry.name == "neg":
        return lambda x: -sym(x)
    if infix is not None:
        return {"+": lambda x, y: sym(x) + y, "-": lambda x, y: sym(x) - y,
                "*": lambda x, y: sym(x) * y, "/": lambda x, y: sym(x) / y}[infix]
    indicator = isinstance(entry, Function) and entry.generic is None

    def render(*args: Any) -> Sym:
        texts = [sym(a).text for a in args]
        if inline and entry.inline is not None and len(args) == 1 and texts[0].isidentifier():
            s = Sym(entry.inline.format(texts[0]))
        else:
            s = call(prefix + entry.name, args)
        return Indicator(s.text, s.prec) if indicator else s

    return render


def source_namespace(prefix: str = "", inline: bool = False) -> Math:
    """A namespace in which rules return their source: ``prefix`` before every function name
    (the generated methods use ``_f_``), hot indicators written out inline when ``inline``."""
    entries: list[Primitive | Function] = [*PRIMITIVES.values(), *FUNCTIONS.values()]
    return Math(f"source{prefix}", {e.name: source_function(e, prefix, inline) for e in entries})


def _generic_function(entry: Function) -> Callable[..., Any]:
    if entry.generic is not None:
        rule = entry.generic
        return lambda *args: rule(GENERIC, *args)
    fn = entry.float_impl
    return lambda *args: fn(*map(primal, args))  # piecewise constant: no graph, no tangent


def array_namespace(module: Any, lib: str) -> dict[str, Any]:
    """Name -> implementation for an array library (``lib`` is "numpy" or "torch"), from the
    registry: every op and function declares its own."""
    found: dict[str, Any] = {}
    for name, entry in [*PRIMITIVES.items(), *FUNCTIONS.items()]:
        impl = getattr(entry, f"{lib}_impl")
        if isinstance(impl, str):
            found[name] = getattr(module, impl)
        else:
            found[name] = (lambda f: lambda *args: f(module, *args))(impl)
    return found


def check_rules() -> None:
    """Evaluate every rule on symbols: a rule that calls a function no namespace has, or
    returns the wrong number of derivatives, fails here, at import."""
    for prim in PRIMITIVES.values():
        operands = [Sym(n) for n in ("x", "y")[:prim.arity]]
        params = [Sym(p) for p in prim.param_names]
        try:
            locs = prim.derivatives(SOURCE, operands, Sym("out"), (), tuple(params))
            prim.forward_terms(SOURCE, operands, (), tuple(params))
        except AttributeError as e:
            raise ImportError(f"op {prim.name}: its rule calls a function that is not defined "
                              f"(define it as an op or a Function): {e}") from None
        if len(locs) != prim.arity:
            raise ImportError(f"op {prim.name}: the derivative rule gives {len(locs)} local "
                              f"derivative(s) for {prim.arity} operand(s)")
