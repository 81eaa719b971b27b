"""``python -m newsbot bench NAME [options]``: the project's benchmarks."""

from __future__ import annotations

import argparse
import importlib
import signal
from typing import NoReturn

BENCHES = {
    "quality": "cleaning quality beside plain trafilatura on the annotated dataset",
    "throughput": "whole-crawl speed and memory against bare trafilatura",
    "dedupe": "near-duplicate precision, recall and cost per article as the store grows",
    "scale": "one crawler process against several sharing Redis and PostgreSQL",
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("bench", choices=sorted(BENCHES), help="; ".join(f"{k}: {v}" for k, v in BENCHES.items()))
    parser.add_argument("options", nargs=argparse.REMAINDER, help="options of that benchmark (see its --help)")


def run(args: argparse.Namespace) -> int:
    # SIGTERM (`timeout`, a scheduler stopping the job) unwinds like Ctrl-C, so what a
    # benchmark set up is removed: its schemas and Redis keys, demo site and crawlers.
    signal.signal(signal.SIGTERM, _exit)
    return importlib.import_module(f"newsbot.bench.{args.bench}").main(args.options)


def _exit(signum: int, frame: object) -> NoReturn:
    raise SystemExit(128 + signum)
