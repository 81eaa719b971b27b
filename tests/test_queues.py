"""The scheduler queue keeps a bounded number of requests in memory and the rest on disk."""

from __future__ import annotations

from pathlib import Path

from scrapy import Request

from newsbot.queues import SpillingQueue
from tests.hostile_helpers import crawler


def test_requests_beyond_the_memory_limit_wait_on_disk_and_all_come_back(tmp_path):
    made = crawler(tmp_path, NEWSBOT_QUEUE_MEMORY=10)
    queue = SpillingQueue.from_crawler(made, "slot/0")
    urls = [f"https://n.example/2026/05/story-{i}/" for i in range(250)]
    for url in urls:
        queue.push(Request(url, meta={"newsbot_site": "n.example", "newsbot_lastmod": "2026-05-01"}))
    assert len(queue) == 250 and len(queue.memory) == 10, "only the limit stays in memory"
    folder = Path(queue.folder)
    assert any(folder.iterdir()), "the rest is in a file"
    popped = [queue.pop() for _ in range(250)]
    assert queue.pop() is None and len(queue) == 0
    assert sorted(r.url for r in popped) == sorted(urls)
    assert all(r.meta["newsbot_lastmod"] == "2026-05-01" for r in popped)
    queue.close()
    assert not folder.exists(), "the temporary folder goes with the queue"


def test_a_request_that_cannot_be_written_stays_in_memory(tmp_path):
    made = crawler(tmp_path, NEWSBOT_QUEUE_MEMORY=1)
    queue = SpillingQueue.from_crawler(made, "slot/0")
    queue.push(Request("https://n.example/a/"))
    queue.push(Request("https://n.example/b/", callback=lambda response: None))  # not the spider's
    assert len(queue) == 2
    assert {queue.pop().url, queue.pop().url} == {"https://n.example/a/", "https://n.example/b/"}
    queue.close()
