"""``python -m newsbot export -o FILE.jsonl``: stored articles as JSON Lines."""

from __future__ import annotations

import argparse
import sys
from contextlib import nullcontext

from scrapy.exporters import JsonLinesItemExporter

from newsbot.commands.common import (
    add_filter_arguments,
    add_store_argument,
    article_filter,
    open_store_from,
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", required=True, help="file to write, or - for standard output")
    add_store_argument(parser)
    add_filter_arguments(parser)
    parser.add_argument("--with-copies", action="store_true",
                        help="also copies of other stories (marked with duplicate_of)")


def run(args: argparse.Namespace) -> int:
    store = open_store_from(args)
    to_stdout = args.output == "-"
    count = 0
    with nullcontext(sys.stdout.buffer) if to_stdout else open(args.output, "wb") as out:
        exporter = JsonLinesItemExporter(out, encoding="utf-8", ensure_ascii=False)
        exporter.start_exporting()
        for article in store.iter_articles(article_filter(args)):
            exporter.export_item(article)
            count += 1
        exporter.finish_exporting()
    store.close()
    print(f"Exported {count} articles to {args.output}", file=sys.stderr)
    return 0
