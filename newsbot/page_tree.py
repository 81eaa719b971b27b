"""What the crawl process parses of an HTML response itself, once, and frees with it.

The cleaning workers read a page's links, and tell wall pages, from the tree they parse
for the extraction (:func:`newsbot.extract.read_page`). The crawl process parses a page
with lxml (:func:`page_tree`) only where it needs the tree itself: a start page that may
be an article, and the links of a page no worker read (too big to clean, fetched before
the workers were up, or one whose cleaning failed).

Scrapy's ``response.selector`` keeps the selector on the response and the selector keeps
the response: a reference cycle, so each page's tree (and body) stayed in memory until
Python's cyclic garbage collector came by. What is read here is kept by a weak reference
to its response instead, and dropped as soon as the spider is done with the page.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from lxml import etree
from lxml.html import HtmlElement
from scrapy.http import TextResponse

from newsbot.extract.parse import html_parser

_TREES: WeakKeyDictionary[TextResponse, HtmlElement] = WeakKeyDictionary()
# The settings parsel gives ``response.selector``'s parser (no size limit on text nodes and
# depth), with the C-level class lookup: a fifth less time to parse and read the links.
_PARSER = html_parser(recover=True, huge_tree=True)
_EMPTY = b"<html/>"


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
    """The response's tree is no longer needed."""
    _TREES.pop(response, None)
