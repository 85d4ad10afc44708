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
    """U(-a, a); with a = 1 it is micrograd's ``random.uniform(-1, 1)``.

    >>> import random
    >>> from nn.init import uniform
    >>> draw = uniform(0.5)
    >>> all(-0.5 <= draw(2, 1, random.Random(s)) <= 0.5 for s in range(100))
    True
    """
    return lambda fan_in, fan_out, rng: rng.uniform(-a, a)


def normal(std: float = 1.0) -> Initializer:
    """N(0, std²), the notes' "initialize weights randomly ~ N(0, σ²)".

    >>> import random
    >>> from nn import MLP
    >>> from nn.init import normal
    >>> model = MLP(2, [4, 1], init=normal(0.1), seed=0)
    >>> all(abs(p.data) < 0.5 for p in model.parameters())
    True
    """
    return lambda fan_in, fan_out, rng: rng.gauss(0.0, std)


def xavier(fan_in: int, fan_out: int, rng: Any) -> float:
    """Glorot/Xavier uniform: U(-a, a) with a = sqrt(6 / (fan_in + fan_out)).

    >>> import random
    >>> from nn.init import xavier
    >>> bound = (6 / (32 + 32)) ** 0.5
    >>> all(abs(xavier(32, 32, random.Random(s))) <= bound for s in range(100))
    True
    """
    a = math.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-a, a)


def he(fan_in: int, fan_out: int, rng: Any) -> float:
    """He/Kaiming normal: N(0, 2 / fan_in), suited to ReLU layers.

    >>> import random, statistics
    >>> from nn.init import he
    >>> rng = random.Random(0)
    >>> round(statistics.pstdev(he(50, 50, rng) for _ in range(20000)), 1)  # sqrt(2 / 50)
    0.2
    """
    return rng.gauss(0.0, math.sqrt(2.0 / fan_in))


INITIALIZERS: dict[str, Initializer] = {
    "uniform": uniform(), "normal": normal(), "xavier": xavier, "glorot": xavier,
    "he": he, "kaiming": he,
}
"""The initializers that can be named by a string."""


def resolve(init: str | Initializer) -> Initializer:
    """The initializer named ``init`` (or ``init`` itself when it is callable).

    >>> from nn.init import he, resolve
    >>> resolve("kaiming") is he
    True
    """
    if callable(init):
        return init
    if init not in INITIALIZERS:
        raise ValueError(f"unknown init {init!r}; choose one of {sorted(INITIALIZERS)} or pass a callable")
    return INITIALIZERS[init]


def make_rng(seed: int | None = None, rng: random.Random | None = None) -> Any:
    """The random source: ``rng`` if given, else a ``Random(seed)``, else the ``random`` module
    itself (so ``random.seed(1337)`` works as in micrograd's demo).

    >>> from nn.init import make_rng
    >>> make_rng(seed=3).random() == make_rng(seed=3).random()
    True
    """
    if rng is not None and seed is not None:
        raise ValueError("give a seed or an rng, not both")
    if rng is not None:
        return rng
    return random if seed is None else random.Random(seed)
