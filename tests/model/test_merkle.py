"""RFC 9162 hashing and proofs: checked against the recursive definitions, and tampered with."""

from __future__ import annotations

import hashlib

import pytest

from jirga.model import merkle

LEAVES = [merkle.leaf_hash(f"entry {i}".encode()) for i in range(40)]


def mth(lo: int, hi: int) -> bytes:
    return merkle.root(LEAVES[lo:hi])


def path(index: int, size: int) -> list[bytes]:
    return [mth(lo, hi) for lo, hi in merkle.inclusion_ranges(index, size)]


def consistency(first: int, second: int) -> list[bytes]:
    return [mth(lo, hi) for lo, hi in merkle.consistency_ranges(first, second)] \
        if first != second else []


def test_domain_separated_hashes() -> None:
    assert merkle.leaf_hash(b"x") == hashlib.sha256(b"\x00x").digest()
    assert merkle.node_hash(b"a", b"b") == hashlib.sha256(b"\x01ab").digest()
    assert merkle.root([]) == hashlib.sha256(b"").digest()


def test_frontier_root_and_completed_subtrees_match_the_definition() -> None:
    frontier = merkle.Frontier()
    for n, leaf in enumerate(LEAVES, start=1):
        for level, index, digest in frontier.append(leaf):
            assert digest == mth(index << level, (index + 1) << level)
        assert frontier.root() == mth(0, n)


@pytest.mark.parametrize("size", [1, 2, 3, 7, 8, 9, 31, 32, 33, 40])
def test_every_inclusion_proof_checks_and_is_logarithmic(size: int) -> None:
    root = mth(0, size)
    for index in range(size):
        proof = path(index, size)
        assert len(proof) <= max(1, (size - 1).bit_length())
        assert merkle.verify_inclusion(index, size, LEAVES[index], proof, root)
        other = LEAVES[(index + 1) % len(LEAVES)]
        assert not merkle.verify_inclusion(index, size, other, proof, root)
        if proof:
            bent = [*proof[:-1], merkle.leaf_hash(b"forged")]
            assert not merkle.verify_inclusion(index, size, LEAVES[index], bent, root)
        if size > 1:
            assert not merkle.verify_inclusion((index + 1) % size, size, LEAVES[index], proof, root)


@pytest.mark.parametrize("second", [1, 2, 5, 8, 13, 16, 17, 40])
def test_every_consistency_proof_checks(second: int) -> None:
    root = mth(0, second)
    for first in range(1, second + 1):
        proof = consistency(first, second)
        assert merkle.verify_consistency(first, second, mth(0, first), root, proof)
        if first < second:
            rewritten = merkle.root([*LEAVES[: first - 1], merkle.leaf_hash(b"rewritten")])
            assert not merkle.verify_consistency(first, second, rewritten, root, proof)
            assert not merkle.verify_consistency(first, second, mth(0, first), rewritten, proof)


def test_pieces_rebuild_any_proof_range() -> None:
    for size in range(1, 41):
        for lo, hi in merkle.inclusion_ranges(size - 1, size) + merkle.consistency_ranges(1, size):
            hashes = [mth(i << level, (i + 1) << level) for level, i in merkle.pieces(lo, hi)]
            assert merkle.combine(hashes) == mth(lo, hi)


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError):
        merkle.inclusion_ranges(5, 5)
    with pytest.raises(ValueError):
        merkle.consistency_ranges(0, 3)
    assert not merkle.verify_consistency(3, 2, mth(0, 3), mth(0, 2), [])


def test_extend_matches_append_one_by_one() -> None:
    one, many = merkle.Frontier(), merkle.Frontier()
    singly = [node for leaf in LEAVES[:37] for node in one.append(leaf)]
    assert many.extend(LEAVES[:20], 1) + many.extend(LEAVES[20:37], 1) == singly
    assert many.root() == one.root() and many.size == one.size == 37
    assert merkle.Frontier().extend(LEAVES[:37], 3) == [n for n in singly if n[0] >= 3]


@pytest.mark.parametrize("size", [1, 2, 3, 5, 8, 13, 16, 17, 31, 40])
def test_batch_paths_are_the_paths_of_each_leaf(size: int) -> None:
    fetched: list[merkle.Range] = []

    def fetch(ranges: list[merkle.Range]) -> list[bytes]:
        fetched.extend(ranges)
        return [mth(lo, hi) for lo, hi in ranges]

    for chosen in ({0}, {size - 1}, set(range(size)), set(range(size // 2, size)),
                   set(range(0, size, 3)), {size // 3, size - 1}):
        fetched.clear()
        paths, top = merkle.inclusion_paths(size, {i: LEAVES[i] for i in chosen}, fetch)
        assert top == mth(0, size) and set(paths) == chosen
        for i in chosen:
            assert paths[i] == path(i, size)
        # fetched only subtrees holding none of the chosen leaves, each once
        assert len(set(fetched)) == len(fetched)
        assert not any(lo <= i < hi for lo, hi in fetched for i in chosen)


def test_batch_paths_of_adjacent_leaves_fetch_logarithmically_many_subtrees() -> None:
    fetched: list[merkle.Range] = []
    leaves = {i: merkle.leaf_hash(str(i).encode()) for i in range(1000, 1100)}
    merkle.inclusion_paths(1100, leaves, lambda r: fetched.extend(r) or [b"x" * 32] * len(r))
    assert len(fetched) <= 2 * (1100).bit_length()


def test_batch_paths_refuse_leaves_outside_the_tree() -> None:
    with pytest.raises(ValueError):
        merkle.inclusion_paths(4, {4: LEAVES[4]}, lambda r: [])
