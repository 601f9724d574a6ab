"""A small cooperation demo for `jirga demo`: the PK-MOI and AF-MOI parties, an agreement with
commitments, a meeting of the joint coordination committee, requests both ways, a dispute.

The story is illustrative — modelled on the mechanisms public reporting describes, not a record
of a real agreement. It is made through the same service functions a liaison officer's commands
call, acting as the demo liaison officers `pk.liaison` and `af.liaison` (no sign-in accounts are
created for them). Records have fixed ids, so a second run finds the agreement and changes
nothing.
"""

from __future__ import annotations

from jirga.demo import AF_MOI, PK_MOI
from jirga.model.ids import stable_id
from jirga.sharing import parties
from jirga.sharing.principal import Principal
from jirga.store import ObjectFilter, Store, Visibility
from jirga.workflows import agreements, commitments, disputes, meetings, requests
from jirga.workflows.commitments import CommitmentSpec, Document
from jirga.workflows.meetings import Decision

AGREEMENT = stable_id("agreement", "demo", "jcc-terms-of-reference")
PARTIES = (("PK-MOI", "Pakistan Ministry of Interior", "PK", PK_MOI),
           ("AF-MOI", "Afghanistan Ministry of Interior", "AF", AF_MOI))


def _id(kind: str, key: str) -> str:
    return stable_id(kind, "demo", key)


def load_cooperation(store: Store) -> str:
    """Register the two parties and play the demo cooperation; says what it did."""
    for code, name, country, identity in PARTIES:
        if not any(p.code == code for p in parties.list_parties(store)):
            parties.add_party(store, code, name, identity_id=identity, country=country)
    if store.count(ObjectFilter(ids=(AGREEMENT,)), visibility=Visibility.everything()):
        return "cooperation demo already loaded"
    pk = Principal("pk.liaison", PK_MOI, "PK-MOI", "liaison")
    af = Principal("af.liaison", AF_MOI, "AF-MOI", "liaison")
    _agreement(store, pk, af)
    _meeting(store, pk, af)
    _requests(store, pk, af)
    return "cooperation demo: 1 agreement, 5 commitments, 1 meeting, 3 requests, 1 dispute"


def _agreement(store: Store, pk: Principal, af: Principal) -> None:
    agreements.create_agreement(
        store, pk, name="Joint Coordination Committee on counter-terrorism: terms of reference",
        parties=["PK-MOI", "AF-MOI"], agreed="2026-03-02", record_id=AGREEMENT,
        description="The two ministries set up a joint coordination committee meeting every "
                    "two months and agree first steps, with deadlines counted from today.",
        commitments=[
            CommitmentSpec("Set up a secure hotline between the ministries' operations rooms",
                           "within 1 month", [], "Answered within 5 minutes; tested weekly",
                           record_id=_id("commitment", "hotline")),
            CommitmentSpec("Begin coordinated border patrols at Torkham and Chaman",
                           "within 3 months", [],
                           "Patrols on both sides of each crossing weekly; logs exchanged monthly",
                           record_id=_id("commitment", "patrols")),
            CommitmentSpec("Examine the findings of the investigation into the Besham attack "
                           "and report back", "within 2 months", ["AF-MOI"],
                           "A written reply on each finding", record_id=_id("commitment", "besham")),
            CommitmentSpec("Share monthly incident reports for the border districts",
                           "within 1 month", [], "A report by the 5th of each month",
                           record_id=_id("commitment", "reports"))])
    commitments.set_status(store, pk, _id("commitment", "hotline"), "full",
                           documents=[Document("Hotline test log, 24 March")], when="2026-03-25")
    commitments.set_status(store, af, _id("commitment", "besham"), "minimal",
                           documents=[Document("Letter acknowledging the findings")],
                           when="2026-04-20")
    commitments.set_status(store, af, _id("commitment", "patrols"), "intermediate",
                           documents=[Document("Patrol log, Torkham sector, May")],
                           when="2026-05-20")
    disputes.raise_dispute(store, pk, "commitment", _id("commitment", "patrols"),
                           reasons="No patrols on the Chaman side in May; logs not exchanged",
                           when="2026-06-01")


def _meeting(store: Store, pk: Principal, af: Principal) -> None:
    meeting = _id("meeting", "jcc-1")
    meetings.record_meeting(
        store, af, name="Joint Coordination Committee, 1st meeting", held="2026-05-04",
        mechanism="joint-coordination-committee", record_id=meeting,
        participants=[("AF-MOI", "host"), ("PK-MOI", "delegation")], agreements=[AGREEMENT],
        agenda=["Hotline", "Border patrols", "Besham investigation findings"],
        outcome="Hotline working; patrols started on the Torkham side; more time for the findings.")
    meetings.decide(store, pk, meeting, Decision(
        "The reply on the Besham findings is due one month later", "move",
        [_id("commitment", "besham")], extend="P1M"))
    meetings.decide(store, af, meeting, Decision(
        "Exchange liaison officers", "create",
        new=[CommitmentSpec("Exchange liaison officers at the border coordination centres",
                            "within 2 months", [], "One officer of each side at each centre",
                            record_id=_id("commitment", "liaison-officers"))]))


def _requests(store: Store, pk: Principal, af: Principal) -> None:
    besham = _id("assistance-request", "besham")
    requests.create_request(
        store, pk, to="AF-MOI", subject="Examine findings: Besham convoy attack",
        asks=["examination-of-findings"], incidents=[stable_id("incident", "demo", "bisham-2024")],
        description="Findings on the vehicle's route and handlers are attached; please examine "
                    "them and take the case to its logical conclusion.",
        when="2026-03-28", record_id=besham)
    requests.transition(store, af, besham, "acknowledge", when="2026-03-30")
    requests.transition(store, af, besham, "start", when="2026-04-05")
    requests.transition(store, af, besham, "answer", when="2026-04-24",
                        findings="Two handlers identified; one detained, one not found.",
                        documents=[Document("Reply on the Besham findings")])
    requests.transition(store, pk, besham, "close", when="2026-05-02")
    kaaj = _id("assistance-request", "kaaj")
    requests.create_request(
        store, af, to="PK-MOI", subject="Information on facilitators of the Kaaj attack",
        asks=["information"], incidents=[stable_id("incident", "demo", "kaaj-2022")],
        when="2026-06-10", record_id=kaaj)
    requests.transition(store, pk, kaaj, "acknowledge", when="2026-06-12")
    kunar = _id("assistance-request", "kunar")
    requests.create_request(
        store, pk, to="AF-MOI", subject="Action against TTP cells in Kunar",
        asks=["action-against-group"], groups=["TTP"], when="2026-09-15", record_id=kunar)
    requests.transition(store, af, kunar, "decline", when="2026-10-01",
                        reason="The cells named were not found in the district.")
