"""Turn fetched pages into clean articles; drop pages that are not articles."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from newsbot.extract import ExtractOptions, extract_article
from newsbot.items import Page
from newsbot.sites import SiteConfig

logger = logging.getLogger(__name__)


class CleanPipeline:
    """Run :func:`newsbot.extract.extract_article` on each :class:`Page`.

    The article is attached to the page (``page.article``) so later pipelines see both
    the clean article and the HTML it came from.
    """

    def __init__(self, crawler: Crawler, min_words: int) -> None:
        self.crawler = crawler
        self.min_words = min_words
        self.options: dict[str, ExtractOptions] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "CleanPipeline":
        return cls(crawler, crawler.settings.getint("NEWSBOT_MIN_WORDS"))

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

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Page):
            return item
        try:
            article = extract_article(item.html, item.url, options=self._options(item.site))
        except Exception:  # noqa: BLE001 - one bad page must never stop the crawl
            logger.exception("Extraction failed on %s", item.url)
            raise self._drop(item, "extraction_error")
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
        item.article = article
        self.crawler.stats.inc_value("newsbot/articles/extracted")
        return item
