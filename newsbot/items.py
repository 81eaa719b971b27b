"""The items newsbot passes between its parts, each field defined in one place."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsbot.extract.links import PageLinks


@dataclass
class Article:
    """One news article, as emitted to feeds and kept in the store.

    ``text`` is the body only (no headline, byline or dateline): blocks separated by a
    blank line, Unicode NFC, whitespace normalized.
    """

    url: str
    canonical_url: str
    title: str | None = None
    text: str = ""
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    modified: str | None = None
    language: str | None = None
    site_name: str | None = None
    description: str | None = None
    image: str | None = None
    tags: list[str] = field(default_factory=list)
    section: str | None = None
    word_count: int = 0
    fingerprint: str = ""
    fetched_at: str | None = None
    site: str | None = None
    paywalled: bool = False
    revision: int = 1  # 2, 3, ... each time the stored text changed
    duplicate_of: str | None = None  # canonical URL of the story this is a copy of


@dataclass
class Page:
    """A fetched HTML page on its way from the spider to the cleaning pipeline.

    Pages are never exported: the cleaning pipeline turns each into an :class:`Article`
    or drops it.
    """

    url: str
    html: str
    site: str
    fetched_at: str
    status: int = 200
    etag: str | None = None
    last_modified: str | None = None
    # Every URL that led to this page (redirect chain), so none is fetched again.
    urls: tuple[str, ...] = ()
    article: Article | None = None  # set by the cleaning pipeline
    signature: bytes | None = None  # MinHash of the article text, set with it
    band_keys: list[int] = field(default_factory=list)  # its LSH keys, set by dedupe
    # Tells a stored signature that the article copies, set by dedupe with the band keys.
    is_copy: Callable[[bytes], bool] | None = None
    # Set by the spider when it follows the page's links, which it then waits for: the
    # cleaning worker reads them from its own parse of the page (see settle_links).
    links: asyncio.Future[PageLinks | None] | None = field(default=None, repr=False, compare=False)

    def settle_links(self, links: PageLinks | None) -> None:
        """Hand the spider the links to follow (none for a wall), or None when nobody read
        them: the spider reads them itself. Only the first word counts."""
        if self.links is not None and not self.links.done():
            self.links.set_result(links)
