"""How a run went, in a few figures, and the checks that flag a run that went wrong.

Pure: a run's stats and the summaries of the site's earlier runs in; a summary and the
reasons to flag it out. ``newsbot.monitors`` runs the checks as a Spidermon suite and
``newsbot.extensions.health`` records the verdict.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields

from newsbot.store.base import RunRecord

# Drop reasons (``newsbot/dropped/<reason>``) that mean cleaning failed on an article-like
# page; "too_short" too, as a placeholder page ("story unavailable") ends up there.
FAILED_EXTRACTION = frozenset({"not_article", "extraction_error", "extract_timeout", "extract_crash",
                               "too_short"})
# The stat that names the shared crawl a process takes part in (see newsbot.frontier).
CRAWL_STAT = "newsbot/frontier/crawl"
# The stats of a run's verdict: flagged or not, and why (see newsbot.extensions.health).
FLAGGED = "newsbot/health/flagged"
REASONS = "newsbot/health/reasons"
# A run that ended so is partial: it is summed up but not judged.
UNJUDGED_REASONS = frozenset({"shutdown", "cancelled"})


@dataclass(frozen=True)
class HealthRules:
    """When a run is flagged (the ``NEWSBOT_HEALTH_*`` settings)."""

    history: int = 10  # earlier runs of the site that say what is usual
    failure_jump: float = 0.3  # flag when the failing share of article pages rises this much
    min_failed_pages: int = 3  # ...and at least this many more pages failed than usually do
    min_baseline_pages: int = 10  # article pages the usual runs need for a usual share
    # One process of a crawl shared through a frontier (NEWSBOT_REDIS_URL): fetching or
    # finding nothing in that one process says nothing about the site.
    shared_frontier: bool = False


@dataclass(frozen=True)
class RunSummary:
    """What one run did, as logged at its end and kept in the ``runs`` table."""

    site: str | None = None
    finish_reason: str = ""
    elapsed_seconds: float = 0.0
    pages: int = 0  # responses received
    articles_found: int = 0  # articles cleaned, plus stored ones not fetched again (known)
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    known: int = 0
    duplicates: int = 0  # copies of stored stories
    errors: int = 0  # ERROR log lines
    article_pages: int = 0  # pages with an article-like URL that reached cleaning
    failed_article_pages: int = 0  # ... that cleaning failed on, or whose text others share
    interstitials: int = 0  # bot-challenge or interstitial pages
    dropped: dict[str, int] = field(default_factory=dict)  # reason -> pages
    skipped: dict[str, int] = field(default_factory=dict)  # reason -> requests

    @property
    def failure_share(self) -> float | None:
        """Share of article pages that failed cleaning; None without article pages."""
        return self.failed_article_pages / self.article_pages if self.article_pages else None

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> "RunSummary":
        """The summary a ``runs`` row keeps; keys it does not know are left out."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})  # type: ignore[arg-type]

    def describe(self) -> str:
        """One line for a person."""
        dropped = ", ".join(f"{n} {r.replace('_', ' ')}" for r, n in sorted(self.dropped.items())) or "none"
        return (f"site {self.site or '-'}: {self.pages} pages fetched, {self.articles_found} articles found"
                f" ({self.new} new, {self.updated} updated, {self.unchanged} unchanged, {self.known} known,"
                f" {self.duplicates} duplicates); dropped: {dropped}; {self.errors} errors;"
                f" {self.failed_article_pages}/{self.article_pages} article pages failed cleaning;"
                f" {self.elapsed_seconds:.1f} s, {self.finish_reason or 'unfinished'}")


def _by_reason(stats: Mapping[str, object], prefix: str) -> dict[str, int]:
    return {key[len(prefix):]: int(value) for key, value in stats.items()
            if key.startswith(prefix) and isinstance(value, (int, float))}


def summarize(stats: Mapping[str, object], site: str | None = None) -> RunSummary:
    """The summary of a run from its Scrapy stats."""
    def count(key: str) -> int:
        return int(stats.get(key) or 0)

    skipped = _by_reason(stats, "newsbot/skipped/")
    return RunSummary(
        site=site,
        finish_reason=str(stats.get("finish_reason") or ""),
        elapsed_seconds=round(float(stats.get("elapsed_time_seconds") or 0.0), 3),
        pages=count("response_received_count"),
        articles_found=count("newsbot/articles/extracted") + count("newsbot/articles/known"),
        new=count("newsbot/store/new"),
        updated=count("newsbot/store/updated"),
        unchanged=count("newsbot/store/unchanged"),
        known=count("newsbot/articles/known"),
        duplicates=count("newsbot/dedupe/duplicates"),
        errors=count("log_count/ERROR"),
        article_pages=count("newsbot/health/article_pages"),
        failed_article_pages=count("newsbot/health/failed_article_pages"),
        interstitials=skipped.get("interstitial", 0),
        dropped=_by_reason(stats, "newsbot/dropped/"),
        skipped=skipped,
    )


