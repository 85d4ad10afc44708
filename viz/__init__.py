"""viz: computation graphs as Graphviz drawings (DOT, SVG, inline in notebooks) and training plots.

Graphs need only the ``graphviz`` package for DOT text and Graphviz's ``dot`` binary for SVG
or PNG; the plots need matplotlib (``pip install gradlab[viz]``), imported only when called.
"""

from .drawing import DotNotFoundError, GraphDrawing, RenderError
from .graph import draw_graph
from .landscape import descent_path, plot_decision_boundary, plot_descent_path
from .network import draw_network
from .plots import plot_activation, plot_history
from .save import save

__all__ = [
    "DotNotFoundError",
    "GraphDrawing",
    "RenderError",
    "descent_path",
    "draw_graph",
    "draw_network",
    "plot_activation",
    "plot_decision_boundary",
    "plot_descent_path",
    "plot_history",
    "save",
]
