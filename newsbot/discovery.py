"""Pure parsers for what leads to articles: feeds, sitemaps, robots.txt and page links.

XML is parsed with entity expansion, DTD loading and network access turned off, so a
feed or sitemap carrying an entity bomb is read as plain text, never expanded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from urllib.parse import urljoin

from lxml import etree
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml",
              "application/feed+json", "application/xml", "text/xml")
_XML_ROOT_RE = re.compile(rb"<(?:[\w-]+:)?(rss|feed|RDF|urlset|sitemapindex)[\s>/]")
_HTML_RE = re.compile(rb"<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", re.IGNORECASE)


class PageKind(str, Enum):
    """What a fetched response is, deciding how the spider reads it."""

    HTML = "html"
    FEED = "feed"
    SITEMAP = "sitemap"
    ROBOTS = "robots"
    OTHER = "other"


def detect_kind(url: str, content_type: str, body: bytes) -> PageKind:
    """Classify a response by its URL, declared type and the first bytes of its body."""
    if url.split("?", 1)[0].endswith("/robots.txt"):
        return PageKind.ROBOTS
    head = body[:2048].lstrip()
    root = _XML_ROOT_RE.search(head)
    if root and (head.startswith(b"<?xml") or head.startswith(b"<" + root.group(1)[:1])
                 or b"html" not in content_type.lower()):
        return PageKind.SITEMAP if root.group(1) in (b"urlset", b"sitemapindex") else PageKind.FEED
    if "html" in content_type.lower() or _HTML_RE.search(head):
        return PageKind.HTML
    return PageKind.OTHER


@dataclass(frozen=True)
class SitemapEntry:
    """One ``<loc>`` of a sitemap; ``is_sitemap`` when it names another sitemap."""

    url: str
    lastmod: str | None
    is_sitemap: bool


def sitemap_entries(body: bytes) -> list[SitemapEntry]:
    """The entries of a urlset or sitemap index (entities are never expanded)."""
    sitemap = Sitemap(body)
    nested = sitemap.type == "sitemapindex"
    if sitemap.type not in ("urlset", "sitemapindex"):
        return []
    entries = []
    for entry in sitemap:
        lastmod = entry.get("lastmod") or entry.get("publication_date") or None
        entries.append(SitemapEntry(entry["loc"], lastmod, nested))
    return entries


_SAFE_XML = dict(resolve_entities=False, no_network=True, load_dtd=False,
                 huge_tree=False, recover=True, remove_comments=True)


def feed_entries(body: bytes, base_url: str) -> list[str]:
    """Article links of an RSS 1/2 or Atom feed, in feed order."""
    try:
        root = etree.fromstring(body, etree.XMLParser(**_SAFE_XML))
    except etree.XMLSyntaxError:
        return []
    if root is None:
        return []
    links = []
    for item in root.iter("{*}item", "{*}entry"):
        href = _entry_link(item)
        if href:
            links.append(urljoin(base_url, href))
    return links


def _entry_link(item: etree._Element) -> str | None:
    for link in item.iterfind("{*}link"):
        if link.get("href") and link.get("rel", "alternate") == "alternate":
            return link.get("href").strip()
        if link.text and link.text.strip():
            return link.text.strip()
    guid = item.find("{*}guid")
    if guid is not None and guid.get("isPermaLink", "true") == "true" and guid.text:
        return guid.text.strip() if guid.text.strip().startswith("http") else None
    return None


def robots_sitemaps(text: str, base_url: str) -> list[str]:
    """The ``Sitemap:`` URLs a robots.txt lists."""
    return list(sitemap_urls_from_robots(text.encode("utf-8"), base_url=base_url))
