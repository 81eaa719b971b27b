"""The unit of work a cleaning worker does for one page: extract, then sign for dedupe."""

from __future__ import annotations

from dataclasses import dataclass

from newsbot.dedupe.signature import signature
from newsbot.extract import ExtractOptions, Observation, read_page
from newsbot.extract.links import PageLinks
from newsbot.items import Article


@dataclass(frozen=True)
class Cleaned:
    """The article of a page (None: not an article), its near-duplicate signature, and what
    else ``options`` asked for (see :class:`newsbot.extract.PageReading`): what the page
    teaches about its site, the kind of wall it is, its links."""

    article: Article | None
    signature: bytes | None
    observation: Observation | None = None
    wall: str | None = None
    links: PageLinks | None = None


def clean_page(html: str, url: str, options: ExtractOptions) -> Cleaned:
    """Read one page (:func:`newsbot.extract.read_page`) and sign its article for dedupe."""
    page = read_page(html, url, options=options)
    article = page.article
    return Cleaned(article, signature(article.text) if article else None, page.observation, page.wall, page.links)
