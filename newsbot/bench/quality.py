"""Cleaning quality against a snippet-annotated page corpus, newsbot beside plain trafilatura.

The corpus (``evaldata.json`` + gzipped pages under ``html/``) lists for each page snippets
that belong to the main text ("with") and boilerplate that must not appear ("without").
Both extractors get the same decoded page; newsbot's side is :func:`extract_body`, the text
``extract_article`` would give, computed for every page whatever the classifier says. Text
and snippets are compared after NFC and whitespace folding, so line layout does not count.

    python -m newsbot.bench.quality --dataset ../shared/datasets/trafilatura-eval [--limit N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import trafilatura

from newsbot.extract import extract_body
from newsbot.extract.parse import to_unicode

Extractor = Callable[[str, str], "str | None"]
DEFAULT_DATASET = Path(__file__).resolve().parents[3] / "shared" / "datasets" / "trafilatura-eval"
_SPACE_RE = re.compile(r"\s+")


def _newsbot(html: str, url: str) -> str | None:
    return extract_body(html, url) or None


def _trafilatura(html: str, url: str) -> str | None:
    return trafilatura.extract(html, url=url)


EXTRACTORS: dict[str, Extractor] = {"newsbot": _newsbot, "trafilatura": _trafilatura}


@dataclass(frozen=True, slots=True)
class Page:
    url: str
    html: str
    with_snippets: tuple[str, ...]
    without_snippets: tuple[str, ...]


@dataclass(slots=True)
class Tally:
    """Totals of one extractor over the corpus."""

    with_kept: int = 0
    with_total: int = 0
    without_kept: int = 0
    without_total: int = 0
    failures: int = 0
    pages: int = 0
    seconds: float = 0.0

    @property
    def with_share(self) -> float:
        return self.with_kept / self.with_total if self.with_total else 0.0

    @property
    def without_out_share(self) -> float:
        return 1 - self.without_kept / self.without_total if self.without_total else 0.0

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


@dataclass(slots=True)
class Report:
    """One tally per extractor, and the snippets on which the two disagree."""

    tallies: dict[str, Tally] = field(default_factory=dict)
    disagreements: list[str] = field(default_factory=list)


def load_pages(dataset_dir: Path, limit: int | None = None) -> list[Page]:
    """The annotated pages, decoded as the crawler decodes bytes."""
    entries = json.loads((dataset_dir / "evaldata.json").read_text(encoding="utf-8"))
    pages = []
    for url, entry in list(entries.items())[:limit]:
        raw = gzip.decompress((dataset_dir / "html" / f"{entry['file']}.gz").read_bytes())
        pages.append(Page(url, to_unicode(raw), tuple(entry["with"]), tuple(entry["without"])))
    return pages


def normalize(text: str) -> str:
    return _SPACE_RE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def run(dataset_dir: Path, limit: int | None = None) -> Report:
    """Run every extractor over the corpus and count snippets kept."""
    report = Report({name: Tally() for name in EXTRACTORS})
    for page in load_pages(dataset_dir, limit):
        texts = {name: _timed(extractor, page, report.tallies[name])
                 for name, extractor in EXTRACTORS.items()}
        for name, text in texts.items():
            _count(page, text, report.tallies[name])
        report.disagreements.extend(_disagreements(page, texts))
    return report


def _timed(extractor: Extractor, page: Page, tally: Tally) -> str:
    start = time.perf_counter()
    try:
        text = extractor(page.html, page.url)
    except Exception:  # a crash is a failure of the extractor, not of the benchmark
        text = None
    tally.seconds += time.perf_counter() - start
    tally.pages += 1
    if not text:
        tally.failures += 1
    return normalize(text or "")


def _count(page: Page, text: str, tally: Tally) -> None:
    tally.with_total += len(page.with_snippets)
    tally.with_kept += sum(normalize(s) in text for s in page.with_snippets)
    tally.without_total += len(page.without_snippets)
    tally.without_kept += sum(normalize(s) in text for s in page.without_snippets)


def _disagreements(page: Page, texts: dict[str, str]) -> list[str]:
    """Snippets found by one extractor only, as "page | kind | who has it | snippet" lines."""
    lines = []
    for kind, snippets in (("with", page.with_snippets), ("without", page.without_snippets)):
        for snippet in snippets:
            having = [name for name, text in texts.items() if normalize(snippet) in text]
            if 0 < len(having) < len(texts):
                lines.append(f"{page.url} | {kind} | {','.join(having)} | {snippet[:100]}")
    return lines


def format_report(report: Report) -> str:
    """A side-by-side table of all extractors."""
    names = list(report.tallies)
    rows = [
        ("pages", lambda t: f"{t.pages}"),
        ('"with" snippets kept', lambda t: f"{t.with_share:.2%} ({t.with_kept}/{t.with_total})"),
        ('"without" kept out', lambda t: f"{t.without_out_share:.2%} "
                                         f"({t.without_total - t.without_kept}/{t.without_total})"),
        ("failures (None/error)", lambda t: f"{t.failures}"),
        ("pages per second", lambda t: f"{t.pages_per_second:.1f}"),
    ]
    width = max(len(label) for label, _ in rows)
    cells = [[render(report.tallies[name]) for name in names] for _, render in rows]
    col = max(len(c) for row in cells for c in row + names)
    lines = [" " * width + "  " + "  ".join(n.rjust(col) for n in names)]
    lines += [label.ljust(width) + "  " + "  ".join(c.rjust(col) for c in row)
              for (label, _), row in zip(rows, cells)]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, default=DEFAULT_DATASET, help="corpus directory")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    parser.add_argument("--disagreements", action="store_true",
                        help="also list the snippets only one extractor has")
    args = parser.parse_args(argv)
    if not (args.dataset / "evaldata.json").is_file():
        parser.error(f"no evaldata.json under {args.dataset}")
    report = run(args.dataset, args.limit)
    if args.disagreements:
        print("\n".join(report.disagreements))
    print(format_report(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
