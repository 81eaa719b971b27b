"""From raw HTML (text or bytes) to an lxml tree, without raising on bad input."""

from __future__ import annotations

import logging
import re

from lxml import etree
from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HTMLParser, HtmlProcessingInstruction, fromstring
from trafilatura.utils import is_dubious_html, repair_faulty_html

from newsbot.extract.raw import decode_html

LOG = logging.getLogger(__name__)

# Share of NUL and other control characters above which a "page" is binary data.
_MAX_CONTROL_SHARE = 0.05
# Control characters other than tab, line feed, form feed and carriage return.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
# What trafilatura's repair_faulty_html removes (its INVALID_XML_CHARS), and how far into
# a page its other repairs look.
_INVALID_XML_CHARS = (*map(chr, (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20))), "\ufffe", "\uffff")
_REPAIRED_CHARS = 4096


def html_parser(**options: bool) -> HTMLParser:
    """An lxml HTML parser for UTF-8 input with lxml's C-level class lookup: every node is an
    ``HtmlElement`` (or HTML comment, entity, instruction). lxml.html's own lookup runs a
    Python function each time an element is touched, which cost 3 to 4% of the cleaning;
    no rule needs its form-specific element classes. Nor does anything look elements up by
    id, so the id table is not built."""
    parser = HTMLParser(collect_ids=False, encoding="utf-8", **options)
    parser.set_element_class_lookup(etree.ElementDefaultClassLookup(
        element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity))
    return parser


# trafilatura's parser settings.
_PARSER = html_parser(default_doctype=False, remove_comments=True, remove_pis=True)


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
        tree = _load(text)
    except (ValueError, TypeError, LookupError):
        return None
    if tree is None or not isinstance(tree, HtmlElement):
        return None
    return tree


def _load(text: str) -> HtmlElement | None:
    """The tree of a decoded page, as ``trafilatura.load_html`` builds it (the same repairs,
    the same fallback to bytes, the same rejection of what is not HTML), with our parser."""
    beginning = text[:50].lower()
    text = _repair(text, beginning)
    tree, from_bytes = None, False
    try:
        tree = fromstring(text, parser=_PARSER)
    except ValueError:  # a Unicode string with an encoding declaration: parse its bytes
        tree, from_bytes = _load_bytes(text), True
    except etree.LxmlError as exc:
        LOG.debug("lxml could not parse the page: %s", exc)
    if (tree is None or len(tree) < 1) and not from_bytes:
        tree = _load_bytes(text)
    if tree is not None and is_dubious_html(beginning) and len(tree) < 2:
        return None
    return tree


def _repair(text: str, beginning: str) -> str:
    """``repair_faulty_html(text, beginning)``, faster on a page without characters XML
    does not allow. Their removal scans the whole page with a regex (0.6 ms on a 77 KB
    page), where str's own search for each of them takes a third of that; without any,
    the other repairs change only the first line and the first lines up to 4,096
    characters after it, so only those go through it."""
    if any(char in text for char in _INVALID_XML_CHARS):
        return repair_faulty_html(text, beginning)
    first_line = text.find("\n")
    cut = text.find("\n", first_line + _REPAIRED_CHARS + 1) if first_line >= 0 else -1
    if cut < 0:
        return repair_faulty_html(text, beginning)
    return repair_faulty_html(text[:cut], beginning) + text[cut:]


def _load_bytes(text: str) -> HtmlElement | None:
    try:
        return fromstring(text.encode("utf-8", "surrogatepass"), parser=_PARSER)
    except (etree.LxmlError, ValueError) as exc:
        LOG.debug("lxml could not parse the page's bytes: %s", exc)
        return None
