"""A year of cooperation between PK-MOI and AF-MOI (2025), checked against figures worked out by
hand: an agreement with six commitments with relative deadlines, four meetings whose decisions
add, move, supersede and drop commitments, ten requests in both directions, two disputes, and
intelligence both sides shared at several TLP levels.

THE YEAR (every date 2025 unless said otherwise)

Agreement A, agreed 01-15, evidence required. Commitments, deadlines counted from 01-15:
  C1 joint  "within 3 months" → 04-15   C4 joint  "within 6 months" → 07-15
  C2 AF     "within 1 month"  → 02-15   C5 AF     "within 4 months" → 05-15
  C3 PK     "within 2 months" → 03-15   C6 PK     "within 9 months" → 10-15
Meetings and decisions:
  M1 JCC 03-01:           move C2 by P1M → 03-15; create C7 joint "within 2 months" → 05-01
  M2 secretaries 05-20:   move C1 "within 2 months" of the meeting → 07-20;
                          supersede C3 by C8 PK "within 1 month" → 06-20
  M3 ministers 08-10:     create C9 joint due 2025-12-15; move C4 by P2M → 09-15
  M4 JCC 11-05:           record a review; drop C7
Status changes (party, date → status):
  C1 PK 04-01 intermediate, AF 07-15 full     C5 AF 05-10 minimal, AF 10-01 intermediate
  C2 AF 02-10 minimal, AF 03-10 full           C6 PK 09-01 intermediate, PK 10-10 full
  C4 PK 06-01 minimal, AF 06-20 intermediate,  C7 PK 04-20 minimal
     PK 12-10 minimal                          C8 PK 06-25 full
  C9 AF 12-01 minimal
Requests (deadline: default 30 days unless given):
  R1  PK→AF 02-01 due 03-03  ack 02-03, start 02-05, answer 02-20 (19 d, on time), closed 02-25
  R2  PK→AF 03-10 due 03-24  ("within 14 days") ack 03-12, answer 04-02 (23 d, late), closed 04-10
  R3  AF→PK 03-15 due 04-14  ack 03-16, answer 04-10 (26 d, on time), closed 04-20
  R4  PK→AF 04-05 due 05-05  declined 04-25
  R5  AF→PK 05-02 due 06-01  ack 05-05, start 05-10, answer 06-10 (39 d, late), closed 06-15
  R6  PK→AF 06-01 due 06-22  ("within 3 weeks") ack 06-03, start 06-10, never answered
  R7  AF→PK 07-01 due 07-31  declined 07-10
  R8  PK→AF 08-15 due 09-14  ack 08-16, answer 09-20 (36 d, late), closed 09-25
  R9  AF→PK 10-01 due 10-31  ack 10-02, answer 10-20 (19 d, on time), not closed
  R10 AF→PK 12-10 due 2026-01-09  ack 12-12
Disputes:
  D1 PK disputes C5 "intermediate" (asserted by AF 10-01) on 10-20; still open at year end
  D2 AF disputes R7 "declined" (asserted by PK 07-10) on 07-15; still open at year end
Intelligence created (incidents and one report):
  PK: amber 2024-12-20, green 02-10, amber 03-18, green 05-12, clear 06-05, green 08-03,
      amber 11-22
  AF: green 04-14, amber+strict 07-07, green 09-09, red 10-30, amber 11-01 (made green in a new
      version dated 2026-02-01), green 2026-01-10
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict
from typing import Any

import pytest

from jirga.model import tlp
from jirga.objects import authoring
from jirga.store import Store, Visibility, open_store
from jirga.workflows import agreements, commitments, disputes, meetings, reminders, requests
from jirga.workflows import scorecard as scoring
from jirga.workflows.commitments import CommitmentSpec, Document
from jirga.workflows.meetings import Decision
from tests.factories import make_object, make_test_incident
from tests.workflows.factories import Cast, make_cast

ALL = Visibility.everything()


class Year:
    """Plays the year above; keeps the ids the checks refer to."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.cast: Cast = make_cast(store)
        self.c: dict[str, str] = {}
        self.r: dict[str, str] = {}
        self.m: dict[str, str] = {}

    def play(self) -> Year:
        self._intelligence()
        self._agreement()
        self._first_quarter()
        self._second_quarter()
        self._second_half()
        return self

    # -- the pieces, in date order within each --------------------------------------------------

    def _agreement(self) -> None:
        specs = [CommitmentSpec("Establish joint border patrols at Torkham and Chaman",
                                "within 3 months", [], "Patrols on all four sectors every week"),
                 CommitmentSpec("Set up a secure hotline between the ministries", "within 1 month",
                                ["AF-MOI"], "Hotline answered around the clock"),
                 CommitmentSpec("Post liaison officers at the border coordination centre",
                                "within 2 months", ["PK-MOI"]),
                 CommitmentSpec("Form a joint cell to investigate cross-border attacks",
                                "within 6 months", []),
                 CommitmentSpec("Deny the use of Afghan territory to TTP and publish the measures",
                                "within 4 months", ["AF-MOI"]),
                 CommitmentSpec("Install biometric border management at Torkham", "within 9 months",
                                ["PK-MOI"])]
        agreement, made = agreements.create_agreement(
            self.store, self.cast.pk, name="Joint Coordination Committee terms of reference",
            parties=["PK-MOI", "AF-MOI"], agreed="2025-01-15", commitments=specs)
        self.agreement = agreement["id"]
        self.c.update({f"C{i}": c["id"] for i, c in enumerate(made, start=1)})

    def status(self, key: str, who: str, when: str, status: str, **fields: Any) -> None:
        if "evidence" not in fields:
            fields["documents"] = [Document(f"{key} progress report of {when}")]
        commitments.set_status(self.store, getattr(self.cast, who), self.c[key], status,
                               when=when, **fields)

    def request(self, key: str, who: str, when: str, to: str, subject: str, asks: list[str],
                **fields: Any) -> None:
        made = requests.create_request(self.store, getattr(self.cast, who), to=to,
                                       subject=subject, asks=asks, when=when, **fields)
        self.r[key] = made["id"]

    def move(self, key: str, who: str, when: str, action: str, **fields: Any) -> None:
        requests.transition(self.store, getattr(self.cast, who), self.r[key], action, when=when,
                            **fields)

    def meeting(self, key: str, who: str, held: str, mechanism: str) -> None:
        made = meetings.record_meeting(
            self.store, getattr(self.cast, who), name=f"{key}: {mechanism}", held=held,
            mechanism=mechanism, participants=[("PK-MOI", "host"), ("AF-MOI", "delegation")],
            agreements=[self.agreement])
        self.m[key] = made["id"]

    def decide(self, key: str, who: str, decision: Decision) -> list[dict[str, Any]]:
        return meetings.decide(self.store, getattr(self.cast, who), self.m[key], decision)[1]

    def _first_quarter(self) -> None:
        self.request("R1", "pk", "2025-02-01", "AF-MOI", "Examine findings: Police Lines bombing",
                     ["examination-of-findings"], incidents=[self.incidents["pk-green-1"]])
        self.move("R1", "af", "2025-02-03", "acknowledge")
        self.move("R1", "af", "2025-02-05", "start")
        self.status("C2", "af", "2025-02-10", "minimal")
        self.move("R1", "af", "2025-02-20", "answer", findings="Two facilitators identified",
                  documents=[Document("Findings on the Police Lines bombing")])
        self.move("R1", "pk", "2025-02-25", "close")
        self.meeting("M1", "pk", "2025-03-01", "joint-coordination-committee")
        self.decide("M1", "af", Decision("Hotline deadline extended by a month", "move",
                                         [self.c["C2"]], extend="P1M"))
        made = self.decide("M1", "pk", Decision(
            "Joint counter-IED training", "create",
            new=[CommitmentSpec("Train border police jointly against IEDs", "within 2 months")]))
        self.c["C7"] = made[0]["id"]
        self.request("R2", "pk", "2025-03-10", "AF-MOI", "TTP facilitators at Angoor Adda",
                     ["information"], deadline="within 14 days")
        self.status("C2", "af", "2025-03-10", "full")
        self.move("R2", "af", "2025-03-12", "acknowledge")
        self.request("R3", "af", "2025-03-15", "PK-MOI", "Joint investigation of a Kabul attack",
                     ["joint-investigation"])
        self.move("R3", "pk", "2025-03-16", "acknowledge")

    def _second_quarter(self) -> None:
        self.status("C1", "pk", "2025-04-01", "intermediate",
                    evidence=[self.incidents["pk-amber-1"]])
        self.move("R2", "af", "2025-04-02", "answer", findings="Crossing points named")
        self.request("R4", "pk", "2025-04-05", "AF-MOI", "Act against TTP in Kunar",
                     ["action-against-group"], groups=["TTP"])
        self.move("R3", "pk", "2025-04-10", "answer", findings="Suspects' travel traced")
        self.move("R2", "pk", "2025-04-10", "close")
        self.move("R3", "af", "2025-04-20", "close")
        self.status("C7", "pk", "2025-04-20", "minimal")
        self.move("R4", "af", "2025-04-25", "decline", reason="No TTP presence found in the district")
        self.request("R5", "af", "2025-05-02", "PK-MOI", "The Bajaur rally bombing claim",
                     ["information"])
        self.move("R5", "pk", "2025-05-05", "acknowledge")
        self.status("C5", "af", "2025-05-10", "minimal")
        self.move("R5", "pk", "2025-05-10", "start")
        self.meeting("M2", "af", "2025-05-20", "secretary-level")
        self.decide("M2", "pk", Decision("Patrols within two months of this meeting", "move",
                                         [self.c["C1"]], deadline="within 2 months"))
        made = self.decide("M2", "af", Decision(
            "Liaison officers at Peshawar and Jalalabad instead", "supersede", [self.c["C3"]],
            new=[CommitmentSpec("Post liaison officers at Peshawar and Jalalabad",
                                "within 1 month", ["PK-MOI"])]))
        self.c["C8"] = made[0]["id"]
        self.request("R6", "pk", "2025-06-01", "AF-MOI", "Examine the Jaffar Express handlers' calls",
                     ["examination-of-findings"], deadline="within 3 weeks")
        self.status("C4", "pk", "2025-06-01", "minimal")
        self.move("R6", "af", "2025-06-03", "acknowledge")
        self.move("R5", "pk", "2025-06-10", "answer", findings="The claim was genuine")
        self.move("R6", "af", "2025-06-10", "start")
        self.move("R5", "af", "2025-06-15", "close")
        self.status("C4", "af", "2025-06-20", "intermediate")
        self.status("C8", "pk", "2025-06-25", "full")

    def _second_half(self) -> None:
        self.request("R7", "af", "2025-07-01", "PK-MOI", "ISKP recruiters in Bajaur", ["information"])
        self.move("R7", "pk", "2025-07-10", "decline", reason="The matter is sub judice")
        disputes.raise_dispute(self.store, self.cast.af, "assistance-request", self.r["R7"],
                               reasons="The accused were released; nothing is before a court",
                               when="2025-07-15")
        self.status("C1", "af", "2025-07-15", "full")
        self.meeting("M3", "pk", "2025-08-10", "ministerial")
        made = self.decide("M3", "pk", Decision(
            "A joint threat assessment by year end", "create",
            new=[CommitmentSpec("Publish a joint annual threat assessment", "2025-12-15")]))
        self.c["C9"] = made[0]["id"]
        self.decide("M3", "af", Decision("Joint cell: two more months", "move", [self.c["C4"]],
                                         extend="P2M"))
        self.request("R8", "pk", "2025-08-15", "AF-MOI", "Joint investigation of the Bannu attack",
                     ["joint-investigation"])
        self.move("R8", "af", "2025-08-16", "acknowledge")
        self.status("C6", "pk", "2025-09-01", "intermediate")
        self.move("R8", "af", "2025-09-20", "answer", findings="Attackers crossed at Ghulam Khan")
        self.move("R8", "pk", "2025-09-25", "close")
        self.status("C5", "af", "2025-10-01", "intermediate")
        self.request("R9", "af", "2025-10-01", "PK-MOI", "Examine the suspects' travel records",
                     ["examination-of-findings"])
        self.move("R9", "pk", "2025-10-02", "acknowledge")
        self.status("C6", "pk", "2025-10-10", "full")
        self.move("R9", "pk", "2025-10-20", "answer", findings="Travel records attached")
        disputes.raise_dispute(self.store, self.cast.pk, "commitment", self.c["C5"],
                               reasons="No measures were published; two attacks came from Kunar",
                               when="2025-10-20")
        self.meeting("M4", "af", "2025-11-05", "joint-coordination-committee")
        self.decide("M4", "pk", Decision("Implementation reviewed"))
        self.decide("M4", "af", Decision("Training folded into the joint cell", "drop",
                                         [self.c["C7"]]))
        self.status("C9", "af", "2025-12-01", "minimal")
        self.status("C4", "pk", "2025-12-10", "minimal", note="Cell suspended after the closure")
        self.request("R10", "af", "2025-12-10", "PK-MOI", "TTP funding through hawala",
                     ["information"])
        self.move("R10", "pk", "2025-12-12", "acknowledge")

    def _intelligence(self) -> None:
        pk, af = self.cast.pk.party_id, self.cast.af.party_id
        made: dict[str, dict[str, Any]] = {}

        def incident(key: str, party: str | None, day: str, level: str) -> None:
            made[key] = make_test_incident(created=f"{day}T08:00:00.000Z", created_by_ref=party,
                                           level=level, occurred=day)

        for key, party, day, level in (
                ("pk-old", pk, "2024-12-20", "amber"), ("pk-green-1", pk, "2025-02-10", "green"),
                ("pk-amber-1", pk, "2025-03-18", "amber"), ("pk-green-2", pk, "2025-05-12", "green"),
                ("pk-green-3", pk, "2025-08-03", "green"), ("pk-amber-2", pk, "2025-11-22", "amber"),
                ("af-green-1", af, "2025-04-14", "green"), ("af-strict", af, "2025-07-07", "amber+strict"),
                ("af-green-2", af, "2025-09-09", "green"), ("af-red", af, "2025-10-30", "red"),
                ("af-regraded", af, "2025-11-01", "amber"), ("af-2026", af, "2026-01-10", "green")):
            incident(key, party, day, level)
        report = make_object("report", created_by_ref=pk, level="clear",
                             object_refs=[made["pk-green-2"]["id"]])
        report.update(created="2025-06-05T08:00:00.000Z", modified="2025-06-05T08:00:00.000Z",
                      published="2025-06-05T08:00:00.000Z")
        regraded = {**made["af-regraded"], "modified": "2026-02-01T08:00:00.000Z",
                    "object_marking_refs": [tlp.marking_id("green")]}
        authoring.save(self.store, [*made.values(), report, regraded])
        self.incidents = {k: v["id"] for k, v in made.items()}
        group = make_object("intrusion-set", name="Tehrik-i-Taliban Pakistan", aliases=["TTP"])
        authoring.save(self.store, [group])


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def year(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Year]:
    """The year played once per backend; the tests below only read it."""
    if request.param == "sqlite":
        url = str(tmp_path_factory.mktemp("year") / "jirga.db")
    else:
        url = request.getfixturevalue("postgres").fresh_url()
    the_store = open_store(url)
    yield Year(the_store).play()
    the_store.close()


