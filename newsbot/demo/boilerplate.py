"""The boxes the theme puts around and into articles, and their tell-tale texts.

:class:`Boxes` renders them for one article page. With ``inside`` they go into the
article's content container under class names that say nothing (``x3fa``), as many
real themes and page builders do; otherwise they carry descriptive class names.
"""

from __future__ import annotations

import hashlib
import random
from datetime import datetime, timedelta
from html import escape

from newsbot.demo.content import ANCHOR, Catalogue, DemoArticle
from newsbot.demo.links import article_url, encoded
from newsbot.demo.people import AUTHORS, AUTHORS_BY_NAME, COMMENTERS, COMMENTS, PHOTOGRAPHERS, SITE_NAME

COOKIE_TEXT = ("We use cookies to give you the best experience on our website. By continuing "
               "to browse, you agree to our use of cookies.")
NEWSLETTER_TITLE = "The Morning Briefing"
NEWSLETTER_TEXT = ("Sign up for the Morning Briefing: the day’s essential stories from the "
                   "Northgate Herald, in your inbox before 7am.")
NEWSLETTER_SMALL = "You can unsubscribe at any time. Read our privacy policy."
FOOTER_BLURB = "The Northgate Herald is an independent newspaper serving the north since 1887."
SITE_COPYRIGHT = f"© {ANCHOR.year} {SITE_NAME}. All rights reserved."
BROKEN_TEXT = "Sorry, this story could not be loaded. Please try again later."
REPLY_NOTES = ("Your email address will not be published.", "Required fields are marked")
LABELS = (
    "Leave a Reply", "Post Comment", "Related Posts", "Share this:", "Print | Email | Share",
    "Advertisement", "READ |", "Also read:", "About the author", "Most read", "Tags:",
    "Skip to content", "Copy short link", "Download the full report", "thoughts on “",
    "thought on “", "Home »", "Accept all", "Manage preferences", "Sign up", NEWSLETTER_TITLE,
)

# Print views and AMP pages (see newsbot.demo.variant_pages) have their own few labels.
PRINTED_FROM = f"Printed from {SITE_NAME}"
VARIANT_LABELS = ("Back to article", "Print this page", PRINTED_FROM, "Back to top", "View full site",
                  "Categories:")


def boilerplate_texts() -> list[str]:
    """Every fixed text the theme injects (labels, notices, bios, comments, captions)."""
    return [*LABELS, *REPLY_NOTES, COOKIE_TEXT, NEWSLETTER_TEXT, NEWSLETTER_SMALL, FOOTER_BLURB,
            SITE_COPYRIGHT, BROKEN_TEXT, *(a.bio for a in AUTHORS), *COMMENTS, *PHOTOGRAPHERS,
            *VARIANT_LABELS]


def caption_for(article: DemoArticle) -> str:
    return PHOTOGRAPHERS[article.post_id % len(PHOTOGRAPHERS)]


def ad_slot(css: str, slot: str) -> str:
    return (f'<div class="{css}"><span class="ad-label">Advertisement</span>'
            f'<div class="ad-unit" data-ad-slot="{slot}" style="min-height:250px"></div></div>')


def newsletter_box(base: str, css: str) -> str:
    return (
        f'<div class="{css}"><h3>{NEWSLETTER_TITLE}</h3><p>{escape(NEWSLETTER_TEXT)}</p>'
        f'<form action="{base}/newsletter/subscribe" method="post">'
        '<input type="email" name="email" placeholder="Your email address" required> '
        f'<button type="submit">Sign up</button></form><p class="small">{NEWSLETTER_SMALL}</p></div>'
    )


def most_read(base: str, catalogue: Catalogue) -> str:
    items = "".join(f'<li><a href="{escape(article_url(base, a, "mostread"))}">{escape(a.title)}</a></li>'
                    for a in catalogue.most_read)
    return ('<section class="widget widget-most-read"><h2 class="widget-title">Most read</h2>'
            f"<ol>{items}</ol></section>")


def cookie_banner(base: str) -> str:
    return (f'<div id="cookie-notice" class="cookie-notice" role="dialog"><p>{COOKIE_TEXT}</p>'
            '<a class="button" href="#" data-cookie="accept">Accept all</a> '
            f'<a href="{base}/privacy-policy/">Manage preferences</a></div>')


