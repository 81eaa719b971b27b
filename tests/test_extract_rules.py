"""Unit tests of the extraction package: one group per rule family, classification,
metadata, decoding and robustness. Pages here are a few lines of HTML each."""

from __future__ import annotations

import dataclasses
import re

import pytest
from lxml import etree
from lxml import html as lxml_html
from lxml.html import HtmlElement
from trafilatura import load_html

from newsbot.extract import ExtractOptions, SiteModel, explain_article, extract_article, extract_body, read_page
from newsbot.extract.blockfilter import BlockContext, filter_blocks
from newsbot.extract.blocks import Block, join_blocks, render_blocks
from newsbot.extract.boilerplate import clean_dom
from newsbot.extract.classify import PageStats, Signals, classify, may_be_article
from newsbot.extract.decisions import Recorder
from newsbot.extract.dom import TreeIndex
from newsbot.extract.metadata import iso_date, read_metadata, strip_site_name
from newsbot.extract.parse import parse_html
from newsbot.extract import rules
from newsbot.extract.rules import TEASER_PREFIX_RE, is_label
from newsbot.extract.text import clean, fingerprint, fold, more_words_than, word_count

URL = "https://news.example/2024/05/06/some-story/"
PROSE = (
    "The committee met for the third time this month to discuss the proposal, which would change how "
    "the town pays for its roads, schools and libraries over the next ten years."
)


def page(body: str, head: str = "") -> str:
    """A minimal document around ``body``, with three paragraphs of article text first."""
    paragraphs = "".join(f"<p>{PROSE} ({n})</p>" for n in range(1, 4))
    return (f"<html><head><title>Some story</title>{head}</head><body><div class='c'>"
            f"{paragraphs}{body}</div></body></html>")


def cleaned(html: str, options: ExtractOptions | None = None) -> tuple[str, list[str]]:
    """Text left after the DOM pass, and the rules that fired."""
    tree = parse_html(html)
    recorder = Recorder(enabled=True)
    clean_dom(tree, TreeIndex(URL), options or ExtractOptions(), recorder)
    return " ".join(tree.text_content().split()), [d.rule for d in recorder.decisions]


def filtered(texts: list[str], title: str | None = None,
             model: SiteModel | None = None) -> tuple[list[str], bool]:
    blocks = [Block("p", t) for t in texts]
    result = filter_blocks(blocks, BlockContext(title, model), Recorder())
    return [b.text for b in result.blocks], result.paywalled


# --- text helpers ---------------------------------------------------------------------------

def test_clean_decodes_entities_normalizes_unicode_and_whitespace() -> None:
    assert clean("  Caf\u0065\u0301 &amp;\n\t t\u00e9\u200b  ") == "Café & té"


def test_fingerprint_ignores_case_punctuation_and_spacing() -> None:
    assert fingerprint("Hello,  World!") == fingerprint("hello world")
    assert fingerprint("hello world") != fingerprint("hello there")
    assert fold("Don't — STOP.") == "don t stop"


def test_word_count_skips_symbol_tokens() -> None:
    assert word_count("ISIL – Islamic State | ISKP") == 4


# --- rendering ------------------------------------------------------------------------------

def test_element_texts_are_the_same_from_the_first_walk_as_after_removals() -> None:
    """The first walk of a page computes every element's text bottom-up; after a removal
    only the texts of the element's ancestors are walked again. Both give the same texts."""
    html = ("<html><head><title> A  title </title><style>p {}</style></head><body>\n"
            "<div id='main'>  <p>One <b>two</b><!-- a comment -->three <i> </i>four</p>\n"
            "<script>var x = 'code';</script>after script<noscript><p>No JS</p></noscript>"
            "<ul><li>item <a href='/a/'>link</a> tail</li><li></li></ul><?pi data?>end</div>"
            "<footer>Foot <span>note</span></footer></body></html>")
    tree, again = lxml_html.fromstring(html), lxml_html.fromstring(html)  # comments and instructions kept
    first = TreeIndex(URL)
    first.text(tree)  # all unknown: the bottom-up walk
    stepwise = TreeIndex(URL)
    for el in again.iter("b", "li", "p", "div", "body"):  # inner elements known first
        stepwise.text(el)
    stepwise.text(again)
    texts = {tree.getroottree().getpath(el): text for el, text in first._texts.items()}
    assert texts == {again.getroottree().getpath(el): text for el, text in stepwise._texts.items()}
    assert first.text(tree.find("body")) == "One two three four after script No JS item link tail end Foot note"
    footer = tree.find(".//footer")
    first.forget(footer)
    footer.getparent().remove(footer)
    assert first.text(tree.find("body")) == "One two three four after script No JS item link tail end"


