"""The one write path for objects authored on this node.

Every domain (review, register edits, workflows, sharing) saves what it creates through `save`,
so what must happen to every authored version — validation, and signing by the author party
(`jirga.trust.authored`) — happens in one place.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from jirga.errors import Conflict, Problem
from jirga.model import timestamps
from jirga.model.bundle import invalid
from jirga.model.validate import validate_object
from jirga.store import AddResult, Store
from jirga.trust.authored import sign_authored
from jirga.trust.keyring import Keyring


def save(store: Store, objects: Sequence[dict[str, Any]], *, source: str = "jirga",
         source_party: str | None = None, signer_ref: str | None = None,
         keyring: Keyring | None = None, require_signatures: bool | None = None) -> AddResult:
    """Validate, sign and store authored objects in one transaction; nothing is stored on any
    error. Each version is signed by its `created_by_ref` (or `signer_ref`) when that party has
    a key in `keyring` (default: the one `jirga.trust.attach` gave the store); without a key it
    is stored unsigned, or refused when `require_signatures` (default: the node's setting)."""
    problems: list[Problem] = []
    for index, obj in enumerate(objects):
        problems.extend(validate_object(obj, index))
    if problems:
        raise invalid(source, problems)
    with store.db.transaction():
        signed = sign_authored(store, objects, keyring=keyring, signer_ref=signer_ref,
                               require=require_signatures)
        result = store.add_objects(signed, source_party=source_party)
        if result.refused:
            raise Conflict("; ".join(str(p) for p in result.refused))
    return result


def next_version(obj: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """A new version of `obj` with `changes`, its `modified` later than the old one's."""
    new = {**obj, **changes}
    stamp = timestamps.now()
    previous = obj.get("modified") or obj.get("created")
    if previous and timestamps.version_key(stamp) <= timestamps.version_key(previous):
        later = timestamps.parse(previous) + timedelta(milliseconds=1)
        stamp = timestamps.format_ts(later)
    new["modified"] = stamp
    return new
