"""Turn fetched pages into clean articles; drop pages that are not articles."""

from __future__ import annotations

import logging
import os
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.utils.misc import load_object

from newsbot.cleaning import clean_page
from newsbot.extract import ExtractOptions
from newsbot.items import Page
from newsbot.sites import SiteConfig
from newsbot.workers import Cleaner, CleaningCrash, CleaningPool, CleaningTimeout

logger = logging.getLogger(__name__)


class CleanPipeline:
    """Clean each :class:`Page` in the worker pool (``NEWSBOT_EXTRACT_WORKERS``).

    The article and its near-duplicate signature are attached to the page (``page.article``,
    ``page.signature``) so later pipelines see them beside the HTML they came from.
    """

    def __init__(self, crawler: Crawler, min_words: int, workers: int, timeout: float,
                 cleaner: Cleaner = clean_page) -> None:
        self.crawler = crawler
        self.min_words = min_words
        self.workers = workers
        self.timeout = timeout
        self.cleaner = cleaner
        self.pool: CleaningPool | None = None
        self.options: dict[str, ExtractOptions] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "CleanPipeline":
        settings = crawler.settings
        workers = settings.get("NEWSBOT_EXTRACT_WORKERS")
        workers = (os.cpu_count() or 1) if workers in (None, "") else int(workers)
        return cls(crawler, settings.getint("NEWSBOT_MIN_WORDS"), workers,
                   settings.getfloat("NEWSBOT_EXTRACT_TIMEOUT"), load_object(settings.get("NEWSBOT_CLEANER")))

    def open_spider(self) -> None:
        self.pool = CleaningPool(self.workers, self.timeout, self.cleaner)

    def close_spider(self) -> None:
        self.pool.close()

    def _site(self, name: str) -> SiteConfig | None:
        return getattr(self.crawler.spider, "sites", {}).get(name)

    def _options(self, name: str) -> ExtractOptions:
        if name not in self.options:
            site = self._site(name)
            self.options[name] = ExtractOptions(
                drop_selectors=site.drop if site else (),
                keep_selectors=site.keep if site else (),
            )
        return self.options[name]

    def _drop(self, page: Page, reason: str) -> DropItem:
        self.crawler.stats.inc_value(f"newsbot/dropped/{reason}")
        return DropItem(f"{page.url}: {reason.replace('_', ' ')}")

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, Page):
            return item
        try:
            cleaned = await self.pool.clean(item.html, item.url, self._options(item.site))
        except (CleaningTimeout, CleaningCrash) as exc:
            logger.warning("Skipped %s: %s", item.url, exc)
            reason = "extract_timeout" if isinstance(exc, CleaningTimeout) else "extract_crash"
            raise self._drop(item, reason) from exc
        except Exception:  # noqa: BLE001 - one bad page must never stop the crawl
            logger.exception("Extraction failed on %s", item.url)
            raise self._drop(item, "extraction_error")
        article = cleaned.article
        if article is None:
            raise self._drop(item, "not_article")
        if article.word_count < self.min_words:
            raise self._drop(item, "too_short")
        site = self._site(item.site)
        oldest = site.oldest_allowed() if site else None
        if oldest and article.published and article.published < oldest:
            raise self._drop(item, "too_old")
        article.site = item.site
        article.fetched_at = item.fetched_at
        item.article, item.signature = article, cleaned.signature
        self.crawler.stats.inc_value("newsbot/articles/extracted")
        return item
