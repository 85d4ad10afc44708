"""``GraphDrawing``: a ``graphviz.Digraph`` that explains how to get ``dot`` when it is missing.

``.source`` never needs the ``dot`` binary. Rendering (``pipe``, ``render``) raises
:class:`DotNotFoundError` with install instructions; notebook display falls back to the
DOT text with the same notice instead of a traceback. Should ``dot`` reject a drawing,
:class:`RenderError` names the node it choked on (its label and data), not a DOT line number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import graphviz

INSTALL_DOT = (
    "Graphviz's `dot` executable was not found on PATH, so the graph cannot be rendered "
    "(its DOT text is still available as .source). Install it: as root on Debian/Ubuntu, "
    "`apt-get update && apt-get install graphviz`; without root, `pip install graphviz-pure` "
    "and put a `dot` symlink to its `graphviz-pure` binary on PATH, e.g. "
    "`ln -s graphviz-pure .venv/bin/dot` (`make test` and `make demo` do this for you)."
)


class DotNotFoundError(graphviz.ExecutableNotFound):
    """Rendering needs Graphviz's ``dot``; the message says how to install it.

    >>> import viz
    >>> "apt-get install graphviz" in str(viz.DotNotFoundError())
    True
    """

    def __init__(self, message: str = INSTALL_DOT) -> None:
        RuntimeError.__init__(self, message)


class RenderError(RuntimeError):
    """``dot`` rejected a drawing; the message names the node (or cluster) and quotes ``dot``.

    >>> import viz
    >>> issubclass(viz.RenderError, RuntimeError)
    True
    """


def failing_node(stderr: str, source: str, described: dict[str, str]) -> str:
    """Which node ``dot``'s error is about: its "in label of node X", else the node on the error's line."""
    named = re.search(r"in label of (?:node|graph) (\w+)", stderr)
    if named:
        return named.group(1)
    line = re.search(r"line (\d+)", stderr)
    if line:
        lines = source.splitlines()
        text = lines[int(line.group(1)) - 1] if 0 < int(line.group(1)) <= len(lines) else ""
        for name in re.findall(r"\b(\w+)\b", text):
            if name in described:
                return name
    return ""


@contextmanager
def explaining_missing_dot() -> Iterator[None]:
    """Turn graphviz's ``ExecutableNotFound`` into :class:`DotNotFoundError`: it says how to get ``dot``."""
    try:
        yield
    except DotNotFoundError:
        raise
    except graphviz.ExecutableNotFound as e:
        raise DotNotFoundError() from e


class GraphDrawing(graphviz.Digraph):
    """A ``graphviz.Digraph`` of a ``Value`` graph: inline SVG in Jupyter, DOT text without ``dot``.

    ``shown`` and ``total`` count the ``Value`` nodes drawn and reachable (they differ when
    ``max_nodes`` capped the drawing).

    >>> from autograd import Value
    >>> import viz
    >>> x = Value(3.0, label="x")
    >>> g = viz.draw_graph(x * x, max_nodes=2)
    >>> g.shown, g.total
    (2, 2)
    >>> g.source.startswith("digraph value_graph")
    True
    """

    shown: int = 0
    total: int = 0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.described: dict[str, str] = {}
        """What each node id stands for ("value 'w.0', data 0.5"), for error messages."""

    def __repr__(self) -> str:
        """Text without a memory address, so a notebook's stored output is the same on every run.

        >>> from autograd import Value
        >>> from viz import draw_graph
        >>> draw_graph(Value(1.0) * 2)  # 1.0, the constant 2 and their product
        <GraphDrawing: 3 of 3 values drawn>
        """
        return f"<GraphDrawing: {self.shown} of {self.total} values drawn>"

    def pipe(self, *args: Any, **kwargs: Any) -> Any:
        """The rendered graph (``format="svg"`` gives SVG bytes); needs ``dot``."""
        with explaining_missing_dot(), self._naming_failures():
            return super().pipe(*args, **kwargs)

    def render(self, *args: Any, **kwargs: Any) -> str:
        """Write the source and the rendered file (graphviz's ``render``); needs ``dot``."""
        with explaining_missing_dot(), self._naming_failures():
            return super().render(*args, **kwargs)

    @contextmanager
    def _naming_failures(self) -> Iterator[None]:
        try:
            yield
        except graphviz.CalledProcessError as e:
            err = e.stderr
            stderr = err.decode("utf-8", "replace") if isinstance(err, bytes) else str(err or "")
            name = failing_node(stderr, self.source, self.described)
            where = f"node {name} ({self.described[name]})" if name in self.described else "the drawing"
            raise RenderError(f"dot could not render {where}: {stderr.strip()}") from e

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None, **kwargs: Any) -> dict:
        try:
            return super()._repr_mimebundle_(include, exclude, **kwargs)
        except graphviz.ExecutableNotFound:
            return {"text/plain": self._fallback_text()}

    def _repr_svg_(self) -> str | None:
        try:
            return self.pipe(format="svg", encoding="utf-8")
        except graphviz.ExecutableNotFound:
            return None

    def _fallback_text(self) -> str:
        return f"{INSTALL_DOT}\n\n{self.source}"
