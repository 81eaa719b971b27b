"""Small read and write helpers over lxml HTML trees used by the boilerplate rules."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from cssselect import HTMLTranslator, SelectorError
from lxml import etree
from lxml.html import HtmlElement

from newsbot.urls import looks_like_file, same_site

_CODE_TAGS = frozenset({"script", "style", "template", "noscript"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Elements that start a new block of text; anything else is inline.
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "dd", "details", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "header", "hr", "li", "main",
    "nav", "ol", "p", "pre", "section", "table", "tbody", "td", "th", "thead", "tr", "ul",
}) | HEADINGS


def text_of(el: HtmlElement) -> str:
    """Visible text of the element (no scripts or styles), pieces joined by spaces, whitespace folded."""
    parts = []
    for node in el.iter():
        if node.tag not in _CODE_TAGS and isinstance(node.tag, str) and node.text:
            parts.append(node.text)
        if node is not el and node.tail:
            parts.append(node.tail)
    return " ".join(" ".join(parts).split())


def text_len(el: HtmlElement) -> int:
    return len(text_of(el))


def is_element(node: object) -> bool:
    """True for real elements (not comments, processing instructions or entities)."""
    return isinstance(node, HtmlElement) and isinstance(node.tag, str)


def has_block_children(el: HtmlElement) -> bool:
    return any(is_element(child) and child.tag in BLOCK_TAGS for child in el.iterdescendants())


def link_target(a: HtmlElement, page_url: str) -> str | None:
    """Absolute URL of a link to another HTML page, None for anchors, scripts, mail, files."""
    href = (a.get("href") or "").strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
        return None
    try:
        target = urljoin(page_url, href)
        parts = urlsplit(target)
        if parts.scheme not in ("http", "https") or not parts.hostname or looks_like_file(target):
            return None
        same_page = parts._replace(fragment="") == urlsplit(page_url)._replace(fragment="")
        parts.port  # raises on a malformed host:port
    except ValueError:  # malformed href (bad port, bracketed host): not a usable link
        return None
    return None if same_page else target


def page_links(el: HtmlElement, page_url: str) -> list[tuple[HtmlElement, str]]:
    """Links under ``el`` (itself included) to other pages, with their absolute targets."""
    found = []
    for a in el.iter("a"):
        target = link_target(a, page_url)
        if target:
            found.append((a, target))
    return found


def internal_links(el: HtmlElement, page_url: str) -> list[tuple[HtmlElement, str]]:
    """Links under ``el`` to other pages of the same site."""
    return [(a, t) for a, t in page_links(el, page_url) if same_site(page_url, t)]


def link_density(el: HtmlElement, page_url: str) -> float:
    """Share of the element's text that is the text of links to other pages."""
    total = text_len(el)
    if not total:
        return 0.0
    return min(1.0, sum(text_len(a) for a, _ in page_links(el, page_url)) / total)


def ancestors_and_self(el: HtmlElement) -> Iterator[HtmlElement]:
    yield el
    yield from el.iterancestors()


def remove(el: HtmlElement) -> None:
    """Detach ``el`` but keep its tail text, which belongs to the surrounding content."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail and el.tail.strip():
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def is_attached(el: HtmlElement, root: HtmlElement) -> bool:
    """False once ``el`` or one of its ancestors has been removed from ``root``'s tree."""
    top = el
    for top in el.iterancestors():
        pass
    return top is root or el is root


@lru_cache(maxsize=256)
def css_xpath(selector: str) -> etree.XPath | None:
    """Compiled XPath for a CSS selector, None if the selector is invalid."""
    try:
        return etree.XPath(HTMLTranslator().css_to_xpath(selector))
    except (SelectorError, etree.XPathError):
        return None


def select(root: HtmlElement, selectors: tuple[str, ...]) -> list[HtmlElement]:
    """Elements matching any of the CSS selectors; invalid selectors match nothing."""
    found: list[HtmlElement] = []
    for selector in selectors:
        xpath = css_xpath(selector)
        if xpath is not None:
            found.extend(xpath(root))
    return found
