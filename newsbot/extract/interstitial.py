"""Recognize pages that stand in front of the content: bot challenges, consent walls, blocks.

Sites and their CDNs answer crawlers with such pages under status 200 ("Just a moment...",
"Checking your browser", "Enable JavaScript and cookies to continue", "Before you
continue", "Access denied"). :func:`detect_interstitial` names the kind of such a page, or
returns None. Pure: HTML text in, a short string out.

A page needs two things to count: a signature below (its title, a phrase of its text or
a marker in its markup) and little readable text. When a phrase is the signature, the
box around it must be nearly all the page holds: an article with a cookie banner, or
about bot walls, has text outside that box. The box is the nearest element marked as a
dialog or wall (``role="dialog"``, a ``consent``, ``cookie``, ``cmp``, ``modal`` ... class
or id), else the largest element the phrase's own element fills most of.
"""

from __future__ import annotations

import re
from collections import Counter
from html import unescape
from itertools import islice

from lxml import etree
from lxml.html import HtmlElement, document_fromstring

# Most words of readable text a wall page carries; article pages have far more.
MAX_WORDS = 250
# Consent walls spell out their purposes, so they may be longer.
MAX_CONSENT_WORDS = 450
# Most words outside the box of a wall's phrase (a site header, a footer).
MAX_OUTSIDE_WORDS = 60
# A box grows to its parent while it holds at least this share of the parent's words.
BOX_SHARE = 0.7
# Class, id or role of an element that holds a wall or a banner.
BOX_HINT_RE = re.compile(
    r"consent|cookie|cmp|gdpr|privacy|didomi|onetrust|usercentrics|sp_message|truste|banner|modal|"
    r"dialog|overlay|popup|captcha|challenge|cf-|px-|interstitial|paywall", re.IGNORECASE)
# Only the first part of a huge page is looked at: walls are small.
_SCAN_CHARS = 300_000
# Walls are small documents too; a page with more elements is not one (and its boxes
# are not measured, which would take time quadratic in its size).
MAX_ELEMENTS = 3000

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

_WORD_RE = re.compile(r"\w+")
_TITLE_TAG_RE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_SKIPPED_TAGS = frozenset({"script", "style", "template"})
_READABLE_TEXT = etree.XPath(
    ".//text()[not({})]".format(" or ".join(f"parent::{tag}" for tag in sorted(_SKIPPED_TAGS))),
    smart_strings=False)
_ALL_TEXT = etree.XPath(".//text()", smart_strings=False)
_CODE_TEXT = etree.XPath(" | ".join(f".//{tag}/text()" for tag in sorted(_SKIPPED_TAGS)), smart_strings=False)

# The nodes ``iter()`` yields (elements, comments, instructions), counted without making
# Python objects of them.
_NODE_COUNT = etree.XPath("count(descendant-or-self::*|descendant::comment()|descendant::processing-instruction())")
# Characters of text whose words are counted at once while looking for the word limit.
_COUNT_CHUNK_CHARS = 4000

Rule = tuple[str, str, re.Pattern[str]]  # kind, a literal every match contains, pattern
_QUANTIFIERS = "?*+{"


def phrase_anchor(pattern: str) -> str:
    """The longest run of plain characters outside any group that every match of
    ``pattern`` contains ("" when there is none): a substring test on it is far cheaper
    than the regex search it spares on the pages without it."""
    runs, run, depth, i = [""], "", 0, 0
    while i < len(pattern):
        char = pattern[i]
        if depth == 0 and (char.isalnum() or char in " '-,:!"):
            if i + 1 < len(pattern) and pattern[i + 1] in _QUANTIFIERS:
                char = None  # optional or repeated: not in every match
            else:
                run += char
                i += 1
                continue
        runs.append(run)
        run = ""
        if char == "|" and depth == 0:
            return ""  # alternatives at the top: no literal is common to all
        if char == "[":  # a character class: skip to its end, whatever it holds
            i = pattern.index("]", i + 2)
        depth += {"(": 1, ")": -1}.get(char or "", 0)
        i += 2 if char == "\\" else 1
    runs.append(run)
    return max(runs, key=len)


def _compile(table: dict[str, tuple[str, ...]], whole: bool) -> list[Rule]:
    """One pattern per entry, matched against lowercased text: each is searched for only on
    text holding its anchor, where one big alternation would be tried at every position."""
    if whole:
        return [(kind, "", re.compile("^(?:{})$".format("|".join(patterns)))) for kind, patterns in table.items()]
    return [(kind, phrase_anchor(pattern), re.compile(pattern)) for kind, patterns in table.items() for pattern in patterns]


_TITLE_RES = _compile(TITLES, whole=True)
_PHRASE_RES = _compile(PHRASES, whole=False)
_MARKER_RES = _compile(MARKERS, whole=False)


def _normalize(text: str) -> str:
    return " ".join(unescape(text).replace("\u2019", "'").split()).lower()


def _readable_text(node: HtmlElement) -> str:
    """Text a reader sees (``<noscript>`` included: walls put their message there)."""
    return _normalize(" ".join(_READABLE_TEXT(node)))


def _words(text: str) -> int:
    return len(_WORD_RE.findall(text))


