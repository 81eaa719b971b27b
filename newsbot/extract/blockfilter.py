"""The block post-filter: text rules on the blocks trafilatura kept.

These catch what the DOM pass could not see as structure: labels and notices written as
plain paragraphs, promos, copyright lines, a repeated headline or byline at the top, and
whatever a site's learned model knows to be boilerplate. Every rule needs a positive
signal (a vocabulary match, a position, a known text); no block goes for being short.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from newsbot.extract import rules
from newsbot.extract.blocks import Block
from newsbot.extract.decisions import Recorder
from newsbot.extract.options import SiteModel
from newsbot.extract.rules import is_label
from newsbot.extract.text import fold, is_truncated, word_count

_LETTER_OR_DIGIT_RE = re.compile(r"\w")


@dataclass(frozen=True, slots=True)
class BlockContext:
    """What the block rules know about the page: its title, the site's model, and the
    folded text of elements the site asked to keep (never filtered)."""

    title: str | None = None
    site_model: SiteModel | None = None
    kept_text: str = ""


@dataclass(frozen=True, slots=True)
class Filtered:
    """The kept blocks, and whether a paywall notice was among the dropped ones."""

    blocks: list[Block]
    paywalled: bool


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A block as the rules see it: its text, its place in the body, its length in words,
    its folded text (see :func:`fold`; several rules compare it) and its lowercased text
    (the notice rules search it)."""

    text: str
    position: int
    words: int
    folded: str
    lowered: str


Rule = Callable[[_Candidate, BlockContext], bool]


def filter_blocks(blocks: list[Block], ctx: BlockContext, recorder: Recorder) -> Filtered:
    """Drop boilerplate blocks; the order of the kept ones is unchanged."""
    verdicts = [_first_rule(_Candidate(b.text, i, word_count(b.text), fold(b.text), b.text.lower()), ctx)
                for i, b in enumerate(blocks)]
    _mark_teaser_runs(blocks, verdicts)
    verdicts = [None if rule and _shielded(block, ctx) else rule for block, rule in zip(blocks, verdicts)]
    for block, rule in zip(blocks, verdicts):
        if rule:
            recorder.drop(rule, "block", block.text)
    kept = [block for block, rule in zip(blocks, verdicts) if not rule]
    return Filtered(kept, "paywall" in verdicts)


def _shielded(block: Block, ctx: BlockContext) -> bool:
    """The block is text of an element the site asked to keep."""
    return bool(ctx.kept_text) and fold(block.text) in ctx.kept_text


def _first_rule(candidate: _Candidate, ctx: BlockContext) -> str | None:
    return next((name for name, applies in BLOCK_RULES if applies(candidate, ctx)), None)


def _label(c: _Candidate, _: BlockContext) -> bool:
    return c.words <= rules.MAX_LABEL_WORDS and is_label(c.text)


def _inline_teaser(c: _Candidate, _: BlockContext) -> bool:
    """Label plus headline written as text: "Read more: Storm hits the coast"."""
    if c.words > rules.MAX_TEASER_WORDS:
        return False
    return bool(rules.TEASER_BRACKETS_RE.match(c.text)) or (
        bool(rules.TEASER_PREFIX_RE.match(c.text)) and not c.text.endswith("."))


def _meta_line(c: _Candidate, _: BlockContext) -> bool:
    """Photo credits, categories, reading time: "Foto: dpa", "Tags: Politik, Wahl"."""
    return c.words <= rules.MAX_META_LINE_WORDS and bool(rules.META_LINE_RE.search(c.text))


def _notice(pattern: re.Pattern[str]) -> Rule:
    """A rule for short blocks that open with ``pattern`` (promos, paywall, copyright), or
    that hold it anywhere when very short.

    The pattern (its alternatives written in lowercase) is matched case-sensitively against
    the lowercased block: the regex engine then passes over an alternative whose first
    letter is not the one at hand, which it cannot do ignoring case (a third of the time)."""
    anywhere = re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)
    # A match starting within the opening characters, tried there only: much cheaper than
    # a search through the whole block.
    opening = re.compile(rf"(?s:.){{0,{rules.NOTICE_MAX_OFFSET}}}?(?:{pattern.pattern})", anywhere.flags)

    def applies(c: _Candidate, _: BlockContext) -> bool:
        if c.words > rules.MAX_PROMO_WORDS:
            return False
        if c.words <= rules.SHORT_NOTICE_WORDS:
            return bool(anywhere.search(c.lowered))
        return bool(opening.match(c.lowered))
    return applies


def _headline(c: _Candidate, ctx: BlockContext) -> bool:
    return c.position < rules.LEADING_BLOCKS and bool(ctx.title) and c.folded == fold(ctx.title or "")


def _byline(c: _Candidate, _: BlockContext) -> bool:
    return (c.position < rules.LEADING_BLOCKS and c.words <= rules.MAX_BYLINE_WORDS
            and bool(rules.BYLINE_RE.match(c.text)))


def _dateline(c: _Candidate, _: BlockContext) -> bool:
    """Nothing but a date, a time and words like "Published" or "Updated"."""
    if c.words > rules.MAX_DATELINE_WORDS or not rules.STRICT_DATE_RE.search(c.text):
        return False
    return not _LETTER_OR_DIGIT_RE.search(rules.DATE_TOKEN_RE.sub("", c.text))


def _site_boilerplate(c: _Candidate, ctx: BlockContext) -> bool:
    return ctx.site_model is not None and c.folded in ctx.site_model.boilerplate


def _other_headline(c: _Candidate, ctx: BlockContext) -> bool:
    """The block quotes another article's headline, with at most a label around it."""
    return ctx.site_model is not None and ctx.site_model.quoted_in_folded(c.folded, ctx.title) is not None


def _mark_teaser_runs(blocks: list[Block], verdicts: list[str | None]) -> None:
    """Headings followed by truncated excerpts, repeated: a related-posts grid as text."""
    pairs = [i for i in range(len(blocks) - 1)
             if blocks[i].kind == "head" and blocks[i + 1].kind == "p" and is_truncated(blocks[i + 1].text)]
    if len(pairs) < rules.TEASER_GROUP_MIN:
        return
    for i in pairs:
        verdicts[i] = verdicts[i] or "teaser-run"
        verdicts[i + 1] = verdicts[i + 1] or "teaser-run"


BLOCK_RULES: tuple[tuple[str, Rule], ...] = (
    ("site-boilerplate", _site_boilerplate),
    ("headline", _headline),
    ("byline", _byline),
    ("dateline", _dateline),
    ("label", _label),
    ("inline-teaser", _inline_teaser),
    ("paywall", _notice(rules.PAYWALL_RE)),
    ("promo", _notice(rules.PROMO_RE)),
    ("copyright", _notice(rules.COPYRIGHT_RE)),
    ("disclosure", _notice(rules.DISCLOSURE_RE)),
    ("meta-line", _meta_line),
    ("other-headline", _other_headline),
)