def card(year: Year, **kwargs: Any) -> dict[str, dict[str, Any]]:
    result = scoring.scorecard(year.store, ALL, **kwargs)
    return {p.party: asdict(p) for p in result.parties}


def tlp_counts(clear: int = 0, green: int = 0, amber: int = 0, strict: int = 0,
               red: int = 0) -> dict[str, int]:
    return {"clear": clear, "green": green, "amber": amber, "amber+strict": strict, "red": red}


def test_full_year_scorecard_matches_the_hand_calculation(year: Year) -> None:
    got = card(year, as_of="2025-12-31", since="2025-01-01")
    assert sorted(got) == ["AF-MOI", "PK-MOI", "UNAMA"]
    pk, af = got["PK-MOI"], got["AF-MOI"]

    # PK received R3, R5, R7, R9, R10. Answered R3 (26 d, on time), R5 (39 d, late), R9 (19 d,
    # on time): 2 of 3 on time = 66.7 %, median of 19, 26, 39 = 26. R7 declined, R10 open and
    # not yet due (2026-01-09). PK sent R1, R2, R4, R6, R8.
    assert pk["requests"] == {"received": 5, "answered": 3, "answered_on_time": 2,
                              "on_time_pct": 66.7, "median_days_to_answer": 26.0, "declined": 1,
                              "open": 1, "overdue": 0, "sent": 5}
    # AF received R1, R2, R4, R6, R8. Answered R1 (19 d, on time), R2 (23 d, late), R8 (36 d,
    # late): 1 of 3 = 33.3 %, median 23. R4 declined; R6 open since June, due 06-22: overdue.
    assert af["requests"] == {"received": 5, "answered": 3, "answered_on_time": 1,
                              "on_time_pct": 33.3, "median_days_to_answer": 23.0, "declined": 1,
                              "open": 1, "overdue": 1, "sent": 5}

    # PK is responsible for C1, C3, C4, C6, C7, C8, C9. C3 superseded (05-20) and C7 dropped
    # (11-05): 2. Due in 2025: C1 07-20 full since 07-15 (on time), C4 09-15 minimal (overdue),
    # C6 10-15 full since 10-10 (on time), C8 06-20 full since 06-25 (late), C9 12-15 minimal
    # (overdue). Progress from not started: C1 +3, C4 +1, C6 +3, C8 +3, C9 +1 = +11.
    assert pk["commitments"] == {
        "due": 5, "met": 3, "met_on_time": 2, "overdue": 2, "not_yet_due": 0,
        "dropped_or_superseded": 2,
        "status": {"not-started": 0, "minimal": 2, "intermediate": 0, "full": 3},
        "advanced": 5, "regressed": 0, "unchanged": 0, "levels_gained": 11}
    # AF: C1, C2, C4, C5, C7, C9. C7 dropped. Due: C1 (met on time), C2 03-15 full since 03-10
    # (on time), C4 (overdue), C5 05-15 intermediate (overdue), C9 (overdue).
    # Progress: C1 +3, C2 +3, C4 +1, C5 +2, C9 +1 = +10.
    assert af["commitments"] == {
        "due": 5, "met": 2, "met_on_time": 2, "overdue": 3, "not_yet_due": 0,
        "dropped_or_superseded": 1,
        "status": {"not-started": 0, "minimal": 2, "intermediate": 1, "full": 2},
        "advanced": 5, "regressed": 0, "unchanged": 0, "levels_gained": 10}

    # Created in 2025: PK green 02-10, 05-12, 08-03; amber 03-18, 11-22; clear report 06-05
    # (2024-12-20 is before the period; evidence documents are not intelligence). AF green
    # 04-14, 09-09; amber+strict 07-07; red 10-30; the 11-01 incident was amber until 2026.
    assert pk["shared_by_tlp"] == tlp_counts(clear=1, green=3, amber=2)
    assert af["shared_by_tlp"] == tlp_counts(green=2, amber=1, strict=1, red=1)

    # D1: PK against AF's "intermediate" on C5; D2: AF against PK's decline of R7. Both open.
    assert (pk["disputes_raised_open"], pk["disputes_against_open"]) == (1, 1)
    assert (af["disputes_raised_open"], af["disputes_against_open"]) == (1, 1)
    assert got["UNAMA"]["requests"]["received"] == 0
    assert got["UNAMA"]["commitments"]["due"] == 0


