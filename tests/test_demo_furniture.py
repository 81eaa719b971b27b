"""Furnished demo pages weigh what real news pages do, and their furniture never reaches a body."""

from __future__ import annotations

import statistics

from lxml import html as lxml_html

from newsbot.demo import DemoSite
from newsbot.demo.furniture import furniture_texts
from newsbot.extract import extract_body

BASE = "http://127.0.0.1:8000"
PLAIN, FURNISHED = DemoSite(n_articles=24), DemoSite(n_articles=24, furnished=True)


def _pages(site: DemoSite) -> list[str]:
    return [site.handle(a.url_path, base_url=BASE).text for a in site.articles]


def test_furnished_pages_weigh_like_real_ones():
    plain, furnished = _pages(PLAIN), _pages(FURNISHED)
    sizes = [len(page.encode()) for page in furnished]
    # Real news pages (median of 990 in the trafilatura evaluation corpus): 94 KB, 720
    # elements, 117 links; plain demo pages weigh a fifth of that.
    assert statistics.median(sizes) > 3 * statistics.median(len(page.encode()) for page in plain)
    assert 60_000 < statistics.median(sizes) < 130_000
    trees = [lxml_html.fromstring(page) for page in furnished]
    assert statistics.median(sum(1 for _ in tree.iter()) for tree in trees) > 500
    assert statistics.median(len(tree.xpath("//a[@href]")) for tree in trees) > 100


def test_furniture_never_reaches_the_body():
    texts = furniture_texts()
    assert set(texts) <= set(FURNISHED.boilerplate_snippets())
    assert not set(texts) & set(PLAIN.boilerplate_snippets())
    for article in FURNISHED.articles:
        url = BASE + article.url_path
        page = FURNISHED.handle(article.url_path, base_url=BASE).text
        assert all(text in page for text in texts)
        body = extract_body(page, url)
        assert not [text for text in texts if text in body], url
        assert body == extract_body(PLAIN.handle(article.url_path, base_url=BASE).text, url), url
