"""Merkle tree hashing, inclusion and consistency proofs as RFC 9162 §2.1 defines them.

Pure functions (no I/O), so the store can keep the log in the same transaction as the objects
and a third party can check a proof with nothing but this module. Subtrees are named by leaf
ranges `(start, end)`; `store/log.py` turns a range into a hash from stored perfect subtrees.

Why not a library: the PyPI Merkle packages either hash differently from RFC 9162 (no 0x00 /
0x01 domain separation, duplicated odd leaves, as Bitcoin does) or keep the whole tree in
memory; a log of millions of leaves needs proofs from stored subtrees in O(log n) reads.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

EMPTY_ROOT = hashlib.sha256(b"").digest()
Range = tuple[int, int]


def leaf_hash(data: bytes) -> bytes:
    """RFC 9162 §2.1.1: MTH({d}) = SHA-256(0x00 || d)."""
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """RFC 9162 §2.1.1: SHA-256(0x01 || MTH(left) || MTH(right))."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def split(n: int) -> int:
    """The largest power of two smaller than n (n > 1): where RFC 9162 splits a tree of n."""
    return 1 << ((n - 1).bit_length() - 1)


def root(leaves: Sequence[bytes]) -> bytes:
    """MTH of a list of leaf hashes (RFC 9162 §2.1.1), the plain recursive definition."""
    if not leaves:
        return EMPTY_ROOT
    if len(leaves) == 1:
        return leaves[0]
    k = split(len(leaves))
    return node_hash(root(leaves[:k]), root(leaves[k:]))


def inclusion_ranges(index: int, size: int) -> list[Range]:
    """The subtrees whose hashes form PATH(index, D[size]), RFC 9162 §2.1.3.1, leaf first."""
    if not 0 <= index < size:
        raise ValueError(f"leaf {index} is not in a tree of size {size}")
    out: list[Range] = []
    lo, hi = 0, size
    while hi - lo > 1:
        k = split(hi - lo)
        if index < lo + k:
            out.append((lo + k, hi))
            hi = lo + k
        else:
            out.append((lo, lo + k))
            lo = lo + k
    out.reverse()
    return out


def inclusion_paths(size: int, leaves: dict[int, bytes],
                    fetch: Callable[[list[Range]], list[bytes]]) -> tuple[dict[int, list[bytes]],
                                                                        bytes]:
    """PATH(i, D[size]) of every leaf `i` in `leaves` (its hash by index), and the root, in one
    walk over the subtrees that hold them: a subtree with none of them is fetched once
    (`fetch(ranges)`), one that holds some is hashed from them, so the paths of neighbouring
    leaves share all but their lowest steps. For a batch of k adjacent leaves that is about
    k hashes and 2·log2(size) fetched subtrees instead of k·log2(size) of each."""
    targets = sorted(i for i in leaves if 0 <= i < size)
    if len(targets) != len(leaves):
        raise ValueError(f"leaves {sorted(set(leaves) - set(targets))[:3]} are not in a tree "
                         f"of size {size}")
    if not targets:
        return {}, EMPTY_ROOT if not size else fetch([(0, size)])[0]
    outside: list[Range] = []

    def plan(lo: int, hi: int, a: int, b: int) -> None:
        if hi - lo == 1:
            return
        mid = lo + split(hi - lo)
        cut = bisect_left(targets, mid, a, b)
        for part, first, last in (((lo, mid), a, cut), ((mid, hi), cut, b)):
            if first < last:
                plan(*part, first, last)
            else:
                outside.append(part)

    plan(0, size, 0, len(targets))
    hashes: dict[Range, bytes] = dict(zip(outside, fetch(outside), strict=True))

    def mth(lo: int, hi: int, a: int, b: int) -> bytes:
        if hi - lo == 1:
            value = leaves[lo]
        else:
            mid = lo + split(hi - lo)
            cut = bisect_left(targets, mid, a, b)
            left = mth(lo, mid, a, cut) if a < cut else hashes[(lo, mid)]
            right = mth(mid, hi, cut, b) if cut < b else hashes[(mid, hi)]
            value = node_hash(left, right)
        hashes[(lo, hi)] = value
        return value

    top = mth(0, size, 0, len(targets))
    paths: dict[int, list[bytes]] = {}

    def down(lo: int, hi: int, a: int, b: int, above: list[bytes]) -> None:
        if hi - lo == 1:
            paths[lo] = above[::-1]  # RFC 9162 order: the leaf's sibling first
            return
        mid = lo + split(hi - lo)
        cut = bisect_left(targets, mid, a, b)
        if a < cut:
            down(lo, mid, a, cut, [*above, hashes[(mid, hi)]])
        if cut < b:
            down(mid, hi, cut, b, [*above, hashes[(lo, mid)]])

    down(0, size, 0, len(targets), [])
    return paths, top


