"""Run crawls on a timetable: each site of a sites file at its ``interval`` or ``cron``.

(Not Scrapy's ``SCHEDULER``, which orders requests within one crawl.) APScheduler fires
the runs; each run is ``scrapy crawl news -a sites=FILE -a site=NAME`` in a subprocess,
holding an exclusive ``flock`` on ``NEWSBOT_LOCK_DIR/<site>.lock``. The crawl inherits
the lock, so a run of a site never overlaps another run of it, even across a crash or
restart of the scheduler, and the kernel drops the lock when its holders die. After each
run the site's rolling JSON Feed is written again (:mod:`newsbot.feeds`).
"""

from __future__ import annotations

import fcntl
import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

import newsbot
from newsbot.feeds import safe_name, write_site_feeds
from newsbot.health import RunSummary
from newsbot.scrapy_commands.crawl import FLAGGED_EXIT_CODE
from newsbot.sites import SiteConfig, parse_interval
from newsbot.store.base import RunRecord, open_store

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ScheduleConfig:
    """Where the scheduled crawls keep their store, locks, logs and feeds."""

    sites_file: Path
    db_url: str
    lock_dir: Path
    log_dir: Path | None  # None: crawls log to the scheduler's stderr
    feeds_dir: Path
    feed_limit: int
    feeds_base_url: str = ""
    max_crawls: int = 2  # crawls at once, over all sites
    stop_timeout: float = 60.0
    crawl_settings: tuple[tuple[str, str], ...] = ()  # -s NAME=VALUE for every crawl


class SiteLock:
    """An exclusive ``flock`` on a site's lock file, taken without waiting."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd: int | None = None

    def acquire(self) -> bool:
        """Take the lock; False when another process holds it."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self.fd = fd
        return True

    def note_holder(self, pid: int) -> None:
        """Write the pid of the process that runs under the lock, for people to read."""
        os.ftruncate(self.fd, 0)
        os.pwrite(self.fd, f"{pid}\n".encode(), 0)

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # a crawl that inherited the lock keeps it until it exits
            self.fd = None


def lock_path(lock_dir: Path, site: str) -> Path:
    return lock_dir / f"{safe_name(site)}.lock"


def trigger_for(site: SiteConfig, first_run: datetime) -> BaseTrigger:
    """The APScheduler trigger of a site's ``interval`` or ``cron``."""
    if site.cron:
        return CronTrigger.from_crontab(site.cron)
    return IntervalTrigger(seconds=parse_interval(site.interval).total_seconds(), start_date=first_run)


def first_run_time(site: SiteConfig, last: RunRecord | None, now: datetime) -> datetime | None:
    """When an interval site is first due: now, or one interval after its last recorded run.
    None for a cron site (its trigger says)."""
    if site.cron or site.interval is None:
        return None
    if last is None:
        return now
    ended = datetime.fromisoformat(last.finished_at or last.started_at)
    return max(now, ended + parse_interval(site.interval))


