"""Table layout shared by the SQL backends, and the article <-> row mapping."""

from __future__ import annotations

import json
import zlib
from dataclasses import asdict, fields

from isal import isal_zlib

from newsbot.items import Article
from newsbot.store.base import RunRecord

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
        band_key BIGINT NOT NULL,
        article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        PRIMARY KEY (band_key, article_id)
    )""",
    "CREATE INDEX IF NOT EXISTS lsh_bands_article ON lsh_bands (article_id)",
    """CREATE TABLE IF NOT EXISTS runs (
        id {serial} PRIMARY KEY,
        spider TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        stats TEXT
    )""",
    # Site-level learning (newsbot.extract.site_learning): the pages of each site counted
    # once each (by the URL key of their canonical URL), how many of them have each block
    # place (DOM path) and each block (the same text at the same place), and the headlines
    # the site's titles and links give its pages.
    """CREATE TABLE IF NOT EXISTS site_pages (
        site TEXT NOT NULL,
        page_key TEXT NOT NULL,
        PRIMARY KEY (site, page_key)
    )""",
    """CREATE TABLE IF NOT EXISTS site_places (
        site TEXT NOT NULL,
        place_key BIGINT NOT NULL,
        pages_seen INTEGER NOT NULL,
        PRIMARY KEY (site, place_key)
    )""",
    """CREATE TABLE IF NOT EXISTS site_blocks (
        site TEXT NOT NULL,
        block_key BIGINT NOT NULL,
        place_key BIGINT NOT NULL,
        pages_seen INTEGER NOT NULL,
        text TEXT,
        PRIMARY KEY (site, block_key)
    )""",
    "CREATE INDEX IF NOT EXISTS site_blocks_seen ON site_blocks (site, pages_seen)",
    """CREATE TABLE IF NOT EXISTS site_headlines (
        site TEXT NOT NULL,
        url_key TEXT NOT NULL,
        headline TEXT NOT NULL,
        PRIMARY KEY (site, url_key, headline)
    )""",
)

# Columns the runs table gained after its first release. A store adds those its table
# lacks when it opens (ALTER TABLE ... ADD COLUMN: the same SQL in every backend).
RUN_COLUMNS: tuple[tuple[str, str], ...] = (
    ("site", "TEXT"),  # the site the run crawled (sites joined by "," when several)
    ("summary", "TEXT"),  # JSON of newsbot.health.RunSummary
    ("flagged", "INTEGER"),  # 1 when the health checks flagged the run
    ("reasons", "TEXT"),  # JSON list of why
    ("crawl", "TEXT"),  # the shared crawl the process took part in (newsbot.frontier); NULL: alone
)
RUN_INDEXES: tuple[str, ...] = ("CREATE INDEX IF NOT EXISTS runs_site ON runs (site, id)",
                                "CREATE INDEX IF NOT EXISTS runs_crawl ON runs (crawl)")


def row_to_run(row: dict[str, object]) -> RunRecord:
    """The run a row of the runs table holds."""
    return RunRecord(
        id=int(row["id"]), spider=str(row["spider"]), site=row["site"],
        started_at=str(row["started_at"]), finished_at=row["finished_at"],
        summary=json.loads(str(row["summary"])) if row["summary"] else {},
        flagged=bool(row["flagged"]), reasons=tuple(json.loads(str(row["reasons"] or "[]"))),
        crawl=row["crawl"],
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
    """Compressed HTML as kept in the pages table: zlib's format, written by ISA-L at its
    level 1, five times as fast as zlib's own level 1 for a smaller blob (the crawl thread
    compresses every page it stores)."""
    return isal_zlib.compress(html.encode("utf-8"), 1)


def unpack_html(blob: bytes) -> str:
    """The HTML a pages row holds."""
    return zlib.decompress(bytes(blob)).decode("utf-8")
