"""Activation functions by name: the nonlinearity a neuron applies to its ``w·x + b``."""

from __future__ import annotations

from collections.abc import Callable

from autograd import Value

Activation = Callable[[Value], Value]


def linear(z: Value) -> Value:
    """The identity: the neuron's output is its ``w·x + b`` node itself."""
    return z


ACTIVATIONS: dict[str, Activation] = {
    "relu": Value.relu,  # type: ignore[attr-defined]
    "leaky_relu": Value.leaky_relu,  # type: ignore[attr-defined]
    "tanh": Value.tanh,  # type: ignore[attr-defined]
    "sigmoid": Value.sigmoid,  # type: ignore[attr-defined]
    "step": Value.step,  # type: ignore[attr-defined]  # the classic perceptron (gradient 0)
    "linear": linear,
}
"""Every activation that can be named by a string."""


def resolve(activation: str | Activation) -> Activation:
    """The activation named ``activation`` (or ``activation`` itself when it is callable)."""
    if callable(activation):
        return activation
    if activation not in ACTIVATIONS:
        raise ValueError(f"unknown activation {activation!r}; choose one of {sorted(ACTIVATIONS)} "
                         "or pass a callable")
    return ACTIVATIONS[activation]


def name_of(activation: str | Activation) -> str:
    """A short name for display and save files."""
    if isinstance(activation, str):
        return activation
    for name, fn in ACTIVATIONS.items():
        if fn is activation:
            return name
    return getattr(activation, "__name__", "custom")
