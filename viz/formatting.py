"""Readable numbers for graph labels: a few significant digits, short exponents."""

from __future__ import annotations

from typing import Any


def number(x: Any, precision: int = 4) -> str:
    """``x`` (a float, or a ``Value`` whose ``.data`` is shown) with ``precision`` significant digits.

    ``2.0`` reads ``2``, ``0.123456`` reads ``0.1235``, ``12345.6`` reads ``1.235e4``; ``-0`` reads ``0``.
    """
    x = getattr(x, "data", x)
    text = format(float(x), f".{precision}g")
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}e{int(exponent)}"
    return "0" if text == "-0" else text


def check_precision(precision: Any) -> int:
    """``precision`` if it is an int from 1 to 17, else a ``ValueError`` naming it."""
    if isinstance(precision, bool) or not isinstance(precision, int) or not 1 <= precision <= 17:
        raise ValueError(f"precision must be an int from 1 to 17 (significant digits), not {precision!r}")
    return precision
