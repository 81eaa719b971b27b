"""Keep articles in the store named by ``NEWSBOT_DB``; emit only what is new or changed."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from newsbot.health import CRAWL_STAT
from newsbot.items import Page
from newsbot.learning import wait_for_learning
from newsbot.store.base import SaveExtras, SaveOutcome
from newsbot.store.shared import crawl_store
from newsbot.urls import url_key


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class StorePipeline:
    """Save each cleaned page's article with its HTML, signature and URLs; pass the
    :class:`Article` on when it is new or updated.

    Not emitted: an article stored already with the same text (``newsbot/store/unchanged``)
    and, unless ``NEWSBOT_EMIT_DUPLICATES``, a copy of a stored story (stored, linked to it
    and counted as ``newsbot/dedupe/duplicates``). Each run is recorded with its stats.
    """

    def __init__(self, crawler: Crawler, emit_duplicates: bool) -> None:
        self.crawler = crawler
        self.emit_duplicates = emit_duplicates
        self.run_id: int | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "StorePipeline":
        return cls(crawler, crawler.settings.getbool("NEWSBOT_EMIT_DUPLICATES"))

    def open_spider(self) -> None:
        stats = self.crawler.stats
        self.run_id = crawl_store(self.crawler).start_run(self.crawler.spider.name, _now(),
                                                          stats.get_value(CRAWL_STAT))
        stats.set_value("newsbot/run_id", self.run_id)  # for the run's health record

    async def close_spider(self) -> None:
        await wait_for_learning(self.crawler)  # its figures belong to the run's stats
        crawl_store(self.crawler).finish_run(self.run_id, _now(), self.crawler.stats.get_stats())

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Page) or item.article is None:
            return item
        article = item.article
        urls = {url_key(u) for u in (*item.urls, item.url, article.canonical_url)}
        extras = SaveExtras(signature=item.signature, band_keys=item.band_keys, url_keys=sorted(urls),
                            etag=item.etag, last_modified=item.last_modified, is_copy=item.is_copy)
        outcome = crawl_store(self.crawler).save_article(article, item.html, extras)
        self.crawler.stats.inc_value(f"newsbot/store/{outcome.value}")
        if outcome is SaveOutcome.UNCHANGED:
            raise DropItem(f"{article.canonical_url}: stored already, unchanged")
        if article.duplicate_of:
            self.crawler.stats.inc_value("newsbot/dedupe/duplicates")
            if not self.emit_duplicates:
                raise DropItem(f"{article.canonical_url}: copy of {article.duplicate_of}")
        return article
