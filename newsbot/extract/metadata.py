"""Article metadata from JSON-LD, OpenGraph/``article:*`` and plain ``<meta>`` tags.

Each field is taken from the first source that has it, in the order of the tuples below:
structured data first, then the conventions CMSs follow, then the visible page.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import urljoin, urlsplit

from dateutil import parser as dateparser
from lxml import etree
from lxml.html import HtmlElement

from newsbot.extract import jsonld
from newsbot.extract.text import clean, fold
from newsbot.urls import canonicalize, same_site

PUBLISHED_META = (
    "article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
    "publish-date", "publish_date", "parsely-pub-date", "sailthru.date", "dc.date.issued",
    "dcterms.issued", "dc.date", "dcterms.created", "date", "release_date",
)
MODIFIED_META = (
    "article:modified_time", "og:updated_time", "datemodified", "dcterms.modified",
    "last-modified", "lastmod",
)
AUTHOR_META = ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator")
TAG_META = ("article:tag", "news_keywords", "keywords", "parsely-tags")
SECTION_META = ("article:section", "parsely-section", "section")
LANGUAGE_META = ("content-language", "language", "dc.language", "og:locale")

_AUTHOR_SPLIT_RE = re.compile(r"\s*(?:,|;|\||&|\band\b|\bund\b|\by\b|\bet\b)\s*")
_BYLINE_PREFIX_RE = re.compile(r"^(?:by|von|por|par|di|door|przez)\s+", re.IGNORECASE)
_TITLE_SEPARATOR_RE = re.compile(r"(\s+(?:\||–|—|-|·|»|::)\s+)")
_YEAR_RE = re.compile(r"(19|20)\d\d")
_MIN_YEAR, _MAX_YEAR = 1990, 2100
# The page's own statements, each read with one compiled query.
_META_TAGS = etree.XPath("//meta[@content]")
_JSONLD_SCRIPTS = etree.XPath('//script[contains(@type, "ld+json")]/text()', smart_strings=False)
_H1_TEXT = etree.XPath("//h1[1]//text()", smart_strings=False)
_TITLE_TEXT = etree.XPath("//title[1]//text()", smart_strings=False)
_HTML_LANG = etree.XPath("/html/@lang", smart_strings=False)
_CANONICAL_HREF = etree.XPath('//link[contains(concat(" ", normalize-space(@rel), " "), " canonical ")]/@href',
                              smart_strings=False)


@dataclass(slots=True)
class Metadata:
    """Everything the page says about itself, before the body is extracted."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    modified: str | None = None
    language: str | None = None
    site_name: str | None = None
    description: str | None = None
    image: str | None = None
    tags: list[str] = field(default_factory=list)
    section: str | None = None
    canonical_url: str = ""
    og_type: str | None = None
    jsonld_types: frozenset[str] = frozenset()
    locked: bool = False


@dataclass(slots=True)
class _Sources:
    """The raw material: meta tags by lowercased name, the article node, all JSON-LD nodes."""

    tree: HtmlElement
    meta: dict[str, list[str]]
    article: jsonld.Node
    nodes: list[jsonld.Node]
    index: dict[str, jsonld.Node]

    def meta_first(self, names: tuple[str, ...]) -> str | None:
        for name in names:
            for value in self.meta.get(name, ()):
                if value:
                    return value
        return None

    def meta_all(self, names: tuple[str, ...]) -> list[str]:
        return [value for name in names for value in self.meta.get(name, ()) if value]


def read_metadata(tree: HtmlElement, url: str) -> Metadata:
    """Metadata of the page at ``url``; fields the page does not state stay empty."""
    src = _sources(tree)
    site_name = src.meta_first(("og:site_name",)) or _publisher(src) or _website_name(src)
    return Metadata(
        title=_title(src, site_name, url),
        authors=_authors(src),
        published=_date(src.article.get("datePublished")) or _date(src.meta_first(PUBLISHED_META)),
        modified=_date(src.article.get("dateModified")) or _date(src.meta_first(MODIFIED_META)),
        language=_language(src),
        site_name=site_name,
        description=src.meta_first(("og:description", "description", "twitter:description"))
        or jsonld.first_text(src.article.get("description")),
        image=_image(src, url),
        tags=_tags(src),
        section=src.meta_first(SECTION_META) or jsonld.first_text(src.article.get("articleSection")),
        canonical_url=canonical_url(src.tree, url),
        og_type=(src.meta_first(("og:type",)) or "").lower() or None,
        jsonld_types=frozenset(t for node in src.nodes for t in jsonld.types_of(node)),
        locked=_locked(src),
    )


def _sources(tree: HtmlElement) -> _Sources:
    meta: dict[str, list[str]] = {}
    for tag in _META_TAGS(tree):
        attrs = tag.attrib
        key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or attrs.get("http-equiv")
        if key:
            meta.setdefault(key.strip().lower(), []).append(clean(attrs["content"]))
    nodes = jsonld.parse_blocks(_JSONLD_SCRIPTS(tree))
    article = next((n for n in nodes if jsonld.types_of(n) & jsonld.ARTICLE_TYPES), {})
    return _Sources(tree, meta, article, nodes, jsonld.id_index(nodes))


def _first(query: etree.XPath, tree: HtmlElement) -> str | None:
    found = query(tree)
    return found[0] if found else None


def _publisher(src: _Sources) -> str | None:
    found = jsonld.names(src.article.get("publisher"), src.index)
    return found[0] if found else None


