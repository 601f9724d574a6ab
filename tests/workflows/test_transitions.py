"""Transitions that are not allowed are refused with a clear message and change nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from jirga.errors import Conflict, Forbidden, Invalid, JirgaError, NotFound
from jirga.sharing.principal import Principal
from jirga.store import Store, Visibility
from jirga.workflows import agreements, commitments, disputes, meetings, requests
from jirga.workflows.commitments import CommitmentSpec, Document
from jirga.workflows.meetings import Decision
from tests.workflows.factories import Cast, make_agreement, make_cast, make_request

ALL = Visibility.everything()
DOC = [Document("Hotline test log")]


def snapshot(store: Store) -> tuple[Any, ...]:
    """Everything a refused change could have touched."""
    return (store.version_count(),
            store.db.query("SELECT id, n, at, state, deadline FROM workflow_transitions "
                           "ORDER BY id, n"),
            store.db.query("SELECT id, state, deadline, modified FROM workflow_records ORDER BY id"),
            store.db.query("SELECT id, withdrawn FROM disputes_flat ORDER BY id"))


def refused(store: Store, error: type[JirgaError], match: str, fn: Callable[..., Any],
            *args: Any, **kwargs: Any) -> str:
    before = snapshot(store)
    with pytest.raises(error, match=match) as caught:
        fn(*args, **kwargs)
    assert snapshot(store) == before
    return caught.value.message


@pytest.fixture
def cast(store: Store) -> Cast:
    return make_cast(store)


def test_only_the_requested_party_answers_and_only_the_requester_closes(store: Store,
                                                                         cast: Cast) -> None:
    req = make_request(store, cast)
    message = refused(store, Forbidden, "addressed to AF-MOI", requests.transition, store,
                      cast.pk, req["id"], "answer", findings="we answer ourselves")
    assert message.startswith("amina.k (PK-MOI, liaison) cannot answer request 'Examine findings'")
    refused(store, Invalid, "closed only once it is answered", requests.transition, store,
            cast.pk, req["id"], "close")
    requests.transition(store, cast.af, req["id"], "start", when="2025-02-02")
    refused(store, Invalid, "closed only once it is answered", requests.transition, store,
            cast.pk, req["id"], "close")
    refused(store, Invalid, "needs the findings", requests.transition, store, cast.af,
            req["id"], "answer", findings=" ")
    refused(store, Invalid, "needs a reason", requests.transition, store, cast.af, req["id"],
            "decline")
    refused(store, Invalid, "'acknowledge' applies only to a request that is requested",
            requests.transition, store, cast.af, req["id"], "acknowledge")
    requests.transition(store, cast.af, req["id"], "answer", findings="Two suspects named",
                        when="2025-02-20")
    refused(store, Forbidden, "only the requesting party PK-MOI can", requests.transition,
            store, cast.af, req["id"], "close")
    refused(store, Invalid, "is answered", requests.transition, store, cast.af, req["id"],
            "decline", reason="changed our mind")
    closed = requests.transition(store, cast.pk, req["id"], "close", when="2025-02-21")
    assert [s["state"] for s in closed["transitions"]] == [
        "requested", "in-progress", "answered", "closed"]
    assert [(s["party_ref"], s["user"]) for s in closed["transitions"][-2:]] == [
        (cast.af.party_id, "wahid.s"), (cast.pk.party_id, "amina.k")]


def test_status_changes_need_evidence_when_the_agreement_requires_it(store: Store,
                                                                     cast: Cast) -> None:
    _, (_patrols, hotline) = make_agreement(store, cast)
    message = refused(store, Invalid, "requires evidence for every status change",
                      commitments.set_status, store, cast.af, hotline["id"], "minimal",
                      when="2025-02-01")
    assert "--evidence ID or --document TITLE" in message
    refused(store, NotFound, "is not in this node's store", commitments.set_status, store,
            cast.af, hotline["id"], "minimal", evidence=["report--6c0e3b2e-3f5a-4f8e-9b1a-0d9c1e2f3a4b"])
    new = commitments.set_status(store, cast.af, hotline["id"], "minimal", documents=DOC,
                                 when="2025-02-01")
    evidence = store.get(new["status_evidence_refs"][0], visibility=ALL).object()
    assert (evidence["type"], evidence["name"], evidence["created_by_ref"]) == (
        "report", "Hotline test log", cast.af.party_id)
    _, (loose, _) = make_agreement(store, cast, evidence_required=False)
    assert commitments.set_status(store, cast.pk, loose["id"], "minimal")["status"] == "minimal"


def test_backdated_and_future_changes_are_refused(store: Store, cast: Cast) -> None:
    _, (_, hotline) = make_agreement(store, cast)
    commitments.set_status(store, cast.af, hotline["id"], "minimal", documents=DOC,
                           when="2025-03-10")
    message = refused(store, Invalid, "before the previous change on 2025-03-10",
                      commitments.set_status, store, cast.af, hotline["id"], "full",
                      documents=DOC, when="2025-03-09")
    assert "append-only" in message
    refused(store, Invalid, "is in the future", commitments.set_status, store, cast.af,
            hotline["id"], "full", documents=DOC, when="2999-01-01")
    req = make_request(store, cast, when="2025-04-01")
    refused(store, Invalid, "before the previous change on 2025-04-01", requests.transition,
            store, cast.af, req["id"], "acknowledge", when="2025-03-31")
    same_day = commitments.set_status(store, cast.af, hotline["id"], "full", documents=DOC,
                                      when="2025-03-10")
    assert same_day["modified"] > same_day["transitions"][-2]["at"]


@pytest.mark.parametrize("who", ["af_observer", "un", "operator"])
def test_observers_other_parties_and_the_anonymous_operator_cannot_act(
        store: Store, cast: Cast, who: str) -> None:
    _, (patrols, _) = make_agreement(store, cast)
    principal = Principal.operator() if who == "operator" else getattr(cast, who)
    expected = {"af_observer": "observers read the record but do not change it",
                "un": "only the parties to its agreement assert its status",
                "operator": "pass --as USER"}[who]
    refused(store, Forbidden, expected, commitments.set_status, store, principal,
            patrols["id"], "minimal", documents=DOC)
    if who != "un":  # a liaison of a third party may make requests; the others may not
        refused(store, Forbidden, expected, requests.create_request, store, principal,
                to="PK-MOI", subject="help", asks=["information"])


def test_statuses_follow_the_scale_and_closed_commitments_stay_closed(store: Store,
                                                                      cast: Cast) -> None:
    agreement, (patrols, _hotline) = make_agreement(store, cast)
    refused(store, Invalid, "dropped by a meeting decision", commitments.set_status, store,
            cast.pk, patrols["id"], "dropped", documents=DOC)
    refused(store, Invalid, "'done' is not known", commitments.set_status, store, cast.pk,
            patrols["id"], "done", documents=DOC)
    refused(store, Invalid, "already 'not-started'", commitments.set_status, store, cast.pk,
            patrols["id"], "not-started", documents=DOC)
    meeting = meetings.record_meeting(
        store, cast.pk, name="JCC 1", held="2025-03-01", mechanism="joint-coordination-committee",
        participants=[("PK-MOI", "host"), ("AF-MOI", "delegation")], agreements=[agreement["id"]])
    meetings.decide(store, cast.af, meeting["id"], Decision("Patrols dropped", "drop",
                                                            [patrols["id"]]))
    refused(store, Invalid, "is dropped; its status no longer changes", commitments.set_status,
            store, cast.pk, patrols["id"], "full", documents=DOC)
    refused(store, Invalid, "is dropped; it can no longer be changed", meetings.decide, store,
            cast.pk, meeting["id"], Decision("Revive patrols", "move", [patrols["id"]],
                                             extend="P1M"))


def test_meeting_decisions_are_all_or_nothing(store: Store, cast: Cast) -> None:
    agreement, (patrols, hotline) = make_agreement(store, cast)
    _other, (elsewhere, _) = make_agreement(store, cast)
    meeting = meetings.record_meeting(
        store, cast.pk, name="JCC 1", held="2025-03-01", mechanism="joint-coordination-committee",
        participants=[("PK-MOI", "host"), ("AF-MOI", "delegation")], agreements=[agreement["id"]])
    refused(store, Invalid, "agreed later", meetings.record_meeting, store, cast.pk,
            name="JCC 0", held="2025-01-10", mechanism="joint-coordination-committee",
            participants=[("PK-MOI", "host"), ("AF-MOI", "delegation")],
            agreements=[agreement["id"]])
    refused(store, Invalid, "did not review the agreement", meetings.decide, store, cast.pk,
            meeting["id"], Decision("Move both", "move", [hotline["id"], elsewhere["id"]],
                                    extend="P1M"))
    commitments.set_status(store, cast.af, hotline["id"], "minimal", documents=DOC,
                           when="2025-03-05")
    refused(store, Invalid, "before the previous change on 2025-03-05", meetings.decide, store,
            cast.pk, meeting["id"], Decision("Move both", "move", [patrols["id"], hotline["id"]],
                                             extend="P1M"))
    refused(store, Forbidden, "only a participating party", meetings.decide, store, cast.un,
            meeting["id"], Decision("Noted"))
    refused(store, Invalid, "either --deadline", meetings.decide, store, cast.pk, meeting["id"],
            Decision("Move", "move", [patrols["id"]]))
    new, changed = meetings.decide(store, cast.pk, meeting["id"], Decision(
        "Patrols within 2 months of this meeting", "move", [patrols["id"]],
        deadline="within 2 months"))
    assert changed[0]["deadline"] == "2025-05-01"
    assert changed[0]["transitions"][-1]["previous_deadline"] == "2025-04-15"
    assert new["decisions"][0]["commitment_refs"] == [patrols["id"]]


def test_disputes_are_raised_by_the_other_party_and_withdrawn_by_their_author(
        store: Store, cast: Cast) -> None:
    _, (_, hotline) = make_agreement(store, cast)
    commitments.set_status(store, cast.af, hotline["id"], "full", documents=DOC,
                           when="2025-02-10")
    refused(store, Forbidden, "AF-MOI asserted 'full' itself", disputes.raise_dispute, store,
            cast.af, "commitment", hotline["id"], reasons="we doubt ourselves")
    refused(store, Invalid, "give the reasons", disputes.raise_dispute, store, cast.pk,
            "commitment", hotline["id"], reasons=" ")
    refused(store, Forbidden, "only a party to the record", disputes.raise_dispute, store,
            cast.un, "commitment", hotline["id"], reasons="not seen")
    refused(store, Invalid, "before the previous change on 2025-02-10", disputes.raise_dispute,
            store, cast.pk, "commitment", hotline["id"], reasons="no", when="2025-02-09")
    dispute = disputes.raise_dispute(store, cast.pk, "commitment", hotline["id"],
                                     reasons="The hotline rang out", when="2025-02-12")
    assert dispute["created_by_ref"] == cast.pk.party_id
    assert dispute["object_refs"] == [hotline["id"]]
    assert dispute["x_jirga_dispute"]["status"] == "full"
    refused(store, Conflict, "already disputes 'full'", disputes.raise_dispute, store, cast.pk,
            "commitment", hotline["id"], reasons="again")
    refused(store, Forbidden, "only the party that raised it", disputes.withdraw, store,
            cast.af, dispute["id"])
    assert len(disputes.open_disputes(store, ALL, [hotline["id"]])) == 1
    disputes.withdraw(store, cast.pk, dispute["id"][9:17], note="Tested again, works")
    assert disputes.open_disputes(store, ALL, [hotline["id"]]) == []
    refused(store, Conflict, "already withdrawn", disputes.withdraw, store, cast.pk,
            dispute["id"])


def test_a_new_status_lapses_the_dispute_of_the_old_one(store: Store, cast: Cast) -> None:
    _, (_, hotline) = make_agreement(store, cast)
    commitments.set_status(store, cast.af, hotline["id"], "full", documents=DOC,
                           when="2025-02-10")
    disputes.raise_dispute(store, cast.pk, "commitment", hotline["id"], reasons="No answer",
                           when="2025-02-12")
    commitments.set_status(store, cast.af, hotline["id"], "intermediate", documents=DOC,
                           when="2025-02-20")
    assert disputes.open_disputes(store, ALL, [hotline["id"]]) == []


def test_bad_requests_are_refused(store: Store, cast: Cast) -> None:
    refused(store, Invalid, "goes to another party", requests.create_request, store, cast.pk,
            to="PK-MOI", subject="help", asks=["information"])
    refused(store, Invalid, "'arrest' is not something", requests.create_request, store,
            cast.pk, to="AF-MOI", subject="help", asks=["arrest"])
    refused(store, Invalid, "names the group", requests.create_request, store, cast.pk,
            to="AF-MOI", subject="help", asks=["action-against-group"])
    refused(store, Invalid, "group 'Nobody' is not in this node's store",
            requests.create_request, store, cast.pk, to="AF-MOI", subject="help",
            asks=["action-against-group"], groups=["Nobody"])
    refused(store, NotFound, "party 'XX-MOI' not found", requests.create_request, store,
            cast.pk, to="XX-MOI", subject="help", asks=["information"])
    refused(store, Invalid, "is not a duration", requests.create_request, store, cast.pk,
            to="AF-MOI", subject="help", asks=["information"], deadline="soonish")
    made = requests.create_request(store, cast.pk, to="AF-MOI", subject="help",
                                   asks=["information"], when="2025-01-31", default_days=10)
    assert (made["requested"], made["deadline"]) == ("2025-01-31", "2025-02-10")


def test_agreements_need_two_parties_and_a_party_to_record_them(store: Store, cast: Cast) -> None:
    refused(store, Invalid, "at least two parties", agreements.create_agreement, store,
            cast.pk, name="x", parties=["PK-MOI"], agreed="2025-01-01")
    refused(store, Forbidden, "only a party to the agreement", agreements.create_agreement,
            store, cast.un, name="x", parties=["PK-MOI", "AF-MOI"], agreed="2025-01-01")
    refused(store, Invalid, "is not a party to agreement", agreements.create_agreement, store,
            cast.pk, name="x", parties=["PK-MOI", "AF-MOI"], agreed="2025-01-01",
            commitments=[CommitmentSpec("observe", "P1M", ["UNAMA"])])
    refused(store, Invalid, "not a date", agreements.create_agreement, store, cast.pk,
            name="x", parties=["PK-MOI", "AF-MOI"], agreed="15/01/2025")
