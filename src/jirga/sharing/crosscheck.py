"""The cross-check each sync makes of a peer's log (docs/trust.md, "Peers").

Before pulling, sync fetches the peer's signed tree head (`GET /api/trust/head`) and hands it to
the trust layer, which checks its signature, checks it against the last head kept for that peer
(an RFC 9162 consistency proof fetched from the peer), keeps it and cosigns it; the cosignature
goes back to the peer (`POST /api/trust/cosignatures`). A fork, a truncation or a rewritten
history raises an alarm and a TrustError that stops the sync.

A head signed with a key this node does not know yet is checked after the pull instead, since
the pull may bring the peer's rotated key (learned only through a key already trusted). A peer
that publishes no usable head is accepted with a warning unless it must sign
(`--require-signatures`) or it showed signed heads before (then it is an alarm).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx2

from jirga.errors import Invalid, TrustError
from jirga.sharing.syncerror import SyncError
from jirga.store import Store
from jirga.store import trust as rows
from jirga.store.log import TreeHead
from jirga.trust import alarms, check_peer_head, heads, keyring_of
from jirga.trust.keyring import trusted_keys
from jirga.trust.keys import unb64url


@dataclass
class HeadCheck:
    """What the cross-check found: the head kept (None when skipped) and warnings."""

    tree_size: int | None = None
    warnings: list[str] = field(default_factory=list)
    pending: TreeHead | None = None  # signed with a key unknown before the pull


class TrustClient:
    """The peer's trust API next to its TAXII server: the node's base URL + /api/trust/…"""

    def __init__(self, http: httpx2.Client, peer_name: str, url: str) -> None:
        self.http = http
        self.peer_name = peer_name
        self.base = node_base(url)

    def get(self, path: str, params: dict[str, Any] | None = None) -> tuple[int, Any]:
        url = f"{self.base}/api/trust/{path}"
        try:
            answer = self.http.get(url, params=params, headers={"Accept": "application/json"})
        except httpx2.HTTPError as exc:
            raise SyncError(f"cannot reach peer '{self.peer_name}' at {url}: {exc}") from exc
        try:
            return answer.status_code, answer.json()
        except ValueError:
            return answer.status_code, None

    def post(self, path: str, doc: dict[str, Any]) -> str | None:
        """POST a JSON document; None when the peer took it, else why not."""
        url = f"{self.base}/api/trust/{path}"
        try:
            answer = self.http.post(url, json=doc, headers={"Accept": "application/json"})
        except httpx2.HTTPError as exc:
            return f"cannot reach {url}: {exc}"
        if answer.status_code == 200:
            return None
        return f"answered {answer.status_code}: {_detail(answer)}"

    def consistency(self, first: int, second: int) -> list[bytes]:
        status, doc = self.get("consistency", {"first": first, "second": second})
        if status != 200 or not isinstance(doc, dict):
            raise Invalid(f"the peer answered {status}")
        if doc.get("first") != first or doc.get("second") != second:
            raise Invalid(f"the peer sent a proof from {doc.get('first')} to {doc.get('second')}")
        path = doc.get("path")
        if not isinstance(path, list):
            raise Invalid("the proof has no path")
        return [unb64url(str(h), "consistency path") for h in path]


def _detail(answer: httpx2.Response) -> str:
    try:
        body = answer.json()
    except ValueError:
        return answer.text[:200]
    error = body.get("error") if isinstance(body, dict) else None
    return str(error.get("detail") if isinstance(error, dict) else body)[:200]


def node_base(url: str) -> str:
    """The node's address from a peer URL that may be its …/taxii2/ discovery URL."""
    parts = urlsplit(url.strip())
    path = parts.path.rstrip("/")
    if "/taxii2" in path:
        path = path[:path.index("/taxii2")]
    return urlunsplit((parts.scheme, parts.netloc, path, "", "")).rstrip("/")


def before_pull(store: Store, client: TrustClient, peer_ref: str, *,
                require_signatures: bool) -> HeadCheck:
    """Fetch and check the peer's head; the check waits for the pull when its key is unknown."""
    status, doc = client.get("head")
    if status != 200:
        return _no_head(store, client, peer_ref, f"publishes no signed tree head (answered "
                        f"{status} for {client.base}/api/trust/head)", require_signatures)
    try:
        head = heads.head_from_json(doc)
    except Invalid as exc:
        return _no_head(store, client, peer_ref, f"sent a tree head this node cannot read: {exc}",
                        require_signatures)
    if head.signed and head.kid and trusted_keys(store).get(head.kid) is None:
        return HeadCheck(pending=head)
    return _check(store, client, peer_ref, head, require_signatures)


def after_pull(store: Store, client: TrustClient, peer_ref: str, found: HeadCheck, *,
               require_signatures: bool) -> HeadCheck:
    """Check a head held back by `before_pull`, now that the pull may have taught its key."""
    head = found.pending
    if head is None:
        return found
    if trusted_keys(store).get(head.kid or "") is None:
        return _no_head(store, client, peer_ref, f"signs its tree head with key {head.kid}, which this "
                        "node does not know (import the peer's keys: `jirga keys import`)",
                        require_signatures)
    return _check(store, client, peer_ref, head, require_signatures)


def _check(store: Store, client: TrustClient, peer_ref: str, head: TreeHead,
           require_signatures: bool) -> HeadCheck:
    if not head.signed and rows.latest_peer_head(store.db, peer_ref) is None:
        return _no_head(store, client, peer_ref, f"shows a tree head at size {head.tree_size} "
                        "that is not signed", require_signatures)
    result = check_peer_head(store, keyring_of(store), peer_ref, head, client.consistency)
    found = HeadCheck(tree_size=head.tree_size)
    if result.cosignature is None:
        found.warnings.append("this node has no key of its own party to cosign the peer's head "
                              "with (`jirga keys create --party CODE`)")
    else:
        refused = client.post("cosignatures", result.cosignature)
        if refused:
            found.warnings.append(f"the peer did not take this node's cosignature of its head "
                                  f"at size {head.tree_size}: {refused}")
    return found


def _no_head(store: Store, client: TrustClient, peer_ref: str, why: str,
             require_signatures: bool) -> HeadCheck:
    """A head that cannot be checked: an alarm when the peer showed signed heads before, a stop
    when it must sign, else a warning."""
    kept = rows.latest_peer_head(store.db, peer_ref)
    if kept is not None:
        seen = f" (it showed a signed head at size {kept.head.tree_size} before)"
        alarms.raise_alarm(store, "peer-bad-head", peer_ref, f"the peer {why}{seen}")
        raise TrustError(f"peer '{client.peer_name}' {why}{seen}; the sync stops (see `jirga "
                         "alarms list`)")
    if require_signatures:
        raise TrustError(f"peer '{client.peer_name}' {why}; it is set to --require-signatures, "
                         "so the sync stops")
    return HeadCheck(warnings=[f"{why}; its log was not cross-checked"])
