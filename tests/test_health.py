"""Run summaries and health checks: pure rules, the runs table, and crawls of a demo site that breaks."""

from __future__ import annotations

import json
import re
import sqlite3
from urllib.parse import urlsplit

import pytest
from scrapy.exceptions import DropItem

from newsbot.extensions.health import ArticlePageTally, RunHealth, drop_reason
from newsbot.items import Page
from newsbot.pipelines.clean import WALL
from newsbot.health import (
    HealthRules,
    RunSummary,
    check_articles_found,
    check_extraction,
    check_not_blocked,
    summarize,
    usual_runs,
)
from newsbot.monitors import failed_checks
from newsbot.store.base import RunRecord, open_store
from tests.conftest import DemoServer, run_crawl
from tests.hostile_helpers import crawler

RULES = HealthRules()
FAST_CRAWL = {"NEWSBOT_EXTRACT_WORKERS": "0", "CONCURRENT_REQUESTS_PER_DOMAIN": "16"}
# The demo site's first run: 52 article-like pages, of which its 4 static pages fail.
FULL = RunSummary(site="demo", finish_reason="finished", pages=144, articles_found=48, new=48,
                  article_pages=52, failed_article_pages=4)


def test_summary_from_stats():
    stats = {"response_received_count": 30, "newsbot/articles/extracted": 5, "newsbot/articles/known": 40,
             "newsbot/store/new": 3, "newsbot/store/unchanged": 2, "newsbot/dropped/not_article": 7,
             "newsbot/skipped/http_404": 2, "newsbot/skipped/interstitial": 1, "log_count/ERROR": 1,
             "newsbot/dedupe/duplicates": 1, "finish_reason": "finished", "elapsed_time_seconds": 3.21,
             "newsbot/health/article_pages": 9, "newsbot/health/failed_article_pages": 4}
    summary = summarize(stats, "demo")
    assert (summary.articles_found, summary.new, summary.unchanged, summary.known) == (45, 3, 2, 40)
    assert summary.dropped == {"not_article": 7}
    assert summary.skipped == {"http_404": 2, "interstitial": 1}
    assert (summary.interstitials, summary.errors, summary.duplicates) == (1, 1, 1)
    assert summary.failure_share == pytest.approx(4 / 9)
    assert RunSummary.from_dict({**summary.as_dict(), "from_a_later_version": 1}) == summary
    assert "45 articles found" in summary.describe()


def test_rerun_that_finds_nothing_new_is_healthy():
    rerun = RunSummary(site="demo", finish_reason="finished", pages=29, articles_found=48, known=48,
                       article_pages=4, failed_article_pages=4)
    assert failed_checks(rerun, [FULL], RULES) == []


def test_incremental_run_with_new_articles_is_healthy():
    """The static pages fail in every run: a run of 3 new articles and them is not a jump."""
    run = RunSummary(site="demo", finish_reason="finished", pages=46, articles_found=51, new=3,
                     known=48, article_pages=7, failed_article_pages=4)
    assert check_extraction(run, [FULL, FULL], RULES) is None


def test_a_crawl_split_between_processes_is_not_a_jump():
    """Processes sharing a frontier split the static pages: a rerun that fetches all four is healthy."""
    usual = [RunSummary(finish_reason="finished", pages=128, articles_found=89, article_pages=83, failed_article_pages=3),
             RunSummary(finish_reason="finished", pages=174, articles_found=83, article_pages=75, failed_article_pages=1)]
    rerun = RunSummary(pages=52, articles_found=154, known=154, article_pages=4, failed_article_pages=4)
    assert failed_checks(rerun, usual, RULES) == []


def test_a_process_of_a_shared_crawl_may_get_no_work():
    idle = RunSummary(site="demo", finish_reason="finished")
    assert len(failed_checks(idle, [FULL], RULES)) == 2
    assert failed_checks(idle, [FULL], HealthRules(shared_frontier=True)) == []


@pytest.mark.parametrize("failed, pages, flagged", [(7, 7, True), (6, 7, False), (48, 52, True), (10, 52, False)])
def test_extraction_failures_beyond_the_usual_ones_are_flagged(failed, pages, flagged):
    run = RunSummary(site="demo", finish_reason="finished", pages=50, articles_found=40,
                     article_pages=pages, failed_article_pages=failed)
    reason = check_extraction(run, [FULL], RULES)
    assert bool(reason) is flagged, reason


