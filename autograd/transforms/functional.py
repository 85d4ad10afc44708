"""Function transforms with JAX's names and semantics: grad, value_and_grad, vjp, jacrev
(= jacobian), jacfwd, hessian and hvp, over functions of numbers and (nested) lists of
numbers, built on :func:`autograd.core.higher.gradients` and forward mode (:mod:`.forward`).

Every transform differentiates argument 0 unless ``argnums`` says otherwise (an index, or a
tuple of indices for a tuple of results); a gradient has the shape of its argument, and the
other arguments reach ``f`` unchanged. Each differentiated scalar becomes a fresh node
before ``f`` sees it, so an inner transform never confuses its variable with an outer one's
(``grad(lambda x: grad(lambda y: x * y)(x))(3.0) == 1``).

Results are plain floats when nothing outside the transform takes part. They are ``Value``
graphs (``create_graph``), so that they can be differentiated again, when a ``Value`` is
among the arguments, when an outer transform is running, or when ``f`` reaches a ``Value``
leaf from outside (a closure over a weight ``w``: ``grad(lambda x: w * x * x)(1.0) ** 2``
is connected to ``w``, and ``backward()`` reaches it, as in JAX and torch.func).

An argument that is a dual number of an enclosing ``jvp`` gives forward-over-reverse: the
variable is the dual with a fresh node inside, and the gradient of a dual result is the dual
of the gradients of its parts (gradients are linear), so ``jvp(grad(f), (x,), (v,))`` is the
Hessian-vector product H·v in one forward and one reverse sweep.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from ..core.higher import gradients
from ..core.modes import enable_grad, transform
from ..core.nary import dot
from ..core.nary import sum as nsum
from ..core.order import topological_order
from ..core.value import Value
from .forward import Dual, jvp
from .trees import Spec, argument_names, flatten, is_scalar, map_leaves, unflatten

Argnums = int | Sequence[int] | None
"""An argument index, a tuple of them, or None for all (what ``autograd.compile`` passes)."""


class Variable:
    """The op of a leaf a transform made for a number it differentiates: shown as a leaf
    (``_op`` is ``""``), but known to be no weight of the user's, so an outer transform whose
    function calls this one does not count it as a ``Value`` from outside."""

    __slots__ = ()
    name = symbol = ""

    def __str__(self) -> str:
        return ""


VARIABLE = Variable()


def grad(f: Callable[..., Any], argnums: Argnums = 0, has_aux: bool = False) -> Callable[..., Any]:
    """The gradient of the scalar function ``f`` with respect to argument ``argnums`` (shaped
    like that argument), or a tuple of gradients for a tuple of indices. With ``has_aux``,
    ``f`` returns ``(value, aux)`` and the result is ``(gradient, aux)``.

    >>> from autograd import grad
    >>> grad(lambda w, x: w[0] * x + w[1] * x * x)([1.0, 2.0], 3.0)
    [3.0, 9.0]
    """

    def gradient(*args: Any) -> Any:
        (_, aux), g = _value_and_grad(f, argnums, has_aux, "grad", args)
        return (g, aux) if has_aux else g

    return _named(gradient, "grad", f)


def value_and_grad(f: Callable[..., Any], argnums: Argnums = 0,
                   has_aux: bool = False) -> Callable[..., tuple[Any, Any]]:
    """``f`` and its gradient in one pass: ``(f(*args), grad(f, argnums)(*args))``; with
    ``has_aux``, ``((value, aux), gradient)``."""

    def both(*args: Any) -> tuple[Any, Any]:
        (value, aux), g = _value_and_grad(f, argnums, has_aux, "value_and_grad", args)
        return ((value, aux) if has_aux else value), g

    return _named(both, "value_and_grad", f)


def vjp(f: Callable[..., Any], *primals: Any, has_aux: bool = False) -> tuple[Any, ...]:
    """``(f(*primals), vjp_fn)`` where ``vjp_fn(cotangent)`` is the tuple of vector-Jacobian
    products ``cotangentᵀ·∂f/∂primal_i``, one per primal and shaped like it. ``f`` may return
    a scalar or a (nested) list of scalars; the cotangent has the shape of that result.
    With ``has_aux``: ``(out, vjp_fn, aux)``. ``vjp_fn`` can be called many times.

    >>> from autograd import vjp
    >>> out, pull = vjp(lambda x, y: [x * y, x + y], 2.0, 3.0)
    >>> out, pull([1.0, 0.0])
    ([6.0, 5.0], (3.0, 2.0))
    """
    which = tuple(range(len(primals)))
    if not which:
        raise TypeError("vjp: the function needs at least one primal to differentiate")
    with _recording() as nested:
        xs, wrt, specs = _variables(f, primals, which, "vjp")
        out, aux = _split_aux(f(*xs), has_aux, f, "vjp")
        outs, out_spec = flatten(out, f"{_name(f)}'s result", "vjp")
        graph = nested or _holds_value(primals) or _reaches_outside(outs, wrt)

    def vjp_fn(cotangent: Any) -> tuple[Any, ...]:
        cts, ct_spec = flatten(cotangent, "the cotangent", "vjp_fn")
        if ct_spec != out_spec:
            raise ValueError(f"vjp_fn: the cotangent must have the shape of {_name(f)}'s result")
        with _recording():
            root = dot(list(outs), cts)
            flat = _gradients(root, wrt, graph or _holds_value(cts))
        return tuple(_split(flat, specs))

    value = out if graph else _concrete(out)
    if has_aux:
        return value, vjp_fn, (aux if graph else _concrete(aux))
    return value, vjp_fn


def jacrev(f: Callable[..., Any], argnums: Argnums = 0, has_aux: bool = False) -> Callable[..., Any]:
    """The Jacobian of ``f`` by reverse mode, one backward sweep per output: for each scalar
    of the result (a scalar or a nested list), the gradient shaped like argument ``argnums``
    (a tuple of them for a tuple of indices). With ``has_aux``: ``(jacobian, aux)``."""

    def jac(*args: Any) -> Any:
        which, single = _argnums(argnums, len(args), "jacrev")
        with _recording() as nested:
            xs, wrt, specs = _variables(f, args, which, "jacrev")
            out, aux = _split_aux(f(*xs), has_aux, f, "jacrev")
            outs, out_spec = flatten(out, f"{_name(f)}'s result", "jacrev")
            orders: dict[int, list[Any]] = {}
            graph = nested or _holds_value([args[i] for i in which]) or _reaches_outside(outs, wrt, orders)
            rows = [_shaped(_gradients(o, wrt, graph, orders), specs, single) for o in outs]
        result = unflatten(out_spec, rows)
        return (result, aux if graph else _concrete(aux)) if has_aux else result

    return _named(jac, "jacrev", f)


jacobian = jacrev
"""``jacobian`` is ``jacrev`` (JAX's alias)."""


def jacfwd(f: Callable[..., Any], argnums: Argnums = 0) -> Callable[..., Any]:
    """The Jacobian of ``f`` by forward mode, one ``jvp`` per input scalar: the same shape as
    :func:`jacrev` (for each output scalar, entries shaped like the differentiated arguments)."""

    def jac(*args: Any) -> Any:
        which, single = _argnums(argnums, len(args), "jacfwd")
        names = argument_names(f, len(args))
        flats = [flatten(args[i], names[i], "jacfwd") for i in which]
        specs = [spec for _, spec in flats]
        primals = [leaf for leaves, _ in flats for leaf in leaves]

        def restricted(*leaves: Any) -> Any:
            xs = list(args)
            for i, tree in zip(which, _split(list(leaves), specs)):
                xs[i] = tree
            return f(*xs)

        columns = []
        for j in range(len(primals)):
            basis = [1.0 if k == j else 0.0 for k in range(len(primals))]
            out, column = jvp(restricted, primals, basis)
            columns.append(flatten(column, f"{_name(f)}'s result", "jacfwd")[0])
        if not columns:
            raise ValueError("jacfwd: the differentiated arguments hold no numbers")
        out_spec = flatten(out, f"{_name(f)}'s result", "jacfwd")[1]
        entries = [_shaped([col[k] for col in columns], specs, single) for k in range(len(columns[0]))]
        return unflatten(out_spec, entries)

    return _named(jac, "jacfwd", f)


def hessian(f: Callable[..., Any], argnums: Argnums = 0) -> Callable[..., Any]:
    """The second derivatives of ``f`` with respect to argument ``argnums``:
    ``jacfwd(jacrev(f, argnums), argnums)`` (forward over reverse, as JAX), so for a list
    argument of n numbers an n×n nested list, and for a vector-valued ``f`` one such matrix
    per output. Arguments default to argument 0 (JAX's rule)."""
    return _named(jacfwd(jacrev(f, argnums), argnums), "hessian", f)


def hvp(f: Callable[..., Any]) -> Callable[[Sequence[Any], Sequence[Any]], list[Any]]:
    """Hessian-vector product: ``hvp(f)(primals, tangents)`` is H(primals)·tangents over all of
    ``f``'s arguments (each a number or a nested list), shaped like ``primals``. Computed
    forward over reverse, ``jvp(grad(f), primals, tangents)``: one forward and one reverse
    sweep, H never formed."""

    def product(primals: Sequence[Any], tangents: Sequence[Any]) -> list[Any]:
        primals, tangents = list(primals), list(tangents)
        gradient = grad(f, tuple(range(len(primals))))
        return list(jvp(gradient, primals, tangents)[1])

    return _named(product, "hvp", f)


# -- helpers ---------------------------------------------------------------------------------


def _value_and_grad(f: Callable[..., Any], argnums: Argnums, has_aux: bool, who: str,
                    args: tuple) -> tuple[tuple[Any, Any], Any]:
    which, single = _argnums(argnums, len(args), who)
    with _recording() as nested:
        xs, wrt, specs = _variables(f, args, which, who)
        out, aux = _split_aux(f(*xs), has_aux, f, who)
        if not is_scalar(out):
            raise TypeError(f"{who}: {_name(f)} must return a scalar (a number or a Value), got "
                            f"{type(out).__name__}; use jacrev or vjp for other results")
        orders: dict[int, list[Any]] = {}
        graph = nested or _holds_value([args[i] for i in which]) or _reaches_outside([out], wrt, orders)
        g = _shaped(_gradients(out, wrt, graph, orders), specs, single)
    if not graph:
        out, aux = _concrete(out), _concrete(aux)
    return (out, aux), g


@contextmanager
def _recording() -> Iterator[bool]:
    """Record the graph while ``f`` runs (even inside ``no_grad``); yields whether this
    transform runs inside another."""
    with transform() as nested, enable_grad():
        yield nested


def _variables(f: Callable[..., Any], args: Sequence[Any], which: Sequence[int],
               who: str) -> tuple[list[Any], list[Any], list[Spec]]:
    """The arguments with every scalar of a differentiated one made a fresh variable; the
    variables' nodes (what to differentiate with respect to); each argument's shape."""
    names = argument_names(f, len(args))
    xs, wrt, specs = list(args), list[Value](), list[Spec]()
    for i in which:
        leaves, spec = flatten(args[i], names[i], who)
        made = [_variable(a) for a in leaves]
        xs[i] = unflatten(spec, [x for x, _ in made])
        wrt.extend(node for _, node in made)
        specs.append(spec)
    return xs, wrt, specs


def _variable(a: Any) -> tuple[Any, Value]:
    """A fresh variable for the scalar ``a`` and its node: a leaf for a number, a one-term sum
    over a ``Value`` (so outer transforms still see through it), and for a dual the dual with
    a variable in place of its primal (forward over reverse)."""
    if isinstance(a, Value):
        node = nsum([a])
        return node, node
    if isinstance(a, Dual):
        inner, node = _variable(a.primal)
        return Dual(inner, a.tangent, a._level), node
    node = Value(float(a))
    node._prim = VARIABLE
    return node, node


def _gradients(root: Any, wrt: list[Value], graph: bool,
               orders: dict[int, list[Any]] | None = None) -> list[Any]:
    """d(root)/d(w) for each ``w``; for a dual root, the duals of its parts' gradients."""
    if isinstance(root, Dual):
        primals = _gradients(root.primal, wrt, graph, orders)
        tangents = _gradients(root.tangent, wrt, graph, orders)
        return [Dual(p, t, root._level) for p, t in zip(primals, tangents)]
    order = None if orders is None else orders.get(id(root))
    return gradients(root, wrt, create_graph=graph, order=order)


def _nodes(x: Any) -> Iterator[Value]:
    """The ``Value``s inside a scalar (a dual's parts, recursively)."""
    if isinstance(x, Value):
        yield x
    elif isinstance(x, Dual):
        yield from _nodes(x.primal)
        yield from _nodes(x.tangent)


def _holds_value(trees: Sequence[Any]) -> bool:
    """True when a ``Value`` is among the scalars of ``trees`` (lists, tuples, duals)."""
    found = False

    def look(x: Any) -> Any:
        nonlocal found
        found = found or any(True for _ in _nodes(x))
        return x

    map_leaves(look, list(trees))
    return found


def _reaches_outside(outs: Sequence[Any], wrt: Sequence[Value],
                     orders: dict[int, list[Any]] | None = None) -> bool:
    """True when a result depends on a ``Value`` leaf made outside the transform (a weight
    ``f`` closes over), not a constant or one of the transform's own variables. The
    topological orders found are kept in ``orders`` for the gradient sweeps."""
    own = {id(w) for w in wrt}
    outside = False
    for out in outs:
        for root in _nodes(out):
            order = topological_order(root)
            if orders is not None:
                orders[id(root)] = order
            if not outside:
                outside = _outer_leaf(root, own) or any(
                    _outer_leaf(p, own) for node in order for p in node._prev)
    return outside


def _outer_leaf(node: Value, own: set[int]) -> bool:
    """A leaf of the user's (not a constant, not a variable of this or an inner transform)."""
    return not node._prev and node._prim == "" and id(node) not in own


def _concrete(tree: Any) -> Any:
    """``tree`` (lists, tuples, dicts) with every ``Value`` replaced by its number (inside
    duals too): results that nothing outside the transform depends on."""
    def number(x: Any) -> Any:
        if isinstance(x, Value):
            return x.data
        if isinstance(x, Dual):
            return Dual(number(x.primal), number(x.tangent), x._level)
        return x

    if isinstance(tree, dict):
        return {k: _concrete(v) for k, v in tree.items()}
    return map_leaves(number, tree)


def _split(flat: list[Any], specs: Sequence[Spec]) -> list[Any]:
    """The flat list cut into one tree per shape of ``specs``."""
    trees, start = [], 0
    for spec in specs:
        n = _count(spec)
        trees.append(unflatten(spec, flat[start:start + n]))
        start += n
    return trees


def _count(spec: Spec) -> int:
    return 1 if spec is None else sum(_count(c) for c in spec[1])


def _shaped(flat: list[Any], specs: Sequence[Spec], single: bool) -> Any:
    """Gradients shaped like their arguments: one tree, or a tuple of them."""
    trees = _split(flat, specs)
    return trees[0] if single else tuple(trees)


def _split_aux(result: Any, has_aux: bool, f: Any, who: str) -> tuple[Any, Any]:
    if not has_aux:
        return result, None
    if not (isinstance(result, (tuple, list)) and len(result) == 2):
        raise TypeError(f"{who}: with has_aux=True, {_name(f)} must return a pair (output, aux), "
                        f"got {type(result).__name__}")
    return result[0], result[1]


def _argnums(argnums: Argnums, n: int, who: str) -> tuple[tuple[int, ...], bool]:
    """The argument indices to differentiate, and whether a single index (not a tuple) was given."""
    if n == 0:
        raise TypeError(f"{who}: the function needs at least one argument to differentiate")
    if argnums is None:  # every argument (autograd.compile's default)
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


def _name(f: Any) -> str:
    return str(getattr(f, "__name__", f))


def _named(fn: Callable[..., Any], transform: str, f: Any) -> Callable[..., Any]:
    fn.__name__ = f"{transform}({getattr(f, '__name__', 'f')})"
    fn.__doc__ = f"{transform} of {getattr(f, '__name__', 'f')}"
    return fn
