"""``Module``: the base of every network, with named parameters, train/eval and state dicts.

Parameters are found by walking a module's attributes in definition order: a ``Value``
is a parameter, a ``Module`` is walked into, a list or tuple is walked item by item. The
dotted path to a parameter is its name (``layers.0.neurons.3.w.1``) and also its label,
so graphs drawn by ``viz`` say which weight each leaf is.
"""

from __future__ import annotations

import functools
import math
import numbers
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Self

from autograd import Value


class Module:
    """Base class of networks: ``parameters()``, ``zero_grad()``, ``train()``/``eval()``, state dicts.

    Subclasses set their parameters and submodules as attributes in ``__init__``; once
    any ``__init__`` returns, every parameter is labelled with its dotted name.

    >>> from nn import MLP
    >>> model = MLP(2, [3, 1], seed=0)
    >>> [name for name, _ in model.named_parameters()][:3]
    ['layers.0.neurons.0.w.0', 'layers.0.neurons.0.w.1', 'layers.0.neurons.0.b']
    >>> state = model.state_dict()
    >>> model.zero_grad(); model.load_state_dict(state); model.num_parameters()
    13
    """

    training: bool = True
    __call__: Callable[..., Any]
    """Every subclass computes its output by being called (``model(x)``); Module declares it
    so code taking any module can call one."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        init = cls.__dict__.get("__init__")
        if init is not None:
            @functools.wraps(init)
            def labelled_init(self: Module, *args: Any, **kw: Any) -> None:
                init(self, *args, **kw)
                self.label_parameters()

            setattr(cls, "__init__", labelled_init)  # noqa: B010 (mypy rejects assigning to a method)

    # -- parameters ----------------------------------------------------------------------
    def named_parameters(self) -> list[tuple[str, Value]]:
        """``(dotted name, parameter)`` pairs in definition order, each parameter once."""
        found: list[tuple[str, Value]] = []
        seen: set[int] = set()
        for name, item in self._attributes():
            _collect(name, item, found, seen)
        return found

    def parameters(self) -> list[Value]:
        """The parameters in definition order (micrograd's: layer by layer, weights then bias)."""
        return [p for _, p in self.named_parameters()]

    def num_parameters(self) -> int:
        """How many scalar parameters the module has."""
        return len(self.named_parameters())

    def label_parameters(self) -> None:
        """Set each parameter's ``label`` to its dotted name (done after every ``__init__``)."""
        for name, p in self.named_parameters():
            p.label = name

    def zero_grad(self) -> None:
        """Set every parameter's gradient to 0 (gradients accumulate across ``backward()`` calls)."""
        for p in self.parameters():
            p.grad = 0.0

    # -- submodules and modes ------------------------------------------------------------
    def modules(self) -> Iterator[Module]:
        """This module and every module below it, depth first."""
        yield self
        for _, item in self._attributes():
            for child in _submodules(item):
                yield from child.modules()

    def train(self, mode: bool = True) -> Self:
        """Training mode (dropout active) for this module and all below it; returns ``self``."""
        for m in self.modules():
            m.training = mode
        return self

    def eval(self) -> Self:
        """Evaluation mode (dropout off); returns ``self``."""
        return self.train(False)

    # -- state ---------------------------------------------------------------------------
    def state_dict(self) -> dict[str, float]:
        """Every parameter's number by dotted name: a plain, JSON-ready copy."""
        return {name: p.data for name, p in self.named_parameters()}

    def load_state_dict(self, state: Mapping[str, Any]) -> None:
        """Set the parameters from ``state``; checks everything first, so a bad state changes nothing.

        Raises ``ValueError`` naming missing, unexpected or non-finite entries and
        ``TypeError`` for entries that are not real numbers.
        """
        named = self.named_parameters()
        numbers_by_name = check_state(state, [name for name, _ in named])
        for name, p in named:
            p.data = numbers_by_name[name]

    # -- display -------------------------------------------------------------------------
    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.num_parameters()} parameters)"

    def _attributes(self) -> list[tuple[str, Any]]:
        return [(k, v) for k, v in vars(self).items() if not k.startswith("_")]


def check_state(state: Any, names: list[str]) -> dict[str, float]:
    """``state`` checked against the parameter ``names``: one finite real number per name, no more."""
    if not isinstance(state, Mapping):
        raise TypeError(f"a state dict must be a mapping of names to numbers, not {type(state).__name__}")
    missing = [n for n in names if n not in state]
    expected = set(names)
    unexpected = [k for k in state if k not in expected]
    if missing or unexpected:
        raise ValueError("state dict does not match the model: "
                         f"missing {_few(missing)}, unexpected {_few(unexpected)}")
    checked = {}
    for name in names:
        x = state[name]
        if isinstance(x, bool) or not isinstance(x, numbers.Real):
            raise TypeError(f"state dict entry {name!r} must be a real number, not {type(x).__name__}")
        try:
            number = float(x)
        except OverflowError:  # an int beyond the largest float (10**400)
            raise ValueError(f"state dict entry {name!r} is too large for a float") from None
        if not math.isfinite(number):
            raise ValueError(f"state dict entry {name!r} is not finite ({number})")
        checked[name] = number
    return checked


def _few(names: list[str], limit: int = 5) -> str:
    if not names:
        return "none"
    shown = ", ".join(repr(n) for n in names[:limit])
    return f"{len(names)} ({shown}{', ...' if len(names) > limit else ''})"


def _collect(prefix: str, item: Any, found: list[tuple[str, Value]], seen: set[int]) -> None:
    if isinstance(item, Value):
        if id(item) not in seen:
            seen.add(id(item))
            found.append((prefix, item))
    elif isinstance(item, Module):
        for name, child in item._attributes():
            _collect(f"{prefix}.{name}", child, found, seen)
    elif isinstance(item, (list, tuple)):
        for i, child in enumerate(item):
            _collect(f"{prefix}.{i}", child, found, seen)


def _submodules(item: Any) -> Iterator[Module]:
    if isinstance(item, Module):
        yield item
    elif isinstance(item, (list, tuple)):
        for child in item:
            yield from _submodules(child)
