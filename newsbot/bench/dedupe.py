"""Near-duplicate detection: precision and recall on generated copies, cost as the store grows.

Quality: stories of the demo generator are stored; then lightly edited copies of them
(a dropped or added paragraph, a credit line, other quote marks: what syndication does)
and other stories on the same topics (same section and sentence templates, never stored)
are looked up. A copy found is a true positive; a different story found is a false one.

Cost: the store is filled with N stored signatures (10k, 100k, 1M by default: random
signatures and their LSH bands, which load the index as real ones do), then each of a
batch of new articles is looked up and stored as the pipeline does. It prints the time per
article and the resident memory of this process at each size.

    python -m newsbot bench dedupe [--sizes 10000,100000,1000000] [--stories 400]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import psutil

from newsbot.dedupe.signature import NUM_PERM, LshScheme, band_keys, signature, similarity
from newsbot.demo.site import DemoSite
from newsbot.extract.text import fingerprint
from newsbot.items import Article
from newsbot.store.base import SaveExtras
from newsbot.store.sqlite import SQLiteStore

THRESHOLD = 0.6
CREDIT = "This story was first published by {wire} and is republished here with permission."
WIRES = ("Northgate Wire", "Harbour Press Agency", "Eastfield News Service")


def make_copy(blocks: list[str], rng: random.Random) -> list[str]:
    """A syndicated copy: one paragraph dropped or added, a credit line, straight quotes."""
    copy = [b.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"') for b in blocks]
    if rng.random() < 0.5 and len(copy) > 3:
        del copy[rng.randrange(1, len(copy))]
    else:
        copy.insert(rng.randrange(1, len(copy)), "Officials declined to comment further on Tuesday.")
    copy.append(CREDIT.format(wire=rng.choice(WIRES)))
    return copy


def _article(n: int, text: str) -> Article:
    return Article(url=f"https://bench.test/{n}", canonical_url=f"https://bench.test/{n}",
                   text=text, fingerprint=fingerprint(text), word_count=len(text.split()))


@dataclass
class Quality:
    copies: int = 0
    copies_found: int = 0
    others: int = 0
    others_flagged: int = 0

    @property
    def precision(self) -> float:
        flagged = self.copies_found + self.others_flagged
        return self.copies_found / flagged if flagged else 1.0

    @property
    def recall(self) -> float:
        return self.copies_found / self.copies if self.copies else 1.0


def _is_copy_of(sig: bytes):
    return lambda other: similarity(sig, other) >= THRESHOLD


def measure_quality(stories: int, workdir: Path) -> Quality:
    """Store half the stories; look up copies of them and the other, unstored half."""
    rng = random.Random(7)
    site = DemoSite(n_articles=stories * 2)
    stored, unseen = site.articles[::2], site.articles[1::2]
    store = SQLiteStore.from_url(f"sqlite:///{workdir / 'quality.db'}", keep_html=False)
    scheme = LshScheme.for_threshold(THRESHOLD)
    for n, story in enumerate(stored):
        text = "\n\n".join(story.blocks)
        sig = signature(text)
        store.save_article(_article(n, text), None, SaveExtras(sig, band_keys(sig, scheme)))
    quality = Quality()
    for n, story in enumerate(stored):
        text = "\n\n".join(make_copy(list(story.blocks), rng))
        sig = signature(text)
        quality.copies += 1
        found = store.find_copy(_article(10**7 + n, text), band_keys(sig, scheme), _is_copy_of(sig))
        quality.copies_found += found == f"https://bench.test/{n}"
    for n, story in enumerate(unseen):
        text = "\n\n".join(story.blocks)
        sig = signature(text)
        quality.others += 1
        quality.others_flagged += store.find_copy(_article(2 * 10**7 + n, text), band_keys(sig, scheme),
                                                  _is_copy_of(sig)) is not None
    store.close()
    return quality


def fill(store: SQLiteStore, start: int, count: int, scheme: LshScheme, rng: np.random.Generator) -> None:
    """Add ``count`` stored articles with random signatures, in large transactions."""
    batch = 20_000
    for first in range(start, start + count, batch):
        ids = range(first, min(first + batch, start + count))
        sigs = rng.integers(0, 2**32, size=(len(ids), NUM_PERM), dtype=np.uint32)
        with store.conn:
            store.conn.executemany(
                "INSERT INTO articles (canonical_url, url, text, authors, tags, word_count, fingerprint, "
                "paywalled, revision) VALUES (?, ?, '', '[]', '[]', 0, ?, 0, 1)",
                [(f"https://fill.test/{i}", f"https://fill.test/{i}", f"fill{i}") for i in ids])
            rows = store.conn.execute("SELECT id FROM articles WHERE canonical_url >= ? ORDER BY id DESC LIMIT ?",
                                      ("https://fill.test/", len(ids))).fetchall()
            pairs = list(zip(sorted(r[0] for r in rows), sigs))
            store.conn.executemany("INSERT INTO signatures (article_id, minhash) VALUES (?, ?)",
                                   [(aid, sig.astype("<u4").tobytes()) for aid, sig in pairs])
            store.conn.executemany("INSERT INTO lsh_bands (band_key, article_id) VALUES (?, ?)",
                                   [(key, aid) for aid, sig in pairs
                                    for key in band_keys(sig.astype("<u4").tobytes(), scheme)])


def measure_cost(sizes: list[int], probes: int, workdir: Path) -> list[tuple[int, float, float, float]]:
    """(stored signatures, ms per article, process RSS MB, store MB) at each size."""
    scheme = LshScheme.for_threshold(THRESHOLD)
    store = SQLiteStore.from_url(f"sqlite:///{workdir / 'cost.db'}", keep_html=False)
    rng = np.random.default_rng(1)
    texts = ["\n\n".join(a.blocks) for a in DemoSite(n_articles=probes * len(sizes)).articles]
    rows, filled = [], 0
    for round_no, size in enumerate(sizes):
        fill(store, filled, size - filled, scheme, rng)
        filled = size
        batch = texts[round_no * probes:(round_no + 1) * probes]
        start = time.perf_counter()
        for n, text in enumerate(batch):
            sig = signature(text)
            keys = band_keys(sig, scheme)
            article = _article(10**8 + round_no * probes + n, text)
            article.duplicate_of = store.find_copy(article, keys, _is_copy_of(sig))
            store.save_article(article, None, SaveExtras(sig, keys))
        per_article = (time.perf_counter() - start) / len(batch) * 1000
        rss = psutil.Process().memory_info().rss / 2**20
        db_mb = sum(p.stat().st_size for p in workdir.glob("cost.db*")) / 2**20
        rows.append((size, per_article, rss, db_mb))
        print(f"{size:>10,} {per_article:>12.2f} {rss:>10.0f} {db_mb:>10.0f}", flush=True)
    store.close()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsbot bench dedupe", description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=400, help="stored stories in the quality run")
    parser.add_argument("--sizes", default="10000,100000,1000000", help="stored signatures, comma-separated")
    parser.add_argument("--probes", type=int, default=300, help="articles looked up and stored at each size")
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    with tempfile.TemporaryDirectory(prefix="newsbot-dedupe-", dir=os.environ.get("TMPDIR")) as tmp:
        quality = measure_quality(args.stories, Path(tmp))
        print(f"near-duplicates (Jaccard >= {THRESHOLD}): {quality.copies} copies, {quality.others} other "
              f"stories on the same topics")
        print(f"precision {quality.precision:.3f}  recall {quality.recall:.3f}  "
              f"(copies found {quality.copies_found}, other stories flagged {quality.others_flagged})")
        print(f"\n{'stored':>10} {'ms/article':>12} {'RSS MB':>10} {'store MB':>10}")
        measure_cost(sizes, args.probes, Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
