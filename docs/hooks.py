"""MkDocs hooks: the built pages load nothing from outside the site.

nbconvert's page template (used by mkdocs-jupyter for the notebooks) carries a script that
would import mermaid.js from a CDN when a page has a mermaid diagram. Our notebooks have none,
and the site must work offline and fetch nothing but its own files, so the script is removed.
"""

from __future__ import annotations

import re
from typing import Any

MERMAID_LOADER = re.compile(
    r"<script type=\"module\">(?:(?!</script>).)*?mermaid(?:(?!</script>).)*</script>", re.S)


def on_post_page(output: str, **kwargs: Any) -> str:
    """The page's HTML without the CDN mermaid loader."""
    return MERMAID_LOADER.sub("", output)
