"""Pulling from peers over TAXII 2.1: each readable collection, page by page, with `added_after`.

For every page the peer sends, `accept_page` checks the objects and stores them with the peer's
party as their origin, and moves the cursor for that peer and collection, in one transaction: a
crash or a dropped connection loses at most the page in flight, and the next run resumes where
the last committed page ended. The store never lets an older version replace a newer current
one, and revocations arrive as the newer, revoked versions they are (`match[version]=all`).

Trust (docs/trust.md): every object's signatures are checked by the trust layer before it is
stored (a forged one is refused and raises an alarm; an unsigned one is refused or accepted with
a warning, as the peer is set), keys the peer publishes are learned in the page's transaction,
and the peer's signed tree head is cross-checked and cosigned (`crosscheck`): an inconsistent
log stops the sync with a TrustError and an alarm.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx2

from jirga.config import Settings
from jirga.errors import Invalid, JirgaError, TrustError
from jirga.model import tlp
from jirga.model.bundle import invalid
from jirga.model.timestamps import now
from jirga.model.validate import validate_object
from jirga.sharing import crosscheck
from jirga.sharing.parties import get_party
from jirga.sharing.peers import Peer, get_peer, list_peers
from jirga.sharing.syncerror import SyncError
from jirga.sharing.taxii import TAXII_MEDIA_TYPE
from jirga.store import AddResult, Store
from jirga.store import peers as sql
from jirga.store.peers import CursorRow
from jirga.trust import IncomingVerdict, PeerPolicy, alarm_forged, learn_keys, verify_incoming

OnPage = Callable[[str, int], None]
__all__ = ["CollectionReport", "PeerReport", "SyncError", "TaxiiClient", "accept_page", "sync",
           "sync_peer"]


@dataclass
class CollectionReport:
    id: str
    title: str
    pages: int = 0
    received: int = 0
    counts: Counter[str] = field(default_factory=Counter)


@dataclass
class PeerReport:
    peer: str
    collections: list[CollectionReport] = field(default_factory=list)
    error: str | None = None
    trust_failed: bool = False  # the error is a failed cross-check (alarm raised)
    head_size: int | None = None  # the peer's tree head checked and kept
    warnings: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # objects refused, each named
    unsigned: int = 0  # objects accepted without a signature this node could check
    alarms: list[int] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """0, TrustError's when the peer's log or objects failed their checks, else SyncError's."""
        if self.trust_failed or self.alarms:
            return TrustError.exit_code
        return SyncError.exit_code if self.error else 0


class TaxiiClient:
    """The few TAXII 2.1 GETs sync needs, over httpx2, with errors that name the peer."""

    def __init__(self, peer: Peer, *, timeout: float = 60.0) -> None:
        self.peer = peer
        self.http = httpx2.Client(headers={"Accept": TAXII_MEDIA_TYPE,
                                           "Authorization": f"Bearer {peer.token}"},
                                  timeout=timeout, follow_redirects=True)

    def close(self) -> None:
        self.http.close()

    def get(self, url: str, params: dict[str, Any] | None = None) -> tuple[Any, Any]:
        try:
            answer = self.http.get(url, params=params)
        except httpx2.HTTPError as exc:
            raise SyncError(f"cannot reach peer '{self.peer.name}' at {url}: {exc}") from exc
        if answer.status_code != 200:
            raise SyncError(f"peer '{self.peer.name}' answered {answer.status_code} for {url}: "
                            f"{_description(answer)}")
        try:
            return answer.json(), answer.headers
        except ValueError as exc:
            raise SyncError(f"peer '{self.peer.name}' sent something that is not JSON from "
                            f"{url}") from exc

    def api_root(self) -> str:
        base = self.peer.url.rstrip("/")
        discovery = base + "/" if base.endswith("/taxii2") else base + "/taxii2/"
        document, _ = self.get(discovery)
        root = document.get("default") or (document.get("api_roots") or [None])[0]
        if not isinstance(root, str):
            raise SyncError(f"peer '{self.peer.name}' lists no API root at {discovery}")
        return root if root.endswith("/") else root + "/"


def _description(answer: httpx2.Response) -> str:
    try:
        body = answer.json()
        return str(body.get("description") or body.get("title") or body)[:300]
    except ValueError:
        return answer.text[:300]


def sync(store: Store, settings: Settings, name: str | None = None, *,
         page_size: int | None = None, on_page: OnPage | None = None) -> list[PeerReport]:
    """Pull from one peer or from all; a failing peer does not stop the others."""
    chosen = [get_peer(store, name)] if name else list_peers(store)
    return [sync_peer(store, settings, peer, page_size=page_size, on_page=on_page)
            for peer in chosen]


