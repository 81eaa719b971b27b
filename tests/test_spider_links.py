"""Which links of a page the ``news`` spider follows."""

from __future__ import annotations

from pathlib import Path

from scrapy.utils.test import get_crawler

from newsbot.spiders.news import FOLLOW, SITE, NewsSpider
from tests.hostile_helpers import page, project_settings

URL = "https://n.example/section/world/"
LINKS = (
    '<a href="/a/" rel="NoFollow">share</a>'
    '<a href="/b/" rel="nofollowed">not the nofollow token</a>'
    '<a href="/c/" rel="ugc\tnofollow">reply</a>'
    '<map><area href="/d/" rel="noopener"><area href="/e/" rel="nofollow"></map>'
    '<a name="top">no href</a><a href="/f/" rel="external">f</a>'
)


def _followed(tmp_path: Path, html: str) -> list[str]:
    crawler = get_crawler(NewsSpider, project_settings(NEWSBOT_DB=f"sqlite:///{tmp_path / 'store.db'}"))
    spider = NewsSpider.from_crawler(crawler, urls="https://n.example/")
    output = spider.parse(page(URL, html, meta={SITE: "n.example", FOLLOW: True}))
    next(output)  # the page itself
    return [request.url for request in output]


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
    crawler = get_crawler(NewsSpider, project_settings(NEWSBOT_DB=f"sqlite:///{tmp_path / 'store.db'}"))
    spider = NewsSpider.from_crawler(crawler, urls="https://n.example/")
    html = '<html><body><a href="/menu/">menu</a><a href="next/">next</a></body></html>'
    followed = []
    for url in ("https://n.example/one/", "https://n.example/two/"):
        output = spider.parse(page(url, html, meta={SITE: "n.example", FOLLOW: True}))
        next(output)
        followed += [request.url for request in output]
    assert followed == ["https://n.example/menu/", "https://n.example/one/next/", "https://n.example/two/next/"]


def test_an_articles_print_views_are_not_followed_from_it_nor_again(tmp_path):
    # A print view folds into its article's URL key, as in the store's seen-set: fetching it
    # would only clean the article again.
    crawler = get_crawler(NewsSpider, project_settings(NEWSBOT_DB=f"sqlite:///{tmp_path / 'store.db'}"))
    spider = NewsSpider.from_crawler(crawler, urls="https://n.example/")
    story = "https://n.example/2024/05/04/storm/"
    html = ('<html><body><a href="print/">Print</a><a href="?print=1">Print</a>'
            '<a href="/2024/05/04/flood/">Flood</a><a href="/2024/05/04/flood/?print=1">Print flood</a>'
            '</body></html>')
    output = spider.parse(page(story, html, meta={SITE: "n.example", FOLLOW: True}))
    next(output)
    assert [request.url for request in output] == ["https://n.example/2024/05/04/flood/"]
    listing = '<html><body><a href="/2024/05/04/flood/print/">Flood</a><a href="/2024/05/05/fire/">Fire</a></body></html>'
    output = spider.parse(page("https://n.example/section/world/", listing, meta={SITE: "n.example", FOLLOW: True}))
    next(output)
    assert [request.url for request in output] == ["https://n.example/2024/05/05/fire/"]
