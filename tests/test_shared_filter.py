"""The shared crawl's pre-check: links another process requested are dropped in one round trip."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy_redis.dupefilter import RFPDupeFilter

from newsbot.frontier import dupefilter_key, job_namespace
from newsbot.items import Page
from newsbot.middlewares.shared_filter import SharedFilterMiddleware
from tests.conftest import REDIS_URL, redis_calls
from tests.hostile_helpers import crawler, page


def test_without_a_shared_frontier_it_stays_out(tmp_path):
    with pytest.raises(NotConfigured):
        SharedFilterMiddleware.from_crawler(crawler(tmp_path, NEWSBOT_REDIS_URL=""))


def test_links_requested_by_another_process_are_dropped_in_one_round_trip(tmp_path, redis_client, redis_job):
    client, job = redis_client, redis_job
    made = crawler(tmp_path, NEWSBOT_REDIS_URL=REDIS_URL, NEWSBOT_REDIS_JOB=job)
    middleware = SharedFilterMiddleware.from_crawler(made)
    middleware.spider_opened(made.spider)
    other = RFPDupeFilter(client, dupefilter_key(job_namespace(made.spider, job)))
    taken = [Request(f"https://n.example/news/{i}/") for i in range(3)]
    for request in taken:
        assert not other.request_seen(request)  # another process claims them
    item = Page(url="https://n.example/", html="<p>x</p>", site="site", fetched_at="2026-11-26T00:00:00+00:00")
    fresh = [Request(f"https://n.example/news/{i}/") for i in range(3, 6)]
    forced = Request("https://n.example/news/0/", dont_filter=True)
    before = redis_calls(client, "smismember")
    out = list(middleware.process_spider_output(page("https://n.example/"), [item, *taken, *fresh, forced]))
    assert out == [item, forced, *fresh]
    assert redis_calls(client, "smismember") == before + 1
    assert made.stats.get_value("newsbot/frontier/requested_elsewhere") == 3
    assert list(middleware.process_spider_output(page("https://n.example/"), [item])) == [item]
    assert redis_calls(client, "smismember") == before + 1, "a response without links costs nothing"
