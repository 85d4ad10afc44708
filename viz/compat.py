"""``draw_dot``: micrograd's name for :func:`viz.draw_graph`, so micrograd notebooks run unchanged.

micrograd's ``trace_graph.ipynb`` defines ``draw_dot(root, format='svg', rankdir='LR')`` and
then renders or displays the result; this is the same call on our drawing.
"""

from __future__ import annotations

from typing import Any

from autograd import Value

from .drawing import GraphDrawing
from .graph import draw_graph


def draw_dot(root: Value, format: str = "svg", rankdir: str = "LR", **options: Any) -> GraphDrawing:
    """micrograd's ``draw_dot``: :func:`draw_graph` of ``root``, rendered as ``format`` by ``.render()``.

    ``format`` is the file type ``.render(name)`` writes (micrograd's default, ``"svg"``);
    any other keyword is passed on to :func:`draw_graph` (``max_nodes``, ``precision``, ...).

    >>> from autograd import Value
    >>> from viz import draw_dot, draw_graph
    >>> a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    >>> y = (a * b).tanh()
    >>> y.backward()
    >>> g = draw_dot(y)
    >>> g.format, g.source == draw_graph(y).source
    ('svg', True)
    """
    g = draw_graph(root, rankdir=rankdir, **options)
    g.format = format  # graphviz checks the name and raises ValueError for an unknown one
    return g
