"""Two jirga nodes on loopback (two parties, two SQLite files) syncing both ways over TAXII."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from jirga.sharing import peers
from jirga.sharing.sync import SyncError, sync
from jirga.store import ObjectFilter, Visibility
from tests.factories import make_object, make_party, new_version
from tests.sharing.nodes import Node

ALL = Visibility.everything()


def names(node: Node) -> dict[str, Any]:
    rows = node.store.iter_current(ObjectFilter(types=("campaign",), include_revoked=True),
                                   visibility=ALL)
    return {r.object()["name"]: r for r in rows}


@pytest.fixture
def pair(nodes: Callable[..., Node]) -> tuple[Node, Node]:
    """PK-MOI's node and AF-MOI's node, each sharing one `all` collection with the other."""
    pk, af = nodes("PK-MOI"), nodes("AF-MOI")
    for node, other in ((pk, af), (af, pk)):
        make_party(node.store, other.party)
        make_party(node.store, "UN-AM")
        node.user(f"{other.party.lower()}-sync", other.party, role="liaison")
        node.user(f"{node.party.lower()}-red", node.party)
        node.collection("shared", scope="all", **{other.party.replace("-", "_"): "r"})
        node.start()
    for node, other in ((pk, af), (af, pk)):
        token = other.token(f"{node.party.lower()}-sync")
        peers.add_peer(node.store, other.party.lower(), other.url, token, other.party)
    return pk, af


def ident(node: Node, code: str) -> str:
    from jirga.sharing.parties import get_party

    return get_party(node.store, code).identity_id


def author(node: Node, name: str, level: str | None, **props: Any) -> dict[str, Any]:
    obj = make_object("campaign", name=name, **({"level": level} if level else {}), **props)
    node.store.add_objects([obj])
    return obj


def test_both_ways_with_tlp_enforced(pair: tuple[Node, Node]) -> None:
    pk, af = pair
    af_id, un_id = ident(pk, "AF-MOI"), ident(pk, "UN-AM")
    author(pk, "pk-clear", "clear")
    author(pk, "pk-green", "green")
    author(pk, "pk-amber-to-af", "amber", x_jirga_recipient_refs=[af_id])
    author(pk, "pk-amber-to-un-only", "amber", x_jirga_recipient_refs=[un_id])
    author(pk, "pk-strict-to-af", "amber+strict", x_jirga_recipient_refs=[af_id])
    author(pk, "pk-red", "red", x_jirga_red_users=["af-moi-sync", "pk-moi-red"])
    author(pk, "pk-unmarked", None)
    author(af, "af-green", "green")
    author(af, "af-amber-local", "amber")

    [af_report] = sync(af.store, af.settings)
    assert af_report.error is None
    on_af = names(af)
    assert {"pk-clear", "pk-green", "pk-amber-to-af", "pk-strict-to-af"} <= set(on_af)
    assert not {"pk-amber-to-un-only", "pk-red", "pk-unmarked"} & set(on_af)
    assert on_af["pk-green"].source_party == "PK-MOI"

    [pk_report] = sync(pk.store, pk.settings)
    assert pk_report.error is None
    on_pk = names(pk)
    assert on_pk["af-green"].source_party == "AF-MOI"
    assert "af-amber-local" not in on_pk
    # what went to AF and came back is the same version: nothing new, nothing duplicated
    assert on_pk["pk-green"].source_party is None
    assert all(len(pk.store.versions(r.id, visibility=ALL)) == 1 for r in on_pk.values())


def test_resumes_after_a_crash_mid_sync(pair: tuple[Node, Node]) -> None:
    pk, af = pair
    for i in range(9):
        author(pk, f"pk-{i}", "green")

    def crash(collection: str, count: int) -> None:
        raise KeyboardInterrupt  # the process dies after the first committed page

    with pytest.raises(KeyboardInterrupt):
        sync(af.store, af.settings, "pk-moi", page_size=4, on_page=crash)
    stored = af.store.version_count()
    assert len(names(af)) < 9
    [again] = sync(af.store, af.settings, "pk-moi", page_size=4)
    assert again.error is None
    assert {f"pk-{i}" for i in range(9)} <= set(names(af))
    # the second run started after the committed page: nothing fetched twice
    assert sum(c.counts["unchanged"] for c in again.collections) == 0
    assert af.store.version_count() - stored == sum(c.counts["added"] for c in again.collections)


def test_network_failure_then_resume(pair: tuple[Node, Node]) -> None:
    pk, af = pair
    for i in range(6):
        author(pk, f"pk-{i}", "clear")
    port: list[int] = []

    def cut(collection: str, count: int) -> None:
        if not port and names(af):  # the link drops once some of the campaigns are in
            port.append(pk.halt())

    [report] = sync(af.store, af.settings, "pk-moi", page_size=3, on_page=cut)
    assert report.error and "cannot reach peer 'pk-moi'" in report.error
    assert 0 < len(names(af)) < 6
    assert peers.get_peer(af.store, "pk-moi").last_error == report.error
    pk.start(port[0])
    [resumed] = sync(af.store, af.settings, "pk-moi", page_size=3)
    assert resumed.error is None
    assert len(names(af)) == 6
    assert peers.get_peer(af.store, "pk-moi").last_error is None


def test_older_never_replaces_newer_and_revocations_travel(pair: tuple[Node, Node]) -> None:
    pk, af = pair
    v1 = author(pk, "story", "green")
    v2 = new_version(v1, 10, description="second")
    pk.store.add_objects([v2])
    v3 = new_version(v1, 20, description="third, straight to AF")
    af.store.add_objects([v3])
    sync(af.store, af.settings, "pk-moi")
    assert names(af)["story"].object()["description"] == "third, straight to AF"
    assert len(af.store.versions(v1["id"], visibility=ALL)) == 3
    revoked = new_version(v1, 30, revoked=True)
    pk.store.add_objects([revoked])
    sync(af.store, af.settings, "pk-moi")
    assert names(af)["story"].revoked


def test_wrong_token_is_reported_and_nothing_is_stored(pair: tuple[Node, Node]) -> None:
    pk, af = pair
    author(pk, "pk-green", "green")
    peers.set_peer(af.store, "pk-moi", token="jirga_00000000_wrong")
    with pytest.raises(SyncError):
        raise_for(sync(af.store, af.settings, "pk-moi"))
    assert "pk-green" not in names(af)


def raise_for(reports: list[Any]) -> None:
    for report in reports:
        if report.error:
            assert "401" in report.error
            raise SyncError(report.error)
