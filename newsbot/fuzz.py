"""Fuzz :func:`newsbot.extract.extract_article` with mutated real pages (hypothesis).

Each example is a page of an evaluation set (``html/*.html.gz``) damaged the ways the web
damages pages: cut short, NUL bytes and random bytes inserted, 100,000 nested ``<div>``s,
a charset label that lies, a binary prefix, closing tags removed, broken character
references, a part repeated. Extraction must neither raise nor take longer than the time
limit on any of them. ``python -m newsbot fuzz`` runs it.
"""

from __future__ import annotations

import gzip
import re
import signal
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from newsbot.extract import extract_article

Draw = Callable[[st.SearchStrategy], object]
MAX_BYTES = 4 * 1024 * 1024  # pages are kept under newsbot's article size limit


@dataclass(frozen=True)
class Example:
    """One mutated page, as handed to ``extract_article``."""

    source: str
    mutations: tuple[str, ...]
    data: str | bytes
    content_type: str | None

    def describe(self) -> str:
        kind = "text" if isinstance(self.data, str) else "bytes"
        return f"{self.source} + {', '.join(self.mutations)} ({len(self.data)} {kind}, Content-Type {self.content_type!r})"


class TooSlow(Exception):
    """Extraction went past the hard stop (three times the time limit)."""


@dataclass
class FuzzReport:
    """What a fuzz run saw."""

    examples: int = 0
    articles: int = 0
    slowest: float = 0.0
    slowest_example: str = ""
    mutations: Counter[str] = field(default_factory=Counter)
    failure: str | None = None


# --- mutations: (draw, data, content type) -> (data, content type) ------------------------

def _position(draw: Draw, data: bytes) -> int:
    return draw(st.integers(0, len(data)))


def truncate(draw: Draw, data: bytes, content_type: str) -> tuple[bytes, str]:
    return data[:_position(draw, data)], content_type


def nul_bytes(draw: Draw, data: bytes, content_type: str) -> tuple[bytes, str]:
    for _ in range(draw(st.integers(1, 40))):
        at = _position(draw, data)
        data = data[:at] + b"\x00" * draw(st.integers(1, 64)) + data[at:]
    return data, content_type


def random_bytes(draw: Draw, data: bytes, content_type: str) -> tuple[bytes, str]:
    at = _position(draw, data)
    return data[:at] + draw(st.binary(min_size=1, max_size=4096)) + data[at:], content_type


def deep_nesting(draw: Draw, data: bytes, content_type: str) -> tuple[bytes, str]:
    depth = draw(st.sampled_from([256, 5000, 100_000]))
    start = _position(draw, data)
    end = draw(st.integers(start, len(data)))
    closing = b"</div>" * depth if draw(st.booleans()) else b""
    return data[:start] + b"<div>" * depth + data[start:end] + closing + data[end:], content_type


LABELS = ("utf-8", "iso-8859-1", "windows-1252", "shift_jis", "utf-16", "koi8-r", "gb2312", "x-unknown", "")
ENCODINGS = ("utf-8", "cp1252", "latin-1", "utf-16", "shift_jis", "gb18030", "cp1251")
_META_CHARSET_RE = re.compile(rb"<meta[^>]*charset[^>]*>", re.IGNORECASE)


def charset_lie(draw: Draw, data: bytes, content_type: str) -> tuple[bytes, str]:
    text = data.decode("utf-8", "replace")
    body = text.encode(draw(st.sampled_from(ENCODINGS)), "replace")
    meta = f'<meta charset="{draw(st.sampled_from(LABELS))}">'.encode("ascii")
    body = _META_CHARSET_RE.sub(b"", body)
    body = body.replace(b"<head>", b"<head>" + meta, 1) if b"<head>" in body else meta + body
    header = draw(st.sampled_from(LABELS))
    return body, f"text/html; charset={header}" if header else "text/html"


def binary_prefix(draw: Draw, data: bytes, content_type: str) -> tuple[bytes, str]:
    magic = draw(st.sampled_from([b"%PDF-1.7\n", b"\x89PNG\r\n\x1a\n", b"\x1f\x8b\x08\x00", b"\xff\xd8\xff\xe0"]))
    return magic + data, content_type


