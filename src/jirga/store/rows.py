"""What the store derives from one object version, for every write path alike: its stored text
and hash, its version key, TLP level, name, markings, search text and log leaf.

`add_objects` (a few objects, classified against what is stored) and the bulk load (many new
objects, rows prepared in worker processes) both take their rows from here, so the two paths
cannot drift apart.
"""

from __future__ import annotations

import hashlib
from typing import Any

import orjson

from jirga.model import merkle
from jirga.model.timestamps import version_key
from jirga.model.tlp import level_of
from jirga.store.log import leaf_data

SEARCH_FIELDS = ("name", "description", "aliases", "content", "explanation", "abstract")

# (n or seq, id, type, version, modified, created, created_by_ref, revoked, tlp, name, hash, json)
VersionRow = tuple[Any, ...]


def stored_json(obj: dict[str, Any]) -> bytes:
    """The text a version is stored as: compact, keys sorted, so equal JSON values give equal
    text (and equal hashes) whatever key order or whitespace they arrived with."""
    return orjson.dumps(obj, option=orjson.OPT_SORT_KEYS)


def content_hash(obj: dict[str, Any]) -> bytes:
    return hashlib.sha256(stored_json(obj)).digest()


def version_row(n: int, obj: dict[str, Any], data: bytes, text: str) -> VersionRow:
    """The `object_versions` columns an object determines, after `n` (its seq or ordinal);
    `data` is its stored JSON and `text` the same decoded."""
    created = obj.get("created")
    modified = obj.get("modified") or created
    name = obj.get("name")
    return (n, obj["id"], obj["type"], version_key(modified), modified, created,
            obj.get("created_by_ref"), 1 if obj.get("revoked") is True else 0, level_of(obj),
            name if name.__class__ is str else None, hashlib.sha256(data).digest(), text)


def leaf(obj: dict[str, Any], text: str) -> bytes:
    """The version's Merkle log leaf hash (RFC 9162 over its RFC 8785 bytes)."""
    return merkle.leaf_hash(leaf_data(obj, text))


def name_of(obj: dict[str, Any]) -> str | None:
    name = obj.get("name")
    return name if isinstance(name, str) else None


def marking_refs(obj: dict[str, Any]) -> list[str]:
    refs = obj.get("object_marking_refs") or []
    if len(refs) == 1 and refs.__class__ is list and refs[0].__class__ is str:
        return [refs[0]]  # the usual single marking, without building a set
    return sorted({r for r in refs if isinstance(r, str)})


def search_text(obj: dict[str, Any]) -> str:
    """The words the text index keeps beside the name: descriptions, aliases, contents."""
    parts: list[str] = []
    for name in SEARCH_FIELDS:
        value = obj.get(name)
        if value is None:
            continue
        if value.__class__ is str:
            parts.append(value)
        elif isinstance(value, list):
            parts.extend([v for v in value if isinstance(v, str)])
    return "\n".join(parts)
