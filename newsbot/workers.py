"""Run page cleaning in worker processes so downloading goes on while pages are cleaned.

A pebble process pool gives each hand-over a time limit and replaces a worker that hangs
or dies; one page alone is lost (and counted), never the crawl. With zero workers cleaning
runs in the crawl process itself, without a time limit.

Pages go to a worker a few at a time (:data:`BATCH_PAGES`): each hand-over costs the crawl
process the same work in pebble's threads (a message there and two back, a future, thread
switches) whatever it carries, and that work was an eighth of the crawl process's CPU. A
hand-over that times out or loses its worker is tried again a page at a time, so only the
page that hangs or crashes is lost.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, wait
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from pebble import ProcessExpired, ProcessPool

from newsbot.cleaning import Cleaned, clean_page
from newsbot.extensions.collector import collect_less_often
from newsbot.extract import ExtractOptions
from newsbot.worker_server import start_server


Cleaner = Callable[[str, str, ExtractOptions], Cleaned]
Task = tuple[str, str, ExtractOptions]

# Pages handed to a worker at once, and how long a page waits for others to join it. At
# four a page, pebble's threads still took 9% of the crawl process's CPU; at eight, a
# 2,000-article crawl's process took about 0.5 of 13 CPU seconds less (16 and 32: no less).
BATCH_PAGES = 8
BATCH_WAIT = 0.005


def _start_worker(niceness: int) -> None:
    """Run in each worker as it starts: collect garbage less often (as the crawl process
    does, see :mod:`newsbot.extensions.collector`) and lower the worker's CPU priority.

    The crawl process downloads, parses for links and hands the workers their pages:
    given the CPU first when three busy processes share two cores, it keeps them fed, and
    a crawl takes a few percent less time."""
    collect_less_often()
    if niceness > 0:  # a higher priority than the crawl's would need privileges
        os.nice(niceness)


def _start_pool(pool: ProcessPool, started: Future[None]) -> None:
    """Start the pool's workers (pebble starts them on first use) and say so in ``started``."""
    try:
        if not pool.active:
            raise RuntimeError("the cleaning workers did not start")
    except BaseException as exc:  # noqa: BLE001 - handed to every page that waits for them
        started.set_exception(exc)
    else:
        started.set_result(None)


def clean_batch(cleaner: Cleaner, tasks: list[Task]) -> list[tuple[bool, Any]]:
    """Run in a worker: ``(True, cleaned)`` or ``(False, exception)`` for each page."""
    results: list[tuple[bool, Any]] = []
    for task in tasks:
        try:
            results.append((True, cleaner(*task)))
        except Exception as exc:  # noqa: BLE001 - the page's own failure, reported with it
            results.append((False, exc))
    return results


def _caused(exc: Exception, cause: BaseException) -> Exception:
    exc.__cause__ = cause
    return exc


class CleaningTimeout(Exception):
    """A page took longer than the time limit to clean; its worker was replaced."""


class CleaningCrash(Exception):
    """The worker cleaning a page died (killed, out of memory, crashed)."""


class CleaningPool:
    """Clean pages in ``workers`` processes (0: in this process), ``timeout`` seconds each,
    with ``cleaner`` (``clean_page`` or a function of the same signature); the workers run
    ``niceness`` steps below this process's CPU priority."""

    def __init__(self, workers: int, timeout: float, cleaner: Cleaner = clean_page, niceness: int = 0) -> None:
        self.workers = workers
        self.timeout = timeout
        self.cleaner = cleaner
        self.pool: ProcessPool | None = None
        self._started: Future[None] = Future()
        self._waiting: list[tuple[Task, asyncio.Future[Cleaned]]] = []  # pages for the next hand-over
        self._timer: asyncio.TimerHandle | None = None
        if workers > 0:
            self.pool = ProcessPool(max_workers=workers, context=start_server(),
                                    initializer=_start_worker, initargs=(niceness,))
            # A worker can start only once its server has imported the cleaning stack (one to
            # two seconds): they start in a thread of their own, and the crawl downloads meanwhile.
            threading.Thread(target=_start_pool, args=(self.pool, self._started),
                             name="newsbot-cleaning-start", daemon=True).start()

    @property
    def ready(self) -> bool:
        """Whether a page handed over now is cleaned without waiting for the workers to start."""
        return self.pool is None or self._started.done()

    async def clean(self, html: str, url: str, options: ExtractOptions) -> Cleaned:
        """The cleaned page; raises CleaningTimeout or CleaningCrash for a lost page."""
        if self.pool is None:
            return self.cleaner(html, url, options)
        if not self._started.done():
            await asyncio.wrap_future(self._started)
        loop = asyncio.get_running_loop()
        page: asyncio.Future[Cleaned] = loop.create_future()
        self._waiting.append(((html, url, options), page))
        if len(self._waiting) >= BATCH_PAGES:
            self._hand_over()
        elif self._timer is None:
            self._timer = loop.call_later(BATCH_WAIT, self._hand_over)
        return await page

    def _hand_over(self) -> None:
        """Send the waiting pages to a worker together."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        batch, self._waiting = self._waiting, []
        if batch:
            self._schedule(batch)

    def _schedule(self, batch: list[tuple[Task, asyncio.Future[Cleaned]]]) -> None:
        assert self.pool is not None
        loop = batch[0][1].get_loop()
        try:
            future = self.pool.schedule(clean_batch, args=(self.cleaner, [task for task, _ in batch]),
                                        timeout=self.timeout)
        except Exception as exc:  # noqa: BLE001 - a broken pool: each page hears of it
            for _, page in batch:
                if not page.done():
                    page.set_exception(exc)
            return
        future.add_done_callback(lambda done: loop.call_soon_threadsafe(self._settle, batch, done))

    def _settle(self, batch: list[tuple[Task, asyncio.Future[Cleaned]]], done: Future[Any]) -> None:
        """Give each page of a hand-over its outcome; when the hand-over failed as a whole
        (a time-out, a lost worker), try its pages again one by one."""
        try:
            results = done.result()
        except Exception as exc:  # noqa: BLE001 - sorted out below, page by page
            if len(batch) > 1:
                for one in batch:
                    self._schedule([one])
                return
            _, page = batch[0]
            if isinstance(exc, FutureTimeout):
                exc = _caused(CleaningTimeout(f"cleaning took over {self.timeout:g} s"), exc)
            elif isinstance(exc, ProcessExpired):
                exc = _caused(CleaningCrash(f"cleaning worker died ({exc})"), exc)
            if not page.done():
                page.set_exception(exc)
            return
        for (_, page), (ok, value) in zip(batch, results):
            if page.done():  # its caller gave up waiting
                continue
            if ok:
                page.set_result(value)
            else:
                page.set_exception(value)

    def close(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        for _, page in self._waiting:  # none are left once the crawl's items are done
            page.cancel()
        if self.pool is not None:
            wait([self._started])  # a pool closed while it starts would be marked running again
            self.pool.close()
            try:
                self.pool.join(timeout=30)
            except TimeoutError:  # a worker will not finish: end them all
                self.pool.stop()
                self.pool.join()
