"""Who signs what the node writes on someone's behalf (both backends): jointly kept workflow
records by the acting party, accepted review candidates by the accepting party (the node's own
party, the `party` setting, for the local operator)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from jirga.ingest.pipeline import ingest
from jirga.ingest.sources import expand
from jirga.review import service
from jirga.store import ObjectFilter, Store, Visibility
from jirga.trust import signatures
from jirga.trust.keyring import node_party_ref, trusted_keys
from jirga.workflows.requests import create_request
from tests.factories import make_party, make_user
from tests.review.test_review import REPORT
from tests.trust.factories import Node, make_node

ALL = Visibility.everything()


@pytest.fixture
def node(store: Store, tmp_path: Path) -> Node:
    """Parties PK (the node's own) and AF, both with keys, both in the party registry."""
    made = make_node(store, tmp_path / "keys", keyed=("PK", "AF"), node_party="PK")
    for code in ("PK", "AF"):
        make_party(store, code)  # registers the identity make_node wrote
    return made


def signers(obj: dict[str, Any]) -> list[str]:
    return [e["signer_ref"] for e in obj.get(signatures.SIGNATURES_PROPERTY) or []]


def test_the_registry_and_the_party_setting_name_the_node_party(node: Node) -> None:
    assert node_party_ref(node.store) == node.party_ref("PK")


def test_a_jointly_kept_record_is_signed_by_the_acting_party(node: Node) -> None:
    liaison = make_user(node.store, "farid", "AF", "liaison")
    made = create_request(node.store, liaison, to="PK", subject="Share the Torkham findings",
                          asks=["information"])
    stored = node.store.get(made["id"], visibility=ALL).object()
    assert "created_by_ref" not in stored  # a record both parties keep names no creator
    assert signers(stored) == [node.party_ref("AF")]
    assert signatures.check(stored, trusted_keys(node.store)).ok


def _candidate(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "kandahar.txt"
    path.write_text(REPORT, encoding="utf-8")
    ingest(store, expand([str(path)]), visibility=ALL, max_bytes=1_000_000)


@pytest.mark.parametrize("accepter", ["AF", None])
def test_an_accepted_incident_is_the_accepting_party_s_and_signed(node: Node, tmp_path: Path,
                                                                  accepter: str | None) -> None:
    """A user of AF accepts in the web (`author_ref` = AF); the local operator accepts with
    `jirga review accept` (`author_ref` = the node's party, PK)."""
    _candidate(node.store, tmp_path)
    author = node.party_ref(accepter) if accepter else node_party_ref(node.store)
    result = service.accept(node.store, 1, visibility=ALL, changes={}, author_ref=author)
    incident = node.store.get(result.incident_id, visibility=ALL).object()
    expected = node.party_ref(accepter or "PK")
    assert incident["created_by_ref"] == expected and signers(incident) == [expected]
    assert signatures.check(incident, trusted_keys(node.store)).ok
    related = [o.object() for o in node.store.iter_current(
        ObjectFilter(types=("relationship",)), visibility=ALL)]
    related = [r for r in related if r["source_ref"] == result.incident_id]
    assert related and all(r["created_by_ref"] == expected and signers(r) == [expected]
                           for r in related)
