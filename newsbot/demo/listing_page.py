"""Listing pages: the front page, section, author and tag archives, search results.

The front and section pages list wire copies beside the articles; the others do not.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from newsbot.demo.content import Catalogue, DemoArticle
from newsbot.demo.links import listing_url, search_path
from newsbot.demo.meta import listing_head
from newsbot.demo.people import SITE_NAME
from newsbot.demo.theme import RenderContext, card, page

PER_PAGE = 10
SEARCH_RESULTS = 20


@dataclass(frozen=True)
class Listing:
    """A paginated list of articles at ``prefix`` (page N lives at ``prefix/page/N/``)."""

    kind: str
    prefix: str
    heading: str
    articles: list[DemoArticle]
    schema: str = "CollectionPage"

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.articles) // PER_PAGE))

    def page_path(self, number: int) -> str:
        return listing_url("", self.prefix, number)


def find_listing(catalogue: Catalogue, kind: str, slug: str = "") -> Listing | None:
    """The listing of ``kind`` ("front", "section", "author" or "tag") named ``slug``."""
    if kind == "front":
        return Listing("front", "/", "Latest news", catalogue.listed, "WebPage")
    index = {"section": catalogue.listed_by_section, "author": catalogue.by_author,
             "tag": catalogue.by_tag}[kind]
    if slug not in index:
        return None
    name = catalogue.names[f"{kind}/{slug}"]
    heading = name if kind == "section" else f"{kind.title()}: {name}"
    return Listing(kind, f"/{kind}/{slug}/", heading, index[slug])


def all_listings(catalogue: Catalogue) -> list[Listing]:
    """Every listing of the site, front page first."""
    listings = [find_listing(catalogue, "front")]
    for kind, index in (("section", catalogue.by_section), ("author", catalogue.by_author),
                        ("tag", catalogue.by_tag)):
        listings.extend(find_listing(catalogue, kind, slug) for slug in index)
    return [listing for listing in listings if listing]


def render_listing(ctx: RenderContext, listing: Listing, number: int) -> str:
    """Page ``number`` of ``listing``."""
    start = (number - 1) * PER_PAGE
    title = listing.heading if number == 1 else f"{listing.heading} – Page {number} of {listing.pages}"
    head = listing_head(ctx.base, listing.page_path(number), title,
                        f"{listing.heading}: the latest stories from {SITE_NAME}.", listing.schema)
    if listing.kind == "section":
        head += ('\n<link rel="alternate" type="application/atom+xml" '
                 f'title="{escape(listing.heading)} » Atom" href="{ctx.base}{listing.prefix}feed/atom/">')
    main = _listing_main(ctx, listing.heading, listing.articles[start:start + PER_PAGE])
    main += _pagination(ctx, listing, number)
    body_class = "home blog" if listing.kind == "front" else f"archive {listing.kind}"
    return page(ctx, title=f"{title} – {SITE_NAME}", head=head, body_class=body_class, main=main)


def render_search(ctx: RenderContext, query: str) -> str:
    """Search results: articles whose headline, tags or section contain ``query``."""
    needle = query.strip().lower()
    found = [a for a in ctx.catalogue.articles if needle and needle in
             " | ".join([a.title, a.section, *a.tags]).lower()][:SEARCH_RESULTS]
    heading = f"Search results for “{query}”" if needle else "Search"
    head = listing_head(ctx.base, search_path(query), heading, f"{len(found)} results.",
                        "SearchResultsPage", noindex=True)
    main = _listing_main(ctx, heading, found) if found else (
        f'<h1 class="page-title">{escape(heading)}</h1><p>Sorry, nothing matched your search terms.</p>')
    return page(ctx, title=f"{heading} – {SITE_NAME}", head=head, body_class="search", main=main)


def _listing_main(ctx: RenderContext, heading: str, articles: list[DemoArticle]) -> str:
    cards = "\n".join(card(ctx, article) for article in articles)
    return (f'<header class="page-header"><h1 class="page-title">{escape(heading)}</h1></header>\n'
            f'<div class="posts-grid">\n{cards}\n</div>\n')


def _pagination(ctx: RenderContext, listing: Listing, current: int) -> str:
    if listing.pages == 1:
        return ""
    def link(number: int, label: str, css: str = "page-numbers") -> str:
        return f'<a class="{css}" href="{listing_url(ctx.base, listing.prefix, number)}">{label}</a>'

    parts = [link(current - 1, "« Newer posts", "prev page-numbers")] if current > 1 else []
    shown = sorted({1, listing.pages, *range(max(1, current - 2), min(listing.pages, current + 2) + 1)})
    for previous, number in zip([0, *shown], shown):
        if number - previous > 1:
            parts.append('<span class="page-numbers dots">…</span>')
        parts.append(f'<span aria-current="page" class="page-numbers current">{number}</span>'
                     if number == current else link(number, str(number)))
    if current < listing.pages:
        parts.append(link(current + 1, "Older posts »", "next page-numbers"))
    return ('<nav class="navigation pagination" aria-label="Posts">'
            f'<div class="nav-links">{"".join(parts)}</div></nav>')
