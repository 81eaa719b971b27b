"""A hostile news site, served on 127.0.0.1, and a measured crawl of it.

The demo site's articles (:mod:`newsbot.demo`) and a few more real articles served in
hostile ways (lying charsets, 429 and 503 first, session IDs, NUL bytes, SQL and
control characters in titles) sit among crawler traps, gzip and XML entity bombs,
bot walls, binary bodies and a never-ending trickle. A second server trickles every
answer forever. The server counts every request by kind, so a test can tell how many
requests each trap cost.

    python -m tests.hostile_site            # serve both; prints their URLs
    python -m tests.hostile_site --crawl    # serve, crawl with the project's defaults, print the figures
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html import escape
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

import psutil

from newsbot.demo.server import CrawlableServer
from newsbot.demo.site import DemoSite
from newsbot.store.base import open_store
from newsbot.urls import url_key
from tests.hostile_payloads import (
    SECRET,
    GzipBomb,
    HostileArticle,
    article_html,
    billion_laughs,
    binary_bodies,
    make_article,
    nested,
    quadratic_blowup,
    wall_pages,
    with_nuls,
    xxe,
)

ROOT = Path(__file__).resolve().parent.parent
HTML = "text/html; charset=utf-8"
HOSTILE_TITLE = ("Robert'); DROP TABLE articles;-- \"quoted\" ../../etc/passwd <b>not bold</b> "
                 + "very long title " * 100).strip()
WORDS = ("north", "south", "river", "stone", "cedar", "amber", "harbor", "maple", "quarry", "lantern")


@dataclass
class Reply:
    """One answer: ``body`` is bytes, or chunks streamed with ``pause`` seconds between them."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | Iterable[bytes] = b""
    pause: float = 0.0


def html(text: str, status: int = 200) -> Reply:
    return Reply(status, {"Content-Type": HTML}, text.encode("utf-8"))


def links_page(title: str, hrefs: Iterable[str], note: str = "") -> Reply:
    items = "".join(f'<li><a href="{escape(h)}">{escape(h)}</a></li>' for h in hrefs)
    return html(f"<!DOCTYPE html><html><head><title>{escape(title)}</title></head><body>"
                f"<h1>{escape(title)}</h1><p>{escape(note)}</p><ul>{items}</ul></body></html>")


def trickle(first: bytes = b"<!DOCTYPE html><html><body>") -> Reply:
    """Headers at once, then one byte a second, for ever."""
    def forever() -> Iterator[bytes]:
        yield first
        while True:
            yield b" "
    return Reply(200, {"Content-Type": HTML}, forever(), pause=1.0)


