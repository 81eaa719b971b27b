"""A page's parsed tree in the crawl process: parsed once, freed with its response."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from scrapy.utils.test import get_crawler

from newsbot.items import Page
from newsbot.middlewares.pages import PageGuardMiddleware
from newsbot.page_tree import drop_page_tree, page_tree
from newsbot.spiders.news import FOLLOW, SITE, NewsSpider
from tests.hostile_helpers import page, parsed, project_settings

URL = "https://n.example/section/world/"
LISTING = ("<html><head><title>World</title></head><body>"
           + "".join(f'<p><a href="/2024/05/0{n % 9 + 1}/story-{n}/">Story {n}</a> and more words</p>' for n in range(30))
           + "</body></html>")


def test_the_tree_is_parsed_once_until_dropped():
    response = page(URL, LISTING)
    root = page_tree(response)
    assert page_tree(response) is root and root.find(".//title").text == "World"
    drop_page_tree(response)
    assert page_tree(response) is not root


def test_a_crawled_page_is_freed_without_the_cycle_collector(tmp_path: Path):
    """Scrapy's response.selector makes a reference cycle of every page it parses, which
    kept pages (bodies and trees) in memory until a collection, and made collections costly."""
    crawler = get_crawler(NewsSpider, project_settings(NEWSBOT_DB=f"sqlite:///{tmp_path / 'store.db'}"))
    spider = NewsSpider.from_crawler(crawler, urls="https://n.example/")
    guard = PageGuardMiddleware.from_crawler(crawler)
    gc.disable()
    try:
        response = page(URL, LISTING, meta={SITE: "n.example", FOLLOW: True})
        freed = weakref.ref(response)
        item, *requests = parsed(spider, response)  # no worker: the spider reads the links itself
        assert isinstance(item, Page) and guard.get_processed_item(item, response) is item
        assert len(requests) == 30
        del response
        assert freed() is None
    finally:
        gc.enable()
