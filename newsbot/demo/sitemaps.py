"""robots.txt and the sitemaps it points to.

``/sitemap.xml`` is an index of four sitemaps: site pages, the newer half of the
articles (plain XML), the older half (gzipped) and a Google News sitemap of the newest
articles. The two post sitemaps together list every article and wire copy. Each
``<lastmod>`` is the newest modification time of what the entry stands for.
"""

from __future__ import annotations

import gzip
from datetime import datetime
from html import escape

from newsbot.demo.content import Catalogue, DemoArticle
from newsbot.demo.people import SITE_NAME
from newsbot.demo.theme import STATIC_PAGES

DISALLOWED = ("/private/", "/wp-admin/")
NEWS_SITEMAP_SIZE = 20
URLSET = '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
SITEMAPS = ("/sitemap-pages.xml", "/sitemap-posts.xml", "/sitemap-posts-archive.xml.gz",
            "/news-sitemap.xml")


def robots_txt(base: str) -> bytes:
    rules = "".join(f"Disallow: {path}\n" for path in DISALLOWED)
    return (f"User-agent: *\n{rules}Allow: /wp-admin/admin-ajax.php\n\n"
            f"Sitemap: {base}/sitemap.xml\n").encode("ascii")


def sitemap(base: str, catalogue: Catalogue, path: str) -> bytes | None:
    """The sitemap at ``path`` (one of ``/sitemap.xml`` and :data:`SITEMAPS`), or None."""
    if path == "/sitemap.xml":
        return _index(base, catalogue)
    if path not in SITEMAPS:
        return None
    if path == "/news-sitemap.xml":
        return _news(base, catalogue.listed[:NEWS_SITEMAP_SIZE])
    if path == "/sitemap-pages.xml":
        return _urlset(_page_entries(base, catalogue))
    newer, older = _halves(catalogue)
    if path == "/sitemap-posts.xml":
        return _urlset(_post_entries(base, newer))
    return gzip.compress(_urlset(_post_entries(base, older)), mtime=0)


def _halves(catalogue: Catalogue) -> tuple[list[DemoArticle], list[DemoArticle]]:
    middle = (len(catalogue.listed) + 1) // 2
    return catalogue.listed[:middle], catalogue.listed[middle:]


def _newest(articles: list[DemoArticle]) -> str:
    """The latest ``last_modified`` of ``articles`` ("" for none)."""
    return max((a.last_modified for a in articles), key=datetime.fromisoformat, default="")


def _index(base: str, catalogue: Catalogue) -> bytes:
    newer, older = _halves(catalogue)
    lastmods = (_newest(catalogue.listed), _newest(newer), _newest(older),
                _newest(catalogue.listed[:NEWS_SITEMAP_SIZE]))
    entries = "".join(f"<sitemap><loc>{base}{path}</loc><lastmod>{lastmod}</lastmod></sitemap>\n"
                      for path, lastmod in zip(SITEMAPS, lastmods))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{entries}</sitemapindex>\n'
            ).encode()


def _urlset(entries: list[tuple[str, str]]) -> bytes:
    urls = "".join(f"<url><loc>{escape(loc)}</loc><lastmod>{lastmod}</lastmod></url>\n"
                   for loc, lastmod in entries)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{URLSET}>\n{urls}</urlset>\n'.encode()


def _post_entries(base: str, articles: list[DemoArticle]) -> list[tuple[str, str]]:
    return [(base + a.url_path, a.last_modified) for a in articles]


def _page_entries(base: str, catalogue: Catalogue) -> list[tuple[str, str]]:
    newest = _newest(catalogue.listed)
    paths = ["/", *(f"/section/{slug}/" for slug in catalogue.by_section), *STATIC_PAGES]
    return [(base + path, newest) for path in paths]


def _news(base: str, articles: list[DemoArticle]) -> bytes:
    urls = "".join(
        f"<url><loc>{base}{a.url_path}</loc><news:news><news:publication><news:name>{SITE_NAME}"
        "</news:name><news:language>en</news:language></news:publication>"
        f"<news:publication_date>{a.published}</news:publication_date>"
        f"<news:title>{escape(a.title)}</news:title></news:news></url>\n"
        for a in articles
    )
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n{URLSET}\n'
            f'        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n{urls}</urlset>\n'
            ).encode()
