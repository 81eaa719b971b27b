"""Reruns, interrupted runs and updates: crawls of the demo site into one store."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import time
from urllib.parse import urlsplit

import pytest

from newsbot.demo.site import DemoSite
from tests.conftest import DemoServer, crawl_command, crawl_env, run_crawl

ARTICLES = len(DemoSite().articles)


def stored_count(db_path) -> int:
    if not db_path.exists():
        return 0
    try:
        with sqlite3.connect(db_path, timeout=5) as conn:
            return conn.execute("SELECT COUNT(*) FROM articles WHERE duplicate_of IS NULL").fetchone()[0]
    except sqlite3.OperationalError:  # tables not made yet
        return 0


def crawl_until(tmp_path, url: str, stop: signal.Signals, stored: int, settings: dict[str, str]) -> None:
    """Start a crawl and stop it with ``stop`` once ``stored`` articles are in the store."""
    cmd = crawl_command(tmp_path, f"urls={url}", settings=settings)
    proc = subprocess.Popen(cmd, cwd=tmp_path, env=crawl_env(), stdout=subprocess.DEVNULL,
                            stderr=open(tmp_path / "interrupted.log", "w"))
    deadline = time.monotonic() + 120
    while stored_count(tmp_path / "store.db") < stored and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(stop)
    proc.wait(timeout=120)


def assert_every_article_once(tmp_path) -> None:
    with sqlite3.connect(tmp_path / "store.db") as conn:
        rows = conn.execute("SELECT canonical_url FROM articles WHERE duplicate_of IS NULL").fetchall()
    assert len(rows) == len(set(rows)) == ARTICLES


SLOW = {"NEWSBOT_EXTRACT_WORKERS": "0", "CONCURRENT_REQUESTS": "2"}


def test_kill_9_mid_crawl_then_rerun(demo_server, tmp_path):
    crawl_until(tmp_path, demo_server.url, signal.SIGKILL, ARTICLES // 3, SLOW)
    assert 0 < stored_count(tmp_path / "store.db") < ARTICLES
    rerun = run_crawl(tmp_path, f"urls={demo_server.url}")
    assert rerun.returncode == 0
    assert_every_article_once(tmp_path)


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGKILL], ids=["pause", "kill-9"])
def test_jobdir_resume(demo_server, tmp_path, stop):
    jobdir = {"JOBDIR": str(tmp_path / "job"), **SLOW}
    crawl_until(tmp_path, demo_server.url, stop, ARTICLES // 3, jobdir)
    assert stored_count(tmp_path / "store.db") < ARTICLES
    resumed = run_crawl(tmp_path, f"urls={demo_server.url}", settings=jobdir)
    assert resumed.returncode == 0, resumed.log[-2000:]
    assert_every_article_once(tmp_path)


def test_rerun_downloads_only_listings_feeds_and_sitemaps(demo_server, tmp_path):
    first = run_crawl(tmp_path, f"urls={demo_server.url}")
    assert len(first.items) == ARTICLES
    second = run_crawl(tmp_path, f"urls={demo_server.url}")
    assert second.returncode == 0 and second.items == []
    with sqlite3.connect(tmp_path / "store.db") as conn:
        (stats,) = conn.execute("SELECT stats FROM runs ORDER BY id DESC LIMIT 1").fetchone()
    assert '"newsbot/articles/known": ' in stats
    assert '"newsbot/articles/extracted"' not in stats, "no article page was downloaded again"


def test_new_and_updated_stories_are_emitted_once_with_revisions(tmp_path):
    server = DemoServer()
    try:
        first = run_crawl(tmp_path, f"urls={server.url}")
        assert len(first.items) == ARTICLES
        server.proc.send_signal(signal.SIGUSR1)  # edition 2: three new stories, two updated
        time.sleep(0.5)
        second = run_crawl(tmp_path, f"urls={server.url}")
    finally:
        server.stop()
    edition = DemoSite(edition=2)
    new = {a.url_path for a in edition.articles[:3]}
    updated = set(edition.updated_paths())
    emitted = {urlsplit(i["canonical_url"]).path: i for i in second.items}
    assert set(emitted) == new | updated
    assert all(emitted[p]["revision"] == 1 for p in new)
    for path in updated:
        assert emitted[path]["revision"] == 2 and emitted[path]["modified"]
        article = next(a for a in edition.articles if a.url_path == path)
        assert emitted[path]["text"].count("\n\n") + 1 == len(article.blocks)
    with sqlite3.connect(tmp_path / "store.db") as conn:
        kept = conn.execute("SELECT COUNT(*) FROM revisions").fetchone()[0]
        (stats,) = conn.execute("SELECT stats FROM runs ORDER BY id DESC LIMIT 1").fetchone()
    assert kept == len(updated), "the old text of each updated story is kept"
    stats = json.loads(stats)
    assert stats["newsbot/articles/refetched"] >= len(updated)
    assert stats.get("newsbot/articles/not_modified", 0) + len(updated) >= stats["newsbot/articles/refetched"]
