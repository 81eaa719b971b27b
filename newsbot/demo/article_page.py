"""Article pages: the story inside the theme, with everything a cleaner has to strip."""

from __future__ import annotations

from html import escape
from itertools import groupby
from operator import itemgetter

from newsbot.demo.boilerplate import BROKEN_TEXT, Boxes, ad_slot
from newsbot.demo.content import DemoArticle, slugify
from newsbot.demo.links import encoded, inline_campaign
from newsbot.demo.meta import article_head
from newsbot.demo.people import AUTHORS_BY_NAME, SITE_NAME
from newsbot.demo.storygen import LI, P
from newsbot.demo.theme import RenderContext, display_date, page

BLOCK_HTML = {P: "<p>{}</p>", "h2": "<h2>{}</h2>", "quote": "<blockquote><p>{}</p></blockquote>"}


def render_article(ctx: RenderContext, article: DemoArticle) -> str:
    """The full HTML page of ``article``."""
    boxes = Boxes(ctx.base, article, ctx.catalogue)
    around = [boxes.share(), boxes.related(), boxes.newsletter(), boxes.comments()]
    inside, outside = (around, [""] * 4) if article.boxes_inside else ([], around)
    main = (
        f'<nav class="breadcrumbs" aria-label="Breadcrumb"><a href="{ctx.base}/">Home</a> » '
        f'<a href="{ctx.base}/section/{article.section_slug}/">{article.section}</a></nav>\n'
        f'<article id="post-{article.post_id}" class="post-{article.post_id} post type-post '
        f'status-publish format-standard has-post-thumbnail category-{article.section_slug}">\n'
        f"{_entry_header(ctx, article)}\n"
        f'<figure class="post-thumbnail"><img src="{ctx.base}{article.image_path}" '
        f'alt="{escape(article.title)}" width="1200" height="675"></figure>\n'
        f'<div class="entry-content">\n{_content(ctx, article, boxes)}\n{"".join(inside)}\n</div>\n'
        f"{_entry_footer(ctx, article)}\n{outside[0]}\n{outside[1]}\n</article>\n"
        f"{boxes.bio()}\n{outside[2]}\n{outside[3]}"
    )
    head = article_head(ctx.base, article)
    if article.amp_path:
        head += f'\n<link rel="amphtml" href="{ctx.base}{article.amp_path}">'
    return page(ctx, title=f"{article.title} – {SITE_NAME}", head=head,
                body_class=f"post-template-default single single-post postid-{article.post_id}",
                main=main, charset=article.charset)


def byline(ctx: RenderContext, article: DemoArticle) -> str:
    """The authors, staff writers linked to their archive (a wire service is not)."""
    return " and ".join(
        f'<a class="url fn n" href="{ctx.base}/author/{slugify(name)}/">{escape(name)}</a>'
        if name in AUTHORS_BY_NAME else f'<span class="fn">{escape(name)}</span>'
        for name in article.authors
    )


def entry_meta(ctx: RenderContext, article: DemoArticle) -> str:
    """Byline, publication date and, when modified, the time of the last update."""
    updated = (f' <span class="updated-on">Updated <time class="updated" datetime="{article.modified}">'
               f"{display_date(article.modified, with_time=True)}</time></span>" if article.modified else "")
    return (f'<div class="entry-meta"><span class="byline">By {byline(ctx, article)}</span> '
            f'<span class="posted-on"><time class="entry-date published" datetime="{article.published}">'
            f"{display_date(article.published)}</time></span>{updated}</div>")


def _entry_header(ctx: RenderContext, article: DemoArticle) -> str:
    url, title = encoded(ctx.base + article.url_path), encoded(article.title)
    print_link = (f'<a href="{ctx.base}{article.print_path}">Print</a>' if article.print_path
                  else '<a href="#" onclick="window.print();return false;">Print</a>')
    return (
        f'<header class="entry-header"><div class="cat-links"><a href="{ctx.base}/section/'
        f'{article.section_slug}/" rel="category tag">{article.section}</a></div>'
        f'<h1 class="entry-title">{escape(article.title)}</h1>{entry_meta(ctx, article)}'
        f'<div class="article-tools">{print_link} | '
        f'<a href="mailto:?subject={title}&amp;body={url}">Email</a> | <a href="#share">Share</a></div>'
        "</header>"
    )


def _entry_footer(ctx: RenderContext, article: DemoArticle) -> str:
    tags = ", ".join(f'<a href="{ctx.base}/tag/{slugify(tag)}/" rel="tag">{escape(tag)}</a>'
                     for tag in article.tags)
    return f'<footer class="entry-footer"><span class="tags-links">Tags: {tags}</span></footer>'


def _content(ctx: RenderContext, article: DemoArticle, boxes: Boxes) -> str:
    """The body blocks with an advert and two teasers between paragraphs, then credits."""
    if ctx.broken:
        return f'<p class="{boxes.css("error-message")}">{BROKEN_TEXT}</p>'
    following = ctx.catalogue.following
    inserts = {
        2: ad_slot(boxes.css("ad-slot in-article"), f"in-article-{article.post_id}"),
        3: boxes.inline_teaser("READ |", following(article, 1), inline_campaign(article, 0)),
        5: boxes.inline_teaser("Also read:", following(article, 2), inline_campaign(article, 1)),
    }
    parts, paragraphs = [], 0
    for kind, html, lead_in in _elements(article):
        parts.append(html)
        if kind == P and not lead_in:
            paragraphs += 1
            parts.append(inserts.pop(paragraphs, ""))
    if article.wire_line:
        parts.append(f'<p class="{boxes.css("wire-credit")}"><em>{article.wire_line}</em></p>')
    if article.attachment_path:
        parts.append(f'<p class="{boxes.css("attachment")}"><a href="{ctx.base}{article.attachment_path}">'
                     "Download the full report (PDF, 2 KB)</a></p>")
    return "\n".join(part for part in parts if part)


def body_html(article: DemoArticle) -> str:
    """The body blocks alone, as the page shows them (for print and AMP pages)."""
    return "\n".join(html for _, html, _ in _elements(article))


def _elements(article: DemoArticle) -> list[tuple[str, str, bool]]:
    """(kind, html, introduces-a-quote) per body element; runs of list items form one list."""
    elements = []
    for kind, group in groupby(zip(article.block_kinds, article.blocks), key=itemgetter(0)):
        texts = [escape(text, quote=False) for _, text in group]
        if kind == LI:
            elements.append((kind, "<ul>" + "".join(f"<li>{t}</li>" for t in texts) + "</ul>", False))
        else:
            elements.extend((kind, BLOCK_HTML[kind].format(t), t.endswith(":")) for t in texts)
    return elements
