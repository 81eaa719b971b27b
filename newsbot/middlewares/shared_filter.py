"""Drop links the processes of a shared crawl have requested already, one round trip a page.

With a shared frontier (``NEWSBOT_REDIS_URL``) each process meets, in the pages it parses,
links that another process requested long ago. scrapy-redis's duplicate filter drops them
in the end, but only after the trap and seen-set middlewares have weighed each one (a
store look-up, a shape count) and the scheduler has asked Redis about it, one link at a
time. This spider middleware looks the links of one response up in the filter in a single
``SMISMEMBER`` and lets only the unrequested ones on (``newsbot/frontier/requested_elsewhere``
counts the others). It only reads the filter: the scheduler still claims each request.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy_redis.connection import get_redis_from_settings
from scrapy_redis.dupefilter import RFPDupeFilter

from newsbot.frontier import dupefilter_key, job_namespace


class SharedFilterMiddleware:
    """Spider middleware: batch the shared duplicate filter's verdict on a response's links."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.filter: RFPDupeFilter | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "SharedFilterMiddleware":
        if not crawler.settings.get("NEWSBOT_REDIS_URL"):
            raise NotConfigured  # silently: a crawl of one process
        return cls(crawler)

    def spider_opened(self, spider: Spider) -> None:
        settings = self.crawler.settings
        namespace = job_namespace(spider, settings.get("NEWSBOT_REDIS_JOB"))
        self.filter = RFPDupeFilter(get_redis_from_settings(settings), dupefilter_key(namespace))

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterator[Any]:
        pending: list[Request] = []
        for out in result:
            if isinstance(out, Request) and not out.dont_filter:
                pending.append(out)
            else:
                yield out
        yield from self.unrequested(pending)

    async def process_spider_output_async(self, response: Response,
                                          result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        pending: list[Request] = []
        async for out in result:
            if isinstance(out, Request) and not out.dont_filter:
                pending.append(out)
            else:
                yield out
        for request in self.unrequested(pending):
            yield request

    def unrequested(self, requests: list[Request]) -> list[Request]:
        """The requests no process of the crawl has requested yet."""
        if not requests or self.filter is None:
            return requests
        fingerprints = [self.filter.request_fingerprint(request) for request in requests]
        requested = self.filter.server.smismember(self.filter.key, fingerprints)
        fresh = [request for request, known in zip(requests, requested) if not known]
        if len(fresh) < len(requests):
            self.crawler.stats.inc_value("newsbot/frontier/requested_elsewhere", len(requests) - len(fresh))
        return fresh
