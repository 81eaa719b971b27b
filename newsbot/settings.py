"""Scrapy settings for newsbot, and every ``NEWSBOT_*`` default, documented once here.

Override any of them on the command line (``scrapy crawl news -s NAME=value``); the
``NEWSBOT_DB`` store URL may also come from the environment variable of that name.
"""

import os

from scrapy.settings import default_settings

from newsbot import __version__

BOT_NAME = "newsbot"
SPIDER_MODULES = ["newsbot.spiders"]
NEWSPIDER_MODULE = "newsbot.spiders"

# --- newsbot -------------------------------------------------------------------------
# Where articles, their fetched HTML and run records are kept, as a URL.
NEWSBOT_DB = os.environ.get("NEWSBOT_DB", "sqlite:///data/newsbot.db")
# Keep each article's fetched HTML (zlib-compressed) so `python -m newsbot reclean`
# can re-run cleaning without crawling again.
NEWSBOT_STORE_HTML = True
# Each run writes the articles it emits to a JSON Lines file in this folder, named by
# spider and run time; empty to turn it off.
NEWSBOT_FEED_DIR = "data/feeds"
# Most pages fetched per site in one run (feeds, sitemaps and HTML pages alike).
NEWSBOT_MAX_PAGES_PER_SITE = 5000
# Articles shorter than this many words are not emitted.
NEWSBOT_MIN_WORDS = 40
# Worker processes that clean pages while the crawl goes on; empty: one per usable core;
# 0: clean in the crawl process itself (no time limit then).
NEWSBOT_EXTRACT_WORKERS = ""
# Seconds one page may take to clean before its worker is replaced and the page skipped.
NEWSBOT_EXTRACT_TIMEOUT = 30.0
# How much lower the workers' CPU priority is than the crawl process's (a nice increment;
# 0: the same): the crawl process, which feeds them, then gets a core first.
NEWSBOT_EXTRACT_NICENESS = 10
# The function that cleans one page in a worker: (html, url, ExtractOptions) -> Cleaned.
NEWSBOT_CLEANER = "newsbot.cleaning.clean_page"
# Requests the crawl's queue keeps in memory; the rest wait on disk in a temporary folder,
# so memory stays flat however many articles the sitemaps list (newsbot.queues).
NEWSBOT_QUEUE_MEMORY = 10_000
SCHEDULER_MEMORY_QUEUE = "newsbot.queues.SpillingQueue"
# Near-duplicate threshold: estimated Jaccard similarity of word 3-shingles at or above
# which an article is a copy of a stored story.
NEWSBOT_NEAR_DUPLICATE_THRESHOLD = 0.6
# Emit copies of stored stories too (marked with duplicate_of) instead of dropping them.
NEWSBOT_EMIT_DUPLICATES = False
# Fetch stored articles again when their last fetch is older than this many hours
# (0: only when a sitemap says they changed). Refetches are conditional (ETag, Last-Modified).
NEWSBOT_REFETCH_AFTER_HOURS = 0

# --- site-level learning -------------------------------------------------------------
# Learn each site's boilerplate from its pages (blocks that recur across them, headlines
# of its other articles), keep it in the store, clean with it, and at the end of a crawl
# clean the run's articles again with what was learned (README, "Cleaning").
NEWSBOT_SITE_LEARNING = True
# A block is the site's boilerplate once seen on at least this many distinct pages...
NEWSBOT_SITE_LEARNING_MIN_PAGES = 3
# ...and on at least this share of the pages that have its place (DOM path) at all.
NEWSBOT_SITE_LEARNING_MIN_SHARE = 0.3
# A block quoting the headline of one of the site's newest stored articles (this many,
# those stored in the run included) is a teaser.
NEWSBOT_SITE_LEARNING_HEADLINES = 2000

# --- schedule, health, feeds ---------------------------------------------------------
# `python -m newsbot schedule` keeps one lock file per site here, so that two crawls of
# a site never overlap (also for cron: `flock -n data/locks/SITE.lock ...`).
NEWSBOT_LOCK_DIR = "data/locks"
# Each scheduled crawl logs to `<folder>/<site>-<UTC time>.log`; empty: to the scheduler's stderr.
NEWSBOT_SCHEDULE_LOG_DIR = "data/logs"
# Seconds a stopping scheduler (SIGTERM) gives its running crawls to close before killing them.
NEWSBOT_SCHEDULE_STOP_TIMEOUT = 60
# Scheduled crawls that may run at once (of different sites; one site never runs twice at once).
NEWSBOT_SCHEDULE_MAX_CRAWLS = 2
# Rolling JSON Feeds, one per site (`python -m newsbot feeds`, and after each scheduled run).
NEWSBOT_SITE_FEEDS_DIR = "data/feeds/sites"
# Newest articles in each rolling site feed.
NEWSBOT_SITE_FEED_LIMIT = 50
# Public URL of NEWSBOT_SITE_FEEDS_DIR (`https://news.example/feeds/`), for each feed's
# `feed_url`; empty: feeds carry no feed_url.
NEWSBOT_FEEDS_BASE_URL = ""
# Run health: the earlier runs of a site that say what is usual for it...
NEWSBOT_HEALTH_HISTORY = 10
# ...a run is flagged when the share of its article pages that fail cleaning rises this
# much above the usual share...
NEWSBOT_HEALTH_FAILURE_JUMP = 0.3
# ...and at least this many more of them failed than in a usual run.
NEWSBOT_HEALTH_MIN_FAILED_PAGES = 3
# Seconds between the progress lines of a crawl; 0 turns them off.
NEWSBOT_PROGRESS_INTERVAL = 60

