"""From raw HTML (text or bytes) to an lxml tree, without raising on bad input."""

from __future__ import annotations

import re

from lxml.html import HtmlElement
from trafilatura import load_html
from w3lib.encoding import html_to_unicode

# Share of NUL and other control characters above which a "page" is binary data.
_MAX_CONTROL_SHARE = 0.05
# Control characters other than tab, line feed, form feed and carriage return.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def to_unicode(html: str | bytes, content_type: str | None = None) -> str:
    """Decode bytes by BOM, HTTP header charset, then ``<meta charset>``, as browsers do.

    w3lib maps latin-1 labels to windows-1252, so curly quotes in such pages survive.
    """
    if isinstance(html, str):
        return html
    return html_to_unicode(content_type, html)[1]


def looks_binary(text: str) -> bool:
    """True for decoded data that is not text (images, archives, PDFs)."""
    head = text[:2048]
    controls = len(_CONTROL_RE.findall(head))
    return not head.strip() or controls > _MAX_CONTROL_SHARE * len(head)


def parse_html(html: str | bytes, content_type: str | None = None) -> HtmlElement | None:
    """The document tree, or None for empty, binary or unparseable input."""
    try:
        text = to_unicode(html, content_type)
        if looks_binary(text):
            return None
        tree = load_html(text)
    except (ValueError, TypeError, LookupError):
        return None
    if tree is None or not isinstance(tree, HtmlElement):
        return None
    return tree
