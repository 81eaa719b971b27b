"""``python -m newsbot seed URL...``: push start URLs into a shared (Redis) crawl frontier.

Workers started with ``scrapy crawl news -s NEWSBOT_REDIS_URL=... -s NEWSBOT_REDIS_JOB=NAME``
(and no start URLs of their own) take them from there.
"""

from __future__ import annotations

import argparse

from redis import Redis
from scrapy_redis.queue import PriorityQueue

from newsbot.commands.common import settings
from newsbot.frontier import job_namespace
from newsbot.spiders.news import NewsSpider


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("urls", nargs="*", help="start URLs (front pages, feeds, sitemaps, articles)")
    parser.add_argument("--sites", help="a sites file whose start URLs to push")
    parser.add_argument("--redis", help="Redis URL (default: NEWSBOT_REDIS_URL)")
    parser.add_argument("--job", help="name of the shared crawl (default: NEWSBOT_REDIS_JOB, else "
                                      "derived from the start URLs as the workers derive it)")


def run(args: argparse.Namespace) -> int:
    config = settings()
    redis_url = args.redis or config.get("NEWSBOT_REDIS_URL")
    if not redis_url:
        raise SystemExit("seed: give --redis URL or set NEWSBOT_REDIS_URL")
    spider = NewsSpider(urls=",".join(args.urls), sites=args.sites or "")
    if not spider.sites:
        raise SystemExit("seed: give start URLs or --sites FILE")
    namespace = job_namespace(spider, args.job or config.get("NEWSBOT_REDIS_JOB"))
    queue = PriorityQueue(Redis.from_url(redis_url), spider, f"{namespace}:requests")
    count = 0
    for site in spider.sites.values():
        for url in site.start_urls:
            queue.push(spider.start_request(url, site))
            count += 1
    print(f"Pushed {count} start URLs to {namespace} on {redis_url}")
    return 0
