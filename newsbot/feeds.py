"""JSON Feed 1.1 (https://jsonfeed.org/version/1.1) for people and programs to subscribe to.

- :class:`JSONFeedItemExporter`: the ``jsonfeed`` format of Scrapy's feed exports
  (``scrapy crawl news -O site.json:jsonfeed``).
- :func:`write_site_feeds`: one rolling feed per site, its newest articles from the store,
  each file replaced atomically (``python -m newsbot feeds``, and after every scheduled run).

A field with no value is left out, never written as null.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import os
import re
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from itemadapter import ItemAdapter
from scrapy.exporters import BaseItemExporter

from newsbot.items import Article
from newsbot.store.base import ArticleFilter, Store

VERSION = "https://jsonfeed.org/version/1.1"
LANGUAGE_RE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
UNSAFE_NAME_RE = re.compile(r"[^A-Za-z0-9._-]+")


def rfc3339(value: str | None) -> str | None:
    """An ISO 8601 date or time as RFC 3339 (naive taken as UTC); None when unreadable."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.isoformat(timespec="seconds")


def _web_url(value: Any) -> str | None:
    return value if isinstance(value, str) and urlsplit(value).scheme in ("http", "https") else None


def _present(values: Mapping[str, Any]) -> dict[str, Any]:
    """The entries that have a value."""
    return {k: v for k, v in values.items() if v not in (None, "", [], {})}


def feed_item(article: Mapping[str, Any]) -> dict[str, Any] | None:
    """The JSON Feed item of an article (as a mapping of its fields); None without a URL."""
    url = _web_url(article.get("canonical_url")) or _web_url(article.get("url"))
    if url is None:
        return None
    language = article.get("language")
    item = _present({
        "id": url,
        "url": url,
        "title": article.get("title"),
        "summary": article.get("description"),
        "image": _web_url(article.get("image")),
        "date_published": rfc3339(article.get("published")),
        "date_modified": rfc3339(article.get("modified")),
        "authors": [{"name": name.strip()} for name in article.get("authors") or () if name and name.strip()],
        "tags": [tag for tag in article.get("tags") or () if tag],
        "language": language if isinstance(language, str) and LANGUAGE_RE.match(language) else None,
        "_newsbot": _present({key: article.get(key) for key in ("site", "section", "word_count", "paywalled")}),
    })
    item["content_text"] = article.get("text") or ""  # content_text or content_html is required
    return item


def feed_document(items: list[dict[str, Any]], title: str, home_page_url: str | None = None,
                  feed_url: str | None = None, description: str | None = None) -> dict[str, Any]:
    """A whole JSON Feed."""
    head = _present({"version": VERSION, "title": title, "home_page_url": _web_url(home_page_url),
                     "feed_url": _web_url(feed_url), "description": description})
    return {**head, "items": items}


def _home_page(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/"


class JSONFeedItemExporter(BaseItemExporter):
    """Scrapy feed exporter writing a JSON Feed 1.1 document, one item per line.

    Feed options (``FEEDS`` ``item_export_kwargs``): ``title``, ``home_page_url``,
    ``feed_url``, ``description``. By default the title is the first article's site name
    and the home page the origin of its URL.
    """

    def __init__(self, file: IO[bytes], *, title: str | None = None, home_page_url: str | None = None,
                 feed_url: str | None = None, description: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.file = file
        self.encoding = self.encoding or "utf-8"
        self.head = _present({"title": title, "home_page_url": _web_url(home_page_url),
                              "feed_url": _web_url(feed_url), "description": description})
        self.first: Mapping[str, Any] | None = None

    def _write(self, text: str) -> None:
        self.file.write(text.encode(self.encoding))

    def start_exporting(self) -> None:
        # The object is left open: items stream in, and what they tell comes after them.
        head = json.dumps({"version": VERSION, **self.head}, ensure_ascii=False)
        self._write(head[:-1] + ', "items": [')

    def export_item(self, item: Any) -> None:
        fields = ItemAdapter(item).asdict()
        entry = feed_item(fields)
        if entry is None:
            return
        self._write(("\n" if self.first is None else ",\n") + json.dumps(entry, ensure_ascii=False))
        self.first = self.first or fields

    def finish_exporting(self) -> None:
        tail: dict[str, Any] = {}
        first = self.first or {}
        if "title" not in self.head:
            tail["title"] = first.get("site_name") or first.get("site") or "newsbot"
        if "home_page_url" not in self.head and self.first:
            tail["home_page_url"] = _home_page(feed_item(first)["url"])
        self._write("\n]" + (", " + json.dumps(tail, ensure_ascii=False)[1:] if tail else "}") + "\n")


def safe_name(site: str) -> str:
    """A site name fit for a file name: letters, digits, ``.-_`` only, no path, not hidden.

    A name that had to change gets a short hash of the original, so two sites never share one.
    """
    stem = UNSAFE_NAME_RE.sub("-", site).strip(".-")[:80] or "site"
    if stem != site:
        stem += "-" + hashlib.sha1(site.encode("utf-8")).hexdigest()[:8]
    return stem


def feed_filename(site: str) -> str:
    """The file name of a site's rolling feed."""
    return f"{safe_name(site)}.json"


def write_atomically(path: Path, data: bytes) -> bool:
    """Replace ``path`` with ``data`` so a reader never sees half a file; False when it held
    ``data`` already (left untouched, its time kept for HTTP caches)."""
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)
    return True


def newest_articles(store: Store, site: str, limit: int) -> list[Article]:
    """The site's ``limit`` newest stored articles (by publication, else fetch), newest first."""
    times = ((_utc_key(a), a.fetched_at or "", i, a)
             for i, a in enumerate(store.iter_articles(ArticleFilter(site=site))))
    return [entry[-1] for entry in heapq.nlargest(limit, times)]


def _utc_key(article: Article) -> float:
    stamp = rfc3339(article.published or article.fetched_at)
    return datetime.fromisoformat(stamp).timestamp() if stamp else 0.0


def site_feed(site: str, articles: list[Article], feed_url: str | None = None) -> dict[str, Any]:
    """The rolling feed of a site from its newest articles."""
    items = [entry for entry in (feed_item(asdict(a)) for a in articles) if entry]
    newest = articles[0] if articles else None
    title = (newest.site_name if newest and newest.site_name else site)
    home = _home_page(items[0]["url"]) if items else None
    return feed_document(items, title, home, feed_url,
                         description=f"The newest articles of {site}, collected by newsbot")


def write_site_feeds(store: Store, folder: Path, limit: int, base_url: str = "",
                     sites: Iterable[str] | None = None) -> dict[str, Path]:
    """Write the rolling feed of each site (every site in the store by default); returns
    the file of each site."""
    written = {}
    for site in (store.site_names() if sites is None else sites):
        name = feed_filename(site)
        feed_url = f"{base_url.rstrip('/')}/{name}" if base_url else None
        document = site_feed(site, newest_articles(store, site, limit), feed_url)
        data = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
        write_atomically(folder / name, data)
        written[site] = folder / name
    return written
