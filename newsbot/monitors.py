"""The health checks of a run as a Spidermon monitor suite.

:class:`newsbot.extensions.health.RunHealth` runs the suite when the spider closes, with
the run's :class:`~newsbot.health.RunSummary` (``summary``), the site's usual runs
(``usual``) and the :class:`~newsbot.health.HealthRules` (``rules``) in the monitors'
data; each failed monitor is a reason to flag the run.
"""

from __future__ import annotations

from typing import Any

from spidermon import Monitor, MonitorSuite, monitors
from spidermon.runners import MonitorRunner

from newsbot.health import (
    HealthRules,
    RunSummary,
    check_articles_found,
    check_extraction,
    check_fetched,
    check_not_blocked,
)


@monitors.name("Run health")
class RunHealthMonitor(Monitor):
    """Did the run find what this site usually gives?"""

    def _check(self, reason: str | None) -> None:
        if reason:
            self.fail(reason)

    def _whole_crawl_only(self) -> None:
        if self.data.rules.shared_frontier:
            self.skipTest("one process of a shared crawl may get no work")

    @monitors.name("Pages fetched")
    def test_pages_fetched(self) -> None:
        self._whole_crawl_only()
        self._check(check_fetched(self.data.summary))

    @monitors.name("Articles found")
    def test_articles_found(self) -> None:
        self._whole_crawl_only()
        self._check(check_articles_found(self.data.summary, self.data.usual))

    @monitors.name("Article pages clean")
    def test_extraction(self) -> None:
        self._check(check_extraction(self.data.summary, self.data.usual, self.data.rules))

    @monitors.name("Not blocked")
    def test_not_blocked(self) -> None:
        self._check(check_not_blocked(self.data.summary))


class RunHealthSuite(MonitorSuite):
    """Every health check of a run."""

    monitors = [RunHealthMonitor]


def failed_checks(summary: RunSummary, usual: list[RunSummary], rules: HealthRules,
                  **data: Any) -> list[str]:
    """Run :class:`RunHealthSuite`; the reasons of the monitors that failed (none: healthy)."""
    result = MonitorRunner().run(RunHealthSuite(), summary=summary, usual=usual, rules=rules, **data)
    return [item.reason or item.error for item in result.monitors_failed_results]