def consistency_ranges(first: int, second: int) -> list[Range]:
    """The subtrees whose hashes form PROOF(first, D[second]), RFC 9162 §2.1.4.1."""
    if not 0 < first <= second:
        raise ValueError(f"no consistency proof from size {first} to size {second}")
    out: list[Range] = []
    lo, hi, m, complete = 0, second, first, True
    while True:
        if m == hi - lo:
            if not complete:
                out.append((lo, hi))
            break
        k = split(hi - lo)
        if m <= k:
            out.append((lo + k, hi))
            hi = lo + k
        else:
            out.append((lo, lo + k))
            lo, m, complete = lo + k, m - k, False
    out.reverse()
    return out


def pieces(start: int, end: int) -> list[tuple[int, int]]:
    """The perfect aligned subtrees `(level, index)` whose hashes make up MTH(D[start:end]),
    for the ranges proofs name (start is a multiple of the largest piece)."""
    out: list[tuple[int, int]] = []
    while start < end:
        n = end - start
        size = n if n & (n - 1) == 0 else split(n)
        level = size.bit_length() - 1
        if start % size:
            raise ValueError(f"range {start}-{end} is not a subtree of an RFC 9162 tree")
        out.append((level, start >> level))
        start += size
    return out


def combine(hashes: Sequence[bytes]) -> bytes:
    """MTH of a range from the hashes of its `pieces`, largest first (fold from the right)."""
    acc = hashes[-1]
    for piece in reversed(hashes[:-1]):
        acc = node_hash(piece, acc)
    return acc


def verify_inclusion(index: int, size: int, leaf: bytes, path: Sequence[bytes],
                     expected_root: bytes) -> bool:
    """RFC 9162 §2.1.3.2: does `path` prove leaf `index` of a tree of `size` with this root?"""
    if not 0 <= index < size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == expected_root


def verify_consistency(first: int, second: int, first_root: bytes, second_root: bytes,
                       proof: Sequence[bytes]) -> bool:
    """RFC 9162 §2.1.4.2: is a tree of `first` leaves a prefix of the tree of `second`?"""
    if first == second:
        return not proof and first_root == second_root
    if not 0 < first < second or not proof:
        return False
    path = list(proof)
    if first & (first - 1) == 0:
        path.insert(0, first_root)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and fr == first_root and sr == second_root


@dataclass
class Frontier:
    """The right edge of a growing tree: the perfect subtrees of a tree of `size` leaves, one
    per set bit of `size`, largest first. Appending leaves yields every subtree it completes."""

    size: int = 0
    nodes: list[tuple[int, bytes]] = field(default_factory=list)  # (level, hash)

    @classmethod
    def load(cls, size: int, fetch: Callable[[list[tuple[int, int]]], list[bytes]]) -> Frontier:
        """The frontier of a stored tree; `fetch` returns the hashes of `(level, index)` pairs."""
        wanted = pieces(0, size) if size else []
        hashes = fetch(wanted) if wanted else []
        return cls(size, [(level, h) for (level, _), h in zip(wanted, hashes, strict=True)])

    def append(self, leaf: bytes) -> Iterator[tuple[int, int, bytes]]:
        """Add one leaf hash; yields `(level, index, hash)` of each subtree it completes."""
        position = self.size
        self.size += 1
        level, h = 0, leaf
        while self.nodes and self.nodes[-1][0] == level:
            _, left = self.nodes.pop()
            level, h = level + 1, node_hash(left, h)
            yield level, position >> level, h
        self.nodes.append((level, h))

    def extend(self, leaves: Sequence[bytes], min_level: int = 1) -> list[tuple[int, int, bytes]]:
        """`append` for many leaves at once (the log's hot path): the completed subtrees at
        `min_level` and above, in the order they complete."""
        out: list[tuple[int, int, bytes]] = []
        nodes, sha = self.nodes, hashlib.sha256
        position = self.size
        for leaf in leaves:
            level, h = 0, leaf
            while nodes and nodes[-1][0] == level:
                h = sha(b"\x01" + nodes.pop()[1] + h).digest()
                level += 1
                if level >= min_level:
                    out.append((level, position >> level, h))
            nodes.append((level, h))
            position += 1
        self.size = position
        return out

    def root(self) -> bytes:
        if not self.nodes:
            return EMPTY_ROOT
        return combine([h for _, h in self.nodes])
