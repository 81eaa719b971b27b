"""The bundled demo news site: content, pages, feeds, sitemaps and the HTTP server."""

from __future__ import annotations

import gzip
import json
import math
import os
import random
import re
import select
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import etree
from lxml import html as lxml_html

from newsbot.demo import DemoCopy, DemoSite, start_server
from newsbot.demo.boilerplate import BROKEN_TEXT, VARIANT_LABELS
from newsbot.demo.content import build_articles
from newsbot.demo.server import DemoServer
from newsbot.demo.story_templates import CLOSERS, FRAMES, GENERIC, QUOTE_LINES, SUBHEADINGS, UPDATES
from newsbot.demo.storygen import MAX_TOWNS, TOWN_CAPACITY, TOWN_STRIDE, P, town_for, word_count

ROOT = Path(__file__).resolve().parent.parent
SEED_DIR = ROOT / "tests" / "fixtures" / "seed"
TRACKING_RE = re.compile(r"(^|&)(utm_\w+|fbclid|gclid)=")
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
SEED_TITLE = ("Taliban who ‘fought against Daesh’ rejects Iran claim that ISIL leaders were sent "
              "to Afghanistan")
BASE = "http://127.0.0.1:8000"
STRAIGHT = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


@pytest.fixture(scope="module")
def site() -> DemoSite:
    return DemoSite()


@pytest.fixture(scope="module")
def large_site() -> DemoSite:
    return DemoSite(n_articles=2000, copies=0)


@pytest.fixture(scope="module")
def copy_site() -> DemoSite:
    return DemoSite(copies=4)


@pytest.fixture(scope="module")
def second_edition() -> DemoSite:
    return DemoSite(edition=2)


def squash(text: str) -> str:
    return " ".join(text.split())


def page_text(response) -> str:
    return squash(lxml_html.fromstring(response.text).text_content())


def links(response) -> list[str]:
    return lxml_html.fromstring(response.text).xpath("//a/@href")


def html_pages(site: DemoSite) -> list[str]:
    return [*site.listing_paths(), *site.static_paths(), *(a.url_path for a in site.articles)]


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+|(?<=[.!?]”)\s+", text) if s]


def shingles(text: str, size: int = 3) -> set[tuple[str, ...]]:
    """Word ``size``-shingles, as a MinHash near-duplicate detector would hash them."""
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + size]) for i in range(len(words) - size + 1)}


def jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b)


def head_of(response) -> dict:
    """Canonical URL, meta tags and JSON-LD NewsArticle nodes of an HTML page."""
    tree = lxml_html.fromstring(response.text)
    ld = [json.loads(s) for s in tree.xpath("//script[@type='application/ld+json']/text()")]
    return {
        "canonical": tree.xpath("//link[@rel='canonical']/@href"),
        "amphtml": tree.xpath("//link[@rel='amphtml']/@href"),
        "meta": {m.get("property") or m.get("name"): m.get("content") for m in tree.xpath("//meta")},
        "news": [n for data in ld for n in data.get("@graph", [data]) if n.get("@type") == "NewsArticle"],
    }


# --- content -------------------------------------------------------------------------------

def test_default_site_has_enough_varied_articles(site):
    articles = site.articles
    assert len(articles) >= 40
    assert len({a.url_path for a in articles}) == len(articles)
    assert len({a.title for a in articles}) == len(articles)
    assert len({a.section for a in articles}) == 5
    assert len({name for a in articles for name in a.authors}) >= 6
    assert all(a.authors and a.tags and a.blocks for a in articles)
    assert any(a.modified for a in articles) and any(not a.modified for a in articles)
    published = [datetime.fromisoformat(a.published) for a in articles]
    assert all(moment.tzinfo is not None for moment in published)
    assert published == sorted(published, reverse=True), "newest first"
    assert (published[0] - published[-1]).days > 60, "spread over several months"
    assert any(a.url_path.endswith(".html") for a in articles), "some URLs are not date-shaped"
    assert sum(re.match(r"/\d{4}/\d{2}/\d{2}/", a.url_path) is not None for a in articles) > 30


def test_generated_paragraphs_have_news_shape(site):
    for article in site.articles:
        paragraphs = [b for b, k in zip(article.blocks, article.block_kinds)
                      if k == P and not b.endswith(":")]
        assert 5 <= len(paragraphs) <= 12, article.title
        if article.charset == "utf-8" and article.title != SEED_TITLE:
            assert all(25 <= word_count(p) <= 80 for p in paragraphs), article.title
    kinds = {kind for a in site.articles for kind in a.block_kinds}
    assert kinds == {"p", "li", "h2", "quote"}


