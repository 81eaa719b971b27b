"""The parsed tree of an HTML response, shared by the spider and its middlewares.

Scrapy's ``response.selector`` keeps the selector on the response and the selector keeps
the response: a reference cycle, so each page's tree (and body) stayed in memory until
Python's cyclic garbage collector came by. The tree is kept here instead, by a weak
reference to its response, and dropped as soon as the spider has read the page's links.
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
    """The root of the response's HTML, parsed once, from the text ``response.selector``
    would parse (stripped, without NUL characters)."""
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
