"""The scheduler: intervals and cron lines in the sites file, per-site locks, and two timed runs."""

from __future__ import annotations

import json
import logging
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from newsbot.demo.site import DemoSite
from newsbot.scheduler import CrawlScheduler, ScheduleConfig, SiteLock, first_run_time, lock_path
from newsbot.sites import SiteConfig, SitesFileError, load_sites, parse_interval
from newsbot.store.base import RunRecord
from tests.conftest import ROOT, DemoServer
from tests.jsonfeed import validate_jsonfeed

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)
FAST_CRAWL = ("-s", "NEWSBOT_EXTRACT_WORKERS=0", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16")


@pytest.mark.parametrize("text, seconds", [("30s", 30), ("15m", 900), ("2h", 7200), ("1d", 86400),
                                           (" 1.5 h ", 5400)])
def test_intervals(text, seconds):
    assert parse_interval(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize("text", ["15", "m", "0s", "-5m", "2 weeks", "1w", ""])
def test_bad_intervals(text):
    with pytest.raises(ValueError):
        parse_interval(text)


def write_sites(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "sites.toml"
    path.write_text('[defaults]\ninterval = "1h"\n\n[[site]]\nname = "a"\nstart_urls = ["https://a.example/"]\n'
                    + body)
    return path


@pytest.mark.parametrize("extra, message", [
    ('cron = "*/30 * * * *"\n', "not both"),  # with the [defaults] interval
    ('interval = "soon"\n', "bad interval"),
    ('interval = 15\n', "bad interval"),
])
def test_bad_schedules_stop_at_start(tmp_path, extra, message):
    path = write_sites(tmp_path, f'\n[[site]]\nname = "b"\nstart_urls = ["https://b.example/"]\n{extra}')
    with pytest.raises(SitesFileError, match=message):
        load_sites(path)


def test_cron_and_interval_sites(tmp_path):
    path = tmp_path / "sites.toml"
    path.write_text('[[site]]\nname = "a"\nstart_urls = ["https://a.example/"]\ninterval = "15m"\n\n'
                    '[[site]]\nname = "b"\nstart_urls = ["https://b.example/"]\ncron = "*/30 6-22 * * mon-fri"\n\n'
                    '[[site]]\nname = "c"\nstart_urls = ["https://c.example/"]\n')
    a, b, c = load_sites(path)
    assert (a.interval, b.cron, c.interval, c.cron) == ("15m", "*/30 6-22 * * mon-fri", None, None)
    with pytest.raises(SitesFileError, match="Wrong number of fields"):
        SiteConfig(name="d", start_urls=("https://d.example/",), cron="*/5 * *")


def test_first_run_is_due_one_interval_after_the_last():
    site = SiteConfig(name="a", start_urls=("https://a.example/",), interval="1h")
    last = RunRecord(1, "news", "a", "", (NOW - timedelta(minutes=20)).isoformat(), {}, False, ())
    assert first_run_time(site, None, NOW) == NOW
    assert first_run_time(site, last, NOW) == NOW + timedelta(minutes=40)
    long_ago = RunRecord(1, "news", "a", "", (NOW - timedelta(days=2)).isoformat(), {}, False, ())
    assert first_run_time(site, long_ago, NOW) == NOW
    cron = SiteConfig(name="b", start_urls=("https://b.example/",), cron="0 * * * *")
    assert first_run_time(cron, last, NOW) is None


def test_site_lock_is_exclusive_and_dies_with_its_holder(tmp_path):
    path = lock_path(tmp_path / "locks", "../news site")
    assert path.parent == tmp_path / "locks"
    first, second = SiteLock(path), SiteLock(path)
    assert first.acquire() and not second.acquire()
    first.release()
    assert second.acquire()
    second.release()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import fcntl, sys, time; f = open(sys.argv[1], 'w'); "
         "fcntl.flock(f, fcntl.LOCK_EX); print('locked', flush=True); time.sleep(60)", str(path)],
        stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    assert not SiteLock(path).acquire()
    holder.kill()  # a crash: no clean release
    holder.wait()
    assert SiteLock(path).acquire()


def test_a_site_whose_lock_is_held_is_skipped(tmp_path, caplog):
    site = SiteConfig(name="demo", start_urls=("http://127.0.0.1:9/",), interval="1m")
    config = ScheduleConfig(sites_file=tmp_path / "sites.toml", db_url=f"sqlite:///{tmp_path / 's.db'}",
                            lock_dir=tmp_path / "locks", log_dir=None, feeds_dir=tmp_path / "feeds", feed_limit=5)
    held = SiteLock(lock_path(config.lock_dir, "demo"))
    assert held.acquire()
    with caplog.at_level(logging.INFO, logger="newsbot.scheduler"):
        assert CrawlScheduler(config, [site]).run_site(site) is None
    assert "Run of demo skipped: a crawl of it still holds" in caplog.text
    held.release()


def wait_for(path: Path, text: str, count: int, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        log = path.read_text(encoding="utf-8")
        if log.count(text) >= count:
            return log
        if "Traceback" in log or "FLAGGED" in log or "failed (exit" in log:
            break
        time.sleep(0.1)
    raise AssertionError(f"no {count} x {text!r} in time:\n{path.read_text(encoding='utf-8')[-5000:]}")


def wait_for_runs(db_url: str, count: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with sqlite3.connect(db_url[len("sqlite:///"):]) as conn:
            if conn.execute("SELECT COUNT(*) FROM runs").fetchone()[0] >= count:
                return
        time.sleep(0.1)
    raise AssertionError(f"fewer than {count} runs recorded in time")


def test_scheduler_runs_a_site_on_time_without_overlap(tmp_path):
    server = DemoServer("--articles", "12")
    (tmp_path / "sites.toml").write_text(
        f'[[site]]\nname = "demo"\nstart_urls = ["{server.url}"]\ninterval = "6s"\n')
    db_url = f"sqlite:///{tmp_path / 'store.db'}"
    log = tmp_path / "scheduler.log"
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    with open(log, "w") as out:
        scheduler = subprocess.Popen(
            [sys.executable, "-m", "newsbot", "schedule", "--sites", "sites.toml", "--db", db_url,
             "-s", "AUTOTHROTTLE_ENABLED=False", "-s", f"NEWSBOT_FEED_DIR={tmp_path / 'runs'}",
             "-s", "NEWSBOT_SITE_FEED_LIMIT=10", "-s", "LOG_LEVEL=DEBUG", *FAST_CRAWL],
            cwd=tmp_path, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_for(log, "Run of demo done", 1, 90)
        server.proc.send_signal(signal.SIGUSR1)  # edition 2: three new stories, two updated
        wait_for(log, "Run of demo done", 2, 90)
        wait_for_runs(db_url, 3, 60)
        # Stopped once the third run is crawling. (Scrapy closes no spider that is stopped
        # while its engine starts, scrapy/scrapy#6916: such a run stays unrecorded.)
        third = re.findall(r"Run of demo started \(pid \d+, log (\S+)\)", log.read_text(encoding="utf-8"))[2]
        wait_for(tmp_path / third, "Crawled (200)", 1, 60)
    finally:
        scheduler.send_signal(signal.SIGTERM)
        code = scheduler.wait(timeout=90)
        server.stop()
    text = log.read_text(encoding="utf-8")
    assert code == 0, text[-3000:]
    assert text.count("Run of demo started") == 3 and "Stopping: 1 crawl(s) running (demo)" in text
    assert text.index("Scheduler stopped") > text.rindex("Run of demo done")

    with sqlite3.connect(db_url[len("sqlite:///"):]) as conn:
        runs = conn.execute("SELECT started_at, finished_at, site, flagged, summary FROM runs ORDER BY id").fetchall()
    assert [(site, flagged) for _, _, site, flagged, _ in runs] == [("demo", 0)] * 3
    assert runs[1][0] >= runs[0][1] and runs[2][0] >= runs[1][1], "each run started after the last had finished"
    assert json.loads(runs[2][4])["finish_reason"] == "shutdown", "the stopped crawl closed and recorded its run"

    first, second = DemoSite(n_articles=12, edition=1), DemoSite(n_articles=12, edition=2)
    new = {a.url_path for a in second.articles} - {a.url_path for a in first.articles}
    changed = new | set(second.updated_paths())
    run_feeds = sorted((tmp_path / "runs").glob("news-*.jsonl"))
    assert len(run_feeds) == 3
    emitted = {urlsplit(json.loads(line)["canonical_url"]).path
               for line in run_feeds[1].read_text(encoding="utf-8").splitlines()}
    assert new <= emitted <= changed, "the second run emits what is new (or changed), nothing else"

    feed = json.loads((tmp_path / "data" / "feeds" / "sites" / "demo.json").read_text(encoding="utf-8"))
    validate_jsonfeed(feed)
    assert len(feed["items"]) == 10
    assert new <= {urlsplit(item["url"]).path for item in feed["items"][:5]}
    dates = [datetime.fromisoformat(item["date_published"]) for item in feed["items"]]
    assert dates == sorted(dates, reverse=True)
    assert SiteLock(lock_path(tmp_path / "data" / "locks", "demo")).acquire(), "no lock left held"
    assert len(list((tmp_path / "data" / "logs").glob("demo-*.log"))) == 3
