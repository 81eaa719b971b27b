"""A page's parsed tree: shared by the spider and the page guard, freed with its response."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from scrapy.utils.test import get_crawler

from newsbot.items import Page
from newsbot.middlewares.pages import PageGuardMiddleware
from newsbot.page_tree import MAX_LEXBOR_TAGS, drop_page_tree, page_links, page_tree, read_links, tree_links
from newsbot.spiders.news import FOLLOW, SITE, NewsSpider
from tests.hostile_helpers import page, project_settings

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


def test_links_and_text_are_read_once_until_dropped():
    response = page(URL, LISTING)
    links = page_links(response)
    assert page_links(response) is links and len(links.hrefs) == 30
    drop_page_tree(response)
    assert page_links(response) is not links


def test_links_are_read_in_document_order_without_nofollow_and_template_ones():
    links = read_links(
        '<html><head><base href="https://cdn.example/news/"><base href="/other/">'
        '<link rel="alternate" type="application/rss+xml" href="/feed/">'
        '<link rel="alternate stylesheet" href="/skin.css"><link rel="canonical" href="/a/">'
        "<style>p { color: red }</style></head><body>"
        '<p><a href="/one/">One</a> <a href="/two/" rel="Sponsored  NOFOLLOW">Two</a>'
        '<map><area href="/three/"></map><a href>Top</a><a name="x">Anchor</a>'
        '<noscript><a href="/four/">Four</a></noscript><template><a href="{{link}}">T</a></template>'
        '<a href="/one/">One again</a> Fish &amp;amp; chips</p>'
        "<script>var words = 'no one reads these';</script></body></html>"
    )
    assert links.hrefs == ("/one/", "/three/", "", "/four/")
    assert links.feeds == (("application/rss+xml", "/feed/"),)
    assert links.base == "https://cdn.example/news/"
    assert links.body_text.split() == ["One", "Two", "Top", "Anchor", "One", "again", "Fish", "&amp;", "chips"]


def test_lexbor_and_lxml_read_the_same_links():
    html = ('<html><head><base href="/news/"><link rel="alternate" type="application/atom+xml" href="/atom/">'
            '</head><body><nav><a href="/a/">A</a><a href="/b/" rel="nofollow">B</a></nav>'
            '<map><area href="/c/"></map><p><a href="/a/">A again</a><a href>Top</a></p></body></html>')
    lexbor, lxml = read_links(html), tree_links(page_tree(page(URL, html)))
    assert (lexbor.hrefs, lexbor.feeds, lexbor.base) == (lxml.hrefs, lxml.feeds, lxml.base)
    assert lexbor.hrefs == ("/a/", "/c/", "") and lexbor.base == "/news/"


def test_a_page_with_more_tags_than_any_real_page_is_read_with_lxml():
    # lexbor takes time quadratic in the nesting depth (100,000 nested elements: 14 s).
    deep = "<div>" * MAX_LEXBOR_TAGS + '<a href="/deep/">Deep</a>' + "</div>" * MAX_LEXBOR_TAGS
    links = page_links(page(URL, f'<html><body><a href="/top/">Top</a>{deep}</body></html>'))
    assert links.body_text is None, "read from lxml's tree, whose cost stays linear"
    assert links.hrefs[0] == "/top/"  # lxml leaves out what lies deeper than it builds trees
    assert page_links(page(URL, LISTING)).body_text is not None


def test_broken_markup_gives_the_links_lxml_gave():
    # What follows the end of a broken page, links in a table cell left open, a stray </a>.
    html = ('<html><body><table><tr><td><a href="/in-cell/">In a cell</td></tr></table>'
            '<p><a href="/first/">First</a></a><a href=/unquoted/>Unquoted</a></body></html>'
            '<a href="/after-the-end/">After</a>')
    root = page_tree(page(URL, html))
    tops = [*root.itersiblings(preceding=True), root, *root.itersiblings()]
    from_lxml = [a.get("href") for top in tops for a in top.iter("a")]
    assert read_links(html).hrefs == tuple(from_lxml) == ("/in-cell/", "/first/", "/unquoted/", "/after-the-end/")


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
        output = spider.parse(response)
        item = next(output)
        assert isinstance(item, Page) and guard.get_processed_item(item, response) is item
        requests = list(output)
        assert len(requests) == 30  # the page's links, read with the text the guard judged
        del response, output
        assert freed() is None
    finally:
        gc.enable()
