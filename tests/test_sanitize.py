"""Hostile strings (control characters, lone surrogates, SQL, paths, huge values) stored and exported safely."""

from __future__ import annotations

import io
import json

import pytest
from scrapy.exporters import JsonLinesItemExporter

from newsbot.feeds import feed_filename, safe_name
from newsbot.items import Article
from newsbot.pipelines.sanitize import MAX_CHARS, sanitize_article, scrub
from newsbot.store.base import open_store

HOSTILE = "Robert'); DROP TABLE articles;-- \"quoted\" ../../etc/passwd \x00\x07\x1b[31m\u2028 \ud83d end"


def hostile_article(**fields) -> Article:
    values = dict(url="https://n.example/a'b;--/", canonical_url="https://n.example/a'b;--/", title=HOSTILE,
                  text=f"First line {HOSTILE}\n\nSecond \x0b block \ud83d\ude00 kept", authors=[HOSTILE, "", "B"],
                  tags=["x\x00y"] * 500, site="../../evil\x07\"; DROP TABLE articles;--", description="d" * 50_000)
    return Article(**{**values, **fields})


def test_scrub_removes_controls_and_lone_surrogates_only():
    assert scrub("a\x00b\x07c\u2028d \ud83d e") == "a b c d \ufffd e"
    assert scrub("pair \ud83d\ude00 kept") == "pair 😀 kept"
    assert scrub("keep\n\nlines\tand tabs\x0c", keep_lines=True) == "keep\n\nlines\tand tabs"


def test_unsanitized_articles_break_the_store_and_the_exports(tmp_path):
    """Why the pipeline exists: a lone surrogate cannot be written as UTF-8."""
    store = open_store(f"sqlite:///{tmp_path / 'raw.db'}")
    with pytest.raises(UnicodeEncodeError):
        store.save_article(hostile_article(), "<html></html>")
    store.close()
    with pytest.raises(UnicodeEncodeError):
        JsonLinesItemExporter(io.BytesIO(), encoding="utf-8").export_item(hostile_article())


def test_sanitized_articles_go_through_store_and_exports(tmp_path):
    article = hostile_article()
    changed = sanitize_article(article)
    assert {"title", "text", "authors", "tags", "site", "description"} <= set(changed)
    assert "DROP TABLE articles;--" in article.title and "../../etc/passwd" in article.title
    assert "\ufffd" in article.title and "\x00" not in article.title
    assert article.text.count("\n\n") == 1 and "😀" in article.text
    assert len(article.description) == MAX_CHARS["description"] and len(article.tags) == 100
    assert article.authors == [scrub(HOSTILE), "B"]
    store = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    store.save_article(article, "<html>\x00</html>")
    (stored,) = list(store.iter_articles())
    store.close()
    assert stored.title == article.title and stored.site == article.site and stored.url == article.url
    out = io.BytesIO()
    exporter = JsonLinesItemExporter(out, encoding="utf-8", ensure_ascii=False)
    exporter.export_item(article)
    assert json.loads(out.getvalue())["title"] == article.title


def test_implausible_canonical_urls_fall_back_to_the_fetched_url():
    article = hostile_article(canonical_url="javascript:alert(1)")
    sanitize_article(article)
    assert article.canonical_url == article.url
    long = hostile_article(canonical_url="https://n.example/" + "x" * 10_000)
    sanitize_article(long)
    assert long.canonical_url == long.url


@pytest.mark.parametrize("site", ["../../etc/passwd", "a/b\\c", ".hidden", "x\x00y\x07", "s" * 5000,
                                  "'; DROP TABLE articles;--", "..", ""])
def test_site_names_make_safe_feed_file_names(site):
    name = feed_filename(site)
    assert "/" not in name and "\\" not in name and not name.startswith(".")
    assert len(name) <= 120 and name.isprintable()
    assert safe_name(site) != safe_name(site + "x") or site == ""
