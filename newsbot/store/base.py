"""The store interface every backend implements, and the choice of backend by URL scheme."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Protocol

from newsbot.items import Article

if TYPE_CHECKING:
    from newsbot.extract.site_learning import Observation


class SaveOutcome(str, Enum):
    """What storing an article did."""

    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class ArticleFilter:
    """Which stored articles to read: by site and by published/fetched date (ISO strings)."""

    site: str | None = None
    since: str | None = None
    until: str | None = None
    with_copies: bool = False  # also copies of other stories (duplicate_of set)
    fetched_until: str | None = None  # fetched at or before (never fetched: always)


@dataclass(frozen=True)
class SaveExtras:
    """What is stored beside an article: its near-duplicate signature with LSH band keys,
    the URL keys that led to it, and the HTTP validators of its fetch.

    ``is_copy`` tells a stored signature that this article copies. Given (and no
    ``duplicate_of`` set), the store looks for the story the article copies in the same
    transaction that saves it, and marks it; a store shared by several processes does so
    under a lock on the article's bands, where two processes saving copies of one story at
    once would otherwise each find none and both store theirs as the story."""

    signature: bytes | None = None
    band_keys: Sequence[int] = ()
    url_keys: Sequence[str] = ()
    etag: str | None = None
    last_modified: str | None = None
    is_copy: Callable[[bytes], bool] | None = None


@dataclass(frozen=True)
class SeenArticle:
    """A stored article that a URL led to, with the validators for a conditional request."""

    canonical_url: str
    fetched_at: str | None
    etag: str | None
    last_modified: str | None
    dated: str | None = None  # the stored version's own date: modified, else published


@dataclass(frozen=True)
class RunRecord:
    """One recorded crawl: when it ran, which site, its summary and health verdict."""

    id: int
    spider: str
    site: str | None
    started_at: str
    finished_at: str | None
    summary: dict[str, object]  # newsbot.health.RunSummary as a dict
    flagged: bool
    reasons: tuple[str, ...]  # why the health checks flagged it
    crawl: str | None = None  # the shared crawl it was one process of (newsbot.frontier)


class Store(Protocol):
    """A place that keeps articles, their fetched HTML and the record of each run."""

    def save_article(self, article: Article, html: str | None,
                     extras: SaveExtras = SaveExtras()) -> SaveOutcome:
        """Insert or update one article (keyed by canonical URL) in one transaction.

        A changed text keeps the old one as a revision and raises ``article.revision``. The
        near-duplicate signature and its LSH band keys are indexed, and every URL key that
        led to the article is remembered, so those URLs are not fetched again.
        """

    def seen(self, url_key: str) -> SeenArticle | None:
        """The stored article a URL key led to, if any."""

    def find_copy(self, article: Article, band_keys: Sequence[int],
                  is_copy: Callable[[bytes], bool]) -> str | None:
        """Canonical URL of the stored story this article copies: the same fingerprint under
        another URL, or an LSH candidate whose signature ``is_copy`` confirms."""

    def replace_article(self, article: Article) -> None:
        """Overwrite the cleaned fields of a stored article (used by ``reclean``)."""

    def iter_articles(self, where: ArticleFilter = ArticleFilter()) -> Iterator[Article]:
        """Stored articles, oldest first."""

    def iter_pages(self, where: ArticleFilter = ArticleFilter()) -> Iterator[tuple[Article, str]]:
        """Stored articles that kept their HTML, with that HTML."""

    def count_articles(self, site: str | None = None) -> int:
        """How many articles the store holds."""

    def start_run(self, spider: str, started_at: str, crawl: str | None = None) -> int:
        """Record the start of a crawl, or of one process of the shared ``crawl``; returns
        its run id."""

    def finish_run(self, run_id: int, finished_at: str, stats: dict[str, object]) -> None:
        """Record the end of a crawl with its summary figures."""

    def record_run_health(self, run_id: int, site: str | None, summary: dict[str, object],
                          reasons: Sequence[str]) -> None:
        """Record a run's site, summary and health verdict (flagged when ``reasons``)."""

    def recent_runs(self, site: str, limit: int = 10, before: int | None = None) -> list[RunRecord]:
        """The site's last runs that have a summary, newest first; only those before run
        ``before`` when given."""

    def crawl_runs(self, crawls: Sequence[str]) -> list[RunRecord]:
        """Every run of these shared crawls, summed up or not (a killed process never is)."""

    def site_names(self) -> list[str]:
        """Names of the sites the store holds articles of."""

    def observe_pages(self, site: str, observations: Sequence[Observation]) -> int:
        """Count the pages' blocks and block places toward their site's learning, once per
        page (``observation.page_key``: a page counted before, or twice in ``observations``,
        counts once), and remember the headlines their titles and links give pages of the
        site; in one transaction. Returns how many pages were counted now."""

    def observed_pages(self, site: str) -> int:
        """How many pages of the site have been counted."""

    def site_blocks(self, site: str, min_pages: int) -> list[tuple[int, int, int, str]]:
        """(block key, pages it was seen on, pages that have its place, folded text) of the
        site's blocks seen on at least ``min_pages`` pages."""

    def site_headlines(self, site: str, after_id: int = 0) -> list[tuple[str, str]]:
        """(folded headline, URL key) pairs naming the site's stored articles whose row id is
        above ``after_id``."""

    def headline_floor(self, site: str, newest: int) -> int:
        """The row id below the site's ``newest`` most recent articles (0 if it has fewer)."""

    def stored_page(self, canonical_url: str) -> tuple[Article, str] | None:
        """The stored article with that canonical URL and its kept HTML, if both are stored."""

    def close(self) -> None:
        """Release connections."""


class StoreURLError(ValueError):
    """The store URL names no backend newsbot knows, or cannot be opened."""


def open_store(url: str, *, keep_html: bool = True) -> Store:
    """Open the backend that the URL's scheme names (``sqlite:///path``)."""
    scheme = url.split(":", 1)[0].lower()
    if scheme == "sqlite":
        from newsbot.store.sqlite import SQLiteStore

        return SQLiteStore.from_url(url, keep_html=keep_html)
    if scheme in ("postgresql", "postgres"):
        from newsbot.store.postgres import PostgresStore

        return PostgresStore.from_url(url, keep_html=keep_html)
    raise StoreURLError(f"unsupported store URL {url!r}: expected sqlite:///PATH or postgresql://...")
