"""The extraction pipeline: parse, read metadata, clean the DOM, run trafilatura, filter blocks."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from lxml import etree
from lxml.html import HtmlElement
from trafilatura import bare_extraction
from trafilatura.metadata import extract_metadata

from newsbot.extract.blockfilter import BlockContext, filter_blocks
from newsbot.extract.blocks import Block, join_blocks, render_blocks
from newsbot.extract.boilerplate import clean_dom
from newsbot.extract.classify import PageStats, Signals, Verdict, classify, may_be_article, page_stats
from newsbot.extract.decisions import Decision, Recorder
from newsbot.extract.dom import TreeIndex
from newsbot.extract.interstitial import detect_interstitial
from newsbot.extract.links import PageLinks, read_links
from newsbot.extract.metadata import Metadata, iso_date, read_metadata
from newsbot.extract.options import DEFAULT_OPTIONS, TRAFILATURA_SETTINGS, ExtractOptions
from newsbot.extract.parse import parse_html, to_unicode
from newsbot.extract.site_learning import Observation, headline_observation, learned_pass, observe_links
from newsbot.extract.text import fingerprint, word_count
from newsbot.items import Article

LOG = logging.getLogger(__name__)
# Inline drawings (icons, logos, charts): trafilatura deletes them unread, and the text they
# hold is tooltips and labels no reader sees as page text. On pages that draw their icons
# inline they are a sixth of the elements, which every later pass would walk and
# trafilatura would copy several times over.
UNREAD_TAGS = ("svg",)


@dataclass(slots=True)
class Extraction:
    """Everything one run learned about a page; the public functions each return a view."""

    url: str
    metadata: Metadata
    blocks: list[Block]
    paywalled: bool
    page: PageStats
    tree: HtmlElement
    decisions: list[Decision]
    observation: Observation | None = None

    @property
    def text(self) -> str:
        return join_blocks(self.blocks)

    def verdict(self) -> Verdict:
        return classify(Signals(self.url, self.metadata.jsonld_types, self.metadata.og_type,
                                self.page, tuple(self.blocks)))


@dataclass(frozen=True, slots=True)
class PageReading:
    """What a crawl reads from one page: its article (None: not an article), what it
    teaches about its site, the kind of wall it is, and its links (each when
    :class:`ExtractOptions` asks for it; a wall is not extracted)."""

    article: Article | None = None
    observation: Observation | None = None
    wall: str | None = None
    links: PageLinks | None = None


def run(tree: HtmlElement, url: str, options: ExtractOptions, articles_only: bool = False) -> Extraction:
    """Run the pipeline once over a parsed page (:func:`parse_html`). With
    ``articles_only`` the body of a page whose metadata and URL rule out an article is
    not extracted (the text is empty): only articles are wanted."""
    etree.strip_elements(tree, *UNREAD_TAGS, with_tail=False)
    metadata = read_metadata(tree, url)
    index = TreeIndex(url)
    wanted = not articles_only or may_be_article(url, metadata.jsonld_types, metadata.og_type)
    recorder = Recorder(options.explain)
    page_id = (metadata.canonical_url or url, metadata.title)
    if not wanted:  # no article: what it teaches is the headlines of the site's other pages
        observation = headline_observation(page_id, observe_links(tree, index)) if options.observe else None
        return Extraction(url, metadata, [], metadata.locked, PageStats(), tree, recorder.decisions, observation)
    # The page's first text look-up walks it whole, learning every element's text (links
    # included) far faster than walks of its parts; a listing needs its links' texts only.
    page = page_stats(tree, index)
    links = observe_links(tree, index) if options.observe else []
    report = clean_dom(tree, index, options, recorder)
    observation = learned_pass(tree, index, options, recorder, page_id, links)
    blocks = render_blocks(_main_text(tree, url))
    context = BlockContext(metadata.title, options.site_model, report.kept_text)
    filtered = filter_blocks(blocks, context, recorder)
    paywalled = filtered.paywalled or report.paywall_removed or metadata.locked
    page = replace(page, kept_teasers=report.kept_teasers)
    return Extraction(url, metadata, filtered.blocks, paywalled, page, tree, recorder.decisions, observation)


def _main_text(tree: HtmlElement, url: str) -> etree._Element | None:
    """trafilatura's body tree for the cleaned page (it works on a copy)."""
    try:
        document = bare_extraction(tree, url=url, **TRAFILATURA_SETTINGS)
    except Exception:  # a third-party failure on one odd page must not stop a crawl
        LOG.debug("trafilatura failed on %s", url, exc_info=True)
        return None
    return getattr(document, "body", None)