class HostileSite:
    """Routes of the hostile site; ``hits`` counts requests per kind (thread-safe)."""

    def __init__(self, n_articles: int = 16, workdir: Path | None = None) -> None:
        self.demo = DemoSite(n_articles=n_articles)
        self.workdir = workdir or Path(tempfile.mkdtemp(prefix="hostile-"))
        self.secret_file = self.workdir / "secret.txt"
        self.secret_file.write_text(SECRET)
        self.hits: Counter[str] = Counter()
        self.log: list[tuple[float, str, str]] = []  # (monotonic time, kind, path)
        self.lock = threading.Lock()
        self.bomb = GzipBomb()
        self.binary = binary_bodies()
        self.walls = wall_pages()
        token = hashlib.sha1(b"session").hexdigest()
        self.articles: dict[str, HostileArticle] = {
            "enc-header-lie": make_article(1, "/2026/11/enc-header-lie/"),
            "enc-latin1-label": make_article(2, "/2026/11/enc-latin1-label/"),
            "enc-unlabelled": make_article(3, "/2026/11/enc-unlabelled/"),
            "enc-bom-wins": make_article(4, "/2026/11/enc-bom-wins/"),
            "enc-meta-right": make_article(5, "/2026/11/enc-meta-right/"),
            "enc-utf8-meta-latin1": make_article(6, "/2026/11/enc-utf8-meta-latin1/"),
            "busy": make_article(7, "/2026/11/busy-server-story/"),
            "flaky": make_article(8, "/2026/11/flaky-server-story/"),
            "session": make_article(9, "/2026/11/session-story/"),
            "strings": make_article(10, "/2026/11/o'brien-%22quoted%22-drop-table;--/", HOSTILE_TITLE),
            "nul": make_article(11, "/2026/11/nul-bytes-story/"),
        }
        self.session_link = self.articles["session"].path + f"?PHPSESSID={token}"
        self.by_path = {unquote(a.path): (name, a) for name, a in self.articles.items()}
        self.retries: Counter[str] = Counter()

    # --- bookkeeping ------------------------------------------------------------------

    def count(self, kind: str, path: str) -> None:
        with self.lock:
            self.hits[kind] += 1
            self.log.append((time.monotonic(), kind, path))

    def times(self, kind: str) -> list[float]:
        with self.lock:
            return [t for t, k, _ in self.log if k == kind]

    # --- routing ------------------------------------------------------------------------

    def handle(self, target: str, base: str) -> Reply:
        parts = urlsplit(target)
        path, query = parts.path, parse_qs(parts.query)
        kind, reply = self._route(path, query, base, target)
        self.count(kind, target)
        return reply

    def _route(self, path: str, query: dict[str, list[str]], base: str, target: str) -> tuple[str, Reply]:
        if unquote(path) in self.by_path:
            name, article = self.by_path[unquote(path)]
            return f"article/{name}", self._article(name, article, base)
        for prefix, kind, handler in self._routes():
            if path.startswith(prefix):
                return kind, handler(path, query, base)
        if path == "/" and not query:
            return "front", self._front(base)
        if path == "/robots.txt":
            return "robots", self._robots(base)
        response = self.demo.handle(target, base_url=base)
        kind = "demo-article" if path in self.demo.catalogue.by_path else "demo"
        return kind, Reply(response.status, dict(response.headers), response.body)

    def _routes(self) -> list[tuple[str, str, object]]:
        return [
            ("/calendar/", "trap/calendar", self._calendar),
            ("/archive/", "trap/pagination", self._pagination),
            ("/shop/", "trap/session", self._shop),
            ("/cart/", "trap/session-unknown", self._cart),
            ("/deep/", "trap/deep", self._deep),
            ("/maze/", "trap/maze", self._maze),
            ("/search/", "trap/search", self._search),
            ("/hub/", "trap/hub", self._hub),
            ("/junk/", "trap/junk", lambda p, q, b: links_page("Junk", [], "Nothing here.")),
            ("/leak/", "leak", lambda p, q, b: html("leaked", 404)),
            ("/blowup/", "leak", lambda p, q, b: html("expanded", 404)),
            ("/bomb/gzip/", "bomb/gzip", self._gzip_bomb),
            ("/bomb/endless/", "bomb/endless", self._endless),
            ("/bomb/declared/", "bomb/declared", self._declared_huge),
            ("/bomb/huge/", "bomb/huge", self._huge),
            ("/bomb-feed-", "xml-bomb", self._xml_bomb),
            ("/bomb-sitemap-", "xml-bomb", self._xml_bomb),
            ("/slow/", "slow", lambda p, q, b: trickle()),
            ("/wall/", "wall", lambda p, q, b: html(self.walls[p.split("/")[2]])),
            ("/files/", "binary", self._binary),
            ("/empty/", "empty", lambda p, q, b: Reply(200, {"Content-Type": HTML}, b"")),
            ("/odd/truncated/", "odd/truncated", self._truncated),
            ("/odd/nested/", "odd/nested", lambda p, q, b: html(nested(article_html(make_article(40, p), b), 100_000))),
        ]

    # --- pages ----------------------------------------------------------------------------

    def _front(self, base: str) -> Reply:
        front = self.demo.handle("/", base_url=base)
        hostile = [
            "/calendar/2026/11/", "/archive/?page=1", "/shop/?sid=" + _token(0), "/cart/?basket=" + _token(1),
            "/deep/", "/maze/start/", "/search/?q=a", "/hub/",
            "/bomb/gzip/", "/bomb/endless/", "/bomb/declared/", "/bomb/huge/", "/slow/",
            "/wall/challenge/", "/wall/consent/", "/wall/denied/",
            "/files/report", "/files/photo", "/files/noise", "/empty/",
            "/odd/truncated/", "/odd/nested/",
            *(a.path for name, a in self.articles.items() if name != "session"), self.session_link,
        ]
        nav = "".join(f'<li><a href="{base}{escape(h)}">{escape(h)}</a></li>' for h in hostile)
        feeds = "".join(f'<link rel="alternate" type="application/rss+xml" href="{base}/bomb-feed-{n}.xml">'
                        for n in ("laughs", "blowup", "xxe"))
        page = front.body.decode("utf-8").replace("</head>", feeds + "</head>", 1)
        page = page.replace("</body>", f'<nav class="more"><ul>{nav}</ul></nav></body>', 1)
        return html(page)

    def _robots(self, base: str) -> Reply:
        robots = self.demo.handle("/robots.txt", base_url=base).body.decode()
        extra = "".join(f"Sitemap: {base}/bomb-sitemap-{n}\n" for n in ("laughs.xml", "blowup.xml", "xxe.xml", "gzbomb.xml.gz"))
        return Reply(200, {"Content-Type": "text/plain"}, (robots + extra).encode())

    def _article(self, name: str, article: HostileArticle, base: str) -> Reply:
        if name in ("busy", "flaky"):
            self.retries[name] += 1
            if name == "busy" and self.retries[name] == 1:
                return Reply(429, {"Content-Type": HTML, "Retry-After": "2"}, b"<html><body>Slow down</body></html>")
            if name == "flaky" and self.retries[name] <= 2:
                return Reply(503, {"Content-Type": HTML}, b"<html><body>Try again</body></html>")
        if name == "strings":
            page = article_html(article, base, jsonld_title=HOSTILE_TITLE + " \x07\x1b[31m \ud83d")
            return Reply(200, {"Content-Type": HTML}, page.encode("utf-8", "surrogatepass"))
        if name == "nul":
            return html(with_nuls(article_html(article, base)))
        return self._encoded(name, article, base)

    def _encoded(self, name: str, article: HostileArticle, base: str) -> Reply:
        """The article with its charset declared wrongly, or not at all, as ``name`` says."""
        cases = {  # name -> (Content-Type, meta charset, body encoding, BOM)
            "enc-header-lie": ("text/html; charset=utf-8", None, "cp1252", b""),
            "enc-latin1-label": ("text/html; charset=iso-8859-1", "iso-8859-1", "cp1252", b""),
            "enc-unlabelled": ("text/html", None, "cp1252", b""),
            "enc-bom-wins": ("text/html; charset=iso-8859-1", None, "utf-8", b"\xef\xbb\xbf"),
            "enc-meta-right": ("text/html; charset=windows-1252", "utf-8", "utf-8", b""),
            "enc-utf8-meta-latin1": ("text/html", "iso-8859-1", "utf-8", b""),
        }
        content_type, meta, encoding, bom = cases.get(name, (HTML, "utf-8", "utf-8", b""))
        page = article_html(article, base, meta_charset=meta)
        return Reply(200, {"Content-Type": content_type}, bom + page.encode(encoding))

    def _calendar(self, path: str, query: dict, base: str) -> Reply:
        """/calendar/Y/, /calendar/Y/M/, /calendar/Y/M/D/: every page links its neighbours, for ever."""
        numbers = [int(n) for n in re.findall(r"\d+", path)][:3]
        year, month, day = (numbers + [0, 0, 0])[:3]
        links = [f"/calendar/{year - 1}/", f"/calendar/{year + 1}/"]
        if month:
            prev_m, next_m = (year, month - 1) if month > 1 else (year - 1, 12), (year, month + 1) if month < 12 else (year + 1, 1)
            links += [f"/calendar/{prev_m[0]}/{prev_m[1]:02d}/", f"/calendar/{next_m[0]}/{next_m[1]:02d}/"]
            links += [f"/calendar/{year}/{month:02d}/{d:02d}/" for d in range(1, 29)]
        else:
            links += [f"/calendar/{year}/{m:02d}/" for m in range(1, 13)]
        if day:
            links += [f"/calendar/{year}/{month:02d}/{d:02d}/" for d in (day - 1, day + 1) if 1 <= d <= 28]
        return links_page(f"Events {path}", links, "No events on this day.")

    def _pagination(self, path: str, query: dict, base: str) -> Reply:
        page = int((query.get("page") or ["1"])[0] or 1)
        return links_page(f"Archive page {page}", [f"/archive/?page={n}" for n in range(page + 1, page + 11)],
                          "Older posts")

    def _shop(self, path: str, query: dict, base: str) -> Reply:
        n = int(hashlib.sha1(path.encode()).hexdigest()[:6], 16) + len(self.log)
        return links_page("Shop", [f"/shop/?sid={_token(n)}", f"/shop/item/?sid={_token(n + 1)}"], "A new session per visit.")

    def _cart(self, path: str, query: dict, base: str) -> Reply:
        n = len(self.log)
        return links_page("Cart", [f"/cart/?basket={_token(n + i)}" for i in range(3)], "A new basket per visit.")

    def _deep(self, path: str, query: dict, base: str) -> Reply:
        return links_page("Deeper", ["a/", "b/", "../deep/a/"], "Relative links that never end.")

    def _maze(self, path: str, query: dict, base: str) -> Reply:
        rng = random.Random(path)
        return links_page("Maze", [f"{path}{rng.choice(WORDS)}-{rng.choice(WORDS)}/" for _ in range(5)], "Turn again.")

    def _search(self, path: str, query: dict, base: str) -> Reply:
        q = (query.get("q") or [""])[0]
        return links_page(f"Search {q}", [f"/search/?q={quote(q + c)}" for c in "ab"], "Refine your search.")

    def _hub(self, path: str, query: dict, base: str) -> Reply:
        return links_page("Everything", [f"/junk/{n}/" for n in range(3000)], "A page with thousands of links.")

    def _gzip_bomb(self, path: str, query: dict, base: str) -> Reply:
        return Reply(200, {"Content-Type": HTML, "Content-Encoding": "gzip", "Content-Length": str(len(self.bomb))},
                     self.bomb.stream())

    def _endless(self, path: str, query: dict, base: str) -> Reply:
        def forever() -> Iterator[bytes]:
            yield b"<!DOCTYPE html><html><body>"
            chunk = b"<p>All work and no play makes a crawler a dull crawler.</p>\n" * 1000
            while True:
                yield chunk
        return Reply(200, {"Content-Type": HTML}, forever())

    def _declared_huge(self, path: str, query: dict, base: str) -> Reply:
        def some() -> Iterator[bytes]:
            yield b"<html><body>" + b" " * 65536
        return Reply(200, {"Content-Type": HTML, "Content-Length": str(5 << 30)}, some())

    def _huge(self, path: str, query: dict, base: str) -> Reply:
        article = make_article(41, path)
        page = article_html(article, base)
        filler = "".join(f"<p>{escape(b)}</p>" for b in article.blocks) * 4000  # ~6 MB
        return html(page.replace("</article>", filler + "</article>", 1))

    def _xml_bomb(self, path: str, query: dict, base: str) -> Reply:
        root = "rss" if path.startswith("/bomb-feed-") else "urlset"
        if path.endswith(".gz"):
            return Reply(200, {"Content-Type": "application/x-gzip", "Content-Length": str(len(self.bomb))},
                         self.bomb.stream())
        body = (billion_laughs(root) if "laughs" in path else quadratic_blowup(root, base) if "blowup" in path
                else xxe(root, base, self.secret_file))
        return Reply(200, {"Content-Type": "application/rss+xml" if root == "rss" else "application/xml"}, body)

    def _binary(self, path: str, query: dict, base: str) -> Reply:
        return Reply(200, {"Content-Type": HTML}, self.binary[path.rstrip("/").rsplit("/", 1)[-1]])

    def _truncated(self, path: str, query: dict, base: str) -> Reply:
        page = article_html(make_article(42, path), base).encode("utf-8")
        return Reply(200, {"Content-Type": HTML}, page[: int(len(page) * 0.7)])

    # --- what a crawl must find ---------------------------------------------------------

    def real_paths(self) -> set[str]:
        """Paths (unquoted) of every real article: the demo's and the hostile ones."""
        return set(self.demo.catalogue.by_path) | set(self.by_path)


