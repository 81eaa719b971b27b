"""The articles of the demo site and the indexes its pages are built from.

Story ``key`` 0 is the newest of the base edition; each later edition adds three newer
stories (keys ``n_articles`` and up). Everything is derived from the key and the seed,
so an article is the same whatever the size or edition of the site.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

from newsbot.demo.fixed_stories import LATIN1_STORY, SEED_STORY
from newsbot.demo.people import WIRE_SERVICES, desk
from newsbot.demo.storygen import P, Story, generate_story, word_count

SECTIONS: tuple[str, ...] = ("World", "Business", "Science", "Sport", "Culture")
DEFAULT_SEED = "northgate"
ANCHOR = datetime(2026, 11, 16, 17, 45, tzinfo=UTC)  # publication time of story 0
WINDOW = timedelta(days=150)  # the base edition spreads over this period before ANCHOR
NEW_STORIES_PER_EDITION = 3
SEED_KEY, LATIN1_KEY = 4, 9
EXCERPT_WORDS = 22


@dataclass
class DemoArticle:
    """One article of the demo site and what a clean crawl must extract from it.

    ``blocks`` is the exact body (no headline, byline or date): paragraphs, list items
    without a bullet, subheadings and quote text, in order; ``block_kinds`` says how each
    is rendered (``p``, ``li``, ``h2``, ``quote``). The remaining fields after ``charset``
    describe how the page presents the article.
    """

    post_id: int
    url_path: str
    title: str
    section: str
    authors: list[str]
    tags: list[str]
    published: str
    modified: str | None
    blocks: list[str]
    block_kinds: list[str]
    charset: str = "utf-8"
    slug: str = ""
    excerpt: str = ""
    image_path: str = ""
    attachment_path: str | None = None
    wire_line: str | None = None
    boxes_inside: bool = False
    json_ld: bool = True
    tracking_only: bool = False

    @property
    def text(self) -> str:
        """The body as newsbot stores it: blocks separated by a blank line."""
        return "\n\n".join(self.blocks)

    @property
    def section_slug(self) -> str:
        return slugify(self.section)

    @property
    def last_modified(self) -> str:
        return self.modified or self.published


def slugify(text: str, max_words: int = 10) -> str:
    """A WordPress-like slug: ASCII words of ``text``, lowercased, joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower())[:max_words])


def excerpt_of(blocks: list[str], kinds: list[str]) -> str:
    """The teaser text: the start of the first paragraph, cut mid-way and ending in "…"."""
    first = next(b for b, k in zip(blocks, kinds) if k == P and word_count(b) > 8)
    words = first.split()
    return " ".join(words[:min(EXCERPT_WORDS, len(words) - 3)]).rstrip(" ,;:–—-") + "…"


def london_time(moment: datetime) -> datetime:
    """``moment`` with the UTC offset a London newsroom shows (BST in summer)."""
    def last_sunday(month: int) -> datetime:
        day = datetime(moment.year, month + 1, 1, 1, tzinfo=UTC) - timedelta(days=1)
        return day - timedelta(days=(day.weekday() + 1) % 7)

    summer = last_sunday(3) <= moment < last_sunday(10)
    return moment.astimezone(timezone(timedelta(hours=1 if summer else 0)))


def build_articles(n_articles: int, edition: int = 1, seed: str = DEFAULT_SEED) -> list[DemoArticle]:
    """All articles of the site, newest first."""
    spacing = WINDOW / max(n_articles, 1)
    dated = []
    for key in range(n_articles):
        jitter = random.Random(f"{seed}:time:{key}").random() * 0.4
        dated.append((key, ANCHOR - spacing * (key + jitter)))
    for extra in range(NEW_STORIES_PER_EDITION * (edition - 1)):
        dated.append((n_articles + extra, ANCHOR + timedelta(hours=2 * (extra + 1))))
    dated.sort(key=lambda pair: pair[1], reverse=True)
    return [_article(key, key < n_articles, when, seed) for key, when in dated]


