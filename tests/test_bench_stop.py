"""A benchmark stopped with SIGTERM removes what it set up."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import psutil
import pytest

from tests.conftest import PG_BASE, REDIS_URL, ROOT, crawl_env, require_service


def _bench_schemas(psycopg) -> set[str]:
    with psycopg.connect(PG_BASE, autocommit=True) as conn:
        rows = conn.execute("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'bench\\_%'").fetchall()
    return {name for (name,) in rows}


def test_a_scale_bench_stopped_with_sigterm_drops_its_schema_and_stops_its_crawlers(redis_client):
    psycopg = pytest.importorskip("psycopg")
    require_service(f"PostgreSQL at {PG_BASE}", lambda: psycopg.connect(PG_BASE, connect_timeout=3).close())
    before = _bench_schemas(psycopg)
    bench = subprocess.Popen(
        [sys.executable, "-m", "newsbot", "bench", "scale", "--articles", "200", "--pg", PG_BASE, "--redis", REDIS_URL],
        cwd=ROOT, env=crawl_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while not (created := _bench_schemas(psycopg) - before) and time.monotonic() < deadline:
            assert bench.poll() is None, bench.stderr.read()
            time.sleep(0.1)
        assert created, "the bench never started a crawl"
        (schema,) = created
        time.sleep(1)  # the crawler is under way
        crawlers = [p for p in psutil.Process(bench.pid).children(recursive=True)
                    if any(schema in arg for arg in p.cmdline())]
        assert crawlers
        bench.send_signal(signal.SIGTERM)
        assert bench.wait(timeout=60) == 128 + signal.SIGTERM
    finally:
        if bench.poll() is None:
            bench.kill()
            bench.wait()
    assert schema not in _bench_schemas(psycopg)
    assert not [p for p in crawlers if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    assert not list(redis_client.scan_iter(match=f"newsbot:news:{schema}:*"))
