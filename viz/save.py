"""``save``: write a graph drawing as SVG, PNG or DOT, chosen by the file's suffix."""

from __future__ import annotations

import os
from pathlib import Path

import graphviz

from .drawing import explaining_missing_dot

FORMATS = {".svg": "svg", ".png": "png", ".dot": "dot", ".gv": "dot"}


def save(graph: graphviz.Digraph, path: str | os.PathLike) -> Path:
    """Write ``graph`` to ``path`` (.svg or .png through ``dot``; .dot/.gv as text), making parent folders.

    >>> import os, tempfile
    >>> from autograd import Value
    >>> import viz
    >>> y = (Value(2.0, label="a") * Value(3.0, label="b")).tanh()
    >>> path = viz.save(viz.draw_graph(y), os.path.join(tempfile.mkdtemp(), "graphs", "y.dot"))
    >>> path.read_text().startswith("digraph")
    True
    """
    if not isinstance(graph, graphviz.Digraph):
        raise TypeError("save takes a graph from viz.draw_graph (a graphviz.Digraph), "
                        f"not {type(graph).__name__}")
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(f"save: cannot tell the format of {str(path)!r} from its suffix "
                         f"{path.suffix!r}; use one of {', '.join(FORMATS)}")
    if fmt == "dot":
        data = graph.source.encode("utf-8")
    else:
        with explaining_missing_dot():  # a plain Digraph would raise graphviz's terse error
            data = graph.pipe(format=fmt)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path
