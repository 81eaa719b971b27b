"""Pages checked before cleaning: lying charsets, binary bodies, oversized pages, walls."""

from __future__ import annotations

import asyncio
import gzip
import json
import os
from pathlib import Path

import pytest
from parsel import Selector
from scrapy import Request
from scrapy.http import HtmlResponse

from newsbot.extract import extract_body
from newsbot.extract.interstitial import (
    MAX_CONSENT_WORDS,
    MAX_WORDS,
    _readable_text,
    _readable_text_within,
    _surely_more_words,
    _words,
    detect_interstitial,
    phrase_anchor,
)
from newsbot.extract.links import NO_LINKS
from newsbot.extract.raw import decode_html, looks_binary
from newsbot.items import Page
from newsbot.middlewares.pages import PageGuardMiddleware
from tests.hostile_helpers import crawler
from tests.hostile_payloads import MARK, MOJIBAKE, binary_bodies

FIXTURES = Path(__file__).parent / "fixtures"
WALL_WORDS = max(MAX_WORDS, MAX_CONSENT_WORDS)  # more words than any wall holds
DATASET = Path(os.environ.get("NEWSBOT_EVAL_DATASET", "/work/shared/datasets/trafilatura-eval"))


def _page(meta: str = "", lang: str = "en") -> str:
    return (f'<!DOCTYPE html><html lang="{lang}"><head>{meta}<title>Zoë’s café</title></head>'
            f"<body><p>{MARK}</p></body></html>")


# (Content-Type, body) pairs where header, <meta> and BOM disagree with the bytes, or are missing.
CHARSET_LIES = {
    "header says utf-8, body is windows-1252": ("text/html; charset=utf-8", _page().encode("cp1252")),
    "<meta> says utf-8, body is windows-1252": ("text/html", _page('<meta charset="utf-8">').encode("cp1252")),
    "no label at all, windows-1252": ("text/html", _page().encode("cp1252")),
    "header says windows-1252, <meta> and body utf-8": (
        "text/html; charset=windows-1252", _page('<meta charset="utf-8">').encode("utf-8")),
    "<meta> says latin-1, body is utf-8": ("text/html", _page('<meta charset="iso-8859-1">').encode("utf-8")),
    "header says us-ascii, body is utf-8": ("text/html; charset=us-ascii", _page().encode("utf-8")),
}
CHARSET_RIGHT = {
    "latin-1 label on windows-1252 bytes": ("text/html; charset=iso-8859-1", _page().encode("cp1252")),
    "UTF-8 BOM against a latin-1 header": ("text/html; charset=iso-8859-1", b"\xef\xbb\xbf" + _page().encode()),
    "UTF-16 with BOM, no label": ("text/html", _page().encode("utf-16")),
    "unknown charset name, utf-8 body": ("text/html; charset=x-unheard-of", _page().encode()),
}


@pytest.mark.parametrize("case", sorted(CHARSET_LIES))
def test_scrapy_alone_turns_charset_lies_into_mojibake(case):
    content_type, body = CHARSET_LIES[case]
    text = HtmlResponse("https://n.example/", body=body, headers={"Content-Type": content_type}).text
    assert MARK not in text


@pytest.mark.parametrize("case", sorted(CHARSET_LIES) + sorted(CHARSET_RIGHT))
def test_decode_html_reads_what_the_bytes_say(case):
    content_type, body = {**CHARSET_LIES, **CHARSET_RIGHT}[case]
    _, text = decode_html(body, content_type)
    assert MARK in text and "Zoë’s café" in text
    assert not [m for m in MOJIBAKE if m in text]


@pytest.mark.parametrize("case", sorted(CHARSET_LIES) + sorted(CHARSET_RIGHT))
def test_extraction_from_bytes_reads_them_as_the_crawl_does(case):
    """The pure functions take bytes as well: they decode them as the crawl does."""
    content_type, body = {**CHARSET_LIES, **CHARSET_RIGHT}[case]
    text = extract_body(body, "https://n.example/", content_type=content_type)
    assert MARK in text
    assert not [m for m in MOJIBAKE if m in text]


