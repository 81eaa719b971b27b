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
    """What the block rules know about the page: its title and the site's model."""

    title: str | None = None
    site_model: SiteModel | None = None


@dataclass(frozen=True, slots=True)
class Filtered:
    """The kept blocks, and whether a paywall notice was among the dropped ones."""

    blocks: list[Block]
    paywalled: bool


def filter_blocks(blocks: list[Block], ctx: BlockContext, recorder: Recorder) -> Filtered:
    """Drop boilerplate blocks; the order of the kept ones is unchanged."""
    verdicts = [_first_rule(block, i, ctx) for i, block in enumerate(blocks)]
    _mark_teaser_runs(blocks, verdicts)
    kept = []
    for block, rule in zip(blocks, verdicts):
        if rule:
            recorder.drop(rule, "block", block.text)
        else:
            kept.append(block)
    return Filtered(kept, "paywall" in verdicts)


def _first_rule(block: Block, position: int, ctx: BlockContext) -> str | None:
    for name, applies in BLOCK_RULES:
        if applies(block, position, ctx):
            return name
    return None


def _label(block: Block, _: int, __: BlockContext) -> bool:
    return is_label(block.text)


def _inline_teaser(block: Block, _: int, __: BlockContext) -> bool:
    """Label plus headline written as text: "Read more: Storm hits the coast"."""
    text = block.text
    if word_count(text) > rules.MAX_TEASER_WORDS:
        return False
    return bool(rules.TEASER_BRACKETS_RE.match(text)) or (
        bool(rules.TEASER_PREFIX_RE.match(text)) and not text.endswith("."))


def _meta_line(block: Block, _: int, __: BlockContext) -> bool:
    """Photo credits, categories, reading time: "Foto: dpa", "Tags: Politik, Wahl"."""
    return word_count(block.text) <= rules.MAX_META_LINE_WORDS and bool(rules.META_LINE_RE.search(block.text))


def _notice(pattern: re.Pattern[str]) -> Callable[[Block, int, BlockContext], bool]:
    """A rule for short blocks matching ``pattern`` anywhere (promos, paywall, copyright)."""
    def applies(block: Block, _: int, __: BlockContext) -> bool:
        words = word_count(block.text)
        if words > rules.MAX_PROMO_WORDS:
            return False
        found = pattern.search(block.text)
        return bool(found) and (found.start() <= rules.NOTICE_MAX_OFFSET or words <= rules.SHORT_NOTICE_WORDS)
    return applies


def _headline(block: Block, position: int, ctx: BlockContext) -> bool:
    return position < rules.LEADING_BLOCKS and bool(ctx.title) and fold(block.text) == fold(ctx.title or "")


def _byline(block: Block, position: int, _: BlockContext) -> bool:
    return position < rules.LEADING_BLOCKS and bool(rules.BYLINE_RE.match(block.text))


def _dateline(block: Block, _: int, __: BlockContext) -> bool:
    """Nothing but a date, a time and words like "Published" or "Updated"."""
    text = block.text
    if word_count(text) > rules.MAX_DATELINE_WORDS or not rules.STRICT_DATE_RE.search(text):
        return False
    return not _LETTER_OR_DIGIT_RE.search(rules.DATE_TOKEN_RE.sub("", text))


def _site_boilerplate(block: Block, _: int, ctx: BlockContext) -> bool:
    return ctx.site_model is not None and fold(block.text) in ctx.site_model.boilerplate


def _other_headline(block: Block, _: int, ctx: BlockContext) -> bool:
    """The block quotes another article's headline, with at most a label around it."""
    if ctx.site_model is None or not ctx.site_model.headlines:
        return False
    key, own = fold(block.text), fold(ctx.title or "")
    return any(headline in key and headline != own and word_count(key) - word_count(headline) <= 4
               for headline in ctx.site_model.headlines if word_count(headline) >= 3)


def _mark_teaser_runs(blocks: list[Block], verdicts: list[str | None]) -> None:
    """Headings followed by truncated excerpts, repeated: a related-posts grid as text."""
    pairs = [i for i in range(len(blocks) - 1)
             if blocks[i].kind == "head" and blocks[i + 1].kind == "p" and is_truncated(blocks[i + 1].text)]
    if len(pairs) < rules.TEASER_GROUP_MIN:
        return
    for i in pairs:
        verdicts[i] = verdicts[i] or "teaser-run"
        verdicts[i + 1] = verdicts[i + 1] or "teaser-run"


BLOCK_RULES: tuple[tuple[str, Callable[[Block, int, BlockContext], bool]], ...] = (
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
