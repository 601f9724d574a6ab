"""Near-duplicate documents: one wire story on two sites, found and linked, not counted twice.

Each document is cut into shingles (runs of five words) hashed to 63-bit integers; its sketch
is the K smallest hashes (a bottom-k sketch). Two copies of one story share most shingles, so
they share sketch hashes; the store finds earlier documents sharing any, and the texts of
those few are compared exactly. Two documents are near-duplicates when most of the shorter
one's shingles appear in the other (overlap coefficient), so a copy with a different headline,
byline and footer is still found.
"""

from __future__ import annotations

import hashlib
import re

SHINGLE_WORDS = 5
SKETCH_SIZE = 24
THRESHOLD = 0.7
WORD_RE = re.compile(r"\w+", re.UNICODE)
MASK = (1 << 63) - 1


def shingles(text: str) -> set[int]:
    words = WORD_RE.findall(text.lower())
    if len(words) < SHINGLE_WORDS:
        return {_hash(" ".join(words))} if words else set()
    return {_hash(" ".join(words[i:i + SHINGLE_WORDS]))
            for i in range(len(words) - SHINGLE_WORDS + 1)}


def _hash(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big") & MASK


def sketch(hashes: set[int]) -> list[int]:
    return sorted(hashes)[:SKETCH_SIZE]


def similarity(a: set[int], b: set[int]) -> float:
    """Share of the smaller document's shingles that the other one has too."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))
