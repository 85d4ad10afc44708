"""Weight initializers: each draws one weight from (fan_in, fan_out, rng).

``"uniform"`` is micrograd's U(-1, 1) (drawn with the same calls, so ``random.seed(s)``
gives micrograd's weights); ``"normal"`` is the notes' N(0, σ²); ``"xavier"`` (Glorot)
keeps the variance of activations across tanh/sigmoid layers; ``"he"`` (Kaiming) across
ReLU layers. Biases start at 0.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from typing import Any

Initializer = Callable[[int, int, Any], float]
"""``init(fan_in, fan_out, rng) -> float``; ``rng`` is a ``random.Random`` (or the ``random`` module)."""


def uniform(a: float = 1.0) -> Initializer:
    """U(-a, a); with a = 1 it is micrograd's ``random.uniform(-1, 1)``."""
    return lambda fan_in, fan_out, rng: rng.uniform(-a, a)


def normal(std: float = 1.0) -> Initializer:
    """N(0, std²), the notes' "initialize weights randomly ~ N(0, σ²)"."""
    return lambda fan_in, fan_out, rng: rng.gauss(0.0, std)


def xavier(fan_in: int, fan_out: int, rng: Any) -> float:
    """Glorot/Xavier uniform: U(-a, a) with a = sqrt(6 / (fan_in + fan_out))."""
    a = math.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-a, a)


def he(fan_in: int, fan_out: int, rng: Any) -> float:
    """He/Kaiming normal: N(0, 2 / fan_in), suited to ReLU layers."""
    return rng.gauss(0.0, math.sqrt(2.0 / fan_in))


INITIALIZERS: dict[str, Initializer] = {
    "uniform": uniform(), "normal": normal(), "xavier": xavier, "glorot": xavier,
    "he": he, "kaiming": he,
}
"""The initializers that can be named by a string."""


def resolve(init: str | Initializer) -> Initializer:
    """The initializer named ``init`` (or ``init`` itself when it is callable)."""
    if callable(init):
        return init
    if init not in INITIALIZERS:
        raise ValueError(f"unknown init {init!r}; choose one of {sorted(INITIALIZERS)} or pass a callable")
    return INITIALIZERS[init]


def make_rng(seed: int | None = None, rng: random.Random | None = None) -> Any:
    """The random source: ``rng`` if given, else a ``Random(seed)``, else the ``random`` module
    itself (so ``random.seed(1337)`` works as in micrograd's demo)."""
    if rng is not None and seed is not None:
        raise ValueError("give a seed or an rng, not both")
    if rng is not None:
        return rng
    return random if seed is None else random.Random(seed)
