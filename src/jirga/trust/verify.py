"""`jirga verify`: re-check the whole store against the log, naming every mismatch.

Objects (in parallel, one process per core): each version's stored JSON against the hash it was
stored with, its leaf against the leaf recomputed from the JSON, and every signature it carries.
Log: leaves numbered without gaps and in storage order, no leaf without its version (unless
purged), every stored subtree recomputed level by level, every tree head's root recomputed from
the leaves and its signature checked with a key of this node. Keys: each local key in the
database against its private key file.

Errors are mismatches (something changed or is missing); warnings are what cannot be checked
(a key not known here) or is merely absent (unsigned versions and heads).
"""

from __future__ import annotations

import hashlib
import multiprocessing
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from jirga.errors import TrustError
from jirga.model import merkle
from jirga.model.timestamps import version_key
from jirga.store import Store, log, open_store
from jirga.store import trust as rows
from jirga.trust import heads, keys
from jirga.trust.keyring import Keyring, public_key, trusted_keys
from jirga.trust.keys import PublicKey
from jirga.trust.signatures import KeyIndex, check_canonical

CHUNK = 20_000
Progress = Callable[[int], None]


@dataclass(frozen=True)
class Finding:
    severity: str  # error | warning
    kind: str
    subject: str  # an object id, "tree head N", "key KID" or "log"
    message: str

    def __str__(self) -> str:
        return f"{self.severity}: {self.subject}: {self.message}"


@dataclass
class Report:
    versions: int = 0
    signed: int = 0
    unsigned: int = 0
    leaves: int = 0
    heads: int = 0
    signed_heads: int = 0
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def merge(self, other: Report) -> None:
        self.versions += other.versions
        self.signed += other.signed
        self.unsigned += other.unsigned
        self.findings.extend(other.findings)


@dataclass(frozen=True)
class _Job:
    url: str
    first_seq: int
    last_seq: int
    keys: tuple[PublicKey, ...]
    require_signatures: bool


@dataclass(frozen=True)
class _LogJob:
    url: str
    keys: tuple[PublicKey, ...]
    log_party: str | None


def verify_store(store: Store, keyring: Keyring | None = None, *, workers: int = 1,
                 progress: Progress | None = None) -> Report:
    """Check everything; see the module docstring. With `workers` > 1 the object ranges and the
    log are checked in that many processes at once."""
    report = Report()
    known = tuple(trusted_keys(store))
    require = keyring.require_signatures if keyring else False
    first, last = log.seq_bounds(store.db)
    jobs = [_Job(store.url, lo, min(lo + CHUNK - 1, last), known, require)
            for lo in range(first, last + 1, CHUNK)] if last else []
    log_job = _LogJob(store.url, known, keyring.node_party_ref() if keyring else None)
    if workers <= 1 or len(jobs) <= 1:
        for part in map(_verify_range, jobs):
            _merge(report, part, progress)
        _merge_log(report, _verify_log(log_job))
    else:
        with ProcessPoolExecutor(max_workers=workers,
                                 mp_context=multiprocessing.get_context("spawn")) as pool:
            log_part = pool.submit(_verify_log, log_job)
            for part in pool.map(_verify_range, jobs):
                _merge(report, part, progress)
            _merge_log(report, log_part.result())
    _check_key_files(store, keyring, report)
    return report


def _merge(report: Report, part: Report, progress: Progress | None) -> None:
    report.merge(part)
    if progress:
        progress(part.versions)


def _merge_log(report: Report, part: Report) -> None:
    report.leaves, report.heads, report.signed_heads = part.leaves, part.heads, part.signed_heads
    report.findings.extend(part.findings)


def _verify_log(job: _LogJob) -> Report:
    store = open_store(job.url, migrate=False)
    try:
        report = Report()
        _check_log(store, KeyIndex(job.keys), job.log_party, report)
        return report
    finally:
        store.close()


def _verify_range(job: _Job) -> Report:
    store = open_store(job.url, migrate=False)
    try:
        index = KeyIndex(job.keys)
        report = Report()
        for row in log.iter_versions_with_leaves(store.db, job.first_seq, job.last_seq):
            _check_version(row, index, job, report)
        return report
    finally:
        store.close()


