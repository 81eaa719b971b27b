"""End-to-end crawls of the demo site with the real Scrapy engine, over real HTTP."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from urllib.parse import urlsplit

import pytest

from newsbot.demo.site import DemoSite
from newsbot.store.base import ArticleFilter, open_store
from tests.conftest import ROOT, run_crawl

SITE = DemoSite()
# Every page that is an article: the stories and the wire copies of some of them.
ARTICLES = {a.url_path: a for a in [*SITE.articles, *SITE.copies]}
# Each copy and its original are one story: whichever is seen first is emitted.
PAIRS = {c.url_path: c.original_path for c in SITE.copies}
STORIES = len(SITE.articles)


def path_of(url: str) -> str:
    return urlsplit(url).path


def blocks_of(text: str) -> list[str]:
    return [re.sub(r"\s+", " ", b).strip().removeprefix("- ") for b in text.split("\n\n")]


@pytest.fixture(scope="module")
def front_crawl(demo_server, tmp_path_factory):
    return run_crawl(tmp_path_factory.mktemp("front"), f"urls={demo_server.url}")


def test_front_page_crawl_finds_every_article_once(front_crawl):
    assert front_crawl.returncode == 0, front_crawl.log[-3000:]
    paths = [path_of(item["canonical_url"]) for item in front_crawl.items]
    assert len(paths) == len(set(paths)) == STORIES, "every story once"
    assert set(paths) <= set(ARTICLES), "nothing but articles"
    for copy, original in PAIRS.items():
        assert (copy in paths) != (original in paths), f"one of {copy} and {original}"


def test_copies_are_stored_and_linked_to_their_story(front_crawl):
    store = open_store(front_crawl.db_url)
    rows = {path_of(a.canonical_url): a for a in store.iter_articles(ArticleFilter(with_copies=True))}
    store.close()
    assert set(rows) == set(ARTICLES)
    for copy, original in PAIRS.items():
        first, second = sorted((rows[copy], rows[original]), key=lambda a: a.duplicate_of is not None)
        assert first.duplicate_of is None and second.duplicate_of == first.canonical_url
    assert sum(a.duplicate_of is not None for a in rows.values()) == len(PAIRS)


def test_articles_are_clean_and_complete(front_crawl):
    snippets = SITE.boilerplate_snippets()
    for item in front_crawl.items:
        expected = ARTICLES[path_of(item["canonical_url"])]
        leaked = [s for s in snippets if s in item["text"]]
        assert not leaked, f"{item['url']} keeps boilerplate {leaked[:3]}"
        assert blocks_of(item["text"]) == [re.sub(r"\s+", " ", b).strip() for b in expected.blocks], item["url"]
        assert item["title"] == expected.title
        assert "utm_" not in item["canonical_url"] and "utm_" not in item["url"]


def test_article_metadata(front_crawl):
    for item in front_crawl.items:
        expected = ARTICLES[path_of(item["canonical_url"])]
        assert item["authors"] == list(expected.authors)
        assert item["published"] and item["published"][:10] == expected.published[:10]
        assert 0.95 * len(item["text"].split()) <= item["word_count"] <= len(item["text"].split())
        assert re.fullmatch(r"[0-9a-f]{40}", item["fingerprint"])
        assert item["fetched_at"].endswith("+00:00")
        assert item["language"] == "en"


def test_store_and_run_feed_hold_what_was_emitted(front_crawl):
    store = open_store(front_crawl.db_url)
    stored = {a.canonical_url: a for a in store.iter_articles()}
    pages = {a.canonical_url: html for a, html in store.iter_pages()}
    store.close()
    assert set(stored) == {item["canonical_url"] for item in front_crawl.items}
    assert set(pages) == set(stored), "the fetched HTML of every article is kept"
    (feed,) = front_crawl.feed_dir.glob("news-*.jsonl")
    feed_items = [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines()]
    assert sorted(i["canonical_url"] for i in feed_items) == sorted(stored)
    assert not list(front_crawl.feed_dir.glob("*.part"))


def test_bad_responses_are_counted_under_newsbot_keys(front_crawl):
    path = front_crawl.db_url[len("sqlite:///"):]
    with sqlite3.connect(path) as conn:
        (stats,), = conn.execute("SELECT stats FROM runs")
    stats = json.loads(stats)
    assert stats["newsbot/store/new"] == len(ARTICLES)
    assert stats["newsbot/dedupe/duplicates"] == len(PAIRS)
    assert stats.get("newsbot/dropped/not_article", 0) >= len(SITE.listing_paths()) // 2
    assert any(key.startswith("newsbot/skipped/") for key in stats), stats
    # The workers hand back the links of the pages they clean (the spider reads those of
    # pages cleaned before the workers were up).
    assert stats["newsbot/links/from_cleaning"] > 0
    assert stats["newsbot/links/from_cleaning"] + stats.get("newsbot/links/read_by_spider", 0) <= stats["newsbot/pages/html"]


def test_nofollow_links_are_not_fetched(front_crawl):
    # Each article's share box links its short URL (rel="nofollow"), which redirects to
    # the article: following it would fetch every article through two more requests.
    page = SITE.handle(SITE.articles[0].url_path).text
    assert re.search(r'<a [^>]*href="[^"]*/go/\d+/"[^>]*rel="nofollow', page)
    path = front_crawl.db_url[len("sqlite:///"):]
    with sqlite3.connect(path) as conn:
        (stats,), = conn.execute("SELECT stats FROM runs")
    stats = json.loads(stats)
    assert stats["downloader/request_count"] == stats["downloader/response_status_count/200"]


def test_a_crawl_opens_no_console(front_crawl):
    # Scrapy's telnet console and remote control run code sent to them; neither listens.
    assert front_crawl.returncode == 0
    assert "Telnet console listening" not in front_crawl.log
    assert "Remote control" not in front_crawl.log


def test_the_consoles_are_not_even_loaded():
    # Scrapy imports every extension EXTENSIONS names to match it to its import path (as
    # its extension manager reads the setting, below): the consoles are left out of the list
    # it starts from, so a crawl imports neither of them (nor aiohttp) at each start. A fresh
    # interpreter, so that what the tests imported is not there.
    script = (
        "import sys\n"
        "from scrapy.settings import Settings\n"
        "from scrapy.utils.conf import build_component_list\n"
        "settings = Settings()\n"
        "settings.setmodule('newsbot.settings', priority='project')\n"
        "print(build_component_list(settings.get_component_priority_dict_with_base('EXTENSIONS')))\n"
        "print(sorted(m for m in ('aiohttp', 'scrapy.extensions.remote_control', 'scrapy.extensions.telnet')"
        " if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    loaded, imported = result.stdout.splitlines()
    assert "newsbot.extensions.run_feed.RunFeed" in loaded
    assert "scrapy.extensions.corestats.CoreStats" in loaded
    assert "TelnetConsole" not in loaded and "RemoteControl" not in loaded
    assert imported == "[]"


def test_second_run_emits_nothing_new(front_crawl, demo_server):
    again = run_crawl(front_crawl.feed_dir.parent, f"urls={demo_server.url}")
    assert again.returncode == 0
    assert again.items == []


def test_feed_start_url_gives_the_feed_articles_only(demo_server, tmp_path):
    result = run_crawl(tmp_path, f"urls={demo_server.url}feed/")
    assert result.returncode == 0
    paths = {path_of(i["canonical_url"]) for i in result.items}
    assert 10 <= len(paths) < len(ARTICLES)
    assert paths <= set(ARTICLES)


@pytest.mark.parametrize("queue_memory", [10_000, 5])
def test_sitemap_start_url_gives_every_article(demo_server, tmp_path, queue_memory):
    # With 5, nearly every listed article waits for its turn on disk, not in memory.
    result = run_crawl(tmp_path, f"urls={demo_server.url}sitemap.xml",
                       settings={"NEWSBOT_QUEUE_MEMORY": str(queue_memory)})
    assert result.returncode == 0
    paths = [path_of(i["canonical_url"]) for i in result.items]
    assert len(paths) == len(set(paths)) == STORIES and set(paths) <= set(ARTICLES)


def test_single_article_start_url(demo_server, tmp_path):
    path = SITE.articles[3].url_path
    result = run_crawl(tmp_path, f"urls={demo_server.url.rstrip('/')}{path}?utm_source=newsletter")
    assert [path_of(i["canonical_url"]) for i in result.items] == [path]


def test_sites_file_with_deny_and_drop(demo_server, tmp_path):
    denied = SITE.articles[5]
    listed = next(a for a in SITE.articles if a.block_kinds[0] == "li" and a is not denied)
    (tmp_path / "sites.toml").write_text(
        f'[[site]]\nname = "demo"\nstart_urls = ["{demo_server.url}"]\n'
        f"deny = ['{re.escape(denied.url_path)}']\n"
        f'drop = [".entry-content > ul"]\n'
    )
    result = run_crawl(tmp_path, "sites=sites.toml")
    assert result.returncode == 0, result.log[-2000:]
    by_path = {path_of(i["canonical_url"]): i for i in result.items}
    assert all(i["site"] == "demo" for i in result.items)
    assert len(by_path) == STORIES - 1 and denied.url_path not in by_path
    assert listed.blocks[0] not in by_path[listed.url_path]["text"]
    assert listed.blocks[-1] in by_path[listed.url_path]["text"]


def test_export_and_reclean_commands(front_crawl, tmp_path):
    out = tmp_path / "export.jsonl"
    cli = [sys.executable, "-m", "newsbot"]
    subprocess.run(cli + ["export", "-o", str(out), "--db", front_crawl.db_url], check=True, cwd=ROOT)
    exported = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(exported) == STORIES, "copies are left out unless asked for"
    assert set(exported[0]) >= {"url", "canonical_url", "title", "text", "authors", "published", "fingerprint"}
    newest = max(a.published for a in SITE.articles)[:10]
    subprocess.run(cli + ["export", "-o", str(out), "--db", front_crawl.db_url, "--since", newest],
                   check=True, cwd=ROOT)
    recent = out.read_text(encoding="utf-8").splitlines()
    assert 1 <= len(recent) < len(ARTICLES)
    done = subprocess.run(cli + ["reclean", "--db", front_crawl.db_url], check=True, cwd=ROOT,
                          capture_output=True, text=True)
    assert f"{len(ARTICLES)} unchanged" in done.stdout
