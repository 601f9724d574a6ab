"""Trust test data: a node with parties and keys, signed objects, tampering helpers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jirga.config import Settings
from jirga.model.ids import stable_id
from jirga.objects.authoring import save
from jirga.store import Store
from jirga.trust import manage
from jirga.trust.keyring import Keyring, attach
from tests.factories import make_object, make_test_incident


def make_party(code: str, country: str = "PK") -> dict[str, Any]:
    return {**make_object("identity", name=f"{code} ministry"),
            "id": stable_id("identity", "test", code), "x_jirga_party_code": code,
            "x_jirga_country": country}


@dataclass
class Node:
    """A store with the trust layer attached, its parties, and keys for some of them."""

    store: Store
    settings: Settings
    parties: dict[str, dict[str, Any]]

    @property
    def keyring(self) -> Keyring:
        assert isinstance(self.store.signer, Keyring)
        return self.store.signer

    def party_ref(self, code: str) -> str:
        return str(self.parties[code]["id"])

    def incident(self, code: str = "PK", **fields: Any) -> dict[str, Any]:
        return make_test_incident(created_by_ref=self.party_ref(code), **fields)


def make_node(store: Store, keys_dir: Path, *, codes: tuple[str, ...] = ("PK", "AF"),
              keyed: tuple[str, ...] = ("PK", "AF"), node_party: str | None = "PK",
              passphrase: str | None = None, **settings: Any) -> Node:
    config = Settings.from_env(environ={}, db=store.url, keys_dir=str(keys_dir),
                               party=node_party or "", key_passphrase=passphrase or "",
                               **settings)
    attach(store, config)
    parties = {code: make_party(code) for code in codes}
    save(store, list(parties.values()), source="test parties")
    node = Node(store, config, parties)
    for code in keyed:
        manage.create_key(store, node.keyring, code, passphrase=passphrase,
                          unattended=passphrase is None)
    return node