def test_render_blocks_lists_quotes_tables_and_line_breaks() -> None:
    body = etree.fromstring(
        "<body><p>First<lb/>line</p><list><item>One</item><item>Two <hi>b</hi></item></list>"
        "<quote><p>Quoted</p></quote><table><row><cell>a</cell><cell>b</cell></row></table>"
        "<p><table><tr><td>raw</td><td>cells</td></tr></table></p><code>x = 1</code></body>")
    blocks = render_blocks(body)
    assert [(b.kind, b.text) for b in blocks] == [
        ("p", "First line"), ("item", "One"), ("item", "Two b"), ("quote", "Quoted"),
        ("row", "a | b"), ("row", "raw | cells"), ("code", "x = 1")]
    assert join_blocks(blocks[:3]) == "First line\n\n- One\n\n- Two b"


# --- label vocabulary -----------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Related Posts", "Share this:", "Print | Email | Share", "Advertisement", "Most Popular",
    "3 Comments", "NOTAS RELACIONADAS", "Lesen Sie auch", "Facebook Twitter WhatsApp",
    "Bild anzeigen Bild schließen",
])
def test_labels(text: str) -> None:
    assert is_label(text)


@pytest.mark.parametrize("text", ["He added:", "Why?", "Related costs rose", "No.", "Share prices fell"])
def test_not_labels(text: str) -> None:
    assert not is_label(text)


@pytest.mark.parametrize("text", ["READ | Storm hits the coast", "Also read: Storm", "Lea también: Tormenta",
                                  "RELATED: Storm", "À lire aussi » La tempête"])
def test_teaser_prefixes(text: str) -> None:
    assert TEASER_PREFIX_RE.match(text)


def test_teaser_prefix_needs_a_separator() -> None:
    assert not TEASER_PREFIX_RE.match("Reading between the lines is hard")


# --- DOM rules ------------------------------------------------------------------------------

def test_comment_form_goes_with_its_heading() -> None:
    text, fired = cleaned(page("<div><h3>Leave a Reply</h3><form><textarea></textarea>"
                               "<input type='submit' value='Post'></form></div>"))
    assert "Leave a Reply" not in text and "form" in fired


def test_page_wide_form_is_not_a_comment_form() -> None:
    paragraphs = f"<p>{PROSE}</p>" * 12
    html = f"<html><body><form><input type='text'><div>{paragraphs}</div></form></body></html>"
    text, fired = cleaned(html)
    assert "form" not in fired and PROSE in text


def test_teaser_grid_goes_but_a_single_link_in_prose_stays() -> None:
    grid = "".join(f"<div class='i'><h4><a href='/2024/05/0{n}/other-{n}/'>Another story about the town "
                   f"number {n}</a></h4><p>An excerpt of the other story that stops in the middle…</p></div>"
                   for n in range(1, 4))
    inline = "<p>As <a href='/2024/04/01/earlier/'>we reported earlier</a>, the plan changed twice.</p>"
    text, fired = cleaned(page(inline + f"<div class='g'>{grid}</div>"))
    assert "Another story" not in text and fired.count("teaser-grid") == 3
    assert "we reported earlier" in text


def test_inline_teaser_label_plus_link() -> None:
    teaser = "<p><strong>READ |</strong> <a href='/2024/05/01/x/'>Other headline here</a></p>"
    text, fired = cleaned(page(teaser))
    assert "Other headline" not in text and fired == ["inline-teaser"]


def test_link_block_and_link_row() -> None:
    body = ("<p><a href='/2024/05/01/x/'>A link to another article of the site</a></p>"
            "<p><a href='/t/a'>Budget</a> | <a href='/t/b'>Roads</a> | <a href='/t/c'>Schools</a></p>")
    text, fired = cleaned(page(body))
    assert fired == ["link-block", "link-block"] and "Budget" not in text


def test_labelled_boxes_short_or_link_dense_go_whole() -> None:
    body = ("<div><h3>Related</h3><ul><li><a href='/a'>One</a></li><li><a href='/b'>Two</a></li></ul></div>"
            "<div><h3>Share this:</h3><a>Facebook</a> <a>X</a></div>")
    text, fired = cleaned(page(body))
    assert fired == ["label-box", "label-box"] and "Facebook" not in text and "One" not in text


