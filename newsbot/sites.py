"""Site configurations: from a ``sites.toml`` file or from a list of start URLs."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta, timezone
from pathlib import Path

from newsbot.urls import site_of


class SitesFileError(ValueError):
    """The sites file cannot be read or says something newsbot does not understand."""


@dataclass(frozen=True)
class SiteConfig:
    """How to crawl one site."""

    name: str
    start_urls: tuple[str, ...]
    allow: tuple[str, ...] = ()  # URL regexes; when given, only matching links are followed
    deny: tuple[str, ...] = ()  # URL regexes never followed
    drop: tuple[str, ...] = ()  # extra CSS selectors removed before cleaning
    keep: tuple[str, ...] = ()  # CSS selectors never removed by cleaning
    max_age_days: float | None = None  # older articles are not emitted; None: any age
    max_pages: int | None = None  # per-run page budget; None: NEWSBOT_MAX_PAGES_PER_SITE
    interval: str | None = None  # `python -m newsbot schedule`: crawl every "30s", "15m", "2h", "1d"
    cron: str | None = None  # ... or at the times of a crontab line, "*/30 * * * *"
    hosts: frozenset[str] = field(default=frozenset(), compare=False)

    def __post_init__(self) -> None:
        for pattern in self.allow + self.deny:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise SitesFileError(f"site {self.name!r}: bad pattern {pattern!r}: {exc}") from exc
        _check_schedule(self)
        object.__setattr__(self, "hosts", frozenset(site_of(u) for u in self.start_urls))

    def allows(self, url: str) -> bool:
        """True when the allow and deny patterns let the crawl follow ``url``."""
        if any(re.search(p, url) for p in self.deny):
            return False
        return not self.allow or any(re.search(p, url) for p in self.allow)

    def oldest_allowed(self, now: datetime | None = None) -> str | None:
        """ISO timestamp before which articles are too old, or None for any age."""
        if self.max_age_days is None:
            return None
        now = now or datetime.now(timezone.utc)
        return (now - timedelta(days=self.max_age_days)).isoformat()


INTERVAL_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd])\s*$")
INTERVAL_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_interval(text: str) -> timedelta:
    """The time a schedule interval such as ``"90s"``, ``"15m"``, ``"2h"`` or ``"1d"`` names."""
    match = INTERVAL_RE.match(text) if isinstance(text, str) else None
    if not match or float(match.group(1)) <= 0:
        raise ValueError(f"bad interval {text!r}: expected a number and a unit, like 30s, 15m, 2h or 1d")
    return timedelta(seconds=float(match.group(1)) * INTERVAL_UNITS[match.group(2)])


def _check_schedule(site: SiteConfig) -> None:
    """Fail at start on a bad ``interval`` or ``cron``, or on both given."""
    if site.interval is not None and site.cron is not None:
        raise SitesFileError(f"site {site.name!r}: give interval or cron, not both")
    try:
        if site.interval is not None:
            parse_interval(site.interval)
        if site.cron is not None:
            from apscheduler.triggers.cron import CronTrigger

            CronTrigger.from_crontab(str(site.cron))
    except ValueError as exc:
        raise SitesFileError(f"site {site.name!r}: {exc}") from exc


_KEYS = {f.name for f in fields(SiteConfig)} - {"hosts"}
_TUPLE_KEYS = {"start_urls", "allow", "deny", "drop", "keep"}


def _site_from_table(table: dict, defaults: dict) -> SiteConfig:
    merged = {**defaults, **table}
    unknown = set(merged) - _KEYS
    if unknown:
        raise SitesFileError(f"unknown key(s) {sorted(unknown)} in site {merged.get('name')!r}")
    for key in _TUPLE_KEYS & set(merged):
        value = merged[key]
        merged[key] = (value,) if isinstance(value, str) else tuple(value)
    if not merged.get("start_urls"):
        raise SitesFileError(f"site {merged.get('name')!r} has no start_urls")
    merged.setdefault("name", site_of(merged["start_urls"][0]))
    return SiteConfig(**merged)


def load_sites(path: str | Path) -> list[SiteConfig]:
    """Read a sites file: ``[defaults]`` for every site, then one ``[[site]]`` table each."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SitesFileError(f"cannot read sites file {path}: {exc}") from exc
    defaults = data.get("defaults", {})
    sites = [_site_from_table(t, defaults) for t in data.get("site", [])]
    if not sites:
        raise SitesFileError(f"sites file {path} lists no [[site]]")
    names = [s.name for s in sites]
    if len(set(names)) != len(names):
        raise SitesFileError(f"sites file {path} names a site twice: {names}")
    return sites


def sites_from_urls(urls: list[str]) -> list[SiteConfig]:
    """One site per host among the start URLs."""
    by_site: dict[str, list[str]] = {}
    for url in urls:
        by_site.setdefault(site_of(url), []).append(url)
    return [SiteConfig(name=name, start_urls=tuple(starts)) for name, starts in by_site.items()]
