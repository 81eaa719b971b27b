"""The page shell every HTML page shares: head, header, menus, sidebar, footer.

Also the pages that are neither articles nor listings: static pages, the staff area
(disallowed in robots.txt but linked from every page) and the 404 page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from html import escape

from newsbot.demo.boilerplate import (
    FOOTER_BLURB,
    SITE_COPYRIGHT,
    ad_slot,
    cookie_banner,
    most_read,
    newsletter_box,
)
from newsbot.demo.content import ANCHOR, SECTIONS, Catalogue, DemoArticle, london_time, slugify
from newsbot.demo.furniture import Furniture
from newsbot.demo.links import article_url, search_path
from newsbot.demo.meta import listing_head
from newsbot.demo.people import SITE_NAME

ANALYTICS = ("<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}"
             "gtag('js',new Date());gtag('config','G-NH0000DEMO');</script>")
FOOTER_LINKS = (("/about/", "About us"), ("/contact/", "Contact"), ("/privacy-policy/", "Privacy policy"),
                ("/feed/", "RSS"), ("/private/login/", "Staff login"))
STATIC_PAGES: dict[str, tuple[str, tuple[str, ...]]] = {
    "/about/": ("About us", (
        f"{SITE_NAME} has covered the towns and cities of the north since 1887.",
        "Our newsroom is owned by a charitable trust and answers to its readers alone.")),
    "/contact/": ("Contact", (
        "News desk: news@northgate-herald.example, or call 0100 000 0000.",
        "Letters to the editor should include a postal address and a daytime phone number.")),
    "/privacy-policy/": ("Privacy policy", (
        "We collect as little personal data as we can and never sell it.",
        "Cookies help us count visits and remember your settings; you can refuse them.")),
    "/subscribe/": ("Subscribe", (
        "Support independent local journalism from £1 a week.",
        "Subscribers get every story, the daily e-paper and invitations to reader events.")),
}


@dataclass(frozen=True)
class RenderContext:
    """What rendering one response needs: the base URL the client used and the site data."""

    base: str
    catalogue: Catalogue
    broken: bool = False
    furniture: Furniture | None = None  # what makes a page weigh what real ones do


def display_date(iso: str, with_time: bool = False) -> str:
    moment = datetime.fromisoformat(iso)
    return f"{moment.day} {moment:%B %Y}" + (f", {moment:%H:%M}" if with_time else "")


def page(ctx: RenderContext, *, title: str, head: str, body_class: str, main: str,
         charset: str = "utf-8") -> str:
    """A complete HTML page around ``main``."""
    base, furniture = ctx.base, ctx.furniture
    charset_tag = ('<meta charset="UTF-8">' if charset == "utf-8" else
                   f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">')
    return (
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n{charset_tag}\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n{head}\n"
        f'<link rel="alternate" type="application/rss+xml" title="{SITE_NAME} » Feed" href="{base}/feed/">\n'
        f'<link rel="stylesheet" href="{base}/wp-content/themes/northgate/style.css">\n{ANALYTICS}\n'
        f'{furniture.head if furniture else ""}</head>\n<body class="{body_class}">\n'
        f'{furniture.top if furniture else ""}'
        '<a class="skip-link screen-reader-text" href="#content">Skip to content</a>\n'
        f"{cookie_banner(base)}\n{_header(ctx)}\n{furniture.menu if furniture else ''}"
        f"{ad_slot('ad-slot ad-leaderboard', 'top-leaderboard')}\n"
        '<div id="content" class="site-content"><div id="primary" class="content-area">'
        f'<main id="main" class="site-main">\n{main}\n</main></div>\n{_sidebar(ctx)}\n</div>\n'
        f"{_footer()}\n{furniture.bottom if furniture else ''}</body>\n</html>\n"
    )


def _header(ctx: RenderContext) -> str:
    base = ctx.base
    menu = "".join(f'<li><a href="{base}/section/{slugify(s)}/">{s}</a></li>' for s in SECTIONS)
    term = trending_term(ctx.catalogue)
    return (
        '<header id="masthead" class="site-header">'
        f'<div class="top-bar"><span class="today">{london_time(ANCHOR):%A %d %B %Y}</span> '
        f'<a href="{base}/subscribe/">Subscribe</a> <a href="{base}/private/login/">Sign in</a></div>'
        f'<div class="site-branding"><a href="{base}/" rel="home" class="site-title">{SITE_NAME}</a>'
        '<p class="site-description">News from the north, since 1887</p></div>'
        '<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">'
        f'<li><a href="{base}/">Home</a></li>{menu}</ul></nav>'
        f'<form role="search" method="get" class="search-form" action="{base}/">'
        '<label>Search for: <input type="search" class="search-field" name="s"></label> '
        '<button type="submit">Search</button></form>'
        f'<div class="trending">Trending: <a href="{base}{search_path(term.lower())}">'
        f"{escape(term)}</a></div>"
        "</header>"
    )


def trending_term(catalogue: Catalogue) -> str:
    """The search the header links to: the first tag of the newest story."""
    return catalogue.articles[0].tags[0] if catalogue.articles else "news"


def _sidebar(ctx: RenderContext) -> str:
    return (f'<aside id="secondary" class="widget-area">{most_read(ctx.base, ctx.catalogue)}'
            f'{newsletter_box(ctx.base, "widget newsletter-signup")}'
            f'{ad_slot("ad-slot ad-sidebar", "sidebar-mpu")}</aside>')


def _footer() -> str:
    links = "".join(f'<li><a href="{path}">{label}</a></li>' for path, label in FOOTER_LINKS)
    return (f'<footer id="colophon" class="site-footer"><nav class="footer-navigation"><ul>{links}</ul></nav>'
            f'<p class="footer-blurb">{FOOTER_BLURB}</p><p class="copyright">{SITE_COPYRIGHT}</p></footer>')


def card(ctx: RenderContext, article: DemoArticle) -> str:
    """One article teaser on a listing page."""
    href = escape(article_url(ctx.base, article))
    authors = " and ".join(escape(name) for name in article.authors)
    return (
        f'<article class="post-card post-{article.post_id} category-{article.section_slug}">'
        f'<a class="post-thumbnail" href="{href}"><img src="{ctx.base}{article.image_path}" '
        f'alt="{escape(article.title)}" loading="lazy"></a><div class="card-body">'
        f'<span class="cat-links"><a href="{ctx.base}/section/{article.section_slug}/">'
        f"{article.section}</a></span>"
        f'<h2 class="entry-title"><a href="{href}" rel="bookmark">{escape(article.title)}</a></h2>'
        f'<div class="entry-meta"><time datetime="{article.published}">{display_date(article.published)}'
        f'</time> · By {authors}</div><p class="excerpt">{escape(article.excerpt)}</p>'
        f'<a class="comments-link" href="{href}#comments">Comments</a></div></article>'
    )


def static_page(ctx: RenderContext, path: str) -> str:
    title, paragraphs = STATIC_PAGES[path]
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    main = ('<article class="page type-page"><header class="entry-header">'
            f'<h1 class="entry-title">{title}</h1></header><div class="entry-content">{body}</div></article>')
    head = listing_head(ctx.base, path, title, paragraphs[0], "WebPage")
    return page(ctx, title=f"{title} – {SITE_NAME}", head=head, body_class="page", main=main)


def staff_page(ctx: RenderContext) -> str:
    main = ('<h1>Staff area</h1><p>Sign in with your newsroom account.</p>'
            f'<form method="post" action="{ctx.base}/private/login/"><input name="user"> '
            '<input name="password" type="password"> <button>Sign in</button></form>')
    head = '<meta name="robots" content="noindex, nofollow">'
    return page(ctx, title=f"Staff area – {SITE_NAME}", head=head, body_class="private", main=main)


def not_found_page(ctx: RenderContext) -> str:
    main = ('<section class="error-404 not-found"><h1 class="page-title">Page not found</h1>'
            "<p>It looks like nothing was found at this location. Maybe try a search?</p></section>")
    head = '<meta name="robots" content="noindex">'
    return page(ctx, title=f"Page not found – {SITE_NAME}", head=head, body_class="error404", main=main)
