"""``autograd.compile(f)``: trace ``f`` once, then run generated straight-line code.

Eager graphs pay for a Python object per op. When a function has the same graph at every
call (a model's loss, say), the graph can be traced once and written out as plain Python:
one line per node forward, one line per gradient backward (the grad_table sweep unrolled),
no objects at all. ``cf.source`` shows the code. ``backend="numpy"`` runs the same code on
arrays, one element per example, so one call runs a whole minibatch.
"""

from __future__ import annotations

import builtins
import numbers
from collections.abc import Callable, Sequence
from typing import Any

from ..core.primitive import FLOAT_FUNCTIONS
from ..core.value import Value, as_float
from ..transforms.functional import _argnums
from . import codegen
from .numpy_backend import NumpyBackend
from .torch_backend import TorchBackend
from .trace import Trace, leaves_like, trace, warn_unreachable


def szmul(g: float, local: float) -> float:
    """g · local with strong zero: 0 when either is exactly 0 (even against inf or nan)."""
    return 0.0 if g == 0.0 or local == 0.0 else g * local


class Program:
    """One specialisation of a compiled function: its source and the function made from it."""

    def __init__(self, source: str, namespace: dict[str, Any], name: str) -> None:
        self.source = source
        scope: dict[str, Any] = {}
        exec(builtins.compile(source, f"<autograd.compile {name}>", "exec"), namespace, scope)
        self.fn = scope[name]


class Compiled:
    """A traced, compiled ``f``: ``value, grads = cf(*xs)``; ``cf.source`` is the generated code.

    One trace per argument structure (how many numbers, how lists nest; for numpy also which
    arguments are arrays and the ``reduce`` mode), cached.
    """

    def __init__(self, f: Callable[..., Any], argnums: Any, backend: str,
                 params: Sequence[Value] | None, strict: bool, has_aux: bool,
                 **backend_options: Any) -> None:
        if not callable(f):
            raise TypeError(f"compile: expected a function, got {type(f).__name__}")
        if backend not in BACKENDS:
            raise ValueError(f"compile: unknown backend {backend!r} (choose from {', '.join(BACKENDS)})")
        self.f, self.argnums, self.backend = f, argnums, backend
        self.params = list(params) if params is not None else []
        self.strict, self.has_aux = strict, has_aux
        self._programs: dict[Any, Program] = {}
        self._last: Program | None = None
        self._impl: Any = BACKENDS[backend](**backend_options)

    @property
    def source(self) -> str:
        """The generated source of the latest specialisation (call ``cf`` once first)."""
        if self._last is None:
            raise RuntimeError("compile: nothing traced yet; call the compiled function once "
                               "(the code depends on the arguments' structure)")
        return self._last.source

    def __call__(self, *xs: Any, **options: Any) -> Any:
        unknown = sorted(set(options) - set(self._impl.options))
        if unknown:
            accepted = ", ".join(self._impl.options) or "none"
            raise TypeError(f"compiled function: unexpected keyword argument(s) {', '.join(unknown)} "
                            f"(arguments are positional; the {self.backend} backend's options: {accepted})")
        key, args, extra = self._impl.prepare(xs, **options)
        program = self._programs.get(key)
        if program is None:
            program = self._programs[key] = self._build(args, key)
        self._last = program
        return self._impl.run(self, program, args, extra, key)

    def _build(self, args: Sequence[Any], key: Any) -> Program:
        which, single = self.which(len(args))
        t, tree = trace(self.f, self._impl.example(args), self.params, self.strict, self.has_aux,
                        ieee=self._impl.ieee)
        names, shapes = self._names(args, tree)
        wrt = [leaf for i in which for leaf in _flatten(tree[i])] + self.params
        warn_unreachable(t, wrt, names)
        e = self._impl.emitter(t, names, wrt, key)
        grads = [codegen.packed(*shapes[i], e.grad_result) for i in which]
        value = f"({e.result()}, {e.aux_result(t.aux)})" if self.has_aux else e.result()
        returns = f"{value}, {grads[0] if single else _tuple(grads)}"
        if self.params:
            shapes.insert(0, ("p", (None,) * len(self.params)))
            returns += ", " + codegen.packed("p", shapes[0][1], e.grad_result)
        lines = [f"def {self.name}({', '.join(self._impl.extra_args + [n for n, _ in shapes])}):"]
        for n, s in shapes:
            lines += codegen.unpack(n, s)
        lines += e.body()
        lines.append(f"    return {returns}")
        return Program("\n".join(lines) + "\n", {**self._impl.namespace, **e.globals}, self.name)

    def which(self, count: int) -> tuple[tuple[int, ...], bool]:
        """The arguments to differentiate and whether one was named alone (``argnums=()``:
        none, for ``params`` only)."""
        if self.argnums == ():
            return (), False
        return _argnums(self.argnums, count, "compile")

    @property
    def name(self) -> str:
        """The generated function's name: ``f``'s own, or ``f`` for a lambda."""
        name = getattr(self.f, "__name__", "f")
        return name if name.isidentifier() and name != "<lambda>" else "f"

    def _names(self, args: Sequence[Any], tree: list[Any]) -> tuple[dict[Value, str], list[tuple[str, Any]]]:
        base = codegen.arg_names(self.f, len(args), {*self._impl.namespace, "p"})
        shapes = [(n, _shape_of(a)) for n, a in zip(base, args)]
        names: dict[Value, str] = {}
        for (n, s), sub in zip(shapes, tree):
            names.update(zip(_flatten(sub), codegen.flat_names(n, s)))
        names.update((p, f"p_{j}") for j, p in enumerate(self.params))
        return names, shapes

    def eager(self, args: Sequence[Any], which: tuple[int, ...]) -> tuple[Any, list[Any]]:
        """The same call through the eager engine (its errors, its IEEE rules), for the rare
        inputs where the generated code raised."""
        leaves: list[Value] = []
        tree = [leaves_like(a, leaves) for a in args]
        out = self.f(*tree)
        aux = None
        if self.has_aux:
            out, aux = out
        out.backward()
        value = (out.data, _numbers(aux)) if self.has_aux else out.data
        return value, [_grads_of(tree[i]) for i in which]


