"""Self-contained HTML pages: styles, scripts, SVG and recorded data inline, nothing fetched.

A page carries a Content-Security-Policy that allows no network request at all, so it
works from ``file://`` and cannot leak a request even by mistake. In a notebook it shows
as an ``<iframe srcdoc=...>`` (scripts in a notebook's own HTML output may not run).
"""

from __future__ import annotations

import json
import os
from html import escape
from importlib.resources import files
from pathlib import Path
from typing import Any

POLICY = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
          "img-src data:; base-uri 'none'; form-action 'none'")


def asset(name: str) -> str:
    """The text of ``viz/assets/<name>`` (installed as package data)."""
    return files("viz").joinpath("assets", name).read_text(encoding="utf-8")


def script_json(data: Any) -> str:
    """``data`` as JSON that is safe inside ``<script type="application/json">`` (no ``</script>``)."""
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                       ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, code)
    return text


def html_page(title: str, body: str, data: Any, styles: list[str], scripts: list[str]) -> str:
    """One HTML document: ``body`` (already escaped HTML), the data as JSON, then the scripts."""
    css = "\n".join(asset(name) for name in styles)
    js = "\n".join(asset(name) for name in scripts)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n<style>\n{css}\n</style></head>\n<body>\n{body}\n"
            f'<script type="application/json" id="gl-data">{script_json(data)}</script>\n'
            f"<script>\n{js}\n</script>\n</body></html>\n")


class Page:
    """A finished page: ``html`` (the document), ``save(path)``, and inline display in Jupyter."""

    height = 760
    """Pixel height of the notebook iframe."""

    def __init__(self, html: str) -> None:
        self.html = html

    def save(self, path: str | os.PathLike) -> Path:
        """Write the page as one HTML file (making parent folders); open it from ``file://``."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.html, encoding="utf-8")
        return path

    def _repr_html_(self) -> str:
        return (f'<iframe srcdoc="{escape(self.html, quote=True)}" sandbox="allow-scripts" '
                f'style="width: 100%; height: {self.height}px; border: 1px solid #ddd"></iframe>')