def test_decode_html_keeps_other_scripts_and_mixed_pages():
    russian = "<html lang=ru><body><p>Привет, мир! Это проверка кодировки страницы.</p></body></html>"
    assert decode_html(russian.encode("cp1251"), "text/html")[1] == russian
    assert decode_html(russian.encode("cp1251"), "text/html; charset=utf-8")[1] == russian
    japanese = "<html><body><p>日本語のテキストです。これはテストです。</p></body></html>"
    assert decode_html(japanese.encode("shift_jis"), "text/html; charset=shift_jis")[1] == japanese
    mixed = _page().encode("utf-8") + "<p>‘stray’ café</p>".encode("cp1252")  # a widget in another charset
    assert decode_html(mixed, "text/html; charset=utf-8")[1].endswith("<p>‘stray’ café</p>")


def test_binary_bodies_are_told_from_text():
    for name, body in binary_bodies().items():
        assert looks_binary(body), name
    assert looks_binary(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 100)
    for text in (_page().encode(), _page().encode("cp1252"), _page().encode("utf-16"),
                 _page().replace("</p>", "\x00</p>").encode(), b""):
        assert not looks_binary(text)


@pytest.mark.parametrize("name, kind", [
    ("cloudflare_just_a_moment", "challenge"), ("cloudflare_attention_required", "challenge"),
    ("checking_your_browser", "challenge"), ("perimeterx_press_hold", "challenge"),
    ("datadome_captcha", "challenge"), ("distil_pardon_interruption", "challenge"),
    ("akamai_access_denied", "denied"), ("incapsula_request_unsuccessful", "denied"),
    ("consent_before_you_continue", "consent"), ("consent_we_value_privacy", "consent"),
])
@pytest.mark.parametrize("parsed", [False, True], ids=["raw", "parsed"])
def test_walls_are_recognized(name, kind, parsed):
    html = (FIXTURES / "interstitials" / f"{name}.html").read_text(encoding="utf-8")
    assert detect_interstitial(html, _tree(html) if parsed else None) == kind


@pytest.mark.parametrize("path", sorted((FIXTURES / "not_interstitials").glob("*.html")), ids=lambda p: p.stem)
@pytest.mark.parametrize("parsed", [False, True], ids=["raw", "parsed"])
def test_pages_near_a_wall_are_not_walls(path, parsed):
    html = path.read_text(encoding="utf-8")
    assert detect_interstitial(html, _tree(html) if parsed else None) is None


_TEXT_AND_CODE = (
    "<html><head><style>p { color: red }</style></head><body>"
    "<p>Fish &amp;amp; chips, <b>one</b> two</p>{repeat}"
    "<script>var one = 'one two three four five six';</script>one two three four five six"
    "<!-- a comment's words --> after the comment <template>kept out</template>"
    "<noscript>Please enable JavaScript</noscript> tail</body></html>"
)


@pytest.mark.parametrize("limit", [0, 3, 10, 16, 17, 18, 30, 200])
@pytest.mark.parametrize("repeat", [0, 1, 40], ids=lambda n: f"{n}-paragraphs")
def test_readable_words_are_counted_as_the_readable_text_holds_them(limit, repeat):
    # The count skips script, style and template texts by value: a readable text equal to
    # a script's is still counted once, whatever the order.
    html = _TEXT_AND_CODE.replace("{repeat}", "<p>one two three four five six</p>" * repeat)
    body = _tree(html).find("body")
    text = _readable_text(body)
    assert "kept out" not in text and "var one" not in text and "color" not in text
    expected = None if _words(text) > limit else text
    assert _readable_text_within(body, limit) == expected
    if _surely_more_words(body, limit):  # the quick test is never wrong when it says so
        assert expected is None


def _tree(html: str):
    """The page parsed as a spider's response holds it."""
    return Selector(text=html).root


