"""The articles of the demo site and the indexes its pages are built from.

Story ``key`` 0 is the newest of the base edition; each later edition adds three newer
stories (keys ``n_articles`` and up) and updates two older ones (a paragraph added, a newer
modification time). Everything is derived from the key and the seed, so an article is
the same whatever the size of the site, and changes between editions only when updated.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, timezone
from functools import lru_cache

from newsbot.demo.fixed_stories import LATIN1_STORY, SEED_STORY
from newsbot.demo.people import WIRE_SERVICES, desk
from newsbot.demo.story_templates import UPDATES
from newsbot.demo.storygen import P, Story, generate_story, town_for, word_count
from newsbot.demo.vocab import FIRST_NAMES, SURNAMES, WEEKDAYS

SECTIONS: tuple[str, ...] = ("World", "Business", "Science", "Sport", "Culture")
DEFAULT_SEED = "northgate"
ANCHOR = datetime(2026, 11, 16, 17, 45, tzinfo=UTC)  # publication time of story 0
WINDOW = timedelta(days=150)  # the base edition spreads over this period before ANCHOR
NEW_STORIES_PER_EDITION = 3
UPDATES_PER_EDITION = 2
UPDATE_CANDIDATES = 40  # later editions update stories among the newest this many
SEED_KEY, LATIN1_KEY = 4, 9
FIXED_KEYS = (SEED_KEY, LATIN1_KEY)
EXCERPT_WORDS = 22
VARIANT_CYCLE = 16  # key % 16: 2 has AMP and print pages, 7 an AMP page, 10 a ?print=1 page


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
    amp_path: str | None = None
    print_path: str | None = None  # ends in "print/" or "?print=1"

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


@dataclass
class DemoCopy(DemoArticle):
    """A syndicated (wire) copy of the article at ``original_path``, served at its own URL.

    It has its own headline, a credit line paragraph (``credit``), one paragraph fewer or
    more than the original and the other quote style (straight or curly). Its page says
    it is an article and is its own canonical, so only near-duplicate detection folds it.
    """

    original_path: str = ""
    wire_service: str = ""
    credit: str = ""


@lru_cache(maxsize=8192)  # names and tags recur on every page
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
    updates = update_schedule(n_articles, edition, seed)
    articles = []
    taken: set[str] = set()
    for key, when in dated:
        article = _article(key, key < n_articles, when, seed, taken)
        taken.add(article.url_path)
        if key in updates:
            article = _updated(article, key, updates[key], seed)
        articles.append(article)
    return articles


def story_key(article: DemoArticle) -> int:
    """The story key an article (not a copy) was generated from."""
    return article.post_id - 1001


def update_schedule(n_articles: int, edition: int, seed: str = DEFAULT_SEED) -> dict[int, int]:
    """Story key -> the edition (2 and up) that updated it, for editions up to ``edition``.

    Each edition updates :data:`UPDATES_PER_EDITION` generated base stories among the newest
    :data:`UPDATE_CANDIDATES` that no earlier edition updated.
    """
    schedule: dict[int, int] = {}
    candidates = [k for k in range(1, min(n_articles, UPDATE_CANDIDATES)) if k not in FIXED_KEYS]
    for number in range(2, edition + 1):
        pool = [k for k in candidates if k not in schedule]
        rng = random.Random(f"{seed}:updates:{number}")
        for key in rng.sample(pool, min(UPDATES_PER_EDITION, len(pool))):
            schedule[key] = number
    return schedule


def _updated(article: DemoArticle, key: int, edition: int, seed: str) -> DemoArticle:
    """``article`` as edition ``edition`` updated it: a paragraph after the lede, modified later."""
    rng = random.Random(f"{seed}:update:{key}:{edition}")
    paragraph = rng.choice(UPDATES).format(
        town=town_for(key), weekday=rng.choice(WEEKDAYS), n=f"{rng.randint(12, 480):,}",
        name=f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}",
    )
    at = article.block_kinds.index(P) + 1
    edition_time = ANCHOR + timedelta(hours=2 * NEW_STORIES_PER_EDITION * (edition - 1))
    previous = datetime.fromisoformat(article.last_modified)
    modified = max(edition_time - timedelta(minutes=rng.randint(20, 100)), previous + timedelta(hours=1))
    return replace(
        article,
        blocks=[*article.blocks[:at], paragraph, *article.blocks[at:]],
        block_kinds=[*article.block_kinds[:at], P, *article.block_kinds[at:]],
        modified=london_time(modified.astimezone(UTC).replace(second=0, microsecond=0)).isoformat(),
    )


def _variant_paths(key: int, url_path: str) -> tuple[str | None, str | None]:
    """The AMP and print paths of the story with ``key`` (most stories have neither)."""
    group = key % VARIANT_CYCLE
    folder = url_path.endswith("/")
    amp = f"{url_path}amp/" if group in (2, 7) and folder else None
    if group == 2 and folder:
        return amp, f"{url_path}print/"
    return amp, (f"{url_path}?print=1" if group in (2, 10) else None)


def story_for(key: int, base: bool, seed: str) -> Story:
    """The story of ``key``; ``base`` is true for stories of the base edition."""
    if base and key == SEED_KEY:
        return SEED_STORY
    if base and key == LATIN1_KEY:
        return LATIN1_STORY
    order = random.Random(f"{seed}:sections:{key // len(SECTIONS)}").sample(SECTIONS, len(SECTIONS))
    return generate_story(key, order[key % len(SECTIONS)], seed)


def _article(key: int, base: bool, when: datetime, seed: str, taken: set[str]) -> DemoArticle:
    story = story_for(key, base, seed)
    rng = random.Random(f"{seed}:page:{key}")
    published = london_time(when.replace(second=0, microsecond=0))
    modified = published + timedelta(minutes=rng.randint(40, 2880)) if rng.random() < 0.35 else None
    post_id = 1001 + key
    slug = slugify(story.title)
    url_path = f"/news/{slug}-{post_id}.html" if key % 7 == 3 else f"/{published:%Y/%m/%d}/{slug}/"
    if url_path in taken:  # a story of the same title on the same day: a slug of its own, as WordPress gives
        slug = f"{slug}-{post_id}"
        url_path = f"/{published:%Y/%m/%d}/{slug}/"
    upload = f"/wp-content/uploads/{published:%Y/%m}/{slug[:40].rstrip('-')}"
    writers = desk(story.section)
    tracking_only = base and key % 17 == 11
    generated = not (base and key in FIXED_KEYS) and not tracking_only
    amp_path, print_path = _variant_paths(key, url_path) if generated else (None, None)
    return DemoArticle(
        post_id=post_id,
        url_path=url_path,
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
        tracking_only=tracking_only, amp_path=amp_path, print_path=print_path,
    )


class Catalogue:
    """The articles with the indexes listing pages need; index keys are slugs.

    ``copies`` (wire copies) are listed on the front and section pages and in the sitemaps
    (``listed``, ``listed_by_section``) but are not ``articles``. ``pages`` maps the paths
    of copies, AMP pages and ``print/`` pages to their kind ("copy", "amp", "print") and
    article.
    """

    def __init__(self, articles: list[DemoArticle], seed: str = DEFAULT_SEED,
                 copies: list[DemoCopy] | None = None) -> None:
        self.articles = articles
        self.copies = copies or []
        self.by_path = {a.url_path: a for a in articles}
        self.by_id = {a.post_id: a for a in [*articles, *self.copies]}
        self.position = {a.post_id: i for i, a in enumerate(articles)}
        self.pages: dict[str, tuple[str, DemoArticle]] = {c.url_path: ("copy", c) for c in self.copies}
        for article in articles:
            if article.amp_path:
                self.pages[article.amp_path] = ("amp", article)
            if article.print_path and "?" not in article.print_path:
                self.pages[article.print_path] = ("print", article)
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
        self.listed, self.listed_by_section = articles, self.by_section
        if self.copies:
            self.listed = sorted([*articles, *self.copies], reverse=True,
                                 key=lambda a: datetime.fromisoformat(a.published))
            self.listed_by_section = {}
            for article in self.listed:
                self.listed_by_section.setdefault(article.section_slug, []).append(article)

    def _index(
        self, kind: str, index: dict[str, list[DemoArticle]], names: list[str], article: DemoArticle,
    ) -> None:
        for name in names:
            slug = slugify(name)
            self.names[f"{kind}/{slug}"] = name
            index.setdefault(slug, []).append(article)

    def original(self, article: DemoArticle) -> DemoArticle:
        """The article itself, or for a copy the article it copies."""
        return self.by_path[article.original_path] if isinstance(article, DemoCopy) else article

    def related(self, article: DemoArticle, count: int) -> list[DemoArticle]:
        """Up to ``count`` other articles of the same section, the next older ones first."""
        article = self.original(article)
        peers = self.by_section[article.section_slug]
        start = self.section_position[article.post_id]
        return (peers[start + 1:] + peers[:start])[:count]

    def following(self, article: DemoArticle, step: int) -> DemoArticle:
        """The article ``step`` places after ``article`` in the site-wide list (wrapping)."""
        position = self.position[self.original(article).post_id]
        return self.articles[(position + step) % len(self.articles)]
