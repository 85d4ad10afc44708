"""Arguments and results as trees: numbers (or ``Value``s, or duals) nested in lists and tuples.

A transform flattens each differentiated argument into its scalar leaves, works on the flat
list, and rebuilds results of the same shape, as JAX's pytrees do (only lists and tuples are
containers here). Flattening checks every leaf and names the first bad one by its path, as
the user wrote it (``x[2][0]``), so an error points at the entry to fix.
"""

from __future__ import annotations

import inspect
import numbers
from collections.abc import Callable, Iterator
from typing import Any

Spec = tuple[type, tuple[Any, ...]] | None
"""A tree's shape: ``None`` for a leaf, else the container type and its children's specs."""


def is_scalar(x: Any) -> bool:
    """A leaf: a real number (not a bool), a ``Value`` or a dual number."""
    if getattr(x, "_level", None) is not None:
        return True
    return isinstance(x, numbers.Real) and not isinstance(x, bool)


def flatten(tree: Any, path: str, who: str) -> tuple[list[Any], Spec]:
    """The scalar leaves of ``tree`` in order, and its shape; a ``TypeError`` naming the
    path of a leaf that is not a scalar (``who`` is the transform, for the message)."""
    leaves: list[Any] = []

    def walk(t: Any, p: str) -> Spec:
        if isinstance(t, (list, tuple)):
            return type(t), tuple(walk(c, f"{p}[{i}]") for i, c in enumerate(t))
        if is_scalar(t):
            leaves.append(t)
            return None
        raise TypeError(f"{who}: {p} must be a number, a Value or a nested list of them, "
                        f"not {type(t).__name__}")

    spec = walk(tree, path)
    return leaves, spec


def unflatten(spec: Spec, leaves: list[Any]) -> Any:
    """The tree of shape ``spec`` holding ``leaves`` in order."""
    it = iter(leaves)
    tree = _build(spec, it)
    if next(it, _END) is not _END:
        raise ValueError("unflatten: more leaves than the shape holds")
    return tree


_END = object()


def _build(spec: Spec, it: Iterator[Any]) -> Any:
    if spec is None:
        return next(it)
    kind, children = spec
    return kind(_build(c, it) for c in children)


def map_leaves(fn: Callable[[Any], Any], tree: Any) -> Any:
    """``tree`` with ``fn`` applied to every leaf that is not a list or tuple (no checks)."""
    if isinstance(tree, (list, tuple)):
        return type(tree)(map_leaves(fn, t) for t in tree)
    return fn(tree)


def argument_names(f: Callable[..., Any], n: int) -> list[str]:
    """Names for the first ``n`` positional arguments of ``f`` (its parameter names where it
    has them, else ``args[i]``), so errors say ``x[2][0]``."""
    names = [f"args[{i}]" for i in range(n)]
    try:
        params = list(inspect.signature(f).parameters.values())
    except (TypeError, ValueError):
        return names
    for i, p in enumerate(params[:n]):
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
            names[i] = p.name
        else:
            break
    return names
