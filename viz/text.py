"""Any label text made safe for Graphviz: HTML-like labels (``<...>``) and quoted attributes.

Labels come from users (``Value(label=...)``, module names, a custom op's symbol) and may
hold anything. ``dot`` rejects characters XML forbids (control characters, U+FFFE, lone
surrogates) and empty bold text, and a trailing backslash breaks a quoted DOT string. So
every piece of text in a drawing goes through :func:`html` (for HTML-like labels, which
every node, cluster and title of a drawing uses) or :func:`attr` (for quoted attributes
such as tooltips). Characters that cannot be shown are written as Python escapes
(``\\n``, ``\\x01``, ``\\ufffe``), so nothing is lost and the SVG parses as XML.
"""

from __future__ import annotations

import unicodedata
from html import escape

import graphviz

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def visible(text: str) -> str:
    """``text`` with control, separator, surrogate and non-characters written as escapes (``\\x01``)."""
    if text.isprintable() and text.isascii():
        return text  # the common case: nothing to do
    return "".join(_visible_char(ch) for ch in text)


def _visible_char(ch: str) -> str:
    code = ord(ch)
    if ch in _NAMED:
        return _NAMED[ch]
    if unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp") or _noncharacter(code):
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
    return ch


def _noncharacter(code: int) -> bool:
    """U+FDD0..U+FDEF and the last two code points of every plane (U+FFFE, U+FFFF, ...)."""
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def html(text: str) -> str:
    """``text`` for the inside of an HTML-like label: visible characters, ``& < > "`` as entities."""
    return escape(visible(text), quote=True)


def bold(text: str) -> str:
    """``<b>text</b>`` escaped; empty text gives '' (``dot`` rejects an empty ``<b></b>``)."""
    return f"<b>{html(text)}</b>" if text else ""


def label(markup: str) -> str:
    """An HTML-like label attribute value from markup built with :func:`html`."""
    return f"<{markup}>"


def attr(text: str) -> str:
    """``text`` for a quoted DOT attribute (a tooltip): visible characters, backslashes doubled."""
    return graphviz.escape(visible(text))