def test_no_usual_share_no_extraction_verdict():
    run = RunSummary(pages=50, articles_found=1, article_pages=40, failed_article_pages=39)
    assert check_extraction(run, [], RULES) is None


def test_no_articles_is_flagged_only_where_there_usually_are_some():
    empty = RunSummary(site="demo", finish_reason="finished", pages=20)
    assert check_articles_found(empty, []) is None, "a first run has nothing to compare with"
    assert check_articles_found(empty, [FULL]) is not None
    assert check_articles_found(empty, [FULL, RunSummary(pages=5), RunSummary(pages=5)]) is None


def test_only_interstitials_is_flagged():
    blocked = RunSummary(pages=12, interstitials=12, skipped={"interstitial": 12})
    assert "interstitial" in check_not_blocked(blocked)
    assert "interstitial" in " ".join(failed_checks(blocked, [], RULES))
    assert check_not_blocked(RunSummary(pages=12, interstitials=2, articles_found=3)) is None


def record(n: int, flagged: bool = False, reason: str = "finished", crawl: str | None = None,
           summary: RunSummary = FULL) -> RunRecord:
    return RunRecord(n, "news", "demo", "", "", {**summary.as_dict(), "finish_reason": reason}, flagged, (), crawl)


def test_usual_runs_leave_out_flagged_and_partial_runs():
    assert len(usual_runs([record(1), record(2, flagged=True), record(3, reason="shutdown")])) == 1


def process(n: int, crawl: str, article_pages: int, failed: int) -> RunRecord:
    """One process of a shared crawl that split the demo site's pages."""
    return record(n, crawl=crawl, summary=RunSummary(site="demo", finish_reason="finished", pages=50,
                                                      articles_found=article_pages - failed, new=article_pages - failed,
                                                      article_pages=article_pages, failed_article_pages=failed))


def test_the_processes_of_a_shared_crawl_count_as_one_crawl():
    """Three processes split a site's five static pages 2, 2, 1: the crawl had 5 failing
    pages, and a rerun that fetches all five is no jump (counted per process, it would be)."""
    shared = [process(1, "c1", 20, 2), process(2, "c1", 18, 2), process(3, "c1", 15, 1)]
    history = shared[2:]  # the history holds the latest runs only; the rest come by crawl
    (usual,) = usual_runs(history, shared)
    assert (usual.article_pages, usual.failed_article_pages, usual.new) == (53, 5, 48)
    rerun = RunSummary(site="demo", finish_reason="finished", pages=30, articles_found=48, known=48,
                       article_pages=5, failed_article_pages=5)
    assert check_extraction(rerun, [usual], RULES) is None
    assert check_extraction(rerun, [RunSummary.from_dict(run.summary) for run in shared], RULES) is not None


def test_a_shared_crawl_with_a_killed_process_is_not_usual():
    """The killed process never summed up (no finish): what it fetched is missing from the
    crawl's figures, so the crawl says nothing of what is usual."""
    killed = RunRecord(3, "news", None, "", None, {}, False, (), "c1")
    shared = [process(1, "c1", 20, 1), process(2, "c1", 17, 0), killed]
    assert usual_runs(shared[:2], shared) == []
    assert len(usual_runs([*shared[:2], record(0)], shared)) == 1, "an earlier crawl alone still counts"


def test_the_crawl_being_judged_is_not_an_earlier_one():
    shared = [process(1, "c1", 20, 1), process(2, "c2", 17, 1)]
    assert [u.article_pages for u in usual_runs(shared, shared, current_crawl="c2")] == [20]


def test_article_page_tally():
    tally = ArticlePageTally()
    tally.add("https://x.example/section/world/", failed=True)  # a listing: not counted
    tally.add("https://x.example/about/", failed=True)
    tally.add("https://x.example/2024/05/a/", failed=False, fingerprint="f1", canonical_url="https://x.example/2024/05/a/")
    for n in range(3):  # one placeholder text on three pages
        tally.add(f"https://x.example/2024/05/b{n}/", failed=False, fingerprint="sorry")
    assert (tally.pages, tally.failed_total) == (5, 4)
    assert drop_reason(DropItem("https://x.example/a: not article")) == "not_article"


def test_a_wall_page_is_no_article_page(tmp_path):
    health = RunHealth.from_crawler(crawler(tmp_path))
    for n, reason in enumerate([WALL, "not article", WALL]):
        url = f"https://x.example/2024/05/story-{n}/"
        health.item_dropped(Page(url=url, html="", site="x.example", fetched_at=""), DropItem(f"{url}: {reason}"))
    assert (health.tally.pages, health.tally.failed_total) == (1, 1)


