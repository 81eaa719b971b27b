"""``python -m newsbot``: what is not a crawl (demo, export, reclean, ...)."""

from __future__ import annotations

import argparse
import importlib
import os
import sys

# name -> (module under newsbot.commands, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "demo": ("demo", "serve the bundled demo news site and crawl it into the store and a feed"),
    "export": ("export", "write stored articles as JSON Lines"),
    "reclean": ("reclean", "re-run cleaning over the HTML kept in the store"),
    "explain": ("explain", "show why each block of a page was dropped, and the text kept"),
    "bench": ("bench", "run a benchmark: quality, throughput or dedupe"),
    "seed": ("seed", "push start URLs into a shared Redis crawl frontier"),
    "schedule": ("schedule", "crawl each site of a sites file at its interval or cron, until stopped"),
    "feeds": ("feeds", "write each site's rolling JSON Feed of its newest articles"),
    "fuzz": ("fuzz", "fuzz article extraction with mutated real pages (hypothesis)"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m newsbot", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (module, help_text) in COMMANDS.items():
        command = importlib.import_module(f"newsbot.commands.{module}")
        command.add_arguments(sub.add_parser(name, help=help_text, description=help_text))
    return parser


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "newsbot.settings")
    args = build_parser().parse_args(argv)
    command = importlib.import_module(f"newsbot.commands.{COMMANDS[args.command][0]}")
    return command.run(args)


if __name__ == "__main__":
    sys.exit(main())