def _check_version(row: log.VersionRow, index: KeyIndex, job: _Job, report: Report) -> None:
    report.versions += 1
    version = f"version {row.version[:23]}Z" if row.version else "its only version"
    text = row.json.encode()
    if hashlib.sha256(text).digest() != row.hash:
        report.findings.append(Finding("error", "content-changed", row.id,
                                       f"{version}: the stored JSON no longer matches the hash it "
                                       "was stored with: it was changed in the database"))
    try:
        obj = orjson.loads(text)
    except orjson.JSONDecodeError:
        report.findings.append(Finding("error", "content-changed", row.id,
                                       f"{version}: the stored JSON is no longer valid JSON"))
        obj = None
    whole = _check_signatures(obj, row, index, job, report, version) if obj is not None else None
    if row.leaf_hash is None:
        report.findings.append(Finding("error", "missing-leaf", row.id,
                                       f"{version} (seq {row.seq}) has no leaf in the log"))
        return
    leaf = b""
    if obj is not None:
        leaf = merkle.leaf_hash(whole if whole is not None else log.leaf_data(obj, row.json))
    if leaf != row.leaf_hash:
        report.findings.append(Finding("error", "leaf-mismatch", row.id,
                                       f"{version} differs from what the log recorded at leaf "
                                       f"{row.leaf_index}"))


def _check_signatures(obj: dict, row: log.VersionRow, index: KeyIndex, job: _Job,
                      report: Report, version: str) -> bytes | None:
    """Check the version's signatures; returns its canonical bytes when that came for free."""
    result, whole = check_canonical(obj, index)
    if not result.signed:
        report.unsigned += 1
        author = row.created_by_ref
        if any(k.origin == "local" and k.party_ref == author and k.valid_at(row.added_at)
               for k in job.keys):
            severity = "error" if job.require_signatures else "warning"
            report.findings.append(Finding(severity, "unsigned", row.id,
                                           f"{version} was stored while its author {author} had a "
                                           "key on this node, but carries no signature"))
        return None
    report.signed += 1
    for kind, message in result.problems:
        severity = "warning" if kind == "unknown-key" else "error"
        report.findings.append(Finding(severity, kind, row.id, f"{version}: {message}"))
    return whole


# -- the log ----------------------------------------------------------------------------------


def _check_log(store: Store, known: KeyIndex, log_party: str | None, report: Report) -> None:
    db = store.db
    all_heads = log.heads(db)
    by_size = {h.tree_size: h for h in all_heads}
    frontier = merkle.Frontier()
    previous_seq = 0
    for leaf in log.iter_leaves(db):
        if leaf.leaf_index != frontier.size:
            report.findings.append(Finding("error", "log-gap", leaf.id,
                                           f"leaf {leaf.leaf_index} follows leaf {frontier.size - 1}"
                                           f": leaves {frontier.size}-{leaf.leaf_index - 1} were "
                                           "deleted"))
            break
        if leaf.seq <= previous_seq:
            report.findings.append(Finding("error", "log-order", leaf.id,
                                           f"version {leaf.version[:23]}Z is at leaf "
                                           f"{leaf.leaf_index}, out of the order it was stored in "
                                           "(the log was reordered)"))
        previous_seq = leaf.seq
        for _ in frontier.append(leaf.leaf_hash):
            pass
        head = by_size.get(frontier.size)
        if head is not None and head.root_hash != frontier.root():
            report.findings.append(Finding("error", "head-root", f"tree head {head.tree_size}",
                                           "its root differs from the root of the leaves: the log "
                                           "or the head was changed"))
    report.leaves = frontier.size
    for leaf in log.orphan_leaves(db):
        report.findings.append(Finding("error", "deleted-version", leaf.id,
                                       f"version {leaf.version[:23]}Z is in the log (leaf "
                                       f"{leaf.leaf_index}) but no longer in the store"))
    _check_nodes(store, report)
    _check_heads(all_heads, frontier.size, known, log_party, report)