def _token(n: int) -> str:
    return hashlib.md5(str(n).encode()).hexdigest()


class _Handler(BaseHTTPRequestHandler):
    server: "HostileServer"
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        host = self.headers.get("Host", "")
        base = f"http://{host}" if re.fullmatch(r"[\w.\-]+(:\d+)?", host) else self.server.base_url
        reply = self.server.respond(self.path, base)
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if isinstance(reply.body, bytes):
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)
            return
        self.send_header("Connection", "close")
        self.close_connection = True
        self.end_headers()
        try:
            for chunk in reply.body:
                self.wfile.write(chunk)
                self.wfile.flush()
                if reply.pause:
                    time.sleep(reply.pause)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


class HostileServer(CrawlableServer):
    """The hostile site, or (``slow=True``) a server that trickles every answer for ever.

    Scrapy paces requests per host name, not per port: servers meant to be separate sites
    listen on separate loopback addresses (127.0.0.1, 127.0.0.2 ...).
    """

    def __init__(self, site: HostileSite, slow: bool = False, host: str = "127.0.0.1") -> None:
        super().__init__((host, 0), _Handler)
        self.site, self.slow = site, slow
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def respond(self, target: str, base: str) -> Reply:
        if self.slow:
            self.site.count("slow-server", target)
            return trickle()
        return self.site.handle(target, base)

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


