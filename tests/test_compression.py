"""Gzip bodies inflated by ISA-L give what Scrapy's own inflater gives, within the size limit."""

from __future__ import annotations

import gzip

import pytest
from scrapy import Request, Spider
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Response
from scrapy.settings import Settings
from scrapy.utils.conf import build_component_list
from scrapy.utils._compression import _DecompressionMaxSizeExceeded
from scrapy.utils.gz import gunzip as scrapy_gunzip
from scrapy.utils.test import get_crawler

from newsbot.middlewares.compression import IsalCompressionMiddleware, gunzip
from tests.hostile_helpers import project_settings

TEXT = bytes(range(256)) * 40 + b"<p>A story of the town council.</p>" * 5000
MEMBER = gzip.compress(TEXT)
BROKEN_CHECKSUM = MEMBER[:-8] + b"\0\0\0\0" + MEMBER[-4:]
BODIES = {
    "one member": MEMBER,
    "two members": MEMBER + gzip.compress(b"<p>and a second one</p>"),
    "zero padding": MEMBER + b"\0" * 16,
    "truncated": MEMBER[: len(MEMBER) // 2],
    "bad checksum": BROKEN_CHECKSUM,
    "trailing garbage": MEMBER + b"<html>not gzip",
    "empty member": gzip.compress(b""),
    "empty": b"",
    "not gzip": b"<html>plain</html>",
    "header only": MEMBER[:6],
}


def _outcome(inflate, body: bytes, max_size: int = 0) -> tuple[str, object]:
    try:
        return "inflated", inflate(body, max_size=max_size)
    except Exception as exc:  # noqa: BLE001 - the kind of failure is what is compared
        return "raised", type(exc).__name__


@pytest.mark.parametrize("name", BODIES)
@pytest.mark.parametrize("max_size", [0, 10_000, len(TEXT) - 1, len(TEXT), 10 * len(TEXT)])
def test_the_outcome_is_scrapys(name, max_size):
    assert _outcome(gunzip, BODIES[name], max_size) == _outcome(scrapy_gunzip, BODIES[name], max_size)


def test_a_bomb_is_not_inflated_past_the_limit():
    bomb = gzip.compress(b"\0" * (64 << 20))
    with pytest.raises(_DecompressionMaxSizeExceeded) as raised:
        gunzip(bomb, max_size=1 << 20)
    assert raised.value.decompressed_size <= (1 << 20) + 65536, "it stopped within a chunk of the limit"


def _middleware() -> IsalCompressionMiddleware:
    crawler = get_crawler(Spider, {"DOWNLOAD_MAXSIZE": 1 << 20})
    crawler.spider = Spider("news")
    return IsalCompressionMiddleware.from_crawler(crawler)


def _gzipped(request: Request, body: bytes) -> Response:
    return Response(request.url, body=gzip.compress(body), request=request,
                    headers={"Content-Type": "text/html", "Content-Encoding": "gzip"})


def test_the_middleware_inflates_gzip_responses_and_skips_bombs():
    request = Request("https://n.example/a/")
    inflated = _middleware().process_response(request, _gzipped(request, TEXT))
    assert isinstance(inflated, HtmlResponse) and inflated.body == TEXT
    assert b"Content-Encoding" not in inflated.headers
    with pytest.raises(IgnoreRequest, match="DOWNLOAD_MAXSIZE"):
        _middleware().process_response(request, _gzipped(request, b"\0" * (8 << 20)))


def test_crawls_use_it_in_place_of_scrapys():
    settings = Settings(project_settings())
    chain = build_component_list(settings.getwithbase("DOWNLOADER_MIDDLEWARES"))
    paths = [f"{c.__module__}.{c.__qualname__}" if not isinstance(c, str) else c for c in chain]
    assert "newsbot.middlewares.compression.IsalCompressionMiddleware" in paths
    assert not [p for p in paths if p.endswith(HttpCompressionMiddleware.__qualname__)
                and p.startswith("scrapy.")]
