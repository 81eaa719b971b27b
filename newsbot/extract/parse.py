"""From raw HTML (text or bytes) to an lxml tree, without raising on bad input."""

from __future__ import annotations

import re

from lxml.html import HtmlElement
from trafilatura import load_html

from newsbot.extract.raw import decode_html

# Share of NUL and other control characters above which a "page" is binary data.
_MAX_CONTROL_SHARE = 0.05
# Control characters other than tab, line feed, form feed and carriage return.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def to_unicode(html: str | bytes, content_type: str | None = None) -> str:
    """Decode bytes as the crawl does (:func:`newsbot.extract.raw.decode_html`): by what the
    bytes are, when the HTTP header, ``<meta charset>`` or BOM say otherwise."""
    if isinstance(html, str):
        return html
    return decode_html(html, content_type)[1]


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