def test_seed_story_is_the_fixture_story(site):
    (seed,) = [a for a in site.articles if a.title == SEED_TITLE]
    expected = (SEED_DIR / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert seed.blocks == expected
    assert seed.block_kinds[:4] == ["li", "li", "li", "p"]
    added = seed.blocks.index("He added:")
    assert seed.block_kinds[added + 1] == "quote"
    assert seed.blocks[added + 1] == "This is one of the challenges facing the Taliban."


def test_stories_never_share_a_sentence(large_site):
    seen: dict[str, str] = {}
    for article in large_site.articles:
        for block in article.blocks:
            for sentence in sentences(block):
                assert seen.setdefault(sentence, article.url_path) == article.url_path, sentence


def test_every_template_names_the_story_town():
    frames = FRAMES.values()
    templates = [*GENERIC, *CLOSERS, *SUBHEADINGS, *UPDATES]
    for frame in frames:
        templates += [*frame.details, *frame.quotes, frame.intro]
        for topic in frame.topics:
            templates += [topic.headline, topic.lede, *topic.key_points, topic.intro or "{town}"]
    assert all("{town}" in t or "{org}" in t for t in templates)
    assert all("{quote}" in line and "{surname}" in line for line in QUOTE_LINES)


def test_towns_are_distinct_for_every_story_key():
    assert math.gcd(TOWN_STRIDE, TOWN_CAPACITY) == 1
    assert len({town_for(key) for key in range(TOWN_CAPACITY)}) == TOWN_CAPACITY >= 2003
    towns = [town_for(key) for key in range(MAX_TOWNS)]
    assert len(set(towns)) == MAX_TOWNS >= 20_003, "big benchmark sites keep one town per story"
    assert all(re.fullmatch(r"[A-Z][a-z]+", town) for town in towns), "one word each"
    assert town_for(MAX_TOWNS) == town_for(0), "then they wrap"


def test_output_is_deterministic(site):
    again = DemoSite()
    for path in ["/", site.articles[0].url_path, "/feed/", "/sitemap-posts-archive.xml.gz"]:
        assert again.handle(path).body == site.handle(path).body


# --- pages ---------------------------------------------------------------------------------

def test_every_article_page_shows_its_blocks(site):
    for article in site.articles:
        response = site.handle(article.url_path)
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/html")
        text = page_text(response)
        missing = [b for b in article.blocks if squash(b) not in text]
        assert not missing, (article.url_path, missing[:2])


def test_article_metadata(site):
    with_ld = [a for a in site.articles if a.json_ld]
    without_ld = [a for a in site.articles if not a.json_ld]
    assert with_ld and without_ld
    for article in (with_ld[0], with_ld[1], without_ld[0]):
        tree = lxml_html.fromstring(site.handle(article.url_path).text)
        meta = {m.get("property") or m.get("name"): m.get("content") for m in tree.xpath("//meta")}
        assert tree.xpath("//html/@lang") == ["en"]
        assert tree.xpath("//link[@rel='canonical']/@href") == ["http://127.0.0.1:8000" + article.url_path]
        assert meta["og:type"] == "article" and meta["og:title"] == article.title
        assert meta["article:published_time"] == article.published
        assert meta["article:section"] == article.section and meta["author"] == ", ".join(article.authors)
        assert {"og:url", "og:image", "og:site_name", "og:description"} <= set(meta)
        ld = [json.loads(s) for s in tree.xpath("//script[@type='application/ld+json']/text()")]
        nodes = [n for data in ld for n in data.get("@graph", [data]) if n.get("@type") == "NewsArticle"]
        assert len(nodes) == (1 if article.json_ld else 0)
        if nodes:
            assert nodes[0]["headline"] == article.title
            assert nodes[0]["datePublished"] == article.published
            assert [p["name"] for p in nodes[0]["author"]] == article.authors


def test_listing_pages_render_and_never_claim_to_be_articles(site):
    paths = site.listing_paths()
    assert "/" in paths and "/page/2/" in paths and any(p.startswith("/?s=") for p in paths)
    assert {p.split("/")[1] for p in paths if p.count("/") > 2} >= {"section", "author", "tag", "page"}
    assert not set(paths) & {a.url_path for a in site.articles}
    for path in paths + site.static_paths():
        response = site.handle(path)
        assert response.status == 200, path
        assert "NewsArticle" not in response.text, path
        assert '<meta property="og:type" content="website">' in response.text, path


def test_snippets_are_never_part_of_an_article_body():
    for variant in (DemoSite(), DemoSite(edition=2), DemoSite(edition=3, copies=12)):
        snippets = variant.boilerplate_snippets()
        assert {"Leave a Reply", "Related Posts", "Share this:", "Advertisement", "READ |",
                "Also read:", *VARIANT_LABELS} <= set(snippets)
        assert all(s.endswith("…") for s in (a.excerpt for a in [*variant.articles, *variant.copies]))
        assert {c.excerpt for c in variant.copies} <= set(snippets)
        for article in [*variant.articles, *variant.copies]:
            for body in ("\n".join(article.blocks), " ".join(article.blocks)):
                leaked = [s for s in snippets if s in body]
                assert not leaked, (article.url_path, leaked)


def test_snippets_do_appear_on_article_pages(site):
    snippets = site.boilerplate_snippets()
    texts = [page_text(site.handle(a.url_path)) for a in site.articles]
    for label in ("Leave a Reply", "Related Posts", "Share this:", "Print | Email | Share",
                  "READ |", "Also read:", "About the author", "Your email address will not be published."):
        assert all(label in text for text in texts), label
    found = {s for s in snippets for text in texts if s in text}
    assert len(found) > len(snippets) * 0.8
    assert any("All rights reserved." in s and "Northgate" not in s for s in found), "wire copyright"


def test_boxes_sit_inside_or_outside_the_content_container(site):
    inside = [a for a in site.articles if a.boxes_inside]
    outside = [a for a in site.articles if not a.boxes_inside]
    assert len(inside) >= 12 and len(outside) >= 12
    for article, expect_inside in ((inside[0], True), (outside[0], False)):
        tree = lxml_html.fromstring(site.handle(article.url_path).text)
        (content,) = tree.xpath("//div[@class='entry-content']")
        text = squash(content.text_content())
        for label in ("Related Posts", "Leave a Reply", "Share this:", "The Morning Briefing"):
            assert (label in text) == expect_inside, (label, article.url_path)
        assert ("related-posts" in str(etree.tostring(content))) is False


def test_windows_1252_article_shows_mojibake_if_decoded_wrongly(site):
    (article,) = [a for a in site.articles if a.charset != "utf-8"]
    response = site.handle(article.url_path)
    assert response.headers["Content-Type"] == "text/html; charset=windows-1252"
    assert b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">' in response.body
    with pytest.raises(UnicodeDecodeError):
        response.body.decode("utf-8")
    text = response.body.decode("windows-1252")
    assert all(ch in text for ch in "€éÉœ“”’")
    assert all(ch in "".join(article.blocks) for ch in "€é“’")
    assert all(squash(b) in page_text(response) for b in article.blocks)


def test_tracking_only_articles_are_only_linked_with_tracking_parameters(site):
    hrefs = [href for path in html_pages(site) for href in links(site.handle(path))]
    by_path: dict[str, list[str]] = {}
    for href in hrefs:
        parts = urlsplit(href)
        if parts.path in site.catalogue.by_path and parts.netloc in ("", "127.0.0.1:8000"):
            by_path.setdefault(parts.path, []).append(parts.query)
    hidden = [a for a in site.articles if a.tracking_only]
    assert len(hidden) >= 2
    for article in hidden:
        assert by_path[article.url_path], article.url_path
        assert all(TRACKING_RE.search(query) for query in by_path[article.url_path]), article.url_path
    mixed = [p for p, queries in by_path.items() if "" in queries and any(queries)]
    assert len(mixed) > 10, "articles linked both with and without tracking parameters"
    for name in ("utm_source=", "fbclid=", "gclid="):
        assert any(name in href for href in hrefs), name


def test_robots_sitemap_and_disallowed_links(site):
    robots = site.handle("/robots.txt").text
    assert "Disallow: /private/" in robots
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in robots
    assert any("/private/" in href for href in links(site.handle("/")))
    assert site.handle("/private/login/").status == 200


def test_redirects_not_found_and_files(site):
    article = site.articles[5]
    assert site.handle(f"/?p={article.post_id}").headers["Location"].endswith(article.url_path)
    first = site.handle(f"/go/{article.post_id}/")
    assert first.status == 301 and first.headers["Location"].endswith(f"/?p={article.post_id}")
    second = site.handle(first.headers["Location"].removeprefix("http://127.0.0.1:8000"))
    assert second.status == 301 and second.headers["Location"] == "http://127.0.0.1:8000" + article.url_path
    dated = next(a for a in site.articles if a.url_path.endswith("/"))
    assert site.handle(dated.url_path.rstrip("/")).status == 301
    assert site.handle("/no/such/page/").status == 404
    assert site.handle("/?p=99999").status == 404
    assert site.handle("/page/1/").status == 301
    with_pdf = next(a for a in site.articles if a.attachment_path)
    assert with_pdf.attachment_path in " ".join(links(site.handle(with_pdf.url_path)))
    pdf = site.handle(with_pdf.attachment_path)
    assert pdf.headers["Content-Type"] == "application/pdf" and pdf.body.startswith(b"%PDF-")
    image = site.handle(article.image_path)
    assert image.headers["Content-Type"] == "image/png" and image.body.startswith(b"\x89PNG")


def test_conditional_requests_on_article_pages(site):
    path = site.articles[2].url_path
    first = site.handle(path)
    etag, last_modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert site.handle(path, headers={"If-None-Match": etag}).status == 304
    assert site.handle(path, headers={"If-Modified-Since": last_modified}).status == 304
    assert site.handle(path, headers={"If-Modified-Since": "Mon, 01 Jan 2024 00:00:00 GMT"}).status == 200
    assert site.handle(path, headers={"If-None-Match": 'W/"other"'}).status == 200


def test_links_use_the_base_url_of_the_request(site):
    response = site.handle(site.articles[0].url_path, base_url="http://news.test:8123")
    absolute = [h for h in links(response) if h.startswith("http")]
    internal = [h for h in absolute if urlsplit(h).netloc == "news.test:8123"]
    assert len(internal) > 20
    assert "127.0.0.1" not in response.text


def test_broken_site_serves_article_pages_without_body():
    broken = DemoSite(broken=True)
    for article in broken.articles[:10]:
        text = page_text(broken.handle(article.url_path))
        assert BROKEN_TEXT in text and article.title in text
        assert not [b for b in article.blocks if squash(b) in text]
    assert broken.handle("/").status == 200


# --- feeds and sitemaps --------------------------------------------------------------------

def sitemap_locs(site: DemoSite, path: str) -> list[str]:
    response = site.handle(path)
    assert response.status == 200, path
    body = gzip.decompress(response.body) if path.endswith(".gz") else response.body
    return etree.fromstring(body).xpath("//sm:loc/text()", namespaces=SITEMAP_NS)


def test_sitemaps_list_every_article(site):
    children = sitemap_locs(site, "/sitemap.xml")
    assert len(children) >= 3 and any(c.endswith(".xml.gz") for c in children)
    gz = site.handle("/sitemap-posts-archive.xml.gz")
    assert gz.headers["Content-Type"] == "application/x-gzip" and gz.body[:2] == b"\x1f\x8b"
    listed = {urlsplit(loc).path for child in children for loc in sitemap_locs(site, urlsplit(child).path)}
    assert {a.url_path for a in site.articles} <= listed
    news = site.handle("/news-sitemap.xml").body
    assert b"http://www.google.com/schemas/sitemap-news/0.9" in news
    assert len(etree.fromstring(news).xpath("//sm:url", namespaces=SITEMAP_NS)) == 20


def test_rss_and_atom_feeds(site):
    assert '<link rel="alternate" type="application/rss+xml"' in site.handle("/section/sport/").text
    rss = etree.fromstring(site.handle("/feed/").body)
    items = rss.xpath("/rss/channel/item")
    assert rss.get("version") == "2.0" and len(items) == 20
    assert [i.findtext("title") for i in items] == [a.title for a in site.articles[:20]]
    assert all("utm_source=rss" in i.findtext("link") for i in items)
    atom = etree.fromstring(site.handle("/section/sport/feed/atom/").body)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = atom.xpath("//a:entry/a:title/text()", namespaces=ns)
    sport = [a.title for a in site.articles if a.section == "Sport"]
    assert titles == sport[:20] and titles
    assert '/section/sport/feed/atom/"' in site.handle("/section/sport/").text


def test_edition_two_puts_three_new_stories_on_top(site, second_edition):
    second = second_edition
    new = second.articles[:3]
    old = {a.url_path: a for a in site.articles}
    assert len(second.articles) == len(site.articles) + 3
    assert not {a.url_path for a in new} & set(old)
    assert [a.url_path for a in second.articles[3:]] == [a.url_path for a in site.articles]
    unchanged = [a for a in second.articles[3:] if a.url_path not in second.updated_paths()]
    assert len(unchanged) == len(site.articles) - 2
    assert all(old[a.url_path] == a for a in unchanged)
    front = page_text(second.handle("/"))
    assert all(a.title in front for a in new)
    rss = etree.fromstring(second.handle("/feed/").body)
    assert rss.xpath("/rss/channel/item/title/text()")[:3] == [a.title for a in new]
    posts = {urlsplit(loc).path for loc in sitemap_locs(second, "/sitemap-posts.xml")}
    assert {a.url_path for a in new} <= posts


def test_large_site_serves_its_pages(large_site):
    assert len(large_site.articles) == 2000
    for article in large_site.articles[::397]:
        assert large_site.handle(article.url_path).status == 200
    last_page = max(int(p.split("/")[2]) for p in large_site.listing_paths() if p.startswith("/page/"))
    assert last_page == 200 and large_site.handle(f"/page/{last_page}/").status == 200
    assert len(sitemap_locs(large_site, "/sitemap-posts-archive.xml.gz")) == 1000


# --- wire copies ---------------------------------------------------------------------------

def test_copies_leave_the_articles_alone(site, copy_site):
    plain = DemoSite(copies=0)
    assert plain.copies == [] and len(site.copies) == len(copy_site.copies) == 4
    assert copy_site.articles == plain.articles
    assert all(isinstance(c, DemoCopy) for c in copy_site.copies)
    assert DemoSite(edition=2, copies=4).copies == copy_site.copies, "the same in every edition"
    assert DemoSite(copies=6).copies[:4] == copy_site.copies, "more copies extend the list"


def test_each_copy_rewrites_one_existing_story(copy_site):
    originals = {a.url_path: a for a in copy_site.articles}
    assert len({c.original_path for c in copy_site.copies}) == len(copy_site.copies)
    assert {c.wire_service for c in copy_site.copies} == {"Continental Wire", "Meridian Press Agency"}
    changes = set()
    for copy in copy_site.copies:
        original = originals[copy.original_path]
        assert re.fullmatch(rf"/wire/[a-z0-9-]+-{copy.post_id}/", copy.url_path)
        assert copy.url_path not in originals and copy.post_id not in {a.post_id for a in originals.values()}
        assert copy.title != original.title and original.title in copy.title
        assert copy.section == original.section and copy.authors == [copy.wire_service]
        assert datetime.fromisoformat(copy.published) > datetime.fromisoformat(original.published)
        # the credit line is a paragraph of its own, naming the wire service
        assert copy.credit in copy.blocks and copy.block_kinds[copy.blocks.index(copy.credit)] == "p"
        assert copy.wire_service in copy.credit and "published by" in copy.credit
        assert copy.credit not in original.text
        # curly quotes became straight ones
        assert "“" in original.text and not {"“", "”", "‘", "’"} & set(copy.text) and '"' in copy.text
        # and exactly one paragraph was dropped or added
        body = [b for b in copy.blocks if b != copy.credit]
        straight = [b.translate(STRAIGHT) for b in original.blocks]
        dropped, added = set(straight) - set(body), set(body) - set(straight)
        assert len(dropped) + len(added) == 1, copy.url_path
        assert len(body) == len(straight) + (1 if added else -1)
        changes.add("added" if added else "dropped")
    assert changes == {"added", "dropped"}


def test_copies_are_near_duplicates_of_their_original_only(copy_site):
    originals = {a.url_path: a for a in copy_site.articles}
    for copy in copy_site.copies:
        mine = shingles(copy.text)
        assert jaccard(mine, shingles(originals[copy.original_path].text)) >= 0.7, copy.url_path
        others = [a for a in copy_site.articles if a.url_path != copy.original_path]
        assert max(jaccard(mine, shingles(a.text)) for a in others) < 0.5, copy.url_path


def test_copy_pages_are_articles_of_their_own(copy_site):
    for copy in copy_site.copies:
        response = copy_site.handle(copy.url_path)
        assert response.status == 200
        head = head_of(response)
        assert head["canonical"] == [BASE + copy.url_path], "its own canonical, not the original's"
        assert head["meta"]["og:type"] == "article" and head["meta"]["og:title"] == copy.title
        assert head["meta"]["og:url"] == BASE + copy.url_path
        (news,) = head["news"]
        assert news["headline"] == copy.title and news["datePublished"] == copy.published
        assert [a["name"] for a in news["author"]] == [copy.wire_service]
        text = page_text(response)
        assert all(squash(b) in text for b in copy.blocks)
        assert copy.original_path not in response.text, "nothing points at the original"
        redirect = copy_site.handle(f"/?p={copy.post_id}")
        assert redirect.status == 301 and redirect.headers["Location"] == BASE + copy.url_path


def test_copies_are_listed_like_articles(copy_site):
    linked = {urlsplit(h).path for p in copy_site.listing_paths() for h in links(copy_site.handle(p))}
    children = sitemap_locs(copy_site, "/sitemap.xml")
    in_sitemaps = {urlsplit(loc).path for child in children
                   for loc in sitemap_locs(copy_site, urlsplit(child).path)}
    front = [h for p in copy_site.listing_paths() if p == "/" or p.startswith("/page/")
             for h in links(copy_site.handle(p))]
    for copy in copy_site.copies:
        assert copy.url_path in linked and copy.url_path in in_sitemaps
        assert BASE + copy.url_path in front
        section = [h for p in copy_site.listing_paths() if p.startswith(f"/section/{copy.section_slug}/")
                   for h in links(copy_site.handle(p))]
        assert BASE + copy.url_path in section
    assert {a.url_path for a in copy_site.articles} <= in_sitemaps
    rss = copy_site.handle("/feed/").text
    assert not any(copy.url_path in rss for copy in copy_site.copies), "feeds list articles only"


# --- AMP and print pages -------------------------------------------------------------------

def test_some_articles_have_amp_and_print_pages(site):
    pairs = site.variant_paths()
    articles = {a.url_path: a for a in site.articles}
    amp = [v for v, _ in pairs if v.endswith("/amp/")]
    printed = [v for v, _ in pairs if "print" in v]
    assert len(amp) >= 3 and len(printed) >= 3 and len(pairs) == len(amp) + len(printed)
    assert any(v.endswith("?print=1") for v in printed) and any(v.endswith("/print/") for v in printed)
    assert 3 <= len({a for _, a in pairs}) <= len(site.articles) // 3, "a few articles"
    for variant, path in pairs:
        article = articles[path]
        assert variant.startswith(path) and variant in (article.amp_path, article.print_path)
        assert article.charset == "utf-8" and not article.tracking_only
    assert not {v for v, _ in pairs} & set(site.listing_paths())


def test_variant_pages_fold_into_their_article(site):
    articles = {a.url_path: a for a in site.articles}
    for variant, path in site.variant_paths():
        article = articles[path]
        response = site.handle(variant)
        assert response.status == 200, variant
        head = head_of(response)
        assert head["canonical"] == [BASE + path], variant
        assert head["meta"]["og:url"] == BASE + path and head["meta"]["og:title"] == article.title
        assert head["meta"]["article:published_time"] == article.published
        assert len(head["news"]) == (1 if article.json_ld else 0)
        assert not head["amphtml"]
        text = page_text(response)
        assert all(squash(b) in text for b in article.blocks), variant
        assert article.title in text and all(name in text for name in article.authors)
        for label in ("Leave a Reply", "Related Posts", "Advertisement", "Most read"):
            assert label not in text, (variant, label)
        if variant.endswith("/amp/"):
            assert "<html amp" in response.text and "<amp-img " in response.text
            assert {"Back to top", "View full site"} <= {s for s in VARIANT_LABELS if s in text}
        else:
            assert head["meta"]["robots"] == "noindex, follow"
            assert {"Back to article", "Print this page", "Printed from The Northgate Herald"} <= {
                s for s in VARIANT_LABELS if s in text}


def test_articles_link_their_variants(site):
    for article in site.articles:
        response = site.handle(article.url_path)
        assert head_of(response)["amphtml"] == ([BASE + article.amp_path] if article.amp_path else [])
        tools = lxml_html.fromstring(response.text).xpath("//div[@class='article-tools']/a")
        assert tools[0].text == "Print"
        assert tools[0].get("href") == (BASE + article.print_path if article.print_path else "#")
    plain = next(a for a in site.articles if a.print_path is None and a.charset == "utf-8")
    assert site.handle(plain.url_path + "?print=1").body == site.handle(plain.url_path).body
    printed = next(a for a in site.articles if (a.print_path or "").endswith("?print=1"))
    with_tracking = site.handle(printed.url_path + "?utm_source=x&print=1")
    assert with_tracking.body == site.handle(printed.print_path).body
    assert site.handle(next(a.url_path for a in site.articles if not a.amp_path and
                            a.url_path.endswith("/")) + "amp/").status == 404


# --- updated articles and conditional requests ---------------------------------------------

def test_edition_two_updates_two_older_articles(site, second_edition):
    assert site.updated_paths() == []
    updated = second_edition.updated_paths()
    assert len(updated) == 2
    before = {a.url_path: a for a in site.articles}
    after = {a.url_path: a for a in second_edition.articles}
    for path in updated:
        old, new = before[path], after[path]
        assert new.title == old.title and new.published == old.published and new.excerpt == old.excerpt
        assert len(new.blocks) == len(old.blocks) + 1
        (added,) = [b for b in new.blocks if b not in old.blocks]
        assert new.block_kinds[new.blocks.index(added)] == "p" and 25 <= word_count(added) <= 80
        assert [b for b in new.blocks if b != added] == old.blocks
        assert datetime.fromisoformat(new.modified) > datetime.fromisoformat(old.last_modified)
    third = DemoSite(edition=3)
    assert len(third.updated_paths()) == 2 and not set(third.updated_paths()) & set(updated)
    assert all({a.url_path: a for a in third.articles}[p] == after[p] for p in updated), "updates stay"


def test_updated_article_pages_show_the_new_revision(site, second_edition):
    for path in second_edition.updated_paths():
        article = next(a for a in second_edition.articles if a.url_path == path)
        old = site.handle(path)
        new = second_edition.handle(path)
        assert new.status == 200
        head = head_of(new)
        assert head["meta"]["article:modified_time"] == article.modified
        assert all(n["dateModified"] == article.modified for n in head["news"])
        assert squash(article.blocks[article.block_kinds.index("p") + 1]) in page_text(new)
        assert new.headers["ETag"] != old.headers["ETag"]
        assert (parsedate_to_datetime(new.headers["Last-Modified"])
                > parsedate_to_datetime(old.headers["Last-Modified"]))
        for validators in ({"If-None-Match": old.headers["ETag"]},
                           {"If-Modified-Since": old.headers["Last-Modified"]}):
            assert second_edition.handle(path, headers=validators).status == 200, validators
        assert second_edition.handle(path, headers={"If-None-Match": new.headers["ETag"]}).status == 304


def test_unchanged_pages_answer_304_in_the_next_edition(site, copy_site, second_edition):
    updated = set(second_edition.updated_paths())
    unchanged = [a.url_path for a in site.articles if a.url_path not in updated]
    pages = [*unchanged[::5], *(v for v, _ in site.variant_paths())]
    for path in pages:
        old = site.handle(path)
        for validators in ({"If-None-Match": old.headers["ETag"]},
                           {"If-Modified-Since": old.headers["Last-Modified"]},
                           {"If-None-Match": f'W/"stale", {old.headers["ETag"]}'}):
            response = second_edition.handle(path, headers=validators)
            assert response.status == 304 and response.body == b"", (path, validators)
            assert response.headers["ETag"] == old.headers["ETag"]
        assert second_edition.handle(path, headers={"If-None-Match": 'W/"stale"'}).status == 200
    copy = copy_site.copies[0]
    etag = copy_site.handle(copy.url_path).headers["ETag"]
    assert DemoSite(edition=2, copies=4).handle(copy.url_path, headers={"If-None-Match": etag}).status == 304
    etags = {site.handle(p).headers["ETag"] for pair in site.variant_paths() for p in pair}
    assert len(etags) == len({p for pair in site.variant_paths() for p in pair}), "one ETag per page"


def test_sitemaps_date_updated_articles(site, second_edition):
    def lastmods(demo: DemoSite) -> dict[str, str]:
        found = {}
        for child in ("/sitemap-posts.xml", "/sitemap-posts-archive.xml.gz"):
            response = demo.handle(child)
            body = gzip.decompress(response.body) if child.endswith(".gz") else response.body
            for url in etree.fromstring(body).xpath("//sm:url", namespaces=SITEMAP_NS):
                found[urlsplit(url.findtext("sm:loc", namespaces=SITEMAP_NS)).path] = url.findtext(
                    "sm:lastmod", namespaces=SITEMAP_NS)
        return found

    before, after = lastmods(site), lastmods(second_edition)
    updated = set(second_edition.updated_paths())
    for path, lastmod in before.items():
        if path in updated:
            assert datetime.fromisoformat(after[path]) > datetime.fromisoformat(lastmod)
        else:
            assert after[path] == lastmod
    index = etree.fromstring(second_edition.handle("/sitemap.xml").body)
    newest = max(datetime.fromisoformat(a.last_modified) for a in second_edition.articles)
    dates = [datetime.fromisoformat(d) for d in index.xpath("//sm:lastmod/text()", namespaces=SITEMAP_NS)]
    assert max(dates) == newest


# --- big sites -----------------------------------------------------------------------------

def test_generated_stories_are_not_near_duplicates_of_each_other():
    articles = DemoSite(n_articles=5000).articles
    sets = {a.url_path: shingles(a.text) for a in articles}
    rng = random.Random(7)
    pairs = [rng.sample(articles, 2) for _ in range(300)]
    # the hardest pairs: same section and topic (same headline template), same base town
    by_topic: dict[tuple, list] = {}
    for article in articles:
        by_topic.setdefault((article.section, *article.tags[:2]), []).append(article)
    groups = [group for group in by_topic.values() if len(group) > 1]
    pairs += [rng.sample(group, 2) for group in rng.choices(groups, k=300)]
    by_key = {a.post_id - 1001: a for a in articles}
    pairs += [(by_key[k], by_key[k + TOWN_CAPACITY]) for k in range(0, 5000 - TOWN_CAPACITY, 25)]
    scores = [jaccard(sets[a.url_path], sets[b.url_path]) for a, b in pairs]
    assert max(scores[:300]) < 0.5 and max(scores) < 0.5, max(scores)


def test_twenty_thousand_stories_are_distinct_and_served():
    huge = DemoSite(n_articles=20_000, copies=50)
    assert len(huge.articles) == 20_000 and len(huge.copies) == 50
    assert len({a.url_path for a in huge.articles}) == len({a.title for a in huge.articles}) == 20_000
    for path in ["/", "/page/2001/", huge.articles[-1].url_path, huge.copies[-1].url_path, "/sitemap.xml"]:
        assert huge.handle(path).status == 200, path


# --- the server ----------------------------------------------------------------------------

def test_in_process_server_answers_over_http(site):
    server, base_url = start_server(site)
    try:
        with urllib.request.urlopen(base_url + "/") as response:
            body = response.read().decode("utf-8")
        assert response.status == 200 and f'href="{base_url}/section/world/"' in body
        request = urllib.request.Request(base_url + "/feed/", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request) as response:
            assert response.headers["Content-Encoding"] == "gzip"
            assert etree.fromstring(gzip.decompress(response.read())).tag == "rss"
        head = urllib.request.Request(base_url + site.articles[0].url_path, method="HEAD")
        with urllib.request.urlopen(head) as response:
            assert int(response.headers["Content-Length"]) > 1000 and response.read() == b""
            etag = response.headers["ETag"]
        again = urllib.request.Request(base_url + site.articles[0].url_path, headers={"If-None-Match": etag})
        with pytest.raises(urllib.error.HTTPError) as not_modified:
            urllib.request.urlopen(again)
        assert not_modified.value.code == 304
    finally:
        server.stop()


def test_a_burst_of_connections_is_taken_while_the_server_is_busy(site):
    """A crawl opens 32 connections at once; a server slow to accept them (its threads
    busy rendering) must not drop their handshakes, which the client retries after 1, 2,
    4 ... seconds."""
    server = DemoServer(("127.0.0.1", 0), site)  # listening, but accepting nothing yet
    clients = [socket.socket() for _ in range(64)]
    try:
        for client in clients:
            client.setblocking(False)
            client.connect_ex(server.server_address)
        deadline, waiting = time.monotonic() + 0.9, set(clients)
        while waiting and time.monotonic() < deadline:
            _, connected, _ = select.select([], list(waiting), [], 0.1)
            waiting -= set(connected)
        assert not waiting, f"{len(waiting)} of 64 handshakes not completed"
    finally:
        for client in clients:
            client.close()
        server.server_close()


def test_prerendered_pages_are_the_pages_the_site_renders():
    furnished = DemoSite(n_articles=12, furnished=True)
    server, base_url = start_server(furnished, prerender=True)
    paths = ["/", furnished.articles[0].url_path, furnished.copies[0].url_path, "/sitemap.xml"]
    try:
        assert set(paths) <= set(server.rendered)
        for path in paths:
            gzipped = urllib.request.Request(base_url + path, headers={"Accept-Encoding": "gzip"})
            with urllib.request.urlopen(gzipped) as response:  # from the prerendered pages
                served, headers = gzip.decompress(response.read()), dict(response.headers)
            with urllib.request.urlopen(base_url + path) as response:  # rendered for the request
                rendered = response.read()
            assert served == rendered, path
            assert headers["Content-Encoding"] == "gzip" and headers["Vary"] == "Accept-Encoding"
            for name in ("Content-Type", "ETag", "Last-Modified"):
                assert headers.get(name) == response.headers.get(name), (path, name)
    finally:
        server.stop()


def test_server_module_prints_its_url_and_serves():
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.Popen([sys.executable, "-m", "newsbot.demo.server", "--port", "0", "--articles", "12"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)
    try:
        line = proc.stdout.readline()
        match = re.fullmatch(r"Demo site at (http://127\.0\.0\.1:\d+/)\n", line)
        assert match, line
        with urllib.request.urlopen(match.group(1) + "robots.txt") as response:
            assert b"Sitemap:" in response.read()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert proc.returncode == 0
    assert proc.stderr.read() == "", "quiet: no access log, no warnings"


def test_every_article_has_a_url_of_its_own_on_a_large_site():
    # Among 30,000 generated stories two share a title and a day; the later gets its own slug.
    articles = build_articles(30_000)
    assert len({a.url_path for a in articles}) == len(articles)
