"""MkDocs hooks: the built pages load nothing from outside the site.

nbconvert's page template (used by mkdocs-jupyter for the notebooks) carries a script that
would import mermaid.js from a CDN when a page has a mermaid diagram. Our notebooks have none,
and the site must work offline and fetch nothing but its own files, so the script is removed. A
notebook header links the README's References, which is not part of the site: there the link
goes to the same list on the tour page.
"""

from __future__ import annotations

import re
from typing import Any

MERMAID_LOADER = re.compile(
    r"<script type=\"module\">(?:(?!</script>).)*?mermaid(?:(?!</script>).)*</script>", re.S)


README_REFERENCES = 'href="../README.md#references"'
"""A notebook header's link to the lecture notes; on the site they are listed on the tour page."""


def on_post_page(output: str, **kwargs: Any) -> str:
    """The page's HTML without the CDN mermaid loader, its README links pointing into the site."""
    output = output.replace(README_REFERENCES, 'href="../tour.html#the-lecture-notes"')
    return MERMAID_LOADER.sub("", output)
