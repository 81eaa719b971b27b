"""The shared frontier's scheduler against the real Redis server: one round trip a request."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from scrapy import Request
from scrapy.exceptions import DontCloseSpider
from scrapy.utils.reactor import install_reactor

from newsbot.frontier import SharedFrontier
from newsbot.worker_server import worker_count
from newsbot.workers import BATCH_PAGES
from tests.conftest import REDIS_URL, redis_calls
from tests.hostile_helpers import crawler


def _opened(tmp_path, name: str, job: str) -> SharedFrontier:
    """An open frontier of ``job``, as one process of the crawl holds it, before its engine starts."""
    (tmp_path / name).mkdir()
    made = crawler(tmp_path / name, NEWSBOT_REDIS_URL=REDIS_URL, NEWSBOT_REDIS_JOB=job)
    made.engine = SimpleNamespace(scraper=SimpleNamespace(slot=None))  # not started: the heartbeat says busy
    install_reactor(made.settings["TWISTED_REACTOR"])  # the heartbeat's timer needs the crawl's reactor
    frontier = SharedFrontier.from_crawler(made)
    frontier.open(made.spider)
    return frontier


def test_a_request_is_filtered_and_queued_in_one_round_trip(tmp_path, redis_client, redis_job):
    client = redis_client
    frontier = _opened(tmp_path, "a", redis_job)
    made = frontier.crawler
    try:
        urls = [f"https://n.example/news/{i}/" for i in range(3)]
        before = {command: redis_calls(client, command) for command in ("sadd", "zadd", "evalsha")}
        assert [frontier.enqueue_request(Request(url)) for url in urls] == [True, True, True]
        assert not frontier.enqueue_request(Request(urls[0])), "a request made already is filtered"
        assert frontier.enqueue_request(Request(urls[0], dont_filter=True)), "unless it says so"
        urgent = "https://n.example/news/urgent/"
        assert frontier.enqueue_request(Request(urgent, priority=5))
        assert redis_calls(client, "evalsha") - before["evalsha"] == 3 + 1 + 1, "one round trip a request filtered"
        assert redis_calls(client, "sadd") - before["sadd"] == 3 + 1 + 1, "the script adds to the filter"
        assert redis_calls(client, "zadd") - before["zadd"] == 3 + 1 + 1, "and queues only what was new"
        assert made.stats.get_value("scheduler/enqueued/redis") == 5
        popped = [frontier.next_request() for _ in range(6)]
        assert popped[-1] is None and len(frontier.queue) == 0
        assert popped[0].url == urgent, "the highest priority first"
        assert sorted(request.url for request in popped[1:-1]) == sorted([*urls, urls[0]])
    finally:
        frontier.close("finished")


def test_taking_a_request_says_busy_before_the_next_beat(tmp_path, redis_client, redis_job):
    taker, other = _opened(tmp_path, "a", redis_job), _opened(tmp_path, "b", redis_job)
    try:
        key = taker._worker_key(taker.worker)
        redis_client.set(key, "0", ex=5)  # its last beat found its engine idle
        assert taker.enqueue_request(Request("https://n.example/news/last/"))
        assert other.live_workers() == {key: False}
        assert taker.next_request().url == "https://n.example/news/last/"
        assert len(other.queue) == 0 and other.live_workers() == {key: True}, \
            "the queue is empty, and the process holding its last request is busy"
        with pytest.raises(DontCloseSpider):
            other.spider_idle(other.spider)
        assert taker.next_request() is None
        assert taker.crawler.stats.get_value("scheduler/dequeued/redis") == 1
    finally:
        other.close("finished")
        taker.close("finished")


def test_a_process_takes_no_more_than_it_may_hold(tmp_path, redis_job):
    frontier = _opened(tmp_path, "a", redis_job)
    try:
        settings = frontier.crawler.settings
        assert frontier.hold_limit == settings.getint("CONCURRENT_REQUESTS") + 2 * BATCH_PAGES * worker_count(settings)
        assert frontier.enqueue_request(Request("https://n.example/news/next/"))
        held = {Request(f"https://n.example/news/{i}/") for i in range(frontier.hold_limit)}
        frontier.crawler.engine._slot = SimpleNamespace(inprogress=held)  # fetched, still being cleaned
        assert frontier.next_request() is None and len(frontier.queue) == 1, "left for the other processes"
        held.pop()  # one of them done
        assert frontier.next_request().url == "https://n.example/news/next/"
    finally:
        frontier.close("finished")
