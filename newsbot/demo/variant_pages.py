"""Other URLs of one article: its AMP page and its print view.

Both declare the article as their canonical URL, carry the same metadata as the article
page and show the same body with almost none of the theme around it; a crawler must fold
them into the article. The article links to them (``rel="amphtml"``, the "Print" link).
"""

from __future__ import annotations

from html import escape

from newsbot.demo.article_page import body_html, byline, entry_meta
from newsbot.demo.boilerplate import BROKEN_TEXT, PRINTED_FROM
from newsbot.demo.content import DemoArticle, slugify
from newsbot.demo.meta import article_head
from newsbot.demo.people import SITE_NAME
from newsbot.demo.theme import RenderContext, display_date

AMP_BOILERPLATE = (
    "<style amp-boilerplate>body{-webkit-animation:-amp-start 8s steps(1,end) 0s 1 normal both;"
    "animation:-amp-start 8s steps(1,end) 0s 1 normal both}@keyframes -amp-start{from{visibility:"
    "hidden}to{visibility:visible}}</style><noscript><style amp-boilerplate>body{-webkit-animation:"
    "none;animation:none}</style></noscript>"
)
AMP_CSS = ".amp-wp-header{background:#0a2850;color:#fff}.amp-wp-article{margin:0 16px}"


def _body(ctx: RenderContext, article: DemoArticle) -> str:
    if ctx.broken:
        return f"<p>{BROKEN_TEXT}</p>"
    body = body_html(article)
    if article.wire_line:
        body += f'\n<p class="wire-credit"><em>{article.wire_line}</em></p>'
    return body


def render_print(ctx: RenderContext, article: DemoArticle) -> str:
    """The print view: masthead, headline, byline and body; no menus, boxes or adverts."""
    url = ctx.base + article.url_path
    return (
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="UTF-8">\n'
        f"<title>{escape(article.title)} – {SITE_NAME}</title>\n"
        '<meta name="robots" content="noindex, follow">\n'
        f"{article_head(ctx.base, article)}\n"
        "<style>body{font-family:Georgia,serif;max-width:40rem;margin:auto}"
        "@media print{.print-tools{display:none}}</style>\n"
        '</head>\n<body class="print-view" onload="window.print()">\n'
        f'<div class="print-tools"><a href="{url}">Back to article</a> | '
        '<a href="#" onclick="window.print();return false;">Print this page</a></div>\n'
        f'<p class="print-masthead">{SITE_NAME}</p>\n'
        f'<article id="post-{article.post_id}" class="post-{article.post_id} post type-post">\n'
        f'<header class="entry-header"><h1 class="entry-title">{escape(article.title)}</h1>'
        f"{entry_meta(ctx, article)}</header>\n"
        f'<div class="entry-content">\n{_body(ctx, article)}\n</div>\n</article>\n'
        f'<p class="print-footer">{PRINTED_FROM}: {url}</p>\n</body>\n</html>\n'
    )


def render_amp(ctx: RenderContext, article: DemoArticle) -> str:
    """The AMP page, shaped like the WordPress AMP plugin's classic template."""
    url = ctx.base + article.url_path
    tags = ", ".join(f'<a href="{ctx.base}/tag/{slugify(tag)}/" rel="tag">{escape(tag)}</a>'
                     for tag in article.tags)
    return (
        '<!doctype html>\n<html amp lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width,minimum-scale=1,initial-scale=1">\n'
        f"<title>{escape(article.title)} – {SITE_NAME}</title>\n"
        f"{article_head(ctx.base, article)}\n"
        '<script async src="https://cdn.ampproject.org/v0.js"></script>\n'
        f"{AMP_BOILERPLATE}\n<style amp-custom>{AMP_CSS}</style>\n</head>\n"
        '<body class="amp-wp-body">\n'
        f'<header id="top" class="amp-wp-header"><div><a href="{ctx.base}/">{SITE_NAME}</a></div></header>\n'
        '<article class="amp-wp-article">\n<header class="amp-wp-article-header">'
        f'<h1 class="amp-wp-title">{escape(article.title)}</h1>'
        f'<div class="amp-wp-meta amp-wp-byline"><span class="amp-wp-author author vcard">'
        f"By {byline(ctx, article)}</span></div>"
        f'<div class="amp-wp-meta amp-wp-posted-on"><time datetime="{article.published}">'
        f"{display_date(article.published)}</time></div></header>\n"
        '<figure class="amp-wp-article-featured-image wp-caption">'
        f'<amp-img src="{ctx.base}{article.image_path}" width="1200" height="675" layout="responsive" '
        f'alt="{escape(article.title)}"></amp-img></figure>\n'
        f'<div class="amp-wp-article-content">\n{_body(ctx, article)}\n</div>\n'
        '<footer class="amp-wp-article-footer">'
        f'<div class="amp-wp-meta amp-wp-tax-category">Categories: <a href="{ctx.base}/section/'
        f'{article.section_slug}/">{article.section}</a></div>'
        f'<div class="amp-wp-meta amp-wp-tax-tag">Tags: {tags}</div></footer>\n</article>\n'
        f'<footer class="amp-wp-footer"><div><h2>{SITE_NAME}</h2>'
        '<a href="#top" class="back-to-top">Back to top</a> · '
        f'<a href="{url}">View full site</a></div></footer>\n</body>\n</html>\n'
    )
