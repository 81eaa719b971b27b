"""Small crawls of scripted servers: page budget, failing sites, Retry-After, extraction time limit."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest

from newsbot.cleaning import clean_page
from newsbot.demo.storygen import generate_story
from newsbot.extract import ExtractOptions
from tests.hostile_payloads import article_html, make_article
from tests.hostile_site import HostileServer, Reply, html, links_page, measured_crawl


class ScriptedSite:
    """A site of a few routes; every request is logged with its time."""

    def __init__(self, routes: dict[str, Callable[[str, str], Reply]], default: Callable[[str, str], Reply]) -> None:
        self.routes, self.default = routes, default
        self.log: list[tuple[float, str]] = []
        self.lock = threading.Lock()

    def handle(self, target: str, base: str) -> Reply:
        with self.lock:
            self.log.append((time.monotonic(), target))
        return self.routes.get(urlsplit(target).path, self.default)(target, base)

    def count(self, kind: str, path: str) -> None:  # HostileServer's slow mode only
        pass

    def times(self, prefix: str) -> list[float]:
        with self.lock:
            return [t for t, target in self.log if target.startswith(prefix)]


@pytest.fixture
def serve():
    servers = []

    def start(site) -> str:  # each site on a loopback address of its own, as separate hosts are
        servers.append(HostileServer(site, host=f"127.0.0.{len(servers) + 1}"))
        return servers[-1].base_url

    yield start
    for server in servers:
        server.stop()


def not_found(target: str, base: str) -> Reply:
    return html("<html><body>Not found</body></html>", 404)


def test_a_page_with_thousands_of_links_is_followed_within_the_budget(serve, tmp_path):
    hub = links_page("Everything", [f"/junk/{n}/" for n in range(3000)], "A page with thousands of links.")
    site = ScriptedSite({"/hub/": lambda t, b: hub, "/robots.txt": not_found, "/sitemap.xml": not_found},
                        lambda t, b: links_page("Junk", [], "Nothing here."))
    base = serve(site)
    budget = 60
    crawl = measured_crawl(tmp_path, f"urls={base}/hub/", settings={
        "NEWSBOT_MAX_PAGES_PER_SITE": str(budget), "NEWSBOT_TRAP_MAX_BARREN_PAGES": "0"})
    assert crawl.returncode == 0, crawl.log[-2000:]
    pages = [path for _, path in site.log if path not in ("/robots.txt", "/sitemap.xml")]
    assert sum(path.startswith("/junk/") for path in pages) > budget // 2, "the links were followed..."
    assert len(pages) <= budget, "...but no further than the budget"
    assert crawl.stats["newsbot/skipped/page_budget"] >= 3000 - budget


def test_a_site_that_keeps_failing_is_backed_off_then_given_up(serve, tmp_path):
    front = links_page("Front", [f"/p/{n}/" for n in range(40)])
    site = ScriptedSite({"/": lambda t, b: front, "/robots.txt": not_found},
                        lambda t, b: Reply(503, {"Content-Type": "text/html"}, b"<html>down</html>"))
    base = serve(site)
    # Two requests in the downloader at a time: with no delay Scrapy sends all it holds for a
    # slot at once, so a larger number would only add a burst before the first answer.
    crawl = measured_crawl(tmp_path, f"urls={base}/", settings={
        "NEWSBOT_SITE_MAX_FAILURES": "6", "NEWSBOT_BACKOFF_BASE": "0.2", "CONCURRENT_REQUESTS": "2"})
    assert crawl.returncode in (0, 3), crawl.log[-2000:]  # 3: the run is flagged, nothing fetched
    failing = site.times("/p/")
    assert len(failing) <= 6 + 2, "given up after 6 failures in a row (plus what was in flight)"
    assert crawl.stats["newsbot/retry/sites_given_up"] == 1
    assert crawl.stats["newsbot/skipped/site_failing"] >= 40 - len(failing)
    gaps = [b - a for a, b in zip(failing, failing[1:])]
    assert gaps[4] >= 0.6 and gaps[4] > 2 * gaps[1], f"requests spaced out as failures add up: {gaps}"
    assert crawl.seconds < 120


def test_retry_after_holds_back_only_its_own_site(serve, tmp_path):
    article = make_article(60, "/busy/")
    answers = iter([Reply(429, {"Content-Type": "text/html", "Retry-After": "3"}, b"<html>wait</html>")])
    busy = ScriptedSite({"/": lambda t, b: links_page("Busy", ["/busy/"]), "/robots.txt": not_found,
                         "/busy/": lambda t, b: next(answers, None) or html(article_html(article, b))}, not_found)

    def slowly(target: str, base: str) -> Reply:
        """Calm pages come one after the other (each links the next), half a second each."""
        time.sleep(0.5)
        n = int(target.strip("/").rsplit("/", 1)[-1])
        page = article_html(make_article(70 + n, target), base)
        following = f'<a href="/calm/{n + 1}/">Next</a>' if n < 8 else ""
        return html(page.replace("</article>", following + "</article>", 1))

    calm = ScriptedSite({"/": lambda t, b: links_page("Calm", ["/calm/0/"]), "/robots.txt": not_found}, slowly)
    busy_base, calm_base = serve(busy), serve(calm)
    crawl = measured_crawl(tmp_path, f"urls={busy_base}/,{calm_base}/")
    assert crawl.returncode == 0, crawl.log[-2000:]
    first, second = busy.times("/busy/")
    assert second - first >= 3.0
    assert [t for t in calm.times("/calm/") if first < t < second], "the other site went on meanwhile"
    assert {urlsplit(i["url"]).path for i in crawl.items} >= {"/busy/", "/calm/0/"}


def slow_to_clean(base: str) -> str:
    """A real, very long article (about 3 MB) that takes seconds to clean."""
    stories = [generate_story(key, "World", "slow") for key in range(400)]
    blocks = [block for story in stories for block, kind in zip(story.blocks, story.kinds) if kind == "p"]
    body = "".join(f"<p>{b}</p>" for b in blocks * 3)
    return article_html(make_article(80, "/slow/"), base).replace("</article>", body + "</article>", 1)


def test_a_page_over_the_extraction_time_limit_is_skipped_and_the_crawl_goes_on(serve, tmp_path):
    site = ScriptedSite({
        "/": lambda t, b: links_page("Front", ["/slow/", "/fine/"]), "/robots.txt": not_found,
        "/slow/": lambda t, b: html(slow_to_clean(b)),
        "/fine/": lambda t, b: html(article_html(make_article(81, "/fine/"), b)),
    }, not_found)
    base = serve(site)
    # The limit is a third of what the slow page takes here, so it holds on a fast or a
    # busy machine alike, and stays far above what the small pages take.
    start = time.perf_counter()
    clean_page(slow_to_clean(base), f"{base}/slow/", ExtractOptions())
    limit = max(0.5, (time.perf_counter() - start) / 3)
    crawl = measured_crawl(tmp_path, f"urls={base}/", settings={"NEWSBOT_EXTRACT_TIMEOUT": f"{limit:.2f}"})
    assert crawl.returncode == 0, crawl.log[-2000:]
    assert crawl.stats["newsbot/dropped/extract_timeout"] == 1
    assert [urlsplit(i["url"]).path for i in crawl.items] == ["/fine/"]
