"""Site-level learning: what a site repeats across its pages is boilerplate.

A crawl sees many pages of one site. Boilerplate recurs across them (promos, disclaimers,
author blurbs, "most read" boxes) while article text does not, and the headlines of the
site's other articles turn up on a page as teasers. The pure parts live here:

- :func:`observe_links` and :func:`leaf_blocks` read what one page teaches, an
  :class:`Observation`: each text block as *the same text at the same place* (a key of its
  DOM path signature and its folded text), each place, and the headlines its links give
  other pages of the site;
- :func:`learn` turns the counts the store keeps into a :class:`LearnedSite`. A block is
  learned once seen on at least ``min_pages`` distinct pages *and* on at least
  ``min_share`` of the pages that have its place at all, so only text that recurs across
  different articles qualifies: article text, however short, is unique to its article;
- :func:`learned_pass` removes learned blocks from a page's DOM (rule
  ``learned-boilerplate``), never inside elements the site asked to keep and never the bulk
  of the article's own text (a story published under several URLs stays whole).
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import NamedTuple

from lxml import etree
from lxml.html import HtmlElement

from newsbot.extract import dom
from newsbot.extract.boilerplate import main_container
from newsbot.extract.decisions import Recorder
from newsbot.extract.options import MAX_HEADLINE_WORDS, MIN_HEADLINE_WORDS, ExtractOptions, SiteModel
from newsbot.extract.sent_once import SentOnce
from newsbot.extract.text import fold
from newsbot.urls import url_key

RULE = "learned-boilerplate"
# Folded text kept per block, for people reading the store and for text checks.
TEXT_CHARS = 200
# Learned blocks inside the main text container are spared when they would take more than
# this share of its text: then they are the story itself, seen under several URLs.
MAX_MAIN_SHARE = 0.5
# Table parts are not blocks of their own: a table's header cells repeat from report to report.
_LEAF_TAGS = dom.BLOCK_TAGS - {"table", "thead", "tbody", "tr", "td", "th"}
_DIGITS_RE = re.compile(r"\d+")
# Levels of the path (from the block up) whose class and id are part of its signature;
# higher up only tag names count, since themes put per-article classes there.
_NAMED_LEVELS = 2


class SeenBlock(NamedTuple):
    """One text block of a page: its key (place and text), its place, its folded text."""

    key: int
    place: int
    text: str


@dataclass(frozen=True, slots=True)
class Observation:
    """What one page teaches about its site.

    ``page_key`` is the URL key of the page's canonical URL, so an AMP or print view counts
    as its article. ``headlines`` are (folded headline, URL key of the page it names) pairs:
    the page's own title, and the texts of its links to other pages of the site.
    """

    page_key: str
    blocks: tuple[SeenBlock, ...] = ()
    headlines: tuple[tuple[str, str], ...] = ()

    @property
    def block_keys(self) -> frozenset[int]:
        return frozenset(block.key for block in self.blocks)

    @property
    def places(self) -> frozenset[int]:
        return frozenset(block.place for block in self.blocks)


class BlockCount(NamedTuple):
    """A block as the store counts it: pages it was seen on, pages that have its place."""

    key: int
    pages: int
    place_pages: int
    text: str


@dataclass(frozen=True, slots=True)
class LearningRules:
    """When a recurring block counts as the site's boilerplate."""

    min_pages: int = 3
    min_share: float = 0.3

    def learned(self, count: BlockCount) -> bool:
        return count.pages >= self.min_pages and count.pages >= self.min_share * count.place_pages


@dataclass(frozen=True, slots=True)
class LearnedSite:
    """The model of one site: learned blocks (key -> folded text) and headlines by page."""

    texts: Mapping[int, str] = field(default_factory=dict)
    headlines: frozenset[str] = frozenset()
    owned: Mapping[str, frozenset[str]] = field(default_factory=dict)
    shared: SiteModel = SiteModel()

    @property
    def blocks(self) -> frozenset[int]:
        return self.shared.blocks

    def model_for(self, url: str) -> SiteModel:
        """The model to clean the page at ``url`` with: without the headlines naming it."""
        own = self.owned.get(url_key(url))
        return replace(self.shared, own_headlines=own) if own else self.shared


def learn(counts: Iterable[BlockCount], headlines: Iterable[tuple[str, str]],
          rules: LearningRules = LearningRules()) -> LearnedSite:
    """The site model the store's counts and headlines give."""
    texts = {count.key: count.text for count in counts if rules.learned(count)}
    owned: defaultdict[str, set[str]] = defaultdict(set)
    for headline, page_key in headlines:
        owned[page_key].add(headline)
    every = SentOnce(h for found in owned.values() for h in found)
    shared = SiteModel(blocks=SentOnce(texts), headlines=every)
    return LearnedSite(texts, every, {key: frozenset(found) for key, found in owned.items()}, shared)


def observe_links(root: HtmlElement, index: dom.TreeIndex) -> list[tuple[str, str]]:
    """(folded link text, URL key of its target) for the page's headline-like links within the site."""
    found = set()
    for a in root.iter("a"):
        target = index.target(a)
        if target is None or not target[1]:
            continue
        text = fold(index.text(a))
        if MIN_HEADLINE_WORDS <= len(text.split()) <= MAX_HEADLINE_WORDS:
            found.add((text, url_key(target[0])))
    return sorted(found)


