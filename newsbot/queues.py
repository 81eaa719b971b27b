"""The scheduler's request queue: a bounded part in memory, the rest on disk.

A sitemap can list every article of a site at once; Scrapy's memory queue would hold them
all as live requests until each is fetched, so a crawl's memory would grow with the size of
the site. This queue keeps the newest ``NEWSBOT_QUEUE_MEMORY`` requests in memory (last in,
first out, as Scrapy's own) and puts the rest in one of Scrapy's disk queues in a temporary
folder, removed when the queue closes. ``JOBDIR`` crawls keep using Scrapy's disk queues.
"""

from __future__ import annotations

import pickle
import shutil
import tempfile
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.squeues import PickleLifoDiskQueue


class SpillingQueue:
    """``SCHEDULER_MEMORY_QUEUE`` that spills to disk beyond ``NEWSBOT_QUEUE_MEMORY`` requests."""

    def __init__(self, crawler: Crawler, key: str) -> None:
        self.crawler = crawler
        self.limit = crawler.settings.getint("NEWSBOT_QUEUE_MEMORY")
        self.memory: list[Request] = []
        self.folder: str | None = None
        self.disk: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler, key: str, *args: Any, **kwargs: Any) -> "SpillingQueue":
        return cls(crawler, key)

    def push(self, request: Request) -> None:
        if len(self.memory) < self.limit:
            self.memory.append(request)
            return
        if self.disk is None:
            self.folder = tempfile.mkdtemp(prefix="newsbot-queue-")
            self.disk = PickleLifoDiskQueue(self.crawler, f"{self.folder}/requests")
        try:
            self.disk.push(request)
        except (ValueError, TypeError, AttributeError, pickle.PicklingError):
            self.memory.append(request)  # not serializable (a callback outside the spider): kept here

    def pop(self) -> Request | None:
        if self.memory:
            return self.memory.pop()
        if self.disk is not None and len(self.disk):
            return self.disk.pop()
        return None

    def __len__(self) -> int:
        return len(self.memory) + (len(self.disk) if self.disk is not None else 0)

    def close(self) -> None:
        if self.disk is not None:
            self.disk.close()
            shutil.rmtree(self.folder, ignore_errors=True)
            self.disk = self.folder = None
