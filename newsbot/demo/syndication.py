"""Wire copies: existing stories republished at their own ``/wire/<slug>-<id>/`` URLs.

A copy keeps most of its original's text but has another headline, a credit line as its
own paragraph, one paragraph dropped or added, and straight quotes where the original has
curly ones (or the reverse). It is what a near-duplicate detector must fold into the
original story, since its page gives no other hint (its canonical URL is its own).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from newsbot.demo.content import (
    FIXED_KEYS,
    DemoArticle,
    DemoCopy,
    excerpt_of,
    london_time,
    slugify,
    story_for,
)
from newsbot.demo.people import WIRE_SERVICES
from newsbot.demo.storygen import P, QUOTE
from newsbot.demo.vocab import FIRST_NAMES, OTHER_PLACES, SURNAMES

COPY_ID_BASE = 900_001  # post IDs of copies; far above those of articles
HEADLINES: tuple[str, ...] = (
    "{title}, officials say",
    "UPDATE 1-{title}",
    "{title} – report",
    "{title}: what we know so far",
)
CREDITS: tuple[str, ...] = (
    "This story was first published by {wire}.",
    "This article was originally published by {wire} and is republished here with permission.",
    "This story was first published by {wire}. It has been edited for length and style.",
)
ADDED: tuple[str, ...] = (
    "{wire} could not independently verify all of the figures given by officials, and requests "
    "for further comment had not been answered by the time of publication.",
    "Additional reporting for {wire} was contributed by {name} in {place}, where reaction to the "
    "news was noticeably more muted than elsewhere in the region.",
)
CURLY = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


def build_copies(articles: list[DemoArticle], count: int, n_articles: int, seed: str) -> list[DemoCopy]:
    """``count`` wire copies of generated base stories (at most one per story), in ID order.

    Copies are made from the story as first published, so they are the same in every
    edition. Only stories that quote someone (curly quotes to straighten) are copied.
    """
    by_key = {a.post_id - 1001: a for a in articles}
    keys = [k for k in range(n_articles) if k not in FIXED_KEYS and k in by_key]
    random.Random(f"{seed}:copies").shuffle(keys)
    copies: list[DemoCopy] = []
    for key in keys:
        if len(copies) >= count:
            break
        story = story_for(key, True, seed)
        if any("“" in block for block in story.blocks):
            copies.append(_copy(len(copies), by_key[key], list(story.blocks), list(story.kinds), seed))
    return copies


def _copy(index: int, original: DemoArticle, blocks: list[str], kinds: list[str], seed: str) -> DemoCopy:
    rng = random.Random(f"{seed}:copy:{index}")
    wire = WIRE_SERVICES[index % len(WIRE_SERVICES)]
    blocks = [block.translate(CURLY) for block in blocks]
    movable = [i for i, kind in enumerate(kinds) if kind == P and _movable(i, blocks, kinds)]
    at = rng.choice(movable)
    if index % 2:  # one paragraph more
        added = rng.choice(ADDED).format(wire=wire, name=f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}",
                                         place=rng.choice(OTHER_PLACES))
        blocks.insert(at + 1, added)
        kinds.insert(at + 1, P)
    else:  # one paragraph fewer
        del blocks[at], kinds[at]
    credit = CREDITS[index % len(CREDITS)].format(wire=wire)
    blocks.append(credit)
    kinds.append(P)
    title = HEADLINES[index % len(HEADLINES)].format(title=original.title)
    post_id = COPY_ID_BASE + index
    slug = slugify(title)
    published = datetime.fromisoformat(original.published) + timedelta(
        hours=rng.randint(1, 30), minutes=rng.randint(0, 59))
    return DemoCopy(
        post_id=post_id, url_path=f"/wire/{slug}-{post_id}/", title=title,
        section=original.section, authors=[wire], tags=list(original.tags),
        published=london_time(published).isoformat(), modified=None,
        blocks=blocks, block_kinds=kinds, slug=slug, excerpt=excerpt_of(blocks, kinds),
        image_path=original.image_path, boxes_inside=rng.random() < 0.5, json_ld=True,
        original_path=original.url_path, wire_service=wire, credit=credit,
    )


def _movable(i: int, blocks: list[str], kinds: list[str]) -> bool:
    """A paragraph that can go, or be followed by a new one: not the lede (the first
    paragraph), not the last block, not a lead-in to a quote (``...added:``)."""
    return kinds.index(P) < i < len(blocks) - 1 and kinds[i + 1] != QUOTE