def leaf_blocks(root: HtmlElement, index: dom.TreeIndex) -> list[tuple[HtmlElement, SeenBlock]]:
    """Every block element holding text but no other block, with its key, in document order."""
    nodes = list(root.iter(etree.Element))  # elements only: no comments or instructions
    holds_block: set[HtmlElement] = set()
    for el in reversed(nodes):  # descendants come before their ancestors
        if el.tag in dom.BLOCK_TAGS or el in holds_block:
            parent = el.getparent()
            if parent is not None:
                holds_block.add(parent)
    tag_paths: dict[HtmlElement, str] = {}  # parents come before their children
    found = []
    for el in nodes:
        parent = el.getparent()
        above = tag_paths.get(parent) if parent is not None else None
        tag_paths[el] = f"{above}/{el.tag}" if above is not None else str(el.tag)
        if el.tag not in _LEAF_TAGS or el in holds_block:
            continue
        text = fold(index.text(el))
        if text:
            path = _signature(el, tag_paths)
            found.append((el, SeenBlock(_hash(f"{path}\n{text}"), _place_hash(path), text[:TEXT_CHARS])))
    return found


def path_signature(el: HtmlElement) -> str:
    """Where a block sits: tag names from the root down, class and id near the block (digits masked)."""
    chain = list(dom.ancestors_and_self(el))
    return "/".join(_step(node, depth < _NAMED_LEVELS) for depth, node in reversed(list(enumerate(chain))))


def _signature(el: HtmlElement, tag_paths: dict[HtmlElement, str]) -> str:
    """:func:`path_signature`, with the tag paths of the ancestors known."""
    steps, node = [], el
    for _ in range(_NAMED_LEVELS):
        steps.append(_step(node, True))
        node = node.getparent()
        if node is None:
            return "/".join(reversed(steps))
    return tag_paths[node] + "/" + "/".join(reversed(steps))


def _step(node: HtmlElement, named: bool) -> str:
    if not named:
        return str(node.tag)
    return _named_step(str(node.tag), node.get("class") or "", node.get("id") or "")


@lru_cache(maxsize=4096)
def _named_step(tag: str, classes: str, ident: str) -> str:
    """A path step with its class names sorted and digits masked (the same few on every page)."""
    names = sorted(_DIGITS_RE.sub("0", name) for name in classes.split())
    ident = _DIGITS_RE.sub("0", ident)
    return tag + "".join(f".{name}" for name in names) + (f"#{ident}" if ident else "")


def _hash(text: str) -> int:
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


# A site's pages put their blocks in the same few places.
_place_hash = lru_cache(maxsize=4096)(_hash)


def learned_pass(root: HtmlElement, index: dom.TreeIndex, options: ExtractOptions, recorder: Recorder,
                 page: tuple[str, str | None], links: list[tuple[str, str]]) -> Observation | None:
    """Drop the blocks the site model knows; the page's observation when ``options.observe``.

    ``page`` is the page's canonical URL and title. Runs after the generic DOM rules, so
    what it sees, and what the store counts, does not depend on the model.
    """
    learned = options.site_model.blocks if options.site_model else frozenset()
    if not options.observe and not learned:
        return None
    keyed = leaf_blocks(root, index)
    observation = _observation(page, keyed, links) if options.observe else None
    hits = [el for el, block in keyed if block.key in learned]
    for el in _droppable(root, index, hits, options.keep_selectors):
        recorder.drop(RULE, "dom", index.text(el))
        index.forget(el)
        dom.remove(el)
    return observation


def headline_observation(page: tuple[str, str | None], links: list[tuple[str, str]]) -> Observation:
    """The observation of a page that is no article: its headlines, none of its blocks.

    Listings (fronts, sections, tags) name many of the site's articles, but their blocks
    are counted from the articles alone: the articles' boilerplate is what gets learned,
    and a listing's DOM needs no cleaning then (a third of a crawl's pages, each costing
    half of what an article does)."""
    return _observation(page, [], links)


def _observation(page: tuple[str, str | None], keyed: list[tuple[HtmlElement, SeenBlock]],
                 links: list[tuple[str, str]]) -> Observation:
    canonical, title = page
    page_key = url_key(canonical)
    headlines = set(links)
    own = fold(title or "")
    if MIN_HEADLINE_WORDS <= len(own.split()) <= MAX_HEADLINE_WORDS:
        headlines.add((own, page_key))
    blocks = {block.key: block for _, block in keyed}
    return Observation(page_key, tuple(blocks.values()), tuple(sorted(headlines)))


def _droppable(root: HtmlElement, index: dom.TreeIndex, hits: list[HtmlElement],
               keep_selectors: tuple[str, ...]) -> list[HtmlElement]:
    """The learned blocks that may go: not kept by the site, not the bulk of the main text."""
    if not hits:
        return []
    kept = dom.select(root, keep_selectors)
    shielded = {node for el in kept for node in (*el.iter(), *el.iterancestors())}
    hits = [el for el in hits if el not in shielded]
    main = main_container(root, index)
    if main is None:
        return hits
    inside = {el for el in hits if any(a is main for a in el.iterancestors())}
    if sum(index.text_len(el) for el in inside) > MAX_MAIN_SHARE * index.text_len(main):
        return [el for el in hits if el not in inside]
    return hits
