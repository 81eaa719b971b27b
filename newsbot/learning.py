"""Site-level learning in a crawl and in the commands (the pure part is
:mod:`newsbot.extract.site_learning`).

During a crawl each page of a site is cleaned with the model the store holds for the site
(reloaded as pages come in, see :data:`REFRESH_PAGES`) and counted toward that model.
When the crawl ends the final model is built, and every article of the run that it would
clean differently is cleaned again from its stored HTML and updated in the store (and in
the run's JSON Lines feed), so what is stored does not depend on the order the pages came
in: the first articles of a new site are cleaned as well as the last. Stored articles of
earlier runs are cleaned again when their text holds a block learned in this run (those
that other processes of a shared crawl fetched meanwhile are theirs to clean again).

Which articles of the run the final model changes is found without cleaning them all again:
learned blocks are removed by their keys, so only a page holding a key learned (or no
longer learned) since it was cleaned can change, and of those only the ones whose stored
text holds such a block's text; otherwise only a kept block quoting a headline learned
since can go. The model holds the headlines of the site's newest articles only, so memory
stays flat over a long crawl; a teaser dropped for quoting a headline that has left the
model since is not brought back: the stored text without it is the better one.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
from array import array
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from itertools import groupby

from scrapy.settings import BaseSettings
from scrapy.statscollectors import StatsCollector

from newsbot.cleaning import Cleaned
from newsbot.extract import ExtractOptions, LearnedSite, LearningRules, Observation, learn
from newsbot.extract.options import MAX_QUOTING_WORDS
from newsbot.extract.site_learning import TEXT_CHARS, BlockCount
from newsbot.extract.text import fold
from newsbot.items import Article
from newsbot.pipelines.sanitize import sanitize_article
from newsbot.store.base import ArticleFilter, Store

logger = logging.getLogger(__name__)

# Pages a site's model is used for before it is loaded again from the store: this many at
# first, then a tenth of the site's pages observed in the run.
REFRESH_PAGES = 10
# Pages observed, over all sites, before their counts go to the store together (a site's at
# the latest when its model is reloaded): one transaction a site, and the blocks and places
# its pages share counted once each. Fewer, larger batches cost the crawl process less
# (each page's blocks are mostly those of the pages before it); the bound is over all
# sites so that a crawl of many sites holds no more observations than one of a single site.
OBSERVE_BATCH = 50
# Articles the end-of-run check cleans again at once: enough to keep every worker busy,
# few enough that the stored pages waiting for a worker stay a few megabytes, however
# many articles a long crawl has to check.
RECLEAN_AT_ONCE = 32

AsyncCleaner = Callable[[str, str, ExtractOptions], Awaitable[Cleaned]]


def rules_from(settings: BaseSettings) -> LearningRules:
    """The learning thresholds the ``NEWSBOT_SITE_LEARNING_*`` settings give."""
    return LearningRules(settings.getint("NEWSBOT_SITE_LEARNING_MIN_PAGES"),
                         settings.getfloat("NEWSBOT_SITE_LEARNING_MIN_SHARE"))


def load_site(store: Store, site: str, rules: LearningRules, floor: int) -> LearnedSite:
    """The site's model from the store: learned blocks, and the headlines of its articles
    stored with a row id above ``floor``."""
    counts = (BlockCount(*row) for row in store.site_blocks(site, rules.min_pages))
    return learn(counts, store.site_headlines(site, floor), rules)


@dataclass(slots=True)
class _Cleaned:
    """What the end-of-run check needs of one article page cleaned in the run."""

    url: str
    keys: array  # the page's block keys
    used: frozenset[int]  # the learned blocks it was cleaned with
    short_blocks: tuple[str, ...]  # the kept blocks short enough to quote a headline, folded


class _RunPages:
    """The run's :class:`_Cleaned` records by site and canonical URL, in a private temporary
    SQLite file rather than in memory, so a long crawl's memory does not grow with them.
    The few distinct sets of learned blocks pages were cleaned with stay in memory."""

    def __init__(self) -> None:
        self.db = sqlite3.connect("")  # "": a temporary file, deleted when closed
        self.db.execute("CREATE TABLE pages (site TEXT, canonical TEXT, url TEXT, keys BLOB, used INTEGER, short TEXT)")
        self.db.execute("CREATE INDEX pages_canonical ON pages (site, canonical)")
        self.used: dict[frozenset[int], int] = {}

    def add(self, site: str, canonical: str, page: _Cleaned) -> None:
        used = self.used.setdefault(page.used, len(self.used))
        self.db.execute("INSERT INTO pages VALUES (?, ?, ?, ?, ?, ?)",
                        (site, canonical, page.url, page.keys.tobytes(), used, json.dumps(page.short_blocks)))

    def by_canonical(self, site: str) -> Iterator[tuple[str, list[_Cleaned]]]:
        """Each article of ``site`` cleaned in the run, with its pages in the order cleaned."""
        sets = list(self.used)
        rows = self.db.execute("SELECT canonical, url, keys, used, short FROM pages WHERE site = ? "
                               "ORDER BY canonical, rowid", (site,))
        for canonical, group in groupby(rows, key=lambda row: row[0]):
            yield canonical, [_Cleaned(url, array("q", keys), sets[used], tuple(json.loads(short)))
                              for _, url, keys, used, short in group]

    def holds(self, site: str, canonical: str) -> bool:
        return self.db.execute("SELECT 1 FROM pages WHERE site = ? AND canonical = ? LIMIT 1",
                               (site, canonical)).fetchone() is not None

    def close(self) -> None:
        self.db.close()


@dataclass(slots=True)
class _Site:
    """One site's learning in this run."""

    start: LearnedSite  # the model as the run found it
    model: LearnedSite  # the model pages are cleaned with now
    observed: int = 0  # pages observed in the run
    since_load: int = 0
    pending: list[Observation] = field(default_factory=list)  # observed, not yet counted in the store
    # When the run first cleaned a page of the site, as articles' ``fetched_at`` is written.
    started: str = field(default_factory=lambda: datetime.now(timezone.utc).isoformat(timespec="seconds"))


