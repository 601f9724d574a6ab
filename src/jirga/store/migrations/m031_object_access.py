"""Who an object version is addressed to, as rows the access policy can test with one index probe.

TLP:AMBER and AMBER+STRICT objects name their recipient parties in `x_jirga_recipient_refs`
(identity ids); TLP:RED objects name the users who may read them in `x_jirga_red_users`. The
policy's SQL asks `EXISTS (… WHERE a.seq = v.seq AND a.kind = ? AND a.value = ?)`, which works on
`object_versions` and on every projection table (they carry the current version's `seq`).
"""

from __future__ import annotations

import orjson

from jirga.store.db import Database, chunked

SQL = """
CREATE TABLE object_access (
  seq {bigint} NOT NULL,
  kind TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (seq, kind, value)
) {without_rowid};
"""


def apply(db: Database) -> None:
    """Index the versions stored before this migration."""
    from jirga.store.access import access_rows

    rows = db.query("SELECT seq, json FROM object_versions WHERE json LIKE ?", ("%x_jirga_%",))
    found = [r for seq, text in rows for r in access_rows(int(seq), orjson.loads(text))]
    for chunk in chunked(found, 2000):
        db.executemany("INSERT INTO object_access (seq, kind, value) VALUES (?, ?, ?) "
                       "ON CONFLICT DO NOTHING", chunk)