def test_comment_thread_goes_whole_however_long() -> None:
    comments = "".join(f"<li><div>Reader {n} says:</div><p>{PROSE}</p></li>" for n in range(4))
    thread = f"<div><h3>12 Comments</h3><ol>{comments}</ol></div>"
    text, fired = cleaned(page(thread))
    assert "Reader says" not in text and fired == ["label-box"]


def test_rules_never_remove_the_main_text_container() -> None:
    html = ("<html><body><div id='x'><h3>Related</h3>" + f"<p>{PROSE}</p>" * 5 + "</div></body></html>")
    text, _ = cleaned(html)
    assert text.count(PROSE) == 5


def test_site_selectors_drop_and_keep() -> None:
    body = ("<div class='promo'>Buy our mug, it is lovely and warm and it holds a lot of tea.</div>"
            "<div class='keep'><h3>Related</h3>"
            "<a href='/2024/05/01/x/'>Kept on purpose by the site</a></div>")
    options = ExtractOptions(drop_selectors=(".promo",), keep_selectors=(".keep",))
    text, fired = cleaned(page(body), options)
    assert "mug" not in text and "Kept on purpose" in text and fired == ["drop-selector"]


def test_keep_selectors_shield_blocks_from_text_rules_too() -> None:
    html = page("<p class='credit'>Photo: Jane Doe, who took it from the old lighthouse at dawn</p>")
    assert "Photo: Jane Doe" not in extract_body(html, URL)
    assert "Photo: Jane Doe" in extract_body(html, URL, options=ExtractOptions(keep_selectors=(".credit",)))


def test_invalid_selector_is_ignored() -> None:
    text, fired = cleaned(page(""), ExtractOptions(drop_selectors=("[[[",)))
    assert fired == [] and PROSE in text


# --- block post-filter ----------------------------------------------------------------------

def test_short_real_paragraphs_stay() -> None:
    texts = ["He added:", "Why?", "No.", "It did not.", PROSE]
    assert filtered(texts) == (texts, False)


def test_paywall_notice_goes_and_flags_the_page() -> None:
    kept, paywalled = filtered([PROSE, "Subscribe to continue reading.", "Already a subscriber? Sign in"])
    assert kept == [PROSE] and paywalled


@pytest.mark.parametrize("text", [
    "Sign up for our daily newsletter to get the news in your inbox.",
    "Follow The Gleaner on Twitter and Instagram.",
    "Copyright 2024 The Associated Press. All rights reserved.",
    "© 2024 Reuters",
    "This material may not be published, broadcast, rewritten or redistributed.",
    "Photo: Jane Doe / Reuters",
    "Tags: Politics, Elections",
    "Published 30 Sep 2023, 08:15 am",
    "Read more: Storm hits the coast",
    ">> Storm hits the coast <<",
    "This post contains affiliate links.",
])
def test_notice_blocks_go(text: str) -> None:
    assert filtered([PROSE, text]) == ([PROSE], False)


@pytest.mark.parametrize("text", [
    "SUBSCRIBE TO CONTINUE READING.",
    "Sign Up For Our Daily Newsletter: the morning's news, the day's weather and the week's"
    " events in your inbox before seven, every day of the week, free of charge.",
    "COPYRIGHT 2024 THE ASSOCIATED PRESS. ALL RIGHTS RESERVED. THIS MATERIAL MAY NOT BE"
    " PUBLISHED, BROADCAST, REWRITTEN OR REDISTRIBUTED WITHOUT PERMISSION.",
])
def test_notices_go_whatever_their_case_and_length(text: str) -> None:
    assert 20 < len(text.split()) or text.isupper()
    assert filtered([PROSE, text])[0] == [PROSE]


def test_notice_patterns_are_written_in_lowercase() -> None:
    """The notice rules match them case-sensitively against lowercased blocks."""
    for pattern in (rules.PAYWALL_RE, rules.PROMO_RE, rules.COPYRIGHT_RE, rules.DISCLOSURE_RE):
        letters = re.sub(r"\\.", "", pattern.pattern)  # escapes such as \W and \S are classes
        assert letters == letters.lower(), pattern.pattern


def test_notice_deep_inside_a_long_paragraph_stays() -> None:
    text = PROSE + " The group said all rights reserved by the old charter would pass to the town."
    assert filtered([text])[0] == [text]


