"""Small helpers for unit tests of newsbot's crawl components: a crawler with newsbot's settings."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse, TextResponse
from scrapy.utils.test import get_crawler

import newsbot.settings
from newsbot.extract.links import PageLinks
from newsbot.items import Page


def project_settings(**overrides: Any) -> dict[str, Any]:
    """newsbot's settings module as a dict, with overrides."""
    values = {name: getattr(newsbot.settings, name) for name in dir(newsbot.settings) if name.isupper()}
    return {**values, **overrides}


class RecordingEngine:
    """Stands in for the engine: remembers what was handed to ``crawl``."""

    def __init__(self) -> None:
        self.crawled: list[Request] = []

    def crawl(self, request: Request) -> None:
        self.crawled.append(request)


def crawler(tmp_path: Path, **overrides: Any) -> Crawler:
    """A crawler with newsbot's settings, a store under ``tmp_path`` and a recording engine."""
    settings = project_settings(NEWSBOT_DB=f"sqlite:///{tmp_path / 'store.db'}", **overrides)
    made = get_crawler(Spider, settings)
    made.engine = RecordingEngine()
    made.spider = Spider.from_crawler(made, name="news")
    return made


def page(url: str, body: str | bytes = "<html><body>x</body></html>", *, kind: type[TextResponse] = HtmlResponse,
         meta: dict[str, Any] | None = None, content_type: str = "text/html; charset=utf-8") -> TextResponse:
    """A response for ``url`` whose request carries ``meta``."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    return kind(url, body=data, headers={"Content-Type": content_type},
                request=Request(url, meta={"newsbot_site": "site", **(meta or {})}))


def parsed(spider: Spider, response: TextResponse, links: PageLinks | None = None) -> list[Any]:
    """What the spider's callback gives for ``response``: a page item, whose links are handed
    back as a cleaning worker hands them (None: nobody read them), then the requests."""
    async def run() -> list[Any]:
        output = []
        async for out in spider.parse(response):
            output.append(out)
            if isinstance(out, Page):
                out.settle_links(links)
        return output
    return asyncio.run(run())
