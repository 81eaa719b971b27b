"""Check each fetched HTML page before it goes to cleaning: binary data, size, encoding.

A spider middleware over the ``news`` spider's :class:`~newsbot.items.Page` items:

- a body that is a file or random bytes under a ``text/html`` label is skipped, with the
  "links" read from it (``newsbot/skipped/binary``);
- a page larger than ``NEWSBOT_MAX_ARTICLE_BYTES`` is not cleaned (``newsbot/skipped/too_big``),
  though its links are still followed (the spider reads them itself);
- the HTML is decoded again from the bytes when the charset labels lie
  (:func:`newsbot.extract.raw.decode_html`; ``newsbot/encoding/corrected``).

Every HTML page is also counted per site (``newsbot/site/<site>/html_pages``) so the share
of walls among a site's pages can be judged: wall pages are told in cleaning, where the
page is parsed (see :class:`newsbot.pipelines.clean.CleanPipeline`).
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import Crawler
from scrapy.http import Request, Response
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware

from newsbot.extract.links import NO_LINKS
from newsbot.extract.raw import decode_html, looks_binary
from newsbot.items import Page

logger = logging.getLogger(__name__)

UNFOLLOWED = "newsbot_no_links"  # response.meta flag: binary data, follow no request from it


class PageGuardMiddleware(BaseSpiderMiddleware):
    """Skip binary and oversized pages; fix the decoding of the rest."""

    def __init__(self, crawler: Crawler, max_article_bytes: int) -> None:
        super().__init__(crawler)
        self.max_article_bytes = max_article_bytes

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "PageGuardMiddleware":
        return cls(crawler, crawler.settings.getint("NEWSBOT_MAX_ARTICLE_BYTES"))

    def _count(self, key: str) -> None:
        self.crawler.stats.inc_value(key)

    def _skip(self, page: Page, reason: str, detail: str = "") -> None:
        self._count(f"newsbot/skipped/{reason}")
        logger.info("Skipped %s: %s%s", page.url, reason.replace("_", " "), detail)

    def get_processed_item(self, item: Any, response: Response | None) -> Any:
        if not isinstance(item, Page) or response is None:
            return item
        self._count(f"newsbot/site/{item.site}/html_pages")
        body = response.body
        if looks_binary(body):
            response.meta[UNFOLLOWED] = True
            item.settle_links(NO_LINKS)
            self._skip(item, "binary")
            return None
        if self.max_article_bytes and len(body) > self.max_article_bytes:
            item.settle_links(None)
            self._skip(item, "too_big", f" ({len(body)} bytes, NEWSBOT_MAX_ARTICLE_BYTES={self.max_article_bytes})")
            return None
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
        _, html = decode_html(body, content_type)
        if html != item.html:
            self._count("newsbot/encoding/corrected")
            item.html = html
        return item

    def get_processed_request(self, request: Request, response: Response | None) -> Request | None:
        if response is not None and response.meta.get(UNFOLLOWED):
            return None
        return request
