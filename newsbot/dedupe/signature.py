"""MinHash signatures of article text and their LSH bands (pure functions).

Two texts whose word-shingle sets have a Jaccard similarity of at least the threshold are
near duplicates. Signatures are banded as in classic LSH (bands and rows chosen for the
threshold as datasketch's ``MinHashLSH`` chooses them), so candidates are found by looking
up band keys in an index whose cost per article does not grow with the number of stored
articles; each candidate is then confirmed on its whole signature.
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
        bands, rows = optimal_bands(threshold, NUM_PERM)
        return cls(threshold, bands, rows)


def optimal_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """The (bands, rows) that minimise the false positive plus false negative probability
    mass, the choice datasketch's ``MinHashLSH`` makes with equal weights.

    datasketch integrates with scipy, whose import costs the crawl process a third of a
    second before its first request. The probabilities are polynomials in the similarity of
    degree at most ``num_perm``, which Gauss-Legendre quadrature with ``num_perm // 2 + 1``
    nodes integrates exactly, with numpy alone.
    """
    nodes, weights = np.polynomial.legendre.leggauss(num_perm // 2 + 1)

    def on(low: float, high: float) -> tuple[np.ndarray, np.ndarray]:  # nodes and weights for [low, high]
        half = (high - low) / 2
        return half * nodes + (high + low) / 2, half * weights

    below, below_weights = on(0.0, threshold)
    above, above_weights = on(threshold, 1.0)
    best, least = (0, 0), float("inf")
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            # A pair at similarity s is missed when none of its bands agrees: (1 - s^rows)^bands.
            false_positive = below_weights @ (1 - (1 - below ** rows) ** bands)
            false_negative = above_weights @ ((1 - above ** rows) ** bands)
            error = (false_positive + false_negative) / 2
            if error < least:
                best, least = (bands, rows), error
    return best


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
    of a second), which a crawl process that hands its pages to cleaning workers never
    needs. The workers' server imports it beforehand (:mod:`newsbot.worker_preload`)."""
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
