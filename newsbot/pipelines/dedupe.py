"""Prepare the look-up of stories the store already holds that an article copies: same
text, or near-duplicate text."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler

from newsbot.dedupe.signature import LshScheme, band_keys, similarity
from newsbot.items import Page


class DedupePipeline:
    """Give the page the LSH band keys of its article and the test of a stored signature
    it copies; the store pipeline saves the article with them, and the store marks
    ``article.duplicate_of`` as it saves (see :class:`newsbot.store.base.SaveExtras`).

    Exact copies share the fingerprint of the normalized text; near copies (syndicated,
    lightly edited) have MinHash signatures at or above ``NEWSBOT_NEAR_DUPLICATE_THRESHOLD``,
    found through the store's LSH band index, which also indexes the band keys.
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
        item.is_copy = lambda other: similarity(signature, other) >= threshold  # asked of band matches only
        return item
