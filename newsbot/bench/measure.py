"""Process measurements the benchmarks share: wall time and peak memory of a process tree."""

from __future__ import annotations

import subprocess
import threading
import time
from dataclasses import dataclass

import psutil


@dataclass(frozen=True)
class ProcessRun:
    """How a finished command went."""

    returncode: int
    seconds: float
    peak_rss_mb: float  # largest sum of resident memory over the process and its children


def _tree_rss(process: psutil.Process) -> int:
    total = 0
    for proc in [process, *process.children(recursive=True)]:
        try:
            total += proc.memory_info().rss
        except psutil.Error:
            pass
    return total


def run_measured(cmd: list[str], *, interval: float = 0.1, **popen: object) -> ProcessRun:
    """Run ``cmd`` to its end, sampling the memory of its whole process tree."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, **popen)
    watched = psutil.Process(proc.pid)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            try:
                peak = max(peak, _tree_rss(watched))
            except psutil.Error:
                return
            done.wait(interval)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    returncode = proc.wait()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    return ProcessRun(returncode, seconds, peak / 2**20)
