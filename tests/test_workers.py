"""Cleaning in worker processes: a page that hangs or kills its worker costs that page only."""

import argparse
import asyncio
import gc
import json
import os
import pickle
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Callable
from typing import Any

import pytest
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from newsbot.demo.site import DemoSite
from newsbot.extract import ExtractOptions, SiteModel
from newsbot.extensions.collector import GEN0_THRESHOLD, CollectLessOften
from newsbot.extract.sent_once import SentOnce
from newsbot.scrapy_commands import crawl as crawl_command
from newsbot.worker_server import worker_count
from newsbot.workers import BATCH_PAGES, CleaningCrash, CleaningPool, CleaningTimeout
from tests.conftest import ROOT, run_crawl
from tests.misbehaving_cleaner import by_url, gc_threshold, niceness, stoplist_ready

SITE = DemoSite()


def test_hanging_and_crashing_pages_do_not_stop_the_crawl(demo_server, tmp_path, monkeypatch):
    hang, crash = SITE.articles[2].url_path, SITE.articles[7].url_path
    monkeypatch.setenv("NEWSBOT_TEST_HANG", hang)
    monkeypatch.setenv("NEWSBOT_TEST_CRASH", crash)
    result = run_crawl(tmp_path, f"urls={demo_server.url}", settings={
        "NEWSBOT_CLEANER": "tests.misbehaving_cleaner.clean",
        "NEWSBOT_EXTRACT_WORKERS": "2", "NEWSBOT_EXTRACT_TIMEOUT": "3",
    })
    assert result.returncode == 0, result.log[-2000:]
    paths = {item["canonical_url"].split("/", 3)[3] for item in result.items}
    assert hang.lstrip("/") not in paths and crash.lstrip("/") not in paths
    assert len(result.items) == len(SITE.articles) - 2, "every other story still arrives"
    with sqlite3.connect(tmp_path / "store.db") as conn:
        (stats,) = conn.execute("SELECT stats FROM runs").fetchone()
    stats = json.loads(stats)  # the page may be reached by more than one URL (print view)
    assert stats["newsbot/dropped/extract_timeout"] >= 1
    assert stats["newsbot/dropped/extract_crash"] >= 1
    assert "Skipped" in result.log and hang in result.log


def test_pages_handed_over_together_are_lost_one_by_one() -> None:
    """Pages go to a worker a few at a time; when one of them hangs or kills the worker, the
    others are cleaned again one by one, and only that page is lost."""
    urls = ["a", "hang", "b", "crash", "fail", "c"]
    assert BATCH_PAGES > 1
    pool = CleaningPool(1, 2, cleaner=by_url)

    async def clean_all() -> list[Any]:
        return await asyncio.gather(*(pool.clean("", url, ExtractOptions()) for url in urls),
                                    return_exceptions=True)
    try:
        outcome = dict(zip(urls, asyncio.run(clean_all())))
    finally:
        pool.close()
    assert isinstance(outcome.pop("hang"), CleaningTimeout)
    assert isinstance(outcome.pop("crash"), CleaningCrash)
    assert isinstance(outcome.pop("fail"), ValueError)
    assert all(result.article is None and result.signature is None for result in outcome.values())


def test_a_site_model_is_rebuilt_once_per_worker_not_once_per_page() -> None:
    headlines = SentOnce(f"headline number {i} of the site" for i in range(2000))
    model = SiteModel(headlines=headlines, blocks=SentOnce({1, 2, 3}))
    first = pickle.loads(pickle.dumps(ExtractOptions(site_model=model)))
    again = pickle.loads(pickle.dumps(ExtractOptions(site_model=model)))
    assert first.site_model == model and first.site_model.headlines == headlines
    assert again.site_model.headlines is first.site_model.headlines  # taken from the first
    other = pickle.loads(pickle.dumps(SentOnce(headlines)))
    assert other == headlines and other is not first.site_model.headlines


def ask_worker(cleaner: Callable[..., Any], niceness_setting: int = 0) -> Any:
    pool = CleaningPool(1, 30, cleaner=cleaner, niceness=niceness_setting)
    try:
        return asyncio.run(pool.clean("", "", ExtractOptions()))
    finally:
        pool.close()


def test_the_crawl_goes_on_while_the_workers_start() -> None:
    """A worker starts once its server has imported the cleaning stack (here made to take
    two seconds): the first page waits for it, the crawl's event loop does not."""
    code = textwrap.dedent("""
        import asyncio
        import newsbot.workers as workers
        import newsbot.worker_server as worker_server
        from newsbot.extract import ExtractOptions
        from tests.misbehaving_cleaner import niceness

        worker_server.PRELOAD = (*worker_server.PRELOAD, "tests.slow_import")

        async def main():
            ticks = 0

            async def tick():
                nonlocal ticks
                while True:
                    await asyncio.sleep(0.05)
                    ticks += 1

            pool = workers.CleaningPool(1, 30, cleaner=niceness)
            ticker = asyncio.ensure_future(tick())
            result = await pool.clean("", "", ExtractOptions())
            ticker.cancel()
            pool.close()
            print(ticks, result)

        asyncio.run(main())
    """)
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    ticks, result = map(int, out.split())
    assert ticks >= 10, f"the event loop ran {ticks} times 50 ms while the workers started"
    assert result == os.nice(0), "the page is cleaned once they have"


