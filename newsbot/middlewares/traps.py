"""Cut off crawler traps: calendars, endless pagination, session IDs, ever-deeper paths.

A spider middleware over the links a page leads to, before they reach the scheduler:

- session IDs (``PHPSESSID``, ``jsessionid``, ``sid=<token>`` ...) are taken out of the URL,
  so the duplicate filter sees one page where the site makes a new URL per visit
  (``newsbot/trap/session_id_stripped``);
- a URL that is too long, too deep, repeats a path segment, carries a date years ahead,
  or whose query value keeps growing from page to page is dropped at once
  (:func:`trap_reason`);
- a *barren URL shape* is cut off: once ``NEWSBOT_TRAP_MAX_BARREN_PAGES`` HTML pages of
  one shape (the path with its numbers masked, plus the query's parameter names) came
  out without a single article, further links of that shape are dropped. That bounds
  calendars, pagination, filters and search pages of any fan-out, while a shape that
  yields articles (``/news/123456``) is never limited. Behind it, a whole site section
  (the first path segment, numbers masked) is cut off after four times as many pages
  without an article: mazes whose every path has a shape of its own.
  Until its first pages are judged, links of a shape beyond that number wait; they are
  released as soon as one of its pages proves to be an article (or the store holds one),
  dropped once the shape proves barren, and released in batches when the crawl would
  otherwise stop.

With a shared frontier (``NEWSBOT_REDIS_URL``) the processes of one crawl count a shape's
pages together in Redis, so a barren shape costs the crawl its limit once, not once per
process. A process lets the first link of a shape out without asking (most shapes, an
article's own URL among them, come once) and adds it to the shared count with its second:
a barren shape may cost one page per process beyond its limit.

Each dropped link is counted as ``newsbot/skipped/trap`` and ``newsbot/trap/<reason>``.
The per-site page budget (``NEWSBOT_MAX_PAGES_PER_SITE``) and ``DEPTH_LIMIT`` stay the
last line behind these rules. Links from feeds and sitemaps, and start URLs, are exempt
from the shape limit: a site lists those pages on purpose.
"""

from __future__ import annotations

import logging
import re
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.http import HtmlResponse, Request, Response
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware
from scrapy_redis.connection import get_redis_from_settings

from newsbot.frontier import job_namespace, shapes_key
from newsbot.items import Article, Page
from newsbot.store.shared import crawl_store
from newsbot.urls import url_key

logger = logging.getLogger(__name__)

SHAPE = "newsbot_shape"  # request.meta: the (site, shape) key its page is judged under
GROWTH = "newsbot_query_growth"  # request.meta: pages in a row whose query value grew
SECTION_FACTOR = 4  # a site section may have this many times more pages without an article

SESSION_PARAMS = re.compile(
    r"^(sid|sess|session|sessionid|session_id|sessid|sess_id|phpsessid|jsessionid|aspsessionid\w*|"
    r"cfid|cftoken|zenid|oscsid|ps_session|s_id|wt_session|sessionkey)$",
    re.IGNORECASE,
)
PATH_SESSION_RE = re.compile(r";(jsessionid|phpsessid|sid|sessionid)=[^/?#;]*", re.IGNORECASE)
# Session tokens: 16 or more letters and digits, both; or a UUID. A number is an ID.
TOKEN_RE = re.compile(r"^(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{16,}$")
UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
DIGITS_RE = re.compile(r"\d+")
# A date with separators anywhere (2031-05, 2031/05/17), or a whole query value of a
# date-named parameter (year=2031, date=20310517); bare digits elsewhere may be IDs.
DATE_RE = re.compile(r"(?<!\d)((?:19|20|21)\d\d)[-/](0[1-9]|1[0-2])(?:[-/](0[1-9]|[12]\d|3[01]))?(?!\d)")
DATE_VALUE_RE = re.compile(r"^((?:19|20|21)\d\d)(0[1-9]|1[0-2])?(0[1-9]|[12]\d|3[01])?$")
DATE_PARAM_RE = re.compile(r"^(date|day|month|year|yr|y|m|d|from|to|start|end|since|until|week|cal\w*|"
                           r"\w*_date|date_\w*)$", re.IGNORECASE)
YEAR_SEGMENT_RE = re.compile(r"^(19|20|21)\d\d$")
MONTH_SEGMENT_RE = re.compile(r"^(0?[1-9]|1[0-2])$")


