"""Pure URL helpers: canonical form, tracking parameters, site identity, URL shapes."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

TRACKING_PARAM_RE = re.compile(
    r"^(utm_\w+|fbclid|gclid|gclsrc|dclid|msclkid|mc_cid|mc_eid|_ga|_gl|yclid|igshid|"
    r"ref|ref_src|cmpid|ito|ncid|sr_share|share|smid|spm|__twitter_impression)$",
    re.IGNORECASE,
)

# AMP, print and mobile views of an article, folded into the article's own URL.
MOBILE_HOST_RE = re.compile(r"^(m|mobile|amp)\.(?=[^.]+\.[^.]+)", re.IGNORECASE)
VARIANT_PATH_RE = re.compile(r"/(amp|print)/?$", re.IGNORECASE)
VARIANT_PARAM_RE = re.compile(r"^(amp|outputtype|output|print|view|printable)$", re.IGNORECASE)

# Path and query shapes of pages that list articles rather than being one.
LISTING_PATH_RE = re.compile(
    r"/(tag|tags|topic|topics|category|categories|section|sections|author|authors|"
    r"search|archive|archives|page|feed|rss|label|labels|user|users|profile)(/|$)",
    re.IGNORECASE,
)
LISTING_QUERY_RE = re.compile(r"(^|&)(page|p|s|q|query|search|paged|offset|start)=", re.IGNORECASE)
DATE_PATH_RE = re.compile(r"/(19|20)\d{2}[/-](0?[1-9]|1[0-2])([/-]|$)")
FILE_EXT_RE = re.compile(
    r"\.(jpe?g|png|gif|webp|svg|ico|bmp|tiff?|pdf|zip|tgz|rar|7z|mp3|mp4|m4a|mov|avi|"
    r"webm|ogg|wav|css|js|json|woff2?|ttf|eot|exe|dmg|apk|docx?|xlsx?|pptx?|csv)$",
    re.IGNORECASE,
)


# Pages of a site repeat the same menu and teaser links: the pure helpers a crawl calls on
# every link remember their last answers.
LINK_CACHE_SIZE = 1 << 14


@lru_cache(maxsize=LINK_CACHE_SIZE)
def strip_tracking(url: str) -> str:
    """Remove tracking parameters (``utm_*``, ``fbclid``, ``gclid`` ...) and the fragment."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not TRACKING_PARAM_RE.match(k)]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


def canonicalize(url: str) -> str:
    """The identity of a URL: w3lib canonical form without tracking parameters."""
    return canonicalize_url(strip_tracking(url))


def fold_variants(url: str) -> str:
    """The main URL of an AMP, print or mobile view (``m.`` host, ``/amp/``, ``?print=1``)."""
    parts = urlsplit(url)
    host = MOBILE_HOST_RE.sub("", parts.netloc)
    path = VARIANT_PATH_RE.sub("/", parts.path)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not VARIANT_PARAM_RE.match(k)]
    return urlunsplit((parts.scheme, host, path, urlencode(query), parts.fragment))


@lru_cache(maxsize=LINK_CACHE_SIZE)
def url_key(url: str) -> str:
    """The key under which a fetched article URL is remembered: variants and tracking folded."""
    return canonicalize(fold_variants(url))


@lru_cache(maxsize=LINK_CACHE_SIZE)
def site_of(url: str) -> str:
    """The site a URL belongs to: its host without ``www.`` and port-free for default ports."""
    host = (urlsplit(url).hostname or "").lower()
    host = host.removeprefix("www.")
    port = urlsplit(url).port
    return f"{host}:{port}" if port and port not in (80, 443) else host


def same_site(url: str, other: str) -> bool:
    """True when both URLs belong to one site (subdomains of the same host count)."""
    a, b = site_of(url), site_of(other)
    return a == b or a.endswith("." + b) or b.endswith("." + a)


def looks_like_listing(url: str) -> bool:
    """True for URLs shaped like section, tag, author, search or pagination pages."""
    parts = urlsplit(url)
    if parts.path in ("", "/"):
        return True
    return bool(LISTING_PATH_RE.search(parts.path) or LISTING_QUERY_RE.search(parts.query))


def looks_like_file(url: str) -> bool:
    """True for links to images, documents, media and other non-HTML files."""
    return bool(FILE_EXT_RE.search(urlsplit(url).path))


def has_date_path(url: str) -> bool:
    """True for URLs with a ``/2024/05/`` style date in their path, typical of articles."""
    return bool(DATE_PATH_RE.search(urlsplit(url).path))
