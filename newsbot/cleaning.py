"""The unit of work a cleaning worker does for one page: extract, then sign for dedupe."""

from __future__ import annotations

from dataclasses import dataclass

from newsbot.dedupe.signature import signature
from newsbot.extract import ExtractOptions, extract_article
from newsbot.items import Article


@dataclass(frozen=True)
class Cleaned:
    """The article of a page (None: not an article) and its near-duplicate signature."""

    article: Article | None
    signature: bytes | None


def clean_page(html: str, url: str, options: ExtractOptions) -> Cleaned:
    """Extract the article of one page and compute its MinHash signature."""
    article = extract_article(html, url, options=options)
    return Cleaned(article, signature(article.text) if article else None)
