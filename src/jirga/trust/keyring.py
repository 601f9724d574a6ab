"""This node's keyring: the public keys it trusts and the private keys it may unlock.

`attach(store, settings)` hangs a Keyring on the store (`store.signer`), where the log finds it
to sign each tree head and `authoring.save` finds it to sign each authored object. A store with
no keyring attached (tests, tools) writes unsigned heads and unsigned objects; `jirga verify`
says so.
"""

from __future__ import annotations

from pathlib import Path

from jirga.config import Settings
from jirga.errors import NotFound
from jirga.store import Store
from jirga.store import trust as rows
from jirga.store.log import TreeHead
from jirga.trust import heads, keys, parties
from jirga.trust.keys import PublicKey, SigningKey
from jirga.trust.signatures import KeyIndex


def public_key(row: rows.KeyRow) -> PublicKey:
    return PublicKey(row.kid, row.party_ref, row.public_key, row.valid_from, row.valid_until,
                     row.party_code, row.status, row.origin)


def key_row(key: PublicKey, added_at: str) -> rows.KeyRow:
    return rows.KeyRow(key.kid, key.party_ref, key.party_code, key.raw, key.valid_from,
                       key.valid_until, key.status, key.origin, added_at)


def trusted_keys(store: Store) -> KeyIndex:
    """Every public key this node trusts: its own, imported ones, ones learned through them."""
    return KeyIndex(public_key(r) for r in rows.keys(store.db))


class Keyring:
    """Keys of the parties on this node, unlocked from `keys_dir` on first use."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.keys_dir = Path(settings.keys_dir).expanduser()
        self.passphrase = settings.key_passphrase or None
        self.node_party = settings.party or None  # the node's own party: one setting for all
        self.require_signatures = settings.require_signatures
        self._unlocked: dict[str, SigningKey] = {}

    def index(self) -> KeyIndex:
        return trusted_keys(self.store)

    def signing_key(self, party_ref: str) -> SigningKey | None:
        """The party's newest active key whose private half is on this node, unlocked; None
        when the party has no such key (TrustError when it has one that cannot be unlocked)."""
        local = [public_key(r) for r in rows.keys(self.store.db, party_ref)
                 if r.origin == "local" and r.status == "active"]
        usable = [k for k in local if keys.key_path(self.keys_dir, k.kid).is_file()]
        if not usable:
            return None
        newest = max(usable, key=lambda k: k.valid_from)
        if newest.kid not in self._unlocked:
            self._unlocked[newest.kid] = keys.load_private_key(self.keys_dir, newest,
                                                               self.passphrase)
        return self._unlocked[newest.kid]

    def remember(self, key: SigningKey) -> None:
        """Keep a key unlocked for this process (one just created with a typed passphrase)."""
        self._unlocked[key.kid] = key

    def unlock(self, key: PublicKey) -> SigningKey:
        if key.kid not in self._unlocked:
            self._unlocked[key.kid] = keys.load_private_key(self.keys_dir, key, self.passphrase)
        return self._unlocked[key.kid]

    def node_party_ref(self) -> str | None:
        if not self.node_party:
            return None
        try:
            return str(parties.find_party(self.store, self.node_party)["id"])
        except NotFound:
            return None

    def log_key(self) -> SigningKey | None:
        """The key that signs this node's tree heads: its own party's (the `party` setting)."""
        party = self.node_party_ref()
        return self.signing_key(party) if party else None

    def sign_head(self, head: TreeHead) -> TreeHead:
        """`HeadSigner` for the store's log: sign when the node party has a key, else leave it."""
        key = self.log_key()
        return heads.sign_head(head, key) if key else head


def attach(store: Store, settings: Settings) -> Store:
    """Give the store this node's keyring, so heads and authored objects get signed."""
    store.signer = Keyring(store, settings)
    return store


def node_party_ref(store: Store) -> str | None:
    """The identity id of the node's own party (the `party` setting), when set and registered."""
    ring = keyring_of(store)
    return ring.node_party_ref() if ring else None


def keyring_of(store: Store) -> Keyring | None:
    signer = getattr(store, "signer", None)
    return signer if isinstance(signer, Keyring) else None
