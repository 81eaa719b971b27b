"""``python -m newsbot fuzz --examples N --dataset PATH``: fuzz extraction with mutated real pages."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newsbot.commands.common import settings

DEFAULT_DATASET = "/work/shared/datasets/trafilatura-eval"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--examples", type=int, default=200, help="mutated pages to try (default: 200)")
    parser.add_argument("--dataset", default=DEFAULT_DATASET,
                        help=f"folder with html/*.html.gz pages (default: {DEFAULT_DATASET})")
    parser.add_argument("--time-limit", type=float,
                        help="seconds one page may take (default: NEWSBOT_EXTRACT_TIMEOUT)")
    parser.add_argument("--seed", type=int, default=0, help="hypothesis seed, for a repeatable run (default: 0)")


def run(args: argparse.Namespace) -> int:
    from newsbot.fuzz import fuzz  # hypothesis is imported only when fuzzing

    time_limit = args.time_limit or settings().getfloat("NEWSBOT_EXTRACT_TIMEOUT")
    try:
        report = fuzz(Path(args.dataset), args.examples, time_limit, args.seed,
                      progress=lambda line: print(line, file=sys.stderr, flush=True))
    except FileNotFoundError as exc:
        print(f"fuzz: {exc}", file=sys.stderr)
        return 2
    mutations = ", ".join(f"{name} {n}" for name, n in sorted(report.mutations.items()))
    print(f"Fuzzed extract_article with {report.examples} mutated pages ({report.articles} still articles); "
          f"time limit {time_limit:g} s")
    print(f"Mutations: {mutations}")
    print(f"Slowest: {report.slowest:.2f} s, {report.slowest_example}")
    if report.failure:
        print(f"FAILED: {report.failure}")
        return 1
    print("No exception, no page over the time limit.")
    return 0
