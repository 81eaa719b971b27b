"""Which links of a page the ``news`` spider follows."""

from __future__ import annotations

from pathlib import Path

from scrapy.utils.test import get_crawler

from newsbot.extract.links import NO_LINKS, PageLinks
from newsbot.spiders.news import FOLLOW, SITE, NewsSpider
from tests.hostile_helpers import page, parsed, project_settings

URL = "https://n.example/section/world/"
LINKS = (
    '<a href="/a/" rel="NoFollow">share</a>'
    '<a href="/b/" rel="nofollowed">not the nofollow token</a>'
    '<a href="/c/" rel="ugc\tnofollow">reply</a>'
    '<map><area href="/d/" rel="noopener"><area href="/e/" rel="nofollow"></map>'
    '<a name="top">no href</a><a href="/f/" rel="external">f</a>'
)


def _spider(tmp_path: Path) -> NewsSpider:
    crawler = get_crawler(NewsSpider, project_settings(NEWSBOT_DB=f"sqlite:///{tmp_path / 'store.db'}"))
    return NewsSpider.from_crawler(crawler, urls="https://n.example/")


def _links(spider: NewsSpider, url: str, html: str) -> list[str]:
    """The URLs the spider requests from the page at ``url``."""
    _, *requests = parsed(spider, page(url, html, meta={SITE: "n.example", FOLLOW: True}))
    return [request.url for request in requests]


def _followed(tmp_path: Path, html: str) -> list[str]:
    return _links(_spider(tmp_path), URL, html)


def test_links_are_followed_in_page_order_but_nofollow_ones(tmp_path):
    html = f"<html><head><title>World</title></head><body>{LINKS}</body></html>"
    assert _followed(tmp_path, html) == [
        "https://n.example/b/", "https://n.example/d/", "https://n.example/f/"]


def test_links_after_the_end_of_a_broken_page_are_followed(tmp_path):
    # lxml puts what follows a second <html> start tag beside the page's root element.
    html = ('<html><body><a href="/first/">first</a></body></html>'
            '<html xmlns="http://www.w3.org/1999/xhtml"><a href="/after/">after the end</a></html>')
    assert _followed(tmp_path, html) == ["https://n.example/first/", "https://n.example/after/"]


def test_a_link_from_the_root_is_judged_once_per_site(tmp_path):
    # Menus link the same root paths on every page; a relative path depends on the page.
    spider = _spider(tmp_path)
    html = '<html><body><a href="/menu/">menu</a><a href="next/">next</a></body></html>'
    followed = [*_links(spider, "https://n.example/one/", html), *_links(spider, "https://n.example/two/", html)]
    assert followed == ["https://n.example/menu/", "https://n.example/one/next/", "https://n.example/two/next/"]


def test_an_articles_print_views_are_not_followed_from_it_nor_again(tmp_path):
    # A print view folds into its article's URL key, as in the store's seen-set: fetching it
    # would only clean the article again.
    spider = _spider(tmp_path)
    html = ('<html><body><a href="print/">Print</a><a href="?print=1">Print</a>'
            '<a href="/2024/05/04/flood/">Flood</a><a href="/2024/05/04/flood/?print=1">Print flood</a>'
            '</body></html>')
    assert _links(spider, "https://n.example/2024/05/04/storm/", html) == ["https://n.example/2024/05/04/flood/"]
    listing = '<html><body><a href="/2024/05/04/flood/print/">Flood</a><a href="/2024/05/05/fire/">Fire</a></body></html>'
    assert _links(spider, "https://n.example/section/world/", listing) == ["https://n.example/2024/05/05/fire/"]


def test_a_link_that_cannot_be_parsed_is_counted_and_the_others_followed(tmp_path):
    spider = _spider(tmp_path)
    html = ('<html><head><base href="http://[broken/"></head><body>'
            '<a href="http://n.example:99999/a/">port</a><a href="http://[::1/b/">host</a>'
            '<a href="https://n.example:x/c/">port</a><a href="/ok/">ok</a></body></html>')
    assert _links(spider, URL, html) == ["https://n.example/ok/"]
    assert spider.crawler.stats.get_value("newsbot/skipped/bad_url") == 3


def test_the_links_a_worker_read_are_followed_not_read_again(tmp_path):
    spider = _spider(tmp_path)
    response = page(URL, '<html><body><a href="/in-the-page/">here</a></body></html>', meta={SITE: "n.example", FOLLOW: True})
    _, *requests = parsed(spider, response, PageLinks(("/from-the-worker/",), (), ""))
    assert [r.url for r in requests] == ["https://n.example/from-the-worker/"]
    _, *requests = parsed(spider, response, NO_LINKS)
    assert requests == [], "a wall the worker told leads nowhere"


def test_a_wall_whose_links_no_worker_read_leads_nowhere(tmp_path):
    wall = (Path(__file__).parent / "fixtures" / "interstitials" / "cloudflare_just_a_moment.html").read_text()
    with_link = wall.replace("</body>", '<a href="/behind-the-wall/">more</a></body>')
    assert _followed(tmp_path, with_link) == []
    plain = '<html><body><a href="/behind-the-wall/">more</a></body></html>'
    assert _followed(tmp_path, plain) == ["https://n.example/behind-the-wall/"]
