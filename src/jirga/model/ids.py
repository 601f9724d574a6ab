"""STIX identifiers (STIX 2.1 §2.9): `type--UUID`."""

from __future__ import annotations

import re
import uuid

# The OASIS schema's type pattern, rewritten without nested quantifiers so that a long bad
# type string cannot make the regex engine backtrack for seconds.
TYPE_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*-?$")
ID_RE = re.compile(
    r"^([a-z][a-z0-9-]+[a-z0-9])--"
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$"
)


def new_id(stix_type: str) -> str:
    return f"{stix_type}--{uuid.uuid4()}"


def stable_id(stix_type: str, *parts: str) -> str:
    """A UUIDv5 id from names, for objects jirga must create once and find again (a group, a place)."""
    return f"{stix_type}--{uuid.uuid5(JIRGA_NAMESPACE, '|'.join((stix_type, *parts)))}"


def type_of(identifier: str) -> str:
    return identifier.split("--", 1)[0]


def is_id(value: object, of_type: str | None = None) -> bool:
    if not isinstance(value, str):
        return False
    match = ID_RE.match(value)
    return bool(match) and (of_type is None or match.group(1) == of_type)


JIRGA_NAMESPACE = uuid.UUID("7321bb24-7751-406b-aa6d-a3a9890ed676")
