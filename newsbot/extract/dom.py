"""Read and write helpers over lxml HTML trees, and a memo of element texts and link targets."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from cssselect import HTMLTranslator, SelectorError
from lxml import etree
from lxml.html import HtmlElement

from newsbot.urls import LINK_CACHE_SIZE, looks_like_file, same_site

# Elements whose text is code, not page text.
_CODE_TAGS = frozenset({"script", "style", "template", "noscript"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Elements that start a new block of text; anything else is inline.
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "dd", "details", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "header", "hr", "li", "main",
    "nav", "ol", "p", "pre", "section", "table", "tbody", "td", "th", "thead", "tr", "ul",
}) | HEADINGS

Link = tuple[HtmlElement, str]
_UNKNOWN = object()


class TreeIndex:
    """Visible texts and link targets of one page's elements, each computed once.

    The rules ask for the same texts many times; a removal must be reported through
    :meth:`forget` so the texts of the removed element's ancestors are recomputed.
    """

    def __init__(self, page_url: str) -> None:
        self.url = page_url
        self._texts: dict[HtmlElement, str] = {}
        self._targets: dict[str, tuple[str, bool] | None] = {}  # by href
        self._links: dict[HtmlElement, tuple[str, bool] | None] = {}  # by link element

    def text(self, el: HtmlElement) -> str:
        """Visible text (no scripts or styles), pieces joined by spaces, whitespace folded."""
        cached = self._texts.get(el)
        if cached is not None:
            return cached
        return self._walk(el) if self._texts else self._first_walk(el)

    def _first_walk(self, el: HtmlElement) -> str:
        """The texts of every element under ``el`` when none is known yet: its elements
        from the last to the first, so each one's children are done before it (a quarter
        less time than :meth:`_walk`, which must look for known subtrees to skip)."""
        texts = self._texts
        for node in reversed(list(el.iter(etree.Element))):
            pieces = []
            if node.text and node.tag not in _CODE_TAGS and (text := " ".join(node.text.split())):
                pieces.append(text)
            for child in node:  # elements, comments, instructions: their tails count
                if text := texts.get(child):
                    pieces.append(text)
                if child.tail and (text := " ".join(child.tail.split())):
                    pieces.append(text)
            texts[node] = " ".join(pieces)
        return texts[el]

    def _walk(self, el: HtmlElement) -> str:
        """Compute the texts missing under ``el``, children before parents, in one walk that
        skips the subtrees known already (after a removal, only the ancestors are missing).

        The walk is lxml's, without recursion (some pages nest very deep). Each element's
        text joins its folded pieces: its own text, its children's texts, their tails.
        """
        walk = etree.iterwalk(el, events=("start", "end", "comment", "pi"))
        texts, skip = self._texts, walk.skip_subtree
        open_pieces: list[list[str]] = []  # of the elements open above the current one
        pieces: list[str] = []  # of the current element
        for event, node in walk:
            if event == "start":
                open_pieces.append(pieces)
                known = texts.get(node)
                if known is not None:
                    skip()
                    pieces = [known]
                elif node.tag in _CODE_TAGS:
                    pieces = []
                else:
                    pieces = [_fold(node.text)]
                continue
            if event == "end":
                text = " ".join(filter(None, pieces))
                texts[node] = text
                pieces = open_pieces.pop()
                pieces.append(text)
            if node.tail:  # of an element, comment or instruction
                pieces.append(_fold(node.tail))
        return self._texts[el]

    def text_len(self, el: HtmlElement) -> int:
        return len(self.text(el))

    def forget(self, el: HtmlElement) -> None:
        """``el`` is about to leave the tree: its ancestors' texts will change."""
        for node in ancestors_and_self(el):
            self._texts.pop(node, None)

    def target(self, a: HtmlElement) -> tuple[str, bool] | None:
        """(absolute URL, same site?) of a link to another HTML page, else None."""
        found = self._links.get(a, _UNKNOWN)  # the rules ask for the same links again and again
        if found is _UNKNOWN:
            found = self._links[a] = self._target(a.get("href"))
        return found

    def _target(self, href: str | None) -> tuple[str, bool] | None:
        href = (href or "").strip()
        if href not in self._targets:
            target = link_target(href, self.url)
            relative = "://" not in href and not href.startswith("//")
            self._targets[href] = (target, relative or same_site(self.url, target)) if target else None
        return self._targets[href]

    def page_links(self, el: HtmlElement) -> list[Link]:
        """Links under ``el`` (itself included) to other pages, with their absolute targets."""
        return [(a, found[0]) for a in el.iter("a") if (found := self.target(a))]

    def internal_links(self, el: HtmlElement) -> list[Link]:
        """Links under ``el`` to other pages of the same site."""
        return [(a, found[0]) for a in el.iter("a") if (found := self.target(a)) and found[1]]

    def link_density(self, el: HtmlElement) -> float:
        """Share of the element's text that is the text of links to other pages."""
        total = self.text_len(el)
        if not total:
            return 0.0
        return min(1.0, sum(self.text_len(a) for a, _ in self.page_links(el)) / total)


def _fold(text: str | None) -> str:
    return " ".join(text.split()) if text else ""


def is_element(node: object) -> bool:
    """True for real elements (not comments, processing instructions or entities)."""
    return isinstance(node, HtmlElement) and isinstance(node.tag, str)


def has_block_children(el: HtmlElement) -> bool:
    # The tag of a comment, instruction or entity is a function, never one of BLOCK_TAGS.
    return any(child.tag in BLOCK_TAGS for child in el.iterdescendants())


def link_target(href: str, page_url: str) -> str | None:
    """Absolute URL of a link to another HTML page, None for anchors, scripts, mail, files."""
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
        return None
    try:
        page = urlsplit(page_url)
        if page.scheme in ("http", "https") and _from_origin(href):
            found = _site_target(page.scheme, page.netloc, href)
        else:
            found = _web_page(urljoin(page_url, href))
    except ValueError:  # malformed href (bad port, bracketed host): not a usable link
        return None
    if found is None or found[1] == page[:4]:  # the page itself (its fragments included)
        return None
    return found[0]


# An absolute URL with its scheme, host, path and query.
_Target = tuple[str, tuple[str, str, str, str]]


@lru_cache(maxsize=LINK_CACHE_SIZE)
def _from_origin(href: str) -> bool:
    """The href names a host or a path from the root: the page's own path does not matter.
    (The same hrefs come back on page after page: menus, teasers. urlsplit's own cache
    holds 128 URLs, far fewer than the links of one page.)"""
    parts = urlsplit(href)
    return bool(parts.netloc) or parts.path.startswith("/")


@lru_cache(maxsize=LINK_CACHE_SIZE)
def _site_target(scheme: str, netloc: str, href: str) -> _Target | None:
    """:func:`_web_page` of an href from the origin: the same on every page of a site."""
    return _web_page(urljoin(f"{scheme}://{netloc}/", href))


def _web_page(target: str) -> _Target | None:
    """``target`` and its first four parts if it is an http(s) URL of an HTML page, else
    None; raises ValueError on a malformed host:port."""
    parts = urlsplit(target)
    if parts.scheme not in ("http", "https") or not parts.hostname or looks_like_file(target):
        return None
    parts.port  # raises on a malformed host:port
    return target, parts[:4]


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
    return top is root


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