@pytest.mark.parametrize(("setting", "started"), [("2", True), ("", True), ("0", False)])
def test_the_crawl_command_starts_the_workers_server_as_it_reads_its_options(monkeypatch, setting, started) -> None:
    """The server imports the cleaning stack for a second or so while Scrapy starts up:
    the command starts it once ``-s`` settings are read, before Scrapy loads the spiders
    (with no workers there is nothing to start)."""
    calls: list[str] = []
    monkeypatch.setattr(crawl_command, "start_server", lambda: calls.append("server"))
    command = crawl_command.Command()
    command.settings = Settings()
    parser = argparse.ArgumentParser()
    command.add_options(parser)
    command.process_options(["news"], parser.parse_args(["-s", f"NEWSBOT_EXTRACT_WORKERS={setting}"]))
    assert calls == (["server"] if started else [])


def test_the_crawl_command_imports_no_cleaning_stack() -> None:
    """What the command imports comes before the server starts: the cleaning stack there
    would hold the server back by half a second."""
    code = ("import sys, newsbot.scrapy_commands.crawl\n"
            "print(sorted(m for m in ('trafilatura', 'numpy', 'newsbot.cleaning') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize(("setting", "count"), [("", len(os.sched_getaffinity(0))), ("0", 0), ("3", 3), (2, 2)])
def test_the_worker_count_setting(setting, count) -> None:
    assert worker_count(Settings({"NEWSBOT_EXTRACT_WORKERS": setting})) == count


def test_by_default_a_crawl_held_to_one_core_starts_one_worker() -> None:
    """Under ``taskset`` or a container's CPU set, one worker per core it may use, not per
    core of the machine."""
    code = ("from scrapy.settings import Settings\nfrom newsbot.worker_server import worker_count\n"
            "print(worker_count(Settings()))")
    first = min(os.sched_getaffinity(0))
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                         preexec_fn=lambda: os.sched_setaffinity(0, {first})).stdout
    assert out.strip() == "1"


@pytest.mark.parametrize("setting", ["abc", "-1", "1.5"])
def test_a_malformed_worker_count_stops_the_crawl_command_with_a_clear_error(tmp_path, setting) -> None:
    result = run_crawl(tmp_path, "urls=http://127.0.0.1:9/", settings={"NEWSBOT_EXTRACT_WORKERS": setting})
    assert result.returncode == 2, result.log[-2000:]
    assert f"NEWSBOT_EXTRACT_WORKERS={setting!r} is not a number of processes" in result.log
    assert "Traceback" not in result.log


def test_workers_run_below_the_crawl_process_s_cpu_priority() -> None:
    assert ask_worker(niceness, 3) == min(19, os.nice(0) + 3)
    assert ask_worker(niceness, -3) == os.nice(0), "never above the crawl's (that would need privileges)"


def test_workers_start_with_what_cleaning_builds_on_first_use() -> None:
    # Built once in the server the workers fork from, not once in each worker.
    assert ask_worker(stoplist_ready) is True


def test_workers_collect_garbage_less_often() -> None:
    """Cleaning makes no reference cycles: the collector's passes were pure cost there."""
    assert ask_worker(gc_threshold)[0] >= GEN0_THRESHOLD


def test_a_worker_starts_without_importing_scrapy() -> None:
    """A worker imports the pool's module for its start-up function; Scrapy would add a
    third of a second to each worker's start (its server preloads only the cleaning stack)."""
    code = "import sys, newsbot.worker_preload, newsbot.workers; print('scrapy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False"]


def test_the_crawl_process_collects_garbage_less_often() -> None:
    before = gc.get_threshold()
    gc.set_threshold(700, *before[1:])
    try:
        CollectLessOften.from_crawler(get_crawler())
        assert gc.get_threshold() == (GEN0_THRESHOLD, *before[1:])
    finally:
        gc.set_threshold(*before)


def test_a_process_freezes_its_heap_as_it_exits() -> None:
    """The interpreter's last collections would walk the whole heap once more for nothing
    (an exit handler registered first runs last, after the freeze)."""
    code = ("import atexit, gc; atexit.register(lambda: print(gc.get_freeze_count() > 0)); "
            "from newsbot.extensions.collector import collect_less_often; "
            "collect_less_often(); collect_less_often()")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True"]
