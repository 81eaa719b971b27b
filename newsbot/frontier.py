"""A crawl frontier shared by many crawler processes through Redis (scrapy-redis).

Processes started with the same command line (or the same ``NEWSBOT_REDIS_JOB``) share
one request queue and one duplicate filter, so each page is fetched once in all. Each
process keeps a heartbeat key saying whether it is busy; a process closes only when the
queue is empty and no live process is busy, so none stops while another may still add
work, and a dead process (its heartbeat expired) never holds the others up. Taking a
request from the queue marks the process busy in the same step: one that finds the queue
empty never finds the holder of its last request idle. A process takes no more while it
holds requests not yet done with (downloading, or fetched and not yet cleaned) as many as
it downloads at once (``CONCURRENT_REQUESTS``) plus two hand-overs for each of its
cleaning workers (one in the crawl process when it has none): one whose downloads outrun
its cleaning would otherwise take most of the queue and leave the other processes idle.

What a killed process had taken from the queue is not lost for good: the duplicate filter
is cleared when the last process of a crawl ends (or, after a crawl whose processes all
died, when the next one starts), so the next run of the same command finds those pages
again, while the store's seen-set keeps it from fetching stored articles twice.

Each crawl gets an id, shared by its processes and recorded with each one's run, so the
run health check judges a crawl by the figures of all its processes together.
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import uuid

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler
from twisted.internet.task import LoopingCall

from newsbot.health import CRAWL_STAT
from newsbot.worker_server import worker_count
from newsbot.workers import BATCH_PAGES

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 0.5
HEARTBEAT_TTL = 5  # seconds without a beat after which a process counts as gone

# A request's fingerprint goes into the duplicate filter and, when it was not there, the
# request into the priority queue: one atomic round trip where scrapy-redis makes two.
ENQUEUE_SCRIPT = """
if redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
return 1
"""
# The first request of the priority queue taken (as scrapy-redis's PriorityQueue.pop takes
# it) and the process's heartbeat set to busy, in one atomic step.
DEQUEUE_SCRIPT = """
local found = redis.call('ZRANGE', KEYS[1], 0, 0)
if #found == 0 then return false end
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, 0)
redis.call('SET', KEYS[2], '1', 'EX', ARGV[1])
return found[1]
"""


def shapes_key(namespace: str) -> str:
    """Redis hash of the crawl's URL-shape counts (see :mod:`newsbot.middlewares.traps`)."""
    return f"{namespace}:shapes"


def dupefilter_key(namespace: str) -> str:
    """Redis set of the fingerprints of every request the crawl's processes have made."""
    return f"{namespace}:dupefilter"


def crawl_key(namespace: str) -> str:
    """Redis key of the id of the crawl under way: its processes share it, the next crawl
    of the same job gets a new one (each process's run records it, see newsbot.health)."""
    return f"{namespace}:crawl"


def job_namespace(spider: Spider, job: str | None) -> str:
    """Redis key prefix of a crawl: the given job name, else a digest of its start URLs."""
    if not job:
        starts = sorted(url for site in getattr(spider, "sites", {}).values() for url in site.start_urls)
        job = hashlib.sha1("\n".join(starts).encode("utf-8")).hexdigest()[:12]
    return f"newsbot:{spider.name}:{job}"


