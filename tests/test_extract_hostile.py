"""Extraction on broken pages: truncated, NUL bytes, absurd nesting, binary, broken references; and a fuzz run."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsbot.extract import extract_article
from tests.conftest import ROOT
from tests.hostile_payloads import article_html, binary_bodies, make_article, nested, with_nuls

DATASET = Path(os.environ.get("NEWSBOT_EVAL_DATASET", "/work/shared/datasets/trafilatura-eval"))
URL = "https://n.example/2026/11/story/"
PAGE = article_html(make_article(30, "/2026/11/story/"), "https://n.example")


def timed(data, **kwargs):
    started = time.monotonic()
    article = extract_article(data, URL, **kwargs)
    return article, time.monotonic() - started


def test_a_plain_page_is_an_article():
    article, _ = timed(PAGE)
    assert article is not None and article.word_count > 100


@pytest.mark.parametrize("name, data", [
    ("truncated", PAGE[: len(PAGE) * 2 // 3]),
    ("cut in a tag", PAGE[: PAGE.index("<p>", 2000) + 2]),
    ("NUL bytes", with_nuls(PAGE)),
    ("NUL bytes as bytes", with_nuls(PAGE).encode()),
    ("100k nested divs", nested(PAGE, 100_000)),
    ("100k unclosed divs", PAGE.replace("<article>", "<div>" * 100_000 + "<article>")),
    ("broken references", PAGE.replace("</p>", "&#xD800;&#0;&#x1B;&#1114112;&lol9;</p>")),
    ("lone surrogate bytes", PAGE.encode().replace(b"</p>", b"\xed\xa0\x80</p>")),
    ("only a doctype", "<!DOCTYPE html>"),
    ("empty", ""),
    ("empty bytes", b""),
])
def test_broken_pages_never_raise_nor_hang(name, data):
    article, seconds = timed(data)
    assert seconds < 20, f"{name} took {seconds:.1f} s"
    if article is not None:
        assert "\x00" not in article.text


@pytest.mark.parametrize("name", sorted(binary_bodies()))
def test_binary_bodies_are_no_article(name):
    article, seconds = timed(binary_bodies()[name], content_type="text/html")
    assert article is None and seconds < 5


@pytest.mark.skipif(not (DATASET / "html").is_dir(), reason=f"evaluation dataset not found at {DATASET}")
def test_short_fuzz_run_of_the_fuzz_command():
    done = subprocess.run([sys.executable, "-m", "newsbot", "fuzz", "--examples", "40", "--seed", "1",
                           "--dataset", str(DATASET)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr[-2000:]
    assert "Fuzzed extract_article with 40 mutated pages" in done.stdout
    assert "No exception, no page over the time limit." in done.stdout


def test_fuzz_command_says_when_the_dataset_is_missing(tmp_path):
    done = subprocess.run([sys.executable, "-m", "newsbot", "fuzz", "--examples", "1", "--dataset", str(tmp_path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "no html/*.gz pages" in done.stderr
