"""Run page cleaning in worker processes so downloading goes on while pages are cleaned.

A pebble process pool gives each page a time limit and replaces a worker that hangs or
dies; that page alone is lost (and counted), never the crawl. With zero workers cleaning
runs in the crawl process itself, without a time limit.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import Callable
from concurrent.futures import TimeoutError as FutureTimeout

from pebble import ProcessExpired, ProcessPool

from newsbot.cleaning import Cleaned, clean_page
from newsbot.extract import ExtractOptions


Cleaner = Callable[[str, str, ExtractOptions], Cleaned]


class CleaningTimeout(Exception):
    """A page took longer than the time limit to clean; its worker was replaced."""


class CleaningCrash(Exception):
    """The worker cleaning a page died (killed, out of memory, crashed)."""


class CleaningPool:
    """Clean pages in ``workers`` processes (0: in this process), ``timeout`` seconds each,
    with ``cleaner`` (``clean_page`` or a function of the same signature)."""

    def __init__(self, workers: int, timeout: float, cleaner: Cleaner = clean_page) -> None:
        self.workers = workers
        self.timeout = timeout
        self.cleaner = cleaner
        self.pool: ProcessPool | None = None
        if workers > 0:
            context = multiprocessing.get_context("forkserver")
            # The extraction stack (trafilatura, lxml, datasketch and its scipy) is imported
            # once, in the server the workers fork from, not in each worker nor again in one
            # that replaces a lost worker.
            context.set_forkserver_preload([clean_page.__module__])
            self.pool = ProcessPool(max_workers=workers, context=context)

    async def clean(self, html: str, url: str, options: ExtractOptions) -> Cleaned:
        """The cleaned page; raises CleaningTimeout or CleaningCrash for a lost page."""
        if self.pool is None:
            return self.cleaner(html, url, options)
        future = self.pool.schedule(self.cleaner, args=(html, url, options), timeout=self.timeout)
        try:
            return await asyncio.wrap_future(future)
        except FutureTimeout as exc:
            raise CleaningTimeout(f"cleaning took over {self.timeout:g} s") from exc
        except ProcessExpired as exc:
            raise CleaningCrash(f"cleaning worker died ({exc})") from exc

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
            try:
                self.pool.join(timeout=30)
            except TimeoutError:  # a worker will not finish: end them all
                self.pool.stop()
                self.pool.join()
