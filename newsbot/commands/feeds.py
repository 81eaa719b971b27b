"""``python -m newsbot feeds``: write each site's rolling JSON Feed of its newest articles."""

from __future__ import annotations

import argparse
from pathlib import Path

from newsbot.commands.common import add_store_argument, open_store_from, settings
from newsbot.feeds import write_site_feeds


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_store_argument(parser)
    parser.add_argument("--out-dir", help="folder of the feeds (default: NEWSBOT_SITE_FEEDS_DIR, data/feeds/sites)")
    parser.add_argument("--limit", type=int, help="newest articles per feed (default: NEWSBOT_SITE_FEED_LIMIT, 50)")
    parser.add_argument("--site", action="append", help="only this site (repeatable; default: every site stored)")
    parser.add_argument("--base-url", help="public URL of the folder, for feed_url (default: NEWSBOT_FEEDS_BASE_URL)")


def run(args: argparse.Namespace) -> int:
    config = settings()
    folder = Path(args.out_dir or config.get("NEWSBOT_SITE_FEEDS_DIR"))
    limit = args.limit if args.limit is not None else config.getint("NEWSBOT_SITE_FEED_LIMIT")
    base_url = args.base_url if args.base_url is not None else config.get("NEWSBOT_FEEDS_BASE_URL")
    store = open_store_from(args)
    try:
        written = write_site_feeds(store, folder, limit, base_url, args.site)
    finally:
        store.close()
    for site, path in written.items():
        print(f"{site}: {path}")
    if not written:
        print(f"No site has stored articles; nothing written to {folder}")
    return 0
