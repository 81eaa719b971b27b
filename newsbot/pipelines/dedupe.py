"""Mark copies of stories the store already holds: same text, or near-duplicate text."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler

from newsbot.dedupe.signature import LshScheme, band_keys, similarity
from newsbot.items import Page
from newsbot.store.shared import crawl_store


class DedupePipeline:
    """Set ``article.duplicate_of`` when the page's article copies a stored story.

    Exact copies share the fingerprint of the normalized text; near copies (syndicated,
    lightly edited) have MinHash signatures at or above ``NEWSBOT_NEAR_DUPLICATE_THRESHOLD``,
    found through the store's LSH band index. The band keys are kept on the page for the
    store pipeline to index.
    """

    def __init__(self, crawler: Crawler, threshold: float) -> None:
        self.crawler = crawler
        self.scheme = LshScheme.for_threshold(threshold)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "DedupePipeline":
        return cls(crawler, crawler.settings.getfloat("NEWSBOT_NEAR_DUPLICATE_THRESHOLD"))

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Page) or item.article is None:
            return item
        keys = band_keys(item.signature, self.scheme) if item.signature else []
        signature, threshold = item.signature, self.scheme.threshold
        item.band_keys = keys
        item.is_copy = (lambda other: similarity(signature, other) >= threshold) if signature else None
        item.article.duplicate_of = crawl_store(self.crawler).find_copy(item.article, keys, item.is_copy)
        return item
