"""Check each fetched HTML page before it goes to cleaning: binary data, size, encoding, walls.

A spider middleware over the ``news`` spider's :class:`~newsbot.items.Page` items:

- a body that is a file or random bytes under a ``text/html`` label is skipped, with the
  "links" read from it (``newsbot/skipped/binary``);
- a page larger than ``NEWSBOT_MAX_ARTICLE_BYTES`` is not cleaned (``newsbot/skipped/too_big``),
  though its links are still followed;
- the HTML is decoded again from the bytes when the charset labels lie
  (:func:`newsbot.extract.raw.decode_html`; ``newsbot/encoding/corrected``);
- bot challenges, consent walls and "Access denied" pages are skipped, their links too
  (``newsbot/skipped/interstitial``, per kind ``newsbot/interstitial/<kind>`` and per site
  ``newsbot/site/<site>/interstitial``).

Every HTML page is also counted per site (``newsbot/site/<site>/html_pages``) so the share
of walls among a site's pages can be judged.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import Crawler
from scrapy.http import Request, Response, TextResponse
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware

from newsbot.extract.interstitial import detect_interstitial, too_long_for_a_wall
from newsbot.extract.raw import decode_html, looks_binary
from newsbot.items import Page
from newsbot.page_tree import page_links, page_tree

logger = logging.getLogger(__name__)

NO_LINKS = "newsbot_no_links"  # response.meta flag: a wall or binary data, follow none of its links


class PageGuardMiddleware(BaseSpiderMiddleware):
    """Skip binary, oversized and wall pages; fix the decoding of the rest."""

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
            response.meta[NO_LINKS] = True
            self._skip(item, "binary")
            return None
        if self.max_article_bytes and len(body) > self.max_article_bytes:
            self._skip(item, "too_big", f" ({len(body)} bytes, NEWSBOT_MAX_ARTICLE_BYTES={self.max_article_bytes})")
            return None
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
        _, html = decode_html(body, content_type)
        if html != item.html:
            self._count("newsbot/encoding/corrected")
            item.html = html
        kind = self._wall_kind(html, response)
        if kind:
            response.meta[NO_LINKS] = True
            self._count(f"newsbot/interstitial/{kind}")
            self._count(f"newsbot/site/{item.site}/interstitial")
            self._skip(item, "interstitial", f" ({kind})")
            return None
        return item

    @staticmethod
    def _wall_kind(html: str, response: Response) -> str | None:
        """The kind of wall the page is, if any. The spider reads the page's links anyway:
        the check shares what it parsed, and most pages hold too many words for a wall."""
        if not isinstance(response, TextResponse) or html != response.text:
            return detect_interstitial(html)
        text = page_links(response).body_text
        if text is not None and too_long_for_a_wall(html, text):
            return None
        return detect_interstitial(html, page_tree(response))

    def get_processed_request(self, request: Request, response: Response | None) -> Request | None:
        if response is not None and response.meta.get(NO_LINKS):
            return None
        return request
