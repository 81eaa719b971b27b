"""Extraction options: per-call settings, the per-site model hook, and trafilatura's settings.

Every argument handed to trafilatura lives in :data:`TRAFILATURA_SETTINGS`, so the
behaviour of the underlying extractor is decided in this one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Mapping

from newsbot.extract.text import fold

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

    Both sets hold folded texts (see :meth:`key`): ``boilerplate`` are blocks seen on many
    pages of the site (promos, disclaimers), ``headlines`` are titles of other articles, so a
    block quoting one of them is a teaser.
    """

    boilerplate: frozenset[str] = frozenset()
    headlines: frozenset[str] = frozenset()

    @staticmethod
    def key(text: str) -> str:
        """The folded form the sets must hold."""
        return fold(text)


@dataclass(frozen=True, slots=True)
class ExtractOptions:
    """Per-call settings of :func:`newsbot.extract.extract_article`.

    ``drop_selectors`` and ``keep_selectors`` are CSS selectors for one site: dropped
    elements never reach the text; kept elements are shielded from every boilerplate rule.
    ``explain`` records why each element or block was dropped: ``explain_article`` returns
    the record, ``extract_article`` logs it at DEBUG level.
    ``min_words`` is the shortest body that still counts as an article.
    """

    drop_selectors: tuple[str, ...] = ()
    keep_selectors: tuple[str, ...] = ()
    explain: bool = False
    site_model: SiteModel | None = None
    min_words: int = 25


DEFAULT_OPTIONS = ExtractOptions()
