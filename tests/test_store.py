import sqlite3
import subprocess
import sys
import time
import zlib
from dataclasses import replace

import pytest

from newsbot.extract.site_learning import Observation, SeenBlock
from newsbot.items import Article
from newsbot.store import sql
from newsbot.store.base import ArticleFilter, SaveOutcome, StoreURLError, open_store
from newsbot.store.schema import RUN_COLUMNS, RUN_INDEXES
from newsbot.store.sql import MAX_PARAMETERS
from tests.conftest import crawl_env


def article(n: int, **changes) -> Article:
    fields = dict(url=f"https://x.test/{n}?utm_source=a", canonical_url=f"https://x.test/{n}",
                  title=f"Story {n}", text=f"Body of story {n}.", authors=["Ann Lee"], tags=["a", "b"],
                  published=f"2024-05-0{n}T10:00:00+00:00", fingerprint=f"fp{n}", word_count=4, site="x.test")
    fields.update(changes)
    return Article(**fields)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """Each backend in turn: the tests below hold for both."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'sub' / 'store.db'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def sqlite_url(tmp_path):
    return f"sqlite:///{tmp_path / 'sub' / 'store.db'}"


def test_articles_round_trip_with_html_and_survive_reopening(db_url):
    store = open_store(db_url)
    assert store.save_article(article(1), "<html><p>Body of story 1.</p></html>") is SaveOutcome.NEW
    assert store.save_article(article(2), None) is SaveOutcome.NEW
    store.close()
    store = open_store(db_url)
    assert [a.title for a in store.iter_articles()] == ["Story 1", "Story 2"]
    assert next(store.iter_articles()) == article(1)
    pages = list(store.iter_pages())
    assert [(a.canonical_url, html) for a, html in pages] == [("https://x.test/1", "<html><p>Body of story 1.</p></html>")]
    store.close()


def test_one_row_per_canonical_url_and_updates(db_url):
    store = open_store(db_url)
    store.save_article(article(1), "<p>v1</p>")
    assert store.save_article(article(1, url="https://x.test/1?fbclid=z"), "<p>v1</p>") is SaveOutcome.UNCHANGED
    assert store.save_article(article(1, text="New body.", fingerprint="fpX"), "<p>v2</p>") is SaveOutcome.UPDATED
    assert store.count_articles() == 1
    (stored, html), = store.iter_pages()
    assert stored.text == "New body." and html == "<p>v2</p>"
    store.close()


def test_html_is_compressed_and_can_be_turned_off(sqlite_url, tmp_path):
    db_url = sqlite_url
    store = open_store(db_url)
    big = "<p>" + "news " * 5000 + "</p>"
    store.save_article(article(1), big)
    store.close()
    path = db_url[len("sqlite:///"):]
    with sqlite3.connect(path) as conn:
        (size,), = conn.execute("SELECT length(html) FROM pages")
        (mode,), = conn.execute("PRAGMA journal_mode")
    assert size < len(big) / 10
    assert mode == "wal"
    bare = open_store(f"sqlite:///{tmp_path / 'bare.db'}", keep_html=False)
    bare.save_article(article(1), big)
    assert list(bare.iter_pages()) == []
    bare.close()


def test_a_sqlite_store_checkpoints_its_wal_every_10000_pages(sqlite_url):
    """Each save dirties some 35 pages, mostly index pages later saves dirty again: a longer
    WAL copies each back once for many saves (SQLite's default is every 1,000 pages)."""
    store = open_store(sqlite_url)
    (pages,), = store.conn.execute("PRAGMA wal_autocheckpoint")
    store.close()
    assert pages == 10_000


def test_stored_html_is_zlib_s_format_both_ways(sqlite_url):
    """Pages are compressed with ISA-L, which writes zlib's format: any zlib reads them, and
    the pages of stores written with zlib itself still read."""
    store = open_store(sqlite_url)
    store.save_article(article(1), "<p>Café story, written now.</p>")
    store.save_article(article(2), "<p>Older story.</p>")
    path = sqlite_url[len("sqlite:///"):]
    with sqlite3.connect(path) as conn:
        (new_blob,), = conn.execute("SELECT html FROM pages WHERE article_id = 1")
        conn.execute("UPDATE pages SET html = ? WHERE article_id = 2",
                     (zlib.compress("<p>Older story, as zlib kept it.</p>".encode(), 6),))
    assert zlib.decompress(new_blob).decode() == "<p>Café story, written now.</p>"
    assert [html for _, html in store.iter_pages()] == ["<p>Café story, written now.</p>",
                                                        "<p>Older story, as zlib kept it.</p>"]
    store.close()


def test_pages_are_read_a_few_at_a_time_while_the_caller_rewrites_them(db_url, monkeypatch):
    monkeypatch.setattr(sql, "PAGES_AT_ONCE", 2)
    store = open_store(db_url)
    for n in (1, 2, 3, 4, 5):
        store.save_article(article(n), f"<p>page {n}</p>")
    reads, rows = [], store._rows

    def counted_rows(statement, params=()):
        if "html_blob" in statement:
            reads.append(len(seen))  # pages handed out before this read
        return rows(statement, params)

    monkeypatch.setattr(store, "_rows", counted_rows)
    seen = []
    for stored, html in store.iter_pages(ArticleFilter(site="x.test")):
        seen.append(html)
        store.replace_article(replace(stored, text=f"Cleaned again {stored.title}."))
    assert seen == [f"<p>page {n}</p>" for n in (1, 2, 3, 4, 5)]
    assert reads == [0, 2, 4, 5], "two pages a read, the next read only once those are handed out"
    assert {a.text for a in store.iter_articles()} == {f"Cleaned again Story {n}." for n in (1, 2, 3, 4, 5)}
    store.close()


def test_filters_by_site_and_date(db_url):
    store = open_store(db_url)
    for n in (1, 2, 3):
        store.save_article(article(n), None)
    store.save_article(article(4, site="y.test", canonical_url="https://y.test/4"), None)
    assert store.count_articles("x.test") == 3
    got = [a.canonical_url for a in store.iter_articles(ArticleFilter(site="x.test", since="2024-05-02", until="2024-05-03"))]
    assert got == ["https://x.test/2"]
    store.close()


def test_filters_by_fetch_time_and_keeps_articles_never_fetched(db_url):
    store = open_store(db_url)
    store.save_article(article(1, fetched_at="2024-05-01T10:00:00+00:00"), None)
    store.save_article(article(2, fetched_at="2024-05-01T12:00:00+00:00"), None)
    store.save_article(article(3, fetched_at="2024-05-01T12:00:01+00:00"), None)
    store.save_article(article(4, fetched_at=None), None)
    got = [a.canonical_url for a in store.iter_articles(ArticleFilter(fetched_until="2024-05-01T12:00:00+00:00"))]
    assert got == ["https://x.test/1", "https://x.test/2", "https://x.test/4"]
    store.close()


def test_runs_are_recorded(sqlite_url):
    db_url = sqlite_url
    store = open_store(db_url)
    run = store.start_run("news", "2024-05-01T00:00:00+00:00")
    store.finish_run(run, "2024-05-01T00:01:00+00:00", {"newsbot/store/new": 3})
    store.close()
    with sqlite3.connect(db_url[len("sqlite:///"):]) as conn:
        (stats,), = conn.execute("SELECT stats FROM runs WHERE id = ?", (run,))
    assert '"newsbot/store/new": 3' in stats


def test_unknown_store_url_is_a_clear_error():
    with pytest.raises(StoreURLError, match="unsupported store URL"):
        open_store("mongodb://x")


def test_observed_pages_are_counted_together_once_each(db_url):
    store = open_store(db_url)
    menu, promo = SeenBlock(1, 10, "home news sport"), SeenBlock(2, 20, "subscribe today")
    pages = [Observation(f"x.test/{n}", (menu, promo, SeenBlock(100 + n, 30, f"story {n}")),
                         (("story one", "x.test/1"),)) for n in range(3)]
    assert store.observe_pages("x.test", [*pages, pages[0]]) == 3, "a page twice in a batch counts once"
    assert store.observe_pages("x.test", pages[:1]) == 0, "and once over batches"
    assert store.observe_pages("x.test", [Observation("x.test/9", (menu,))]) == 1
    blocks = {key: (pages_seen, place_pages, text) for key, pages_seen, place_pages, text in store.site_blocks("x.test", 1)}
    store.close()
    assert blocks[1] == (4, 4, "home news sport") and blocks[2] == (3, 3, "subscribe today")
    assert blocks[100] == (1, 3, ""), "a block seen once keeps no text"


def test_a_block_seen_again_in_a_later_batch_gets_its_text(db_url):
    store = open_store(db_url)
    # more blocks a batch than one statement's parameters allow: the rows are split
    many = [SeenBlock(1000 + n, 40, f"teaser {n}") for n in range(MAX_PARAMETERS // 4)]
    once = SeenBlock(7, 30, "seen on one page per batch")
    store.observe_pages("x.test", [Observation("x.test/1", (once, *many))])
    store.observe_pages("x.test", [Observation("x.test/2", (once,)), Observation("x.test/3", tuple(many))])
    blocks = {key: (pages_seen, text) for key, pages_seen, _, text in store.site_blocks("x.test", 1)}
    store.close()
    assert blocks[7] == (2, "seen on one page per batch")
    assert len(blocks) == 1 + len(many)
    assert all(blocks[block.key] == (2, block.text) for block in many)


def test_an_older_store_gains_the_new_run_columns_when_several_processes_open_it_at_once(db_url):
    """Processes of one crawl open a store made by an older newsbot together: each adds
    the run columns it lacks only once they are known missing under the schema lock."""
    store = open_store(db_url)
    for statement in RUN_INDEXES:  # "CREATE INDEX IF NOT EXISTS name ON ...": drop each
        store.conn.execute(f"DROP INDEX {statement.split()[5]}")
    for name, _ in RUN_COLUMNS:
        store.conn.execute(f"ALTER TABLE runs DROP COLUMN {name}")
    store.conn.commit()
    assert not {name for name, _ in RUN_COLUMNS} & store._columns("runs")
    store.close()
    start = time.time() + 2  # every process waits for the same moment, then opens the store
    opener = ("import sys, time\nfrom newsbot.store.base import open_store\n"
              "time.sleep(max(0, float(sys.argv[2]) - time.time()))\nopen_store(sys.argv[1]).close()\n")
    procs = [subprocess.Popen([sys.executable, "-c", opener, db_url, str(start)], env=crawl_env(),
                              stderr=subprocess.PIPE, text=True) for _ in range(4)]
    errors = [proc.communicate(timeout=60)[1] for proc in procs]
    assert [proc.returncode for proc in procs] == [0] * 4, "\n".join(errors)
    store = open_store(db_url)
    assert {name for name, _ in RUN_COLUMNS} <= store._columns("runs")
    store.close()
