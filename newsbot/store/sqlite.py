"""SQLite backend: one file in WAL mode, the default store."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from newsbot.store.sql import SQLStore

WAL_CHECKPOINT_PAGES = 10_000  # SQLite's default: 1,000


def sqlite_path(url: str) -> Path:
    """The file a ``sqlite:///relative/path`` or ``sqlite:////absolute/path`` URL names."""
    if not url.startswith("sqlite:///"):
        raise ValueError(f"not a SQLite store URL: {url!r} (expected sqlite:///PATH)")
    path = url[len("sqlite:///"):]
    if not path:
        raise ValueError("the SQLite store URL names no file")
    return Path(path)


class SQLiteStore(SQLStore):
    """Articles in a SQLite file, WAL-journaled so readers never block the crawl."""

    @classmethod
    def from_url(cls, url: str, *, keep_html: bool = True) -> "SQLiteStore":
        path = sqlite_path(url)
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=30)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        # The WAL is copied back into the file (and both synced) every this many pages: each
        # article's save touches some 35 pages, most of them index pages shared with later
        # saves, so a tenfold longer WAL copies and syncs far fewer pages in all (40 MB at most).
        conn.execute(f"PRAGMA wal_autocheckpoint={WAL_CHECKPOINT_PAGES}")
        conn.execute("PRAGMA foreign_keys=ON")
        return cls(conn, keep_html=keep_html)

    def _lock_schema(self) -> None:
        """Take the write lock before the schema is read: another process opening a file made
        by an older newsbot at the same moment waits, then finds the columns already added."""
        self._execute("BEGIN IMMEDIATE")