def _readable_text_within(node: HtmlElement, limit: int) -> str | None:
    """:func:`_readable_text`, or None when it holds more than ``limit`` words. The words are
    counted a few thousand characters at a time and only up to the limit, so an article
    page is let through after its first few hundred.

    The texts are read without the XPath test on each one's parent, which took most of the
    time: all texts, less those of scripts and styles, taken away by value (equal texts
    are interchangeable here). Pieces are joined by spaces, so no word spans two of them,
    and the count does not depend on their order.
    """
    code = Counter(_CODE_TEXT(node))
    code_sizes = {len(text) for text in code}  # a length is checked faster than a text
    count, chunk, size = 0, [], 0
    for piece in _ALL_TEXT(node):
        if len(piece) in code_sizes and code[piece]:
            code[piece] -= 1
            continue
        chunk.append(piece)
        size += len(piece)
        if size >= _COUNT_CHUNK_CHARS:
            count += _words(unescape(" ".join(chunk)))
            if count > limit:
                return None
            chunk, size = [], 0
    if count + _words(unescape(" ".join(chunk))) > limit:
        return None
    return _readable_text(node)


def _surely_more_words(node: HtmlElement, limit: int) -> bool:
    """Whether the readable text of ``node`` holds more than ``limit`` words, by a test that
    costs half of :func:`_readable_text_within` and settles most pages: its True is always
    right, its False leaves the page to the full count.

    lxml serializes all the text at once, in C; there neighbouring texts may run together
    into fewer words, never more. The words of scripts, styles and templates are counted
    apart, each text on its own and not unescaped: never fewer than the full count takes
    away. So when more than ``limit`` words are left, the readable text holds more.
    """
    text = etree.tostring(node, method="text", encoding=str, with_tail=False)
    if "&" in text:
        text = unescape(text)
    code = sum(_words(" ".join(element.itertext())) for element in node.iter(*_SKIPPED_TAGS))
    return next(islice(_WORD_RE.finditer(text), limit + code, None), None) is not None


def _first_match(rules: list[Rule], text: str) -> str | None:
    return next((kind for kind, anchor, pattern in rules if anchor in text and pattern.search(text)), None)


def _title_kind(head: str) -> str | None:
    title = _TITLE_TAG_RE.search(head)
    return _first_match(_TITLE_RES, _normalize(title.group(1))) if title else None


def _outside_box(body: HtmlElement, kind: str) -> int:
    """Words of the page outside the box that holds the first phrase of ``kind``."""
    patterns = [pattern for phrase_kind, _, pattern in _PHRASE_RES if phrase_kind == kind]
    texts = ((node, _readable_text(node)) for node in body.iter()
             if isinstance(node.tag, str) and node.tag not in _SKIPPED_TAGS)
    holders = [(len(text), node) for node, text in texts if any(p.search(text) for p in patterns)]
    box = min(holders, key=lambda pair: pair[0])[1]
    marked = next((node for node in (box, *box.iterancestors()) if node is not body and _is_marked(node)), None)
    if marked is not None:
        return _words(_readable_text(body)) - _words(_readable_text(marked))
    words = _words(_readable_text(box))
    while box is not body and box.getparent() is not None:
        parent_words = _words(_readable_text(box.getparent()))
        if words < BOX_SHARE * parent_words:
            break
        box, words = box.getparent(), parent_words
    return _words(_readable_text(body)) - words


def _small_enough(body: HtmlElement) -> bool:
    """Whether the body has few enough elements to be a wall."""
    return _NODE_COUNT(body) <= MAX_ELEMENTS


def _is_marked(node: HtmlElement) -> bool:
    hints = " ".join((node.get("class", ""), node.get("id", ""), node.get("role", ""),
                      "modal" if node.get("aria-modal") == "true" else ""))
    return bool(BOX_HINT_RE.search(hints))


def detect_interstitial(html: str, root: HtmlElement | None = None) -> str | None:
    """``"challenge"``, ``"denied"`` or ``"consent"`` for a wall page, None for anything else.

    ``root`` is the page already parsed from ``html`` (as cleaning holds it), if any:
    then a page with more readable text than any wall is let through at once, before its
    raw markup is searched.
    """
    head = html[:_SCAN_CHARS]
    parsed = root is not None and len(html) <= _SCAN_CHARS
    if parsed:
        body = root.find("body")
        limit = max(MAX_WORDS, MAX_CONSENT_WORDS)
        if body is None or _surely_more_words(body, limit) or not _small_enough(body):
            return None
        text = _readable_text_within(body, limit)
        if text is None:
            return None
    title_kind = _title_kind(head)
    marker_kind = _first_match(_MARKER_RES, head.lower())
    if not parsed:
        if not (title_kind or marker_kind or _first_match(_PHRASE_RES, _normalize(head))):
            return None  # the cheap test on the raw page: most pages stop here, unparsed
        try:
            body = document_fromstring(head).find("body")
        except (etree.ParserError, ValueError):
            return None
        if body is None or not _small_enough(body):
            return None
        text = _readable_text(body)
    phrase_kind = _first_match(_PHRASE_RES, text)
    kind = title_kind or marker_kind or phrase_kind
    if kind is None or _words(text) > (MAX_CONSENT_WORDS if kind == "consent" else MAX_WORDS):
        return None
    if title_kind or marker_kind:
        return kind
    return kind if _outside_box(body, kind) <= MAX_OUTSIDE_WORDS else None
