"""STIX identifiers (STIX 2.1 §2.9): `type--UUID`."""

from __future__ import annotations

import hashlib
import re
import uuid

# The OASIS schema's type pattern, rewritten without nested quantifiers so that a long bad
# type string cannot make the regex engine backtrack for seconds.
TYPE_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*-?$")
# The type part is lazy: a greedy one runs over the whole UUID and backtracks to the `--`
# (twice the time per match). Both match the same strings with the same group: a UUID holds
# no `--`, so the type ends where the 36-character UUID begins either way.
ID_RE = re.compile(
    r"^([a-z][a-z0-9-]+?[a-z0-9])--"
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$"
)


def new_id(stix_type: str) -> str:
    return f"{stix_type}--{uuid.uuid4()}"


def stable_id(stix_type: str, *parts: str) -> str:
    """A UUIDv5 id from names, for objects jirga must create once and find again (a group, a place).

    RFC 9562 §5.5 by hand (what `uuid.uuid5` computes, a third of its time): a dataset import
    makes one per row.
    """
    name = "|".join((stix_type, *parts)).encode()
    digest = bytearray(hashlib.sha1(_NAMESPACE_BYTES + name).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = digest.hex()
    return f"{stix_type}--{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def type_of(identifier: str) -> str:
    return identifier.split("--", 1)[0]


def is_id(value: object, of_type: str | None = None) -> bool:
    if not isinstance(value, str):
        return False
    match = ID_RE.match(value)
    return bool(match) and (of_type is None or match.group(1) == of_type)


JIRGA_NAMESPACE = uuid.UUID("7321bb24-7751-406b-aa6d-a3a9890ed676")
_NAMESPACE_BYTES = JIRGA_NAMESPACE.bytes
