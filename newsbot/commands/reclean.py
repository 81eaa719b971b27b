"""``python -m newsbot reclean``: run cleaning again over the HTML kept in the store, with
each site's drop and keep selectors (``--sites``) and what the store learned about it."""

from __future__ import annotations

import argparse
from collections import Counter
from dataclasses import replace

from newsbot.commands.common import (
    add_filter_arguments,
    add_store_argument,
    article_filter,
    open_store_from,
    settings,
)
from newsbot.extract import ExtractOptions, LearnedSite, extract_article
from newsbot.items import Article
from newsbot.learning import load_site, rules_from
from newsbot.sites import load_sites
from newsbot.store.base import Store

# Fields that say which article and fetch this is; cleaning again never changes them.
IDENTITY = ("url", "canonical_url", "site", "fetched_at", "revision", "duplicate_of")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_store_argument(parser)
    add_filter_arguments(parser)
    parser.add_argument("--sites", help="sites file whose drop/keep selectors apply")
    parser.add_argument("--without-learning", action="store_true",
                        help="leave out what the store learned about each site")


def run(args: argparse.Namespace) -> int:
    options = {
        site.name: ExtractOptions(drop_selectors=site.drop, keep_selectors=site.keep)
        for site in (load_sites(args.sites) if args.sites else [])
    }
    store = open_store_from(args)
    learned: dict[str, LearnedSite] = {}

    def options_for(stored: Article) -> ExtractOptions:
        base = options.get(stored.site or "", ExtractOptions())
        if args.without_learning or not stored.site:
            return base
        if stored.site not in learned:
            learned[stored.site] = _learned(store, stored.site)
        return replace(base, site_model=learned[stored.site].model_for(stored.url))

    counts: Counter[str] = Counter()
    for stored, html in store.iter_pages(article_filter(args, with_copies=True)):
        fresh = extract_article(html, stored.url, options=options_for(stored))
        if fresh is None:
            counts["no longer an article (kept as it was)"] += 1
            continue
        fresh = replace(fresh, **{name: getattr(stored, name) for name in IDENTITY})
        if fresh == stored:
            counts["unchanged"] += 1
            continue
        store.replace_article(fresh)
        counts["changed"] += 1
    store.close()
    summary = ", ".join(f"{n} {what}" for what, n in sorted(counts.items())) or "no stored pages"
    print(f"Recleaned: {summary}")
    return 0


def _learned(store: Store, site: str) -> LearnedSite:
    config = settings()
    floor = store.headline_floor(site, config.getint("NEWSBOT_SITE_LEARNING_HEADLINES"))
    return load_site(store, site, rules_from(config), floor)
