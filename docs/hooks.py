"""MkDocs hooks: the built pages load nothing from outside the site.

nbconvert's page template (used by mkdocs-jupyter for the notebooks) carries a script that
would import mermaid.js from a CDN when a page has a mermaid diagram. Our notebooks have none,
and the site must work offline and fetch nothing but its own files, so the script is removed. A
notebook header links the README's References, which is not part of the site: there the link
goes to the same list on the tour page.
"""

from __future__ import annotations

import importlib
import logging
import re
from typing import Any

MERMAID_LOADER = re.compile(
    r"<script type=\"module\">(?:(?!</script>).)*?mermaid(?:(?!</script>).)*</script>", re.S)


README_REFERENCES = 'href="../README.md#references"'
"""A notebook header's link to the lecture notes; on the site they are listed on the tour page."""


LOG = logging.getLogger("mkdocs.plugins.gradlab")


def on_post_page(output: str, page: Any, **kwargs: Any) -> str:
    """The page's HTML without the CDN mermaid loader, its README links pointing into the site."""
    if page.file.src_uri.startswith("reference/"):
        check_reference(page.file.src_uri.rsplit("/", 1)[-1].removesuffix(".md"), output)
    output = output.replace(README_REFERENCES, 'href="../tour.html#the-lecture-notes"')
    return MERMAID_LOADER.sub("", output)


def check_reference(package: str, html: str) -> None:
    """Warn (an error under ``--strict``) for each name in ``package.__all__`` its page does not document.

    A public function that shares its name with a submodule (``viz.save`` in ``viz/save.py``) is
    documented by griffe as the submodule, which the page hides: the page must then name the
    function itself (``::: viz.save.save``), and this check makes sure no such name is lost.
    """
    names = getattr(importlib.import_module(package), "__all__", [])
    documented = set(re.findall(r'id="([\w.]+)"', html))
    missing = [n for n in names if not {f"{package}.{n}", f"{package}.{n}.{n}"} & documented]
    if missing:
        LOG.warning("reference/%s.md does not document %s from %s.__all__", package, missing, package)
