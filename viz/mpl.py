"""matplotlib, imported only when a plot is asked for, and figures made without pyplot.

A bare ``Figure`` needs no GUI backend (safe on a headless machine, Agg renders it), keeps
no global state, and still displays inline in Jupyter.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any


def new_figure(what: str, panels: int = 1, size: tuple[float, float] = (5.5, 4.0)) -> tuple[Any, list[Any]]:
    """A figure with ``panels`` axes side by side, or an ``ImportError`` naming the extra to install."""
    try:
        from matplotlib.figure import Figure
    except ImportError as e:
        raise ImportError(f"viz.{what} needs matplotlib: pip install gradlab[viz]") from e
    fig = Figure(figsize=(size[0] * panels, size[1]), layout="constrained")
    return fig, list(fig.subplots(1, panels, squeeze=False)[0])


def finish(fig: Any, path: str | os.PathLike | None) -> Any:
    """Write ``fig`` to ``path`` when given (format from the suffix, parent folders made); return it."""
    if path is not None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, dpi=120)
    return fig
