"""Retries that honour Retry-After, and the backoff of sites that keep failing."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from time import monotonic

import pytest
from scrapy import Request, signals
from scrapy.core.downloader import Slot
from scrapy.exceptions import DownloadTimeoutError
from scrapy.extensions.throttle import AutoThrottle
from scrapy.http import Response
from twisted.internet.error import ConnectionRefusedError

from newsbot.exceptions import SkipRequest
from newsbot.middlewares.retry import Backoff, BackoffRetryMiddleware, retry_after_seconds
from tests.hostile_helpers import crawler

URL = "https://busy.example/story/"


def test_retry_after_values():
    now = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)
    assert retry_after_seconds("120") == 120
    assert retry_after_seconds(b" 7 ") == 7
    assert retry_after_seconds(format_datetime(now + timedelta(seconds=90), usegmt=True), now) == 90
    assert retry_after_seconds(format_datetime(now - timedelta(seconds=90), usegmt=True), now) == 0
    for bad in (None, "", "soon", "-5", "Mon, 99 Foo 2026"):
        assert retry_after_seconds(bad, now) is None


def test_backoff_delays():
    backoff = Backoff(base=1, max_delay=60, retry_after_max=300)
    assert [backoff.delay(n) for n in (1, 2, 3, 7, 8, 20)] == [1, 2, 4, 60, 60, 60]
    assert backoff.delay(1, retry_after=120) == 120, "Retry-After may ask for more than the backoff"
    assert backoff.delay(1, retry_after=3600) == 300


class StubDownloader:
    DOWNLOAD_SLOT = "download_slot"

    def __init__(self) -> None:
        self.slots = {"busy.example": Slot(concurrency=4, delay=0.0, jitter=0.5)}

    def get_slot_key(self, request: Request) -> str:
        return "busy.example"


@pytest.fixture
def made(tmp_path):
    made = crawler(tmp_path, NEWSBOT_SITE_MAX_FAILURES=4, NEWSBOT_RETRY_AFTER_MAX=60)
    made.engine.downloader = StubDownloader()
    return made


@pytest.fixture
def middleware(made):
    return BackoffRetryMiddleware.from_crawler(made)


def _slot(middleware) -> Slot:
    return middleware.crawler.engine.downloader.slots["busy.example"]


def _answer(status: int, **headers: str) -> Response:
    return Response(URL, status=status, headers=headers, request=Request(URL))


def test_429_with_retry_after_delays_the_site_not_the_reactor(middleware):
    request = Request(URL)
    before = monotonic()
    retry = middleware.process_response(request, _answer(429, **{"Retry-After": "5"}))
    assert isinstance(retry, Request) and retry.meta["retry_times"] == 1, "returned at once, to be rescheduled"
    slot = _slot(middleware)
    assert slot.delay == 5 and slot.jitter == 0, "no random shortening below Retry-After"
    assert slot.download_delay() == 5 and slot.lastseen >= before
    assert middleware.crawler.stats.get_value("newsbot/retry/backoff") == 1


def test_failures_in_a_row_double_the_delay_and_successes_halve_it(middleware):
    slot = _slot(middleware)
    for expected in (1, 2, 4):
        middleware.process_response(Request(URL), _answer(503))
        assert slot.delay == expected
    middleware.process_response(Request(URL), _answer(200))
    assert slot.delay == 2
    for _ in range(5):  # 1, 0.5, 0.25, 0.125, then the slot's own delay
        middleware.process_response(Request(URL), _answer(200))
    assert slot.delay == 0 and slot.jitter == 0.5, "back to the slot's own pace"
    middleware.process_response(Request(URL), _answer(503))
    assert slot.delay == 1, "the run of failures started over"


def test_a_retry_after_beyond_the_maximum_is_not_waited_for(middleware):
    response = _answer(503, **{"Retry-After": "86400"})
    assert middleware.process_response(Request(URL), response) is response
    assert middleware.crawler.stats.get_value("newsbot/retry/retry_after_too_long") == 1
    assert _slot(middleware).delay == 60


def test_timeouts_back_off_but_are_not_retried(middleware):
    assert middleware.process_exception(Request(URL), DownloadTimeoutError("took longer than 20.0 seconds")) is None
    assert _slot(middleware).delay == 1
    retry = middleware.process_exception(Request(URL), ConnectionRefusedError())
    assert isinstance(retry, Request)
    assert _slot(middleware).delay == 2


def test_a_site_that_keeps_failing_is_given_up(middleware):
    for _ in range(3):
        middleware.process_response(Request(URL), _answer(500))
    assert _slot(middleware).delay == 4
    response = _answer(500)
    assert middleware.process_response(Request(URL), response) is response, "no retry once given up"
    assert _slot(middleware).delay == 0, "what is queued for the site ends quickly"
    with pytest.raises(SkipRequest):
        middleware.process_request(Request(URL + "next/"))
    stats = middleware.crawler.stats
    assert stats.get_value("newsbot/skipped/site_failing") == 1
    assert stats.get_value("newsbot/retry/sites_given_up") == 1


def test_answers_to_requests_already_in_flight_change_nothing(middleware):
    slot = _slot(middleware)
    in_flight = Request(URL + "sitemap.xml")
    middleware.process_response(Request(URL), _answer(429, **{"Retry-After": "3"}))
    in_flight.meta["download_latency"] = 10.0  # it went out before the 429 came back
    middleware.process_response(in_flight, _answer(404))
    assert slot.delay == 3, "Retry-After still holds"
    middleware.process_response(in_flight, _answer(503))
    assert slot.delay == 3, "the same failure is not counted twice"
    middleware.process_response(Request(URL), _answer(503))
    assert slot.delay == 3 and middleware.slots["busy.example"].failures == 2


def test_autothrottle_does_not_cut_a_retry_after_short(made):
    # Scrapy builds the extensions before the downloader's middlewares, so AutoThrottle
    # hears of each answer first, and the slot's next request goes out right after.
    throttle = AutoThrottle.from_crawler(made)
    throttle._spider_opened(made.spider)
    middleware = BackoffRetryMiddleware.from_crawler(made)
    slot = _slot(middleware)
    middleware.process_response(Request(URL), _answer(429, **{"Retry-After": "3"}))
    in_flight = Request(URL + "fast/", meta={"download_slot": "busy.example", "download_latency": 0.01})
    made.signals.send_catch_log(signals.response_downloaded, response=Response(in_flight.url, request=in_flight),
                                request=in_flight, spider=made.spider)
    assert slot.delay == 3, "the fast answer went out before the 429 came back"
    throttle._adjust_delay(slot, 60.0, Response(URL))
    assert slot.delay == 30, "AutoThrottle may still ask for more"
