"""Options and helpers several subcommands share."""

from __future__ import annotations

import argparse

from scrapy.settings import Settings
from scrapy.utils.project import get_project_settings

from newsbot.store.base import ArticleFilter, Store, open_store


def add_store_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", help="store URL (default: NEWSBOT_DB, e.g. sqlite:///data/newsbot.db)")


def add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--site", help="only this site (as named in the store)")
    parser.add_argument("--since", help="only articles published on or after this ISO date")
    parser.add_argument("--until", help="only articles published before this ISO date")


def article_filter(args: argparse.Namespace, with_copies: bool = False) -> ArticleFilter:
    return ArticleFilter(site=args.site, since=args.since, until=args.until,
                         with_copies=with_copies or getattr(args, "with_copies", False))


def settings() -> Settings:
    return get_project_settings()


def open_store_from(args: argparse.Namespace) -> Store:
    """The store ``--db`` names, else the one of the ``NEWSBOT_DB`` setting."""
    config = settings()
    return open_store(args.db or config.get("NEWSBOT_DB"), keep_html=config.getbool("NEWSBOT_STORE_HTML"))
