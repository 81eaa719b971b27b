"""Text normalization shared by rendering, rules, fingerprints and the site model."""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache, wraps
from typing import TypeVar

_SPACE_RE = re.compile(r"\s+")
# Everything that is not a letter or digit (punctuation, symbols, whitespace, "_").
_NON_WORD_RE = re.compile(r"[\W_]+")
# A whitespace-separated token without any letter or digit ("–", "|"), with the whitespace
# before it (texts are searched with a space in front): starting with ``\s`` lets the regex
# engine skip ahead to whitespace instead of trying every position.
_SYMBOL_TOKEN_RE = re.compile(r"\s[^\w\s]+(?=\s|$)")
# Zero-width and soft-hyphen characters that survive HTML parsing and split words.
_INVISIBLE_RE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
# The longest text whose fold or word count is remembered.
_REMEMBERED_CHARS = 200

T = TypeVar("T")


def clean(text: str | None) -> str:
    """Entity-decoded, NFC, invisible characters removed, whitespace folded to single spaces."""
    if not text:
        return ""
    text = _INVISIBLE_RE.sub("", html.unescape(text))
    return _SPACE_RE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def remembered_for_short_texts(function: Callable[[str], T]) -> Callable[[str], T]:
    """``function`` with its results for short texts remembered: those come back page after
    page (menus, labels, the link texts of a site's template). The cache is bounded (a few
    megabytes); long texts are computed each time."""
    remembered = lru_cache(maxsize=8192)(function)

    @wraps(function)
    def call(text: str) -> T:
        return remembered(text) if len(text) <= _REMEMBERED_CHARS else function(text)
    return call


@remembered_for_short_texts
def fold(text: str) -> str:
    """Comparison key: lowercased, punctuation and whitespace folded to single spaces."""
    return _NON_WORD_RE.sub(" ", unicodedata.normalize("NFC", text).lower()).strip()


def fingerprint(text: str) -> str:
    """SHA-1 hex digest of the folded text: equal for copies that differ in case or punctuation."""
    return hashlib.sha1(fold(text).encode("utf-8")).hexdigest()


@remembered_for_short_texts
def word_count(text: str) -> int:
    """Number of whitespace-separated tokens holding at least one letter or digit."""
    return len(text.split()) - len(_SYMBOL_TOKEN_RE.findall(" " + text))


def more_words_than(text: str, limit: int) -> bool:
    """``word_count(text) > limit``, not counted when the text is too short to hold that
    many tokens (each takes a character and a space): the rules ask it of many short texts."""
    return len(text) > 2 * limit and word_count(text) > limit


def snippet(text: str, limit: int = 80) -> str:
    """A one-line excerpt for explanations and logs."""
    text = clean(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def is_truncated(text: str) -> bool:
    """An excerpt cut short: ends with an ellipsis or a "read more" prompt."""
    tail = text.rstrip()[-20:].lower()
    return tail.endswith(("…", "...", "[…]", "[...]", "read more", "continue reading"))
