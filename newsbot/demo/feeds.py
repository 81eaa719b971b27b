"""RSS 2.0 and Atom feeds of the newest articles, site-wide and per section."""

from __future__ import annotations

from datetime import datetime
from email.utils import format_datetime
from html import escape

from newsbot.demo.content import DemoArticle, slugify
from newsbot.demo.links import article_url
from newsbot.demo.people import SITE_NAME

FEED_SIZE = 20
TAGLINE = "News from the north, since 1887"


def rss(base: str, articles: list[DemoArticle], title: str, self_path: str, home_path: str) -> bytes:
    """An RSS 2.0 feed as WordPress writes it (item links carry ``utm_source=rss``)."""
    newest = articles[:FEED_SIZE]
    items = "\n".join(_rss_item(base, a) for a in newest)
    built = _rfc822(newest[0].last_modified) if newest else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">\n'
        f"<channel>\n<title>{escape(title)}</title>\n"
        f'<atom:link href="{base}{self_path}" rel="self" type="application/rss+xml"/>\n'
        f"<link>{base}{home_path}</link>\n<description>{TAGLINE}</description>\n"
        f"<lastBuildDate>{built}</lastBuildDate>\n<language>en-GB</language>\n"
        f"<generator>https://wordpress.org/?v=6.5.2</generator>\n{items}\n</channel>\n</rss>\n"
    ).encode()


def atom(base: str, articles: list[DemoArticle], title: str, self_path: str, home_path: str) -> bytes:
    """An Atom 1.0 feed with canonical entry links."""
    newest = articles[:FEED_SIZE]
    entries = "\n".join(_atom_entry(base, a) for a in newest)
    updated = newest[0].last_modified if newest else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-GB">\n'
        f"<title>{escape(title)}</title>\n<subtitle>{TAGLINE}</subtitle>\n<updated>{updated}</updated>\n"
        f"<id>{base}{self_path}</id>\n"
        f'<link rel="alternate" type="text/html" href="{base}{home_path}"/>\n'
        f'<link rel="self" type="application/atom+xml" href="{base}{self_path}"/>\n{entries}\n</feed>\n'
    ).encode()


def feed_title(section: str | None) -> str:
    return f"{SITE_NAME} » {section}" if section else SITE_NAME


def _rfc822(iso: str) -> str:
    return format_datetime(datetime.fromisoformat(iso))


def _rss_item(base: str, article: DemoArticle) -> str:
    categories = "".join(f"<category>{escape(name)}</category>" for name in [article.section, *article.tags])
    return (
        f"<item><title>{escape(article.title)}</title>"
        f"<link>{escape(article_url(base, article, 'rss'))}</link>"
        f"<comments>{base}{article.url_path}#comments</comments>"
        f"<dc:creator>{escape(', '.join(article.authors))}</dc:creator>"
        f"<pubDate>{_rfc822(article.published)}</pubDate>{categories}"
        f'<guid isPermaLink="false">{base}/?p={article.post_id}</guid>'
        f"<description>{escape(article.excerpt)}</description></item>"
    )


def _atom_entry(base: str, article: DemoArticle) -> str:
    authors = "".join(f"<author><name>{escape(name)}</name><uri>{base}/author/{slugify(name)}/</uri></author>"
                      for name in article.authors)
    return (
        f"<entry>{authors}<title type=\"html\">{escape(article.title)}</title>"
        f'<link rel="alternate" type="text/html" href="{base}{article.url_path}"/>'
        f"<id>{base}/?p={article.post_id}</id><updated>{article.last_modified}</updated>"
        f"<published>{article.published}</published>"
        f'<category scheme="{base}" term="{escape(article.section)}"/>'
        f'<summary type="html">{escape(article.excerpt)}</summary></entry>'
    )
