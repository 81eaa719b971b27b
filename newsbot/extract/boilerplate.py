"""The DOM pass: remove news boilerplate from the page before trafilatura reads it.

Deciding on the DOM keeps the structure of what remains (a removed teaser grid does not
leave stray headings behind) and lets the rules see links, which the extracted text no
longer has. Every rule is structural or vocabulary-based (see :mod:`rules`), never tied to
a site. Two kinds of elements are never removed by a heuristic rule: those a site's
``keep_selectors`` name (with everything around and inside them), and the container of
the page's main run of paragraphs with its ancestors, so a rule can only ever cut pieces
out of the article, not the article itself.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from lxml import etree
from lxml.html import HtmlElement

from newsbot.extract import dom, rules
from newsbot.extract.decisions import Recorder
from newsbot.extract.options import ExtractOptions
from newsbot.extract.rules import is_label
from newsbot.extract.text import fold, is_truncated, more_words_than, word_count

_BOX_RULES = [(name, re.compile(pattern, re.IGNORECASE)) for name, pattern in rules.BOILERPLATE_BOXES.items()]
# Any of them: one search rules out most elements.
_ANY_BOX_RE = rules.compile_alternatives(tuple(rules.BOILERPLATE_BOXES.values()), anchored=False)
_TEASER_LABEL_RE = rules.compile_alternatives(rules.TEASER_LABELS, anchored=True)
_LABEL_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6", "p", "div", "span", "strong", "b", "header", "dt"})
_INLINE_TEASER_TAGS = frozenset({"p", "div", "li", "h2", "h3", "h4", "h5", "h6", "blockquote", "strong",
                                 "span"})
_TEXT_INPUTS = etree.XPath(".//textarea | .//input[not(@type) or @type='text' or @type='email'"
                           " or @type='search' or @type='password']")
_HEADING = "self::h2 or self::h3 or self::h4 or self::h5 or self::h6"
# A heading holding a link, or a link holding a heading: how teasers show their headline.
_HEADLINE_LINK = etree.XPath(f".//*[{_HEADING}]//a[@href] | .//a[@href][.//*[{_HEADING}]]")
_NEVER_BOXES = frozenset({"html", "body"})
_CARD_TAGS = frozenset({"div", "li", "article", "section", "figure", "p", "dd", "aside"})


@dataclass(slots=True)
class DomReport:
    """What the DOM pass saw besides boilerplate, for the page's other fields."""

    paywall_removed: bool = False
    # Folded text of the teaser groups left in place because they are the page's content:
    # a listing page's list, or a gallery.
    kept_teasers: str = ""
    # Folded text of the elements the site's keep_selectors name, shielded from block rules too.
    kept_text: str = ""


@dataclass(slots=True)
class DomPass:
    """State of one DOM pass: the tree, the page URL, the protected elements, the record."""

    root: HtmlElement
    index: dom.TreeIndex
    protected: set[HtmlElement]
    recorder: Recorder
    page_chars: int
    report: DomReport = field(default_factory=lambda: DomReport())

    def removable(self, el: HtmlElement) -> bool:
        return el not in self.protected and el.tag not in _NEVER_BOXES and dom.is_attached(el, self.root)

    def drop(self, el: HtmlElement, rule: str) -> None:
        self.recorder.drop(rule, "dom", self.index.text(el))
        self.index.forget(el)
        dom.remove(el)


def clean_dom(root: HtmlElement, index: dom.TreeIndex, options: ExtractOptions,
              recorder: Recorder) -> DomReport:
    """Remove boilerplate elements from ``root`` in place."""
    state = DomPass(root, index, set(), recorder, index.text_len(root))
    for el in dom.select(root, options.drop_selectors):
        if el is not root and dom.is_attached(el, root):
            state.drop(el, "drop-selector")
    kept = dom.select(root, options.keep_selectors)
    state.report.kept_text = " ".join(fold(index.text(el)) for el in kept)
    state.protected = _protected(state, kept)
    for rule in DOM_RULES:
        rule(state)
    return state.report


def _protected(state: DomPass, kept: list[HtmlElement]) -> set[HtmlElement]:
    """Kept elements with their subtrees and ancestors, and the main text container's ancestry."""
    protected: set[HtmlElement] = set()
    for el in kept:
        protected.update(el.iter())
        protected.update(el.iterancestors())
    main = main_container(state.root, state.index)
    if main is not None:
        protected.update(dom.ancestors_and_self(main))
    return protected