# --- a measured crawl -----------------------------------------------------------------

@dataclass
class MeasuredCrawl:
    """A ``scrapy crawl news`` run and what it cost."""

    returncode: int
    seconds: float
    peak_rss_mb: float  # the largest process (wait4)
    peak_tree_rss_mb: float  # the crawl and its cleaning workers together (sampled)
    items: list[dict]
    stats: dict
    log: str
    db_url: str


def measured_crawl(workdir: Path, *spider_args: str, settings: dict[str, str] | None = None,
                   timeout: float = 300) -> MeasuredCrawl:
    """Crawl in a subprocess; its peak memory comes from ``wait4`` (the process and its workers)."""
    db_url = f"sqlite:///{workdir / 'store.db'}"
    out = workdir / "items.jsonl"
    cmd = [sys.executable, "-m", "scrapy", "crawl", "news", "-O", str(out),
           "-s", f"NEWSBOT_DB={db_url}", "-s", f"NEWSBOT_FEED_DIR={workdir / 'feeds'}",
           "-s", "AUTOTHROTTLE_ENABLED=False"]
    for name, value in (settings or {}).items():
        cmd += ["-s", f"{name}={value}"]
    for arg in spider_args:
        cmd += ["-a", arg]
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newsbot.settings",
           "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    log_path = workdir / "crawl.log"
    started = time.monotonic()
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd, cwd=workdir, env=env, stdout=log, stderr=subprocess.STDOUT)
        sampler = _TreeSampler(proc.pid)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
            sampler.stop()
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.monotonic() - started
    items = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()] if out.exists() else []
    return MeasuredCrawl(proc.returncode, seconds, usage.ru_maxrss / 1024, sampler.peak / 2**20, items,
                         _run_stats(db_url), log_path.read_text(encoding="utf-8", errors="replace"), db_url)


