"""Scrapy settings for newsbot, and every ``NEWSBOT_*`` default, documented once here.

Override any of them on the command line (``scrapy crawl news -s NAME=value``); the
``NEWSBOT_DB`` store URL may also come from the environment variable of that name.
"""

import os

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
# Worker processes that clean pages while the crawl goes on; empty: one per core;
# 0: clean in the crawl process itself (no time limit then).
NEWSBOT_EXTRACT_WORKERS = ""
# Seconds one page may take to clean before its worker is replaced and the page skipped.
NEWSBOT_EXTRACT_TIMEOUT = 30.0
# Near-duplicate threshold: estimated Jaccard similarity of word 3-shingles at or above
# which an article is a copy of a stored story.
NEWSBOT_NEAR_DUPLICATE_THRESHOLD = 0.6
# Emit copies of stored stories too (marked with duplicate_of) instead of dropping them.
NEWSBOT_EMIT_DUPLICATES = False
# Fetch stored articles again when their last fetch is older than this many hours
# (0: only when a sitemap says they changed). Refetches are conditional (ETag, Last-Modified).
NEWSBOT_REFETCH_AFTER_HOURS = 0

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

# --- robustness ----------------------------------------------------------------------
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_TIMES = 2
REDIRECT_MAX_TIMES = 5

# --- pipeline and output -------------------------------------------------------------
DOWNLOADER_MIDDLEWARES = {
    "newsbot.middlewares.seen.SeenUrlsMiddleware": 140,
    "newsbot.middlewares.budget.PageBudgetMiddleware": 150,
}
ITEM_PIPELINES = {
    "newsbot.pipelines.clean.CleanPipeline": 100,
    "newsbot.pipelines.dedupe.DedupePipeline": 300,
    "newsbot.pipelines.store.StorePipeline": 500,
}
EXTENSIONS = {
    "newsbot.extensions.run_feed.RunFeed": 500,
}
DEFAULT_DROPITEM_LOG_LEVEL = "DEBUG"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
