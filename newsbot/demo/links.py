"""Absolute links as the theme writes them, tracking parameters included.

Pages use the base URL the request came in on, so links point at the running server.
Articles marked ``tracking_only`` are never linked without tracking parameters.
"""

from __future__ import annotations

import hashlib
from urllib.parse import quote, quote_plus

from newsbot.demo.content import DemoArticle

CAMPAIGNS: dict[str, str] = {
    "homepage": "utm_source=homepage&utm_medium=referral&utm_campaign=top-stories",
    "mostread": "utm_source=mostread&utm_medium=widget",
    "newsletter": "utm_source=newsletter&utm_medium=email&utm_campaign=morning-briefing",
    "facebook": "fbclid=IwAR{token}",
    "ads": "gclid=Cj0KCQiA{token}",
    "social": "utm_source=facebook&utm_medium=social&fbclid=IwAR{token}",
    "rss": "utm_source=rss&utm_medium=rss&utm_campaign={slug}",
}
TRACKING_ONLY_CAMPAIGNS = ("homepage", "facebook", "ads", "social")


def article_url(base: str, article: DemoArticle, campaign: str | None = None) -> str:
    """Link to ``article``: plain, or with the query string of ``campaign``."""
    if campaign is None and article.tracking_only:
        campaign = TRACKING_ONLY_CAMPAIGNS[article.post_id % len(TRACKING_ONLY_CAMPAIGNS)]
    if campaign is None:
        return base + article.url_path
    token = hashlib.sha1(f"{campaign}:{article.post_id}".encode()).hexdigest()[:24]
    return f"{base}{article.url_path}?{CAMPAIGNS[campaign].format(token=token, slug=article.slug)}"


def inline_campaign(article: DemoArticle, salt: int) -> str | None:
    """The campaign an inline teaser link carries: about half of them carry one."""
    return (None, "facebook", None, "ads")[(article.post_id + salt) % 4]


def listing_url(base: str, prefix: str, page: int) -> str:
    """Page ``page`` of the listing at ``prefix`` (a path ending in "/")."""
    return base + (prefix if page == 1 else f"{prefix}page/{page}/")


def encoded(url: str) -> str:
    """``url`` as a query-string value, for share links."""
    return quote(url, safe="")


def search_path(term: str) -> str:
    """The search results page for ``term``."""
    return f"/?s={quote_plus(term)}"
