"""``python -m newsbot explain URL_OR_FILE``: why each piece of a page was dropped.

The page is cleaned as a crawl would clean it, with its site's drop and keep selectors
(``--sites``) and what the store learned about the site, and every element or block that
went is printed with the rule that took it, then the verdict and the text that was kept.
"""

from __future__ import annotations

import argparse
import sys
import urllib.request
from dataclasses import dataclass, replace
from pathlib import Path

from lxml import html as lxml_html

from newsbot.commands.common import add_store_argument, open_store_from, settings
from newsbot.extract import ExtractOptions, explain_article, extract_body
from newsbot.extract.text import word_count
from newsbot.learning import load_site, rules_from
from newsbot.sites import SiteConfig, SitesFileError, load_sites
from newsbot.store.base import Store
from newsbot.urls import site_of, url_key


class PageError(Exception):
    """The page cannot be read: not fetched, no such file, not stored."""


@dataclass(frozen=True)
class Source:
    """The page to explain: its HTML, the URL it came from, its Content-Type, its stored site."""

    html: str | bytes
    url: str
    content_type: str | None = None
    site: str | None = None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("page", help="URL of the page to fetch, or an HTML file")
    parser.add_argument("--url", help="the URL a file was fetched from (default: its canonical link)")
    parser.add_argument("--site", help="the site whose learned model applies (default: the page's site "
                                       "in the sites file or the store, else its host)")
    parser.add_argument("--sites", help="sites file whose drop/keep selectors apply")
    parser.add_argument("--stored", action="store_true", help="explain the HTML the store kept for this URL")
    parser.add_argument("--without-learning", action="store_true",
                        help="leave out what the store learned about the site")
    add_store_argument(parser)


def run(args: argparse.Namespace) -> int:
    try:
        configs = load_sites(args.sites) if args.sites else []
    except SitesFileError as exc:
        print(f"explain: {exc}", file=sys.stderr)
        return 2
    store = open_store_from(args)
    try:
        source = _read(args, store)
        config = _config(configs, args.site, source.url)
        site = args.site or (config.name if config else None) or source.site or site_of(source.url)
        print(f"Page: {source.url}")
        options = ExtractOptions(drop_selectors=config.drop if config else (),
                                 keep_selectors=config.keep if config else ())
        if not args.without_learning:
            options = _with_learning(store, site, source.url, options)
    except PageError as exc:
        print(f"explain: {exc}", file=sys.stderr)
        return 2
    finally:
        store.close()
    decisions = explain_article(source.html, source.url, options, content_type=source.content_type)
    text = extract_body(source.html, source.url, options=options, content_type=source.content_type)
    dropped = [d for d in decisions if d.stage != "page"]
    print(f"Dropped ({len(dropped)}):")
    width = max((len(d.rule) for d in dropped), default=0)
    for decision in dropped:
        print(f"  {decision.stage:<5}  {decision.rule:<{width}}  {decision.snippet}")
    verdict = decisions[-1]
    print(f"Verdict: {verdict.rule}" + (f" ({verdict.snippet})" if verdict.snippet else ""))
    print(f"\nKept text ({word_count(text)} words):\n")
    print(text)
    return 0


def _read(args: argparse.Namespace, store: Store) -> Source:
    if args.stored:
        seen = store.seen(url_key(args.page))
        found = store.stored_page(seen.canonical_url) if seen else None
        if found is None:
            raise PageError(f"the store holds no page for {args.page}")
        article, html = found
        return Source(html, article.url, None, article.site)
    path = Path(args.page)
    if "://" not in args.page:
        if not path.is_file():
            raise PageError(f"no such file: {args.page}")
        raw = path.read_bytes()
        url = args.url or _canonical_link(raw) or f"http://localhost/{path.name}"
        return Source(raw, url)
    return _fetch(args.page)


def _fetch(url: str) -> Source:
    config = settings()
    request = urllib.request.Request(url, headers={"User-Agent": config.get("USER_AGENT")})
    try:
        with urllib.request.urlopen(request, timeout=config.getfloat("DOWNLOAD_TIMEOUT")) as response:
            body = response.read(config.getint("DOWNLOAD_MAXSIZE") + 1)
            final_url, content_type = response.geturl(), response.headers.get("Content-Type")
    except (OSError, ValueError) as exc:
        raise PageError(f"could not fetch {url}: {exc}") from exc
    if len(body) > config.getint("DOWNLOAD_MAXSIZE"):
        raise PageError(f"{url} is larger than DOWNLOAD_MAXSIZE")
    return Source(body, final_url, content_type)


def _canonical_link(raw: bytes) -> str | None:
    """The absolute canonical (or og:url) link a saved page names itself by."""
    try:
        tree = lxml_html.document_fromstring(raw)
    except (ValueError, lxml_html.etree.ParserError):
        return None
    found = tree.xpath("//link[@rel='canonical']/@href | //meta[@property='og:url']/@content")
    return next((str(u).strip() for u in found if str(u).strip().startswith(("http://", "https://"))), None)


def _config(configs: list[SiteConfig], name: str | None, url: str) -> SiteConfig | None:
    if name:
        return next((c for c in configs if c.name == name), None)
    return next((c for c in configs if site_of(url) in c.hosts), None)


def _with_learning(store: Store, site: str, url: str, options: ExtractOptions) -> ExtractOptions:
    config = settings()
    pages = store.observed_pages(site)
    if not pages:
        print(f"Site {site}: nothing learned yet (no page of it observed in the store)")
        return options
    floor = store.headline_floor(site, config.getint("NEWSBOT_SITE_LEARNING_HEADLINES"))
    learned = load_site(store, site, rules_from(config), floor)
    print(f"Site {site}: learned from {pages} pages: {len(learned.blocks)} boilerplate blocks, "
          f"{len(learned.headlines)} headlines")
    return replace(options, site_model=learned.model_for(url))
