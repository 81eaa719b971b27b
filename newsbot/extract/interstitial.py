"""Recognize pages that stand in front of the content: bot challenges, consent walls, blocks.

Sites and their CDNs answer crawlers with such pages under status 200 ("Just a moment...",
"Checking your browser", "Enable JavaScript and cookies to continue", "Before you
continue", "Access denied"). :func:`detect_interstitial` names the kind of such a page, or
returns None. Pure: HTML text in, a short string out.

A page needs two things to count: a signature below (its title, a phrase of its text or
a marker in its markup) and little readable text. A real article that mentions one of
these phrases has far more text than the wall itself.
"""

from __future__ import annotations

import re
from html import unescape

from lxml import etree
from lxml.html import HtmlElement, document_fromstring

# Most words of readable text a wall page carries; article pages have far more.
MAX_WORDS = 250
# Consent walls spell out their purposes, so they may be longer.
MAX_CONSENT_WORDS = 450
# Only the first part of a huge page is looked at: walls are small.
_SCAN_CHARS = 300_000

# kind -> patterns; titles must match whole (after whitespace is collapsed), phrases and
# markers anywhere. Checked in this order.
TITLES: dict[str, tuple[str, ...]] = {
    "challenge": (
        r"just a moment(\.\.\.|…)?", r"attention required!? \| cloudflare", r"please wait(\.\.\.|…)?",
        r"checking your browser(\.\.\.|…)?", r"ddos-guard", r"one more step", r"security check",
        r"are you a robot\??", r"robot check", r"human verification", r"verifying you are human",
        r"bot verification", r"captcha", r"pardon our interruption(\.\.\.|…)?",
        r"please verify you are a human", r"access to this page has been denied\.?",
    ),
    "denied": (
        r"access denied", r"403 forbidden", r"forbidden", r"error 403", r"request rejected",
        r"request blocked", r"you have been blocked", r"blocked", r"web page blocked!?",
        r"sucuri website firewall - access denied", r"error 1020", r"access denied \| .*cloudflare",
    ),
    "consent": (
        r"before you continue( to [\w .-]+)?", r"privacy consent", r"cookie consent",
        r"consent", r"your privacy choices", r"we value your privacy",
    ),
}
PHRASES: dict[str, tuple[str, ...]] = {
    "challenge": (
        r"checking (if the site connection is secure|your browser before accessing)",
        r"enable javascript and cookies to continue", r"please enable (javascript and )?cookies",
        r"needs to review the security of your connection", r"verify(ing)? you are (a )?human",
        r"please complete the security check", r"why do i have to complete a captcha",
        r"press (&|and) hold", r"ddos protection by", r"performance (&|and) security by cloudflare",
        r"please turn javascript on and reload the page", r"please stand by, while we are checking",
        r"we need to make sure that you are not a robot", r"to continue, please verify",
        r"unusual traffic from your computer network",
    ),
    "denied": (
        r"you (don't|do not) have permission to access", r"request unsuccessful\. incapsula",
        r"incapsula incident id", r"access to this page has been denied",
        r"the owner of this website \([^)]*\) has banned", r"your access to this site has been limited",
        r"sorry, you have been blocked", r"this request was blocked by the security rules",
    ),
    "consent": (
        r"we use cookies and data to", r"(accept|reject) all( cookies)? to continue",
        r"before you continue to", r"we and our (\d+ )?partners (store|use|process)",
        r"your choices on this site will be applied", r"manage (your )?(cookie|privacy) (settings|preferences)",
    ),
}
MARKERS: dict[str, tuple[str, ...]] = {
    "challenge": (
        # Markers of the challenge itself; CDNs put other scripts of theirs (Cloudflare's
        # /cdn-cgi/challenge-platform/scripts/, Imperva's /_Incapsula_Resource) on every page.
        r"_cf_chl_opt", r"cf-browser-verification", r"/cdn-cgi/challenge-platform/h/[a-z]/orchestrate/",
        r"__cf_chl_(rt_)?tk", r"captcha-delivery\.com", r"px-captcha", r"sucuri_cloudproxy_js",
        r"/_sec/cp_challenge/",
    ),
}

_WS_RE = re.compile(r"\s+")
_WORD_RE = re.compile(r"\w+")
_TITLE_TAG_RE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_SKIPPED_TAGS = frozenset({"script", "style", "template"})


def _compile(table: dict[str, tuple[str, ...]], whole: bool) -> list[tuple[str, re.Pattern[str]]]:
    form = "^(?:{})$" if whole else "(?:{})"
    return [(kind, re.compile(form.format("|".join(patterns)), re.IGNORECASE))
            for kind, patterns in table.items()]


_TITLE_RES = _compile(TITLES, whole=True)
_PHRASE_RES = _compile(PHRASES, whole=False)
_MARKER_RES = _compile(MARKERS, whole=False)


def _normalize(text: str) -> str:
    return _WS_RE.sub(" ", unescape(text).replace("\u2019", "'")).strip()


def _readable_text(tree: HtmlElement) -> str:
    """Text a reader sees (``<noscript>`` included: walls put their message there)."""
    body = tree.find("body")
    if body is None:
        return ""
    parts = []
    for node in body.iter():
        if isinstance(node.tag, str) and node.tag not in _SKIPPED_TAGS and node.text:
            parts.append(node.text)
        if node is not body and node.tail:
            parts.append(node.tail)
    return _normalize(" ".join(parts))


def _first_match(rules: list[tuple[str, re.Pattern[str]]], text: str) -> str | None:
    return next((kind for kind, pattern in rules if pattern.search(text)), None)


def _title_kind(head: str) -> str | None:
    title = _TITLE_TAG_RE.search(head)
    return _first_match(_TITLE_RES, _normalize(title.group(1))) if title else None


def detect_interstitial(html: str) -> str | None:
    """``"challenge"``, ``"denied"`` or ``"consent"`` for a wall page, None for anything else."""
    head = html[:_SCAN_CHARS]
    title_kind = _title_kind(head)
    marker_kind = _first_match(_MARKER_RES, head)
    if not (title_kind or marker_kind or _first_match(_PHRASE_RES, _normalize(head))):
        return None  # the cheap test on the raw page: most pages stop here, unparsed
    try:
        text = _readable_text(document_fromstring(head))
    except (etree.ParserError, ValueError):
        return None
    kind = title_kind or _first_match(_PHRASE_RES, text) or marker_kind
    if kind is None:
        return None
    limit = MAX_CONSENT_WORDS if kind == "consent" else MAX_WORDS
    return kind if len(_WORD_RE.findall(text)) <= limit else None
