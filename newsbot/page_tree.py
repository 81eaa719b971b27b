"""What the crawl process reads from an HTML response, parsed once and shared by the spider
and its middlewares.

The spider needs a page's links, the page guard its readable text (a wall page has little):
:func:`page_links` reads both from lexbor's tree (selectolax), which parses a page in a
quarter of lxml's time and is freed at once. Only a page with as few words as a wall, or a
start page that may be an article, is parsed again with lxml (:func:`page_tree`), for the
wall rules and the page's metadata. lexbor builds a tree in time that grows with the square
of its depth (each new element looks through the open ones: 100,000 nested elements took
14 s), so a page with more tags than any real page has is read with lxml, in linear time.

Scrapy's ``response.selector`` keeps the selector on the response and the selector keeps
the response: a reference cycle, so each page's tree (and body) stayed in memory until
Python's cyclic garbage collector came by. What is read here is kept by a weak reference
to its response instead, and dropped as soon as the spider has read the page's links.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from lxml import etree
from lxml.html import HtmlElement
from scrapy.http import TextResponse
from selectolax.lexbor import LexborHTMLParser

from newsbot.extract.parse import html_parser

# rel="nofollow" marks links that lead to no new article (share buttons, short links to
# the page itself, comment replies, sponsored links); rel holds space-separated tokens.
_NOFOLLOW_RE = re.compile(r"(^|[ \t\n\r])nofollow($|[ \t\n\r])", re.IGNORECASE)
# Elements whose text no reader sees (a noscript's is seen, but counting fewer words here
# only sends a page on to the full wall check).
_UNREAD_TAGS = ["script", "style", "template", "noscript"]
# Pages with more "<" than this are read with lxml: at most a tenth of a second of lexbor
# for the deepest page below it; 4 of the 990 real pages of the evaluation corpus have more
# (their median is 1,364).
MAX_LEXBOR_TAGS = 10_000
_FEED_LINKS = etree.XPath("//link[@rel='alternate'][@href]")
_BASE_HREF = etree.XPath("//base/@href", smart_strings=False)


@dataclass(frozen=True, slots=True)
class PageLinks:
    """A page's links and readable text.

    ``hrefs`` are the ``href`` values of its ``a`` and ``area`` elements in document order,
    each once, without ``rel="nofollow"`` ones and without those inside a ``<template>``
    (inert markup a script fills in: ``{{link}}``); ``feeds`` the ``(type, href)`` of its
    ``<link rel="alternate">`` elements; ``base`` its first ``<base href>`` ("" if none);
    ``body_text`` the text of its body without scripts, styles and noscript content (None
    when the page was read with lxml, which reads links inside templates too).
    """

    hrefs: tuple[str, ...]
    feeds: tuple[tuple[str, str], ...]
    base: str
    body_text: str | None


_LINKS: WeakKeyDictionary[TextResponse, PageLinks] = WeakKeyDictionary()
_TREES: WeakKeyDictionary[TextResponse, HtmlElement] = WeakKeyDictionary()
# The settings parsel gives ``response.selector``'s parser (no size limit on text nodes and
# depth), with the C-level class lookup: a fifth less time to parse and read the links.
_PARSER = html_parser(recover=True, huge_tree=True)
_EMPTY = b"<html/>"


def page_links(response: TextResponse) -> PageLinks:
    """The links and readable text of the response's HTML, read once."""
    found = _LINKS.get(response)
    if found is None:
        html = response.text
        found = read_links(html) if html.count("<") <= MAX_LEXBOR_TAGS else tree_links(page_tree(response))
        _LINKS[response] = found
    return found


def read_links(html: str) -> PageLinks:
    """:class:`PageLinks` of an HTML document."""
    tree = LexborHTMLParser(html)
    hrefs = [href for attributes in _with_href(tree, "a[href], area[href]")
             if (href := _href(attributes)) is not None and not _NOFOLLOW_RE.search(attributes.get("rel") or "")]
    feeds = tuple((attributes.get("type") or "", href) for attributes in _with_href(tree, "link[rel][href]")
                  if attributes.get("rel") == "alternate" and (href := _href(attributes)) is not None)
    base = next((href for attributes in _with_href(tree, "base[href]") if (href := _href(attributes)) is not None), "")
    tree.strip_tags(_UNREAD_TAGS)
    body = tree.body
    return PageLinks(tuple(dict.fromkeys(hrefs)), feeds, base,
                     body.text(deep=True, separator=" ") if body is not None else "")


def tree_links(root: HtmlElement) -> PageLinks:
    """:class:`PageLinks` of a page lxml parsed, without its text. It goes through the
    root's siblings too, where lxml puts what follows a broken page's end."""
    tops = [*reversed(list(root.itersiblings(preceding=True))), root, *root.itersiblings()]
    hrefs = [href for top in tops for link in top.iter("a", "area")
             if (href := link.get("href")) is not None and not _NOFOLLOW_RE.search(link.get("rel") or "")]
    feeds = tuple((link.get("type") or "", link.get("href")) for link in _FEED_LINKS(root))
    return PageLinks(tuple(dict.fromkeys(hrefs)), feeds, next(iter(_BASE_HREF(root)), ""), None)


def _with_href(tree: LexborHTMLParser, selector: str) -> Iterator[dict[str, str | None]]:
    return (node.attributes for node in tree.css(selector))


def _href(attributes: dict[str, str | None]) -> str | None:
    """The element's ``href``: "" when it has no value, None when the match was an SVG
    link's ``xlink:href`` (lexbor's selectors match attributes whatever their prefix)."""
    if "href" not in attributes:
        return None
    return attributes["href"] or ""


def page_tree(response: TextResponse) -> HtmlElement:
    """The root of the response's HTML as lxml parses it, once, from the text
    ``response.selector`` would parse (stripped, without NUL characters)."""
    root = _TREES.get(response)
    if root is None:
        body = response.text.strip().replace("\x00", "").encode("utf-8") or _EMPTY
        root = etree.fromstring(body, parser=_PARSER, base_url=response.url)
        if root is None:  # markup without any element
            root = etree.fromstring(_EMPTY, parser=_PARSER, base_url=response.url)
        _TREES[response] = root
    return root


def drop_page_tree(response: TextResponse) -> None:
    """What was read from the response is no longer needed."""
    _LINKS.pop(response, None)
    _TREES.pop(response, None)
