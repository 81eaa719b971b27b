"""Crawl throughput: a whole crawl of N local pages against bare trafilatura on the same pages.

It serves the demo site with N articles on 127.0.0.1, crawls it end to end into a fresh
store (download, cleaning in worker processes, dedupe, store, feed) as ``scrapy crawl``
does, then times plain single-process ``trafilatura.extract`` over every HTML page the crawl
downloaded, in this process. The ratio crawl / bare extraction is the figure to read:
below 1, the crawl costs less than extraction alone would in one process. The floor is
the ratio the same bare extraction reaches when split over ``--workers`` processes: what
this machine's cores give at best, before any crawling is done. The CPU each HTML page
cost in the crawl process and in the cleaning workers, beside bare extraction's, says
where the time went.

With ``--cores K`` the crawl's processes run on K of the cores only (their CPU affinity,
as ``taskset`` sets it), with K cleaning workers unless ``--workers`` says otherwise: the
ratio on 1, 2 ... cores of one machine. Bare extraction runs in one process either way.

With ``--repeat K`` each crawl and its bare extraction run K times in turn, and the median
ratio of each setting is printed beside every run's: this machine's speed drifts
within minutes, so one pair of timings says little.

    python -m newsbot bench throughput --articles 2000 [--workers 2] [--workers 0] [--cores 1] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from newsbot.bench.measure import ProcessRun, extract_all, parallel_extract_seconds, run_measured
from newsbot.demo.site import DemoSite
from newsbot.store.base import open_store
from newsbot.worker_server import usable_cores

PROJECT_ROOT = Path(__file__).resolve().parents[2]
REAL_PAGE_KB = 94  # median of the 990 real pages of the trafilatura evaluation corpus
_SERVED_RE = re.compile(r'"GET (\S+) HTTP/[\d.]+" 200 ')
# Loopback benchmark: politeness off, so the figure measures newsbot, not its throttle.
CRAWL_SETTINGS = {
    "AUTOTHROTTLE_ENABLED": "False",
    "CONCURRENT_REQUESTS": "32",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "32",
    "DEPTH_LIMIT": "0",
    "NEWSBOT_MAX_PAGES_PER_SITE": "10000000",
    "LOG_LEVEL": "WARNING",
}


@dataclass(frozen=True)
class Figures:
    cores: int
    workers: int
    pages: int
    articles: int
    crawl: ProcessRun
    bare_seconds: float | None  # None: bare extraction not measured
    parallel_seconds: float | None = None  # bare extraction split over `workers` processes
    median_kb: float | None = None  # median size of the HTML pages

    @property
    def ratio(self) -> float | None:
        return self.crawl.seconds / self.bare_seconds if self.bare_seconds else None

    @property
    def floor(self) -> float | None:
        """The ratio bare extraction itself reaches in ``workers`` processes: no crawl can do better."""
        return self.parallel_seconds / self.bare_seconds if self.parallel_seconds and self.bare_seconds else None


class DemoProcess:
    """The demo site in its own process, logging what it serves (prerendered: see
    :mod:`newsbot.demo.server`)."""

    def __init__(self, articles: int, log_path: Path, furnished: bool = True, prerender: bool = True) -> None:
        self.log = open(log_path, "w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "newsbot.demo.server", "--port", "0", "--articles", str(articles),
             "--verbose", *(["--furnished"] if furnished else []), *(["--prerender"] if prerender else [])],
            stdout=subprocess.PIPE, stderr=self.log, text=True,
        )
        self.url = self.proc.stdout.readline().split("Demo site at ", 1)[1].strip()

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)
        self.log.close()


def crawl(url: str, workdir: Path, workers: int, cores: list[int]) -> tuple[ProcessRun, int]:
    """Crawl ``url`` into a new store in ``workdir``, its processes on ``cores`` only; the
    run and the articles stored."""
    db = workdir / "bench.db"
    cmd = [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"urls={url}",
           "-s", f"NEWSBOT_DB=sqlite:///{db}", "-s", f"NEWSBOT_FEED_DIR={workdir / 'feeds'}",
           "-s", f"NEWSBOT_EXTRACT_WORKERS={workers}"]
    for name, value in CRAWL_SETTINGS.items():
        cmd += ["-s", f"{name}={value}"]
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newsbot.settings",
           "PYTHONPATH": os.pathsep.join([str(PROJECT_ROOT), os.environ.get("PYTHONPATH", "")])}
    # Pinned only when asked to be: not every platform has CPU affinity.
    pin = (lambda: os.sched_setaffinity(0, cores)) if cores != usable_cores() else None
    with open(workdir / "crawl.log", "w") as log:
        run = run_measured(cmd, cwd=workdir, env=env, stdout=subprocess.DEVNULL, stderr=log, preexec_fn=pin)
    store = open_store(f"sqlite:///{db}")
    stored = store.count_articles()
    store.close()
    return run, stored


def served_paths(log_path: Path) -> list[str]:
    """Every path the server answered with 200 during the crawl."""
    return _SERVED_RE.findall(log_path.read_text())


def served_pages(site: DemoSite, paths: list[str], base_url: str) -> list[tuple[str, str]]:
    """The HTML pages among ``paths``, as ``(html, url)``, rendered as the server sent them."""
    pages = []
    for path in paths:
        response = site.handle(path, base_url=base_url)
        if "html" in response.headers.get("Content-Type", ""):
            pages.append((response.text, base_url))
    return pages


def measure(articles: int, workers: int, cores: list[int], workdir: Path, bare: bool = True,
            furnished: bool = True) -> Figures:
    # Each run in a folder of its own: a store left by an earlier run would hold every
    # story already, and the crawl would file its articles as copies.
    run_dir = Path(tempfile.mkdtemp(prefix=f"run-{len(cores)}-{workers}-", dir=workdir))
    log_path = run_dir / "served.log"
    # Timed runs get a prerendered site, whose serving costs next to nothing; memory runs
    # over many pages do not need it, and the site's process would hold every page.
    server = DemoProcess(articles, log_path, furnished, prerender=bare)
    try:
        run, stored = crawl(server.url, run_dir, workers, cores)
    finally:
        server.stop()
    paths = served_paths(log_path)
    if not bare:
        return Figures(len(cores), workers, len(paths), stored, run, None)
    pages = served_pages(DemoSite(n_articles=articles, furnished=furnished), paths, server.url.rstrip("/"))
    bare_seconds = extract_all(pages)
    processes = min(workers, len(cores))  # as many as can run at once
    parallel = parallel_extract_seconds(pages, processes) if processes > 1 else None
    return Figures(len(cores), workers, len(pages), stored, run, bare_seconds, parallel, page_kb(pages))


def page_kb(pages: list[tuple[str, str]]) -> float:
    """The median size of ``pages`` in KB, to set beside that of real pages."""
    return statistics.median(len(html.encode()) for html, _ in pages) / 1000 if pages else 0.0


def format_row(f: Figures) -> str:
    return (f"{f.cores:>5} {f.workers:>7} {f.pages:>7} {f.articles:>8} {f.crawl.seconds:>9.1f} "
            f"{f.pages / f.crawl.seconds:>9.1f} {f.crawl.peak_rss_mb:>9.0f} "
            + (f"{f.bare_seconds:>9.1f} {f.ratio:>7.2f}" if f.ratio else f"{'-':>9} {'-':>7}")
            + (f" {f.floor:>7.2f}" if f.floor else f" {'-':>7}"))


def format_cpu(f: Figures) -> str:
    """CPU per HTML page of the crawl's processes, beside bare extraction's: where the time goes."""
    per_page = 1000 / f.pages if f.pages else 0.0
    crawl, workers = f.crawl.cpu_seconds * per_page, f.crawl.children_cpu_seconds * per_page
    line = (f"{label(f.cores, f.workers)}: CPU per HTML page {crawl + workers:.1f} ms"
            f" (crawl process {crawl:.1f} ms, cleaning workers {workers:.1f} ms)")
    if f.bare_seconds:
        bare = f.bare_seconds * per_page
        line += f"; bare trafilatura {bare:.1f} ms ({(crawl + workers) / bare:.2f} times)"
    return line


def label(cores: int, workers: int) -> str:
    return f"cores={cores} workers={workers}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsbot bench throughput", description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000, help="articles on the served site")
    parser.add_argument("--workers", type=int, action="append",
                        help="NEWSBOT_EXTRACT_WORKERS to measure (repeat; default: as many as cores)")
    parser.add_argument("--cores", type=int, action="append",
                        help="run the crawl on this many cores only (repeat; default: all it may use)")
    parser.add_argument("--no-bare", action="store_true",
                        help="skip timing bare trafilatura (for memory runs over many pages)")
    parser.add_argument("--plain", action="store_true",
                        help="serve the plain demo pages (a fifth of a real page's weight), not furnished ones")
    parser.add_argument("--repeat", type=int, default=1,
                        help="measure each setting this many times in turn; the median ratios are printed")
    args = parser.parse_args(argv)
    usable = usable_cores()
    if any(not 1 <= cores <= len(usable) for cores in args.cores or []):
        parser.error(f"--cores takes 1 to {len(usable)}, the cores this process may use")
    runs = [(cores, workers) for cores in args.cores or [len(usable)] for workers in args.workers or [cores]]
    print(f"{'cores':>5} {'workers':>7} {'pages':>7} {'articles':>8} {'crawl s':>9} {'pages/s':>9} "
          f"{'peak MB':>9} {'bare s':>9} {'ratio':>7} {'floor':>7}")
    median_kb: float | None = None  # the same pages whatever the workers: the first run's
    cpu_lines = []
    ratios: dict[tuple[int, int], list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="newsbot-bench-") as tmp:
        for _ in range(args.repeat):
            for cores, workers in runs:
                figures = measure(args.articles, workers, usable[:cores], Path(tmp), bare=not args.no_bare,
                                  furnished=not args.plain)
                print(format_row(figures), flush=True)
                cpu_lines.append(format_cpu(figures))
                median_kb = median_kb or figures.median_kb
                if figures.ratio is not None:
                    ratios.setdefault((cores, workers), []).append(figures.ratio)
                if figures.crawl.returncode != 0:
                    print(f"crawl exited with status {figures.crawl.returncode}", file=sys.stderr)
                    return 1
    print("\n".join(cpu_lines))
    if args.repeat > 1:
        for (cores, workers), each in ratios.items():
            print(f"{label(cores, workers)}: median ratio {statistics.median(each):.2f}"
                  f" (each run: {', '.join(f'{r:.2f}' for r in each)})")
    if median_kb:
        print(f"median page: {median_kb:.0f} KB ({'plain' if args.plain else 'furnished'} demo pages;"
              f" real news pages: {REAL_PAGE_KB} KB, see newsbot.demo.furniture)")
    print("ratio = crawl seconds / bare single-process trafilatura seconds over the same pages")
    print("floor = the same bare extraction split over as many processes as `workers` and `cores` allow / one process:"
          " the best ratio this machine allows")
    print("CPU per HTML page = user + system CPU of the crawl process and of its cleaning workers"
          " (sampled every 0.1 s), over the HTML pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
