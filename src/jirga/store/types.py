"""What the store hands out and takes in: stored versions, filters, pages, write outcomes."""

from __future__ import annotations

import base64
import binascii
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import orjson

from jirga.errors import Invalid, Problem


@dataclass(frozen=True, slots=True)
class StoredObject:
    """One stored version: its JSON text as received plus what the node knows about it."""

    seq: int
    id: str
    type: str
    version: str
    modified: str | None
    added_at: str
    source_party: str | None
    tlp: str | None
    revoked: bool
    json: str

    def object(self) -> dict[str, Any]:
        return orjson.loads(self.json)

    @property
    def stix_version(self) -> str | None:
        """The version as STIX writes it: `modified`, else `created` (marking definitions)."""
        return self.modified


@dataclass(frozen=True)
class ObjectFilter:
    """Which current objects to read. Empty sequences mean 'any'."""

    types: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()
    created_by: tuple[str, ...] = ()
    markings: tuple[str, ...] = ()
    tlp: tuple[str, ...] = ()
    tlp_default: str = "amber"
    modified_from: str | None = None  # normalised version keys, see timestamps.normalise
    modified_to: str | None = None
    added_after: str | None = None
    text: str | None = None
    include_revoked: bool = False


@dataclass(frozen=True)
class Page:
    items: list[StoredObject]
    next: str | None = None


class Outcome(StrEnum):
    ADDED = "added"
    NEWER = "newer-version"
    OLDER = "older-version"
    UNCHANGED = "unchanged"
    REFUSED = "refused"


@dataclass(frozen=True, slots=True)
class Accepted:
    """A version the store took, for whatever must happen in the same transaction (the log)."""

    seq: int
    id: str
    version: str
    hash: bytes
    json: str
    current: bool


@dataclass
class AddResult:
    counts: Counter[str] = field(default_factory=Counter)
    refused: list[Problem] = field(default_factory=list)
    accepted: list[Accepted] = field(default_factory=list)
    outcomes: dict[tuple[str, str], Outcome] = field(default_factory=dict)

    def count(self, outcome: Outcome) -> int:
        return self.counts[outcome.value]

    def as_dict(self) -> dict[str, int]:
        return {o.value: self.counts[o.value] for o in Outcome}


def encode_cursor(*parts: Any) -> str:
    return base64.urlsafe_b64encode(orjson.dumps(list(parts))).decode().rstrip("=")


def decode_cursor(cursor: str, expect: int) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        parts = orjson.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, orjson.JSONDecodeError, ValueError) as exc:
        raise Invalid(f"cursor '{cursor[:40]}' is not one this server handed out") from exc
    if not isinstance(parts, list) or len(parts) != expect:
        raise Invalid(f"cursor '{cursor[:40]}' is not one this server handed out")
    return parts
