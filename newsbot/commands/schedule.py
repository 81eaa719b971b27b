"""``python -m newsbot schedule --sites sites.toml``: crawl each site at its interval or cron.

Runs until SIGTERM or SIGINT, then lets the running crawls close and exits 0.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from pathlib import Path

from newsbot.commands.common import add_store_argument, settings
from newsbot.scheduler import CrawlScheduler, ScheduleConfig
from newsbot.sites import SitesFileError, load_sites


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sites", required=True, help="sites file; each site's interval or cron says when")
    add_store_argument(parser)
    parser.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE",
                        help="setting for every crawl, as scrapy crawl -s (repeatable)")


def _crawl_settings(pairs: list[str]) -> tuple[tuple[str, str], ...]:
    parsed = []
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise SystemExit(f"bad setting {pair!r}: expected NAME=VALUE")
        parsed.append((name, value))
    return tuple(parsed)


def _config(args: argparse.Namespace) -> ScheduleConfig:
    config = settings()
    crawl_settings = _crawl_settings(args.set)
    for name, value in crawl_settings:  # the scheduler's own settings too, e.g. NEWSBOT_LOCK_DIR
        config.set(name, value, priority="cmdline")
    log_dir = config.get("NEWSBOT_SCHEDULE_LOG_DIR")
    return ScheduleConfig(
        sites_file=Path(args.sites).resolve(),
        db_url=args.db or config.get("NEWSBOT_DB"),
        lock_dir=Path(config.get("NEWSBOT_LOCK_DIR")),
        log_dir=Path(log_dir) if log_dir else None,
        feeds_dir=Path(config.get("NEWSBOT_SITE_FEEDS_DIR")),
        feed_limit=config.getint("NEWSBOT_SITE_FEED_LIMIT"),
        feeds_base_url=config.get("NEWSBOT_FEEDS_BASE_URL"),
        max_crawls=max(1, config.getint("NEWSBOT_SCHEDULE_MAX_CRAWLS")),
        stop_timeout=config.getfloat("NEWSBOT_SCHEDULE_STOP_TIMEOUT"),
        crawl_settings=crawl_settings,
    )


def run(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s [%(name)s] %(levelname)s: %(message)s")
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    log = logging.getLogger("newsbot.schedule")
    try:
        sites = load_sites(args.sites)
    except SitesFileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for site in sites:
        if not (site.interval or site.cron):
            log.info("Site %s has no interval or cron: not scheduled", site.name)
    scheduler = CrawlScheduler(_config(args), sites)
    if not scheduler.sites:
        print(f"error: no site in {args.sites} has an interval or cron", file=sys.stderr)
        return 2
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda number, frame: stop.set())
    scheduler.start()
    log.info("Scheduler running (%d sites); SIGTERM or Ctrl-C stops it", len(scheduler.sites))
    while not stop.wait(1.0):
        pass
    scheduler.stop()
    return 0
