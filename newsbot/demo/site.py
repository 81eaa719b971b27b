"""The demo news site as a pure function from request target to response (no sockets).

:class:`DemoSite` holds the articles and their indexes; pages are rendered per request,
so large sites stay cheap to build. Links in pages use the base URL the caller passes
(the server passes the one the client connected to).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from urllib.parse import parse_qs, urlsplit

from newsbot.demo import assets
from newsbot.demo.article_page import render_article
from newsbot.demo.boilerplate import boilerplate_texts
from newsbot.demo.content import (
    DEFAULT_SEED,
    Catalogue,
    DemoArticle,
    DemoCopy,
    build_articles,
    story_key,
    update_schedule,
)
from newsbot.demo.feeds import atom, feed_title, rss
from newsbot.demo.furniture import Furniture, furniture_texts
from newsbot.demo.links import search_path
from newsbot.demo.listing_page import Listing, all_listings, find_listing, render_listing, render_search
from newsbot.demo.sitemaps import SITEMAPS, robots_txt, sitemap
from newsbot.demo.syndication import build_copies
from newsbot.demo.theme import (
    STATIC_PAGES,
    RenderContext,
    not_found_page,
    staff_page,
    static_page,
    trending_term,
)
from newsbot.demo.variant_pages import render_amp, render_print

DEFAULT_BASE_URL = "http://127.0.0.1:8000"
TYPES = {
    "html": "text/html; charset=UTF-8", "rss": "application/rss+xml; charset=UTF-8",
    "atom": "application/atom+xml; charset=UTF-8", "xml": "application/xml; charset=UTF-8",
    "gz": "application/x-gzip", "txt": "text/plain; charset=utf-8", "png": "image/png",
    "pdf": "application/pdf", "css": "text/css; charset=utf-8",
}
SLUG = r"([a-z0-9-]+)"
LOGO_PATH = "/wp-content/uploads/logo.png"


@dataclass
class DemoResponse:
    """An HTTP response: status, headers and the body bytes as sent on the wire."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    @property
    def charset(self) -> str:
        match = re.search(r"charset=([\w-]+)", self.headers.get("Content-Type", ""))
        return match.group(1) if match else "utf-8"

    @property
    def text(self) -> str:
        return self.body.decode(self.charset)


def ok(kind: str, body: bytes | str, charset: str = "utf-8") -> DemoResponse:
    content_type = TYPES[kind] if charset == "utf-8" else f"text/html; charset={charset}"
    data = body.encode(charset, "xmlcharrefreplace") if isinstance(body, str) else body
    return DemoResponse(200, {"Content-Type": content_type}, data)


def redirect(location: str) -> DemoResponse:
    return DemoResponse(301, {"Location": location, "Content-Type": TYPES["html"]},
                        f'<a href="{location}">Moved Permanently</a>'.encode())


