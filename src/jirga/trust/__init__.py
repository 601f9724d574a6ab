"""The trust layer: party keys, signatures inside objects, the node's Merkle log, proofs,
verification and cross-checks between peers (docs/trust.md).

What other packages call:

- `attach(store, settings)`: give a store the node's keyring (CLI and web do this).
- `authored.sign_authored`: called by `objects.authoring.save` for every authored version.
- `verify_incoming(store, objects, PeerPolicy(...))`, `learn_keys`, `receipts`, `alarm_forged`:
  for objects received from a peer (TAXII add-objects, sync).
- `check_peer_head(store, keyring, peer_ref, head, fetch_consistency)`, `accept_cosignature`:
  the cross-check each sync makes of the peer's log, and the cosignature it sends back.
- `verify_store`: `jirga verify`.
"""

from jirga.trust.incoming import (
    IncomingVerdict,
    PeerPolicy,
    alarm_forged,
    learn_keys,
    receipts,
    verify_incoming,
)
from jirga.trust.keyring import Keyring, attach, keyring_of
from jirga.trust.peers import PeerHeadResult, accept_cosignature, check_peer_head
from jirga.trust.verify import verify_store

__all__ = ["IncomingVerdict", "Keyring", "PeerHeadResult", "PeerPolicy", "accept_cosignature",
           "alarm_forged", "attach", "check_peer_head", "keyring_of", "learn_keys", "receipts",
           "verify_incoming", "verify_store"]
