"""The trust page's picture of the node: its log and latest signed tree heads with the partners'
cosignatures, the partners' heads this node has seen and cosigned, the keys, the last
verifications and the alarms (docs/trust.md explains each)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jirga.sharing import parties
from jirga.store import Store, log
from jirga.store import trust as rows
from jirga.store.log import TreeHead
from jirga.store.verify_runs import VerifyRun
from jirga.trust import alarms, history

RECENT_HEADS = 5


@dataclass(frozen=True)
class HeadView:
    tree_size: int
    root: str  # hex
    timestamp: str
    signed_by: str | None  # party code
    kid: str | None
    cosigned_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class PartnerView:
    code: str
    name: str
    head: HeadView | None
    received_at: str | None
    cosigned: bool
    heads_seen: int


@dataclass
class TrustStatus:
    log_size: int
    heads: list[HeadView]
    partners: list[PartnerView]
    keys: list[dict[str, Any]]
    runs: list[VerifyRun]
    alarms: list[rows.Alarm]

    @property
    def latest(self) -> HeadView | None:
        return self.heads[0] if self.heads else None


def _head(head: TreeHead, codes: dict[str, str], cosigners: tuple[str, ...] = ()) -> HeadView:
    return HeadView(head.tree_size, head.root_hash.hex(), head.timestamp,
                    codes.get(head.signer_ref or "", head.signer_ref), head.kid, cosigners)


def status(store: Store, *, node_party: str) -> TrustStatus:
    codes = {p.identity_id: p.code for p in parties.list_parties(store)}
    recent = log.recent_heads(store.db, RECENT_HEADS)
    heads = [_head(h, codes, tuple(codes.get(c.cosigner_ref, c.cosigner_ref)
                                   for c in rows.cosignatures(store.db, h.tree_size)))
             for h in recent]
    partners = []
    for party in parties.list_parties(store):
        if party.code == node_party:
            continue
        seen = rows.peer_heads(store.db, party.identity_id)
        last = seen[-1] if seen else None  # peer_heads come oldest first
        partners.append(PartnerView(party.code, party.name,
                                    _head(last.head, codes) if last else None,
                                    last.received_at if last else None,
                                    bool(last and last.cosig), len(seen)))
    keys = [{"kid": k.kid, "party": k.party_code or codes.get(k.party_ref, k.party_ref),
             "valid_from": k.valid_from, "valid_until": k.valid_until, "status": k.status,
             "origin": k.origin} for k in rows.keys(store.db)]
    return TrustStatus(log.size(store.db), heads, partners, keys, history.recent(store),
                       alarms.open_alarms(store))
