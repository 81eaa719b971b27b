"""Skip article URLs the store holds already; refetch them conditionally when due.

The store's seen-set outlives the run (unlike Scrapy's in-memory duplicate filter), so a
rerun downloads front pages, sections, feeds and sitemaps but no article it already has.
A stored article is fetched again when a sitemap's ``<lastmod>`` is newer than the stored
version's own date (``modified``, else ``published``; else its fetch time), or when
``NEWSBOT_REFETCH_AFTER_HOURS`` have passed; such requests carry ``If-None-Match`` and
``If-Modified-Since`` so an unchanged page costs a 304.

Known links are dropped as the spider yields them, before the duplicate filter sees them,
so that a sitemap entry met later in the run can still bring a changed article back.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import datetime, timedelta, timezone

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware

from newsbot.exceptions import SkipRequest
from newsbot.store.base import SeenArticle
from newsbot.store.shared import crawl_store
from newsbot.urls import url_key

LASTMOD = "newsbot_lastmod"
CONDITIONAL = "newsbot_conditional"
CACHE_SIZE = 50_000  # recent look-ups kept in memory; the seen-set itself stays in the store


class SeenUrlsMiddleware(BaseSpiderMiddleware):
    """Spider middleware over the store's seen-set."""

    def __init__(self, crawler: Crawler, refetch_after_hours: float) -> None:
        super().__init__(crawler)
        self.refetch_after = timedelta(hours=refetch_after_hours) if refetch_after_hours > 0 else None
        self.recent: OrderedDict[str, SeenArticle | None] = OrderedDict()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "SeenUrlsMiddleware":
        return cls(crawler, crawler.settings.getfloat("NEWSBOT_REFETCH_AFTER_HOURS"))

    def _seen(self, url: str) -> SeenArticle | None:
        """The stored article behind a URL. A miss may be cached: a URL stored since then was
        requested already in this run, so the duplicate filter catches it."""
        key = url_key(url)
        if key in self.recent:
            self.recent.move_to_end(key)
            return self.recent[key]
        found = self.recent[key] = crawl_store(self.crawler).seen(key)
        if len(self.recent) > CACHE_SIZE:
            self.recent.popitem(last=False)
        return found

    def _due(self, seen: SeenArticle, lastmod: str | None) -> bool:
        """Whether a stored article should be fetched again."""
        if not seen.fetched_at:
            return True
        if lastmod and _as_utc(lastmod) > _as_utc(seen.dated or seen.fetched_at):
            return True
        if self.refetch_after is None:
            return False
        return datetime.now(timezone.utc) - _as_utc(seen.fetched_at) >= self.refetch_after

    def get_processed_request(self, request: Request, response: Response | None) -> Request | None:
        meta = request.meta
        if "newsbot_site" not in meta or meta.get("newsbot_start"):
            return request
        seen = self._seen(request.url)
        if seen is None:
            return request
        if not self._due(seen, meta.get(LASTMOD)):
            self.crawler.stats.inc_value("newsbot/articles/known")
            return None
        meta[CONDITIONAL] = True
        meta["handle_httpstatus_list"] = [*meta.get("handle_httpstatus_list", ()), 304]
        if seen.etag:
            request.headers[b"If-None-Match"] = seen.etag
        if seen.last_modified:
            request.headers[b"If-Modified-Since"] = seen.last_modified
        self.crawler.stats.inc_value("newsbot/articles/refetched")
        return request


class NotModifiedMiddleware:
    """Downloader middleware: a 304 to a conditional refetch ends the request, counted."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "NotModifiedMiddleware":
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status == 304 and request.meta.get(CONDITIONAL):
            self.crawler.stats.inc_value("newsbot/articles/not_modified")
            raise SkipRequest(f"{request.url}: not modified")
        return response


def _as_utc(value: str) -> datetime:
    """An ISO date or datetime as an aware UTC datetime (naive values are taken as UTC)."""
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return datetime.min.replace(tzinfo=timezone.utc)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