def test_headline_and_byline_only_at_the_top() -> None:
    texts = ["Some story", "By Jane Doe", PROSE, "Some story"]
    assert filtered(texts, title="Some story")[0] == [PROSE, "Some story"]


@pytest.mark.parametrize(("text", "dropped"), [
    ("By Jane Doe and Sam Roe, Reuters", True), ("Von Hans Müller", True),
    ("By 2030 the city wants every bus to run on electricity.", False), ("by the river", False),
])
def test_byline_needs_names(text: str, dropped: bool) -> None:
    assert filtered([text, PROSE])[0] == ([PROSE] if dropped else [text, PROSE])


def test_site_model_drops_known_boilerplate_and_other_headlines() -> None:
    model = SiteModel(boilerplate=frozenset({SiteModel.key("Thanks for reading the Valley Post!")}),
                      headlines=frozenset({SiteModel.key("Storm hits the coast tonight")}))
    texts = [PROSE, "Thanks for reading the Valley Post", "Watch: Storm hits the coast tonight"]
    assert filtered(texts, title="Some story", model=model)[0] == [PROSE]


def test_repeated_heading_and_truncated_excerpt_pairs_go() -> None:
    blocks = [Block("p", PROSE), Block("head", "Other story one"), Block("p", "It began with a…"),
              Block("head", "Other story two"), Block("p", "Then came the...")]
    result = filter_blocks(blocks, BlockContext(), Recorder())
    assert [b.text for b in result.blocks] == [PROSE]


# --- classification -------------------------------------------------------------------------

def signals(url: str = URL, types: frozenset[str] = frozenset(), og: str | None = None,
            paragraphs: int = 5, page_stats: PageStats = PageStats()) -> Signals:
    return Signals(url, types, og, page_stats, tuple(Block("p", PROSE) for _ in range(paragraphs)))


def test_long_running_text_without_metadata_is_an_article() -> None:
    assert classify(signals(url="https://example.org/reports/cleanup")).is_article


def test_structured_data_and_url_shape_each_count() -> None:
    assert classify(signals(types=frozenset({"newsarticle"}), paragraphs=1)).is_article
    assert not classify(signals(url="https://news.example/", og="website", paragraphs=2)).is_article
    tag_page = signals(url="https://news.example/tag/climate/", types=frozenset({"collectionpage"}))
    assert not classify(tag_page).is_article
    author_page = signals(url="https://news.example/people/jane", og="profile", paragraphs=2)
    assert not classify(author_page).is_article


@pytest.mark.parametrize("url", ["https://news.example/", "https://news.example/tag/climate/page/2/",
                                 "https://news.example/2026/05/04/storm-hits-the-coast-tonight/",
                                 "https://news.example/reports/cleanup", "https://blog.example/?p=5031"])
@pytest.mark.parametrize("types", [frozenset(), frozenset({"newsarticle"}), frozenset({"collectionpage"}),
                                   frozenset({"website"})])
@pytest.mark.parametrize("og", [None, "article", "website", "profile"])
def test_a_page_ruled_out_before_its_body_is_no_article_with_any_body(url, types, og) -> None:
    # The crawl skips extracting such pages: the best body must not be able to save them.
    best = signals(url=url, types=types, og=og, paragraphs=12)
    if classify(best).is_article:
        assert may_be_article(url, types, og)
    assert may_be_article(url, types, og) == (classify(best).score > 0)


def test_listing_pages_are_not_extracted_when_only_articles_are_wanted() -> None:
    listing = ('<html><head><meta property="og:type" content="website"></head><body>'
               + f"<p>{PROSE}</p>" * 12 + "</body></html>")
    assert extract_body(listing, "https://news.example/tag/climate/page/2/")  # the text is there
    assert extract_article(listing, "https://news.example/tag/climate/page/2/") is None


def test_prose_that_quotes_kept_teasers_is_a_listing() -> None:
    stats = PageStats(kept_teasers=fold(PROSE * 2))
    assert not classify(signals(page_stats=stats)).is_article


def test_wordpress_post_id_is_not_a_root_page() -> None:
    assert classify(signals(url="https://blog.example/?p=5031", paragraphs=2)).is_article


# --- metadata -------------------------------------------------------------------------------

