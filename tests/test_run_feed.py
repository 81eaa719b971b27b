"""The run's JSON Lines feed when its file cannot be written at the end of the run."""

from __future__ import annotations

import logging

from scrapy import Spider
from scrapy.utils.test import get_crawler

from newsbot.extensions.run_feed import RunFeed
from newsbot.items import Article


def test_a_feed_whose_part_file_went_away_is_reported_not_raised(tmp_path, caplog):
    crawler = get_crawler(Spider, {"NEWSBOT_FEED_DIR": str(tmp_path / "runs")})
    feed = RunFeed.from_crawler(crawler)
    spider = Spider("news")
    feed.spider_opened(spider)
    feed.item_scraped(Article(url="http://news.test/a/", canonical_url="http://news.test/a/", text="Text."))
    part = tmp_path / "runs" / feed.path.with_suffix(".jsonl.part").name
    assert part.exists()
    part.unlink()  # a clean-up of the feed folder while the crawl runs
    with caplog.at_level(logging.ERROR, logger="newsbot.extensions.run_feed"):
        feed.spider_closed(spider)
    assert crawler.stats.get_value("newsbot/feed/lost") == 1
    assert crawler.stats.get_value("newsbot/feed/path") is None
    assert "python -m newsbot export" in caplog.text and str(feed.path) in caplog.text
    assert not list((tmp_path / "runs").iterdir())
