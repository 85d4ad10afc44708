"""Graphviz HTML-like labels of a value graph: value tables, op nodes and the compact legend.

Every piece of text goes through :mod:`viz.text`, so any label a user gives renders.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from autograd import Value

from .colors import EDGE_NEGATIVE, EDGE_POSITIVE, PARAMETER, GradScale
from .formatting import number
from .ops import constant_factors, constant_offset, folded_parents, op_symbol
from .text import bold, html

_TABLE = 'border="{border}" cellborder="1" cellspacing="0" cellpadding="3"'


@dataclass(frozen=True)
class Rows:
    """What a value table shows besides label, data and grad: per-row numbers, and where it sits."""

    factors: Sequence[float] = ()
    """The plain number multiplying each value in its consumer (a neuron's inputs): a ``×`` column."""
    local_derivatives: Sequence[float] = ()
    """d(consumer)/d(value) for each value: a ``∂`` column (``show_locals``)."""
    module: str = ""
    """The cluster the table is drawn in: labels inside it are shown relative to it."""
    root: bool = False
    """The graph's root: named by its label, else by its op."""


def value_label(values: Sequence[Value], scale: GradScale, precision: int,
                is_param: Callable[[Value], bool], rows: Rows = Rows()) -> str:
    """One row per value: its name (when any has one), data, grad, then the ``×`` and ``∂`` columns.

    Labels inside ``rows.module`` are shown relative to it (``w.0`` in ``layers.0.neurons.1``);
    the root without a label is named by its op, in italics.
    """
    named = rows.root or any(v.label for v in values)
    out = []
    for i, v in enumerate(values):
        fill = scale.fill(v.grad)
        bg = f' bgcolor="{fill}"' if fill else ""
        cells = []
        if named:
            cells.append(f"<td{bg}>{_name(v, rows)}</td>")
        cells.append(f"<td{bg}>data {number(v.data, precision)}</td>")
        cells.append(f"<td{bg}>grad {number(v.grad, precision)}</td>")
        if rows.factors:
            cells.append(f"<td{bg}>× {number(rows.factors[i], precision)}</td>")
        if rows.local_derivatives and not rows.factors:  # with factors, ∂ would repeat them
            cells.append(f"<td{bg}>∂ {number(rows.local_derivatives[i], precision)}</td>")
        out.append(f"<tr>{''.join(cells)}</tr>")
    highlight = f'{_TABLE.format(border=2)} color="{PARAMETER}"'
    attrs = highlight if any(map(is_param, values)) else _TABLE.format(border=0)
    return f"<table {attrs}>{''.join(out)}</table>"


def _name(v: Value, rows: Rows) -> str:
    module = rows.module
    name = v.label[len(module) + 1:] if module and v.label.startswith(module + ".") else v.label
    if name:
        return bold(name)
    if rows.root:
        return f"<i>{html(op_symbol(v))}</i>" if op_symbol(v) else "<i>root</i>"
    return ""


def op_label(v: Value, grouped: bool, precision: int) -> str:
    """The op node's text: its symbol, ``(n)`` operands for n-ary ops, and its plain-number operands.

    A ``dot`` with plain numbers on one side shows them: one shared factor as ``×c each``
    (a mean), otherwise on the edges or in the grouped table; a folded constant as ``+ c``.
    """
    n = len(v._prev) - len(folded_parents(v))
    text = html(op_symbol(v)) or "op"
    if n > 2:
        text += f" ({n})"
    extra = []
    factors = constant_factors(v)
    if factors and not grouped and len(set(factors)) == 1:
        extra.append(f"×{number(factors[0], precision)}" + (" each" if n > 1 else ""))
    offset = constant_offset(v)
    if offset:
        extra.append(f"{'+' if offset > 0 else '−'} {number(abs(offset), precision)}")
    if extra:
        text += f'<br/><font point-size="8">{" ".join(extra)}</font>'
    return text


@dataclass
class Seen:
    """Which kinds of mark a drawing used, so the legend explains those and no others."""

    parameter: bool = False
    blocked_op: bool = False
    factors: bool = False
    weighted_edges: bool = False
    locals_: bool = False


def legend_label(scale: GradScale, precision: int, seen: Seen) -> str:
    """A compact key: one row of |grad| colours, one row for the marks this drawing uses."""
    if scale.active:
        cells = "".join(f'<td bgcolor="{fill}">{html(text)}</td>' for fill, text in scale.swatches(precision))
        colours = f'<table {_TABLE.format(border=0)}><tr><td border="0">|grad|</td>{cells}</tr></table>'
    else:
        colours = "every grad is 0: call backward() to colour by |grad|"
    marks = []
    if seen.parameter:
        marks.append(f'<font color="{PARAMETER}"><b>blue border</b></font>: parameter')
    if seen.blocked_op:
        marks.append("dashed op: no gradient passes (every local derivative 0)")
    if seen.factors:
        marks.append("× c: a plain number multiplying the value")
    if seen.locals_:
        marks.append("∂: local derivative d(op)/d(input)")
    if seen.weighted_edges:
        marks.append(f'edges between modules: <font color="{EDGE_POSITIVE}">weight &gt; 0</font> '
                     f'<font color="{EDGE_NEGATIVE}">weight &lt; 0</font>, width |gradient passed|')
    rows = f"<tr><td>{colours}</td></tr>"
    if marks:
        rows += f'<tr><td align="left">{" · ".join(marks)}</td></tr>'
    return f'<table border="0" cellborder="0" cellspacing="0" cellpadding="1">{rows}</table>'
