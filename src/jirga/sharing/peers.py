"""Peers: other jirga (or any TAXII 2.1) nodes this node pulls from, each with the token their
administrator created for this node, the party whose objects come from there, and whether that
party's objects must be signed (`require_signatures`) or are accepted unsigned with a warning."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from jirga.errors import Conflict, Invalid, NotFound
from jirga.model.timestamps import now
from jirga.sharing.parties import get_party
from jirga.store import Store
from jirga.store import peers as sql
from jirga.store.peers import CursorRow, PeerRow

NAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
Peer = PeerRow


def check_url(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise Invalid(f"peer URL '{url}' is not an http(s) URL; give the peer's address, e.g. "
                      "https://jirga.example.org or its …/taxii2/ discovery URL")
    return url.strip()


def add_peer(store: Store, name: str, url: str, token: str, party_code: str, *,
             require_signatures: bool = False) -> Peer:
    if not NAME_RE.match(name):
        raise Invalid(f"peer name '{name}' is not valid; use lower-case letters, digits, . _ -")
    if not token.strip():
        raise Invalid("a peer needs --token: the token the peer's administrator created for you")
    with store.db.transaction():
        get_party(store, party_code)
        if sql.peer(store.db, name):
            raise Conflict(f"peer '{name}' already exists; change it with `jirga peer set`")
        row = PeerRow(name, check_url(url), token.strip(), party_code, now(), None, None,
                      require_signatures)
        sql.insert_peer(store.db, row)
    return row


def get_peer(store: Store, name: str) -> Peer:
    found = sql.peer(store.db, name)
    if found is None:
        raise NotFound(f"peer '{name}' not found; see `jirga peer list`")
    return found


def list_peers(store: Store) -> list[Peer]:
    return sql.peers(store.db)


def set_peer(store: Store, name: str, *, url: str | None = None, token: str | None = None,
             require_signatures: bool | None = None) -> Peer:
    with store.db.transaction():
        get_peer(store, name)
        sql.update_peer(store.db, name, url=check_url(url) if url else None,
                        token=token.strip() if token else None,
                        require_signatures=require_signatures)
    return get_peer(store, name)


def remove_peer(store: Store, name: str) -> None:
    with store.db.transaction():
        get_peer(store, name)
        sql.delete_peer(store.db, name)


def cursors(store: Store, name: str) -> list[CursorRow]:
    return sql.cursors(store.db, name)


def peer_for_party(store: Store, party_code: str | None) -> Peer | None:
    """The peer set up for a party, whose signature rule also applies to what it pushes."""
    return sql.peer_by_party(store.db, party_code) if party_code else None
