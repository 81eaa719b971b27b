"""Shared fixtures: the demo site on a free port, and real crawls of it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
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


def run_crawl(workdir: Path, *spider_args: str, settings: dict[str, str] | None = None,
              db_url: str | None = None, timeout: float = 240) -> CrawlResult:
    """Run ``scrapy crawl news`` as a user would, in ``workdir``, and read what it emitted."""
    db_url = db_url or f"sqlite:///{workdir / 'store.db'}"
    out = workdir / f"out-{len(list(workdir.glob('out-*.jsonl')))}.jsonl"
    feed_dir = workdir / "feeds"
    cmd = [sys.executable, "-m", "scrapy", "crawl", "news", "-O", str(out),
           "-s", f"NEWSBOT_DB={db_url}", "-s", f"NEWSBOT_FEED_DIR={feed_dir}",
           "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=INFO"]
    for name, value in (settings or {}).items():
        cmd += ["-s", f"{name}={value}"]
    for arg in spider_args:
        cmd += ["-a", arg]
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newsbot.settings",
           "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.run(cmd, cwd=workdir, env=env, capture_output=True, text=True, timeout=timeout)
    items = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()] if out.exists() else []
    return CrawlResult(proc.returncode, proc.stderr, items, db_url, feed_dir)
