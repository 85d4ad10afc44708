"""viz: computation graphs as Graphviz drawings (DOT, SVG, inline in notebooks) and training plots.

Graphs need only the ``graphviz`` package for DOT text and Graphviz's ``dot`` binary for SVG
or PNG; the plots need matplotlib (``pip install gradlab[viz]``), imported only when called.
"""

from .drawing import DotNotFoundError, GraphDrawing, RenderError
from .explore import Explorer, explore
from .graph import draw_graph
from .landscape import descent_path, plot_decision_boundary, plot_descent_path
from .network import draw_network
from .plots import plot_activation, plot_history
from .save import save
from .training_replay import TrainingReplay, explore_training

__all__ = [
    "DotNotFoundError", "Explorer", "GraphDrawing", "RenderError", "TrainingReplay", "descent_path",
    "draw_graph", "draw_network", "explore", "explore_training", "plot_activation", "plot_decision_boundary",
    "plot_descent_path", "plot_history", "save",
]
