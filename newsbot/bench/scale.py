"""Scale-out: one crawler process against N processes sharing a Redis frontier and PostgreSQL.

Both crawls take the same demo site of ``--articles`` articles into a fresh PostgreSQL
schema, with extraction in the crawl processes themselves (``NEWSBOT_EXTRACT_WORKERS=0``).
It prints each crawl's wall time, the articles stored, the CPU time of the crawl processes
and of the demo site, the pages each process fetched, and the ratio N processes / one
process, beside the floor: the ratio bare trafilatura reaches over the same pages split
across N processes, the best this machine's cores allow. With ``--repeat K`` both crawls
run K times, alternating, and the median ratio is printed beside each run's.

    python -m newsbot bench scale --articles 2000 --processes 3 \\
        --pg postgresql://postgres@127.0.0.1:5432/test --redis redis://127.0.0.1:6379/14
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psutil
import psycopg
from redis import Redis

from newsbot.bench.measure import extract_all, parallel_extract_seconds
from newsbot.bench.throughput import CRAWL_SETTINGS, PROJECT_ROOT, DemoProcess, served_pages, served_paths
from newsbot.demo.site import DemoSite
from newsbot.store.base import open_store


@dataclass(frozen=True)
class Crawl:
    """One crawl of the site by ``processes`` processes."""

    processes: int
    seconds: float
    articles: int
    pages: list[int]  # fetched by each process
    crawler_cpu: float  # seconds of CPU the crawl processes used, all together
    server_cpu: float  # seconds of CPU the demo site used meanwhile


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _cpu(process: psutil.Process) -> float:
    times = process.cpu_times()
    return times.user + times.system


@contextmanager
def _fresh_job(pg: str, redis_url: str) -> Iterator[str]:
    """A PostgreSQL schema and Redis job name of their own, dropped afterwards, also when a
    crawl fails or the bench is interrupted."""
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(pg, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield schema
    finally:
        with psycopg.connect(pg, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")
        redis = Redis.from_url(redis_url)
        for key in redis.scan_iter(match=f"newsbot:news:{schema}:*"):
            redis.delete(key)


def crawl_with(processes: int, url: str, pg: str, redis_url: str, workdir: Path,
               server: psutil.Process) -> Crawl:
    """Time, articles, pages per process and CPU (crawlers', the site's) of one crawl."""
    with _fresh_job(pg, redis_url) as schema:
        db_url = f"{pg}?options=-csearch_path%3D{schema}"
        settings = {**CRAWL_SETTINGS, "NEWSBOT_DB": db_url, "NEWSBOT_EXTRACT_WORKERS": "0",
                    "NEWSBOT_FEED_DIR": "", "NEWSBOT_REDIS_URL": redis_url if processes > 1 else "",
                    "NEWSBOT_REDIS_JOB": schema}
        cmd = [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"urls={url}"]
        for name, value in settings.items():
            cmd += ["-s", f"{name}={value}"]
        env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newsbot.settings",
               "PYTHONPATH": os.pathsep.join([str(PROJECT_ROOT), os.environ.get("PYTHONPATH", "")])}
        start, cpu, server_cpu = time.perf_counter(), _children_cpu(), _cpu(server)
        procs = [subprocess.Popen(cmd, cwd=workdir, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                 for _ in range(processes)]
        try:
            codes = [p.wait() for p in procs]
        finally:
            for proc in procs:  # interrupted: no crawler outlives the bench
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
        seconds = time.perf_counter() - start
        cpu, server_cpu = _children_cpu() - cpu, _cpu(server) - server_cpu
        if any(codes):
            raise SystemExit(f"a crawl process failed: exit codes {codes}")
        store = open_store(db_url)
        articles = store.count_articles()
        pages = [json.loads(s).get("response_received_count", 0)
                 for (s,) in store.conn.execute("SELECT stats FROM runs").fetchall()]
        store.close()
    return Crawl(processes, seconds, articles, pages, cpu, server_cpu)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsbot bench scale", description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--processes", type=int, default=3)
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--repeat", type=int, default=1,
                        help="crawl this many times each way, alternating; the ratio printed is the median")
    parser.add_argument("--plain", action="store_true",
                        help="serve the plain demo pages (a fifth of a real page's weight), not furnished ones")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="newsbot-scale-") as tmp:
        log = Path(tmp) / "served.log"
        server = DemoProcess(args.articles, log, furnished=not args.plain)
        try:
            site = psutil.Process(server.proc.pid)
            pairs = [(crawl_with(1, server.url, args.pg, args.redis, Path(tmp), site),
                      crawl_with(args.processes, server.url, args.pg, args.redis, Path(tmp), site))
                     for _ in range(args.repeat)]
        finally:
            server.stop()
        paths = list(dict.fromkeys(served_paths(log)))
        pages = served_pages(DemoSite(n_articles=args.articles, furnished=not args.plain), paths,
                             server.url.rstrip("/"))
        floor = parallel_extract_seconds(pages, args.processes) / extract_all(pages)
    print(f"{'processes':>9} {'seconds':>9} {'articles':>9} {'crawl CPU s':>12} {'site CPU s':>11}  pages per process")
    for crawl in (c for pair in pairs for c in pair):
        print(f"{crawl.processes:>9} {crawl.seconds:>9.1f} {crawl.articles:>9} {crawl.crawler_cpu:>12.1f}"
              f" {crawl.server_cpu:>11.1f}  {crawl.pages}")
    ratios = [many.seconds / one.seconds for one, many in pairs]
    each = f" (each run: {', '.join(f'{r:.2f}' for r in ratios)})" if len(ratios) > 1 else ""
    print(f"ratio {args.processes} processes / 1 process: {statistics.median(ratios):.2f}{each}"
          f" (floor: bare trafilatura in {args.processes} processes / 1 process: {floor:.2f})")
    one_seconds = statistics.median(one.seconds for one, _ in pairs)
    articles = pairs[0][0].articles
    print(f"one process: {articles / one_seconds:.1f} articles/s, about {articles / one_seconds * 86400:,.0f} articles a day")
    print("crawl CPU = all crawl processes together; site CPU = the demo site's server meanwhile")
    return 0


if __name__ == "__main__":
    sys.exit(main())
