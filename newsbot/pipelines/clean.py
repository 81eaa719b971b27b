"""Turn fetched pages into clean articles; drop pages that are not articles."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.utils.misc import load_object

from newsbot.extract import ExtractOptions
from newsbot.extract.links import NO_LINKS
from newsbot.items import Page
from newsbot.learning import SiteLearner, learning_finished, learning_pending, rules_from
from newsbot.signals import article_recleaned
from newsbot.sites import SiteConfig
from newsbot.store.shared import crawl_store
from newsbot.worker_server import worker_count
from newsbot.workers import CleaningCrash, CleaningPool, CleaningTimeout

logger = logging.getLogger(__name__)

WALL = "interstitial"  # what a wall page's drop names (see newsbot.extensions.health)


class CleanPipeline:
    """Clean each :class:`Page` in the worker pool (``NEWSBOT_EXTRACT_WORKERS``).

    The article and its near-duplicate signature are attached to the page (``page.article``,
    ``page.signature``) so later pipelines see them beside the HTML they came from. The
    worker also tells wall pages (bot challenges, consent walls, "Access denied"), which are
    skipped (``newsbot/skipped/interstitial``, per kind ``newsbot/interstitial/<kind>`` and
    per site ``newsbot/site/<site>/interstitial``), and reads the links of a page whose
    links the spider waits for (:meth:`Page.settle_links`). Until the workers are up, and
    for a page whose cleaning failed, the spider reads them itself; a page that killed its
    worker leads nowhere, as parsing it again could kill the crawl.

    With a ``learner`` (``NEWSBOT_SITE_LEARNING``) each page is cleaned with what is known
    of its site and teaches it more; when the spider closes, the run's stored articles that
    the final model cleans differently are cleaned again (see :mod:`newsbot.learning`).
    """

    def __init__(self, crawler: Crawler, min_words: int, pool: CleaningPool,
                 learner: SiteLearner | None = None) -> None:
        self.crawler = crawler
        self.min_words = min_words
        self.pool = pool
        self.learner = learner
        self.options: dict[str, ExtractOptions] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "CleanPipeline":
        settings = crawler.settings
        learner = None
        if settings.getbool("NEWSBOT_SITE_LEARNING"):
            learner = SiteLearner(lambda: crawl_store(crawler), rules_from(settings),
                                  settings.getint("NEWSBOT_SITE_LEARNING_HEADLINES"), crawler.stats)
        # Made now, so the workers start while the rest of the crawl starts up (their server
        # may be running already: the crawl command starts it first thing).
        pool = CleaningPool(worker_count(settings), settings.getfloat("NEWSBOT_EXTRACT_TIMEOUT"),
                            load_object(settings.get("NEWSBOT_CLEANER")), settings.getint("NEWSBOT_EXTRACT_NICENESS"))
        return cls(crawler, settings.getint("NEWSBOT_MIN_WORDS"), pool, learner)

    def open_spider(self) -> None:
        if self.learner is not None:
            learning_pending(self.crawler)

    async def close_spider(self) -> None:
        try:
            if self.learner is not None:
                for article in await self.learner.finish(self.pool.clean, self._options):
                    self.crawler.signals.send_catch_log(article_recleaned, article=article)
        finally:
            learning_finished(self.crawler)
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
        options = self._options(item.site)
        if self.learner is not None:
            options = self.learner.options(item.site, options, item.url)
        if not self.pool.ready:
            item.settle_links(None)
        options = replace(options, check_wall=True, read_links=item.links is not None and not item.links.done())
        try:
            cleaned = await self.pool.clean(item.html, item.url, options)
        except (CleaningTimeout, CleaningCrash) as exc:
            logger.warning("Skipped %s: %s", item.url, exc)
            timeout = isinstance(exc, CleaningTimeout)
            item.settle_links(None if timeout else NO_LINKS)
            raise self._drop(item, "extract_timeout" if timeout else "extract_crash") from exc
        except Exception:  # noqa: BLE001 - one bad page must never stop the crawl
            item.settle_links(None)
            logger.exception("Extraction failed on %s", item.url)
            raise self._drop(item, "extraction_error")
        item.settle_links(cleaned.links)
        if cleaned.wall:
            raise self._wall(item, cleaned.wall)
        if self.learner is not None:
            self.learner.observed(item.site, cleaned.observation)
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
        if self.learner is not None:
            self.learner.cleaned(item.site, article, cleaned.observation, options)
        self.crawler.stats.inc_value("newsbot/articles/extracted")
        return item

    def _wall(self, page: Page, kind: str) -> DropItem:
        """A wall page is skipped, not cleaned: its links were not read, it is no article page."""
        stats = self.crawler.stats
        for key in ("newsbot/skipped/interstitial", f"newsbot/interstitial/{kind}", f"newsbot/site/{page.site}/interstitial"):
            stats.inc_value(key)
        logger.info("Skipped %s: interstitial (%s)", page.url, kind)
        return DropItem(f"{page.url}: {WALL}")