def main_container(root: HtmlElement, index: dom.TreeIndex) -> HtmlElement | None:
    """The element whose child paragraphs hold the most text: where the article body lives."""
    scores: Counter[HtmlElement] = Counter()
    for p in root.iter("p"):
        length = index.text_len(p)
        parent = p.getparent()
        if length >= rules.MAIN_PARAGRAPH_MIN_CHARS and parent is not None:
            scores[parent] += length
    return scores.most_common(1)[0][0] if scores else None


def drop_forms(state: DomPass) -> None:
    """Comment, reply, newsletter and search forms, with the box that titles them."""
    for form in list(state.root.iter("form")):
        if not state.removable(form) or not _TEXT_INPUTS(form):
            continue
        if state.index.text_len(form) > rules.FORM_MAX_CHARS or form.find(".//h1") is not None:
            continue
        state.drop(_form_box(form, state), "form")


def _form_box(form: HtmlElement, state: DomPass) -> HtmlElement:
    """The largest ancestor holding little besides the form (a heading, a notice)."""
    box, inner = form, state.index.text_len(form)
    parent = form.getparent()
    while parent is not None and state.removable(parent):
        if state.index.text_len(parent) - inner > rules.FORM_BOX_MAX_REST_CHARS:
            break
        box, parent = parent, parent.getparent()
    return box


def drop_teaser_grids(state: DomPass) -> None:
    """Repeated teasers (headline link plus excerpt) side by side: related-posts grids."""
    for parent in list(state.root.iter(etree.Element)):
        if len(parent) < rules.TEASER_GROUP_MIN:
            continue
        teasers = [c for c in parent if _is_card(c) and is_teaser(c, state.index)]
        if len(teasers) < rules.TEASER_GROUP_MIN:
            continue
        teaser_chars = sum(state.index.text_len(t) for t in teasers)
        if teaser_chars < rules.TEASER_GROUP_SHARE * state.index.text_len(parent):
            continue
        if teaser_chars > rules.TEASER_GROUP_MAX_PAGE_SHARE * state.page_chars:
            state.report.kept_teasers += " ".join(fold(state.index.text(t)) for t in teasers) + " "
            continue
        for teaser in teasers:
            if state.removable(teaser):
                state.drop(teaser, "teaser-grid")


def _is_card(el: HtmlElement) -> bool:
    """An element that can hold one teaser: a block (not a table row) or a block-holding link."""
    if not dom.is_element(el):
        return False
    return el.tag in _CARD_TAGS or (el.tag == "a" and dom.has_block_children(el))


def is_teaser(el: HtmlElement, index: dom.TreeIndex) -> bool:
    """A link to another article of the site with its headline, alone or with a short excerpt."""
    text = index.text(el)
    if not rules.TEASER_MIN_CHARS <= len(text) <= rules.TEASER_MAX_CHARS:
        return False
    links = index.internal_links(el)
    if not links or len({target for _, target in links}) > 2:
        return False
    headline = max((index.text(a) for a, _ in links), key=len)
    if word_count(headline) < rules.TEASER_MIN_HEADLINE_WORDS:
        return False
    link_share = sum(index.text_len(a) for a, _ in links) / len(text)
    return link_share >= rules.TEASER_LINK_SHARE or is_truncated(text) or bool(_HEADLINE_LINK(el))


def drop_inline_teasers(state: DomPass) -> None:
    """One-line teasers: a label ("READ |", "See also:") and a link to another article."""
    for el in list(state.root.iter(*_INLINE_TEASER_TAGS)):
        if _is_inline_teaser(el, state.index) and state.removable(el):
            state.drop(el, "inline-teaser")


def _is_inline_teaser(el: HtmlElement, index: dom.TreeIndex) -> bool:
    if not _short_and_inline(el, index):
        return False
    text = index.text(el)
    links = index.page_links(el)
    if not links:
        return False
    outside = fold(_text_outside_links(el, index))
    if outside and _TEASER_LABEL_RE.match(outside):
        return True
    link_chars = sum(index.text_len(a) for a, _ in links)
    return (bool(rules.TEASER_PREFIX_RE.match(text))
            and link_chars >= rules.INLINE_TEASER_LINK_SHARE * len(text))


def _short_and_inline(el: HtmlElement, index: dom.TreeIndex) -> bool:
    """A link-holding element with no block inside and text enough for a line, but no more:
    what a one-line teaser or a row of links looks like. The structural tests come first:
    they settle most elements (a wrapper's first descendant is a block), while the text of
    a wrapper would be walked again after each removal inside it."""
    if next(el.iter("a"), None) is None or dom.has_block_children(el):
        return False
    text = index.text(el)
    return bool(text) and len(text) <= rules.MAX_TEASER_CHARS and not more_words_than(text, rules.MAX_TEASER_WORDS)