# --- hostile sites: traps, walls, oversized pages, failing servers ------------------
# Pages larger than this are not cleaned (no article is that big); their links are followed.
NEWSBOT_MAX_ARTICLE_BYTES = 4 * 1024 * 1024
# Crawler traps (newsbot.middlewares.traps): links longer, deeper, or repeating a path
# segment this often are dropped, and so are links whose query value grew page after
# page this many times (?q=a, ?q=aa, ...).
NEWSBOT_TRAP_MAX_URL_LENGTH = 1000
NEWSBOT_TRAP_MAX_PATH_DEPTH = 12
NEWSBOT_TRAP_MAX_SEGMENT_REPEATS = 3
NEWSBOT_TRAP_MAX_QUERY_GROWTH = 3
# Pages of one URL shape (path with numbers masked, query names) allowed to hold no
# article before the shape counts as a trap (calendars, endless pagination); 0: no limit.
NEWSBOT_TRAP_MAX_BARREN_PAGES = 50
# Failing servers (newsbot.middlewares.retry): seconds between a site's requests after
# its first failure, doubled for each further failure in a row, up to the maximum.
NEWSBOT_BACKOFF_BASE = 1.0
NEWSBOT_BACKOFF_MAX_DELAY = 60.0
# A Retry-After longer than this many seconds is not waited for: the page is given up.
NEWSBOT_RETRY_AFTER_MAX = 300.0
# A site that failed this many times in a row is given up for the run; 0: never.
NEWSBOT_SITE_MAX_FAILURES = 10

# Redis URL of a crawl frontier shared by many processes (scrapy-redis); empty: each
# process crawls alone. Processes with the same start URLs (or the same NEWSBOT_REDIS_JOB)
# share the queue and duplicate filter.
NEWSBOT_REDIS_URL = os.environ.get("NEWSBOT_REDIS_URL", "")
# Name of the shared crawl in Redis; empty: derived from the start URLs.
NEWSBOT_REDIS_JOB = ""

ADDONS = {
    "newsbot.addons.SharedFrontierAddon": 0,
}

# --- politeness ----------------------------------------------------------------------
USER_AGENT = f"newsbot/{__version__} (news article crawler; respects robots.txt)"
ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DEPTH_LIMIT = 10
DEPTH_PRIORITY = 0
# Outputs of one response handled at once. A page yields one item and a few requests;
# Scrapy's default (100) starts 100 asyncio tasks per response for them.
CONCURRENT_ITEMS = 8

# --- robustness ----------------------------------------------------------------------
# Whole time of one request (connect, headers and body): a server that trickles is cut off.
DOWNLOAD_TIMEOUT = 20
# Larger bodies are dropped, also while a gzip, deflate, brotli or zstd body is unpacked.
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_TIMES = 2
# Scrapy's list without DownloadTimeoutError: a server too slow once is too slow again.
RETRY_EXCEPTIONS = [
    "scrapy.exceptions.CannotResolveHostError",
    "scrapy.exceptions.DownloadConnectionRefusedError",
    "scrapy.exceptions.DownloadFailedError",
    "scrapy.exceptions.ResponseDataLossError",
    "twisted.internet.error.ConnectionDone",
    "twisted.internet.error.ConnectError",
    "twisted.internet.error.ConnectionLost",
    OSError,
    "scrapy.core.downloader.handlers.http11.TunnelError",
]
REDIRECT_MAX_TIMES = 5

# --- pipeline and output -------------------------------------------------------------
DOWNLOADER_MIDDLEWARES = {
    "newsbot.middlewares.seen.NotModifiedMiddleware": 140,
    "newsbot.middlewares.budget.PageBudgetMiddleware": 150,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "newsbot.middlewares.retry.BackoffRetryMiddleware": 550,
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "newsbot.middlewares.compression.IsalCompressionMiddleware": 590,
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "newsbot.middlewares.meta_refresh.QuickMetaRefreshMiddleware": 580,
}
SPIDER_MIDDLEWARES = {
    "newsbot.middlewares.pages.PageGuardMiddleware": 870,
    "newsbot.middlewares.shared_filter.SharedFilterMiddleware": 860,
    "newsbot.middlewares.traps.TrapMiddleware": 850,
    "newsbot.middlewares.seen.SeenUrlsMiddleware": 840,
}
ITEM_PIPELINES = {
    "newsbot.pipelines.clean.CleanPipeline": 100,
    "newsbot.pipelines.sanitize.SanitizePipeline": 200,
    "newsbot.pipelines.dedupe.DedupePipeline": 300,
    "newsbot.pipelines.store.StorePipeline": 500,
}
EXTENSIONS = {
    "newsbot.extensions.run_feed.RunFeed": 500,
    "newsbot.extensions.health.RunHealth": 510,
    "newsbot.extensions.progress.ProgressLog": 520,
    "newsbot.extensions.collector.CollectLessOften": 0,
}
# No console into a running crawl: Scrapy's telnet console and remote-control HTTP server
# both run the code they are sent inside the crawl process, and each listens on a port and
# starts with every crawl. Taken out of Scrapy's own list, not named in EXTENSIONS with
# None: Scrapy imports every extension EXTENSIONS names (to match it to its import path),
# and the remote control brings aiohttp, a seventh of a second of each crawl's start.
# (Written inline: a name of capitals here, even with a leading underscore, becomes a setting.)
EXTENSIONS_BASE = {
    path: order for path, order in default_settings.EXTENSIONS_BASE.items()
    if path not in ("scrapy.extensions.telnet.TelnetConsole", "scrapy.extensions.remote_control.RemoteControl")
}
FEED_EXPORTERS = {"jsonfeed": "newsbot.feeds.JSONFeedItemExporter"}
COMMANDS_MODULE = "newsbot.scrapy_commands"  # `scrapy crawl` exits 3 on a flagged run
DEFAULT_DROPITEM_LOG_LEVEL = "DEBUG"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
