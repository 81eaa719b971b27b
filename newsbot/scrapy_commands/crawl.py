"""``scrapy crawl``, exiting with status 3 when the run's health checks flagged it.

Scrapy's own ``crawl`` fails only on bootstrap errors; schedulers, cron and CI need to
know when a site broke (:mod:`newsbot.extensions.health`).
"""

from __future__ import annotations

import argparse

from scrapy.commands import crawl
from scrapy.crawler import Crawler
from scrapy.exceptions import UsageError

from newsbot.extensions.health import FLAGGED
from newsbot.worker_server import start_server, worker_count

FLAGGED_EXIT_CODE = 3


class Command(crawl.Command):
    """Run a spider; exit 3 when its run was flagged, 1 when it could not start, 2 on a
    malformed option or setting."""

    crawler: Crawler | None = None

    def _create_crawler(self, spname: str) -> Crawler:
        self.crawler = super()._create_crawler(spname)
        return self.crawler

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        try:
            workers = worker_count(self.settings)
        except ValueError as exc:
            raise UsageError(str(exc), print_help=False) from exc
        if workers > 0:
            start_server()  # first, while Scrapy starts up (see the function)
        super().run(args, opts)
        if not self.exitcode and self.crawler is not None and self.crawler.stats.get_value(FLAGGED):
            self.exitcode = FLAGGED_EXIT_CODE
