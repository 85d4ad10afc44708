"""Graphviz HTML-like labels: value tables (label, data, grad) and the colour legend."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from autograd import Value

from .colors import PARAMETER, GradScale
from .formatting import number

_TABLE = 'border="{border}" cellborder="1" cellspacing="0" cellpadding="3"'


def is_parameter(v: Value) -> bool:
    """A leaf with a label: drawn highlighted."""
    return bool(v.label) and not v._prev


def value_label(values: Sequence[Value], scale: GradScale, precision: int,
                local_derivatives: Sequence[float] = (), module: str = "") -> str:
    """One row per value: its label (when any has one), data, grad and, if given, d(consumer)/d(value).

    Labels inside ``module`` are shown relative to it (``w.0`` in the cluster ``layers.0.neurons.1``).
    """
    with_label = any(v.label for v in values)
    rows = []
    for i, v in enumerate(values):
        fill = scale.fill(v.grad)
        bg = f' bgcolor="{fill}"' if fill else ""
        cells = []
        if with_label:
            name = v.label[len(module) + 1:] if module and v.label.startswith(module + ".") else v.label
            cells.append(f"<td{bg}><b>{escape(name)}</b></td>")
        cells.append(f"<td{bg}>data {number(v.data, precision)}</td>")
        cells.append(f"<td{bg}>grad {number(v.grad, precision)}</td>")
        if local_derivatives:
            cells.append(f"<td{bg}>∂ {number(local_derivatives[i], precision)}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    highlight = f'{_TABLE.format(border=2)} color="{PARAMETER}"'
    attrs = highlight if any(map(is_parameter, values)) else _TABLE.format(border=0)
    return f"<<table {attrs}>{''.join(rows)}</table>>"


def legend_label(scale: GradScale, precision: int, show_locals: bool) -> str:
    """The key to the drawing: gradient colours, parameters, blocked ops (and ∂ when shown)."""
    rows = [_key(f'bgcolor="{fill}"', " ", text) for fill, text in scale.ranges(precision)] if scale.active \
        else [_key("", " ", "every grad is 0: call backward() to colour by |grad|")]
    rows.append(_key(f'color="{PARAMETER}" border="2"', "<b>w</b>", "parameter (a leaf with a label)"))
    rows.append(_key("", "- - -", "dashed op: every local derivative is 0, no gradient passes (dead ReLU)"))
    if show_locals:
        rows.append(_key("", "∂", "local derivative d(op result)/d(input), on each edge"))
    title = '<tr><td colspan="2"><b>legend</b></td></tr>'
    return f"<<table {_TABLE.format(border=0)}>{title}{''.join(rows)}</table>>"


def _key(attrs: str, sample: str, text: str) -> str:
    return f'<tr><td {attrs}>{sample}</td><td align="left">{escape(text)}</td></tr>'
