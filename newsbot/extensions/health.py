"""Sum each run up, check its health, and record both in the store's ``runs`` table.

While the crawl runs, pages with an article-like URL (not a front, section, tag, author,
search or pagination page) are counted, with those cleaning failed on: dropped as not an
article or on an extraction error, or whose text other pages of the run share (an error
or placeholder page, not a story). When the spider closes the run's summary is logged,
the :mod:`newsbot.monitors` suite judges it against the site's usual runs, and a flagged
run gets a WARNING, ``newsbot/health/flagged`` in its stats (so ``scrapy crawl`` exits
with status 3) and ``flagged = 1`` with its reasons in the ``runs`` table.
"""

from __future__ import annotations

import logging
from typing import Any

from itemadapter import ItemAdapter, is_item
from scrapy import Spider, signals
from scrapy.crawler import Crawler

from newsbot.health import (
    CRAWL_STAT,
    FAILED_EXTRACTION,
    FLAGGED,
    REASONS,
    HealthRules,
    RunSummary,
    is_judged,
    summarize,
    usual_runs,
)
from newsbot.items import Page
from newsbot.monitors import failed_checks
from newsbot.pipelines.clean import WALL
from newsbot.store.base import Store, open_store
from newsbot.urls import looks_like_listing

logger = logging.getLogger(__name__)


def drop_reason(exception: BaseException) -> str:
    """The ``newsbot/dropped/<reason>`` a cleaning drop names: its message ends ``: reason``."""
    return str(exception).rsplit(": ", 1)[-1].strip().replace(" ", "_")


class ArticlePageTally:
    """Article-like pages of one run, and those cleaning failed on.

    It keeps a number per text and per URL (their hashes), not the strings, and a set only
    for the texts found under more than one URL, so a long crawl's memory barely grows.
    """

    def __init__(self) -> None:
        self.pages = 0
        self.failed = 0
        self.first_url: dict[int, int] = {}  # text -> the first URL it was found under
        self.shared: dict[int, set[int]] = {}  # text -> every URL, for texts under several

    def add(self, url: str, failed: bool, fingerprint: str | None = None, canonical_url: str = "") -> None:
        if looks_like_listing(url):
            return
        self.pages += 1
        if failed:
            self.failed += 1
        elif fingerprint:
            text, page = hash(fingerprint), hash(canonical_url or url)
            first = self.first_url.setdefault(text, page)
            if first != page:
                self.shared.setdefault(text, {first}).add(page)

    @property
    def failed_total(self) -> int:
        """Failed pages, counting each page whose text other pages of the run share."""
        return self.failed + sum(len(urls) for urls in self.shared.values())


class RunHealth:
    """The run summary and health verdict of every crawl."""

    def __init__(self, crawler: Crawler, db_url: str, rules: HealthRules) -> None:
        self.crawler = crawler
        self.db_url = db_url
        self.rules = rules
        self.tally = ArticlePageTally()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "RunHealth":
        settings = crawler.settings
        rules = HealthRules(
            history=settings.getint("NEWSBOT_HEALTH_HISTORY"),
            failure_jump=settings.getfloat("NEWSBOT_HEALTH_FAILURE_JUMP"),
            min_failed_pages=settings.getint("NEWSBOT_HEALTH_MIN_FAILED_PAGES"),
            shared_frontier=bool(settings.get("NEWSBOT_REDIS_URL")),
        )
        extension = cls(crawler, settings.get("NEWSBOT_DB"), rules)
        crawler.signals.connect(extension.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(extension.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def item_scraped(self, item: Any) -> None:
        if is_item(item):
            adapter = ItemAdapter(item)
            url = adapter.get("url")
            if url:
                self.tally.add(url, False, adapter.get("fingerprint"), adapter.get("canonical_url") or "")

    def item_dropped(self, item: Any, exception: BaseException) -> None:
        reason = drop_reason(exception)
        if not isinstance(item, Page) or reason == WALL:  # a wall page is skipped, no article page
            return
        article = item.article
        self.tally.add(item.url, article is None and reason in FAILED_EXTRACTION,
                       article.fingerprint if article else None, article.canonical_url if article else "")

    def spider_closed(self, spider: Spider, reason: str) -> None:
        stats = self.crawler.stats
        stats.set_value("newsbot/health/article_pages", self.tally.pages)
        stats.set_value("newsbot/health/failed_article_pages", self.tally.failed_total)
        site = ",".join(sorted(getattr(spider, "sites", {}))) or None
        summary = summarize(stats.get_stats(), site)
        run_id = stats.get_value("newsbot/run_id")
        store = self._open_store()
        try:
            reasons = self._judge(summary, store, run_id, spider)
            stats.set_value(FLAGGED, bool(reasons))
            logger.info("Run summary: %s", summary.describe())
            if reasons:
                stats.set_value(REASONS, reasons)
                logger.warning("Run FLAGGED (%s): %s", site, "; ".join(reasons))
            if store is not None and run_id is not None:
                store.record_run_health(run_id, site, summary.as_dict(), reasons)
        finally:
            if store is not None:
                store.close()

    def _judge(self, summary: RunSummary, store: Store | None, run_id: int | None, spider: Spider) -> list[str]:
        if not is_judged(summary):
            return []
        history = store.recent_runs(summary.site, self.rules.history, before=run_id) if store and summary.site else []
        shared = store.crawl_runs(sorted({run.crawl for run in history if run.crawl})) if history else []
        usual = usual_runs(history, shared, self.crawler.stats.get_value(CRAWL_STAT))
        return failed_checks(summary, usual, self.rules,
                             stats=self.crawler.stats.get_stats(), spider=spider)

    def _open_store(self) -> Store | None:
        try:
            return open_store(self.db_url)
        except Exception:  # noqa: BLE001 - the run is still summed up and judged without history
            logger.exception("Cannot open the store %s to record the run's health", self.db_url)
            return None
