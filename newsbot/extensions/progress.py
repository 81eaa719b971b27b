"""Log a long crawl's progress every ``NEWSBOT_PROGRESS_INTERVAL`` seconds, for a person.

One line each time: pages fetched and their rate over the last interval, articles found
(and new), requests waiting in the queue, time elapsed. The run summary at the end comes
from :mod:`newsbot.extensions.health`.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector
from scrapy.utils.asyncio import create_looping_call

logger = logging.getLogger(__name__)


def progress_line(stats: dict[str, Any], pages_per_minute: float, elapsed: float) -> str:
    """The progress of a crawl from its stats, as one line."""
    def count(key: str) -> int:
        return int(stats.get(key) or 0)

    found = count("newsbot/articles/extracted") + count("newsbot/articles/known")
    queued = max(0, count("scheduler/enqueued") - count("scheduler/dequeued"))
    minutes, seconds = divmod(int(elapsed), 60)
    return (f"Progress: {count('response_received_count')} pages fetched ({pages_per_minute:.0f}/min),"
            f" {found} articles found ({count('newsbot/store/new')} new),"
            f" {queued} requests queued, {minutes}m{seconds:02d}s elapsed")


class ProgressLog:
    """The periodic progress line of a crawl."""

    def __init__(self, stats: StatsCollector, interval: float) -> None:
        self.stats = stats
        self.interval = interval
        self.task: Any = None
        self.started = 0.0
        self.last_pages = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "ProgressLog":
        interval = crawler.settings.getfloat("NEWSBOT_PROGRESS_INTERVAL")
        if interval <= 0:
            raise NotConfigured("NEWSBOT_PROGRESS_INTERVAL is 0")
        extension = cls(crawler.stats, interval)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self) -> None:
        self.started = time.monotonic()
        self.task = create_looping_call(self.log)
        self.task.start(self.interval, now=False)

    def log(self) -> None:
        stats = self.stats.get_stats()
        pages = int(stats.get("response_received_count") or 0)
        rate = (pages - self.last_pages) * 60.0 / self.interval
        self.last_pages = pages
        logger.info("%s", progress_line(stats, rate, time.monotonic() - self.started))

    def spider_closed(self) -> None:
        if self.task is not None and self.task.running:
            self.task.stop()
