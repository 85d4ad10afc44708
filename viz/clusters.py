"""Which module (layer, neuron) each node belongs to, from the parameters' dotted labels.

``nn`` labels parameters ``layers.<i>.neurons.<j>.w.<k>`` and ``layers.<i>.neurons.<j>.b``:
the module is the label without the parameter's own name (``layers.0.neurons.1``) and it
nests in the modules that end at an index (``layers.0``). Unlabelled nodes are placed by
two rules, in topological order:

* a node with clustered parameter parents joins their innermost common module (a neuron's
  ``dot`` joins the neuron, though its inputs come from the previous layer);
* otherwise a unary or binary op on nodes of one module joins it (the neuron's activation,
  a chain of adds); an n-ary ``dot`` or ``sum`` over them (a loss term such as the hinge
  ``relu(1 - y·s)``, a sum over a batch) and a loss mixing in a constant join none.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import cache

from autograd import Value

from .ops import is_nary

NN_PARAMETER = re.compile(r"(?:[^.]+\.)*w\.\d+|(?:[^.]+\.)+b")
"""How ``nn`` names parameters: ``...w.<k>`` (a weight) or ``<module>.b`` (a bias)."""


def parameter_test(params: Iterable[Value] | None) -> Callable[[Value], bool]:
    """Which nodes are parameters: exactly ``params`` when given (e.g. ``model.parameters()``),
    else the leaves labelled like an ``nn`` parameter (``layers.0.neurons.1.w.3``, ``neurons.2.b``).

    A labelled input or target (``x``, ``y``, ``a``) is not a parameter.
    """
    if params is not None:
        chosen = list(params)
        bad = next((p for p in chosen if not isinstance(p, Value)), None)
        if bad is not None:
            raise TypeError(f"params must be Values (e.g. model.parameters()), not {type(bad).__name__}")
        return set(chosen).__contains__
    return lambda v: not v._prev and NN_PARAMETER.fullmatch(v.label) is not None


def module_of(label: str) -> str:
    """The module path of a parameter label: drop trailing indices and the name ('' if nothing is left)."""
    parts = label.split(".")
    while parts and parts[-1].isdigit():
        parts.pop()
    return ".".join(parts[:-1])


@cache
def nesting(path: str) -> tuple[str, ...]:
    """The clusters holding a module, outermost first: each prefix ending at an index, then the path."""
    if not path:
        return ()
    parts = path.split(".")
    outer = tuple(".".join(parts[: i + 1]) for i, part in enumerate(parts[:-1]) if part.isdigit())
    return (*outer, path)


def innermost_common(paths: Iterable[str]) -> str:
    """The innermost cluster holding every one of ``paths`` ('' when there is none, or no path)."""
    common: Sequence[str] | None = None
    for path in paths:
        chain = nesting(path)
        if common is None:
            common = chain
            continue
        n = 0
        while n < min(len(common), len(chain)) and common[n] == chain[n]:
            n += 1
        common = common[:n]
        if not common:
            return ""
    return common[-1] if common else ""


def assign_clusters(order: Sequence[Value], is_param: Callable[[Value], bool] | None = None
                    ) -> dict[Value, str]:
    """Each node's module path ('' outside every module); ``order`` lists parents before children.

    Only parameters (``is_param``, by default :func:`parameter_test`'s naming rule) place a leaf in a module.
    """
    is_param = is_param or parameter_test(None)
    cluster: dict[Value, str] = {}
    for v in order:
        if not v._prev:
            cluster[v] = module_of(v.label) if v.label and is_param(v) else ""
            continue
        params = [cluster[p] for p in v._prev if not p._prev and cluster.get(p)]
        if params:
            cluster[v] = innermost_common(params)
        else:
            operands = {cluster[p] for p in v._prev if p in cluster}
            # not an n-ary loss term or batch sum over a module's outputs
            joins = len(v._prev) <= 2 and len(operands) == 1 and not is_nary(v)
            cluster[v] = operands.pop() if joins else ""
    return cluster