def _website_name(src: _Sources) -> str | None:
    site = next((n for n in src.nodes if "website" in jsonld.types_of(n)), {})
    return jsonld.first_text(site.get("name"))


def _title(src: _Sources, site_name: str | None, url: str) -> str | None:
    candidates = (
        src.meta_first(("og:title", "twitter:title")),
        jsonld.first_text(src.article.get("headline")),
        clean(" ".join(_H1_TEXT(src.tree))),
        clean(" ".join(_TITLE_TEXT(src.tree))),
    )
    title = next((c for c in candidates if c), None)
    return strip_site_name(title, site_name, url) if title else None


def strip_site_name(title: str, site_name: str | None, url: str) -> str:
    """``"Headline | Site"`` -> ``"Headline"``: drop leading or trailing parts naming the site."""
    host = fold(urlsplit(url).hostname or "").replace(" ", "")
    site = fold(site_name or "")

    def names_site(part: str) -> bool:
        key = fold(part)
        return len(key) >= 3 and (key == site or key.replace(" ", "") in host)

    pieces = _TITLE_SEPARATOR_RE.split(title)  # text, separator, text, ...
    while len(pieces) > 1 and names_site(pieces[-1]):
        del pieces[-2:]
    while len(pieces) > 1 and names_site(pieces[0]):
        del pieces[:2]
    return "".join(pieces)


def _authors(src: _Sources) -> list[str]:
    raw = jsonld.names(src.article.get("author"), src.index)
    if not raw:
        raw = [part for value in src.meta_all(AUTHOR_META) if not _is_url(value)
               for part in _AUTHOR_SPLIT_RE.split(value)]
    return _unique(_BYLINE_PREFIX_RE.sub("", clean(name)) for name in raw if not _is_url(name))


def _tags(src: _Sources) -> list[str]:
    raw = src.meta_all(("article:tag",)) or _keyword_list(src.article.get("keywords"))
    if not raw:
        raw = [part for value in src.meta_all(TAG_META[1:]) for part in value.split(",")]
    return _unique(clean(tag) for tag in raw)


def _keyword_list(value: object) -> list[str]:
    if isinstance(value, str):
        return value.split(",")
    if isinstance(value, list):
        return [str(v) for v in value if isinstance(v, (str, int))]
    return []


def _language(src: _Sources) -> str | None:
    raw = (_first(_HTML_LANG, src.tree) or jsonld.first_text(src.article.get("inLanguage"))
           or src.meta_first(LANGUAGE_META))
    primary = re.split(r"[-_]", raw.strip())[0].lower() if raw else ""
    return primary if primary.isalpha() and 2 <= len(primary) <= 3 else None


def _image(src: _Sources, url: str) -> str | None:
    image = src.meta_first(("og:image", "og:image:url", "twitter:image")) or jsonld.url_of(
        src.article.get("image"))
    return urljoin(url, image) if image else None


def _locked(src: _Sources) -> bool:
    """The page declares that part of the article is behind a paywall."""
    parts = src.article.get("hasPart")
    parts = parts if isinstance(parts, list) else [parts]
    flags = [src.article.get("isAccessibleForFree")] + [
        p.get("isAccessibleForFree") for p in parts if isinstance(p, dict)]
    tier = (src.meta_first(("article:content_tier",)) or "").lower()
    return any(jsonld.is_false(flag) for flag in flags) or tier == "locked"


def canonical_url(tree: HtmlElement, url: str) -> str:
    """The page's ``rel=canonical`` if it is an http(s) URL of the same site, else ``url``.

    Either way in canonical form without tracking parameters.
    """
    for candidate in (_declared_canonical(tree, url), url):
        try:
            if candidate:
                return canonicalize(candidate)
        except ValueError:  # malformed URL: try the next one
            continue
    return url


def _declared_canonical(tree: HtmlElement, url: str) -> str | None:
    href = _first(_CANONICAL_HREF, tree)
    if not href or not href.strip():
        return None
    try:
        target = urljoin(url, href.strip())
        usable = urlsplit(target).scheme in ("http", "https") and same_site(url, target)
    except ValueError:
        return None
    return target if usable else None


def iso_date(value: str | None) -> str | None:
    """ISO 8601 form of a date or timestamp as pages write them, or None if it is not one."""
    text = (value or "").strip()
    if not _YEAR_RE.search(text):
        return None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        try:
            with warnings.catch_warnings():  # unknown zone names: the date is still right
                warnings.simplefilter("ignore", dateparser.UnknownTimezoneWarning)
                parsed = dateparser.parse(text)
        except (ValueError, OverflowError, TypeError):
            return None
    if not _MIN_YEAR <= parsed.year <= _MAX_YEAR:
        return None
    has_time = any(ch in text for ch in ":T") or parsed.time() != datetime.min.time()
    return parsed.isoformat() if has_time else date.isoformat(parsed.date())


def _date(value: object) -> str | None:
    return iso_date(value) if isinstance(value, str) else None


def _is_url(text: str) -> bool:
    return text.startswith(("http://", "https://", "/"))


def _unique(values: Iterable[str]) -> list[str]:
    """Non-empty values in first-seen order, case-insensitively deduplicated."""
    seen: dict[str, str] = {}
    for value in values:
        if value and value.casefold() not in seen:
            seen[value.casefold()] = value
    return list(seen.values())