class DemoSite:
    """A WordPress-style news site of ``n_articles`` stories.

    Each ``edition`` after the first adds 3 newer stories and updates 2 older ones (see
    :meth:`updated_paths`). ``copies`` wire copies of existing stories are listed beside
    them (see :attr:`copies`); a few articles also have AMP and print pages
    (:meth:`variant_paths`). ``broken`` renders article pages without their body, as a
    site does when its content backend fails. ``furnished`` pages carry the menus,
    scripts and site map that make real pages weigh what they do
    (:mod:`newsbot.demo.furniture`), as the benchmarks want.

    Pages of articles, copies and variants carry an ETag and Last-Modified derived from
    the article itself (not from the boxes around it) and answer conditional requests.
    """

    def __init__(self, n_articles: int = 48, edition: int = 1, broken: bool = False,
                 seed: str = DEFAULT_SEED, copies: int = 4, furnished: bool = False) -> None:
        self.n_articles, self.edition, self.broken, self.seed = n_articles, edition, broken, seed
        self.furnished = furnished
        self.furniture: dict[str, Furniture] = {}  # by base URL, when furnished
        articles = build_articles(n_articles, edition, seed)
        self.catalogue = Catalogue(articles, seed, build_copies(articles, copies, n_articles, seed))
        self.files = {a.image_path: a for a in self.articles}
        self.files.update({a.attachment_path: a for a in self.articles if a.attachment_path})
        self.routes: list[tuple[re.Pattern[str], Callable[..., DemoResponse | None]]] = [
            (re.compile(pattern), handler) for pattern, handler in (
                (r"/page/(\d+)/", lambda ctx, number: self._listing(ctx, "front", "", number)),
                (rf"/(section|author|tag)/{SLUG}/", lambda ctx, kind, slug: self._listing(ctx, kind, slug)),
                (rf"/(section|author|tag)/{SLUG}/page/(\d+)/", self._listing),
                (rf"/(?:section/{SLUG}/)?feed/(atom/)?", self._feed),
                (r"/robots\.txt", lambda ctx: ok("txt", robots_txt(ctx.base))),
                (r"(/[\w-]*sitemap[\w-]*\.xml(?:\.gz)?)", self._sitemap),
                (r"/go/(\d+)/", lambda ctx, post_id: redirect(f"{ctx.base}/?p={post_id}")),
                (r"/private/.*", lambda ctx: ok("html", staff_page(ctx))),
                (r"(/wp-content/uploads/.+)", self._file),
                (r"/wp-content/themes/northgate/style\.css", lambda ctx: ok("css", assets.CSS)),
            )
        ]

    @property
    def articles(self) -> list[DemoArticle]:
        """All articles, newest first."""
        return self.catalogue.articles

    @property
    def copies(self) -> list[DemoCopy]:
        """The wire copies: each republishes one of :attr:`articles` (``original_path``)."""
        return self.catalogue.copies

    def variant_paths(self) -> list[tuple[str, str]]:
        """(AMP or print page, article) path pairs; each page's canonical is its article."""
        return [(variant, a.url_path) for a in self.articles
                for variant in (a.amp_path, a.print_path) if variant]

    def updated_paths(self) -> list[str]:
        """Articles of earlier editions whose text this edition changed (none in edition 1)."""
        schedule = update_schedule(self.n_articles, self.edition, self.seed)
        return [a.url_path for a in self.articles if schedule.get(story_key(a)) == self.edition]

    def handle(self, target: str, base_url: str = DEFAULT_BASE_URL,
               headers: Mapping[str, str] | None = None) -> DemoResponse:
        """The response to a GET of ``target`` (path and query) made to ``base_url``."""
        parts = urlsplit(target)
        path = parts.path or "/"
        base = base_url.rstrip("/")
        if self.furnished and base not in self.furniture:
            self.furniture[base] = Furniture(base, self.catalogue)
        ctx = RenderContext(base, self.catalogue, self.broken, self.furniture.get(base))
        if path == "/":
            return self._home(ctx, parse_qs(parts.query))
        request_headers = {k.lower(): v for k, v in (headers or {}).items()}
        if path in self.catalogue.by_path:
            article = self.catalogue.by_path[path]
            printing = "?" in (article.print_path or "") and parse_qs(parts.query).get("print") == ["1"]
            return self._article(ctx, article, request_headers, "print" if printing else "article")
        if path in self.catalogue.pages:
            kind, article = self.catalogue.pages[path]
            return self._article(ctx, article, request_headers, kind)
        if path in STATIC_PAGES:
            return ok("html", static_page(ctx, path))
        for pattern, handler in self.routes:
            match = pattern.fullmatch(path)
            response = handler(ctx, *match.groups()) if match else None
            if response:
                return response
        return self._missing(ctx, path, parts.query)

    def boilerplate_snippets(self) -> list[str]:
        """Texts the theme injects that must never appear in a clean article body."""
        wire_lines = sorted({a.wire_line for a in self.articles if a.wire_line})
        excerpts = [a.excerpt for a in [*self.articles, *self.copies]]
        furniture = furniture_texts() if self.furnished else []
        return list(dict.fromkeys([*boilerplate_texts(), *furniture, *wire_lines, *excerpts]))

    def listing_paths(self) -> list[str]:
        """Front page, section, author, tag and search pages, every page of each."""
        paths = [listing.page_path(n) for listing in all_listings(self.catalogue)
                 for n in range(1, listing.pages + 1)]
        return paths + [search_path(trending_term(self.catalogue).lower())]

    def static_paths(self) -> list[str]:
        """Pages that are neither articles nor listings (about, contact ...)."""
        return list(STATIC_PAGES)

    def page_paths(self) -> list[str]:
        """The paths of the pages a crawl of the site mostly fetches: robots.txt, sitemaps,
        listings, static pages, articles with their copies and variants."""
        return ["/robots.txt", "/sitemap.xml", *SITEMAPS, *self.listing_paths(), *self.static_paths(),
                *self.catalogue.by_path, *self.catalogue.pages]

    def _home(self, ctx: RenderContext, query: dict[str, list[str]]) -> DemoResponse:
        if "p" in query:
            article = self.catalogue.by_id.get(int(query["p"][0])) if query["p"][0].isdigit() else None
            return redirect(ctx.base + article.url_path) if article else self._missing(ctx, "/", "")
        if "s" in query:
            return ok("html", render_search(ctx, query["s"][0]))
        return self._listing(ctx, "front", "")

    def _listing(self, ctx: RenderContext, kind: str, slug: str,
                 number: str | None = None) -> DemoResponse | None:
        """A listing page; ``number`` is the page number from a ``/page/N/`` path."""
        listing: Listing | None = find_listing(self.catalogue, kind, slug)
        page_number = int(number or 1)
        if listing is None or not 1 <= page_number <= listing.pages:
            return None
        if number is not None and page_number == 1:
            return redirect(ctx.base + listing.prefix)
        return ok("html", render_listing(ctx, listing, page_number))

    def _feed(self, ctx: RenderContext, section: str | None, is_atom: str | None) -> DemoResponse | None:
        articles = self.catalogue.by_section.get(section) if section else self.articles
        if articles is None:
            return None
        home = f"/section/{section}/" if section else "/"
        title = feed_title(self.catalogue.names[f"section/{section}"] if section else None)
        self_path = f"{home}feed/{'atom/' if is_atom else ''}"
        render = atom if is_atom else rss
        return ok("atom" if is_atom else "rss", render(ctx.base, articles, title, self_path, home))

    def _sitemap(self, ctx: RenderContext, path: str) -> DemoResponse | None:
        body = sitemap(ctx.base, self.catalogue, path)
        return None if body is None else ok("gz" if path.endswith(".gz") else "xml", body)

    def _file(self, ctx: RenderContext, path: str) -> DemoResponse | None:
        """Uploaded images and PDF attachments of articles, and the site logo."""
        if path == LOGO_PATH:
            return ok("png", assets.png((20, 40, 80)))
        article = self.files.get(path)
        if article is None:
            return None
        if path.endswith(".pdf"):
            return ok("pdf", assets.pdf(article.title))
        return ok("png", assets.png(tuple(hashlib.sha1(path.encode()).digest()[:3])))

    def _article(self, ctx: RenderContext, article: DemoArticle, headers: dict[str, str],
                 kind: str = "article") -> DemoResponse:
        """The page of ``kind`` ("article", "copy", "amp" or "print") of ``article``.

        The ETag hashes the article (text and metadata) and the kind of page, so it changes
        when the article does and not when the related posts or sidebar around it change.
        """
        render = {"amp": render_amp, "print": render_print}.get(kind, render_article)
        response = ok("html", render(ctx, article), article.charset)
        last_modified = datetime.fromisoformat(article.last_modified).astimezone(UTC)
        revision = hashlib.sha1(repr((kind, article, ctx.broken)).encode()).hexdigest()[:20]
        response.headers.update({
            "ETag": f'W/"{revision}"',
            "Last-Modified": format_datetime(last_modified, usegmt=True),
            "Link": f'<{ctx.base}/?p={article.post_id}>; rel=shortlink',
        })
        if _not_modified(headers, response.headers["ETag"], last_modified):
            return DemoResponse(304, {k: v for k, v in response.headers.items() if k != "Content-Type"})
        return response

    def _missing(self, ctx: RenderContext, path: str, query: str) -> DemoResponse:
        if not path.endswith("/"):
            target = path + "/" + (f"?{query}" if query else "")
            if self.handle(target, ctx.base).status == 200:
                return redirect(ctx.base + target)
        response = ok("html", not_found_page(ctx))
        response.status = 404
        return response


def _not_modified(headers: dict[str, str], etag: str, last_modified: datetime) -> bool:
    """True when the request's validators show the client's copy is current."""
    if "if-none-match" in headers:
        tags = [tag.strip() for tag in headers["if-none-match"].split(",")]
        return etag in tags or "*" in tags
    since = headers.get("if-modified-since")
    if not since:
        return False
    try:
        return parsedate_to_datetime(since) >= last_modified.replace(microsecond=0)
    except (TypeError, ValueError):
        return False
