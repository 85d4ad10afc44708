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
"""Border colour of parameters (``params=``, or leaves labelled like an nn parameter)."""
EDGE_POSITIVE = "#2166acb0"
EDGE_NEGATIVE = "#d6604db0"
"""Edge colours by the sign of the weight they carry (translucent, so crossing edges stay apart)."""
THIN, THICK = 0.4, 3.0
"""Edge widths (points) for no gradient and for the largest gradient passed."""


def edge_style(weight: float, passed: float, top: float) -> dict[str, str]:
    """Colour by the sign of ``weight``, width by ``|passed|`` relative to ``top`` (square root scale)."""
    share = min(abs(passed) / top, 1.0) ** 0.5 if top > 0 and math.isfinite(passed) else 0.0
    return {"color": EDGE_POSITIVE if weight >= 0 else EDGE_NEGATIVE,
            "penwidth": f"{THIN + (THICK - THIN) * share:.2f}", "arrowsize": "0.4"}


def magnitude(grad: Any) -> float:
    """|grad| as a float; a gradient that is itself a ``Value`` (``create_graph=True``) shows its data."""
    return abs(float(getattr(grad, "data", grad)))


class GradScale:
    """Maps a gradient to its fill colour, relative to the largest finite |grad| of a drawing."""

    def __init__(self, grads: Iterable[Any]) -> None:
        finite = [m for m in map(magnitude, grads) if math.isfinite(m)]
        self.top = max(finite, default=0.0)
        self.has_not_finite = False
        self.has_zero = False

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
            self.has_zero = True
            return ZERO
        return DECADES[sum(m < edge for edge in self.edges())]

    def edges(self) -> list[float]:
        """The boundaries between decades: the largest |grad| over 10, 100 and 1000."""
        return [self.top / 10.0**k for k in range(1, len(DECADES))]

    def swatches(self, precision: int) -> list[tuple[str, str]]:
        """(colour, short text) for the legend's one row: each decade, then zero and non-finite if drawn."""
        edges = self.edges()
        rows = [(fill, f"≥ {number(edge, precision)}") for fill, edge in zip(DECADES, edges)]
        rows.append((DECADES[-1], f"< {number(edges[-1], precision)}"))
        if self.has_zero:
            rows.append((ZERO, "0"))
        if self.has_not_finite:
            rows.append((NOT_FINITE, "nan/inf"))
        return rows
