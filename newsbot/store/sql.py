"""The SQL store, written once for any DB-API connection whose dialect accepts it."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from newsbot.items import Article
from newsbot.store.base import ArticleFilter, RunRecord, SaveExtras, SaveOutcome, SeenArticle
from newsbot.store.schema import (
    ARTICLE_FIELDS,
    COLUMNS,
    RUN_COLUMNS,
    RUN_INDEXES,
    SCHEMA,
    article_to_row,
    pack_html,
    row_to_article,
    row_to_run,
    unpack_html,
)

if TYPE_CHECKING:
    from newsbot.extract.site_learning import Observation

# Parameters in one statement: SQLite's oldest limit, far below PostgreSQL's.
MAX_PARAMETERS = 999
# Stored pages read at once by iter_pages (their compressed HTML: a few megabytes).
PAGES_AT_ONCE = 200
_UPDATABLE = [f for f in COLUMNS if f != "canonical_url"]
# What re-running cleaning may change: not the identity, fetch or history of an article.
_RECLEANED = [f for f in ARTICLE_FIELDS
              if f not in ("url", "canonical_url", "site", "fetched_at", "revision", "duplicate_of")]


class SQLStore:
    """Articles, pages and runs in SQL tables; backends supply the connection and dialect."""

    serial = "INTEGER"
    blob = "BLOB"
    placeholder = "?"

    def __init__(self, connection: Any, *, keep_html: bool = True) -> None:
        self.conn = connection
        self.keep_html = keep_html
        with self._transaction():
            self._lock_schema()
            for statement in SCHEMA:
                self._execute(statement.format(serial=self.serial, blob=self.blob))
            self._add_run_columns()

    def _transaction(self) -> AbstractContextManager[Any]:
        """A transaction: committed when the block ends, rolled back when it raises."""
        return self.conn

    def _lock_schema(self) -> None:
        """Keep other processes out while the schema is created and migrated."""

    def _sql(self, statement: str) -> str:
        return statement.replace("?", self.placeholder)

    def _execute(self, statement: str, params: tuple | list = ()) -> Any:
        cursor = self.conn.cursor()
        cursor.execute(self._sql(statement), params)
        return cursor

    def _insert_rows(self, head: str, rows: Sequence[tuple], tail: str = "") -> list[tuple]:
        """INSERT ``rows`` in as few statements as the parameter limit allows; ``head`` is
        the statement up to VALUES, ``tail`` what follows the rows (ON CONFLICT, RETURNING).

        One statement of many rows costs the server one parse and one execution, where a
        row each costs one of each per row: site learning writes tens of rows a page.
        Returns the rows a RETURNING tail gives."""
        if not rows:
            return []
        width = len(rows[0])
        row_marks = "(" + ", ".join("?" * width) + ")"
        per_statement = max(1, MAX_PARAMETERS // width)
        returned: list[tuple] = []
        for start in range(0, len(rows), per_statement):
            chunk = rows[start:start + per_statement]
            cursor = self._execute(f"{head} VALUES {', '.join([row_marks] * len(chunk))} {tail}",
                                   [value for row in chunk for value in row])
            if "RETURNING" in tail:
                returned.extend(cursor.fetchall())
        return returned

    def _rows(self, statement: str, params: tuple | list = ()) -> Iterator[dict[str, Any]]:
        cursor = self._execute(statement, params)
        names = [d[0] for d in cursor.description]
        for values in cursor:
            yield dict(zip(names, values))

    def save_article(self, article: Article, html: str | None,
                     extras: SaveExtras = SaveExtras()) -> SaveOutcome:
        with self._transaction():
            if extras.is_copy is not None and article.duplicate_of is None:
                self._lock_bands(extras.band_keys)
                article.duplicate_of = self.find_copy(article, extras.band_keys, extras.is_copy)
            row = article_to_row(article, extras.etag, extras.last_modified)
            article_id = self._insert(row)
            if article_id is not None:
                outcome = SaveOutcome.NEW
            else:
                article_id, fingerprint, revision = self._execute(
                    "SELECT id, fingerprint, revision FROM articles WHERE canonical_url = ?",
                    (article.canonical_url,),
                ).fetchone()
                if fingerprint == article.fingerprint:
                    self._remember_urls(article_id, extras.url_keys)
                    return SaveOutcome.UNCHANGED
                self._keep_revision(article_id)
                article.revision = revision + 1
                article.modified = article.modified or article.fetched_at
                self._update(article_id, article_to_row(article, extras.etag, extras.last_modified))
                outcome = SaveOutcome.UPDATED
            if html is not None and self.keep_html:
                self._save_html(article_id, html)
            if extras.signature is not None:
                self._save_signature(article_id, extras.signature, extras.band_keys,
                                     fresh=outcome is SaveOutcome.NEW)
            self._remember_urls(article_id, extras.url_keys)
        return outcome

    def _lock_bands(self, band_keys: Sequence[int]) -> None:
        """Hold the article's LSH bands until the transaction ends, so that no other process
        stores a copy of the same story meanwhile (nothing to do where no other process
        writes: a SQLite file is one crawl's)."""

    def _insert(self, row: dict[str, object]) -> int | None:
        """Insert a new article; None when its canonical URL is stored already."""
        columns = ", ".join(COLUMNS)
        marks = ", ".join("?" for _ in COLUMNS)
        cursor = self._execute(
            f"INSERT INTO articles ({columns}) VALUES ({marks}) "
            "ON CONFLICT (canonical_url) DO NOTHING RETURNING id",
            [row[f] for f in COLUMNS],
        )
        found = cursor.fetchone()
        return None if found is None else int(found[0])

    def _update(self, article_id: int, row: dict[str, object]) -> None:
        assignments = ", ".join(f"{f} = ?" for f in _UPDATABLE)
        self._execute(
            f"UPDATE articles SET {assignments} WHERE id = ?",
            [row[f] for f in _UPDATABLE] + [article_id],
        )

    def _keep_revision(self, article_id: int) -> None:
        """Copy the stored version of an article into the revisions table."""
        self._execute(
            "INSERT INTO revisions (article_id, revision, title, text, fingerprint, modified, fetched_at) "
            "SELECT id, revision, title, text, fingerprint, modified, fetched_at FROM articles WHERE id = ? "
            "ON CONFLICT (article_id, revision) DO NOTHING",
            (article_id,),
        )

    def _save_html(self, article_id: int, html: str) -> None:
        self._execute(
            "INSERT INTO pages (article_id, html) VALUES (?, ?) "
            "ON CONFLICT (article_id) DO UPDATE SET html = excluded.html",
            (article_id, pack_html(html)),
        )

    def _save_signature(self, article_id: int, signature: bytes, band_keys: Sequence[int],
                        fresh: bool = False) -> None:
        """Store the signature and band keys of an article (``fresh``: a row just inserted,
        which has no bands to replace yet)."""
        self._execute(
            "INSERT INTO signatures (article_id, minhash) VALUES (?, ?) "
            "ON CONFLICT (article_id) DO UPDATE SET minhash = excluded.minhash",
            (article_id, signature),
        )
        if not fresh:
            self._execute("DELETE FROM lsh_bands WHERE article_id = ?", (article_id,))
        self._insert_rows("INSERT INTO lsh_bands (band_key, article_id)",
                          [(key, article_id) for key in band_keys], "ON CONFLICT DO NOTHING")

    def _remember_urls(self, article_id: int, url_keys: Sequence[str]) -> None:
        self._insert_rows("INSERT INTO seen_urls (url_key, article_id)",
                          [(key, article_id) for key in url_keys], "ON CONFLICT (url_key) DO NOTHING")

    def seen(self, url_key: str) -> SeenArticle | None:
        found = self._execute(
            "SELECT a.canonical_url, a.fetched_at, a.etag, a.last_modified, "
            "COALESCE(a.modified, a.published) FROM seen_urls s "
            "JOIN articles a ON a.id = s.article_id WHERE s.url_key = ?",
            (url_key,),
        ).fetchone()
        return SeenArticle(*found) if found else None

    def find_copy(self, article: Article, band_keys: Sequence[int],
                  is_copy: Callable[[bytes], bool]) -> str | None:
        found = self._execute(
            "SELECT canonical_url, duplicate_of FROM articles WHERE fingerprint = ? AND canonical_url <> ? "
            "ORDER BY id LIMIT 1",
            (article.fingerprint, article.canonical_url),
        ).fetchone()
        if found and (found[1] or found[0]) != article.canonical_url:
            return found[1] or found[0]
        if not band_keys:
            return None
        # Two steps, so that the store's size never decides the plan: a story shares no
        # band with any other most of the time, and then the band index alone answers.
        marks = ", ".join("?" for _ in band_keys)
        ids = [article_id for (article_id,) in self._execute(
            f"SELECT DISTINCT article_id FROM lsh_bands WHERE band_key IN ({marks})", list(band_keys),
        ).fetchall()]
        if not ids:
            return None
        marks = ", ".join("?" for _ in ids)
        candidates = self._execute(
            "SELECT a.canonical_url, a.duplicate_of, s.minhash FROM articles a "
            f"JOIN signatures s ON s.article_id = a.id WHERE a.id IN ({marks}) "
            "AND a.canonical_url <> ? ORDER BY a.id",
            [*ids, article.canonical_url],
        ).fetchall()
        for canonical_url, duplicate_of, minhash in candidates:
            story = duplicate_of or canonical_url
            if story != article.canonical_url and is_copy(bytes(minhash)):
                return story
        return None

    def replace_article(self, article: Article) -> None:
        row = article_to_row(article)
        assignments = ", ".join(f"{f} = ?" for f in _RECLEANED)
        with self._transaction():
            self._execute(
                f"UPDATE articles SET {assignments} WHERE canonical_url = ?",
                [row[f] for f in _RECLEANED] + [article.canonical_url],
            )

    @staticmethod
    def _where(where: ArticleFilter) -> tuple[str, list[object]]:
        clauses, params = [], []
        if not where.with_copies:
            clauses.append("duplicate_of IS NULL")
        if where.site:
            clauses.append("site = ?")
            params.append(where.site)
        if where.since:
            clauses.append("COALESCE(published, fetched_at) >= ?")
            params.append(where.since)
        if where.until:
            clauses.append("COALESCE(published, fetched_at) < ?")
            params.append(where.until)
        if where.fetched_until:
            clauses.append("COALESCE(fetched_at, '') <= ?")
            params.append(where.fetched_until)
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params

    def iter_articles(self, where: ArticleFilter = ArticleFilter()) -> Iterator[Article]:
        sql, params = self._where(where)
        for row in self._rows(f"SELECT * FROM articles{sql} ORDER BY id", params):
            yield row_to_article(row)

    def iter_pages(self, where: ArticleFilter = ArticleFilter()) -> Iterator[tuple[Article, str]]:
        """Read :data:`PAGES_AT_ONCE` rows at a time, by id: a large store's pages are never
        all in memory, and the caller may write (``reclean`` does) between two reads."""
        sql, params = self._where(where)
        sql = f"{sql} AND a.id > ?" if sql else " WHERE a.id > ?"
        query = (f"SELECT a.*, p.html AS html_blob FROM articles a JOIN pages p ON p.article_id = a.id{sql} "
                 "ORDER BY a.id LIMIT ?")
        after = 0
        while rows := list(self._rows(query, [*params, after, PAGES_AT_ONCE])):
            for row in rows:
                yield row_to_article(row), unpack_html(row["html_blob"])
            after = rows[-1]["id"]

    def count_articles(self, site: str | None = None) -> int:
        sql, params = self._where(ArticleFilter(site=site))
        return int(self._execute(f"SELECT COUNT(*) FROM articles{sql}", params).fetchone()[0])

    def start_run(self, spider: str, started_at: str, crawl: str | None = None) -> int:
        with self._transaction():
            cursor = self._execute(
                "INSERT INTO runs (spider, started_at, crawl) VALUES (?, ?, ?) RETURNING id",
                (spider, started_at, crawl),
            )
            return int(cursor.fetchone()[0])

    def finish_run(self, run_id: int, finished_at: str, stats: dict[str, object]) -> None:
        with self._transaction():
            self._execute(
                "UPDATE runs SET finished_at = ?, stats = ? WHERE id = ?",
                (finished_at, json.dumps(stats, default=str, sort_keys=True), run_id),
            )

    def _columns(self, table: str) -> set[str]:
        cursor = self._execute(f"SELECT * FROM {table} WHERE 1 = 0")
        cursor.fetchall()  # in a pipelined transaction the column names come with the results
        return {d[0] for d in cursor.description}

    def _add_run_columns(self) -> None:
        """Give a runs table made by an older newsbot the columns added since.

        Runs inside the schema transaction, under the schema lock, so it is safe to re-run
        and safe when several processes open the store at once.
        """
        present = self._columns("runs")
        for name, kind in RUN_COLUMNS:
            if name not in present:
                self._execute(f"ALTER TABLE runs ADD COLUMN {name} {kind}")
        for statement in RUN_INDEXES:
            self._execute(statement)

    def record_run_health(self, run_id: int, site: str | None, summary: dict[str, object],
                          reasons: Sequence[str]) -> None:
        with self._transaction():
            self._execute(
                "UPDATE runs SET site = ?, summary = ?, flagged = ?, reasons = ? WHERE id = ?",
                (site, json.dumps(summary, default=str, sort_keys=True), int(bool(reasons)),
                 json.dumps(list(reasons), ensure_ascii=False), run_id),
            )

    def recent_runs(self, site: str, limit: int = 10, before: int | None = None) -> list[RunRecord]:
        sql, params = "SELECT * FROM runs WHERE site = ? AND summary IS NOT NULL", [site]
        if before is not None:
            sql, params = sql + " AND id < ?", [*params, before]
        rows = self._rows(sql + " ORDER BY id DESC LIMIT ?", [*params, limit])
        return [row_to_run(row) for row in rows]

    def crawl_runs(self, crawls: Sequence[str]) -> list[RunRecord]:
        if not crawls:
            return []
        marks = ", ".join("?" * len(crawls))
        return [row_to_run(row) for row in self._rows(f"SELECT * FROM runs WHERE crawl IN ({marks}) ORDER BY id",
                                                      list(crawls))]

    def site_names(self) -> list[str]:
        rows = self._rows("SELECT DISTINCT site FROM articles WHERE site IS NOT NULL ORDER BY site")
        return [str(row["site"]) for row in rows]

    def observe_pages(self, site: str, observations: Sequence[Observation]) -> int:
        pages = list({o.page_key: o for o in reversed(observations)}.values())  # the first of a page
        if not pages:
            return 0
        with self._transaction():
            self._insert_rows(
                "INSERT INTO site_headlines (site, url_key, headline)",
                sorted({(site, key, headline) for page in pages for headline, key in page.headlines}),
                "ON CONFLICT DO NOTHING",
            )
            counted = {key for (key,) in self._insert_rows(
                "INSERT INTO site_pages (site, page_key)", [(site, page.page_key) for page in pages],
                "ON CONFLICT DO NOTHING RETURNING page_key",
            )}
            new = [page for page in pages if page.page_key in counted]
            places = Counter(place for page in new for place in page.places)
            blocks: dict[int, tuple[int, str]] = {}
            seen = Counter(key for page in new for key in page.block_keys)
            for page in new:
                for block in page.blocks:
                    blocks.setdefault(block.key, (block.place, block.text))
            # sorted keys: concurrent writers lock rows in one order, never in a cycle
            self._insert_rows(
                "INSERT INTO site_places (site, place_key, pages_seen)",
                [(site, place, places[place]) for place in sorted(places)],
                "ON CONFLICT (site, place_key) DO UPDATE SET pages_seen = site_places.pages_seen + excluded.pages_seen",
            )
            self._count_blocks(site, blocks, seen)
        return len(new)

    def _count_blocks(self, site: str, blocks: dict[int, tuple[int, str]], seen: Counter[int]) -> None:
        """Add the pages each block was seen on; a block's text is kept from its second page
        on, since most blocks are seen once."""
        counted = self._insert_rows(
            "INSERT INTO site_blocks (site, block_key, place_key, pages_seen, text)",
            [(site, key, place, seen[key], text if seen[key] > 1 else None)
             for key, (place, text) in sorted(blocks.items())],
            "ON CONFLICT (site, block_key) DO UPDATE SET pages_seen = site_blocks.pages_seen + excluded.pages_seen, "
            "text = COALESCE(site_blocks.text, excluded.text) RETURNING block_key, pages_seen, length(text)",
        )
        # Blocks seen once before and once now were stored without their text: add it.
        # (length(text), not `text IS NULL`: SQLite 3.40 gets the latter wrong in an
        # upsert's RETURNING clause.)
        for key, pages_seen, text_length in counted:
            if text_length is None and pages_seen > 1:
                self._execute("UPDATE site_blocks SET text = ? WHERE site = ? AND block_key = ?",
                              (blocks[key][1], site, key))

    def observed_pages(self, site: str) -> int:
        return int(self._execute("SELECT COUNT(*) FROM site_pages WHERE site = ?", (site,)).fetchone()[0])

    def site_blocks(self, site: str, min_pages: int) -> list[tuple[int, int, int, str]]:
        rows = self._execute(
            "SELECT b.block_key, b.pages_seen, p.pages_seen, b.text FROM site_blocks b "
            "JOIN site_places p ON p.site = b.site AND p.place_key = b.place_key "
            "WHERE b.site = ? AND b.pages_seen >= ? ORDER BY b.block_key",
            (site, min_pages),
        ).fetchall()
        return [(int(key), int(pages), int(place_pages), text or "") for key, pages, place_pages, text in rows]

    def site_headlines(self, site: str, after_id: int = 0) -> list[tuple[str, str]]:
        rows = self._execute(
            "SELECT DISTINCT h.headline, h.url_key FROM site_headlines h "
            "JOIN seen_urls s ON s.url_key = h.url_key "
            "WHERE h.site = ? AND s.article_id > ? ORDER BY h.url_key, h.headline",
            (site, after_id),
        ).fetchall()
        return [(str(headline), str(key)) for headline, key in rows]

    def headline_floor(self, site: str, newest: int) -> int:
        found = self._execute(
            "SELECT id FROM articles WHERE site = ? ORDER BY id DESC LIMIT 1 OFFSET ?", (site, newest),
        ).fetchone()
        return int(found[0]) if found else 0

    def stored_page(self, canonical_url: str) -> tuple[Article, str] | None:
        query = ("SELECT a.*, p.html AS html_blob FROM articles a JOIN pages p ON p.article_id = a.id "
                 "WHERE a.canonical_url = ?")
        rows = list(self._rows(query, (canonical_url,)))
        return (row_to_article(rows[0]), unpack_html(rows[0]["html_blob"])) if rows else None

    def close(self) -> None:
        self.conn.close()
