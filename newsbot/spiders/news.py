"""The ``news`` spider: from front pages, feeds, sitemaps or articles to every article.

It only navigates. Each HTML page goes on as a :class:`~newsbot.items.Page` item; the
cleaning pipeline decides whether it is an article. The page's links come back with it
from the cleaning worker, which parses the page anyway (see :meth:`Page.settle_links`):
the spider waits for them, and reads them itself only when no worker did.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree
from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from newsbot.discovery import (
    FEED_TYPES,
    PageKind,
    detect_kind,
    feed_entries,
    robots_sitemaps,
    sitemap_entries,
)
from newsbot.exceptions import SkipRequest
from newsbot.extract.interstitial import detect_interstitial
from newsbot.extract.links import NO_LINKS, PageLinks, read_links
from newsbot.items import Page
from newsbot.middlewares.compression import gunzip
from newsbot.middlewares.seen import LASTMOD
from newsbot.page_tree import drop_page_tree, page_tree
from newsbot.sites import SiteConfig, SitesFileError, load_sites, sites_from_urls
from newsbot.urls import looks_like_file, looks_like_listing, same_site, strip_tracking, url_key

SITE = "newsbot_site"
FOLLOW = "newsbot_follow"
_OG_TYPE = etree.XPath("//meta[@property='og:type']/@content", smart_strings=False)
_LD_JSON = etree.XPath("//script[@type='application/ld+json']/text()", smart_strings=False)
_ABSOLUTE = ("http://", "https://")
# URLs (and links) this run has followed are remembered up to this many; then the memory
# starts afresh, so it stays flat over any crawl. Forgetting costs time only: the
# duplicate filter still keeps a page from being fetched twice.
FOLLOWED_MEMORY = 500_000


class NewsSpider(Spider):
    """Crawl news sites given as ``-a urls=URL[,URL...]`` or ``-a sites=sites.toml``
    (``-a site=NAME``: only that site of the file)."""

    name = "news"

    def __init__(self, urls: str = "", sites: str = "", site: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        try:
            configs = load_sites(sites) if sites else sites_from_urls(_split_urls(urls))
        except SitesFileError as exc:
            raise ValueError(str(exc)) from exc
        if site:
            configs = [c for c in configs if c.name == site]
            if not configs:
                raise ValueError(f"no site named {site!r} in {sites or 'the start URLs'}")
        self.sites: dict[str, SiteConfig] = {c.name: c for c in configs}
        self.followed: set[int] = set()  # hashes of the URLs and links followed in this run

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> "NewsSpider":
        spider = super().from_crawler(crawler, *args, **kwargs)
        if not spider.sites and not crawler.settings.get("NEWSBOT_REDIS_URL"):
            # Only a worker of a shared frontier may start empty: its seeds are in Redis.
            raise ValueError("give start URLs (-a urls=URL[,URL...]) or a sites file (-a sites=FILE)")
        # A page that no pipeline stage answered for (an error on the way) still has its links read.
        crawler.signals.connect(spider._unanswered, signal=signals.item_dropped)
        crawler.signals.connect(spider._unanswered, signal=signals.item_error)
        return spider

    @staticmethod
    def _unanswered(item: Any, **kwargs: Any) -> None:
        if isinstance(item, Page):
            item.settle_links(None)

    def site_for(self, request: Request) -> SiteConfig:
        """The site a request belongs to; a site seeded through Redis that this process was
        not started with is crawled with default settings."""
        name = request.meta[SITE]
        if name not in self.sites:
            self.sites[name] = SiteConfig(name=name, start_urls=(request.url,))
        return self.sites[name]

    async def start(self) -> Any:
        for site in self.sites.values():
            for url in site.start_urls:
                yield self.start_request(url, site)

    def start_request(self, url: str, site: SiteConfig) -> Request:
        """The request for a start URL: a page that leads on, unless it is an article."""
        return self._request(url, site, follow=True, start=True)

    def _request(self, url: str, site: SiteConfig, *, follow: bool, start: bool = False,
                 lastmod: str | None = None) -> Request:
        meta = {SITE: site.name, FOLLOW: follow, "newsbot_start": start}
        if lastmod:
            meta[LASTMOD] = lastmod
        return Request(url, callback=self.parse, errback=self.on_error, meta=meta)

    async def parse(self, response: Response, **kwargs: Any) -> AsyncIterator[Any]:
        site = self.site_for(response.request)
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
        body = self._body(response)
        if not body.strip():
            self._skip(response, "empty")
            return
        kind = detect_kind(response.url, content_type, body)
        self.crawler.stats.inc_value(f"newsbot/pages/{kind.value}")
        # Articles listed by a feed or sitemap given as a start URL are fetched alone.
        follow = bool(response.meta.get(FOLLOW)) and not response.meta.get("newsbot_start")
        if kind is PageKind.HTML and isinstance(response, TextResponse):
            async for output in self._parse_html(response, site):
                yield output
            return
        if kind is PageKind.FEED:
            requests = self._follow_all(feed_entries(body, response.url), site, follow)
        elif kind is PageKind.SITEMAP:
            requests = self._parse_sitemap(body, site, follow)
        elif kind is PageKind.ROBOTS:
            text = body.decode("utf-8", "replace")
            requests = self._follow_all(robots_sitemaps(text, response.url), site, True)
        else:
            self._skip(response, "not_html")
            return
        for request in requests:
            yield request

    def _body(self, response: Response) -> bytes:
        """The body, gunzipped when it is a gzip file (``sitemap.xml.gz``) within the size limit."""
        if response.body[:3] != b"\x1f\x8b\x08":
            return response.body
        max_size = response.meta.get("download_maxsize", self.settings.getint("DOWNLOAD_MAXSIZE"))
        try:
            return gunzip(response.body, max_size=max_size)
        except Exception:  # noqa: BLE001 - any broken or oversized archive is skipped
            self.logger.info("Skipped %s: gzip body broken or larger than %d bytes", response.url, max_size)
            self.crawler.stats.inc_value("newsbot/skipped/bad_gzip")
            return b""

    async def _parse_html(self, response: TextResponse, site: SiteConfig) -> AsyncIterator[Any]:
        try:
            page = self._page(response, site, follow=bool(response.meta.get(FOLLOW)) and self._leads_on(response))
            yield page
            if page.links is None:
                return
            self._first_time(hash(url_key(response.url)))  # the page's own views lead to it
            if response.meta.get("newsbot_start"):
                for request in self._follow(urljoin(response.url, "/robots.txt"), site, True):
                    yield request
                for request in self._follow(urljoin(response.url, "/sitemap.xml"), site, True):
                    yield request
            links = await page.links
            self.crawler.stats.inc_value(f"newsbot/links/{'read_by_spider' if links is None else 'from_cleaning'}")
            if links is None:
                links = self._read_links(response)
            for request in self._follow_links(response, site, links):
                yield request
        finally:
            drop_page_tree(response)

    @staticmethod
    def _page(response: TextResponse, site: SiteConfig, follow: bool) -> Page:
        """The page as an item; one whose links are followed holds a future for them."""
        header = response.headers.get
        return Page(url=response.url, html=response.text, site=site.name,
                    fetched_at=datetime.now(timezone.utc).isoformat(timespec="seconds"), status=response.status,
                    etag=_header(header(b"ETag")), last_modified=_header(header(b"Last-Modified")),
                    urls=tuple(response.meta.get("redirect_urls", ())),
                    links=asyncio.get_running_loop().create_future() if follow else None)

    @staticmethod
    def _read_links(response: TextResponse) -> PageLinks:
        """The links of a page no worker read: none when it is a wall."""
        root = page_tree(response)
        return NO_LINKS if detect_interstitial(response.text, root) else read_links(root)

    def _follow_links(self, response: TextResponse, site: SiteConfig, links: PageLinks) -> Iterator[Request]:
        try:
            base = response.urljoin(links.base)
        except ValueError:  # a malformed <base href>: links are read against the page's URL
            base = response.url
        for kind, href in links.feeds:
            if kind.lower() in FEED_TYPES:
                yield from self._follow(href, site, True, base=base)
        origin = urlsplit(base)[:2]  # scheme and host: all a link from the root depends on
        for href in links.hrefs:
            href = href.strip()
            # The same link comes back on page after page (menus, teasers): an absolute one,
            # or one from the root of the site (which means the same on all its pages), is
            # judged the first time only, before any URL parsing (keyed apart from the
            # URLs _follow remembers, which may be the same strings).
            if href.startswith(_ABSOLUTE):
                key: int | None = hash((href,))
            elif href.startswith("/") and not href.startswith("//"):
                key = hash((origin, href))
            else:
                key = None
            if key is not None and not self._first_time(key):
                continue
            yield from self._follow(href, site, True, base=base)

    def _leads_on(self, response: TextResponse) -> bool:
        """Follow a start page's links unless it is a single article given on its own."""
        if not response.meta.get("newsbot_start") or looks_like_listing(response.url):
            return True
        root = page_tree(response)
        og_type = next(iter(_OG_TYPE(root)), "").lower()
        ld_json = " ".join(_LD_JSON(root))
        return og_type != "article" and "Article" not in ld_json

    def _parse_sitemap(self, body: bytes, site: SiteConfig, follow: bool) -> Iterator[Request]:
        oldest = site.oldest_allowed()
        for entry in sitemap_entries(body):
            if not entry.is_sitemap and oldest and entry.lastmod and entry.lastmod < oldest[:len(entry.lastmod)]:
                self.crawler.stats.inc_value("newsbot/skipped/too_old")
                continue
            yield from self._follow(entry.url, site, follow, entry.lastmod)

    def _follow_all(self, urls: list[str], site: SiteConfig, follow: bool) -> Iterator[Request]:
        for url in urls:
            yield from self._follow(url, site, follow)

    def _follow(self, url: str, site: SiteConfig, follow: bool,
                lastmod: str | None = None, base: str = "") -> Iterator[Request]:
        """A request for ``url`` (joined to ``base``) when it is new to the run and of the
        site; a URL that cannot be parsed (a port out of range, a broken IPv6 host) is
        skipped and counted (``newsbot/skipped/bad_url``), and the page's other links go on."""
        try:
            url = strip_tracking(urljoin(base, url))
            if urlsplit(url).scheme not in ("http", "https") or looks_like_file(url):
                return
            if not any(same_site(url, host_url) for host_url in site.start_urls) or not site.allows(url):
                return
            # A page links the same menus and teasers as the last one: what this run has
            # followed already is passed over here, before the middlewares weigh it again,
            # and so is another view of it (an article's print view, linked from the
            # article: URLs are remembered by their key, in which such views fold into the
            # article's URL, as in the store's seen-set). The key is taken after the cheap
            # checks above: canonicalizing costs several times more, and the seen-set's
            # middleware finds it cached for the URL requested. A sitemap entry with a
            # date still goes on: it may bring a changed article back.
            first = self._first_time(hash(url_key(url)))
            if lastmod is None and not first:
                return
            request = self._request(url, site, follow=follow, lastmod=lastmod)
        except ValueError as exc:  # UnicodeError too: a lone surrogate cannot be encoded
            self.crawler.stats.inc_value("newsbot/skipped/bad_url")
            self.logger.debug("Skipped link %r: %s", url, exc)
            return
        yield request

    def _first_time(self, key: int) -> bool:
        """Whether ``key`` is new to this run's memory of followed URLs and links (and remember it)."""
        if key in self.followed:
            return False
        if len(self.followed) >= FOLLOWED_MEMORY:
            self.followed.clear()
        self.followed.add(key)
        return True

    def _skip(self, response: Response, reason: str) -> None:
        self.crawler.stats.inc_value(f"newsbot/skipped/{reason}")
        self.logger.info("Skipped %s: %s", response.url, reason.replace("_", " "))

    def on_error(self, failure: Failure) -> None:
        """Count and log a page that could not be fetched (HTTP error, timeout, redirect loop...)."""
        request = failure.request
        if failure.check(SkipRequest):
            return  # the component that skipped it counted it
        if failure.check(HttpError):
            reason = f"http_{failure.value.response.status}"
        elif failure.check(IgnoreRequest):  # robots.txt, too many redirects, ...
            reason = "ignored"
        else:
            reason = f"error/{failure.type.__name__}"
        self.crawler.stats.inc_value(f"newsbot/skipped/{reason}")
        self.logger.info("Skipped %s: %s (%s)", request.url, reason.replace("_", " "), failure.value)


def _split_urls(urls: str) -> list[str]:
    return [u.strip() for u in urls.split(",") if u.strip()]


def _header(value: bytes | None) -> str | None:
    return value.decode("latin-1") if value else None
