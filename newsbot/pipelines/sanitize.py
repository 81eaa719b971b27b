"""Make an article's strings safe to store and export, whatever the page put in them.

Pages carry control characters, lone UTF-16 surrogates (from ``\\ud83d`` escapes in
JSON-LD), NUL bytes and absurdly long titles or author lists. A lone surrogate cannot
be encoded as UTF-8, so it would fail the store's write and the JSON exports; the rest is
junk a reader never sees. :func:`sanitize_article` fixes all of it in place, and
:class:`SanitizePipeline` runs it between cleaning and the store.
"""

from __future__ import annotations

import logging
import re
from dataclasses import fields
from typing import Any

from scrapy.crawler import Crawler

from newsbot.items import Article, Page

logger = logging.getLogger(__name__)

# C0 and C1 controls and DEL; the body text keeps its newlines and tabs.
_CONTROLS_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LINE_CONTROLS_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_SPACES_RE = re.compile(r"[ \t]{2,}")

# Longest value kept per field (characters); longer ones are cut.
MAX_CHARS = {"title": 1000, "description": 5000, "site_name": 300, "section": 300,
             "language": 35, "image": 4096, "site": 300}
MAX_LIST_ITEMS = {"authors": 50, "tags": 100}
MAX_LIST_ITEM_CHARS = 300
MAX_URL_CHARS = 8192


def scrub(text: str, *, keep_lines: bool = False) -> str:
    """The text with lone surrogates replaced and control characters removed."""
    text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if keep_lines:
        return _CONTROLS_RE.sub("", text)
    return _SPACES_RE.sub(" ", _LINE_CONTROLS_RE.sub(" ", text)).strip()


def sanitize_article(article: Article) -> list[str]:
    """Fix the article's strings in place; returns the names of the fields that changed."""
    changed = []
    for spec in fields(article):
        value = getattr(article, spec.name)
        if isinstance(value, str):
            fixed = _field(spec.name, value)
        elif isinstance(value, list) and spec.name in MAX_LIST_ITEMS:
            items = [scrub(str(v))[:MAX_LIST_ITEM_CHARS] for v in value]
            fixed = [v for v in items if v][:MAX_LIST_ITEMS[spec.name]]
        else:
            continue
        if fixed != value:
            setattr(article, spec.name, fixed)
            changed.append(spec.name)
    if article.canonical_url != article.url and not _plausible_url(article.canonical_url):
        article.canonical_url = article.url
        changed.append("canonical_url")
    return changed


def _field(name: str, value: str) -> str:
    if name == "text":
        return scrub(value, keep_lines=True)
    if name in ("url", "canonical_url"):
        return value  # URLs are the store's keys: checked, never rewritten in part
    return scrub(value)[:MAX_CHARS.get(name, 10_000)]


def _plausible_url(url: str) -> bool:
    return (url.startswith(("http://", "https://")) and len(url) <= MAX_URL_CHARS
            and scrub(url) == url and " " not in url)


class SanitizePipeline:
    """Run :func:`sanitize_article` on each cleaned page's article (``newsbot/sanitized/<field>``)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "SanitizePipeline":
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        article = item.article if isinstance(item, Page) else item if isinstance(item, Article) else None
        if article is None:
            return item
        for name in sanitize_article(article):
            self.crawler.stats.inc_value(f"newsbot/sanitized/{name}")
            logger.debug("Sanitized the %s of %s", name, article.url)
        return item
