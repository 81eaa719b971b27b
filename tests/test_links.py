"""The links a crawl follows from a page, read by the cleaning worker from its own parse."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsbot.cleaning import clean_page
from newsbot.extract import ExtractOptions, read_page
from newsbot.extract.interstitial import detect_interstitial
from newsbot.extract.links import read_links
from newsbot.extract.parse import parse_html
from newsbot.page_tree import page_tree
from tests.hostile_helpers import page

URL = "https://n.example/section/world/"
FIXTURES = Path(__file__).parent / "fixtures"
CRAWL = ExtractOptions(check_wall=True, read_links=True)
PAGE_LINKS = ('<html><head><base href="https://cdn.example/news/"><base href="/other/">'
              '<link rel="alternate" type="application/rss+xml" href="/feed/">'
              '<link rel="alternate stylesheet" href="/skin.css"><link rel="canonical" href="/a/">'
              "<style>p { color: red }</style></head><body>"
              '<p><a href="/one/">One</a> <a href="/two/" rel="Sponsored  NOFOLLOW">Two</a>'
              '<map><area href="/three/"></map><a href>Top</a><a name="x">Anchor</a>'
              '<noscript><a href="/four/">Four</a></noscript><template><a href="{{link}}">T</a></template>'
              '<svg><a xlink:href="/drawn/"><text>Drawn</text></a></svg>'
              '<a href="/one/">One again</a> Fish &amp;amp; chips</p>'
              "<script>var words = 'no one reads these';</script></body></html>")
BROKEN = ('<html><body><table><tr><td><a href="/in-cell/">In a cell</td></tr></table>'
          '<p><a href="/first/">First</a></a><a href=/unquoted/>Unquoted</a></body></html>'
          '<a href="/after-the-end/">After</a>')


@pytest.mark.parametrize("parse", [parse_html, lambda html: page_tree(page(URL, html))],
                         ids=["cleaning's parse", "the crawl process's parse"])
def test_links_are_read_in_document_order_without_nofollow_template_and_drawn_ones(parse):
    links = read_links(parse(PAGE_LINKS))
    assert links.hrefs == ("/one/", "/three/", "", "/four/")
    assert links.feeds == (("application/rss+xml", "/feed/"),)
    assert links.base == "https://cdn.example/news/"


@pytest.mark.parametrize("parse", [parse_html, lambda html: page_tree(page(URL, html))],
                         ids=["cleaning's parse", "the crawl process's parse"])
def test_links_of_broken_markup_are_read_past_the_pages_end(parse):
    # Links in a table cell left open, a stray </a>, and what lxml puts beside the root
    # when markup follows the page's end.
    assert read_links(parse(BROKEN)).hrefs == ("/in-cell/", "/first/", "/unquoted/", "/after-the-end/")


def test_cleaning_reads_the_links_before_its_rules_change_the_page():
    menu = "".join(f'<li><a href="/section/{n}/">Section {n}</a></li>' for n in range(12))
    story = "".join(f"<p>In part {n} of the meeting, the council of the town explained at length why the new "
                    "bridge over the river would be built next spring, and residents asked many questions "
                    "about the cost, the traffic and the noise during the works.</p>" for n in range(8))
    html = (f"<html><head><title>Council votes</title></head><body><nav><ul>{menu}</ul></nav>"
            f"<article><h1>Council votes</h1>{story}</article></body></html>")
    reading = read_page(html, "https://n.example/2024/05/01/council-votes/", options=CRAWL)
    assert reading.article is not None and "Section 3" not in reading.article.text
    assert reading.links.hrefs == tuple(f"/section/{n}/" for n in range(12))
    assert read_page(html, URL, options=ExtractOptions()).links is None, "read only when asked"


WALL_FIXTURES = sorted((FIXTURES / "interstitials").glob("*.html")) + sorted((FIXTURES / "not_interstitials").glob("*.html"))


@pytest.mark.parametrize("path", WALL_FIXTURES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_cleaning_tells_walls_as_the_full_check_on_the_crawls_parse_does(path):
    html = path.read_text(encoding="utf-8")
    cleaned = clean_page(html, URL, CRAWL)
    assert cleaned.wall == detect_interstitial(html, page_tree(page(URL, html)))
    if cleaned.wall:
        assert cleaned.links is None and cleaned.article is None, "a wall is neither followed nor cleaned"
    else:
        assert cleaned.links is not None
    assert clean_page(html, URL, ExtractOptions()).wall is None, "told only when asked"


def test_a_page_given_as_bytes_is_read_as_its_text():
    wall = (FIXTURES / "interstitials" / "cloudflare_just_a_moment.html").read_text(encoding="utf-8")
    as_bytes = read_page(wall.encode("utf-8"), URL, options=CRAWL, content_type="text/html; charset=x-unheard-of")
    assert as_bytes.wall == read_page(wall, URL, options=CRAWL).wall == "challenge"
    assert read_page(b"\x00\x01\x02" * 100, URL, options=CRAWL) == read_page("", URL, options=CRAWL), "binary: nothing"
