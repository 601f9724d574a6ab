"""The `object_access` rows of a version: its recipient parties and, for TLP:RED, its readers.

`index_versions` runs inside the store's write transaction for every version stored, whatever
path stored it (authoring, import, TAXII, sync), so the policy never sees a version without them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from jirga.model.handling import RECIPIENTS, RED_USERS
from jirga.store.db import Database, chunked

KINDS = {RECIPIENTS: "party", RED_USERS: "user"}


def access_rows(seq: int, obj: dict[str, Any]) -> list[tuple[int, str, str]]:
    rows: list[tuple[int, str, str]] = []
    for prop, kind in KINDS.items():
        values = obj.get(prop)
        if isinstance(values, list):
            rows.extend((seq, kind, v) for v in dict.fromkeys(values) if isinstance(v, str))
    return rows


def index_versions(db: Database, versions: Sequence[tuple[int, dict[str, Any]]]) -> None:
    """Write the access rows of newly stored versions (most have none: one dict probe each)."""
    rows = [r for seq, obj in versions
            if RECIPIENTS in obj or RED_USERS in obj for r in access_rows(seq, obj)]
    for chunk in chunked(rows, 2000):
        db.executemany("INSERT INTO object_access (seq, kind, value) VALUES (?, ?, ?)", chunk)
