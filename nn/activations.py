"""Activation functions by name: the nonlinearity a neuron applies to its ``w·x + b``.

Each is a module-level function (not a lambda, a closure or an unbound method of the
engine's generated class), so a model holding one pickles and deep-copies, and a save
file can name it. :func:`registered` tells whether an activation is one of these.
"""

from __future__ import annotations

from collections.abc import Callable

from autograd import Value

Activation = Callable[[Value], Value]

DEFAULT_SLOPE = 0.01
"""``Value.leaky_relu``'s and ``torch.nn.LeakyReLU``'s default negative slope."""


def linear(z: Value) -> Value:
    """The identity: the neuron's output is its ``w·x + b`` node itself."""
    return z


def relu(z: Value) -> Value:
    """max(z, 0)."""
    return z.relu()


def leaky_relu(z: Value) -> Value:
    """z for z > 0, else 0.01·z."""
    return z.leaky_relu()


def tanh(z: Value) -> Value:
    """Hyperbolic tangent."""
    return z.tanh()


def sigmoid(z: Value) -> Value:
    """Logistic function."""
    return z.sigmoid()


def step(z: Value) -> Value:
    """The classic perceptron's step (gradient 0)."""
    return z.step()


def gelu(z: Value) -> Value:
    """GELU, exact (erf-based): z·Φ(z)."""
    return z.gelu()


def silu(z: Value) -> Value:
    """SiLU (swish): z·sigmoid(z)."""
    return z.silu()


ACTIVATIONS: dict[str, Activation] = {
    "relu": relu, "leaky_relu": leaky_relu, "tanh": tanh, "sigmoid": sigmoid, "step": step,
    "gelu": gelu, "silu": silu, "linear": linear,
}
"""Every activation that can be named by a string. Each calls the op's method on its argument,
so it works on ``Value``s and on the dual numbers of ``autograd.jvp`` alike, and pickles (a
module-level function)."""


def resolve(activation: str | Activation) -> Activation:
    """The activation named ``activation`` (or ``activation`` itself when it is callable)."""
    if callable(activation):
        for name, fn in ACTIVATIONS.items():  # micrograd-style Value.relu: the picklable twin
            if activation is getattr(Value, name, None):
                return fn
        return activation
    if activation not in ACTIVATIONS:
        raise ValueError(f"unknown activation {activation!r}; choose one of {sorted(ACTIVATIONS)} "
                         "or pass a callable")
    return ACTIVATIONS[activation]


def registered(activation: str | Activation) -> bool:
    """Whether ``activation`` is one of :data:`ACTIVATIONS` (by name, or the very function)."""
    if isinstance(activation, str):
        return activation in ACTIVATIONS
    return any(fn is activation for fn in ACTIVATIONS.values())


def name_of(activation: str | Activation) -> str:
    """A short name for display and save files."""
    if isinstance(activation, str):
        return activation
    for name, fn in ACTIVATIONS.items():
        if fn is activation:
            return name
    return getattr(activation, "__name__", "custom")