def _text_outside_links(el: HtmlElement, index: dom.TreeIndex) -> str:
    """The element's text without the text of its links to other pages (each element's text
    followed by its tail, in the order of the elements)."""
    parts = []
    walk = etree.iterwalk(el, events=("start", "comment", "pi"))
    for event, node in walk:
        link = event == "start" and node.tag == "a" and index.target(node) is not None
        if event == "start" and not link:
            parts.append(node.text or "")
        if node is not el:
            parts.append(node.tail or "")
        if link:
            walk.skip_subtree()
    return " ".join(parts)


def drop_link_blocks(state: DomPass) -> None:
    """Paragraphs made of links: one to another article of the site, or a row of several."""
    for el in list(state.root.iter("p", "div", "td", "h2", "h3", "h4", "h5", "h6")):
        if el.tag == "td" and _has_sibling_cells(el):  # a cell of a data table, not of a layout row
            continue
        if _is_link_block(el, state.index) and state.removable(el):
            state.drop(el, "link-block")


def _has_sibling_cells(cell: HtmlElement) -> bool:
    row = cell.getparent()
    return row is not None and sum(1 for c in row if dom.is_element(c) and c.tag in ("td", "th")) > 1


def _is_link_block(el: HtmlElement, index: dom.TreeIndex) -> bool:
    if not _short_and_inline(el, index):
        return False
    text = index.text(el)
    links = index.page_links(el)
    targets = {target for _, target in links}
    if not targets:
        return False
    link_text = " ".join(index.text(a) for a, _ in links)
    if len(targets) >= rules.LINK_ROW_MIN_LINKS:
        return len(link_text) >= rules.LINK_ROW_DENSITY * len(text)
    internal = index.internal_links(el)
    return (len(targets) == 1 and len(internal) == len(links)
            and word_count(link_text) >= rules.TEASER_MIN_HEADLINE_WORDS
            and len(link_text) >= rules.LINK_BLOCK_DENSITY * len(text))


def drop_labelled_boxes(state: DomPass) -> None:
    """Labels such as "Related Posts" or "Share this:", with the box they title.

    A box titled "Comments", "About the author" or "Newsletter" goes whole, however much text
    it holds; other boxes only while they hold links or little text besides the label.
    """
    for el in list(state.root.iter(*_LABEL_TAGS)):
        text = state.index.text(el)
        if not is_label(text) or not state.removable(el) or dom.has_block_children(el):
            continue
        whole = bool(rules.WHOLE_BOX_LABEL_RE.match(fold(text)))
        state.drop(_label_box(el, whole, state), "label-box")


def _label_box(label: HtmlElement, whole: bool, state: DomPass) -> HtmlElement:
    """The largest ancestor that starts with the label and is all boilerplate."""
    box, label_text = label, state.index.text(label)
    parent = label.getparent()
    while parent is not None and state.removable(parent):
        text = state.index.text(parent)
        if not text.startswith(label_text) or not _is_box_rest(parent, text, label_text, whole, state):
            break
        box, parent = parent, parent.getparent()
    return box


def _is_box_rest(box: HtmlElement, text: str, label_text: str, whole: bool, state: DomPass) -> bool:
    """Whether what the box holds besides its label is boilerplate too."""
    if whole:
        return len(text) <= rules.WHOLE_BOX_MAX_PAGE_SHARE * state.page_chars
    return (len(text) - len(label_text) <= rules.BOX_MAX_REST_CHARS
            or state.index.link_density(box) >= rules.BOX_LINK_DENSITY)


def drop_named_boxes(state: DomPass) -> None:
    """Boxes whose class or id names them: author bios, newsletter and paywall boxes."""
    for el in list(state.root.iter(*rules.BOILERPLATE_BOX_TAGS)):
        rule = _box_rule(f"{el.get('class', '')} {el.get('id', '')}")
        if rule is None or not state.removable(el):
            continue
        if rule == rules.PAYWALL_BOX_RULE and rules.PAYWALL_RE.search(state.index.text(el)):
            state.report.paywall_removed = True
        state.drop(el, rule)


@lru_cache(maxsize=4096)
def _box_rule(names: str) -> str | None:
    """The first rule whose pattern the element's "class id" string matches (the same
    strings come back on every page of a site)."""
    if not _ANY_BOX_RE.search(names):
        return None
    return next((name for name, pattern in _BOX_RULES if pattern.search(names)), None)


DOM_RULES: tuple[Callable[[DomPass], None], ...] = (
    drop_forms,
    drop_named_boxes,
    drop_teaser_grids,
    drop_inline_teasers,
    drop_link_blocks,
    drop_labelled_boxes,
)
