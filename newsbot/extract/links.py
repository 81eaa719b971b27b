"""The links a crawl follows from a page, read from its lxml tree.

The cleaning worker reads them from the tree it parsed for the extraction, before any
rule changes it, so the crawl process does not parse the page a second time for them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml.html import HtmlElement

# rel="nofollow" marks links that lead to no new article (share buttons, short links to
# the page itself, comment replies, sponsored links); rel holds space-separated tokens.
_NOFOLLOW_RE = re.compile(r"(^|[ \t\n\r])nofollow($|[ \t\n\r])", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class PageLinks:
    """A page's links.

    ``hrefs`` are the ``href`` values of its ``a`` and ``area`` elements in document order,
    each once, without ``rel="nofollow"`` ones and without those inside a ``<template>``
    (inert markup a script fills in: ``{{link}}``); ``feeds`` the ``(type, href)`` of its
    ``<link rel="alternate">`` elements; ``base`` its first ``<base href>`` ("" if none).
    """

    hrefs: tuple[str, ...]
    feeds: tuple[tuple[str, str], ...]
    base: str


NO_LINKS = PageLinks((), (), "")  # what a wall page or binary data leads to


def read_links(root: HtmlElement) -> PageLinks:
    """:class:`PageLinks` of a parsed page, from one walk of its elements. It goes through
    the root's siblings too, where lxml puts what follows a broken page's end."""
    tops = [*reversed(list(root.itersiblings(preceding=True))), root, *root.itersiblings()]
    inert: set[HtmlElement] = set()
    hrefs, feeds, bases = [], [], []
    for top in tops:
        for element in top.iter("a", "area", "link", "base", "template"):
            tag = element.tag
            if tag == "template":  # its links come after it in the walk
                inert.update(element.iter("a", "area"))
            elif (href := element.get("href")) is None:
                continue
            elif tag == "link":
                if element.get("rel") == "alternate":
                    feeds.append((element.get("type") or "", href))
            elif tag == "base":
                bases.append(href)
            elif element not in inert and not _NOFOLLOW_RE.search(element.get("rel") or ""):
                hrefs.append(href)
    return PageLinks(tuple(dict.fromkeys(hrefs)), tuple(feeds), bases[0] if bases else "")
