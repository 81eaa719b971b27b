"""Retries that honour ``Retry-After``, and a per-site backoff for sites that keep failing.

Replaces Scrapy's ``RetryMiddleware`` (same ``RETRY_*`` settings). A failure (a status in
``RETRY_HTTP_CODES``, a connection error, a timeout) slows the site's download slot down
instead of putting the retry back in line at once:

- the slot waits at least what the server's ``Retry-After`` asks (seconds or an HTTP
  date), and ``NEWSBOT_BACKOFF_BASE`` doubled for every failure in a row of that site, up
  to ``NEWSBOT_BACKOFF_MAX_DELAY``. Nothing sleeps: the slot's delay holds the site's
  next request back, other sites carry on. A success halves the delay again. Answers to
  requests that were already on their way when the last failure came neither double nor
  halve the delay: they tell nothing new about the site. While a site is backed off, its
  delay does not go under the backoff's, whatever AutoThrottle makes of a fast answer.
- a ``Retry-After`` beyond ``NEWSBOT_RETRY_AFTER_MAX`` is not waited for: that page is
  given up for this run (``newsbot/retry/retry_after_too_long``).
- after ``NEWSBOT_SITE_MAX_FAILURES`` failures in a row a site is given up for the run:
  its slot's delay goes back to normal so the few requests already queued for it end
  quickly, without retries, and its other requests are skipped
  (``newsbot/skipped/site_failing``, ``newsbot/retry/sites_given_up``).

Download timeouts (``DOWNLOAD_TIMEOUT`` is the whole time of one request) back the site
off but are not retried by default (see ``RETRY_EXCEPTIONS`` in the settings): a server
that trickles its answer costs one timeout, not three.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from time import monotonic
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import DownloadTimeoutError
from scrapy.http import Request, Response
from scrapy.utils.response import response_status_message

from newsbot.exceptions import SkipRequest

logger = logging.getLogger(__name__)

_SMALLEST_DELAY = 0.1  # seconds: a backoff halved below this is over


def retry_after_seconds(value: str | bytes | None, now: datetime | None = None) -> float | None:
    """Seconds a ``Retry-After`` header asks to wait (delta seconds or HTTP date); None if absent or bad."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


@dataclass(frozen=True)
class Backoff:
    """The backoff rules (the ``NEWSBOT_BACKOFF_*``, ``NEWSBOT_RETRY_AFTER_MAX`` and
    ``NEWSBOT_SITE_MAX_FAILURES`` settings)."""

    base: float = 1.0
    max_delay: float = 60.0
    retry_after_max: float = 300.0
    site_max_failures: int = 10

    def delay(self, failures: int, retry_after: float | None = None) -> float:
        """Seconds between a site's requests after ``failures`` failures in a row; a server's
        ``Retry-After`` (up to ``retry_after_max``) may ask for more than ``max_delay``."""
        exponential = min(self.max_delay, self.base * 2 ** max(0, failures - 1))
        return max(exponential, min(retry_after or 0.0, self.retry_after_max))


