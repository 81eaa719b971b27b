"""A cleaner for tests: hangs or kills its worker on the pages named by environment variables."""

import gc
import os
import time

from newsbot.cleaning import Cleaned, clean_page
from newsbot.extract import ExtractOptions


def clean(html: str, url: str, options: ExtractOptions) -> Cleaned:
    if os.environ.get("NEWSBOT_TEST_HANG", "\0") in url:
        time.sleep(3600)
    if os.environ.get("NEWSBOT_TEST_CRASH", "\0") in url:
        os._exit(1)  # the worker dies as on a segfault or the OOM killer
    return clean_page(html, url, options)


def niceness(html: str, url: str, options: ExtractOptions) -> int:
    """Not a cleaner at all: the CPU priority (nice value) of the worker it runs in."""
    return os.nice(0)


def gc_threshold(html: str, url: str, options: ExtractOptions) -> tuple[int, int, int]:
    """Not a cleaner at all: the garbage collector's thresholds in the worker it runs in."""
    return gc.get_threshold()


def stoplist_ready(html: str, url: str, options: ExtractOptions) -> bool:
    """Not a cleaner at all: whether trafilatura's all-language stoplist was built before
    the worker it runs in started."""
    from trafilatura import external

    return external.JT_STOPLIST is not None


def by_url(html: str, url: str, options: ExtractOptions) -> Cleaned:
    """Hangs, kills its worker or fails on a page whose URL says so; cleans no other page."""
    if "hang" in url:
        time.sleep(3600)
    if "crash" in url:
        os._exit(1)
    if "fail" in url:
        raise ValueError(f"failed on {url}")
    return Cleaned(None, None)