class CrawlScheduler:
    """The timetable of the sites' crawls and the crawls it runs."""

    def __init__(self, config: ScheduleConfig, sites: Sequence[SiteConfig]) -> None:
        self.config = config
        self.sites = [s for s in sites if s.interval or s.cron]
        self.scheduler = BackgroundScheduler(executors={"default": ThreadPoolExecutor(config.max_crawls)})
        self.running: dict[str, subprocess.Popen] = {}
        self.stopping = threading.Event()
        self.guard = threading.Lock()

    def start(self) -> None:
        """Put every scheduled site on the timetable and start it."""
        now = datetime.now(timezone.utc)
        for site in self.sites:
            first = first_run_time(site, self._last_run(site.name), now)
            options = {"next_run_time": first} if first else {}
            self.scheduler.add_job(self.run_site, trigger_for(site, first or now), args=[site], id=site.name,
                                   name=f"crawl {site.name}", max_instances=1, coalesce=True,
                                   misfire_grace_time=None, **options)
        self.scheduler.start()
        for job in self.scheduler.get_jobs():
            logger.info("Site %s: %s, next run %s", job.id, job.trigger, job.next_run_time.isoformat())

    def crawl_command(self, site: SiteConfig, log_file: Path | None) -> list[str]:
        command = [sys.executable, "-m", "scrapy", "crawl", "news",
                   "-a", f"sites={self.config.sites_file}", "-a", f"site={site.name}",
                   "-s", f"NEWSBOT_DB={self.config.db_url}"]
        if log_file is not None:
            command += ["-s", f"LOG_FILE={log_file}"]
        for name, value in self.config.crawl_settings:
            command += ["-s", f"{name}={value}"]
        return command

    def run_site(self, site: SiteConfig) -> int | None:
        """Crawl one site now unless it is being crawled; its exit status, None when skipped."""
        lock = SiteLock(lock_path(self.config.lock_dir, site.name))
        if not lock.acquire():
            logger.warning("Run of %s skipped: a crawl of it still holds %s", site.name, lock.path)
            return None
        try:
            return self._crawl(site, lock)
        finally:
            lock.release()

    def _crawl(self, site: SiteConfig, lock: SiteLock) -> int | None:
        before = self._last_run(site.name)
        log_file = self._log_file(site.name)
        with self.guard:
            if self.stopping.is_set():
                return None
            process = subprocess.Popen(self.crawl_command(site, log_file), env=_crawl_env(),
                                       stdin=subprocess.DEVNULL, pass_fds=(lock.fd,),
                                       start_new_session=True)
            self.running[site.name] = process
        lock.note_holder(process.pid)
        started = time.monotonic()
        logger.info("Run of %s started (pid %d%s)", site.name, process.pid,
                    f", log {log_file}" if log_file else "")
        try:
            code = process.wait()
        finally:
            with self.guard:
                self.running.pop(site.name, None)
        self._report(site.name, code, time.monotonic() - started, before, log_file)
        return code

    def _report(self, site: str, code: int, seconds: float, before: RunRecord | None,
                log_file: Path | None) -> None:
        """Log the run's one line and write the site's rolling feed again."""
        record = self._last_run(site)
        if record is not None and before is not None and record.id <= before.id:
            record = None  # the crawl recorded no run
        feed = self._write_feed(site)
        summary = RunSummary.from_dict(record.summary).describe() if record else "no run recorded"
        where = f"; see {log_file}" if log_file and code else ""
        if code == FLAGGED_EXIT_CODE:
            logger.warning("Run of %s FLAGGED after %.1f s: %s; %s; feed %s%s", site, seconds,
                           "; ".join(record.reasons) if record else "see its log", summary, feed, where)
        elif code:
            logger.error("Run of %s failed (exit %d) after %.1f s: %s%s", site, code, seconds, summary, where)
        else:
            logger.info("Run of %s done in %.1f s: %s; feed %s", site, seconds, summary, feed)

    def _write_feed(self, site: str) -> Path | None:
        try:
            store = open_store(self.config.db_url)
            try:
                written = write_site_feeds(store, self.config.feeds_dir, self.config.feed_limit,
                                           self.config.feeds_base_url, [site])
            finally:
                store.close()
        except Exception:  # noqa: BLE001 - the timetable goes on; the next run writes it again
            logger.exception("Could not write the feed of %s", site)
            return None
        return written.get(site)

    def _last_run(self, site: str) -> RunRecord | None:
        store = open_store(self.config.db_url)
        try:
            runs = store.recent_runs(site, 1)
        finally:
            store.close()
        return runs[0] if runs else None

    def _log_file(self, site: str) -> Path | None:
        if self.config.log_dir is None:
            return None
        self.config.log_dir.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        return self.config.log_dir / f"{safe_name(site)}-{stamp}.log"

    def stop(self) -> None:
        """Start no more crawls; ask the running ones to close (SIGTERM), kill them after
        ``stop_timeout``; wait for the runs to finish."""
        with self.guard:
            self.stopping.set()
            running = dict(self.running)
        self.scheduler.pause()
        logger.info("Stopping: %d crawl(s) running%s", len(running),
                    f" ({', '.join(running)}), asked to close" if running else "")
        for process in running.values():
            process.terminate()
        deadline = time.monotonic() + self.config.stop_timeout
        for site, process in running.items():
            try:
                process.wait(max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                logger.warning("Crawl of %s did not close in %.0f s: killed", site, self.config.stop_timeout)
                process.kill()
        self.scheduler.shutdown(wait=True)
        logger.info("Scheduler stopped")


def _crawl_env() -> dict[str, str]:
    """The scheduler's environment, with newsbot importable and its settings named."""
    env = dict(os.environ)
    env.setdefault("SCRAPY_SETTINGS_MODULE", "newsbot.settings")
    root = str(Path(newsbot.__file__).resolve().parent.parent)
    paths = [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    env["PYTHONPATH"] = os.pathsep.join([root, *[p for p in paths if p != root]])
    return env