def test_mid_year_scorecard_uses_only_what_existed_on_30_june(year: Year) -> None:
    got = card(year, as_of="2025-06-30")
    pk, af = got["PK-MOI"], got["AF-MOI"]
    # Requests to 06-30. PK received R3 (26 d, on time) and R5 (39 d, late): 50 %, median 32.5.
    # AF received R1 (19 d, on time), R2 (23 d, late), R4 (declined), R6 (in progress, due
    # 06-22: overdue): 50 %, median 21.
    assert pk["requests"] == {"received": 2, "answered": 2, "answered_on_time": 1,
                              "on_time_pct": 50.0, "median_days_to_answer": 32.5, "declined": 0,
                              "open": 0, "overdue": 0, "sent": 4}
    assert af["requests"] == {"received": 4, "answered": 2, "answered_on_time": 1,
                              "on_time_pct": 50.0, "median_days_to_answer": 21.0, "declined": 1,
                              "open": 1, "overdue": 1, "sent": 2}
    # Deadlines as they stood on 06-30: C1 07-20 (moved 05-20), C4 still 07-15 (moved only on
    # 08-10), C6 10-15, C7 05-01, C8 06-20; C9 did not exist. PK: C3 superseded; due C7
    # (minimal: overdue) and C8 (full 06-25, late); not yet due C1, C4, C6.
    # Status: C6 not started, C7 minimal, C1 and C4 intermediate, C8 full.
    assert pk["commitments"] == {
        "due": 2, "met": 1, "met_on_time": 0, "overdue": 1, "not_yet_due": 3,
        "dropped_or_superseded": 1,
        "status": {"not-started": 1, "minimal": 1, "intermediate": 2, "full": 1},
        "advanced": 4, "regressed": 0, "unchanged": 1, "levels_gained": 8}
    # AF: due C2 (full, on time), C5 05-15 (minimal: overdue), C7 (overdue); not yet due C1, C4.
    assert af["commitments"] == {
        "due": 3, "met": 1, "met_on_time": 1, "overdue": 2, "not_yet_due": 2,
        "dropped_or_superseded": 0,
        "status": {"not-started": 0, "minimal": 2, "intermediate": 2, "full": 1},
        "advanced": 5, "regressed": 0, "unchanged": 0, "levels_gained": 9}
    # All time to 06-30: PK amber 2024-12-20 and 03-18, green 02-10 and 05-12, clear 06-05.
    assert pk["shared_by_tlp"] == tlp_counts(clear=1, green=2, amber=2)
    assert af["shared_by_tlp"] == tlp_counts(green=1)
    assert pk["disputes_raised_open"] + af["disputes_raised_open"] == 0


