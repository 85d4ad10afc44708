"""viz: computation graphs as Graphviz drawings (DOT, SVG, inline in notebooks) and training plots.

Graphs need the ``graphviz`` Python package for DOT text and Graphviz's ``dot`` binary for SVG
or PNG; the plots need matplotlib, imported only when called. Both come with the ``viz``
extra (``pip install -e ".[viz]"`` in the clone).

>>> import viz
>>> from autograd import Value
>>> x = Value(3.0, label="x")
>>> y = x * x
>>> y.backward()
>>> print(viz.draw_graph(y).source.count("->"))  # x * x: two edges into the op, one out
3
"""

from nn import _engine  # noqa: F401  first: a clear error if HIPS autograd shadows gradlab's

try:
    import graphviz as _graphviz  # noqa: F401
except ImportError as e:
    raise ImportError(
        "viz needs the `graphviz` Python package, which comes with gradlab's `viz` extra: "
        "pip install -e \".[viz]\" in the clone (or pip install graphviz)"
    ) from e

from .compat import draw_dot
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
    "draw_dot", "draw_graph", "draw_network", "explore", "explore_training", "plot_activation",
    "plot_decision_boundary", "plot_descent_path", "plot_history", "save",
]