def combine(summaries: Sequence[RunSummary]) -> RunSummary:
    """One summary for the processes of a shared crawl: their counts summed."""
    first, *rest = summaries
    if not rest:
        return first
    combined: dict[str, object] = {}
    for name in (f.name for f in fields(RunSummary)):
        values = [getattr(summary, name) for summary in summaries]
        if name == "elapsed_seconds":
            combined[name] = max(values)
        elif isinstance(values[0], int):
            combined[name] = sum(values)
        elif isinstance(values[0], dict):
            combined[name] = dict(sum((Counter(value) for value in values), Counter()))
        else:
            combined[name] = values[0]
    return RunSummary(**combined)  # type: ignore[arg-type]


def usual_runs(history: Sequence[RunRecord], crawl_runs: Sequence[RunRecord] = (),
               current_crawl: str | None = None) -> list[RunSummary]:
    """The earlier crawls that show what is usual for a site: finished and not flagged.

    The processes of a shared crawl split its pages, so they count as one crawl with their
    figures summed (``crawl_runs``: every run of the shared crawls in ``history``). Such a
    crawl is usual only when each of its processes finished unflagged: one that was killed
    never got a summary, and what it held is missing from the others' figures. The runs of
    ``current_crawl``, the crawl being judged, are not earlier crawls.
    """
    crawls: dict[object, dict[int, RunRecord]] = {}
    for run in (*history, *crawl_runs):
        crawls.setdefault(run.crawl or run.id, {})[run.id] = run
    return [combine([RunSummary.from_dict(run.summary) for run in runs.values()])
            for crawl, runs in crawls.items()
            if crawl != current_crawl
            if all(not run.flagged and run.summary.get("finish_reason") == "finished" for run in runs.values())]


def check_fetched(summary: RunSummary) -> str | None:
    """A run that could fetch nothing at all."""
    if summary.pages == 0:
        return "no page could be fetched"
    return None


def check_articles_found(summary: RunSummary, usual: Sequence[RunSummary]) -> str | None:
    """No article, on a site where most earlier runs found some."""
    if summary.articles_found or not usual:
        return None
    with_articles = [run.articles_found for run in usual if run.articles_found]
    if 2 * len(with_articles) <= len(usual):
        return None
    return (f"no articles found, where {len(with_articles)} of the last {len(usual)} runs "
            f"found some (up to {max(with_articles)})")


def check_extraction(summary: RunSummary, usual: Sequence[RunSummary], rules: HealthRules) -> str | None:
    """The share of article pages that fail cleaning jumped above the site's usual share.

    Pages that fail in every run (about or contact pages with article-like URLs, fetched
    each time while known articles are not) are taken out first: as many as failed in the
    usual crawl with most failures.
    """
    if not usual:
        return None
    standing = max(run.failed_article_pages for run in usual)
    failed = summary.failed_article_pages - standing
    if failed < rules.min_failed_pages:
        return None
    usual_pages = sum(max(0, run.article_pages - standing) for run in usual)
    if usual_pages < rules.min_baseline_pages:
        return None  # no usual share yet
    usual_share = sum(max(0, run.failed_article_pages - standing) for run in usual) / usual_pages
    share = failed / (summary.article_pages - standing)
    if share - usual_share < rules.failure_jump:
        return None
    return (f"{summary.failed_article_pages} of {summary.article_pages} article pages failed cleaning"
            f" ({share:.0%} of those beyond the {standing} that fail in every run, usually {usual_share:.0%})")


def check_not_blocked(summary: RunSummary) -> str | None:
    """Only bot-challenge or interstitial pages, no article."""
    if summary.interstitials and not summary.articles_found:
        return f"only bot-challenge or interstitial pages ({summary.interstitials}), no article"
    return None


def is_judged(summary: RunSummary) -> bool:
    """Whether a run ran its course and can be judged (not stopped part-way)."""
    return summary.finish_reason not in UNJUDGED_REASONS
