"""A per-site page budget, enforced on requests that passed the duplicate filter."""

from __future__ import annotations

from collections import Counter

from scrapy import Request
from scrapy.crawler import Crawler

from newsbot.exceptions import SkipRequest


class PageBudgetMiddleware:
    """Download at most ``NEWSBOT_MAX_PAGES_PER_SITE`` pages per site in one run.

    A site's own ``max_pages`` (sites file) wins over the setting. Requests over the
    budget are dropped and counted as ``newsbot/skipped/page_budget``.
    """

    def __init__(self, crawler: Crawler, default_budget: int) -> None:
        self.crawler = crawler
        self.default_budget = default_budget
        self.fetched: Counter[str] = Counter()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "PageBudgetMiddleware":
        return cls(crawler, crawler.settings.getint("NEWSBOT_MAX_PAGES_PER_SITE"))

    def budget(self, site: str) -> int:
        config = getattr(self.crawler.spider, "sites", {}).get(site)
        return (config and config.max_pages) or self.default_budget

    def process_request(self, request: Request) -> None:
        site = request.meta.get("newsbot_site")
        if site is None or request.meta.get("newsbot_budgeted"):
            return
        if self.fetched[site] >= self.budget(site):
            self.crawler.stats.inc_value("newsbot/skipped/page_budget")
            raise SkipRequest(f"page budget of site {site} spent")
        self.fetched[site] += 1
        request.meta["newsbot_budgeted"] = True  # retries and redirects cost nothing more