@dataclass(frozen=True)
class TrapRules:
    """The limits of :func:`trap_reason` (the ``NEWSBOT_TRAP_*`` settings)."""

    max_url_length: int = 1000
    max_path_depth: int = 12
    max_segment_repeats: int = 3
    max_query_growth: int = 3
    future_years: int = 1


def strip_session_ids(url: str) -> str:
    """The URL without session-ID parameters (only values that look like session tokens)."""
    parts = urlsplit(url)
    path = PATH_SESSION_RE.sub("", parts.path)
    query = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(k, v) for k, v in query if not (SESSION_PARAMS.match(k) and _is_token(v))]
    if path == parts.path and len(kept) == len(query):
        return url
    return urlunsplit((parts.scheme, parts.netloc, path, urlencode(kept), parts.fragment))


def _is_token(value: str) -> bool:
    return bool(TOKEN_RE.match(value) or UUID_RE.match(value))


def _segments(path: str) -> list[str]:
    return [s for s in path.split("/") if s]


def _future_date(parts: Any, latest_year: int) -> bool:
    """A calendar date past ``latest_year`` in the path or the query (calendars run on forever)."""
    segments = _segments(parts.path)
    for year, month in zip(segments, segments[1:]):  # /2031/05/; a lone /2031/ may be an ID
        if YEAR_SEGMENT_RE.match(year) and int(year) > latest_year and MONTH_SEGMENT_RE.match(month):
            return True
    query = parse_qsl(parts.query)
    years = [int(m.group(1)) for value in [v for _, v in query] + segments for m in DATE_RE.finditer(value)]
    years += [int(m.group(1)) for name, value in query if DATE_PARAM_RE.match(name)
              for m in [DATE_VALUE_RE.match(value)] if m]
    return any(year > latest_year for year in years)


def query_grew(url: str, parent_url: str) -> bool:
    """True when ``url`` is ``parent_url`` with a query value that contains the parent's and is
    longer (``?q=a`` to ``?q=ab``); numbers (``?page=1`` to ``?page=10``) do not grow so."""
    child, parent = urlsplit(url), urlsplit(parent_url)
    if (child.netloc, child.path) != (parent.netloc, parent.path):
        return False
    before = dict(parse_qsl(parent.query, keep_blank_values=True))
    return any(name in before and len(value) > len(before[name]) and before[name] in value and not value.isdigit()
               for name, value in parse_qsl(child.query, keep_blank_values=True))


def trap_reason(url: str, rules: TrapRules = TrapRules(), *, growth: int = 0,
                now: datetime | None = None) -> str | None:
    """Why a URL is a trap by its look alone (``growth``: its parents' query growth run), or None."""
    if len(url) > rules.max_url_length:
        return "url_length"
    parts = urlsplit(url)
    segments = _segments(parts.path)
    if len(segments) > rules.max_path_depth:
        return "path_depth"
    if segments and max(segments.count(s) for s in set(segments)) >= rules.max_segment_repeats:
        return "repeated_segment"
    if growth > rules.max_query_growth:
        return "query_growth"
    latest_year = (now or datetime.now(timezone.utc)).year + rules.future_years
    if _future_date(parts, latest_year):
        return "future_date"
    return None


def url_shape(url: str) -> str:
    """The URL with its numbers and tokens masked and query values dropped: ``/calendar/0/0/?day``."""
    parts = urlsplit(url)
    segments = ["*" if _is_token(s) else DIGITS_RE.sub("0", s) for s in parts.path.split("/")]
    names = sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return "/".join(segments) + ("?" + "&".join(names) if names else "")


def url_section(url: str) -> str:
    """The site section a URL is in: its first path segment, numbers masked (``/maze/...``)."""
    first = next(iter(_segments(urlsplit(url).path)), "")
    return "/" + ("*" if _is_token(first) else DIGITS_RE.sub("0", first)) + "/..."


class SharedShapes:
    """The page counts of URL shapes, shared by the processes of one crawl in a Redis hash."""

    def __init__(self, server: Any, key: str) -> None:
        self.server = server
        self.key = key

    @staticmethod
    def _field(shape: tuple[str, str], count: str) -> str:
        return f"{shape[0]}\t{shape[1]}\t{count}"

    def add(self, shape: tuple[str, str], count: str, amount: int = 1) -> int:
        """Add ``amount`` to ``count`` (admitted, barren, fruitful) of ``shape``; the new total."""
        return int(self.server.hincrby(self.key, self._field(shape, count), amount))

    def judged(self, shape: tuple[str, str]) -> tuple[int, int]:
        """Barren and fruitful pages of ``shape`` so far, in all processes."""
        barren, fruitful = self.server.hmget(self.key, [self._field(shape, "barren"), self._field(shape, "fruitful")])
        return int(barren or 0), int(fruitful or 0)


