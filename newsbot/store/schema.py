"""Table layout shared by the SQL backends, and the article <-> row mapping."""

from __future__ import annotations

import json
import zlib
from dataclasses import asdict, fields

from newsbot.items import Article

ARTICLE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Article))
# Columns of the articles table: the item's fields, then the HTTP validators of the fetch.
COLUMNS: tuple[str, ...] = ARTICLE_FIELDS + ("etag", "last_modified")
LIST_FIELDS = frozenset({"authors", "tags"})
BOOL_FIELDS = frozenset({"paywalled"})

# Each statement runs on every open; written so that running it again changes nothing.
SCHEMA: tuple[str, ...] = (
    """CREATE TABLE IF NOT EXISTS articles (
        id {serial} PRIMARY KEY,
        canonical_url TEXT NOT NULL UNIQUE,
        url TEXT NOT NULL,
        site TEXT,
        title TEXT,
        text TEXT NOT NULL,
        authors TEXT NOT NULL,
        published TEXT,
        modified TEXT,
        language TEXT,
        site_name TEXT,
        description TEXT,
        image TEXT,
        tags TEXT NOT NULL,
        section TEXT,
        word_count INTEGER NOT NULL,
        fingerprint TEXT NOT NULL,
        fetched_at TEXT,
        paywalled INTEGER NOT NULL,
        revision INTEGER NOT NULL,
        duplicate_of TEXT,
        etag TEXT,
        last_modified TEXT
    )""",
    "CREATE INDEX IF NOT EXISTS articles_site ON articles (site, published)",
    "CREATE INDEX IF NOT EXISTS articles_fingerprint ON articles (fingerprint)",
    """CREATE TABLE IF NOT EXISTS pages (
        article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
        html {blob} NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS revisions (
        article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        revision INTEGER NOT NULL,
        title TEXT,
        text TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        modified TEXT,
        fetched_at TEXT,
        PRIMARY KEY (article_id, revision)
    )""",
    # Every URL key (see newsbot.urls.url_key) that led to a stored article.
    """CREATE TABLE IF NOT EXISTS seen_urls (
        url_key TEXT PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE
    )""",
    """CREATE TABLE IF NOT EXISTS signatures (
        article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
        minhash {blob} NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS lsh_bands (
        band_key TEXT NOT NULL,
        article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        PRIMARY KEY (band_key, article_id)
    )""",
    """CREATE TABLE IF NOT EXISTS runs (
        id {serial} PRIMARY KEY,
        spider TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        stats TEXT
    )""",
)


def article_to_row(article: Article, etag: str | None = None,
                   last_modified: str | None = None) -> dict[str, object]:
    """The column values of an article."""
    row = asdict(article) | {"etag": etag, "last_modified": last_modified}
    for name in LIST_FIELDS:
        row[name] = json.dumps(row[name], ensure_ascii=False)
    for name in BOOL_FIELDS:
        row[name] = int(bool(row[name]))
    return row


def row_to_article(row: dict[str, object]) -> Article:
    """The article a row of the articles table holds."""
    values = {name: row[name] for name in ARTICLE_FIELDS}
    for name in LIST_FIELDS:
        values[name] = json.loads(str(values[name]))
    for name in BOOL_FIELDS:
        values[name] = bool(values[name])
    return Article(**values)  # type: ignore[arg-type]


def pack_html(html: str) -> bytes:
    """Compressed HTML as kept in the pages table."""
    return zlib.compress(html.encode("utf-8"), 6)


def unpack_html(blob: bytes) -> str:
    """The HTML a pages row holds."""
    return zlib.decompress(bytes(blob)).decode("utf-8")
