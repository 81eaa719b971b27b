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

import numpy as np

from newsbot.extract.text import fold

NUM_PERM = 128
SHINGLE_WORDS = 3
SEED = 1
_MAX_HASH = np.uint32(0xFFFFFFFF)
# MurmurHash3's 32-bit finalizer: shift, multiplier, shift, multiplier, shift.
_FMIX32 = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))


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
    """Word n-grams of the folded text (case, quotes and punctuation do not matter), UTF-8.

    The folded text is encoded once and split as bytes: its words are separated by single
    spaces and hold no whitespace, and no byte of a multi-byte UTF-8 character is one."""
    words = fold(text).encode("utf-8").split()
    if len(words) <= size:
        return {b" ".join(words)} if words else set()
    return {b" ".join(gram) for gram in zip(*(words[i:] for i in range(size)))}


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The ``NUM_PERM`` affine permutations ``h -> a * h + b`` (mod 2^32, ``a`` odd) of
    datasketch's ``MinHash(num_perm=128)``: its default scheme ("affine32") and seed, drawn
    the same way, so signatures equal those datasketch 2 computes.

    The signature is computed here rather than with datasketch, whose import pulls in scipy:
    two thirds of a second before a crawl's first page is cleaned. Owning the dozen lines
    also keeps stored signatures comparable whatever a later datasketch makes its default
    (version 2 changed it); ``tests/test_dedupe.py`` checks them against datasketch's."""
    gen = np.random.RandomState(SEED)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def _hashes(items: set[bytes]) -> np.ndarray:
    """The first 32 bits of each item's SHA-1, mixed by MurmurHash3's finalizer (a column)."""
    shift1, mult1, shift2, mult2, shift3 = _FMIX32
    h = np.frombuffer(b"".join([hashlib.sha1(item).digest()[:4] for item in items]),
                      dtype="<u4").astype(np.uint32).reshape(-1, 1)
    h ^= h >> shift1
    h *= mult1  # uint32 arithmetic wraps around: modulo 2^32, as intended
    h ^= h >> shift2
    h *= mult2
    return h ^ (h >> shift3)


def signature(text: str) -> bytes:
    """The MinHash signature of a text, packed as little-endian uint32 values."""
    values = np.full(NUM_PERM, _MAX_HASH, dtype=np.uint32)
    items = shingles(text)
    if items:
        a, b = _permutations()
        values = np.minimum(values, (_hashes(items) * a + b).min(axis=0))
    return values.astype("<u4").tobytes()


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
