"""Deploy newsbot to a real Scrapyd with ``scrapyd-deploy`` and crawl the demo site there."""

from __future__ import annotations

import json
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode
from urllib.request import urlopen

import pytest

from tests.conftest import ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def call(url: str, data: list[tuple[str, str]] | None = None) -> dict:
    body = urlencode(data).encode() if data is not None else None
    with urlopen(url, body, timeout=10) as response:
        return json.loads(response.read())


@pytest.fixture
def scrapyd(tmp_path):
    """A Scrapyd on a free port of 127.0.0.1, with its eggs, logs and dbs in a temp folder."""
    home = tmp_path / "scrapyd"
    home.mkdir()
    port = free_port()
    (home / "scrapyd.conf").write_text(
        f"[scrapyd]\nbind_address = 127.0.0.1\nhttp_port = {port}\neggs_dir = {home / 'eggs'}\n"
        f"logs_dir = {home / 'logs'}\ndbs_dir = {home / 'dbs'}\nitems_dir =\npoll_interval = 0.5\n"
        "max_proc = 1\n")
    server = subprocess.Popen([sys.executable, "-m", "scrapyd"], cwd=home,
                              stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 30
    while True:
        try:
            if call(url + "daemonstatus.json")["status"] == "ok":
                break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail("Scrapyd did not start")
            time.sleep(0.2)
    yield url, home
    server.terminate()
    server.wait(timeout=30)


def deploy(tmp_path: Path, url: str) -> subprocess.CompletedProcess:
    """``scrapyd-deploy local -p newsbot`` from a copy of the project with a ``[deploy:local]`` target."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "newsbot", project / "newsbot", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "setup.py", project)
    config = (ROOT / "scrapy.cfg").read_text(encoding="utf-8")
    (project / "scrapy.cfg").write_text(f"{config}\n[deploy:local]\nurl = {url}\n", encoding="utf-8")
    command = Path(sys.executable).with_name("scrapyd-deploy")
    return subprocess.run([str(command), "local", "-p", "newsbot", "-v", "1"], cwd=project,
                          capture_output=True, text=True, timeout=120)


def test_deploy_to_scrapyd_and_crawl_there(demo_server, scrapyd, tmp_path):
    url, home = scrapyd
    deployed = deploy(tmp_path, url)
    assert deployed.returncode == 0, deployed.stderr
    assert '"status": "ok"' in deployed.stdout + deployed.stderr
    assert call(url + "listspiders.json?project=newsbot")["spiders"] == ["news"]

    store = tmp_path / "store.db"
    job = call(url + "schedule.json", [
        ("project", "newsbot"), ("spider", "news"), ("urls", demo_server.url),
        ("setting", f"NEWSBOT_DB=sqlite:///{store}"), ("setting", f"NEWSBOT_FEED_DIR={tmp_path / 'feeds'}"),
        ("setting", "AUTOTHROTTLE_ENABLED=False"),
    ])
    assert job["status"] == "ok", job
    deadline = time.monotonic() + 180
    while not any(j["id"] == job["jobid"] for j in call(url + "listjobs.json?project=newsbot")["finished"]):
        assert time.monotonic() < deadline, "the Scrapyd job did not finish in time"
        time.sleep(0.5)

    log = (home / "logs" / "newsbot" / "news" / f"{job['jobid']}.log").read_text(encoding="utf-8")
    assert "Run summary: site 127.0.0.1:" in log and "Traceback" not in log, log[-3000:]
    with sqlite3.connect(store) as conn:
        (articles,) = conn.execute("SELECT COUNT(*) FROM articles").fetchone()
        site, flagged, summary = conn.execute("SELECT site, flagged, summary FROM runs").fetchone()
    assert articles >= 48
    assert flagged == 0 and json.loads(summary)["new"] >= 48
    assert list((tmp_path / "feeds").glob("news-*.jsonl"))
