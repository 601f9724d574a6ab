"""STIX bundles in and out: import files whole or not at all; export a bundle as a stream."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from jirga.errors import Invalid, TrustError
from jirga.model import extensions, tlp
from jirga.model.bundle import Content, read_content
from jirga.model.ids import new_id
from jirga.store import AddResult, ObjectFilter, Store, StoredObject, Visibility
from jirga.trust.incoming import IncomingVerdict, PeerPolicy, learn_keys, verify_incoming

Progress = Callable[[int], None]

# Objects jirga publishes that an export adds when its objects refer to them and the store
# lacks them, so the bundle explains itself to any STIX consumer.
_BUILTINS = {obj["id"]: obj for obj in (*extensions.definitions(), *tlp.all_marking_definitions())}


@dataclass
class ImportReport:
    source: str
    objects: int = 0
    result: AddResult = field(default_factory=AddResult)
    notes: list[str] = field(default_factory=list)


def read_file(path: Path, max_bytes: int | None = None) -> bytes:
    if not path.exists():
        raise Invalid(f"{path}: no such file")
    if path.is_dir():
        raise Invalid(f"{path}: is a directory; name the bundle files inside it")
    if max_bytes is not None and path.stat().st_size > max_bytes:
        raise Invalid(f"{path}: {path.stat().st_size:,} bytes is over the {max_bytes:,} byte limit")
    return path.read_bytes()


@contextmanager
def bulk() -> Iterator[None]:
    """Pause the cyclic garbage collector while a large bundle is parsed and stored.

    A 100,000-object bundle is millions of live containers; every full collection walks them
    all, and bench/store.py measured a quarter of the import time going there. Nothing in the
    import path makes reference cycles, so reference counting frees everything as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def import_content(store: Store, content: Content, *, source_party: str | None = None,
                   progress: Progress | None = None) -> ImportReport:
    """Store foreign content whole; TrustError (nothing stored) when a signature it carries
    fails. Keys its identities publish under a key already trusted are learned in the same
    transaction (the trust layer's rules for peers)."""
    with bulk():
        verdict = check_signed(store, content)
        with store.db.transaction():
            if verdict is not None:
                learn_keys(store, verdict)
            result = store.add_objects(content.objects, source_party=source_party,
                                       progress=progress)
    return ImportReport(content.source, len(content.objects), result, list(content.notes))


def check_signed(store: Store, content: Content) -> IncomingVerdict | None:
    """The trust layer's verdict on signed content (None when nothing is signed). Unsigned
    objects and keys this node does not know pass (`jirga verify` lists them later); a
    signature that fails refuses the whole file, naming each object."""
    if not any(extensions.SIGNATURES_PROPERTY in obj for obj in content.objects):
        return None
    verdict = verify_incoming(store, content.objects,
                              PeerPolicy(content.source, require_signatures=False))
    bad = [p for p in verdict.forged if p.property == extensions.SIGNATURES_PROPERTY]
    if bad:
        listed = "; ".join(str(p) for p in bad[:20]) + ("; …" if len(bad) > 20 else "")
        raise TrustError(f"{content.source}: {len(bad)} objects carry signatures that fail, so "
                         f"nothing was imported: {listed}", bad)
    return verdict


def import_bytes(store: Store, data: bytes, source: str, *, source_party: str | None = None,
                 progress: Progress | None = None) -> ImportReport:
    """Validate every object, then store them in one transaction; Invalid if any object is bad."""
    with bulk():
        content = read_content(data, source)
    return import_content(store, content, source_party=source_party, progress=progress)


def export_stream(store: Store, query: ObjectFilter, *, visibility: Visibility,
                  all_versions: bool = False) -> Iterator[bytes]:
    """A STIX 2.1 bundle, piece by piece, with the definitions its objects refer to."""
    yield b'{"type":"bundle","id":"' + new_id("bundle").encode() + b'","objects":['
    items: Iterator[StoredObject] = (
        store.iter_versions(query, visibility=visibility) if all_versions
        else store.iter_current(query, visibility=visibility))
    present: set[str] = set()
    wanted: set[str] = set()
    first = True
    for item in items:
        present.add(item.id)
        wanted.update(ref for ref in _BUILTINS if ref in item.json)
        yield (b"" if first else b",") + item.json.encode()
        first = False
    for ref in sorted(wanted - present):
        if not _exists(store, ref):
            yield (b"" if first else b",") + orjson.dumps(_BUILTINS[ref])
            first = False
    yield b"]}"


def _exists(store: Store, object_id: str) -> bool:
    return store.count(ObjectFilter(ids=(object_id,), include_revoked=True),
                       visibility=Visibility.everything()) > 0
