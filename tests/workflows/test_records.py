"""Cooperation records are STIX a partner can read, and a partner's node can carry them on."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from jirga.errors import Invalid
from jirga.model.cooperation import RECIPIENTS
from jirga.model.extensions import NEW_SDO_TYPES
from jirga.sharing.parties import add_party, list_parties
from jirga.store import ObjectFilter, Store, Visibility, open_store
from jirga.workflows import commitments, disputes, meetings, requests, scorecard, views
from jirga.workflows.commitments import Document
from jirga.workflows.meetings import Decision
from tests.model.test_validate import _schema_validator
from tests.workflows.factories import Cast, make_agreement, make_cast, make_request, quick_user

ALL = Visibility.everything()
COMMON = {"type", "spec_version", "id", "created", "modified", "name", "description",
          "object_marking_refs", "extensions", "revoked", "labels", "external_references"}


def play(store: Store, cast: Cast) -> dict[str, str]:
    agreement, (patrols, hotline) = make_agreement(store, cast)
    commitments.set_status(store, cast.af, hotline["id"], "full",
                           documents=[Document("Hotline log", "https://example.org/log.pdf")],
                           when="2025-02-10")
    meeting = meetings.record_meeting(
        store, cast.pk, name="JCC 1", held="2025-03-01", mechanism="joint-coordination-committee",
        participants=[("PK-MOI", "host"), ("AF-MOI", "delegation")], agreements=[agreement["id"]],
        agenda=["Hotline", "Patrols"], outcome="Patrols extended")
    meetings.decide(store, cast.af, meeting["id"], Decision("Patrols one more month", "move",
                                                            [patrols["id"]], extend="P1M"))
    disputes.raise_dispute(store, cast.pk, "commitment", hotline["id"],
                           reasons="The hotline rang out", when="2025-03-02")
    request = make_request(store, cast, when="2025-03-05")
    requests.transition(store, cast.af, request["id"], "acknowledge", when="2025-03-06")
    return {"agreement": agreement["id"], "patrols": patrols["id"], "hotline": hotline["id"],
            "meeting": meeting["id"], "request": request["id"]}


def every_version(store: Store) -> list[dict[str, Any]]:
    return [v.object() for v in store.iter_versions(ObjectFilter(include_revoked=True),
                                                    visibility=ALL)]


def test_records_are_jointly_kept_and_declare_every_property(store: Store) -> None:
    cast = make_cast(store)
    play(store, cast)
    parties = sorted([cast.pk.party_id, cast.af.party_id])
    for obj in every_version(store):
        if obj["type"] in NEW_SDO_TYPES:
            spec = NEW_SDO_TYPES[obj["type"]]
            assert set(obj) - COMMON <= set(spec.properties), obj["type"]
            assert "created_by_ref" not in obj  # kept by both; each version signed by its maker
            assert obj[RECIPIENTS] == parties
            assert obj["transitions"][-1]["party_ref"] in parties
        if obj["type"] in ("opinion", "report"):
            assert obj["created_by_ref"] in parties
            assert obj[RECIPIENTS] == parties
            validator = _schema_validator(obj["type"])
            assert validator is not None
            assert not list(validator.iter_errors(obj)), obj["id"]


def test_a_partner_node_projects_synced_records_and_carries_them_on(store: Store,
                                                                    tmp_path: Path) -> None:
    cast = make_cast(store)
    ids = play(store, cast)
    partner = open_store(str(tmp_path / "partner.db"))
    try:
        for party in list_parties(store):
            add_party(partner, party.code, party.name, identity_id=party.identity_id)
        partner.add_objects(every_version(store), source_party="PK-MOI")
        here = scorecard.scorecard(store, ALL, as_of="2025-06-30")
        there = scorecard.scorecard(partner, ALL, as_of="2025-06-30")
        assert [asdict(p) for p in there.parties] == [asdict(p) for p in here.parties]
        shown = views.detail(partner, ALL, "commitment", ids["hotline"])
        assert [d["by"] for d in shown["disputes"] if d["open"]] == ["PK-MOI"]
        assert [s["action"] for s in shown["history"]] == ["created", "status"]
        af_there = quick_user(partner, "wahid.s", "AF-MOI", "liaison")
        answered = requests.transition(partner, af_there, ids["request"].split("--")[1][:8], "answer",
                                       findings="Findings attached", when="2025-03-20")
        assert [s["state"] for s in answered["transitions"]] == [
            "requested", "acknowledged", "answered"]
    finally:
        partner.close()


def test_views_name_parties_by_code_and_show_open_disputes(store: Store) -> None:
    cast = make_cast(store)
    ids = play(store, cast)
    listed = views.listing(store, ALL, "commitment", agreement=ids["agreement"])
    hotline = next(r for r in listed if r["id"] == ids["hotline"])
    assert hotline["parties"] == {"responsible": ["AF-MOI"]}
    assert [(d["by"], d["disputes"]) for d in hotline["open_disputes"]] == [("PK-MOI", "full")]
    shown = views.detail(store, ALL, "agreement", ids["agreement"][:20])
    assert sorted(shown["party_refs"]) == ["AF-MOI", "PK-MOI"]
    assert {c["id"] for c in shown["commitments"]} == {ids["patrols"], ids["hotline"]}
    meeting = views.detail(store, ALL, "meeting", ids["meeting"])
    assert meeting["participants"] == [{"party": "PK-MOI", "role": "host"},
                                       {"party": "AF-MOI", "role": "delegation"}]
    assert views.listing(store, ALL, "assistance-request", party="AF-MOI",
                         states=["acknowledged"])[0]["id"] == ids["request"]


def test_a_rewritten_history_from_a_partner_is_shown_as_a_problem(store: Store) -> None:
    cast = make_cast(store)
    ids = play(store, cast)
    current = store.get(ids["hotline"], visibility=ALL).object()
    assert views.detail(store, ALL, "commitment", ids["hotline"])["history_problems"] == []
    rewritten = {**current, "modified": "2025-04-01T00:00:00.000Z",
                 "transitions": [current["transitions"][0],
                                 {**current["transitions"][1], "state": "minimal",
                                  "at": "2025-04-01T00:00:00.000Z"}]}
    store.add_objects([rewritten], source_party="AF-MOI")
    shown = views.detail(store, ALL, "commitment", ids["hotline"])
    assert shown["history_problems"] == [
        "the version of 2025-04-01T00:00:00.000Z rewrites or drops earlier changes"]


def test_unknown_states_in_a_filter_are_refused(store: Store) -> None:
    make_cast(store)
    with pytest.raises(Invalid, match="'done' is not a commitment state; use one of not-started"):
        views.listing(store, ALL, "commitment", states=["done"])
