"""Write each run's emitted articles to ``NEWSBOT_FEED_DIR/<spider>-<UTC time>.jsonl``.

This runs beside any ``-o``/``-O`` feed the user asks for. The file is written under a
``.part`` name and renamed when the run ends, so a reader never sees half a feed. Articles
cleaned again at the end of the run with what it learned about their site
(:data:`newsbot.signals.article_recleaned`) are written in their final form.
"""

from __future__ import annotations

import json
import logging
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.exporters import JsonLinesItemExporter

from newsbot.items import Article
from newsbot.signals import article_recleaned

logger = logging.getLogger(__name__)


class RunFeed:
    """The JSON Lines feed of the articles one run emitted."""

    def __init__(self, crawler: Crawler, folder: Path) -> None:
        self.crawler = crawler
        self.folder = folder
        self.path: Path | None = None
        self.file: IO[bytes] | None = None
        self.exporter: JsonLinesItemExporter | None = None
        self.count = 0
        self.recleaned: dict[str, Article] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "RunFeed":
        folder = crawler.settings.get("NEWSBOT_FEED_DIR")
        if not folder:
            raise NotConfigured("NEWSBOT_FEED_DIR is empty")
        extension = cls(crawler, Path(folder))
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(extension.article_recleaned, signal=article_recleaned)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        self.folder.mkdir(parents=True, exist_ok=True)
        self.path = self.folder / f"{spider.name}-{stamp}.jsonl"
        self.file = open(self.path.with_suffix(".jsonl.part"), "wb")
        self.exporter = JsonLinesItemExporter(self.file, encoding="utf-8", ensure_ascii=False)
        self.exporter.start_exporting()

    def item_scraped(self, item: Any) -> None:
        self.exporter.export_item(item)
        self.count += 1

    def article_recleaned(self, article: Article) -> None:
        self.recleaned[article.canonical_url] = article

    def spider_closed(self, spider: Spider) -> None:
        self.exporter.finish_exporting()
        self.file.close()
        try:
            if self.recleaned:
                self._write_recleaned(Path(self.file.name))
            os.replace(self.file.name, self.path)
        except OSError as error:  # the folder or the .part file went away, the disk filled up
            self.crawler.stats.set_value("newsbot/feed/lost", self.count)
            logger.error("Could not write the run's feed %s (%s); its %d articles are in the store:"
                         " `python -m newsbot export` writes them out", self.path, error, self.count)
            return
        self.crawler.stats.set_value("newsbot/feed/path", str(self.path))
        logger.info("Wrote %d new articles to %s", self.count, self.path)

    def _write_recleaned(self, part: Path) -> None:
        """Put the final form of each article cleaned again in place of the one emitted."""
        rewritten = part.with_name(part.name + ".new")
        with open(part, "rb") as lines, open(rewritten, "wb") as out:
            exporter = JsonLinesItemExporter(out, encoding="utf-8", ensure_ascii=False)
            exporter.start_exporting()
            for line in lines:
                final = self.recleaned.get(json.loads(line).get("canonical_url"))
                if final is None:
                    out.write(line)
                else:
                    exporter.export_item(final)
            exporter.finish_exporting()
        os.replace(rewritten, part)