@dataclass(slots=True)
class ShapeState:
    """What one URL shape of one site has led to so far.

    A crawl keeps one per shape it meets, and an article's own URL is often a shape of its
    own, so the state is kept small: the queue of links held back is made for the first.
    """

    limit: int  # pages without an article before the shape is cut off
    admitted: int = 0  # requests let through while the shape had no article
    unshared: int = 0  # of those, how many the shared count does not hold yet
    barren: int = 0  # HTML pages that held no article
    fruitful: int = 0  # pages that held an article
    waiting: deque[Request] | None = None  # links held back until the shape is judged

    @property
    def held(self) -> int:
        return len(self.waiting) if self.waiting else 0

    def hold(self, request: Request) -> None:
        if self.waiting is None:
            self.waiting = deque()
        self.waiting.append(request)

    def take(self) -> Request:
        """The link held longest (there must be one); the queue goes once it is empty."""
        request = self.waiting.popleft()
        if not self.waiting:
            self.waiting = None
        return request


class TrapMiddleware(BaseSpiderMiddleware):
    """Drop links into traps before they are scheduled (see the module docstring)."""

    def __init__(self, crawler: Crawler, rules: TrapRules, max_barren: int, max_waiting: int) -> None:
        super().__init__(crawler)
        self.rules = rules
        self.max_barren = max_barren
        self.max_waiting = max_waiting
        self.shapes: dict[tuple[str, str], ShapeState] = {}
        self.shared: SharedShapes | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "TrapMiddleware":
        settings = crawler.settings
        rules = TrapRules(
            max_url_length=settings.getint("NEWSBOT_TRAP_MAX_URL_LENGTH"),
            max_path_depth=settings.getint("NEWSBOT_TRAP_MAX_PATH_DEPTH"),
            max_segment_repeats=settings.getint("NEWSBOT_TRAP_MAX_SEGMENT_REPEATS"),
            max_query_growth=settings.getint("NEWSBOT_TRAP_MAX_QUERY_GROWTH"),
        )
        middleware = cls(crawler, rules, settings.getint("NEWSBOT_TRAP_MAX_BARREN_PAGES"),
                         settings.getint("NEWSBOT_MAX_PAGES_PER_SITE"))
        crawler.signals.connect(middleware.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(middleware.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(middleware.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        return middleware

    def spider_opened(self, spider: Spider) -> None:
        settings = self.crawler.settings
        if settings.get("NEWSBOT_REDIS_URL"):  # the frontier's Redis, as scrapy-redis connects to it
            namespace = job_namespace(spider, settings.get("NEWSBOT_REDIS_JOB"))
            self.shared = SharedShapes(get_redis_from_settings(settings), shapes_key(namespace))

    # --- links out of a page --------------------------------------------------------

    def get_processed_request(self, request: Request, response: Response | None) -> Request | None:
        if response is None or request.meta.get("newsbot_start"):
            return request  # start URLs are what the user asked for
        stripped = strip_session_ids(request.url)
        if stripped != request.url:
            self.crawler.stats.inc_value("newsbot/trap/session_id_stripped")
            request = request.replace(url=stripped)
        growth = response.meta.get(GROWTH, 0) + 1 if query_grew(request.url, response.url) else 0
        request.meta[GROWTH] = growth
        reason = trap_reason(request.url, self.rules, growth=growth)
        if reason:
            return self._drop(request, reason)
        site = request.meta.get("newsbot_site") or urlsplit(request.url).netloc
        keys = ((site, url_shape(request.url)), (site, url_section(request.url)))
        request.meta[SHAPE] = keys
        if not isinstance(response, HtmlResponse) or not self.max_barren:
            return request  # listed by a feed or sitemap, or found in robots.txt
        for key, limit in zip(keys, self._limits()):
            state = self.shapes.setdefault(key, ShapeState(limit))
            if self._admit(key, state, request) is None:
                return None
        return request

    def _limits(self) -> tuple[int, int]:
        """Pages without an article before a URL shape, and before a site section, is cut off."""
        return self.max_barren, SECTION_FACTOR * self.max_barren

    def _admit(self, key: tuple[str, str], state: ShapeState, request: Request) -> Request | None:
        """The request if the shape lets it through now; None if it waits or is dropped.

        With a shared frontier the counts live in Redis, asked only when this process's
        own view cannot decide: the shape's first pages go out against the shared count
        of admitted ones, and only a request beyond them looks up what the others judged.
        """
        if state.fruitful:
            return request
        if state.barren >= state.limit:
            return self._drop(request, "barren_shape")
        if state.admitted < state.limit:
            state.admitted = self._count_admitted(key, state)
            if state.admitted <= state.limit:
                return request
        if self.shared is not None:
            state.barren, state.fruitful = self.shared.judged(key)
            if state.fruitful:
                return request
            if state.barren >= state.limit:
                return self._drop(request, "barren_shape")
        if self._known_article(request.url):
            state.fruitful += 1  # the store holds an article of this shape: not a trap
            self._release(state, state.held)
            return request
        if state.held >= self.max_waiting:
            return self._drop(request, "barren_shape")
        state.hold(request)
        return None

    def _count_admitted(self, key: tuple[str, str], state: ShapeState) -> int:
        """The shape's admitted requests with one more: this process's count, or with a shared
        frontier the crawl's, where a first request waits to be added with the second."""
        if self.shared is None:
            return state.admitted + 1
        if not state.admitted:
            state.unshared = 1
            return 1
        total = self.shared.add(key, "admitted", 1 + state.unshared)
        state.unshared = 0
        return total

    def _known_article(self, url: str) -> bool:
        """Whether the store holds an article fetched from this URL (a rerun skips those unseen)."""
        try:
            return crawl_store(self.crawler).seen(url_key(url)) is not None
        except Exception:  # noqa: BLE001 - no store, no shortcut: the shape is judged by its pages
            logger.debug("Store lookup failed for %s", url, exc_info=True)
            return False

    def _drop(self, request: Request, reason: str) -> None:
        stats = self.crawler.stats
        stats.inc_value("newsbot/skipped/trap")
        stats.inc_value(f"newsbot/trap/{reason}")
        logger.debug("Skipped %s: crawler trap (%s)", request.url, reason.replace("_", " "))
        return None

    # --- what the pages of a shape turned out to be ------------------------------------

    def item_scraped(self, item: Any, response: Response) -> None:
        if isinstance(item, Article):
            self._judged(response, fruitful=True)

    def item_dropped(self, item: Any, response: Response) -> None:
        if isinstance(item, Page):
            self._judged(response, fruitful=item.article is not None)

    def _judged(self, response: Response | None, fruitful: bool) -> None:
        keys = response.meta.get(SHAPE, ()) if response is not None else ()
        for key, limit in zip(keys, self._limits()):
            state = self.shapes.get(key)
            if state is None and self.shared is not None:  # let out by another process
                state = self.shapes.setdefault(key, ShapeState(limit))
            if state is not None:
                self._judge(key, state, fruitful)

    def _judge(self, key: tuple[str, str], state: ShapeState, fruitful: bool) -> None:
        if fruitful:
            # the first article of the shape this process sees tells the others; more say nothing new
            shared = self.shared is not None and not state.fruitful
            state.fruitful = self.shared.add(key, "fruitful") if shared else state.fruitful + 1
            self._release(state, state.held)
            return
        if state.fruitful:  # a shape with an article is never cut off: nothing to tell
            state.barren += 1
            return
        state.barren = self.shared.add(key, "barren") if self.shared is not None else state.barren + 1
        if state.barren == state.limit and not state.fruitful:
            logger.info("Cut off URL shape %s of site %s: %d pages without an article",
                        key[1], key[0], state.barren)
            self.crawler.stats.inc_value("newsbot/trap/barren_shapes")
        if state.barren >= state.limit and not state.fruitful:
            self._drop_waiting(state)

    def _drop_waiting(self, state: ShapeState) -> None:
        """The shape is cut off: drop the links that wait for it."""
        while state.waiting:
            self._drop(state.take(), "barren_shape")

    def _release(self, state: ShapeState, count: int) -> int:
        released = 0
        while state.waiting and released < count:
            self.crawler.engine.crawl(state.take())
            released += 1
        return released

    def spider_idle(self) -> None:
        """Nothing left to crawl but waiting links: give each undecided shape another batch."""
        released = 0
        for key, state in self.shapes.items():
            if state.waiting and self.shared is not None:  # what the other processes judged since
                state.barren, state.fruitful = self.shared.judged(key)
                if state.fruitful:
                    released += self._release(state, state.held)
                elif state.barren >= state.limit:
                    self._drop_waiting(state)
            if state.waiting and not state.fruitful and state.barren < state.limit:
                batch = state.limit - state.barren
                state.admitted += batch
                released += self._release(state, batch)
        if released:
            raise DontCloseSpider
