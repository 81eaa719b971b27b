"""One crawl of the hostile site with newsbot's defaults: nothing bad gets in, nothing real is lost.

The site (:mod:`tests.hostile_site`) mixes the demo's articles and a dozen more served in
hostile ways with traps, bombs, walls, binary bodies and a trickle; a second server
trickles every answer for ever. Figures: ``python -m tests.hostile_site --crawl``.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from newsbot.store.base import open_store
from tests.conftest import ROOT
from tests.hostile_payloads import MOJIBAKE, SECRET
from tests.hostile_site import MeasuredCrawl, measured_crawl, missing_articles, start

DOWNLOAD_TIMEOUT = 20  # the default in newsbot/settings.py, asserted below
HOSTILE_PREFIXES = ("/calendar/", "/archive/", "/shop/", "/cart/", "/deep/", "/maze/", "/search/", "/junk/",
                    "/bomb", "/wall/", "/files/", "/empty/", "/slow/", "/leak/", "/blowup/")
# Most requests each trap may cost: its rule's bound plus requests already in flight.
TRAP_BOUNDS = {"trap/calendar": 200, "trap/pagination": 70, "trap/session": 5, "trap/session-unknown": 70,
               "trap/deep": 70, "trap/maze": 230, "trap/search": 20, "trap/junk": 70, "trap/hub": 1}
MB = 1024


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("hostile")
    site, server, slow = start(workdir)
    # Two cleaning workers whatever the machine, so the memory figure means the same everywhere.
    crawl = measured_crawl(workdir, f"urls={server.base_url}/,{slow.base_url}/",
                           settings={"NEWSBOT_EXTRACT_WORKERS": "2"}, timeout=300)
    yield site, server, crawl
    server.stop()
    slow.stop()


def paths(crawl: MeasuredCrawl) -> dict[str, dict]:
    return {unquote(urlsplit(item["canonical_url"]).path): item for item in crawl.items}


def test_default_download_timeout_suits_news():
    from newsbot import settings

    assert settings.DOWNLOAD_TIMEOUT == DOWNLOAD_TIMEOUT
    assert "scrapy.exceptions.DownloadTimeoutError" not in settings.RETRY_EXCEPTIONS


def test_crawl_ends_well_and_in_time_despite_the_trickle(hostile):
    site, _, crawl = hostile
    assert crawl.returncode == 0, crawl.log[-3000:]
    assert crawl.seconds < 240, f"took {crawl.seconds:.0f} s"
    # The trickling endpoint and the trickling server each cost one DOWNLOAD_TIMEOUT, no retry.
    assert site.hits["slow"] == 1
    assert site.hits["slow-server"] == 2  # its robots.txt and its front page
    assert crawl.log.count(f"took longer than {DOWNLOAD_TIMEOUT}.0 seconds") >= 2
    assert crawl.stats["newsbot/skipped/error/DownloadTimeoutError"] >= 2


def test_every_real_article_is_found(hostile):
    site, server, crawl = hostile
    missing = missing_articles(site, server.base_url, crawl.db_url)
    assert not missing, f"real articles lost: {missing}"
    emitted = paths(crawl)
    for path in site.by_path:  # the hostile site's own articles are unique: each is emitted
        assert path in emitted, path


def test_nothing_hostile_is_emitted_or_stored(hostile):
    _, _, crawl = hostile
    bad = [p for p in paths(crawl) if p.startswith(HOSTILE_PREFIXES)]
    assert not bad, f"junk emitted: {bad}"
    store = open_store(crawl.db_url)
    try:
        stored = [urlsplit(a.canonical_url).path for a in store.iter_articles()]
    finally:
        store.close()
    assert not [p for p in stored if unquote(p).startswith(HOSTILE_PREFIXES)]
    stats = crawl.stats
    assert stats["newsbot/skipped/interstitial"] == 3
    assert {stats[f"newsbot/interstitial/{k}"] for k in ("challenge", "consent", "denied")} == {1}
    site_key = next(k for k in stats if k.startswith("newsbot/site/") and k.endswith("/interstitial"))
    assert stats[site_key] == 3
    assert stats["newsbot/skipped/binary"] == 3
    assert stats["newsbot/skipped/empty"] >= 1
    assert stats["newsbot/skipped/too_big"] == 1


def test_no_mojibake(hostile):
    site, _, crawl = hostile
    emitted = paths(crawl)
    for item in crawl.items:
        for field in ("title", "text"):
            found = [m for m in MOJIBAKE if m in (item[field] or "")]
            assert not found, f"{item['url']} {field} has {found}"
    for name, article in site.articles.items():
        item = emitted[unquote(article.path)]
        assert article.mark in item["text"], name
        if name != "strings":
            assert item["title"] == article.title, name
    assert crawl.stats["newsbot/encoding/corrected"] >= 4


def test_trap_requests_are_bounded(hostile):
    site, _, crawl = hostile
    for kind, bound in TRAP_BOUNDS.items():
        assert site.hits[kind] <= bound, f"{kind}: {site.hits[kind]} requests"
    assert sum(n for k, n in site.hits.items() if k.startswith("trap/")) <= 700
    stats = crawl.stats
    assert stats["newsbot/skipped/trap"] > 1000
    for reason in ("barren_shape", "future_date", "repeated_segment", "query_growth", "session_id_stripped"):
        assert stats.get(f"newsbot/trap/{reason}"), reason


def test_bombs_are_defused_and_memory_stays_under_1_gb(hostile):
    site, _, crawl = hostile
    assert site.bomb.expanded_size >= 2 << 30
    assert site.hits["bomb/gzip"] == 1
    assert "exceeded DOWNLOAD_MAXSIZE (10485760 B) during decompression" in crawl.log
    assert crawl.peak_rss_mb < 1024, f"crawl process peaked at {crawl.peak_rss_mb:.0f} MB"
    assert crawl.peak_tree_rss_mb < 1024, f"crawl and workers peaked at {crawl.peak_tree_rss_mb:.0f} MB"
    assert crawl.stats["newsbot/skipped/error/DownloadCancelledError"] >= 2  # endless and declared 5 GB
    assert crawl.stats["newsbot/skipped/bad_gzip"] >= 1  # the gzipped sitemap bomb
    # XML entities were never expanded: no URL carries the local file or the 100 kB entity.
    requested = [path for _, _, path in site.log]
    assert not [p for p in requested if SECRET in p or "AAAAAAAAAA" in p]


def test_busy_servers_are_retried_after_their_retry_after(hostile):
    site, _, crawl = hostile
    busy = site.times("article/busy")
    assert len(busy) == 2 and busy[1] - busy[0] >= 2.0, busy
    assert len(site.times("article/flaky")) == 3
    assert crawl.stats["newsbot/retry/backoff"] >= 3
    assert crawl.stats["newsbot/retry/max_delay"] >= 2.0, "the site waited out the Retry-After"


def test_hostile_strings_reach_store_exports_and_feeds_safely(hostile, tmp_path):
    site, _, crawl = hostile
    item = paths(crawl)[unquote(site.articles["strings"].path)]
    title = item["title"]
    assert "DROP TABLE articles;--" in title and "../../etc/passwd" in title and '"quoted"' in title
    assert not re.search(r"[\x00-\x1f\x7f\ud800-\udfff]", title)
    assert len(title) <= 1000
    out = tmp_path / "export.jsonl"
    subprocess.run([sys.executable, "-m", "newsbot", "export", "-o", str(out), "--db", crawl.db_url],
                   check=True, cwd=ROOT, capture_output=True)
    exported = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert any(e["title"] == title for e in exported)
    feeds = list((Path(crawl.db_url[len("sqlite:///"):]).parent / "feeds").iterdir())
    assert feeds and all(f.parent.name == "feeds" and re.fullmatch(r"news-\w+\.jsonl", f.name) for f in feeds)
    for line in feeds[0].read_text(encoding="utf-8").splitlines():
        json.loads(line)
