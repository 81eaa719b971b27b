"""Deterministic news stories from the templates in :mod:`newsbot.demo.story_templates`.

A story is a headline plus body blocks (paragraphs, list items, a subheading, a quote).
Each story key gets its own town, and every sentence names the town, so distinct
stories never share a sentence (up to :data:`MAX_TOWNS` stories).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from newsbot.demo.story_templates import (
    CLOSERS,
    FRAMES,
    GENERIC,
    QUOTE_LINES,
    SUBHEADINGS,
    SectionFrame,
    Topic,
)
from newsbot.demo.vocab import (
    CLUB_SUFFIXES,
    FIRST_NAMES,
    MONTHS,
    OTHER_PLACES,
    SURNAMES,
    TOWN_INFIXES,
    TOWN_PREFIXES,
    TOWN_SUFFIXES,
    WEEKDAYS,
)

P, LI, H2, QUOTE = "p", "li", "h2", "quote"
MIN_WORDS, MAX_WORDS = 25, 80
TOWN_CAPACITY = len(TOWN_PREFIXES) * len(TOWN_SUFFIXES)
TOWN_STRIDE = 911  # coprime with TOWN_CAPACITY, so keys map one-to-one onto towns
# Keys past TOWN_CAPACITY get towns with an infix ("Ash" + "ing" + "bury"): new words, so
# their sentences and word shingles differ from those of the first TOWN_CAPACITY stories.
MAX_TOWNS = TOWN_CAPACITY * (1 + len(TOWN_INFIXES))
_ALTERNATIVES_RE = re.compile(r"\[([^\[\]|]*(?:\|[^\[\]|]*)+)\]")

Fill = Callable[..., str]


@dataclass(frozen=True)
class Story:
    """A headline and its body: ``blocks[i]`` is rendered as ``kinds[i]`` (p, li, h2, quote)."""

    section: str
    title: str
    blocks: tuple[str, ...]
    kinds: tuple[str, ...]
    tags: tuple[str, ...]


def town_for(key: int) -> str:
    """The town of story ``key``: distinct for keys below :data:`MAX_TOWNS`.

    The first :data:`TOWN_CAPACITY` keys get prefix + suffix ("Ashbury"); each later run
    of TOWN_CAPACITY keys puts its own infix between them ("Ashingbury"), then it wraps.
    """
    cycle, rest = divmod(key, TOWN_CAPACITY)
    index = (rest * TOWN_STRIDE + 97) % TOWN_CAPACITY
    prefix, suffix = divmod(index, len(TOWN_SUFFIXES))
    infixes = ("", *TOWN_INFIXES)
    infix = infixes[cycle % len(infixes)]
    return TOWN_PREFIXES[prefix] + infix + TOWN_SUFFIXES[suffix]


def story_slots(key: int, rng: random.Random, frame: SectionFrame, topic: Topic) -> dict[str, str]:
    """Values for every template slot of one story."""
    town = town_for(key)
    surname = rng.choice(SURNAMES)
    slots = {
        "town": town, "subject": topic.subject, "surname": surname,
        "name": f"{rng.choice(FIRST_NAMES)} {surname}",
        "official": f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}",
        "place2": rng.choice(OTHER_PLACES),
        "rival": f"{rng.choice(OTHER_PLACES)} {rng.choice(CLUB_SUFFIXES)}",
        "n": f"{rng.randint(120, 4800):,}", "n2": str(rng.randint(3, 19)),
        "n3": str(rng.randint(3, 9)), "m": f"{rng.randint(120, 4800):,}",
        "k": str(rng.randint(40, 900)), "staff": f"{rng.randint(1200, 9000):,}",
        "pct": str(rng.randint(4, 68)),
        "pct2": f"{rng.randint(11, 94) / 10:.1f}", "money": _money(rng), "money2": _money(rng),
        "prize": f"£{rng.randint(5, 50) * 1000:,}", "capacity": f"{rng.randint(12, 45) * 1000:,}",
        "count": str(rng.randint(20, 95)), "attendance": f"{rng.randint(60, 380) * 50:,}",
        "visitors": f"{rng.randint(30, 240) * 1000:,}",
        "population": f"{rng.randint(12, 180) * 1000:,}", "founded": str(rng.randint(1878, 1979)),
        "wins": str(rng.randint(4, 8)), "score": rng.choice(("1-0", "2-1", "3-2", "2-0", "3-1")),
        "weekday": rng.choice(WEEKDAYS), "month": rng.choice(MONTHS),
        "year": str(rng.randint(2027, 2031)),
    }
    slots["org"] = _alternate(topic.org or frame.org, rng).format(town=town)
    return slots


def generate_story(key: int, section: str, seed: str) -> Story:
    """The story with this key in this section; the same arguments give the same story."""
    rng = random.Random(f"{seed}:story:{key}")
    frame = FRAMES[section]
    topic = rng.choice(frame.topics)
    slots = story_slots(key, rng, frame, topic)

    def fill(template: str, **extra: str) -> str:
        text = _alternate(template, rng).format_map({**slots, **extra} if extra else slots)
        return text[0].upper() + text[1:]

    quotes = [fill(quote) for quote in rng.sample(frame.quotes, 3)]
    paragraphs = _paragraphs(frame, topic, fill, rng, quotes[:2])
    blocks, kinds = _assemble(paragraphs, topic, fill, rng, quotes[2])
    tags = tuple(dict.fromkeys(topic.tags + tuple(rng.sample(frame.tags, rng.randint(0, 2)))))
    return Story(section, fill(topic.headline), tuple(blocks), tuple(kinds), tags)


def word_count(text: str) -> int:
    """Words as a reader counts them: runs of non-space characters."""
    return len(text.split())


def _money(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"£{rng.randint(2, 95)}.{rng.randint(1, 9)}m"
    return f"£{rng.randint(110, 900)}m"


def _alternate(template: str, rng: random.Random) -> str:
    """Resolve every ``[a|b|c]`` in ``template`` to one of its alternatives."""
    if "[" not in template:
        return template
    return _ALTERNATIVES_RE.sub(lambda m: rng.choice(m.group(1).split("|")), template)


def _paragraphs(
    frame: SectionFrame, topic: Topic, fill: Fill, rng: random.Random, quotes: list[str],
) -> list[str]:
    """5-12 paragraphs: lede first, a closing sentence last, shuffled material between."""
    templates = frame.details + GENERIC
    middle = [fill(template) for template in rng.sample(templates, len(templates))]
    for quote in quotes:
        middle.insert(rng.randint(2, len(middle)), fill(rng.choice(QUOTE_LINES), quote=quote))
    counts = [word_count(sentence) for sentence in middle]
    at = counts.index(max(counts))  # the first longest sentence
    longest = middle.pop(at)
    del counts[at]
    opening = [fill(topic.lede), fill(topic.intro or frame.intro)]
    sentences = opening + middle
    counts = [word_count(sentence) for sentence in opening] + counts
    paragraphs = _group(sentences, counts, rng) + [f"{longest} {fill(rng.choice(CLOSERS))}"]
    target = rng.randint(5, 12)
    while len(paragraphs) > target:  # keep the opening two, which introduce the people
        del paragraphs[rng.randint(2, len(paragraphs) - 2)]
    return paragraphs


def _group(sentences: list[str], counts: list[int], rng: random.Random) -> list[str]:
    """Join consecutive sentences (of ``counts`` words) into paragraphs of MIN_WORDS to
    MAX_WORDS words."""
    paragraphs: list[str] = []
    current: list[str] = []
    words = 0  # in ``current``
    for sentence, length in zip(sentences, counts):
        if current and words >= MIN_WORDS and (
            len(current) >= 2 or rng.random() < 0.35 or words + length > MAX_WORDS
        ):
            paragraphs.append(" ".join(current))
            current, words = [], 0
        current.append(sentence)
        words += length
    if words >= MIN_WORDS:
        paragraphs.append(" ".join(current))
    return paragraphs


def _assemble(
    paragraphs: list[str], topic: Topic, fill: Fill, rng: random.Random, quote: str,
) -> tuple[list[str], list[str]]:
    """Body blocks: optional key points, the paragraphs, an optional subheading and quote."""
    items: list[tuple[str, str]] = [(P, text) for text in paragraphs]
    if rng.random() < 0.4:
        at = rng.randint(len(items) // 2, len(items) - 1)
        items.insert(at, (H2, fill(rng.choice(SUBHEADINGS))))
    if rng.random() < 0.35:
        at = rng.randint(2, len(items) - 1)
        items[at:at] = [(P, fill("Speaking to reporters in {town}, {surname} added:")), (QUOTE, quote + ".")]
    if rng.random() < 0.3:
        items[0:0] = [(LI, fill(point)) for point in topic.key_points]
    return [text for _, text in items], [kind for kind, _ in items]
