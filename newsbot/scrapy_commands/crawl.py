"""``scrapy crawl``, exiting with status 3 when the run's health checks flagged it.

Scrapy's own ``crawl`` fails only on bootstrap errors; schedulers, cron and CI need to
know when a site broke (:mod:`newsbot.extensions.health`).
"""

from __future__ import annotations

import argparse

from scrapy.commands import crawl
from scrapy.crawler import Crawler
from scrapy.exceptions import UsageError

from newsbot.health import FLAGGED
from newsbot.worker_server import start_server, worker_count

FLAGGED_EXIT_CODE = 3


class Command(crawl.Command):
    """Run a spider; exit 3 when its run was flagged, 1 when it could not start, 2 on a
    malformed option or setting."""

    crawler: Crawler | None = None

    def _create_crawler(self, spname: str) -> Crawler:
        self.crawler = super()._create_crawler(spname)
        return self.crawler

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        """Read the options, then start the cleaning workers' server: Scrapy loads the
        spiders (and with them the crawl's modules) only after this, so the server imports
        the cleaning stack while the crawl process imports the rest (see ``start_server``)."""
        super().process_options(args, opts)
        try:
            workers = worker_count(self.settings)
        except ValueError as exc:
            raise UsageError(str(exc), print_help=False) from exc
        if workers > 0:
            start_server()

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        super().run(args, opts)
        if not self.exitcode and self.crawler is not None and self.crawler.stats.get_value(FLAGGED):
            self.exitcode = FLAGGED_EXIT_CODE
