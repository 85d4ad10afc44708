"""viz: computation graphs as Graphviz drawings (DOT, SVG, inline in notebooks) and training plots.

Graphs need only the ``graphviz`` package for DOT text and Graphviz's ``dot`` binary for SVG
or PNG; the plots need matplotlib (``pip install gradlab[viz]``), imported only when called.
"""

from .drawing import DotNotFoundError, GraphDrawing
from .graph import draw_graph
from .save import save

__all__ = ["DotNotFoundError", "GraphDrawing", "draw_graph", "save"]
