"""Several crawler processes sharing a Redis frontier and a PostgreSQL store."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest

from newsbot.demo.site import DemoSite
from newsbot.store.base import open_store
from tests.conftest import REDIS_URL, ROOT, crawl_command, crawl_env

ARTICLES = 150
_GET_RE = re.compile(r'"GET (\S+) HTTP/[\d.]+" (\d+)')


@pytest.fixture
def logged_site(tmp_path):
    """A demo site of its own whose access log says which pages were fetched how often."""
    log = open(tmp_path / "access.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "newsbot.demo.server", "--port", "0",
                             "--articles", str(ARTICLES), "--verbose"],
                            stdout=subprocess.PIPE, stderr=log, text=True, cwd=ROOT)
    url = proc.stdout.readline().split("Demo site at ", 1)[1].strip()
    yield url, tmp_path / "access.log"
    proc.terminate()
    proc.wait(timeout=10)
    log.close()


def start_workers(tmp_path, url: str, db_url: str, job: str, count: int) -> list[subprocess.Popen]:
    settings = {"NEWSBOT_REDIS_URL": REDIS_URL, "NEWSBOT_REDIS_JOB": job, "NEWSBOT_EXTRACT_WORKERS": "0"}
    workers = []
    for n in range(count):
        workdir = tmp_path / f"worker-{n}-{len(list(tmp_path.glob('worker-*')))}"
        workdir.mkdir()
        cmd = crawl_command(workdir, f"urls={url}", settings=settings, db_url=db_url)
        workers.append(subprocess.Popen(cmd, cwd=workdir, env=crawl_env(), stdout=subprocess.DEVNULL,
                                        stderr=open(workdir / "log.txt", "w")))
    return workers


def stored(db_url: str) -> list[str]:
    store = open_store(db_url)
    urls = [a.canonical_url for a in store.iter_articles()]
    store.close()
    return urls


def unexpected(url: str, urls: list[str]) -> str:
    """For a failure: the stored URLs that are not the site's article URLs (a wire copy
    stands for its story when it was stored first), the article URLs not stored, and the
    URLs stored twice."""
    site = {url.rstrip("/") + article.url_path for article in DemoSite(n_articles=ARTICLES).articles}
    found = set(urls)
    return (f"stored, not article URLs: {sorted(found - site)}; article URLs not stored: {sorted(site - found)};"
            f" stored twice: {sorted(u for u, n in Counter(urls).items() if n > 1)}")


def fetches(log_path) -> Counter:
    return Counter(path for path, status in _GET_RE.findall(log_path.read_text()) if status == "200")


def test_three_workers_share_one_frontier(tmp_path, pg_url, redis_job, logged_site):
    url, log_path = logged_site
    workers = start_workers(tmp_path, url, pg_url, redis_job, 3)
    assert [w.wait(timeout=300) for w in workers] == [0, 0, 0]
    urls = stored(pg_url)
    assert len(urls) == len(set(urls)) == ARTICLES, unexpected(url, urls)
    counts = fetches(log_path)
    twice = {path: n for path, n in counts.items() if n > 1 and path != "/robots.txt"}
    assert not twice, f"pages fetched more than once in all: {list(twice)[:5]}"
    store = open_store(pg_url)
    runs = store.conn.execute("SELECT stats, crawl FROM runs").fetchall()
    store.close()
    shares = [json.loads(stats).get("response_received_count", 0) for stats, _ in runs]
    assert len(shares) == 3 and min(shares) >= sum(shares) * 0.15, f"unfair shares {shares}"
    assert len({crawl for _, crawl in runs} - {None}) == 1, "the processes' runs name one shared crawl"


def test_killed_worker_loses_nothing_after_a_rerun(tmp_path, pg_url, redis_job, logged_site):
    url, _ = logged_site
    workers = start_workers(tmp_path, url, pg_url, redis_job, 3)
    deadline = time.monotonic() + 120
    while len(stored(pg_url)) < ARTICLES // 4 and time.monotonic() < deadline:
        time.sleep(0.2)
    os.kill(workers[0].pid, signal.SIGKILL)
    assert [w.wait(timeout=300) for w in workers[1:]] == [0, 0]
    (rerun,) = start_workers(tmp_path, url, pg_url, redis_job, 1)
    assert rerun.wait(timeout=300) == 0
    urls = stored(pg_url)
    assert len(urls) == len(set(urls)) == ARTICLES, unexpected(url, urls)
