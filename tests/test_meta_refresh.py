"""Meta refresh redirects: Scrapy's outcome on every page, the scan skipped where it cannot hit."""

from __future__ import annotations

import pytest
from scrapy import Request, Spider
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.http import HtmlResponse, TextResponse
from scrapy.settings import Settings
from scrapy.utils.conf import build_component_list
from scrapy.utils.test import get_crawler

from newsbot.middlewares.meta_refresh import SCANNED_CHARS, QuickMetaRefreshMiddleware
from tests.hostile_helpers import project_settings

URL = "https://n.example/a/"
FILLER = "<p>" + "words " * 800 + "</p>"
PAGES = {
    "refresh": '<html><head><meta http-equiv="refresh" content="0; url=/b/"></head><body>x</body></html>',
    "upper case": '<HTML><HEAD><META HTTP-EQUIV="REFRESH" CONTENT="0;URL=/b/"></HEAD></HTML>',
    "content first": "<html><head><meta content='1;url=https://m.example/' http-equiv='Refresh'></head></html>",
    "with a base": '<html><head><base href="/news/"><meta http-equiv="refresh" content="0; url=b/"></head></html>',
    "too slow": '<html><head><meta http-equiv="refresh" content="999; url=/b/"></head></html>',
    "in a script": "<html><head><script>var t='<meta http-equiv=\"refresh\" content=\"0; url=/b/\">'</script></head></html>",
    "in noscript": '<html><head><noscript><meta http-equiv="refresh" content="0; url=/b/"></noscript></head></html>',
    "past the scanned part": f'<html><head></head><body>{FILLER}<meta http-equiv="refresh" content="0; url=/b/"></body></html>',
    "refresh in the text": "<html><body><p>Refresh the page to see the results.</p></body></html>",
    "none": f"<html><head><title>Story</title></head><body>{FILLER}</body></html>",
    "latin-1": '<html><head><meta charset="latin-1"><meta http-equiv="refresh" content="0; url=/café/"></head></html>',
}


def _middleware(cls):
    crawler = get_crawler(Spider, project_settings())
    crawler.spider = Spider("news")
    return cls.from_crawler(crawler)


def _outcome(middleware, html: str, kind: type[TextResponse] = HtmlResponse):
    request = Request(URL)
    encoding = "latin-1" if "latin-1" in html else "utf-8"
    response = kind(URL, body=html.encode(encoding), request=request, headers={"Content-Type": "text/html"})
    result = middleware.process_response(request, response)
    return ("follow", result.url) if isinstance(result, Request) else ("keep", result is response)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_every_page_meets_scrapys_outcome(name):
    assert len(PAGES["past the scanned part"].split("<meta")[0]) > SCANNED_CHARS
    ours = _outcome(_middleware(QuickMetaRefreshMiddleware), PAGES[name])
    assert ours == _outcome(_middleware(MetaRefreshMiddleware), PAGES[name])
    if name in ("refresh", "upper case", "content first", "with a base", "latin-1"):
        assert ours[0] == "follow"


def test_a_page_without_the_word_is_not_scanned(monkeypatch):
    scanned = []
    monkeypatch.setattr("scrapy.downloadermiddlewares.redirect.get_meta_refresh",
                        lambda response, **kwargs: scanned.append(response.url) or (None, None))
    middleware = _middleware(QuickMetaRefreshMiddleware)
    _outcome(middleware, PAGES["none"])
    assert scanned == []
    _outcome(middleware, PAGES["refresh in the text"])
    assert scanned == [URL], "a page that holds the word is left to Scrapy's scan"


def test_crawls_use_it_in_place_of_scrapys():
    chain = build_component_list(Settings(project_settings()).getwithbase("DOWNLOADER_MIDDLEWARES"))
    paths = [f"{c.__module__}.{c.__qualname__}" if not isinstance(c, str) else c for c in chain]
    assert "newsbot.middlewares.meta_refresh.QuickMetaRefreshMiddleware" in paths
    assert "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware" not in paths