class SharedFrontier(Scheduler):
    """scrapy-redis scheduler with a per-job namespace, worker heartbeats and a safe end."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "SharedFrontier":
        scheduler = super().from_crawler(crawler)
        scheduler.crawler = crawler
        scheduler.job = crawler.settings.get("NEWSBOT_REDIS_JOB")
        scheduler.worker = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        scheduler.hold_limit = (crawler.settings.getint("CONCURRENT_REQUESTS")
                                + 2 * BATCH_PAGES * max(1, worker_count(crawler.settings)))
        crawler.signals.connect(scheduler.spider_idle, signal=signals.spider_idle)
        return scheduler

    def open(self, spider: Spider) -> None:
        self.namespace = job_namespace(spider, self.job)
        self.queue_key = f"{self.namespace}:requests"
        self.df = RFPDupeFilter(self.server, key=dupefilter_key(self.namespace))
        with self.server.lock(f"{self.namespace}:start-lock", timeout=30, blocking_timeout=30):
            if not self.live_workers():
                # No process of this crawl is alive: whatever the filter holds is from an
                # ended or dead crawl, and must not hide pages from this one.
                self._clear_job()
            self.server.set(crawl_key(self.namespace), uuid.uuid4().hex, nx=True)
            crawl = self.server.get(crawl_key(self.namespace)).decode()
            self._beat()
        self.crawler.stats.set_value(CRAWL_STAT, crawl)
        super().open(spider)
        self.enqueue_script = self.server.register_script(ENQUEUE_SCRIPT)
        self.dequeue_script = self.server.register_script(DEQUEUE_SCRIPT)
        self.heartbeat = LoopingCall(self._beat)
        self.heartbeat.start(HEARTBEAT_SECONDS, now=False)
        logger.info("Shared frontier %s (worker %s, %d requests queued)",
                    self.namespace, self.worker, len(self.queue))

    def enqueue_request(self, request: Request) -> bool:
        """Queue the request unless a process of the crawl requested it already."""
        if request.dont_filter or not isinstance(self.queue, PriorityQueue):
            return super().enqueue_request(request)
        queued = self.enqueue_script(
            keys=[self.df.key, self.queue.key],
            args=[self.df.request_fingerprint(request), -request.priority,
                  self.queue._encode_request(request)],  # as PriorityQueue.push encodes it
        )
        if not queued:
            self.df.log(request, spider=self.spider)
            return False
        self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        """Take the next request and say this process is busy, at once. Between beats the
        heartbeat may still say idle: another process finding the queue empty would then
        close, though this one may queue more work from the page it just took. None while
        this process holds as many requests as it may (the engine asks again as each is done)."""
        if self._holds_enough():
            return None
        if not isinstance(self.queue, PriorityQueue):
            return super().next_request()
        found = self.dequeue_script(keys=[self.queue.key, self._worker_key(self.worker)], args=[HEARTBEAT_TTL])
        if found is None:
            return None
        self.stats.inc_value("scheduler/dequeued/redis")
        return self.queue._decode_request(found)

    def _holds_enough(self) -> bool:
        slot = getattr(self.crawler.engine, "_slot", None)
        return slot is not None and len(slot.inprogress) >= self.hold_limit

    def _clear_job(self) -> None:
        """Forget what this crawl's processes filtered and judged."""
        self.df.clear()
        self.server.delete(shapes_key(self.namespace), crawl_key(self.namespace))

    def _worker_key(self, worker: str) -> str:
        return f"{self.namespace}:worker:{worker}"

    def _beat(self) -> None:
        """Say this process is alive, and busy unless its engine is idle; wake an idle engine
        (Scrapy itself looks again only every 5 s) to take work other processes queued, or
        to close as soon as none is left and no other process is busy."""
        engine = self.crawler.engine
        started = engine is not None and engine.scraper.slot is not None
        busy = not started or not engine.spider_is_idle()
        self.server.set(self._worker_key(self.worker), "1" if busy else "0", ex=HEARTBEAT_TTL)
        if started and engine._slot is not None and (not busy or len(self.queue)):
            engine._slot.nextcall.schedule()

    def live_workers(self) -> dict[str, bool]:
        """Live processes of this crawl other than this one, and whether each is busy."""
        keys = list(self.server.scan_iter(match=self._worker_key("*")))
        own = self._worker_key(self.worker).encode()
        values = self.server.mget(keys) if keys else []
        return {key.decode(): value == b"1" for key, value in zip(keys, values)
                if key != own and value is not None}

    def spider_idle(self, spider: Spider) -> None:
        """Stay open while the queue holds requests or another live process is busy."""
        if len(self.queue) or any(self.live_workers().values()):
            raise DontCloseSpider

    def close(self, reason: str) -> None:
        if getattr(self, "heartbeat", None) is not None and self.heartbeat.running:
            self.heartbeat.stop()
        self.server.delete(self._worker_key(self.worker))
        if not self.live_workers():
            self._clear_job()  # the last process of a finished crawl leaves a clean slate
        super().close(reason)
