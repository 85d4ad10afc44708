"""Function transforms over Python functions of scalar arguments: grad, value_and_grad,
jacobian, hessian and hvp (JAX's names), built on :func:`autograd.higher.gradients`.

Arguments may be plain numbers or ``Value`` nodes. With numbers in, results are floats.
With a ``Value`` anywhere in the arguments, or inside another transform (whose variables
``f`` may close over), the gradients are built as graphs (``create_graph``), so transforms
compose: ``grad(grad(f))`` is the second derivative. Each argument is wrapped in a fresh
node before ``f`` sees it, so an inner transform never confuses its variable with an outer
one's (``grad(lambda x: grad(lambda y: x * y)(x))(3.0) == 1``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from ..core.higher import gradients
from ..core.modes import enable_grad, transform
from ..core.nary import dot
from ..core.nary import sum as nsum
from ..core.value import Value, as_float

Argnums = int | Sequence[int] | None


def grad(f: Callable[..., Any], argnums: Argnums = 0) -> Callable[..., Any]:
    """The gradient of the scalar function ``f`` with respect to argument ``argnums``
    (an index, or a tuple of indices for a tuple of gradients)."""

    def gradient(*args: Any) -> Any:
        return value_and_grad(f, argnums)(*args)[1]

    return _named(gradient, "grad", f)


def value_and_grad(f: Callable[..., Any], argnums: Argnums = 0) -> Callable[..., tuple[Any, Any]]:
    """``f`` and its gradient in one pass: ``(f(*args), grad(f, argnums)(*args))``."""

    def both(*args: Any) -> tuple[Any, Any]:
        which, single = _argnums(argnums, len(args), "value_and_grad")
        with _tracing(args) as graph:
            xs = _variables(args, which)
            out = _scalar(f(*xs), f)
            grads = gradients(out, [xs[i] for i in which], create_graph=graph)
        value = out if graph or not isinstance(out, Value) else out.data
        return value, grads[0] if single else tuple(grads)

    return _named(both, "value_and_grad", f)


def jacobian(f: Callable[..., Any], argnums: Argnums = None) -> Callable[..., list[list[Any]]]:
    """The Jacobian of ``f`` (scalar arguments to a sequence of m scalars, or one scalar
    counted as m = 1) as m rows of n entries, n the number of arguments differentiated
    (all of them by default)."""

    def jac(*args: Any) -> list[list[Any]]:
        which, _ = _argnums(argnums, len(args), "jacobian")
        with _tracing(args) as graph:
            xs = _variables(args, which)
            outs = f(*xs)
            outs = [outs] if _is_scalar(outs) else [_scalar(o, f) for o in _sequence(outs, f)]
            wrt = [xs[i] for i in which]
            return [gradients(o, wrt, create_graph=graph) for o in outs]

    return _named(jac, "jacobian", f)


def hessian(f: Callable[..., Any], argnums: Argnums = None) -> Callable[..., list[list[Any]]]:
    """The n×n matrix of second derivatives of the scalar function ``f`` (the Jacobian of its
    gradient), over all arguments by default."""

    def hess(*args: Any) -> list[list[Any]]:
        which, _ = _argnums(argnums, len(args), "hessian")
        return jacobian(grad(f, tuple(which)), tuple(which))(*args)

    return _named(hess, "hessian", f)


def hvp(f: Callable[..., Any]) -> Callable[[Sequence[Any], Sequence[Any]], list[Any]]:
    """Hessian-vector product: ``hvp(f)(primals, tangents)`` is H(primals)·tangents, computed as
    the gradient of ∇f·v (reverse over reverse) without forming H."""

    def product(primals: Sequence[Any], tangents: Sequence[Any]) -> list[Any]:
        primals, tangents = _sequence(primals, "hvp's primals"), _sequence(tangents, "hvp's tangents")
        if len(primals) != len(tangents):
            raise ValueError(f"hvp: {len(primals)} primals but {len(tangents)} tangents")
        which = tuple(range(len(primals)))
        if any(isinstance(t, Value) for t in tangents):  # results must be graphs over them
            primals = [p if isinstance(p, Value) else Value(as_float(p, "hvp's primals")) for p in primals]

        def directional(*xs: Any) -> Any:
            return dot(grad(f, which)(*xs), tangents)

        return list(grad(directional, which)(*primals))

    return _named(product, "hvp", f)


# -- helpers ---------------------------------------------------------------------------------


@contextmanager
def _tracing(args: tuple) -> Iterator[bool]:
    """Record the graph while ``f`` runs; yields whether to build gradients as graphs: when
    a ``Value`` is among the arguments or an outer transform is running."""
    with transform() as depth, enable_grad():
        yield depth > 0 or any(isinstance(a, Value) for a in args)


def _variables(args: tuple, which: Sequence[int]) -> list[Any]:
    """The arguments with each differentiated one a fresh node: a leaf for a number, a
    one-term sum over a ``Value`` (so outer transforms still see through it)."""
    xs = list(args)
    for i in which:
        a = xs[i]
        xs[i] = nsum([a]) if isinstance(a, Value) else Value(as_float(a, f"argument {i}"))
    return xs


def _argnums(argnums: Argnums, n: int, who: str) -> tuple[tuple[int, ...], bool]:
    """The argument indices to differentiate, and whether a single index (not a tuple) was given."""
    if n == 0:
        raise TypeError(f"{who}: the function needs at least one argument to differentiate")
    if argnums is None:
        return tuple(range(n)), False
    single = isinstance(argnums, int)
    which: tuple[Any, ...] = (argnums,) if isinstance(argnums, int) else tuple(argnums)
    for i in which:
        if isinstance(i, bool) or not isinstance(i, int):
            raise TypeError(f"{who}: argnums must be ints, got {i!r}")
        if not -n <= i < n:
            raise ValueError(f"{who}: argnums {i} is out of range for {n} argument(s)")
    which = tuple(i % n for i in which)
    if not which or len(set(which)) != len(which):
        raise ValueError(f"{who}: argnums must be distinct and not empty, got {argnums!r}")
    return which, single


def _is_scalar(out: Any) -> bool:
    return isinstance(out, (Value, int, float))


def _scalar(out: Any, f: Any) -> Any:
    if _is_scalar(out):
        return out
    raise TypeError(f"{getattr(f, '__name__', f)!s} must return a scalar (a Value or a number), "
                    f"got {type(out).__name__}")


def _sequence(items: Any, what: Any) -> list[Any]:
    try:
        return list(items)
    except TypeError:
        raise TypeError(f"{getattr(what, '__name__', what)!s}: expected a sequence, "
                        f"got {type(items).__name__}") from None


def _named(fn: Callable[..., Any], transform: str, f: Any) -> Callable[..., Any]:
    fn.__name__ = f"{transform}({getattr(f, '__name__', 'f')})"
    fn.__doc__ = f"{transform} of {getattr(f, '__name__', 'f')}"
    return fn