class PythonBackend:
    """Plain floats in and out; the generated code calls the ops' float functions."""

    options: tuple[str, ...] = ()
    ieee = False  # as eager: a domain error raises (the call then reruns eagerly to name it)

    def __init__(self) -> None:
        self.namespace = {**FLOAT_FUNCTIONS, "_szmul": szmul}
        self.extra_args: list[str] = []

    def prepare(self, xs: tuple[Any, ...]) -> tuple[Any, tuple[Any, ...], tuple]:
        """(cache key, arguments as floats, leading extra arguments): the key is the nesting."""
        key = tuple(_checked_shape(x, i) for i, x in enumerate(xs))
        return key, tuple(_floats(x) for x in xs), ()

    def example(self, args: Sequence[Any]) -> Sequence[Any]:
        """The numbers to trace with."""
        return args

    def emitter(self, t: Trace, names: dict[Value, str], wrt: list[Value], key: Any) -> codegen.Emitter:
        """The code writer for this trace."""
        return codegen.Emitter(t, names, wrt)

    def run(self, cf: Compiled, program: Program, args: tuple[Any, ...], extra: tuple, key: Any) -> Any:
        """Call the code (the eager engine where it raised); add the params' gradients to ``.grad``."""
        params = cf.params
        try:
            if not params:
                return program.fn(*args)
            value, grads, pgrads = program.fn([p.data for p in params], *args)
        except (ArithmeticError, ValueError):  # outside an op's domain: the engine says which
            which, single = cf.which(len(args))
            value, grads = cf.eager(args, which)
            return value, grads[0] if single else tuple(grads)
        for p, g in zip(params, pgrads):
            p.grad += g
        return value, grads


BACKENDS: dict[str, Any] = {"python": PythonBackend, "numpy": NumpyBackend, "torch": TorchBackend}
"""The code generators by name: plain floats, numpy arrays (a batch per call), torch tensors."""


def compile(f: Callable[..., Any], argnums: int | Sequence[int] | None = None,
            backend: str = "python", params: Sequence[Value] | None = None,
            strict: bool = True, has_aux: bool = False, **backend_options: Any) -> Compiled:
    """Trace ``f`` (numbers in, one ``Value`` out) on its first call and run generated code.

    ``cf(*xs)`` returns ``(value, grads)``: the gradient with respect to each argument in
    ``argnums`` (all by default; a bare gradient for an int), shaped like the argument (an
    argument may be a list of numbers). ``params``: leaf ``Value``s that ``f`` reads from its
    closure (``model.parameters()``); each call reads their ``.data`` and adds their gradient
    to ``.grad``, as ``backward()`` does. ``backend="numpy"`` takes arrays (see
    :mod:`autograd.numpy_backend`). ``strict=False`` turns the trace-time check for branches
    on traced numbers into a warning. ``has_aux=True`` (JAX's name): ``f`` returns
    ``(output, aux)`` and ``cf`` returns ``((value, aux numbers), grads)``.
    """
    return Compiled(f, argnums, backend, params, strict, has_aux, **backend_options)


# -- argument structure ----------------------------------------------------------------------


def _checked_shape(x: Any, i: int) -> Any:
    """None for a number, a tuple of element shapes for a list (``TypeError`` otherwise)."""
    if type(x) is float:
        return None
    if isinstance(x, (list, tuple)):
        if all(type(e) is float for e in x):
            return (None,) * len(x)
        return tuple(_checked_shape(e, i) for e in x)
    if isinstance(x, numbers.Real) and not isinstance(x, Value):
        return None
    hint = " (arrays need autograd.compile(f, backend='numpy'))" if hasattr(x, "shape") else ""
    raise TypeError(f"compiled function: argument {i} must be a number or a list of numbers, "
                    f"not {type(x).__name__}{hint}")


def _floats(x: Any) -> Any:
    """Numbers as floats (ints too: "plain floats in and out"), nested lists kept."""
    if isinstance(x, (list, tuple)):
        return [_floats(e) for e in x]
    return x if type(x) is float else as_float(x, "a compiled function's argument")


def _shape_of(x: Any) -> Any:
    return tuple(_shape_of(e) for e in x) if isinstance(x, (list, tuple)) else None


def _flatten(tree: Any) -> list[Any]:
    if isinstance(tree, list):
        return [leaf for sub in tree for leaf in _flatten(sub)]
    return [tree]


def _numbers(aux: Any) -> Any:
    if isinstance(aux, (list, tuple)):
        return [_numbers(a) for a in aux]
    return aux.data if isinstance(aux, Value) else float(aux)


def _grads_of(tree: Any) -> Any:
    return [_grads_of(t) for t in tree] if isinstance(tree, list) else tree.grad


def _tuple(items: list[str]) -> str:
    if not items:
        return "()"
    return f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})"