@dataclass
class SlotState:
    """A download slot this middleware slowed down, and how it was before."""

    failures: int = 0
    delay: float = 0.0  # the delay this middleware set; 0: not backed off
    jitter: float | None = None  # the slot's own jitter, put back when the backoff ends
    given_up: bool = False
    failed_at: float = float("-inf")  # monotonic time of the last failure


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retries, paced per site by ``Retry-After`` and exponential backoff."""

    def __init__(self, crawler: Crawler, backoff: Backoff) -> None:
        super().__init__(crawler.settings)
        self.crawler = crawler
        self.backoff = backoff
        self.base_delay = crawler.settings.getfloat("DOWNLOAD_DELAY")
        self.slots: dict[str, SlotState] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "BackoffRetryMiddleware":
        settings = crawler.settings
        middleware = cls(crawler, Backoff(
            base=settings.getfloat("NEWSBOT_BACKOFF_BASE"),
            max_delay=settings.getfloat("NEWSBOT_BACKOFF_MAX_DELAY"),
            retry_after_max=settings.getfloat("NEWSBOT_RETRY_AFTER_MAX"),
            site_max_failures=settings.getint("NEWSBOT_SITE_MAX_FAILURES"),
        ))
        crawler.signals.connect(middleware.response_downloaded, signal=signals.response_downloaded)
        return middleware

    def response_downloaded(self, response: Response, request: Request, spider: Any) -> None:
        """Hold a backed-off slot at the backoff's delay at least.

        AutoThrottle (connected earlier, so called first) sets the slot's delay from each
        answer's latency, and the downloader sends the slot's next request right after this
        signal, before any middleware sees the answer: a fast answer to a request sent
        before a ``Retry-After`` would otherwise let the retry go out early.
        """
        if not self.slots:  # no site backed off: the usual case, every answer
            return
        key = self._slot_key(request)
        state = self.slots.get(key)
        slot = self.crawler.engine.downloader.slots.get(key)
        if state is not None and state.delay and not state.given_up and slot is not None:
            slot.delay = max(slot.delay, state.delay)

    def _slot_key(self, request: Request) -> str:
        downloader = self.crawler.engine.downloader
        return request.meta.get(downloader.DOWNLOAD_SLOT) or downloader.get_slot_key(request)

    def _given_up(self, request: Request) -> bool:
        state = self.slots.get(self._slot_key(request))
        return state is not None and state.given_up

    def process_request(self, request: Request) -> None:
        if self._given_up(request):
            self.crawler.stats.inc_value("newsbot/skipped/site_failing")
            raise SkipRequest(f"{request.url}: its site failed {self.backoff.site_max_failures} times in a row")

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if response.status not in self.retry_http_codes:
            self._succeeded(request)
            return response
        retry_after = retry_after_seconds(response.headers.get(b"Retry-After"))
        self._failed(request, retry_after)
        if request.meta.get("dont_retry", False) or self._given_up(request):
            return response
        if retry_after is not None and retry_after > self.backoff.retry_after_max:
            self.crawler.stats.inc_value("newsbot/retry/retry_after_too_long")
            logger.info("Not retrying %s: Retry-After %.0f s is over NEWSBOT_RETRY_AFTER_MAX", request.url, retry_after)
            return response
        return self._retry(request, response_status_message(response.status)) or response

    def process_exception(self, request: Request, exception: Exception) -> Request | Response | None:
        if isinstance(exception, (DownloadTimeoutError, *self.exceptions_to_retry)):
            self._failed(request, None)
        if self._given_up(request):
            return None
        return super().process_exception(request, exception)

    def _failed(self, request: Request, retry_after: float | None) -> None:
        """Back the request's site off: its slot waits longer before each next request."""
        key = self._slot_key(request)
        state = self.slots.setdefault(key, SlotState())
        if state.given_up:
            return
        if not _sent_before(request, state.failed_at):
            state.failures += 1
        state.failed_at = monotonic()
        slot = self.crawler.engine.downloader.slots.get(key)
        if state.failures >= self.backoff.site_max_failures > 0:
            self._give_up(key, state, slot)
            return
        delay = self.backoff.delay(state.failures, retry_after)
        if slot is None:
            return
        if state.jitter is None:
            state.jitter = slot.jitter
        slot.jitter = 0.0  # a random shortening must not undercut Retry-After
        slot.delay = max(slot.delay, delay)
        slot.lastseen = monotonic()  # count the wait from this answer, not from the request
        state.delay = slot.delay
        stats = self.crawler.stats
        stats.inc_value("newsbot/retry/backoff")
        stats.max_value("newsbot/retry/max_delay", round(slot.delay, 3))
        logger.debug("Backing off %s: %.1f s between requests after %d failures", key, slot.delay, state.failures)

    def _give_up(self, key: str, state: SlotState, slot: Any) -> None:
        """Stop crawling a site that keeps failing; what is queued for it fails fast."""
        state.given_up = True
        if slot is not None and state.delay:
            slot.delay = self.base_delay
            slot.jitter = state.jitter if state.jitter is not None else slot.jitter
        self.crawler.stats.inc_value("newsbot/retry/sites_given_up")
        logger.warning("Giving up on %s for this run: %d failures in a row", key, state.failures)

    def _succeeded(self, request: Request) -> None:
        """A success ends the run of failures and halves the backoff delay."""
        key = self._slot_key(request)
        state = self.slots.get(key)
        if state is None or state.given_up or _sent_before(request, state.failed_at):
            return
        state.failures = 0
        slot = self.crawler.engine.downloader.slots.get(key)
        if slot is None or not state.delay:
            del self.slots[key]
            return
        if slot.delay == state.delay:  # still the backoff's delay, not AutoThrottle's
            halved = slot.delay / 2
            slot.delay = state.delay = halved if halved > self.base_delay + _SMALLEST_DELAY else self.base_delay
            if slot.delay > self.base_delay:
                return
        slot.jitter = state.jitter if state.jitter is not None else slot.jitter
        del self.slots[key]


def _sent_before(request: Request, moment: float) -> bool:
    """Whether the request went out before ``moment`` (unknown: no)."""
    latency = request.meta.get("download_latency")
    return latency is not None and monotonic() - latency < moment
