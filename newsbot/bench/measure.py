"""Process measurements the benchmarks share: wall time and peak memory of a process tree."""

from __future__ import annotations

import multiprocessing
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass

import psutil


@dataclass(frozen=True)
class ProcessRun:
    """How a finished command went."""

    returncode: int
    seconds: float
    peak_rss_mb: float  # largest sum of resident memory over the process and its children
    # CPU seconds (user + system) of the process itself and of all its descendants, as last
    # sampled: up to one sampling interval of each process's last moments is not counted.
    cpu_seconds: float = 0.0
    children_cpu_seconds: float = 0.0


def _tree_sample(process: psutil.Process) -> tuple[int, dict[int, float]]:
    """Resident memory of the process tree, and the CPU seconds of each of its processes."""
    rss, cpu = 0, {}
    for proc in [process, *process.children(recursive=True)]:
        try:
            with proc.oneshot():
                rss += proc.memory_info().rss
                times = proc.cpu_times()
        except psutil.Error:
            continue
        cpu[proc.pid] = times.user + times.system
    return rss, cpu


def run_measured(cmd: list[str], *, interval: float = 0.1, **popen: object) -> ProcessRun:
    """Run ``cmd`` to its end, sampling the memory and CPU of its whole process tree."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, **popen)
    watched = psutil.Process(proc.pid)
    peak = 0
    cpu: dict[int, float] = {}  # by process id, the latest sample
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            try:
                rss, seen = _tree_sample(watched)
            except psutil.Error:
                return
            peak = max(peak, rss)
            cpu.update(seen)
            done.wait(interval)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    returncode = proc.wait()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    own = cpu.pop(proc.pid, 0.0)
    return ProcessRun(returncode, seconds, peak / 2**20, own, sum(cpu.values()))


def _import_trafilatura() -> None:
    import trafilatura  # noqa: F401


def _ready(_: int) -> None:
    """Nothing: run once per worker so every worker is up before the clock starts."""


def extract_all(pages: Sequence[tuple[str, str]]) -> float:
    """Seconds plain ``trafilatura.extract`` takes over ``(html, url)`` pages in this process."""
    import trafilatura

    start = time.perf_counter()
    for html, url in pages:
        trafilatura.extract(html, url=url)
    return time.perf_counter() - start


def parallel_extract_seconds(pages: Sequence[tuple[str, str]], processes: int) -> float:
    """Wall seconds plain ``trafilatura.extract`` takes over ``pages`` split evenly over
    ``processes`` worker processes.

    Against :func:`extract_all` in one process this is the best any crawl using that many
    processes could do on this machine: cores that share caches, memory bandwidth or a host
    with other guests deliver less than their number.
    """
    chunks = [list(pages[i::processes]) for i in range(processes)]
    context = multiprocessing.get_context("forkserver")
    with context.Pool(processes, initializer=_import_trafilatura) as pool:
        pool.map(_ready, range(processes), chunksize=1)
        start = time.perf_counter()
        pool.map(extract_all, chunks, chunksize=1)
        return time.perf_counter() - start
