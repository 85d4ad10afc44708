"""Node colours by gradient magnitude: one colour per decade below the largest |grad| drawn.

Relative decades make any graph readable whatever its scale; zero gradients (a dead ReLU,
an unused input) and non-finite ones get colours of their own.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from .formatting import number

DECADES = ("#fc8d59", "#fdbb84", "#fdd49e", "#fff7ec")
"""Fill colours for |grad| within 10x, 100x, 1000x of the largest, and smaller (OrRd)."""
ZERO = "#d9d9d9"
NOT_FINITE = "#c994c7"
PARAMETER = "#2166ac"
"""Border and label colour of parameters (leaves with a label)."""


def magnitude(grad: Any) -> float:
    """|grad| as a float; a gradient that is itself a ``Value`` (``create_graph=True``) shows its data."""
    return abs(float(getattr(grad, "data", grad)))


class GradScale:
    """Maps a gradient to its fill colour, relative to the largest finite |grad| of a drawing."""

    def __init__(self, grads: Iterable[Any]) -> None:
        finite = [m for m in map(magnitude, grads) if math.isfinite(m)]
        self.top = max(finite, default=0.0)
        self.has_not_finite = False

    @property
    def active(self) -> bool:
        """False before ``backward()``: with every gradient 0 there is nothing to colour."""
        return self.top > 0.0

    def fill(self, grad: Any) -> str:
        """The colour for ``grad`` ('' when the scale is inactive)."""
        m = magnitude(grad)
        if not self.active:
            return ""
        if not math.isfinite(m):
            self.has_not_finite = True
            return NOT_FINITE
        if m == 0.0:
            return ZERO
        return DECADES[sum(m < edge for edge in self.edges())]

    def edges(self) -> list[float]:
        """The boundaries between decades: the largest |grad| over 10, 100 and 1000."""
        return [self.top / 10.0**k for k in range(1, len(DECADES))]

    def ranges(self, precision: int) -> list[tuple[str, str]]:
        """(colour, "|grad| range") for each decade, then zero and, if seen, non-finite."""
        edges = self.edges()
        texts = [f"|grad| ≥ {number(edges[0], precision)}"]
        texts += [f"{number(lo, precision)} ≤ |grad| < {number(hi, precision)}"
                  for lo, hi in zip(edges[1:], edges)]
        texts.append(f"0 < |grad| < {number(edges[-1], precision)}")
        rows = list(zip(DECADES, texts))
        rows.append((ZERO, "grad = 0: no gradient reaches it (dead ReLU, unused input)"))
        if self.has_not_finite:
            rows.append((NOT_FINITE, "grad not finite (nan or inf)"))
        return rows
