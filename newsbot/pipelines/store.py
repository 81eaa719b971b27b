"""Keep articles in the store named by ``NEWSBOT_DB``; emit only new or changed ones."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from newsbot.items import Page
from newsbot.store.base import SaveOutcome, Store, open_store


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class StorePipeline:
    """Save each cleaned page's article (and HTML); pass the :class:`Article` on.

    An article already stored with the same text is dropped (``newsbot/store/unchanged``),
    so feeds carry only what is new or updated. Each run is recorded with its stats.
    """

    def __init__(self, crawler: Crawler, db_url: str, keep_html: bool) -> None:
        self.crawler = crawler
        self.db_url = db_url
        self.keep_html = keep_html
        self.store: Store | None = None
        self.run_id: int | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "StorePipeline":
        settings = crawler.settings
        return cls(crawler, settings.get("NEWSBOT_DB"), settings.getbool("NEWSBOT_STORE_HTML"))

    def open_spider(self) -> None:
        self.store = open_store(self.db_url, keep_html=self.keep_html)
        self.run_id = self.store.start_run(self.crawler.spider.name, _now())

    def close_spider(self) -> None:
        if self.store is None:
            return
        stats = self.crawler.stats.get_stats()
        self.store.finish_run(self.run_id, _now(), stats)
        self.store.close()

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Page) or item.article is None:
            return item
        outcome = self.store.save_article(item.article, item.html)
        self.crawler.stats.inc_value(f"newsbot/store/{outcome.value}")
        if outcome is SaveOutcome.UNCHANGED:
            raise DropItem(f"{item.article.canonical_url}: stored already, unchanged")
        return item.article
