"""Shared fixtures: the demo site on a free port, and real crawls of it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


class DemoServer:
    """``python -m newsbot.demo.server`` in a subprocess, on a free port (as Scrapy's mock server)."""

    def __init__(self, *args: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "newsbot.demo.server", "--port", "0", *args],
            stdout=subprocess.PIPE, text=True, cwd=ROOT,
        )
        line = self.proc.stdout.readline()
        if not line.startswith("Demo site at "):
            self.proc.kill()
            raise RuntimeError(f"demo server did not start: {line!r}")
        self.url = line.split("Demo site at ", 1)[1].strip()

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


@pytest.fixture(scope="session")
def demo_server():
    server = DemoServer()
    yield server
    server.stop()


@dataclass
class CrawlResult:
    returncode: int
    log: str
    items: list[dict]
    db_url: str
    feed_dir: Path


def crawl_env() -> dict[str, str]:
    """The environment of a test crawl: this one's, with the project importable."""
    return {**os.environ, "SCRAPY_SETTINGS_MODULE": "newsbot.settings",
            "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}


def crawl_command(workdir: Path, *spider_args: str, settings: dict[str, str] | None = None,
                  db_url: str | None = None, out: Path | None = None) -> list[str]:
    """``scrapy crawl news`` with the store, feed folder and settings of a test crawl."""
    db_url = db_url or f"sqlite:///{workdir / 'store.db'}"
    cmd = [sys.executable, "-m", "scrapy", "crawl", "news", "-s", f"NEWSBOT_DB={db_url}",
           "-s", f"NEWSBOT_FEED_DIR={workdir / 'feeds'}",
           "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=INFO"]
    if out is not None:
        cmd += ["-O", str(out)]
    for name, value in (settings or {}).items():
        cmd += ["-s", f"{name}={value}"]
    for arg in spider_args:
        cmd += ["-a", arg]
    return cmd


def run_crawl(workdir: Path, *spider_args: str, settings: dict[str, str] | None = None,
              db_url: str | None = None, timeout: float = 240) -> CrawlResult:
    """Run ``scrapy crawl news`` as a user would, in ``workdir``, and read what it emitted."""
    db_url = db_url or f"sqlite:///{workdir / 'store.db'}"
    out = workdir / f"out-{len(list(workdir.glob('out-*.jsonl')))}.jsonl"
    cmd = crawl_command(workdir, *spider_args, settings=settings, db_url=db_url, out=out)
    proc = subprocess.run(cmd, cwd=workdir, env=crawl_env(), capture_output=True, text=True, timeout=timeout)
    items = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()] if out.exists() else []
    feed_dir = workdir / "feeds"
    return CrawlResult(proc.returncode, proc.stderr, items, db_url, feed_dir)


PG_BASE = os.environ.get("NEWSBOT_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("NEWSBOT_TEST_REDIS", "redis://127.0.0.1:6379/15")


def require_service(what: str, check) -> None:
    """Skip (or, under NEWSBOT_REQUIRE_SERVICES=1, fail) when a server the test needs is absent."""
    try:
        check()
    except Exception as exc:  # noqa: BLE001 - any failure to connect means absent
        message = f"{what} is not reachable: {exc}"
        if os.environ.get("NEWSBOT_REQUIRE_SERVICES") == "1":
            pytest.fail(message + " (NEWSBOT_REQUIRE_SERVICES=1)")
        pytest.skip(message)


@pytest.fixture
def redis_client():
    """A client of the test Redis server."""
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL)
    require_service(f"Redis at {REDIS_URL}", client.ping)
    return client


def redis_calls(client, command: str) -> int:
    """How many times the Redis server ran ``command`` and it did something (failed calls,
    such as redis-py's first EVALSHA of a script, are left out)."""
    stats = client.info("commandstats").get(f"cmdstat_{command}", {})
    return stats.get("calls", 0) - stats.get("failed_calls", 0)


@pytest.fixture
def redis_job(redis_client):
    """A shared-crawl job name of its own; its Redis keys are deleted afterwards."""
    job = f"test-{uuid.uuid4().hex[:10]}"
    yield job
    for key in redis_client.scan_iter(match=f"newsbot:news:{job}:*"):
        redis_client.delete(key)


@pytest.fixture
def pg_url():
    """A PostgreSQL store URL on a schema of its own, dropped afterwards."""
    psycopg = pytest.importorskip("psycopg")
    require_service(f"PostgreSQL at {PG_BASE}", lambda: psycopg.connect(PG_BASE, connect_timeout=3).close())
    schema = f"newsbot_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_BASE, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    yield f"{PG_BASE}?options=-csearch_path%3D{schema}"
    with psycopg.connect(PG_BASE, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")