def test_second_half_shows_progress_and_regression(year: Year) -> None:
    got = card(year, as_of="2025-12-31", since="2025-07-01")
    pk, af = got["PK-MOI"], got["AF-MOI"]
    # Status on 07-01 → 12-31. PK: C1 intermediate → full (+1), C4 intermediate → minimal (-1),
    # C6 not started → full (+3), C8 full → full, C9 (new) → minimal (+1): net +4.
    # Due 07-01..12-31: C1 (met on time), C4 (overdue), C6 (met on time), C9 (overdue).
    # Dropped in the period: C7 (C3 was superseded in May).
    assert pk["commitments"] == {
        "due": 4, "met": 2, "met_on_time": 2, "overdue": 2, "not_yet_due": 0,
        "dropped_or_superseded": 1,
        "status": {"not-started": 0, "minimal": 2, "intermediate": 0, "full": 3},
        "advanced": 3, "regressed": 1, "unchanged": 1, "levels_gained": 4}
    # AF: C1 +1, C2 full → full, C4 -1, C5 minimal → intermediate +1, C9 +1: net +2.
    # Due: C1 (met on time), C4, C9 (overdue).
    assert af["commitments"] == {
        "due": 3, "met": 1, "met_on_time": 1, "overdue": 2, "not_yet_due": 0,
        "dropped_or_superseded": 1,
        "status": {"not-started": 0, "minimal": 2, "intermediate": 1, "full": 2},
        "advanced": 3, "regressed": 1, "unchanged": 1, "levels_gained": 2}
    # Requests made 07-01..12-31. PK received R7 (declined), R9 (19 d, on time), R10 (open);
    # AF received R8 (36 d, late).
    assert pk["requests"] == {"received": 3, "answered": 1, "answered_on_time": 1,
                              "on_time_pct": 100.0, "median_days_to_answer": 19.0,
                              "declined": 1, "open": 1, "overdue": 0, "sent": 1}
    assert af["requests"] == {"received": 1, "answered": 1, "answered_on_time": 0,
                              "on_time_pct": 0.0, "median_days_to_answer": 36.0, "declined": 0,
                              "open": 0, "overdue": 0, "sent": 3}
    assert pk["shared_by_tlp"] == tlp_counts(green=1, amber=1)
    assert af["shared_by_tlp"] == tlp_counts(green=1, amber=1, strict=1, red=1)


