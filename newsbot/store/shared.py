"""One store connection per crawl, shared by the middlewares and pipelines that need it."""

from __future__ import annotations

from scrapy import signals
from scrapy.crawler import Crawler

from newsbot.store.base import Store, open_store

_ATTRIBUTE = "_newsbot_store"


def crawl_store(crawler: Crawler) -> Store:
    """The store ``NEWSBOT_DB`` names, opened on first use and closed when the spider closes."""
    store = getattr(crawler, _ATTRIBUTE, None)
    if store is None:
        settings = crawler.settings
        store = open_store(settings.get("NEWSBOT_DB"), keep_html=settings.getbool("NEWSBOT_STORE_HTML"))
        setattr(crawler, _ATTRIBUTE, store)
        crawler.signals.connect(_close, signal=signals.spider_closed, weak=False)
    return store


def _close(spider) -> None:
    store = getattr(spider.crawler, _ATTRIBUTE, None)
    if store is not None:
        store.close()
        delattr(spider.crawler, _ATTRIBUTE)
