"""Extraction options: per-call settings, the per-site model hook, and trafilatura's settings.

Every argument handed to trafilatura lives in :data:`TRAFILATURA_SETTINGS`, so the
behaviour of the underlying extractor is decided in this one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Mapping

from newsbot.extract.text import fold

# A block quoting another article's headline (of this many words or more) with at most this
# many words around it ("Watch: <headline>") is a teaser.
MIN_QUOTED_HEADLINE_WORDS = 3
MAX_WORDS_AROUND_HEADLINE = 4
# Headlines are link texts and titles of 4 to 25 words (fewer: "Sport", "Read more"), so a
# block of more words than these can quote none.
MIN_HEADLINE_WORDS = 4
MAX_HEADLINE_WORDS = 25
MAX_QUOTING_WORDS = MAX_HEADLINE_WORDS + MAX_WORDS_AROUND_HEADLINE

# Arguments for ``trafilatura.bare_extraction``. Comments are never article text; tables
# often are (results, figures); links and images are not rendered in ``text``.
TRAFILATURA_SETTINGS: Mapping[str, Any] = MappingProxyType({
    "output_format": "python",
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
    "include_links": False,
    "include_formatting": False,
    "favor_precision": False,
    "favor_recall": False,
    "deduplicate": False,
    "with_metadata": False,
})


@dataclass(frozen=True, slots=True)
class SiteModel:
    """What is known about one site from its other pages, used to drop repeated boilerplate.

    ``boilerplate`` and ``headlines`` hold folded texts (see :meth:`key`): ``boilerplate``
    are blocks seen on many pages of the site (promos, disclaimers), ``headlines`` are
    titles of other articles, so a block quoting one of them is a teaser (unless it is one
    of ``own_headlines``, those naming the page being cleaned itself). ``blocks`` are
    keys of DOM blocks (the same text at the same place) learned from the site's pages by
    :mod:`newsbot.extract.site_learning`; they are removed before the text is extracted.
    """

    boilerplate: frozenset[str] = frozenset()
    headlines: frozenset[str] = frozenset()
    blocks: frozenset[int] = frozenset()
    own_headlines: frozenset[str] = frozenset()

    @staticmethod
    def key(text: str) -> str:
        """The folded form the sets must hold."""
        return fold(text)

    def quoted_headline(self, text: str, title: str | None = None) -> str | None:
        """The headline (not ``title``) that ``text`` quotes with at most a few words around it.

        Looks up the word windows of the block, so the cost does not grow with the model.
        """
        return self.quoted_in_folded(fold(text), title)

    def quoted_in_folded(self, folded: str, title: str | None = None) -> str | None:
        """:meth:`quoted_headline` of a text already folded (see :meth:`key`)."""
        if not self.headlines:
            return None
        words = folded.split()
        if len(words) > MAX_QUOTING_WORDS:
            return None
        own = fold(title or "")
        shortest = max(MIN_QUOTED_HEADLINE_WORDS, len(words) - MAX_WORDS_AROUND_HEADLINE)
        for length in range(len(words), shortest - 1, -1):
            for start in range(len(words) - length + 1):
                window = " ".join(words[start:start + length])
                if window in self.headlines and window != own and window not in self.own_headlines:
                    return window
        return None


@dataclass(frozen=True, slots=True)
class ExtractOptions:
    """Per-call settings of :func:`newsbot.extract.extract_article`.

    ``drop_selectors`` and ``keep_selectors`` are CSS selectors for one site: dropped
    elements never reach the text; kept elements are shielded from every boilerplate rule.
    ``explain`` records why each element or block was dropped: ``explain_article`` returns
    the record, ``extract_article`` logs it at DEBUG level.
    ``min_words`` is the shortest body that still counts as an article.
    ``observe`` also reads what the page teaches about its site, ``check_wall`` tells a
    wall (bot challenge, consent or "Access denied" page: not extracted) and
    ``read_links`` reads the links a crawl follows (see :func:`newsbot.extract.read_page`).
    """

    drop_selectors: tuple[str, ...] = ()
    keep_selectors: tuple[str, ...] = ()
    explain: bool = False
    site_model: SiteModel | None = None
    min_words: int = 25
    observe: bool = False
    check_wall: bool = False
    read_links: bool = False


DEFAULT_OPTIONS = ExtractOptions()