def test_overdue_and_reminders(year: Year) -> None:
    late = reminders.overdue(year.store, ALL, as_of="2025-12-31")
    # C5 due 05-15 (230 days late), R6 due 06-22 (192), C4 due 09-15 (107), C9 due 12-15 (16).
    assert [(i.id, i.days, i.owed_by, i.disputed) for i in late] == [
        (year.c["C5"], 230, ("AF-MOI",), True),
        (year.r["R6"], 192, ("AF-MOI",), False),
        (year.c["C4"], 107, ("AF-MOI", "PK-MOI"), False),
        (year.c["C9"], 16, ("AF-MOI", "PK-MOI"), False)]
    assert [i.id for i in reminders.overdue(year.store, ALL, as_of="2025-12-31",
                                            party="PK-MOI")] == [year.c["C4"], year.c["C9"]]
    # 06-15, two weeks ahead: C8 due 06-20 (not started then), R6 due 06-22 (in progress).
    soon = reminders.reminders(year.store, ALL, as_of="2025-06-15", within="2w")
    assert [(i.id, i.days, i.state) for i in soon] == [(year.c["C8"], 5, "not-started"),
                                                        (year.r["R6"], 7, "in-progress")]
    assert [i.id for i in reminders.reminders(year.store, ALL, as_of="2025-12-08",
                                              within="7d")] == [year.c["C9"]]


