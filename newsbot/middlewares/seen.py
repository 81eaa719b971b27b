"""Skip article URLs the store holds already; refetch them conditionally when due.

The store's seen-set outlives the run (unlike Scrapy's in-memory duplicate filter), so a
rerun downloads front pages, sections, feeds and sitemaps but no article it already has.
A stored article is fetched again when a sitemap's ``<lastmod>`` is newer than its fetch,
or when ``NEWSBOT_REFETCH_AFTER_HOURS`` have passed; such requests carry ``If-None-Match``
and ``If-Modified-Since`` so an unchanged page costs a 304.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response

from newsbot.exceptions import SkipRequest
from newsbot.store.base import SeenArticle
from newsbot.store.shared import crawl_store
from newsbot.urls import url_key

LASTMOD = "newsbot_lastmod"
CONDITIONAL = "newsbot_conditional"


class SeenUrlsMiddleware:
    """Downloader middleware over the store's seen-set."""

    def __init__(self, crawler: Crawler, refetch_after_hours: float) -> None:
        self.crawler = crawler
        self.refetch_after = timedelta(hours=refetch_after_hours) if refetch_after_hours > 0 else None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "SeenUrlsMiddleware":
        return cls(crawler, crawler.settings.getfloat("NEWSBOT_REFETCH_AFTER_HOURS"))

    def _due(self, seen: SeenArticle, lastmod: str | None) -> bool:
        """Whether a stored article should be fetched again."""
        if not seen.fetched_at:
            return True
        if lastmod and _as_utc(lastmod) > _as_utc(seen.fetched_at):
            return True
        if self.refetch_after is None:
            return False
        return datetime.now(timezone.utc) - _as_utc(seen.fetched_at) >= self.refetch_after

    def process_request(self, request: Request) -> None:
        meta = request.meta
        if "newsbot_site" not in meta or meta.get("newsbot_start") or meta.get(CONDITIONAL):
            return
        seen = crawl_store(self.crawler).seen(url_key(request.url))
        if seen is None:
            return
        if not self._due(seen, meta.get(LASTMOD)):
            self.crawler.stats.inc_value("newsbot/articles/known")
            raise SkipRequest(f"{request.url}: stored already")
        meta[CONDITIONAL] = True
        meta["handle_httpstatus_list"] = [*meta.get("handle_httpstatus_list", ()), 304]
        if seen.etag:
            request.headers[b"If-None-Match"] = seen.etag
        if seen.last_modified:
            request.headers[b"If-Modified-Since"] = seen.last_modified
        self.crawler.stats.inc_value("newsbot/articles/refetched")

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
