"""Crawler traps: URL rules, session IDs, and the cut-off of barren URL shapes."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from scrapy import Request
from scrapy.http import XmlResponse

from newsbot.items import Article, Page
from newsbot.middlewares.traps import (
    SHAPE,
    TrapMiddleware,
    TrapRules,
    query_grew,
    strip_session_ids,
    trap_reason,
    url_section,
    url_shape,
)
from tests.conftest import REDIS_URL, redis_calls
from tests.hostile_helpers import crawler, page

NOW = datetime(2026, 11, 25, tzinfo=timezone.utc)


@pytest.mark.parametrize("url, reason", [
    ("https://news.example/" + "x" * 1000, "url_length"),
    ("https://news.example/" + "/".join("abcdefghijklm") + "/", "path_depth"),
    ("https://news.example/a/b/a/b/a/", "repeated_segment"),
    ("https://news.example/deep/deep/deep/", "repeated_segment"),
    ("https://news.example/calendar/2031/05/", "future_date"),
    ("https://news.example/events/?date=2030-01-17", "future_date"),
    ("https://news.example/events/?year=2099", "future_date"),
    ("https://news.example/calendar/2031/05/17/", "future_date"),
])
def test_trap_urls(url, reason):
    assert trap_reason(url, now=NOW) == reason


@pytest.mark.parametrize("url", [
    "https://news.example/2026/11/24/council-votes-on-budget/",
    "https://news.example/2027/01/preview-of-the-year/",  # next year's date is plausible
    "https://news.example/news/210512345",  # a numeric ID, not a date
    "https://news.example/story/2045/",
    "https://news.example/story/21050112?id=21050112",
    "https://news.example/2024/05/05/05-things-to-know/",
    "https://web.archive.org/web/20150721045344/http://rent-a-pastor.com/2015/05/18/neue-hochzeitslokation/",
    "https://www.thw.de/SharedDocs/Meldungen/DE/Meldungen/national/2021/10/meldung_01/meldung_001.html",
    "https://www.dsv.de/synchron/aktuelles/lesen/?tx_ttnews%5Btt_news%5D=5793&cHash=36febeba61a32f5c94f98d8f59efb32e",
])
def test_real_article_urls_are_not_traps(url):
    assert trap_reason(url, now=NOW) is None


def test_query_growth_is_a_trap_after_a_few_steps():
    assert query_grew("https://n.example/search/?q=ab", "https://n.example/search/?q=a")
    assert query_grew("https://n.example/f/?tags=a,b,c", "https://n.example/f/?tags=a,b")
    assert not query_grew("https://n.example/archive/?page=3", "https://n.example/archive/?page=2")
    assert not query_grew("https://n.example/archive/?page=10", "https://n.example/archive/?page=1")
    assert not query_grew("https://n.example/other/?q=ab", "https://n.example/search/?q=a")
    rules = TrapRules(max_query_growth=3)
    assert trap_reason("https://n.example/search/?q=abc", rules, growth=3, now=NOW) is None
    assert trap_reason("https://n.example/search/?q=abcd", rules, growth=4, now=NOW) == "query_growth"


def test_session_ids_are_stripped_but_story_ids_kept():
    token = "8f14e45fceea167a5a36dedd4bea2543"
    assert strip_session_ids(f"https://n.example/a/?PHPSESSID={token}&page=2") == "https://n.example/a/?page=2"
    assert strip_session_ids(f"https://n.example/a/;jsessionid={token.upper()}?x=1") == "https://n.example/a/?x=1"
    assert strip_session_ids(f"https://forum.example/viewtopic.php?f=4&t=167&sid={token}") == \
        "https://forum.example/viewtopic.php?f=4&t=167"
    for kept in ("https://n.example/modules.php?name=News&file=article&sid=1234",  # PHP-Nuke story IDs
                 "https://n.example/modules.php?name=News&file=article&sid=12345678",
                 "https://n.example/page.php?session=autumn-conference-programme"):
        assert strip_session_ids(kept) == kept


def test_url_shapes_mask_numbers_and_tokens():
    assert url_shape("https://n.example/calendar/2026/05/17/") == url_shape("https://n.example/calendar/1999/12/01/")
    assert url_shape("https://n.example/archive/?page=7") == "/archive/?page"
    assert url_shape("https://n.example/tag/berlin/") != url_shape("https://n.example/tag/paris/")
    assert url_section("https://n.example/maze/north/south/") == url_section("https://n.example/maze/a/") == "/maze/..."


def _middleware(tmp_path, **settings) -> TrapMiddleware:
    return TrapMiddleware.from_crawler(crawler(tmp_path, NEWSBOT_TRAP_MAX_BARREN_PAGES=3, **settings))


def _links(middleware, parent, urls):
    requests = [Request(u, meta={"newsbot_site": "site"}) for u in urls]
    return list(middleware.process_spider_output(parent, requests))


def _judge(middleware, request, article: bool):
    response = page(request.url, meta=request.meta)
    if article:
        middleware.item_scraped(Article(url=request.url, canonical_url=request.url), response)
    else:
        middleware.item_dropped(Page(url=request.url, html="", site="site", fetched_at=""), response)


def test_barren_shape_is_cut_off_and_waiting_links_dropped(tmp_path):
    middleware = _middleware(tmp_path)
    hub = page("https://n.example/hub/")
    passed = _links(middleware, hub, [f"https://n.example/junk/{n}/" for n in range(100)])
    assert len(passed) == 3, "only the first pages of an unjudged shape go out"
    for request in passed:
        _judge(middleware, request, article=False)
    stats = middleware.crawler.stats
    assert stats.get_value("newsbot/trap/barren_shape") == 97
    assert stats.get_value("newsbot/skipped/trap") == 97
    assert _links(middleware, hub, ["https://n.example/junk/500/"]) == []
    assert middleware.crawler.engine.crawled == []


def test_a_shape_that_holds_an_article_is_never_limited(tmp_path):
    middleware = _middleware(tmp_path)
    front = page("https://n.example/")
    passed = _links(middleware, front, [f"https://n.example/news/{n}" for n in range(50)])
    assert len(passed) == 3
    _judge(middleware, passed[0], article=False)
    _judge(middleware, passed[1], article=True)
    assert len(middleware.crawler.engine.crawled) == 47, "the waiting links are released"
    assert len(_links(middleware, front, [f"https://n.example/news/{n}" for n in range(100, 200)])) == 100
    assert not middleware.crawler.stats.get_value("newsbot/skipped/trap")


def test_links_from_feeds_and_sitemaps_are_not_limited(tmp_path):
    middleware = _middleware(tmp_path)
    sitemap = page("https://n.example/sitemap.xml", "<urlset/>", kind=XmlResponse, content_type="application/xml")
    assert len(_links(middleware, sitemap, [f"https://n.example/junk/{n}/" for n in range(100)])) == 100


def test_idle_crawl_releases_undecided_shapes_in_batches(tmp_path):
    from scrapy.exceptions import DontCloseSpider

    middleware = _middleware(tmp_path)
    passed = _links(middleware, page("https://n.example/"), [f"https://n.example/s/{n}.xml" for n in range(8)])
    assert len(passed) == 3  # say they were sitemaps: no page verdict ever comes
    with pytest.raises(DontCloseSpider):
        middleware.spider_idle()
    assert len(middleware.crawler.engine.crawled) == 3
    with pytest.raises(DontCloseSpider):
        middleware.spider_idle()
    middleware.spider_idle()  # nothing left: the spider may close
    assert len(middleware.crawler.engine.crawled) == 5


def test_sections_without_articles_are_cut_off_too(tmp_path):
    middleware = _middleware(tmp_path)
    maze = page("https://n.example/maze/")
    words = ["north", "south", "river", "stone", "cedar"]
    urls = [f"https://n.example/maze/{a}-{b}/{c}/" for a in words for b in words for c in words]
    passed = _links(middleware, maze, urls)
    assert len(passed) == 12, "four times the shape limit for a whole section"
    for request in passed:
        _judge(middleware, request, article=False)
    assert _links(middleware, maze, ["https://n.example/maze/new/path/"]) == []


def test_start_urls_and_url_rules(tmp_path):
    middleware = _middleware(tmp_path)
    parent = page("https://n.example/search/?q=ab", meta={"newsbot_query_growth": 3})
    start = Request("https://n.example/a/a/a/", meta={"newsbot_start": True})
    out = list(middleware.process_spider_output(parent, [start, Request("https://n.example/search/?q=abc"),
                                                         Request("https://n.example/a/a/a/")]))
    assert out == [start]
    stats = middleware.crawler.stats
    assert stats.get_value("newsbot/trap/query_growth") == 1
    assert stats.get_value("newsbot/trap/repeated_segment") == 1


def test_session_links_are_rewritten_before_the_duplicate_filter(tmp_path):
    middleware = _middleware(tmp_path)
    token = "0cc175b9c0f1b6a831c399e269772661"
    (out,) = _links(middleware, page("https://n.example/"), [f"https://n.example/shop/?sid={token}"])
    assert out.url == "https://n.example/shop/"
    assert out.meta[SHAPE][0] == ("site", "/shop/")
    assert middleware.crawler.stats.get_value("newsbot/trap/session_id_stripped") == 1


def _shape_calls(client) -> tuple[int, int]:
    """How many times Redis has run the commands shared shape counts use."""
    return redis_calls(client, "hincrby"), redis_calls(client, "hmget")


def test_processes_of_a_shared_crawl_judge_shapes_together(tmp_path, redis_client, redis_job):
    """Through the frontier's Redis, a barren shape costs the crawl its limit once in all."""
    client, job = redis_client, redis_job
    workers = [_middleware(tmp_path, NEWSBOT_REDIS_URL=REDIS_URL, NEWSBOT_REDIS_JOB=job) for _ in range(3)]
    for middleware in workers:
        middleware.spider_opened(middleware.crawler.spider)
    hub = page("https://n.example/hub/")
    passed = [r for n, m in enumerate(workers)
              for r in _links(m, hub, [f"https://n.example/junk/{n}-{i}/" for i in range(10)])]
    assert len(passed) == 3 + 2, "the shape's first three pages once in all, one more per further process"
    assert [int(r.url.rstrip("/").rsplit("-", 1)[1]) for r in passed] == [0, 1, 2, 0, 0]
    for request in passed:
        _judge(workers[0], request, article=False)
    assert _links(workers[2], hub, ["https://n.example/junk/9-9/"]) == [], "judged barren by another process"
    news = [_links(m, hub, [f"https://n.example/news/{n}-{i}" for i in range(5)]) for n, m in enumerate(workers)]
    _judge(workers[1], news[0][0], article=True)
    fruitful = _links(workers[2], hub, [f"https://n.example/news/7-{i}" for i in range(20)])
    assert len(fruitful) == 20
    before = _shape_calls(client)
    for request in fruitful:
        _judge(workers[2], request, article=True)
    assert len(_links(workers[2], hub, [f"https://n.example/news/8-{i}" for i in range(20)])) == 20
    assert _shape_calls(client) == before, "a shape known to hold articles costs no more round trips"
    slugs = ["council-votes", "river-floods", "school-opens", "mayor-resigns", "team-wins"]
    assert len(_links(workers[1], hub, [f"https://n.example/{slug}/" for slug in slugs])) == 5
    assert _shape_calls(client) == before, "the first link of a shape (and section) costs no round trip"