@pytest.mark.skipif(not (DATASET / "evaldata.json").exists(), reason=f"evaluation dataset not found at {DATASET}")
def test_no_real_page_of_the_dataset_is_taken_for_a_wall():
    entries = json.loads((DATASET / "evaldata.json").read_text(encoding="utf-8"))
    flagged, settled = [], 0
    for url, entry in entries.items():
        body = gzip.decompress((DATASET / "html" / f"{entry['file']}.gz").read_bytes())
        _, html = decode_html(body)
        tree = _tree(html)
        if detect_interstitial(html) or detect_interstitial(html, tree):
            flagged.append(url)
        page_body = tree.find("body")
        if page_body is not None and _surely_more_words(page_body, WALL_WORDS):
            assert _readable_text_within(page_body, WALL_WORDS) is None, url
            settled += 1
    assert len(entries) >= 990 and flagged == []
    assert settled > 0.8 * len(entries), "the quick word test settles most real pages"


def _guard(tmp_path, **settings) -> PageGuardMiddleware:
    return PageGuardMiddleware.from_crawler(crawler(tmp_path, **settings))


def _through(guard, body: bytes, content_type: str = "text/html; charset=utf-8", url: str = "https://n.example/a/",
             links: list | None = None):
    """What the guard lets through of a page and a request from it; ``links`` gets what the
    spider, waiting for the page's links, is told."""
    response = HtmlResponse(url, body=body, headers={"Content-Type": content_type}, request=Request(url))
    loop = asyncio.new_event_loop()
    try:
        item = Page(url=url, html=response.text, site="n.example", fetched_at="", links=loop.create_future())
        output = list(guard.process_spider_output(response, [item, Request(url + "next/")]))
        if links is not None and item.links.done():
            links.append(item.links.result())
        return output
    finally:
        loop.close()


def test_guard_skips_binary_and_oversized_pages(tmp_path):
    guard = _guard(tmp_path, NEWSBOT_MAX_ARTICLE_BYTES=100_000)
    told = []
    assert _through(guard, binary_bodies()["report"], links=told) == [], "nor are links read from binary data"
    assert told == [NO_LINKS], "the spider is told there are none"
    told.clear()
    assert [type(o) for o in _through(guard, b"<html><body>" + b"<p>word</p>" * 20_000, links=told)] == [Request]
    assert told == [None], "an oversized page's links are read by the spider itself"
    told.clear()
    wall = (FIXTURES / "interstitials" / "cloudflare_just_a_moment.html").read_bytes()
    assert [type(o) for o in _through(guard, wall, links=told)] == [Page, Request], "walls are told in cleaning"
    assert told == [], "a page that goes on to cleaning gets its links from there"
    stats = guard.crawler.stats
    assert stats.get_value("newsbot/skipped/binary") == 1
    assert stats.get_value("newsbot/skipped/too_big") == 1
    assert stats.get_value("newsbot/site/n.example/html_pages") == 3


def test_guard_corrects_the_decoding_of_lying_pages(tmp_path):
    guard = _guard(tmp_path)
    content_type, body = CHARSET_LIES["header says utf-8, body is windows-1252"]
    page, _ = _through(guard, body, content_type)
    assert MARK in page.html
    assert guard.crawler.stats.get_value("newsbot/encoding/corrected") == 1


@pytest.mark.parametrize(("pattern", "anchor"), [
    (r"please enable (javascript and )?cookies", "please enable "),
    (r"verify(ing)? you are (a )?human", " you are "),
    (r"request unsuccessful\. incapsula", "request unsuccessful"),
    (r"the owner of this website \([^)]*\) has banned", "the owner of this website "),
    (r"colou?r", "colo"),
    (r"yes|no", ""),
])
def test_the_anchor_of_a_phrase_is_in_every_match(pattern, anchor) -> None:
    # The page is searched for a phrase only when it holds the phrase's anchor.
    assert phrase_anchor(pattern) == anchor