JSONLD = """<script type="application/ld+json">
{"@context": "https://schema.org", "@graph": [
  {"@type": "WebSite", "name": "Valley Post"},
  {"@type": ["NewsArticle"], "headline": "Dam plan approved", "datePublished": "2024-05-06T09:00:00+02:00",
   "author": [{"@id": "#jd"}, {"@type": "Person", "name": "Sam Roe"}], "keywords": ["Dams", "Water"],
   "articleSection": "Region", "image": {"@type": "ImageObject", "url": "/img/dam.jpg"},
   "inLanguage": "en-GB", "description": "The council said yes."},
  {"@type": "Person", "@id": "#jd", "name": "Jane Doe"}]}
</script>"""


def test_metadata_from_jsonld_graph_with_references() -> None:
    meta = read_metadata(parse_html(page("", JSONLD)), URL)
    assert meta.title == "Dam plan approved"
    assert meta.authors == ["Jane Doe", "Sam Roe"]
    assert meta.published == "2024-05-06T09:00:00+02:00"
    assert (meta.site_name, meta.section, meta.language) == ("Valley Post", "Region", "en")
    assert meta.tags == ["Dams", "Water"] and meta.image == "https://news.example/img/dam.jpg"
    assert "newsarticle" in meta.jsonld_types


def test_metadata_from_opengraph_and_meta_tags() -> None:
    head = ('<meta property="og:title" content="Dam plan approved | Valley Post">'
            '<meta property="og:site_name" content="Valley Post">'
            '<meta property="article:published_time" content="2024-05-06">'
            '<meta property="article:tag" content="Dams"><meta property="article:tag" content="Water">'
            '<meta name="author" content="By Jane Doe and Sam Roe">'
            '<meta property="og:type" content="article">')
    meta = read_metadata(parse_html(page("", head)), URL)
    assert meta.title == "Dam plan approved" and meta.published == "2024-05-06"
    assert meta.authors == ["Jane Doe", "Sam Roe"] and meta.tags == ["Dams", "Water"]
    assert meta.og_type == "article"


@pytest.mark.parametrize(("title", "site", "expected"), [
    ("Dam plan approved | Valley Post", "Valley Post", "Dam plan approved"),
    ("Valley Post - Dam plan approved", None, "Dam plan approved"),
    ("Dam plan approved – News", None, "Dam plan approved"),
    ("Jazz - a history", None, "Jazz - a history"),
])
def test_site_name_suffixes(title: str, site: str | None, expected: str) -> None:
    assert strip_site_name(title, site, "https://news.valleypost.example/x") == expected


@pytest.mark.parametrize(("raw", "iso"), [
    ("2024-05-06T09:00:00Z", "2024-05-06T09:00:00+00:00"),
    ("May 6, 2024", "2024-05-06"),
    ("06.05.2024 14:30", "2024-06-05T14:30:00"),
    ("yesterday", None),
    ("3000-01-01", None),
])
def test_dates(raw: str, iso: str | None) -> None:
    assert iso_date(raw) == iso


def test_canonical_url_strips_tracking_and_rejects_other_sites() -> None:
    head = '<link rel="canonical" href="/2024/05/06/some-story/?utm_source=tw&amp;id=3">'
    meta = read_metadata(parse_html(page("", head)), URL + "?fbclid=abc")
    assert meta.canonical_url == "https://news.example/2024/05/06/some-story/?id=3"
    foreign = '<link rel="canonical" href="https://aggregator.example/copy">'
    meta = read_metadata(parse_html(page("", foreign)), URL + "?utm_medium=x")
    assert meta.canonical_url == URL
    javascript = '<link rel="canonical" href="javascript:void(0)">'
    assert read_metadata(parse_html(page("", javascript)), URL).canonical_url == URL


# --- the public functions -------------------------------------------------------------------

def test_article_fields() -> None:
    article = extract_article(page("", JSONLD), URL + "?utm_source=x")
    assert article is not None
    assert article.url == URL + "?utm_source=x" and article.canonical_url == URL
    assert article.word_count == word_count(article.text) and article.fingerprint == fingerprint(article.text)
    assert article.site is None and article.fetched_at is None and not article.paywalled
    assert article.text.startswith(PROSE)


def test_inline_drawings_are_not_page_text() -> None:
    # An icon drawn inline: its title is a tooltip, not part of the link's headline, and the
    # text after it is the paragraph's.
    icon = "<svg viewBox='0 0 9 9'><title>Play the video now</title><path d='M0 0L9 4z'/></svg>"
    body = (f"<p>Before the drawing {icon} and after it, the council voted.</p>"
            f"<ul><li><a href='/2024/05/01/other-story/'>{icon}Another story about the town</a></li></ul>")
    reading = read_page(page(body), URL, options=ExtractOptions(observe=True))
    article, observation = reading.article, reading.observation
    assert article is not None and "Before the drawing and after it, the council voted." in article.text
    assert "Play the video" not in article.text
    headlines = {text for text, _ in observation.headlines}
    assert "another story about the town" in headlines
    assert not [h for h in headlines if "play the video" in h]


