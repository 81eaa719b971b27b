"""Is this page one article, or a page listing many (front, section, tag, author, search)?

No single signal decides: structured data and URLs are missing or misleading on many
sites, so each signal adds or subtracts a weight and the sum decides. Running text in the
extracted body is the strongest positive signal, which lets a page without any metadata
count as an article; many headline links and little prose mark a listing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from newsbot.extract import dom
from newsbot.extract.blocks import Block
from newsbot.extract.jsonld import ARTICLE_TYPES, LISTING_TYPES
from newsbot.extract.text import fold, is_truncated, word_count
from newsbot.urls import has_date_path, looks_like_listing

# Types that say nothing about the page kind when alone next to "website".
_NEUTRAL_TYPES = frozenset({"website", "organization", "newsmediaorganization", "breadcrumblist",
                            "person", "imageobject", "searchaction", "sitenavigationelement"})
_SENTENCE_RE = re.compile(r"[.!?…;:]")
_SLUG_WORD_RE = re.compile(r"[A-Za-z\u00c0-\uffff0-9]+")
_ARTICLE_ID_RE = re.compile(r"\d{5,}")
# Query parameters that name one post ("?p=5031", "?storyid=504"), not a results page.
_ARTICLE_QUERY_RE = re.compile(r"(?:^|&)(?:p|id|storyid|newsid|articleid|article_id|post)=\d+(?:&|$)",
                               re.IGNORECASE)
PROSE_BLOCK_MIN_WORDS = 12
PROSE_ROW_MIN_WORDS = 40
LINK_DENSE_PAGE = 0.6
HEADLINE_LINK_MIN_WORDS = 4
# The most the extracted body can add to a page's score (running text; see _body).
MAX_BODY_WEIGHT = 2.0

Weight = tuple[float, str] | None  # (weight, signal name), None when the signal is absent


@dataclass(frozen=True, slots=True)
class PageStats:
    """Link statistics of the whole page, measured before boilerplate removal, and the
    (folded) text of teaser groups the DOM pass left in place as the page's content."""

    link_density: float = 0.0
    headline_link_words: int = 0
    kept_teasers: str = ""


@dataclass(frozen=True, slots=True)
class Signals:
    """Everything the classifier weighs."""

    url: str
    jsonld_types: frozenset[str]
    og_type: str | None
    page: PageStats
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class Verdict:
    """The decision, its score, and each signal that fired as "name:+weight"."""

    is_article: bool
    score: float
    reasons: tuple[str, ...]


def page_stats(root: HtmlElement, index: dom.TreeIndex) -> PageStats:
    """Link density of the page and the words of its links that read like headlines."""
    body = root.find(".//body")
    scope = body if body is not None else root
    total = index.text_len(scope)
    if not total:
        return PageStats()
    links = [index.text(a) for a, _ in index.internal_links(scope)]
    headline_words = sum(n for n in map(word_count, links) if n >= HEADLINE_LINK_MIN_WORDS)
    return PageStats(min(1.0, sum(map(len, links)) / total), headline_words)


def classify(signals: Signals) -> Verdict:
    """Sum the weights of all signals; a positive sum is an article."""
    weighted = [w for w in (_structured(signals), _og(signals), *_url(signals.url),
                            *_body(signals)) if w is not None]
    score = sum(weight for weight, _ in weighted)
    return Verdict(score > 0, score, tuple(f"{reason}:{weight:+g}" for weight, reason in weighted))


def may_be_article(url: str, jsonld_types: frozenset[str], og_type: str | None) -> bool:
    """False when structured data, ``og:type`` and URL alone outweigh the most running text
    can add: then the page is no article whatever its body, which need not be extracted."""
    signals = Signals(url, jsonld_types, og_type, PageStats(), ())
    weights = [w for w in (_structured(signals), _og(signals), *_url(url)) if w is not None]
    return sum(weight for weight, _ in weights) + MAX_BODY_WEIGHT > 0


def _structured(signals: Signals) -> Weight:
    types = signals.jsonld_types
    if types & ARTICLE_TYPES:
        return 2.0, "jsonld-article"
    if types & LISTING_TYPES:
        return -2.0, "jsonld-listing"
    if "website" in types and types <= _NEUTRAL_TYPES:
        return -1.0, "jsonld-website-only"
    return None


def _og(signals: Signals) -> Weight:
    og = (signals.og_type or "").lower()
    if og.startswith("article"):
        return 1.0, "og-article"
    if og == "profile":
        return -2.0, "og-profile"
    if og == "website":
        return -0.5, "og-website"
    return None


def _url(url: str) -> tuple[Weight, ...]:
    parts = urlsplit(url)
    if _ARTICLE_QUERY_RE.search(parts.query):  # "/?p=5031", "/news.php?newsid=6486285"
        return ((0.5, "url-id"),)
    if parts.path in ("", "/"):
        return ((-3.0, "url-root"),)
    slug = parts.path.rstrip("/").rsplit("/", 1)[-1]
    return (
        (-2.0, "url-listing") if looks_like_listing(url) else None,
        (1.0, "url-date") if has_date_path(url) else None,
        (0.5, "url-slug") if len(_SLUG_WORD_RE.findall(slug)) >= 4 or _ARTICLE_ID_RE.search(slug) else None,
    )


@dataclass(frozen=True, slots=True)
class _BodyStats:
    prose_words: int
    prose_share_in_teasers: float  # of prose characters, the share quoting kept teasers
    truncated: int
    headings: int
    paragraphs: int
    blocks: int


def _body_stats(blocks: tuple[Block, ...], kept_teasers: str) -> _BodyStats:
    prose = [b for b in blocks if _is_prose(b)]
    prose_chars = sum(len(b.text) for b in prose)
    in_teasers = sum(len(b.text) for b in prose if kept_teasers and fold(b.text) in kept_teasers)
    return _BodyStats(
        prose_words=sum(word_count(b.text) for b in prose),
        prose_share_in_teasers=in_teasers / prose_chars if prose_chars else 0.0,
        truncated=sum(1 for b in blocks if is_truncated(b.text)),
        headings=sum(1 for b in blocks if b.kind == "head"),
        paragraphs=sum(1 for b in blocks if b.kind == "p"),
        blocks=len(blocks),
    )


def _body(signals: Signals) -> tuple[Weight, ...]:
    page = signals.page
    body = _body_stats(signals.blocks, page.kept_teasers)
    prose = body.prose_words
    return (
        (2.0, "prose") if prose >= 150 else (1.0, "some-prose") if prose >= 80
        else (-1.0, "little-prose") if prose < 40 else None,
        (-3.5, "teaser-list") if body.prose_share_in_teasers >= 0.5 else None,
        (-2.0, "teaser-excerpts") if body.truncated >= 3 and body.truncated >= 0.3 * body.blocks else None,
        (-1.5, "many-headings") if body.headings >= 4 and body.headings >= 0.5 * body.paragraphs else None,
        (-1.0, "link-dense-page") if page.link_density >= LINK_DENSE_PAGE else None,
        (-1.0, "headline-links") if page.headline_link_words > 2 * max(prose, 1) else None,
    )


def _is_prose(block: Block) -> bool:
    """Running text: a paragraph (or a layout table's long row) with sentences in it."""
    words = word_count(block.text)
    long_enough = words >= PROSE_BLOCK_MIN_WORDS if block.kind in ("p", "quote") else (
        block.kind == "row" and words >= PROSE_ROW_MIN_WORDS)
    return long_enough and bool(_SENTENCE_RE.search(block.text))