class SiteLearner:
    """Keeps each site's model for the pages of a crawl and brings the run's articles up to
    the final model when it ends. ``store`` gives the crawl's store; ``headlines`` is how
    many of a site's newest stored articles (the run's included) lend their headlines."""

    def __init__(self, store: Callable[[], Store], rules: LearningRules, headlines: int,
                 stats: StatsCollector | None = None) -> None:
        self.store = store
        self.rules = rules
        self.headlines = headlines
        self.stats = stats
        self.sites: dict[str, _Site] = {}
        self.pages = _RunPages()
        self.pending = 0  # observations of all sites not yet counted in the store

    def _count(self, key: str, n: int = 1) -> None:
        if self.stats is not None and n:
            self.stats.inc_value(f"newsbot/learning/{key}", n)

    def _site(self, name: str) -> _Site:
        if name not in self.sites:
            model = self._load(self.store(), name)
            self.sites[name] = _Site(model, model)
        return self.sites[name]

    def _load(self, store: Store, name: str) -> LearnedSite:
        """The site's model as the store holds it now, with the headlines of its newest articles."""
        return load_site(store, name, self.rules, store.headline_floor(name, self.headlines))

    def options(self, site: str, base: ExtractOptions, url: str) -> ExtractOptions:
        """``base`` with the site's model for the page at ``url``, observing the page."""
        try:
            model = self._site(site).model
        except Exception:  # noqa: BLE001 - a store failure must not cost the page
            logger.exception("Could not load what was learned about %s", site)
            return base
        return replace(base, observe=True, site_model=model.model_for(url))

    def observed(self, site: str, observation: Observation | None) -> None:
        """Count a cleaned page (any page: listings teach headlines and boilerplate too)."""
        if observation is None:
            return
        try:
            state = self._site(site)
            state.pending.append(observation)
            self.pending += 1
            state.observed += 1
            state.since_load += 1
            if self.pending >= OBSERVE_BATCH:
                self.flush()
            if state.since_load >= max(REFRESH_PAGES, state.observed // 10):
                self.flush(site)
                state.model = self._load(self.store(), site)
                state.since_load = 0
        except Exception:  # noqa: BLE001 - a store failure must not cost the page
            logger.exception("Could not learn from a page of %s", site)

    def flush(self, site: str | None = None) -> None:
        """Count the pending observations of ``site`` (default: of every site) in the store."""
        for name in [site] if site is not None else list(self.sites):
            state = self.sites[name]
            pending, state.pending = state.pending, []
            self.pending -= len(pending)
            if pending:
                self._count("pages", self.store().observe_pages(name, pending))

    def cleaned(self, site: str, article: Article, observation: Observation | None,
                options: ExtractOptions) -> None:
        """Remember what the end-of-run check needs of an article about to be stored."""
        if observation is None:
            return
        used = options.site_model.blocks if options.site_model else frozenset()
        folded = (fold(block) for block in article.text.split("\n\n"))
        short = tuple(block for block in folded if len(block.split()) <= MAX_QUOTING_WORDS)
        self._site(site)  # finish() goes through the sites it knows
        page = _Cleaned(article.url, array("q", sorted(observation.block_keys)), used, short)
        self.pages.add(site, article.canonical_url, page)

    async def finish(self, clean: AsyncCleaner, base: Callable[[str], ExtractOptions]) -> list[Article]:
        """Clean again, with each site's final model, the stored articles it changes; returns
        the articles updated in the store. ``base`` gives a site's options without a model."""
        updated: list[Article] = []
        try:
            for name, state in self.sites.items():
                try:
                    updated += await self._finish_site(name, state, clean, base(name))
                except Exception:  # noqa: BLE001 - the crawl's results are stored already
                    logger.exception("Site learning could not finish for %s", name)
        finally:
            self.pages.close()
        return updated

    async def _finish_site(self, name: str, state: _Site, clean: AsyncCleaner,
                           base: ExtractOptions) -> list[Article]:
        store = self.store()
        self.flush(name)
        final = self._load(store, name)
        targets = sorted(self._changed_in_run(name, final) | self._changed_before(name, state, final))
        at_once = asyncio.Semaphore(RECLEAN_AT_ONCE)

        async def reclean(url: str) -> Article | None:
            async with at_once:
                return await self._reclean(url, final, clean, base)

        results = await asyncio.gather(*(reclean(url) for url in targets))
        updated = [article for article in results if article is not None]
        logger.info("Site learning for %s: %d learned blocks and %d headlines from %d pages; "
                    "%d stored articles checked again, %d updated", name, len(final.blocks),
                    len(final.headlines), store.observed_pages(name), len(targets), len(updated))
        self._count("learned_blocks", len(final.blocks))
        return updated

    def _changed_in_run(self, name: str, final: LearnedSite) -> set[str]:
        """The run's articles that the final model cleans differently: a block learned since
        the page was cleaned is in its stored text, a block it lost was learned no longer,
        or a kept block quotes a headline learned since."""
        changed = set()
        for canonical, pages in self.pages.by_canonical(name):
            gained: set[int] = set()
            for page in pages:
                keys = set(page.keys)
                model = final.model_for(page.url)  # own title left in: a needless check at worst
                if keys & (page.used - final.blocks) or any(map(model.quoted_in_folded, page.short_blocks)):
                    changed.add(canonical)
                    break
                gained |= (keys & final.blocks) - page.used
            else:
                stored = self.store().stored_page(canonical) if gained else None
                if stored and _holds_any(stored[0].text, {final.texts[key] for key in gained}):
                    changed.add(canonical)
        return changed

    def _changed_before(self, name: str, state: _Site, final: LearnedSite) -> set[str]:
        """Articles of earlier runs whose text holds a block first learned in this run.

        An article fetched since the run began that is not the run's own was stored by
        another process of a shared crawl, which brings it up to its own final model when
        it ends: checking it here too would clean it once per process.
        """
        new_texts = {final.texts[key] for key in final.blocks - state.start.blocks}
        if not new_texts:
            return set()
        earlier = ArticleFilter(site=name, with_copies=True, fetched_until=state.started)
        return {article.canonical_url for article in self.store().iter_articles(earlier)
                if not self.pages.holds(name, article.canonical_url) and _holds_any(article.text, new_texts)}

    async def _reclean(self, canonical_url: str, final: LearnedSite, clean: AsyncCleaner,
                       base: ExtractOptions) -> Article | None:
        store = self.store()
        found = store.stored_page(canonical_url)
        if found is None:
            self._count("reclean/no_html")
            return None
        stored, html = found
        options = replace(base, observe=False, site_model=final.model_for(stored.url))
        try:
            fresh = (await clean(html, stored.url, options)).article
        except Exception as exc:  # noqa: BLE001 - a timeout or crash costs this update only
            logger.warning("Could not clean %s again: %s", stored.url, exc)
            self._count("reclean/failed")
            return None
        if fresh is None:  # what is left is too little for an article: keep what is stored
            self._count("reclean/kept")
            return None
        update = replace(stored, text=fresh.text, word_count=fresh.word_count,
                         fingerprint=fresh.fingerprint, paywalled=fresh.paywalled)
        sanitize_article(update)
        if update == stored:
            return None
        store.replace_article(update)
        self._count("reclean/updated")
        return update


_PENDING = "_newsbot_learning_pending"


def learning_pending(crawler: object) -> None:
    """Note that the crawl's learning will finish when the cleaning pipeline closes."""
    setattr(crawler, _PENDING, asyncio.Event())


def learning_finished(crawler: object) -> None:
    event = getattr(crawler, _PENDING, None)
    if event is not None:
        event.set()


async def wait_for_learning(crawler: object) -> None:
    """Return once the crawl's learning has finished (at once when there is none)."""
    event = getattr(crawler, _PENDING, None)
    if event is not None:
        await event.wait()


def _holds_any(text: str, learned: set[str]) -> bool:
    """Whether the text holds one of the learned blocks (folded texts, cut at TEXT_CHARS)."""
    folded = f" {fold(text)} "
    return any((f" {block}" if len(block) >= TEXT_CHARS else f" {block} ") in folded for block in learned)