def _story(key: int, base: bool, seed: str) -> Story:
    if base and key == SEED_KEY:
        return SEED_STORY
    if base and key == LATIN1_KEY:
        return LATIN1_STORY
    order = random.Random(f"{seed}:sections:{key // len(SECTIONS)}").sample(SECTIONS, len(SECTIONS))
    return generate_story(key, order[key % len(SECTIONS)], seed)


def _article(key: int, base: bool, when: datetime, seed: str) -> DemoArticle:
    story = _story(key, base, seed)
    rng = random.Random(f"{seed}:page:{key}")
    published = london_time(when.replace(second=0, microsecond=0))
    modified = published + timedelta(minutes=rng.randint(40, 2880)) if rng.random() < 0.35 else None
    post_id = 1001 + key
    slug = slugify(story.title)
    upload = f"/wp-content/uploads/{published:%Y/%m}/{slug[:40].rstrip('-')}"
    writers = desk(story.section)
    return DemoArticle(
        post_id=post_id,
        url_path=(f"/news/{slug}-{post_id}.html" if key % 7 == 3
                  else f"/{published:%Y/%m/%d}/{slug}/"),
        title=story.title, section=story.section,
        authors=[a.name for a in rng.sample(writers, 2 if rng.random() < 0.2 else 1)],
        tags=list(story.tags), published=published.isoformat(),
        modified=modified.isoformat() if modified else None,
        blocks=list(story.blocks), block_kinds=list(story.kinds),
        charset="windows-1252" if story is LATIN1_STORY else "utf-8",
        slug=slug, excerpt=excerpt_of(list(story.blocks), list(story.kinds)),
        image_path=f"{upload}-{post_id}.png",
        attachment_path=f"{upload}-report.pdf" if rng.random() < 0.2 else None,
        wire_line=(f"© {published.year} {rng.choice(WIRE_SERVICES)}. All rights reserved."
                   if rng.random() < 0.25 else None),
        boxes_inside=rng.random() < 0.5, json_ld=rng.random() < 0.8,
        tracking_only=base and key % 17 == 11,
    )


class Catalogue:
    """The articles with the indexes listing pages need; index keys are slugs."""

    def __init__(self, articles: list[DemoArticle], seed: str = DEFAULT_SEED) -> None:
        self.articles = articles
        self.by_path = {a.url_path: a for a in articles}
        self.by_id = {a.post_id: a for a in articles}
        self.position = {a.post_id: i for i, a in enumerate(articles)}
        self.by_section: dict[str, list[DemoArticle]] = {}
        self.by_author: dict[str, list[DemoArticle]] = {}
        self.by_tag: dict[str, list[DemoArticle]] = {}
        self.names: dict[str, str] = {}  # "tag/<slug>" etc. to the display name
        for article in articles:
            self._index("section", self.by_section, [article.section], article)
            self._index("author", self.by_author, article.authors, article)
            self._index("tag", self.by_tag, article.tags, article)
        self.section_position = {
            a.post_id: i for peers in self.by_section.values() for i, a in enumerate(peers)
        }
        newest = articles[:30]
        self.most_read = random.Random(f"{seed}:most-read").sample(newest, min(5, len(newest)))

    def _index(
        self, kind: str, index: dict[str, list[DemoArticle]], names: list[str], article: DemoArticle,
    ) -> None:
        for name in names:
            slug = slugify(name)
            self.names[f"{kind}/{slug}"] = name
            index.setdefault(slug, []).append(article)

    def related(self, article: DemoArticle, count: int) -> list[DemoArticle]:
        """Up to ``count`` other articles of the same section, the next older ones first."""
        peers = self.by_section[article.section_slug]
        start = self.section_position[article.post_id]
        return (peers[start + 1:] + peers[:start])[:count]

    def following(self, article: DemoArticle, step: int) -> DemoArticle:
        """The article ``step`` places after ``article`` in the site-wide list (wrapping)."""
        return self.articles[(self.position[article.post_id] + step) % len(self.articles)]
