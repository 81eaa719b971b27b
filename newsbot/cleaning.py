"""The unit of work a cleaning worker does for one page: extract, then sign for dedupe."""

from __future__ import annotations

from dataclasses import dataclass

from newsbot.dedupe.signature import signature
from newsbot.extract import ExtractOptions, Observation, extract_with_observation
from newsbot.items import Article


@dataclass(frozen=True)
class Cleaned:
    """The article of a page (None: not an article), its near-duplicate signature, and what
    the page teaches about its site (when ``options.observe`` asked for it)."""

    article: Article | None
    signature: bytes | None
    observation: Observation | None = None


def clean_page(html: str, url: str, options: ExtractOptions) -> Cleaned:
    """Extract the article of one page, compute its MinHash signature, observe the page."""
    article, observation = extract_with_observation(html, url, options=options)
    return Cleaned(article, signature(article.text) if article else None, observation)
