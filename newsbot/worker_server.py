"""The server the cleaning workers fork from: what it imports before any worker starts,
and how many workers a crawl has.

Light on purpose: the crawl command imports it before the rest of the crawl is loaded, to
start the server first thing (:func:`start_server`).
"""

from __future__ import annotations

import multiprocessing
import os
from multiprocessing import forkserver
from multiprocessing.context import ForkServerContext
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the workers import this module too, and need no Scrapy
    from scrapy.settings import BaseSettings

# What the server imports once, so that no worker (nor one that replaces a lost worker)
# does it again (see the module).
PRELOAD = ("newsbot.worker_preload",)


def start_server() -> ForkServerContext:
    """Start the server, if it is not running yet, and return its context.

    The server imports the cleaning stack (:data:`PRELOAD`) on its own, for half a second
    or more, and no worker starts before it is done. Started as the crawl command reads its
    options, before Scrapy loads the spiders and the rest of the crawl, it is done by the time
    the first pages arrive (1.3 s against 1.7 s after the command): started with the cleaning
    pipeline, after the rest of Scrapy's start-up, the first pages waited a second or more
    for it."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(PRELOAD))
    forkserver.ensure_running()
    return context


def usable_cores() -> list[int]:
    """The cores this process may run on: fewer than the machine's under ``taskset``, a
    container's CPU set or a scheduler that pins its jobs."""
    if hasattr(os, "sched_getaffinity"):
        return sorted(os.sched_getaffinity(0))
    return list(range(os.cpu_count() or 1))


def worker_count(settings: BaseSettings) -> int:
    """``NEWSBOT_EXTRACT_WORKERS``; one per usable core when it is empty. Raises ValueError,
    naming the setting, for anything but a whole number from 0 up."""
    workers = settings.get("NEWSBOT_EXTRACT_WORKERS")
    if workers in (None, ""):
        return len(usable_cores())
    try:
        count = int(workers)
    except (TypeError, ValueError):
        count = -1
    if count < 0:
        raise ValueError(f"NEWSBOT_EXTRACT_WORKERS={workers!r} is not a number of processes: give 0"
                         " (clean in the crawl process), 1 or more, or nothing (one per usable core)")
    return count
