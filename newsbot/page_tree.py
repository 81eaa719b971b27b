"""The parsed tree of an HTML response, shared by the spider and its middlewares.

Scrapy's ``response.selector`` keeps the selector on the response and the selector keeps
the response: a reference cycle, so each page's tree (and body) stayed in memory until
Python's cyclic garbage collector came by. The tree is kept here instead, by a weak
reference to its response, and dropped as soon as the spider has read the page's links.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from lxml.html import HtmlElement
from scrapy.http import TextResponse
from scrapy.selector import Selector

_TREES: WeakKeyDictionary[TextResponse, HtmlElement] = WeakKeyDictionary()


def page_tree(response: TextResponse) -> HtmlElement:
    """The root of the response's HTML, parsed once (as ``response.selector`` would parse it)."""
    root = _TREES.get(response)
    if root is None:
        root = _TREES[response] = Selector(response).root
    return root


def drop_page_tree(response: TextResponse) -> None:
    """The response's tree is no longer needed."""
    _TREES.pop(response, None)