def test_old_runs_table_is_migrated_in_place(tmp_path):
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE runs (id INTEGER PRIMARY KEY, spider TEXT NOT NULL, "
                     "started_at TEXT NOT NULL, finished_at TEXT, stats TEXT)")
        conn.execute("INSERT INTO runs (spider, started_at) VALUES ('news', '2024-01-01T00:00:00+00:00')")
    for _ in range(2):  # safe to run again
        store = open_store(f"sqlite:///{path}")
        store.close()
    store = open_store(f"sqlite:///{path}")
    first = store.start_run("news", "2024-01-02T00:00:00+00:00")
    second = store.start_run("news", "2024-01-03T00:00:00+00:00")
    store.record_run_health(first, "demo", FULL.as_dict(), [])
    store.record_run_health(second, "demo", FULL.as_dict(), ["broken"])
    runs = store.recent_runs("demo")
    assert [(r.id, r.flagged, r.reasons) for r in runs] == [(second, True, ("broken",)), (first, False, ())]
    assert [r.id for r in store.recent_runs("demo", before=second)] == [first]
    assert RunSummary.from_dict(runs[0].summary) == FULL
    shared = [store.start_run("news", "2024-01-04T00:00:00+00:00", crawl=crawl) for crawl in ("c1", "c1", "c2")]
    store.record_run_health(shared[0], "demo", FULL.as_dict(), [])
    assert [(r.id, r.crawl, r.summary == {}) for r in store.crawl_runs(["c1"])] == [
        (shared[0], "c1", False), (shared[1], "c1", True)]
    assert store.crawl_runs([]) == [] and store.recent_runs("demo")[0].crawl == "c1"
    store.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT spider, site FROM runs WHERE id = 1").fetchone() == ("news", None)


def runs_of(db_url: str) -> list[tuple[int, str, int, list, dict]]:
    with sqlite3.connect(db_url[len("sqlite:///"):]) as conn:
        rows = conn.execute("SELECT id, site, flagged, reasons, summary FROM runs ORDER BY id").fetchall()
    return [(i, site, flagged, json.loads(reasons), json.loads(summary)) for i, site, flagged, reasons, summary in rows]


def test_a_site_whose_article_pages_break_is_flagged(tmp_path):
    server = DemoServer("--articles", "20")
    port = str(urlsplit(server.url).port)
    (tmp_path / "sites.toml").write_text(f'[[site]]\nname = "demo"\nstart_urls = ["{server.url}"]\n')
    try:
        healthy = run_crawl(tmp_path, "sites=sites.toml", settings={**FAST_CRAWL, "NEWSBOT_PROGRESS_INTERVAL": "0.1"})
        again = run_crawl(tmp_path, "sites=sites.toml", settings=FAST_CRAWL)
    finally:
        server.stop()
    assert healthy.returncode == 0, healthy.log[-3000:]
    assert "Progress: " in healthy.log and "pages fetched (" in healthy.log
    assert re.search(r"Run summary: site demo: \d+ pages fetched, \d+ articles found \(\d+ new, ", healthy.log)
    assert again.returncode == 0, again.log[-3000:]
    assert "FLAGGED" not in healthy.log + again.log

    broken = DemoServer("--articles", "20", "--port", port, "--edition", "2", "--broken")
    try:
        result = run_crawl(tmp_path, "sites=sites.toml", settings=FAST_CRAWL)
    finally:
        broken.stop()
    assert result.returncode == 3, result.log[-3000:]
    assert "WARNING: Run FLAGGED (demo): " in result.log
    runs = runs_of(healthy.db_url)
    assert [(site, flagged) for _, site, flagged, _, _ in runs] == [("demo", 0), ("demo", 0), ("demo", 1)]
    assert "article pages failed cleaning" in runs[2][3][0]
    assert runs[1][4]["articles_found"] >= 20 and runs[1][4]["new"] == 0, "a rerun still sees the known articles"
    assert runs[0][4]["new"] >= 20 and runs[0][4]["finish_reason"] == "finished"


def test_unknown_site_argument_fails_at_start(tmp_path):
    (tmp_path / "sites.toml").write_text('[[site]]\nname = "demo"\nstart_urls = ["http://127.0.0.1:9/"]\n')
    result = run_crawl(tmp_path, "sites=sites.toml", "site=nope")
    assert result.returncode == 1
    assert "no site named 'nope'" in result.log
