"""Stopping a diverging run before it spoils the model: a non-finite loss or gradient is
caught *before* the optimizer's update, so the parameters are still the last finite ones."""

from __future__ import annotations

import math
from collections.abc import Sequence

from autograd import Value


class DivergedError(FloatingPointError):
    """Training produced a non-finite loss or gradient (raised before the update that would
    have spread it into the parameters). ``epoch`` (1-based) is where, when ``fit`` knows it.

    >>> import nn
    >>> issubclass(nn.DivergedError, FloatingPointError), nn.DivergedError("loss is nan", epoch=3).epoch
    (True, 3)
    """

    def __init__(self, message: str, epoch: int | None = None) -> None:
        super().__init__(message)
        self.epoch = epoch


def check_step(objective: float, params: Sequence[Value]) -> None:
    """Raise :class:`DivergedError` if ``objective`` or any parameter's gradient is not finite."""
    if not math.isfinite(objective):
        raise DivergedError(f"the loss became {objective}")
    if math.isfinite(sum(p.grad for p in params)):  # one pass in the common case
        return
    for i, p in enumerate(params):
        if not math.isfinite(p.grad):
            raise DivergedError(f"the gradient of parameter {p.label or i} became {p.grad} "
                                f"(the loss was {objective})")


def non_finite_features(rows: Sequence[object], what: str) -> str | None:
    """A message naming the first sample of ``rows`` holding nan or inf, or None."""
    for i, row in enumerate(rows):
        values = row if isinstance(row, Sequence) and not isinstance(row, (str, bytes)) else (row,)
        for j, v in enumerate(values):
            if isinstance(v, (int, float)) and not math.isfinite(v):
                return (f"{what}[{i}][{j}] is {v}: features must be finite numbers "
                        "(drop or impute that sample)")
    return None