class Boxes:
    """The boxes of one article page."""

    def __init__(self, base: str, article: DemoArticle, catalogue: Catalogue) -> None:
        self.base = base
        self.article = article
        self.catalogue = catalogue
        self.inside = article.boxes_inside
        self.url = base + article.url_path

    def _rng(self, purpose: str) -> random.Random:
        return random.Random(f"{purpose}:{self.article.post_id}")

    def css(self, descriptive: str) -> str:
        """``descriptive`` for boxes outside the article body, a meaningless name inside."""
        if not self.inside:
            return descriptive
        return "x" + hashlib.sha1(f"{self.article.post_id}:{descriptive}".encode()).hexdigest()[:3]

    def share(self) -> str:
        url, title = encoded(self.url), encoded(self.article.title)
        links = (
            ("share-facebook", f"https://www.facebook.com/sharer/sharer.php?u={url}", "Facebook"),
            ("share-x", f"https://twitter.com/intent/tweet?url={url}&amp;text={title}", "X"),
            ("share-whatsapp", f"https://wa.me/?text={url}", "WhatsApp"),
            ("share-email", f"mailto:?subject={title}&amp;body={url}", "Email"),
            ("share-shortlink", f"{self.base}/go/{self.article.post_id}/", "Copy short link"),
        )
        items = "".join(f'<li><a class="{c}" href="{h}" rel="nofollow noopener">{t}</a></li>'
                        for c, h, t in links)
        return (f'<div id="share" class="{self.css("sharedaddy sd-sharing-enabled")}">'
                f'<h3 class="sd-title">Share this:</h3><ul>{items}</ul></div>')

    def related(self) -> str:
        items = "".join(self._related_item(a) for a in
                        self.catalogue.related(self.article, self._rng("related").randint(3, 6)))
        inner = f'<h3 class="related-title">Related Posts</h3>{items}'
        if self.inside:
            return f'<div class="{self.css("box")}"><div class="{self.css("box2")}">{inner}</div></div>'
        return f'<div class="related-posts">{inner}</div>'

    def _related_item(self, other: DemoArticle) -> str:
        href = escape(article_url(self.base, other))
        return (
            f'<div class="{self.css("related-item")}"><figure><img src="{self.base}{other.image_path}" '
            f'alt=""><figcaption>{escape(caption_for(other))}</figcaption></figure>'
            f'<h4><a href="{href}">{escape(other.title)}</a></h4><p>{escape(other.excerpt)}</p></div>'
        )

    def newsletter(self) -> str:
        return newsletter_box(self.base, self.css("newsletter-signup"))

    def inline_teaser(self, label: str, other: DemoArticle, campaign: str | None) -> str:
        """A "READ | headline" or "Also read: headline" line between paragraphs."""
        link = f'<a href="{escape(article_url(self.base, other, campaign))}">{escape(other.title)}</a>'
        line = f"<strong>{label}</strong> {link}" if label.endswith("|") else f"<em>{label}</em> {link}"
        if self.inside:
            return f"<p>{line}</p>"
        return f'<aside class="inline-related"><p>{line}</p></aside>'

    def comments(self) -> str:
        published = datetime.fromisoformat(self.article.published)
        rng = self._rng("comments")
        count = rng.randint(0, 4)
        people = zip(rng.sample(COMMENTERS, count), rng.sample(COMMENTS, count))
        items = "".join(self._comment(i, published + timedelta(hours=3 * i + 1), who, text)
                        for i, (who, text) in enumerate(people))
        title = f"{count} {'thought' if count == 1 else 'thoughts'} on “{escape(self.article.title)}”"
        thread = (f'<h2 class="comments-title">{title}</h2><ol class="comment-list">{items}</ol>'
                  if count else "")
        return (f'<div id="comments" class="{self.css("comments-area")}">'
                f"{thread}{self._reply_form()}</div>")

    def _comment(self, index: int, when: datetime, who: str, text: str) -> str:
        return (
            f'<li id="comment-{self.article.post_id * 10 + index}" class="comment">'
            '<article class="comment-body">'
            f'<footer class="comment-meta"><b class="fn">{escape(who)}</b> '
            f'<time datetime="{when.isoformat()}">{when:%d/%m/%Y at %H:%M}</time></footer>'
            f'<div class="comment-content"><p>{escape(text)}</p></div>'
            '<div class="reply"><a rel="nofollow" class="comment-reply-link" href="#respond">Reply</a></div>'
            '</article></li>'
        )

    def _reply_form(self) -> str:
        return (
            f'<div id="respond" class="{self.css("comment-respond")}">'
            '<h3 id="reply-title" class="comment-reply-title">Leave a Reply</h3>'
            f'<form action="{self.base}/wp-comments-post.php" method="post" id="commentform" '
            'class="comment-form">'
            f'<p class="comment-notes"><span id="email-notes">{REPLY_NOTES[0]}</span> '
            f'<span class="required-field-message">{REPLY_NOTES[1]} '
            '<span class="required">*</span></span></p>'
            '<p class="comment-form-comment">'
            '<label for="comment">Comment <span class="required">*</span></label> '
            '<textarea id="comment" name="comment"></textarea></p>'
            '<p class="comment-form-author"><label for="author">Name <span class="required">*</span></label> '
            '<input id="author" name="author" type="text"></p>'
            '<p class="comment-form-email"><label for="email">Email <span class="required">*</span></label> '
            '<input id="email" name="email" type="email"></p>'
            f'<input type="hidden" name="comment_post_ID" value="{self.article.post_id}">'
            '<p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" '
            'value="Post Comment"></p></form></div>'
        )

    def bio(self) -> str:
        boxes = []
        for name in self.article.authors:
            author = AUTHORS_BY_NAME.get(name)
            if author is None:  # a wire service
                continue
            boxes.append(
                f'<div class="author-bio"><h4 class="author-bio-title">About the author</h4>'
                f'<p class="author-name"><a href="{self.base}/author/{author.slug}/">{escape(name)}</a></p>'
                f'<p class="author-description">{escape(author.bio)}</p></div>'
            )
        return "".join(boxes)
