"""``python -m newsbot demo``: serve the bundled demo site and crawl it end to end."""

from __future__ import annotations

import argparse
from pathlib import Path

from scrapy.crawler import CrawlerProcess

from newsbot.commands.common import add_store_argument, settings
from newsbot.demo.server import start_server
from newsbot.demo.site import DemoSite
from newsbot.store.base import open_store


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_store_argument(parser)
    parser.add_argument("--port", type=int, default=0, help="port of the demo site (default: a free one)")


def run(args: argparse.Namespace) -> int:
    config = settings()
    if args.db:
        config.set("NEWSBOT_DB", args.db, priority="cmdline")
    server, base_url = start_server(DemoSite(), port=args.port)
    print(f"Demo news site at {base_url}; crawling it...", flush=True)
    try:
        process = CrawlerProcess(config)
        crawler = process.create_crawler("news")
        process.crawl(crawler, urls=base_url)
        process.start()
    finally:
        server.shutdown()
    stats = crawler.stats.get_stats()
    db_url = config.get("NEWSBOT_DB")
    store = open_store(db_url)
    total = store.count_articles()
    store.close()
    print()
    print(f"New articles this run: {stats.get('item_scraped_count', 0)}"
          f" (pages fetched: {stats.get('response_received_count', 0)};"
          f" copies of stories kept apart: {stats.get('newsbot/dedupe/duplicates', 0)})")
    print(f"Store:  {db_url} ({total} articles in all)")
    feed = stats.get("newsbot/feed/path")
    if feed:
        print(f"Feed:   {Path(feed)} (this run's new articles, JSON Lines)")
    print("Export: python -m newsbot export -o articles.jsonl")
    return 0 if stats.get("finish_reason") == "finished" else 1
