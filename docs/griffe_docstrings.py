"""A griffe extension: docstrings written for ``help()`` and doctest read well on the site too.

The project's docstrings are plain text with bare ``>>>`` examples (what doctest collects) and
the odd reST role (``:func:`draw_graph```). As Markdown, a bare ``>>>`` line is a triple
blockquote and a role is noise; this rewrites each docstring before it is rendered: each
doctest block (a ``>>>`` line up to the next blank line) becomes a ``pycon`` code block, its
``# doctest:`` flags dropped, and ``:role:`target``` becomes the inline code ``target``. The
source files are not changed.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

FLAGS = re.compile(r"\s*#\s*doctest:.*$")  # "# doctest: +ELLIPSIS" is for doctest, not readers
ROLE = re.compile(r":(?:func|class|meth|mod|attr|data|exc|obj|ref):`~?([^`]+)`")


def markdown(text: str) -> str:
    """``text`` with doctest blocks fenced as ``pycon`` and reST roles as inline code."""
    out: list[str] = []
    fenced = in_doctest = False
    indent = ""
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith("```"):
            fenced = not fenced
        if in_doctest and not stripped:
            out.append(indent + "```")
            in_doctest = False
        elif not fenced and not in_doctest and stripped.startswith(">>>"):
            indent = line[: len(line) - len(line.lstrip())]
            out.append(indent + "```pycon")
            in_doctest = True
        out.append(FLAGS.sub("", line) if in_doctest else ROLE.sub(r"`\1`", line))
    if in_doctest:
        out.append(indent + "```")
    return "\n".join(out)


class DoctestBlocks(griffe.Extension):
    """Rewrites every docstring griffe loads with :func:`markdown`."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = markdown(obj.docstring.value)