def unclosed_tags(draw: Draw, data: bytes, content_type: str) -> tuple[bytes, str]:
    tag = draw(st.sampled_from([b"</div>", b"</p>", b"</html>", b"</body>", b"</script>", b"</article>", b">"]))
    return data.replace(tag, b""), content_type


def bad_references(draw: Draw, data: bytes, content_type: str) -> tuple[bytes, str]:
    junk = draw(st.sampled_from([b"&#xD800;", b"&#0;", b"&#x1B;", b"&#1114112;", b"&#xFFFE;", b"&lol9;",
                                 b"&#99999999999;", b"\xed\xa0\x80"]))
    for _ in range(draw(st.integers(1, 30))):
        at = _position(draw, data)
        data = data[:at] + junk + data[at:]
    return data, content_type


def repeat_part(draw: Draw, data: bytes, content_type: str) -> tuple[bytes, str]:
    start = _position(draw, data)
    part = data[start:start + draw(st.integers(1, 20_000))]
    times = max(1, min(draw(st.integers(2, 500)), MAX_BYTES // max(1, len(part)) - 1))
    return data[:start] + part * times + data[start:], content_type


MUTATIONS: dict[str, Callable[[Draw, bytes, str], tuple[bytes, str]]] = {
    fn.__name__: fn for fn in (truncate, nul_bytes, random_bytes, deep_nesting, charset_lie, binary_prefix,
                               unclosed_tags, bad_references, repeat_part)
}


# --- examples and the run -----------------------------------------------------------------

def dataset_pages(dataset: Path) -> list[Path]:
    """The gzipped pages of an evaluation set (``<dataset>/html/*.html.gz``)."""
    pages = sorted((dataset / "html").glob("*.gz"))
    if not pages:
        raise FileNotFoundError(f"no html/*.gz pages under {dataset}")
    return pages


@lru_cache(maxsize=64)
def _read(path: Path) -> bytes:
    return gzip.decompress(path.read_bytes())


def examples(pages: list[Path]) -> st.SearchStrategy[Example]:
    """Mutated pages: one to three mutations of a page, handed over as bytes or as text."""
    @st.composite
    def build(draw: Draw) -> Example:
        page = draw(st.sampled_from(pages))
        names = draw(st.lists(st.sampled_from(sorted(MUTATIONS)), min_size=1, max_size=3))
        data, content_type = _read(page), "text/html"
        for name in names:
            data, content_type = MUTATIONS[name](draw, data, content_type)
            data = data[:MAX_BYTES]
        as_text = draw(st.booleans())
        payload: str | bytes = data.decode("utf-8", "replace") if as_text else data
        return Example(page.name.removesuffix(".gz"), tuple(names), payload, None if as_text else content_type)
    return build()


@contextmanager
def hard_stop(seconds: float) -> Iterator[None]:
    """Raise TooSlow in this (main) thread after ``seconds``; a no-op where signals are unavailable."""
    if not hasattr(signal, "setitimer"):
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise TooSlow(f"still running after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def fuzz(dataset: Path, n_examples: int, time_limit: float, run_seed: int = 0,
         progress: Callable[[str], None] | None = None) -> FuzzReport:
    """Run ``n_examples`` mutated pages through ``extract_article``; the report says how it went."""
    pages = dataset_pages(dataset)
    report = FuzzReport()

    @seed(run_seed)
    @settings(max_examples=n_examples, deadline=None, database=None, phases=[Phase.generate, Phase.shrink],
              suppress_health_check=list(HealthCheck), print_blob=False)
    @given(examples(pages))
    def check(example: Example) -> None:
        started = time.monotonic()
        with hard_stop(3 * time_limit):
            article = extract_article(example.data, f"https://fuzz.example/{example.source}",
                                      content_type=example.content_type)
        elapsed = time.monotonic() - started
        report.examples += 1
        report.articles += article is not None
        report.mutations.update(example.mutations)
        if elapsed > report.slowest:
            report.slowest, report.slowest_example = elapsed, example.describe()
        if progress and report.examples % 25 == 0:
            progress(f"{report.examples} examples, slowest {report.slowest:.2f} s")
        assert elapsed <= time_limit, f"took {elapsed:.1f} s (limit {time_limit:g} s): {example.describe()}"

    try:
        check()
    except Exception as exc:  # noqa: BLE001 - the failure, shrunk by hypothesis, is the result
        report.failure = f"{type(exc).__name__}: {exc}"
    return report
