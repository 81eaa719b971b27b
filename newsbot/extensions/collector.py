"""Python's garbage collector, run less often in a crawl's processes.

A crawl allocates requests, responses, trees and items by the thousand, nearly all freed
by reference counting as soon as they are done with. With the default threshold (a pass
every 700 new container objects, and every hundredth pass a walk of the whole heap) the
collector took over a second of the crawl process's CPU on a 1,000-article loopback crawl,
mostly walking the long-lived objects of Scrapy and the extraction stack again and again.
A threshold of 10,000 finds the same reference cycles in a fraction of the passes; garbage
that waits longer holds little, since page trees are freed without the collector (see
:mod:`newsbot.page_tree`). Cleaning makes no reference cycles at all, so the workers'
passes were pure cost.

As a process exits, the interpreter's last collections walk its whole heap once more:
half a second of a crawl process's CPU after the crawl has ended, for memory the system
takes back anyway. The heap is frozen first (``gc.freeze``), so they find nothing to walk.
"""

from __future__ import annotations

import atexit
import gc
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the cleaning workers import this module too, and need no Scrapy
    from scrapy.crawler import Crawler

GEN0_THRESHOLD = 10_000


def collect_less_often() -> None:
    """Raise the threshold of the youngest generation (never lower it), and freeze the
    heap when the process exits."""
    young, middle, old = gc.get_threshold()
    gc.set_threshold(max(young, GEN0_THRESHOLD), middle, old)
    atexit.unregister(gc.freeze)  # once, however often this is called
    atexit.register(gc.freeze)


class CollectLessOften:
    """Set the crawl process's collector threshold as the crawl starts (the cleaning
    workers set theirs as they start, see :mod:`newsbot.workers`)."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "CollectLessOften":
        collect_less_often()
        return cls()