def _check_nodes(store: Store, report: Report) -> None:
    """Each stored subtree against what is below it: the lowest stored level against its 16
    leaves, each higher level against the two subtrees below it."""
    db = store.db
    width = 1 << log.STORED_LEVEL
    leaves = log.iter_leaves(db)
    below: Iterator[tuple[int, bytes]] = (
        (index, merkle.root(group)) for index, group in _groups(leaves, width))
    for level in range(log.STORED_LEVEL, log.max_level(db) + 1):
        stored = dict(log.iter_level(db, level))
        pairs = _pairs(below) if level > log.STORED_LEVEL else below
        for index, expected in pairs:
            if stored.pop(index, None) != expected:
                report.findings.append(Finding(
                    "error", "log-node", "log",
                    f"the subtree at level {level}, index {index} (leaves {index << level}-"
                    f"{((index + 1) << level) - 1}) does not match what is below it"))
        for index in sorted(stored):
            report.findings.append(Finding("error", "log-node", "log",
                                           f"a subtree at level {level}, index {index} covers "
                                           "leaves the log does not have"))
        below = log.iter_level(db, level)


def _groups(leaves: Iterator[log.Leaf], width: int) -> Iterator[tuple[int, list[bytes]]]:
    """Complete runs of `width` leaf hashes, numbered as subtrees of that width."""
    group: list[bytes] = []
    for leaf in leaves:
        group.append(leaf.leaf_hash)
        if len(group) == width:
            yield leaf.leaf_index // width, group
            group = []


def _pairs(below: Iterator[tuple[int, bytes]]) -> Iterator[tuple[int, bytes]]:
    """Parent subtrees from complete sibling pairs of the level below."""
    pending: dict[int, bytes] = {}
    for index, digest in below:
        pending[index] = digest
        if index & 1 and index - 1 in pending:
            yield index >> 1, merkle.node_hash(pending.pop(index - 1), pending.pop(index))


def _check_heads(all_heads: list[log.TreeHead], size: int, known: KeyIndex,
                 log_party: str | None, report: Report) -> None:
    report.heads = len(all_heads)
    unsigned = 0
    own = [k for k in known if k.origin == "local" and log_party in (None, k.party_ref)]
    for head in all_heads:
        subject = f"tree head {head.tree_size}"
        if head.tree_size > size:
            report.findings.append(Finding("error", "log-truncated", subject,
                                           f"the head covers {head.tree_size} leaves but the log "
                                           f"has {size}: leaves were deleted"))
        if not head.signed:
            # A head made before the node's party had any key could not be signed: the
            # summary counts it; only one left unsigned while a key existed is a warning. A
            # head stamped in the very instant a key became valid was made before it (keys
            # come after the parties they sign for), so only later heads count.
            if not own or any(k.valid_at(head.timestamp) and version_key(head.timestamp)
                              > version_key(k.valid_from) for k in own):
                unsigned += 1
            continue
        report.signed_heads += 1
        key = known.get(head.kid or "")
        problem = heads.check_head(head, known)
        if problem is None and key is not None and (key.origin != "local" or (
                log_party is not None and key.party_ref != log_party)):
            problem = (f"signed with key {key.kid} of {key.party_ref}, not with a key of the "
                       "party that runs this node (the party setting)")
        if problem:
            report.findings.append(Finding("error", "head-signature", subject, problem))
    if unsigned:
        latest = " including the latest" if all_heads and not all_heads[-1].signed else ""
        report.findings.append(Finding("warning", "unsigned-heads", "log",
                                       f"{unsigned} of {len(all_heads)} tree heads are unsigned"
                                       f"{latest}" + ("" if own else "; set party (JIRGA_PARTY) "
                                                      "and create its key")))


def _check_key_files(store: Store, keyring: Keyring | None, report: Report) -> None:
    if keyring is None:
        return
    for row in rows.keys(store.db):
        if row.origin != "local":
            continue
        key = public_key(row)
        on_disk = _public_on_disk(keyring, key)
        if on_disk is not None and on_disk != key.raw:
            report.findings.append(Finding("error", "key-mismatch", f"key {key.kid}",
                                           f"the database's public key for {key.party_code or key.party_ref} "
                                           f"differs from the private key file in {keyring.keys_dir}"))


def _public_on_disk(keyring: Keyring, key: PublicKey) -> bytes | None:
    path = keys.key_path(Path(keyring.keys_dir), key.kid)
    if not path.is_file():
        return None
    try:
        return keyring.unlock(key).secret[32:]
    except TrustError:  # locked without a passphrase, or holds another key: compare what we can
        return keys.public_from_file(keyring.keys_dir, key.kid)
