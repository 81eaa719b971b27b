"""Run page cleaning in worker processes so downloading goes on while pages are cleaned.

A pebble process pool gives each page a time limit and replaces a worker that hangs or
dies; that page alone is lost (and counted), never the crawl. With zero workers cleaning
runs in the crawl process itself, without a time limit.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, wait
from concurrent.futures import TimeoutError as FutureTimeout
from multiprocessing import forkserver

from pebble import ProcessExpired, ProcessPool

from newsbot.cleaning import Cleaned, clean_page
from newsbot.extensions.collector import collect_less_often
from newsbot.extract import ExtractOptions


Cleaner = Callable[[str, str, ExtractOptions], Cleaned]


# What the server the workers fork from imports once (see the module).
PRELOAD = ("newsbot.worker_preload",)


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
        if workers > 0:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(list(PRELOAD))
            forkserver.ensure_running()
            self.pool = ProcessPool(max_workers=workers, context=context,
                                    initializer=_start_worker, initargs=(niceness,))
            # A worker can start only once its server has imported the cleaning stack (one to
            # two seconds): they start in a thread of their own, and the crawl downloads meanwhile.
            threading.Thread(target=_start_pool, args=(self.pool, self._started),
                             name="newsbot-cleaning-start", daemon=True).start()

    async def clean(self, html: str, url: str, options: ExtractOptions) -> Cleaned:
        """The cleaned page; raises CleaningTimeout or CleaningCrash for a lost page."""
        if self.pool is None:
            return self.cleaner(html, url, options)
        if not self._started.done():
            await asyncio.wrap_future(self._started)
        future = self.pool.schedule(self.cleaner, args=(html, url, options), timeout=self.timeout)
        try:
            return await asyncio.wrap_future(future)
        except FutureTimeout as exc:
            raise CleaningTimeout(f"cleaning took over {self.timeout:g} s") from exc
        except ProcessExpired as exc:
            raise CleaningCrash(f"cleaning worker died ({exc})") from exc

    def close(self) -> None:
        if self.pool is not None:
            wait([self._started])  # a pool closed while it starts would be marked running again
            self.pool.close()
            try:
                self.pool.join(timeout=30)
            except TimeoutError:  # a worker will not finish: end them all
                self.pool.stop()
                self.pool.join()