def test_windows_1252_bytes_without_mojibake() -> None:
    html = page("<p>“Quoted” café – naïve.</p>", '<meta charset="iso-8859-1">').encode("cp1252")
    assert "“Quoted” café – naïve." in extract_body(html, URL)


def test_header_charset_wins_over_guessing() -> None:
    html = page("<p>Grüße aus Köln, sagte er.</p>").encode("utf-16")
    assert "Grüße aus Köln" in extract_body(html, URL, content_type="text/html; charset=utf-16")


@pytest.mark.parametrize("html", ["", b"", "   ", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200),
                                  "<html><body><p>unclosed", "<<<>>>", "just some words", b"\xff\xfe\x00"])
def test_empty_binary_and_broken_input_give_none(html: str | bytes) -> None:
    assert extract_article(html, URL) is None


def test_explain_article_names_rules_and_verdict() -> None:
    html = page("<p><strong>See also:</strong> "
                "<a href='/2024/01/01/x/'>Old story on the same subject</a></p>")
    decisions = explain_article(html, URL)
    assert [d.rule for d in decisions] == ["inline-teaser", "article"]
    assert decisions[0].stage == "dom" and "Old story" in decisions[0].snippet


def test_options_are_immutable_and_hashable() -> None:
    options = ExtractOptions(drop_selectors=(".ad",))
    with pytest.raises(dataclasses.FrozenInstanceError):
        options.explain = True  # type: ignore[misc]
    assert hash(options) == hash(ExtractOptions(drop_selectors=(".ad",)))


def test_more_words_than_agrees_with_counting_the_words():
    texts = ["", "a", "a b", "– | –", "a – b", "don't stop", "x " * 15, "x " * 16, "xy " * 16,
             "x" * 40, "é " * 31, " ".join(["a"] * 30), " ".join(["a"] * 31), "a  " * 20]
    for text in texts:
        for limit in (1, 8, 15, 30):
            assert more_words_than(text, limit) == (word_count(text) > limit), (text, limit)


def test_remembered_results_for_short_texts_are_the_computed_ones():
    short, long = "Related Posts: Read More!", "Related posts " * 30
    for _ in range(2):  # the second time from the cache, for the short one
        assert fold(short) == "related posts read more" and word_count(short) == 4
        assert fold(long) == " ".join(["related posts"] * 30) and word_count(long) == 60
    assert fold("ÉTÉ, Été") == "été été"


_LONG_BODY = "<body>" + "\n".join(f"<p>Paragraph line {n}, long enough to fill a page.</p>" for n in range(300)) + "</body>"


@pytest.mark.parametrize("html", [
    page("<p>Plain.</p>"),
    '<?xml version="1.0" encoding="utf-8"?>' + page("<p>An XML declaration: lxml parses the bytes.</p>"),
    "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0//EN\" \"x\">\n" + page("<p>Doctype line.</p>"),
    "<html/>\n<head><title>t</title></head><body><p>Self-closed html tag.</p></body>",
    "<p>A lone fragment.</p>",
    "<div><p>One</p><p>Two</p></div>",
    page("<form><input name='q'><select><option>a</option></select><textarea>t</textarea></form>"),
    page("<!-- a comment --><p>Text &amp; an &#169; entity.</p><?php echo 1; ?>"),
    # Long pages: their first lines repaired alone, unless a character XML does not allow
    # is anywhere in them.
    "<!DOCTYPE html/>\n<!-- a -->\n<!-- b -->\n<html lang='en'/>\n" + _LONG_BODY,
    "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0//EN\" \"x\"/>" + "<!-- long first line -->" * 300
    + "\n<html\n/>\n" + _LONG_BODY,
    "<!DOCTYPE html>\n" + _LONG_BODY.replace("line 150", "line\x0b150\ufffe"),
])
def test_pages_parse_to_the_tree_trafilatura_would_build(html: str) -> None:
    ours, theirs = parse_html(html), load_html(html)
    assert (ours is None) == (theirs is None)
    if ours is not None:
        assert etree.tostring(ours) == etree.tostring(theirs)
        assert all(isinstance(el, HtmlElement) for el in ours.iter())  # every node, forms too
