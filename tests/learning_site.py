"""A small news site whose boilerplate only site-level learning can see, served on 127.0.0.1.

The Valley Ledger's story pages carry, inside the story body and written as plain
paragraphs, a house note on every page, an author blurb on each author's pages, and on a
few pages the headline of another story without a link. No generic rule can tell these
from article text, but they recur across pages (or quote another story's headline), so the
site's learned model removes them. Some stories also have short paragraphs of their own
("Why?", and "He added:" on two pages only) that must stay.

    python -m tests.learning_site      # serve it; prints its URL
"""

from __future__ import annotations

import json
import random
import threading
from dataclasses import dataclass
from html import escape
from http.server import BaseHTTPRequestHandler

from newsbot.demo.server import CrawlableServer

HOUSE_NOTE = "Our reporters live in the valley and walk these streets every day."
BLURBS = {
    "Mara Voss": "Mara Voss covers farming and water for the Valley Ledger from Millbrook.",
    "Tom Okafor": "Tom Okafor reports on the towns, the schools and the roads of the lower valley.",
}
FOOTER = "Valley Ledger, 12 Mill Street, Millbrook. Printed on recycled paper since 1921."
PLACES = ("Millbrook", "Ashford", "Lower Fen", "Kettle Cross", "Orrin Bridge", "Hallow End")
SUBJECTS = ("the mill pond", "the county road", "the school board", "the flood barrier", "the rail halt",
            "the market hall", "the water meadow", "the old quarry", "the bus route", "the library")
VERBS = ("agreed to review", "voted to fund", "delayed work on", "asked for a report on", "will inspect",
         "refused to close", "approved repairs to", "published plans for")
WHO = ("The parish council", "A group of residents", "The county engineer", "Local farmers",
       "The district auditor", "Volunteers from the rowing club")
TAILS = ("after a long meeting on Tuesday evening", "before the summer holidays begin",
         "once the spring rains have passed", "despite objections from two members",
         "following a petition signed by hundreds", "at a cost still to be agreed")
TOPICS = ("Storm damage", "Budget row", "Harvest fair", "Road closure", "School merger", "Bridge repair")
# Stories whose body quotes another story's headline (as a teaser, without a link): n -> m.
QUOTES = {4: 9, 7: 2, 10: 5}
N_STORIES = 12


@dataclass(frozen=True)
class Story:
    """One story: its own text blocks (what a clean body holds) and where it lives."""

    n: int
    title: str
    author: str
    blocks: tuple[str, ...]

    @property
    def path(self) -> str:
        return f"/2024/05/{self.n:02d}/story-{self.n}/"

    @property
    def text(self) -> str:
        return "\n\n".join(self.blocks)


def _sentence(rng: random.Random) -> str:
    place = rng.choice(PLACES)
    return f"{rng.choice(WHO)} in {place} {rng.choice(VERBS)} {rng.choice(SUBJECTS)} {rng.choice(TAILS)}."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(3))


def stories() -> list[Story]:
    """The site's stories, each with prose of its own and a few short blocks."""
    found = []
    for n in range(1, N_STORIES + 1):
        rng = random.Random(f"ledger:{n}")
        blocks = [_paragraph(rng) for _ in range(4)]
        if n == 3:
            blocks.insert(2, "Why?")
        if n in (5, 8):
            blocks.insert(1, "He added:")
        title = f"{TOPICS[n % len(TOPICS)]} in {PLACES[n % len(PLACES)]}: what story {n} means"
        found.append(Story(n, title, list(BLURBS)[n % 2], tuple(blocks)))
    return found


STORIES = stories()


def story_page(story: Story) -> str:
    """A story page: the boilerplate learning must find sits among the story's paragraphs."""
    body = [f"<p>{escape(b)}</p>" for b in story.blocks]
    body.insert(2, f"<p>{escape(HOUSE_NOTE)}</p>")
    if story.n in QUOTES:
        body.insert(3, f"<p><strong>{escape(STORIES[QUOTES[story.n] - 1].title)}</strong></p>")
    body.append(f"<p>{escape(BLURBS[story.author])}</p>")
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": story.title,
                     "datePublished": f"2024-05-{story.n:02d}T08:00:00+00:00",
                     "author": {"@type": "Person", "name": story.author}})
    return _page(story.title, f'<meta property="og:type" content="article">'
                              f'<script type="application/ld+json">{ld}</script>',
                 f'<main><article class="story"><h1>{escape(story.title)}</h1>'
                 f'<div class="byline">By {escape(story.author)}</div>'
                 f'<div class="story-body">{"".join(body)}</div></article></main>')


def front_page() -> str:
    teasers = "".join(
        f'<article class="teaser"><h2><a href="{s.path}">{escape(s.title)}</a></h2>'
        f'<p class="excerpt">{escape(s.blocks[0][:90])}…</p></article>' for s in STORIES)
    return _page("Valley Ledger", '<meta property="og:type" content="website">',
                 f'<main><h1>Latest from the valley</h1><div class="teasers">{teasers}</div></main>')


def _page(title: str, head: str, main: str) -> str:
    nav = ('<header class="masthead"><a href="/">Valley Ledger</a><nav><ul>'
           '<li><a href="/">Home</a></li><li><a href="/about/">About us</a></li></ul></nav></header>')
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{escape(title)}</title>"
            f"{head}</head><body>{nav}{main}<footer><p>{escape(FOOTER)}</p></footer></body></html>")


PAGES = {"/": front_page(), **{s.path: story_page(s) for s in STORIES}}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        page = PAGES.get(self.path.split("?", 1)[0])
        body = (page or "<html><body><p>Not found</p></body></html>").encode("utf-8")
        self.send_response(200 if page else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


class LedgerServer:
    """The site on a free port of 127.0.0.1, in a thread of this process."""

    def __init__(self) -> None:
        self.server = CrawlableServer(("127.0.0.1", 0), _Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


if __name__ == "__main__":
    server = LedgerServer()
    print(f"Valley Ledger at {server.url}/", flush=True)
    threading.Event().wait()
