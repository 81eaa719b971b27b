"""JSON Feed 1.1: the ``jsonfeed`` export format, rolling site feeds, safe names, atomic writes."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys

import pytest

from newsbot.__main__ import main
from newsbot.feeds import JSONFeedItemExporter, feed_filename, feed_item, write_atomically
from newsbot.items import Article
from newsbot.store.base import open_store
from tests.conftest import ROOT
from tests.jsonfeed import validate_jsonfeed


def article(n: int, site: str = "demo", **fields) -> Article:
    url = f"https://news.example/2024/05/{n:02d}/story-{n}/"
    values = dict(url=url, canonical_url=url, title=f"Story {n}", text=f"Body of story {n}.",
                  authors=[f"Author {n}"], published=f"2024-05-{n:02d}T08:00:00+02:00", language="en",
                  site_name="The Example", tags=["Politics"], word_count=4, fingerprint=f"{n:040x}",
                  fetched_at="2024-06-01T00:00:00+00:00", site=site)
    return Article(**{**values, **fields})


def export(items: list, **options) -> dict:
    out = io.BytesIO()
    exporter = JSONFeedItemExporter(out, **options)
    exporter.start_exporting()
    for item in items:
        exporter.export_item(item)
    exporter.finish_exporting()
    return json.loads(out.getvalue())


def test_feed_item_maps_fields_and_leaves_out_the_empty_ones():
    item = feed_item(vars(article(3, published="2024-05-03T10:00:00", modified="2024-05-04",
                                  description=None, image="/relative.png", authors=["Ann Lee", " "],
                                  tags=["A", ""], language="not a language")))
    assert item["id"] == item["url"] == "https://news.example/2024/05/03/story-3/"
    assert item["date_published"] == "2024-05-03T10:00:00+00:00"  # naive: UTC
    assert item["date_modified"] == "2024-05-04T00:00:00+00:00"
    assert item["authors"] == [{"name": "Ann Lee"}]
    assert item["tags"] == ["A"]
    assert item["content_text"] == "Body of story 3."
    assert not {"summary", "image", "language"} & set(item)
    assert None not in item.values()


@pytest.mark.parametrize("options", [{}, {"title": "Example news", "home_page_url": "https://news.example/",
                                          "feed_url": "https://feeds.example/example.json"}])
def test_exporter_writes_valid_json_feed(options):
    feed = export([article(1), article(2, published="not a date", title=None), {"no": "url"}], **options)
    validate_jsonfeed(feed)
    assert [i["title"] for i in feed["items"] if "title" in i] == ["Story 1"]
    assert "date_published" not in feed["items"][1]
    assert feed["title"] == options.get("title", "The Example")
    assert feed["home_page_url"] == "https://news.example/"


def test_exporter_with_no_items_is_valid():
    validate_jsonfeed(export([]))


EVIL_NAMES = ["demo", "news.example", "127.0.0.1:8080", "../../etc/passwd", "/abs/path", ".hidden",
              "a/b", "a\\b", "a?b", "", "..", "ünïcode news", "x" * 300, "CON", "a\nb", "-rf"]


def test_feed_file_names_are_safe_and_distinct(tmp_path):
    names = [feed_filename(site) for site in EVIL_NAMES]
    for name in names:
        assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*\.json", name), name
        assert len(name) <= 100
        assert (tmp_path / name).resolve().parent == tmp_path.resolve()
    assert len(set(names)) == len(names)
    assert feed_filename("demo") == "demo.json" and feed_filename("news.example") == "news.example.json"


def test_atomic_write_replaces_whole_files_only(tmp_path, monkeypatch):
    path = tmp_path / "feeds" / "demo.json"
    assert write_atomically(path, b"one")
    assert oct(path.stat().st_mode & 0o777) == "0o644"
    stamp = path.stat().st_mtime_ns
    assert not write_atomically(path, b"one"), "same bytes: the file is left as it was"
    assert path.stat().st_mtime_ns == stamp

    def fail(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        write_atomically(path, b"two")
    assert path.read_bytes() == b"one"
    assert sorted(p.name for p in path.parent.iterdir()) == ["demo.json"], "no temp file left"


def test_feeds_command_writes_each_sites_newest_articles(tmp_path):
    db = f"sqlite:///{tmp_path / 'store.db'}"
    store = open_store(db)
    for n in (5, 1, 4, 2, 3):
        store.save_article(article(n), None)
    store.save_article(article(9, site="../other site"), None)
    store.close()
    out = tmp_path / "sites"
    assert main(["feeds", "--db", db, "--out-dir", str(out), "--limit", "3",
                 "--base-url", "https://feeds.example/news/"]) == 0
    assert sorted(p.name for p in out.iterdir()) == sorted([feed_filename("../other site"), "demo.json"])
    feed = json.loads((out / "demo.json").read_text(encoding="utf-8"))
    validate_jsonfeed(feed)
    assert [i["title"] for i in feed["items"]] == ["Story 5", "Story 4", "Story 3"]
    assert feed["feed_url"] == "https://feeds.example/news/demo.json"
    assert feed["title"] == "The Example" and feed["home_page_url"] == "https://news.example/"


def test_jsonfeed_export_format_of_a_crawl(demo_server, tmp_path):
    out = tmp_path / "site.json"
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newsbot.settings",
           "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"urls={demo_server.url}feed/",
         "-O", f"{out}:jsonfeed", "-s", f"NEWSBOT_DB=sqlite:///{tmp_path / 'store.db'}",
         "-s", "NEWSBOT_FEED_DIR=", "-s", "AUTOTHROTTLE_ENABLED=False"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    feed = json.loads(out.read_text(encoding="utf-8"))
    validate_jsonfeed(feed)
    assert len(feed["items"]) >= 10
    assert feed["home_page_url"] == demo_server.url
    assert all(i["content_text"] and i["authors"] and i["date_published"] for i in feed["items"])