class _TreeSampler:
    """The largest summed RSS of a process and its descendants, sampled every 0.1 s."""

    def __init__(self, pid: int) -> None:
        self.peak = 0
        self.done = threading.Event()
        self.process = psutil.Process(pid)
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.done.wait(0.1):
            try:
                tree = [self.process, *self.process.children(recursive=True)]
                total = sum(p.memory_info().rss for p in tree if p.is_running())
            except psutil.Error:
                continue
            self.peak = max(self.peak, total)

    def stop(self) -> None:
        self.done.set()
        self.thread.join()


def _run_stats(db_url: str) -> dict:
    path = db_url[len("sqlite:///"):]
    if not Path(path).exists():
        return {}
    with sqlite3.connect(path) as conn:
        row = conn.execute("SELECT stats FROM runs ORDER BY id DESC LIMIT 1").fetchone()
    return json.loads(row[0]) if row and row[0] else {}


def missing_articles(site: HostileSite, base_url: str, db_url: str) -> list[str]:
    """Real articles the store does not hold after a crawl (under their own URL or as a copy)."""
    store = open_store(db_url)
    try:
        return [p for p in sorted(site.real_paths()) if store.seen(url_key(base_url + p)) is None]
    finally:
        store.close()


def start(workdir: Path | None = None) -> tuple[HostileSite, HostileServer, HostileServer]:
    """The hostile site and the trickling server, both serving from daemon threads."""
    site = HostileSite(workdir=workdir)
    return site, HostileServer(site), HostileServer(site, slow=True, host="127.0.0.2")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.hostile_site", description=__doc__.split("\n\n")[0])
    parser.add_argument("--crawl", action="store_true", help="crawl both servers and print the figures")
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="hostile-crawl-"))
    site, server, slow = start(workdir)
    print(f"Hostile site at {server.base_url}/ (slow server at {slow.base_url}/)", flush=True)
    if not args.crawl:
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            return 0
    crawl = measured_crawl(workdir, f"urls={server.base_url}/,{slow.base_url}/")
    missing = missing_articles(site, server.base_url, crawl.db_url)
    traps = {k: v for k, v in sorted(site.hits.items()) if k.startswith("trap/")}
    print(f"exit status {crawl.returncode}; {crawl.seconds:.1f} s; peak RSS {crawl.peak_rss_mb:.0f} MB "
          f"(crawl and workers together: {crawl.peak_tree_rss_mb:.0f} MB)")
    print(f"real articles stored: {len(site.real_paths()) - len(missing)} of {len(site.real_paths())} "
          f"(missing: {missing or 'none'}); items emitted: {len(crawl.items)}")
    print(f"trap requests: {sum(traps.values())} {traps}")
    print("newsbot stats:", json.dumps({k: v for k, v in crawl.stats.items() if k.startswith("newsbot/")},
                                      indent=1, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
