"""MinHash signatures of article text and their LSH bands (pure functions).

Two texts whose word-shingle sets have a Jaccard similarity of at least the threshold are
near duplicates. Signatures are banded as in classic LSH (datasketch picks bands and rows
for the threshold), so candidates are found by looking up band keys in an index whose
cost per article does not grow with the number of stored articles; each candidate is then
confirmed on its whole signature.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from newsbot.extract.text import fold

if TYPE_CHECKING:
    from datasketch import MinHash

NUM_PERM = 128
SHINGLE_WORDS = 3


@dataclass(frozen=True)
class LshScheme:
    """How a signature is cut into bands for a given similarity threshold."""

    threshold: float
    bands: int
    rows: int

    @classmethod
    @lru_cache(maxsize=8)
    def for_threshold(cls, threshold: float) -> "LshScheme":
        from datasketch.lsh import _optimal_param  # see _template: datasketch imports scipy

        bands, rows = _optimal_param(threshold, NUM_PERM, 0.5, 0.5)
        return cls(threshold, bands, rows)


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """Word n-grams of the folded text (case, quotes and punctuation do not matter)."""
    words = fold(text).split()
    if len(words) <= size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i:i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


@lru_cache(maxsize=1)
def _template() -> MinHash:
    """A MinHash whose permutations every signature shares: drawing them is a fifth of the
    cost of signing an article.

    datasketch is imported here, not with this module: its import pulls in scipy (a third
    of a second), which the crawl process needs only for the bands of one threshold. The
    cleaning workers' server imports it beforehand (:mod:`newsbot.workers`)."""
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM)


def signature(text: str) -> bytes:
    """The MinHash signature of a text, packed as little-endian uint32 values."""
    minhash = _template().copy()  # the template is never updated: its copy starts empty
    minhash.update_batch(list(shingles(text)))
    return minhash.hashvalues.astype("<u4").tobytes()


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of the texts behind two signatures."""
    return float(np.mean(np.frombuffer(a, "<u4") == np.frombuffer(b, "<u4")))


def band_keys(sig: bytes, scheme: LshScheme) -> list[int]:
    """One signed 64-bit key per band: a digest of the band number and its rows."""
    width = scheme.rows * 4
    return [
        int.from_bytes(hashlib.blake2b(sig[band * width:(band + 1) * width], digest_size=8,
                                       person=band.to_bytes(2, "little")).digest(), "little", signed=True)
        for band in range(scheme.bands)
    ]
