"""The SQL store, written once for any DB-API connection whose dialect accepts it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from newsbot.items import Article
from newsbot.store.base import ArticleFilter, SaveOutcome
from newsbot.store.schema import (
    ARTICLE_FIELDS,
    SCHEMA,
    article_to_row,
    pack_html,
    row_to_article,
    unpack_html,
)

_UPDATABLE = [f for f in ARTICLE_FIELDS if f != "canonical_url"]


class SQLStore:
    """Articles, pages and runs in SQL tables; backends supply the connection and dialect."""

    serial = "INTEGER"
    blob = "BLOB"
    placeholder = "?"

    def __init__(self, connection: Any, *, keep_html: bool = True) -> None:
        self.conn = connection
        self.keep_html = keep_html
        with self.conn:
            for statement in SCHEMA:
                self._execute(statement.format(serial=self.serial, blob=self.blob))

    def _sql(self, statement: str) -> str:
        return statement.replace("?", self.placeholder)

    def _execute(self, statement: str, params: tuple | list = ()) -> Any:
        cursor = self.conn.cursor()
        cursor.execute(self._sql(statement), params)
        return cursor

    def _rows(self, statement: str, params: tuple | list = ()) -> Iterator[dict[str, Any]]:
        cursor = self._execute(statement, params)
        names = [d[0] for d in cursor.description]
        for values in cursor:
            yield dict(zip(names, values))

    def save_article(self, article: Article, html: str | None) -> SaveOutcome:
        row = article_to_row(article)
        with self.conn:
            article_id = self._insert(row)
            if article_id is not None:
                outcome = SaveOutcome.NEW
            else:
                article_id, fingerprint = self._execute(
                    "SELECT id, fingerprint FROM articles WHERE canonical_url = ?",
                    (article.canonical_url,),
                ).fetchone()
                if fingerprint == article.fingerprint:
                    return SaveOutcome.UNCHANGED
                self._update(article_id, row)
                outcome = SaveOutcome.UPDATED
            if html is not None and self.keep_html:
                self._save_html(article_id, html)
        return outcome

    def _insert(self, row: dict[str, object]) -> int | None:
        """Insert a new article; None when its canonical URL is stored already."""
        columns = ", ".join(ARTICLE_FIELDS)
        marks = ", ".join("?" for _ in ARTICLE_FIELDS)
        cursor = self._execute(
            f"INSERT INTO articles ({columns}) VALUES ({marks}) "
            "ON CONFLICT (canonical_url) DO NOTHING RETURNING id",
            [row[f] for f in ARTICLE_FIELDS],
        )
        found = cursor.fetchone()
        return None if found is None else int(found[0])

    def _update(self, article_id: int, row: dict[str, object]) -> None:
        assignments = ", ".join(f"{f} = ?" for f in _UPDATABLE)
        self._execute(
            f"UPDATE articles SET {assignments} WHERE id = ?",
            [row[f] for f in _UPDATABLE] + [article_id],
        )

    def _save_html(self, article_id: int, html: str) -> None:
        self._execute(
            "INSERT INTO pages (article_id, html) VALUES (?, ?) "
            "ON CONFLICT (article_id) DO UPDATE SET html = excluded.html",
            (article_id, pack_html(html)),
        )

    def replace_article(self, article: Article) -> None:
        row = article_to_row(article)
        assignments = ", ".join(f"{f} = ?" for f in _UPDATABLE if f != "fetched_at")
        with self.conn:
            self._execute(
                f"UPDATE articles SET {assignments} WHERE canonical_url = ?",
                [row[f] for f in _UPDATABLE if f != "fetched_at"] + [article.canonical_url],
            )

    @staticmethod
    def _where(where: ArticleFilter) -> tuple[str, list[object]]:
        clauses, params = [], []
        if where.site:
            clauses.append("site = ?")
            params.append(where.site)
        if where.since:
            clauses.append("COALESCE(published, fetched_at) >= ?")
            params.append(where.since)
        if where.until:
            clauses.append("COALESCE(published, fetched_at) < ?")
            params.append(where.until)
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params

    def iter_articles(self, where: ArticleFilter = ArticleFilter()) -> Iterator[Article]:
        sql, params = self._where(where)
        for row in self._rows(f"SELECT * FROM articles{sql} ORDER BY id", params):
            yield row_to_article(row)

    def iter_pages(self, where: ArticleFilter = ArticleFilter()) -> Iterator[tuple[Article, str]]:
        sql, params = self._where(where)
        query = f"SELECT a.*, p.html AS html_blob FROM articles a JOIN pages p ON p.article_id = a.id{sql} ORDER BY a.id"
        for row in list(self._rows(query, params)):
            yield row_to_article(row), unpack_html(row["html_blob"])

    def count_articles(self, site: str | None = None) -> int:
        sql, params = self._where(ArticleFilter(site=site))
        return int(self._execute(f"SELECT COUNT(*) FROM articles{sql}", params).fetchone()[0])

    def start_run(self, spider: str, started_at: str) -> int:
        with self.conn:
            cursor = self._execute(
                "INSERT INTO runs (spider, started_at) VALUES (?, ?) RETURNING id",
                (spider, started_at),
            )
            return int(cursor.fetchone()[0])

    def finish_run(self, run_id: int, finished_at: str, stats: dict[str, object]) -> None:
        with self.conn:
            self._execute(
                "UPDATE runs SET finished_at = ?, stats = ? WHERE id = ?",
                (finished_at, json.dumps(stats, default=str, sort_keys=True), run_id),
            )

    def close(self) -> None:
        self.conn.close()
