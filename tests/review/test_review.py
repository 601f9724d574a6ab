"""The review queue on both backends: accept writes the register's objects in one go, edits
first; reject keeps the reason; bad edits and decided candidates change nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from jirga.errors import Conflict, Invalid, NotFound
from jirga.ingest.pipeline import ingest
from jirga.ingest.sources import expand
from jirga.model.extensions import INCIDENT_EXT_ID
from jirga.model.ids import stable_id
from jirga.objects.authoring import save
from jirga.review import edits, service
from jirga.store import ObjectFilter, Store, Visibility
from tests.factories import make_object

ALL = Visibility.everything()

REPORT = (
    "Suicide bomber kills 21 at bank in Kandahar\n\nMarch 21, 2024\n\nKANDAHAR: A suicide "
    "bomber killed 21 people and wounded 50 others at a bank in the southern city of Kandahar "
    "on Thursday, provincial officials said. The Islamic State Khorasan Province claimed "
    "responsibility for the attack.")


@pytest.fixture
def queued(store: Store, tmp_path: Path) -> Store:
    path = tmp_path / "kandahar.txt"
    path.write_text(REPORT, encoding="utf-8")
    ingest(store, expand([str(path)]), visibility=ALL, max_bytes=1_000_000)
    return store


def test_show_puts_each_value_beside_its_sentence(queued: Store) -> None:
    view = service.show(queued, 1, visibility=ALL)
    data = view.data
    assert (data["date"], data["admin1"], data["killed"], data["injured"]) == (
        "2024-03-21", "Kandahar", 21, 50)
    fields = {e["field"] for e in data["evidence"]}
    assert {"date", "place", "killed", "injured", "perpetrator", "attack_type"} <= fields
    assert view.document.title == "Suicide bomber kills 21 at bank in Kandahar"


def test_accept_writes_incident_location_group_relationships_and_report(queued: Store) -> None:
    result = service.accept(queued, 1, visibility=ALL,
                            changes=edits.parse_assignments(["injured=48", "target_type=business"]))
    incident = queued.get(result.incident_id, visibility=ALL).object()
    ext = incident["extensions"][INCIDENT_EXT_ID]
    assert (ext["occurred"], ext["occurred_precision"], ext["country"], ext["admin1"],
            ext["admin1_name"]) == ("2024-03-21", "day", "AF", "AF-KAN", "Kandahar")
    assert ext["killed"] == {"low": 21, "best": 21, "high": 21}
    assert ext["injured"]["best"] == 48
    assert ext["review_status"] == "accepted"
    assert ext["perpetrators"] == [{"name": "Islamic State Khorasan Province",
                                    "ref": stable_id("intrusion-set",
                                                     "Islamic State Khorasan Province"),
                                    "basis": "claimed"}]
    assert ext["attack_type"] == "suicide-bombing" and ext["target_types"] == ["business"]
    assert any(e["field"] == "injured" and e["sentence"].startswith("set by the analyst")
               for e in ext["evidence"])
    report_id = ext["source_refs"][0]
    report = queued.get(report_id, visibility=ALL).object()
    assert result.incident_id in report["object_refs"]
    assert len(queued.versions(report_id, visibility=ALL)) == 2
    kinds = {r.object()["relationship_type"] for r in queued.current(
        ObjectFilter(types=("relationship",)), visibility=ALL).items}
    assert kinds == {"attributed-to", "located-at"}
    row = queued.db.query_dicts("SELECT admin1, perpetrator, killed_best, injured_best, "
                                "review_status FROM incidents_flat WHERE id = ?",
                                (result.incident_id,))
    assert row == [{"admin1": "AF-KAN", "perpetrator": "Islamic State Khorasan Province",
                    "killed_best": 21, "injured_best": 48, "review_status": "accepted"}]
    with pytest.raises(Conflict, match="already accepted"):
        service.accept(queued, 1, visibility=ALL, changes={})


def test_a_group_already_in_the_store_is_used_not_created(store: Store,
                                                         tmp_path: Path) -> None:
    imported = make_object("intrusion-set", name="ISIS-K", aliases=["ISKP", "IS-K"])
    save(store, [imported])
    path = tmp_path / "kandahar.txt"
    path.write_text(REPORT, encoding="utf-8")
    ingest(store, expand([str(path)]), visibility=ALL, max_bytes=1_000_000)
    result = service.accept(store, 1, visibility=ALL, changes={})
    ext = store.get(result.incident_id, visibility=ALL).object()["extensions"][INCIDENT_EXT_ID]
    assert ext["perpetrators"][0]["ref"] == imported["id"]
    assert store.count(ObjectFilter(types=("intrusion-set",)), visibility=ALL) == 1


def test_reject_keeps_the_reason(queued: Store) -> None:
    service.reject(queued, 1, visibility=ALL, reason="duplicate of an accepted incident")
    rows, _ = service.queue(queued, visibility=ALL, status="rejected")
    assert rows[0].reason == "duplicate of an accepted incident"
    assert service.queue(queued, visibility=ALL)[1] == 0
    with pytest.raises(Conflict):
        service.reject(queued, 1, visibility=ALL, reason=None)


def test_bad_edits_change_nothing(queued: Store) -> None:
    before = queued.version_count()
    for change, message in ((["killed=lots"], "a count"), (["attack_type=arson"], "one of"),
                            (["admin1=Atlantis"], "not a province"),
                            (["date=2024-13-01"], "month must be"), (["weather=fine"],
                                                                     "unknown field")):
        with pytest.raises(Invalid, match=message):
            service.accept(queued, 1, visibility=ALL, changes=edits.parse_assignments(change))
    assert queued.version_count() == before
    assert service.queue(queued, visibility=ALL)[1] == 1


def test_a_candidate_without_a_date_cannot_be_accepted_until_one_is_set(store: Store,
                                                                        tmp_path: Path) -> None:
    path = tmp_path / "oped.txt"
    path.write_text("Opinion\n\nThe investigation of the Bisham attack goes on, and Chinese "
                    "engineers have left the Dasu project site.", encoding="utf-8")
    ingest(store, expand([str(path)]), visibility=ALL, max_bytes=1_000_000)
    with pytest.raises(Invalid, match="no date; add --set date="):
        service.accept(store, 1, visibility=ALL, changes={})
    result = service.accept(store, 1, visibility=ALL,
                            changes=edits.parse_assignments(["date=2024-03-26", "killed=6"]))
    ext = store.get(result.incident_id, visibility=ALL).object()["extensions"][INCIDENT_EXT_ID]
    assert (ext["occurred"], ext["district"], ext["place"]) == ("2024-03-26", "Shangla", "Besham")


def test_unknown_candidate(store: Store) -> None:
    with pytest.raises(NotFound, match="candidate 7 not found"):
        service.show(store, 7, visibility=ALL)


def test_place_edits_go_through_the_gazetteer() -> None:
    data = edits.apply({"perpetrators": []}, {"place": "Parachinar"})
    assert (data["district"], data["admin1_code"], data["country_code"]) == ("Kurram", "PK-KP",
                                                                             "PK")
    data = edits.apply(data, {"admin1": "AF-NAN"})
    assert (data["admin1"], data["district"], data["place"]) == ("Nangarhar", None, None)
    data = edits.apply(data, {"perpetrator": "Daesh", "perpetrator_basis": "suspected"})
    assert data["perpetrators"] == [{"name": "Islamic State Khorasan Province",
                                     "basis": "suspected"}]
    assert edits.apply(data, {"killed": "5..8"})["tolls"]["killed"] == {"low": 5, "best": 5,
                                                                         "high": 8}