def extract_body(html: str | bytes, url: str, *, options: ExtractOptions | None = None,
                 content_type: str | None = None) -> str:
    """The cleaned body text, whether or not the page is an article ("" if there is none)."""
    tree = parse_html(html, content_type)
    return run(tree, url, options or DEFAULT_OPTIONS).text if tree is not None else ""


def extract_article(html: str | bytes, url: str, *, options: ExtractOptions | None = None,
                    content_type: str | None = None) -> Article | None:
    """The article on the page, or None for listings, empty pages and too little text."""
    return read_page(html, url, options=options, content_type=content_type).article


def read_page(html: str | bytes, url: str, *, options: ExtractOptions | None = None,
              content_type: str | None = None) -> PageReading:
    """The article (as :func:`extract_article`) and what else ``options`` asks for: what the
    page teaches about its site (``observe``), whether it is a wall (``check_wall``), its
    links (``read_links``). All are read from one parse of the page, the links and the
    wall verdict before any rule changes the tree. A page that is not HTML reads as empty."""
    options = options or DEFAULT_OPTIONS
    tree = parse_html(html, content_type)
    if tree is None:
        return PageReading()
    wall = detect_interstitial(to_unicode(html, content_type), tree) if options.check_wall else None
    if wall:
        return PageReading(wall=wall)
    links = read_links(tree) if options.read_links else None
    extraction = run(tree, url, options, articles_only=True)
    for decision in extraction.decisions:  # recorded only when options.explain is set
        LOG.debug("%s: dropped by %s (%s): %s", url, decision.rule, decision.stage, decision.snippet)
    article = _article(extraction) if _is_article(extraction, options) else None
    return PageReading(article, extraction.observation, None, links)


def explain_article(html: str | bytes, url: str, options: ExtractOptions | None = None, *,
                    content_type: str | None = None) -> list[Decision]:
    """Why each element or block was dropped, plus the page verdict, in pipeline order."""
    options = replace(options or DEFAULT_OPTIONS, explain=True)
    tree = parse_html(html, content_type)
    if tree is None:
        return [Decision("not-html", "page", "")]
    extraction = run(tree, url, options)
    verdict = extraction.verdict()
    rule = "article" if _is_article(extraction, options) else "not-article"
    return [*extraction.decisions, Decision(rule, "page", " ".join(verdict.reasons))]


def _is_article(extraction: Extraction, options: ExtractOptions) -> bool:
    return word_count(extraction.text) >= options.min_words and extraction.verdict().is_article


def _article(extraction: Extraction) -> Article:
    meta = _with_fallbacks(extraction.metadata, extraction.tree, extraction.url)
    text = extraction.text
    return Article(
        url=extraction.url, canonical_url=meta.canonical_url, title=meta.title, text=text,
        authors=meta.authors, published=meta.published, modified=meta.modified,
        language=meta.language, site_name=meta.site_name, description=meta.description,
        image=meta.image, tags=meta.tags, section=meta.section, word_count=word_count(text),
        fingerprint=fingerprint(text), paywalled=extraction.paywalled,
    )


def _with_fallbacks(meta: Metadata, tree: HtmlElement, url: str) -> Metadata:
    """Fill what the page's own metadata left empty from trafilatura's heuristics (slower)."""
    if meta.title and meta.published and meta.authors and meta.site_name:
        return meta
    try:
        # htmldate's extensive search is the costly part, and its date is wanted only here.
        found = extract_metadata(tree, url, extensive=not meta.published)
    except Exception:  # heuristics on an odd page: keep what we have
        LOG.debug("trafilatura metadata failed on %s", url, exc_info=True)
        return meta
    return replace(
        meta,
        title=meta.title or found.title,
        published=meta.published or iso_date(found.date),
        authors=meta.authors or [a.strip() for a in (found.author or "").split(";") if a.strip()],
        site_name=meta.site_name or found.sitename,
        description=meta.description or found.description,
        image=meta.image or (found.image if found.image and not found.image.endswith(".ico") else None),
        tags=meta.tags or list(found.tags or []),
        section=meta.section or next(iter(found.categories or []), None),
    )