def test_history_keeps_every_decision_and_status(year: Year) -> None:
    c2 = year.store.get(year.c["C2"], visibility=ALL).object()
    assert [(s["action"], s["at"][:10], s.get("deadline")) for s in c2["transitions"]] == [
        ("created", "2025-01-15", "2025-02-15"), ("status", "2025-02-10", "2025-02-15"),
        ("deadline-moved", "2025-03-01", "2025-03-15"), ("status", "2025-03-10", "2025-03-15")]
    assert len(year.store.versions(year.c["C2"], visibility=ALL)) == 4
    c3 = year.store.get(year.c["C3"], visibility=ALL).object()
    assert (c3["status"], c3["superseded_by_ref"]) == ("superseded", year.c["C8"])
    c8 = year.store.get(year.c["C8"], visibility=ALL).object()
    assert (c8["supersedes_ref"], c8["origin_ref"], c8["deadline"]) == (
        year.c["C3"], year.m["M2"], "2025-06-20")
    m4 = year.store.get(year.m["M4"], visibility=ALL).object()
    assert [(d["kind"], d.get("commitment_refs")) for d in m4["decisions"]] == [
        ("record", None), ("drop", [year.c["C7"]])]


def test_scorecard_is_reproducible_after_later_changes_and_a_rebuild(store: Store) -> None:
    year = Year(store).play()
    before = card(year, as_of="2025-06-30")
    commitments.set_status(year.store, year.cast.pk, year.c["C4"], "full",
                           documents=[Document("Joint cell report")])
    requests.transition(year.store, year.cast.af, year.r["R6"], "answer", findings="Calls traced")
    year.store.rebuild_projections()
    assert card(year, as_of="2025-06-30") == before
    assert card(year, as_of="2025-12-31")["AF-MOI"]["requests"]["overdue"] == 1