def sync_peer(store: Store, settings: Settings, peer: Peer, *, page_size: int | None = None,
              on_page: OnPage | None = None) -> PeerReport:
    """Cross-check the peer's log, pull every readable collection, check the head again if its
    key was unknown; the report names what was refused, warned about and alarmed."""
    report = PeerReport(peer.name)
    client = TaxiiClient(peer)
    try:
        policy = PeerPolicy(get_party(store, peer.party_code).identity_id,
                            peer.require_signatures)
        trust = crosscheck.TrustClient(client.http, peer.name, peer.url)
        head = crosscheck.before_pull(store, trust, policy.peer_ref,
                                      require_signatures=peer.require_signatures)
        root = client.api_root()
        listing, _ = client.get(root + "collections/")
        for col in listing.get("collections", []):
            if col.get("can_read"):
                done = CollectionReport(col["id"], col.get("title", col["id"]))
                report.collections.append(done)
                pull_collection(store, settings, peer, client, root, done,
                                page_size or settings.page_size, on_page, policy, report)
        head = crosscheck.after_pull(store, trust, policy.peer_ref, head,
                                     require_signatures=peer.require_signatures)
        report.head_size = head.tree_size
        report.warnings.extend(head.warnings)
    except TrustError as exc:
        report.error, report.trust_failed = exc.message, True
    except JirgaError as exc:
        report.error = exc.message
    finally:
        client.close()
        with store.db.transaction():
            sql.record_sync(store.db, peer.name, now(), report.error)
    return report


def pull_collection(store: Store, settings: Settings, peer: Peer, client: TaxiiClient,
                    root: str, report: CollectionReport, page_size: int,
                    on_page: OnPage | None, policy: PeerPolicy, peer_report: PeerReport) -> None:
    url = f"{root}collections/{report.id}/objects/"
    cursor = sql.cursor(store.db, peer.name, report.id) or \
        CursorRow(peer.name, report.id, None, None, 0, now())
    while True:
        params: dict[str, Any] = {"limit": page_size, "match[version]": "all"}
        if cursor.next:
            params["next"] = cursor.next
        elif cursor.added_after:
            params["added_after"] = cursor.added_after
        envelope, headers = client.get(url, params)
        objects = envelope.get("objects") or []
        more = bool(envelope.get("more")) and bool(envelope.get("next"))
        cursor = CursorRow(peer.name, report.id,
                           headers.get("X-TAXII-Date-Added-Last") or cursor.added_after,
                           envelope.get("next") if more else None,
                           cursor.objects + len(objects), now())
        result, verdict = accept_page(store, peer, objects, cursor, policy)
        report.pages += 1
        report.received += len(objects)
        report.counts.update(result.as_dict())
        report.counts["refused"] += len(verdict.rejected)
        _note_verdict(store, policy, verdict, peer_report)
        if on_page:
            on_page(report.id, len(objects))
        if not more:
            return


def accept_page(store: Store, peer: Peer, objects: list[dict[str, Any]], cursor: CursorRow,
                policy: PeerPolicy) -> tuple[AddResult, IncomingVerdict]:
    """Verify one page from a peer, then store what passes, the keys it taught and the cursor,
    in one transaction.

    Nothing of the page is stored when it is not valid STIX or holds TLP:RED (the cursor stays,
    so the page is fetched again next time). Objects whose signatures fail (or, for a peer that
    must sign, unsigned ones) are refused one by one and the rest stored; forged ones raise an
    alarm once the page is committed.
    """
    verify_page(peer, objects)
    with store.db.transaction():
        verdict = verify_incoming(store, objects, policy)
        learn_keys(store, verdict)
        result = store.add_objects(verdict.accepted, source_party=peer.party_code)
        sql.save_cursor(store.db, cursor)
    return result, verdict


def _note_verdict(store: Store, policy: PeerPolicy, verdict: IncomingVerdict,
                  report: PeerReport) -> None:
    report.refused.extend(str(p) for p in verdict.rejected)
    report.unsigned += len(verdict.warnings)
    alarm = alarm_forged(store, policy, verdict)
    if alarm is not None:
        report.alarms.append(alarm)


def verify_page(peer: Peer, objects: list[dict[str, Any]]) -> None:
    """Every object valid STIX 2.1, and none a peer may never send (TLP:RED)."""
    if not isinstance(objects, list):
        raise SyncError(f"peer '{peer.name}' sent an envelope whose objects are not a list")
    problems = [p for index, obj in enumerate(objects) for p in validate_object(obj, index)]
    if problems:
        error: Invalid = invalid(f"page from peer '{peer.name}'", problems)
        raise SyncError(error.message)
    red = [o["id"] for o in objects if tlp.level_of(o) == "red"]
    if red:
        raise SyncError(f"peer '{peer.name}' sent TLP:RED objects ({', '.join(red[:3])}); "
                        "RED never leaves its node, so the page was refused")
