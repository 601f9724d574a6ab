"""The register on both backends: list filters, show, edit, merge and duplicate suggestions."""

from __future__ import annotations

from typing import Any

import pytest

from jirga.errors import Conflict, Invalid, NotFound
from jirga.incidents import merge, register
from jirga.incidents.filters import FilterBuilder, parse_where
from jirga.model import tlp
from jirga.model.ids import new_id
from jirga.model.incident import extension
from jirga.store import Store, Visibility
from jirga.store.incidents import IncidentFilter
from tests.factories import make_object
from tests.incidents.factories import BLA, TTP, fixture_id, fixture_incidents, register_incident

ALL = Visibility.everything()


@pytest.fixture
def filled(store: Store) -> Store:
    store.add_objects(fixture_incidents())
    return store


def listed(store: Store, *where: str, **kw: Any) -> list[Any]:
    flt = FilterBuilder(store).build(parse_where(where), date_from=kw.pop("date_from", None),
                                     date_to=kw.pop("date_to", None))
    page = register.list_incidents(store, flt, visibility=ALL, limit=kw.pop("limit", 50),
                                   offset=kw.pop("offset", 0))
    keys = {fixture_id(str(i)): i for i in range(1, 10)}
    return [keys.get(r["id"], r["id"]) for r in page.rows]


def ids(*keys: int) -> list[int]:
    return list(keys)


def test_list_is_latest_first_with_every_status(filled: Store) -> None:
    assert len(listed(filled)) == 9
    page = register.list_incidents(filled, IncidentFilter(), visibility=ALL, limit=3, offset=1)
    assert [r["occurred"] for r in page.rows] == ["2022-02-10", "2022-02-01", "2022-01-15"]
    assert page.total == 9


@pytest.mark.parametrize(("where", "expected"), [
    (("country=AF",), [7]),
    (("province=Balochistan",), [5, 2]),
    (("perpetrator=BLA",), [5, 2]),
    (("group=Pakistani Taliban", "min-killed=5"), [8, 6, 1]),
    (("attack-type=bombing",), [8, 5, 1]),
    (("target-type=religious-site",), [3]),
    (("cross-border=no",), [9, 8, 7, 3, 2]),
    (("status=rejected",), [8]),
    (("status=candidate", "status=rejected"), [9, 8]),
])
def test_list_filters(filled: Store, where: tuple[str, ...], expected: list[int]) -> None:
    assert listed(filled, *where) == ids(*expected)


def test_list_date_range_and_place(store: Store) -> None:
    store.add_objects([register_incident("2024-05-01", "PK-KP", place="Peshawar", key="a"),
                       register_incident("2024-05-20", "PK-KP", district="Peshawar",
                                         place="Hayatabad", key="b"),
                       register_incident("2024-06-01", "PK-KP", place="Bannu", key="c")])
    assert len(listed(store, "place=peshawar")) == 2
    assert len(listed(store, date_from="2024-05", date_to="2024-05")) == 2
    assert len(listed(store, "district=PESHAWAR")) == 1


def test_list_by_party(store: Store) -> None:
    party = make_object("identity", name="Pakistan Ministry of Interior",
                        x_jirga_party_code="PK-MOI")
    mine = register_incident("2024-05-01", "PK-KP", created_by_ref=party["id"])
    theirs = register_incident("2024-05-02", "PK-KP")
    store.add_objects([party, mine])
    store.add_objects([theirs], source_party="AF-MOI")
    assert listed(store, "party=PK-MOI") == [mine["id"]]
    assert listed(store, "party=AF-MOI") == [theirs["id"]]


def test_list_refuses_unknown_values(filled: Store) -> None:
    with pytest.raises(Invalid, match="not a jirga attack type"):
        listed(filled, "attack-type=ambush")
    with pytest.raises(Invalid, match="not a country"):
        listed(filled, "country=Atlantis")


def test_show_has_sources_evidence_and_history(store: Store) -> None:
    report = make_object("report", name="Dawn: blast in Quetta",
                         external_references=[{"source_name": "Dawn",
                                               "url": "https://www.dawn.com/news/1"}])
    obj = register_incident("2024-11-09", "PK-BA", (BLA,), (26, 32, 32), 62, place="Quetta",
                            source_refs=[report["id"]],
                            evidence=[{"field": "killed", "value": 32, "document": report["id"],
                                       "sentence": "32 people were killed"}])
    obj["external_references"] = [{"source_name": "acled", "external_id": "PAK1"}]
    store.add_objects([report, obj])
    register.edit_incident(store, obj["id"], register.IncidentChanges(killed="26/31/32"),
                           visibility=ALL)
    detail = register.show_incident(store, obj["id"], visibility=ALL)
    assert [(s["kind"], s["name"]) for s in detail["sources"]] == [
        ("report", "Dawn: blast in Quetta"), ("dataset", "acled")]
    assert detail["sources"][0]["url"] == "https://www.dawn.com/news/1"
    assert detail["evidence"][0]["sentence"] == "32 people were killed"
    assert [h["changed"] for h in detail["history"]] == [["(created)"], ["killed"]]
    assert detail["state"] == "current"


def test_show_refuses_bad_and_unknown_ids(store: Store) -> None:
    with pytest.raises(Invalid, match="not an incident id"):
        register.show_incident(store, "report--1", visibility=ALL)
    with pytest.raises(NotFound):
        register.show_incident(store, new_id("incident"), visibility=ALL)


def test_edit_makes_a_new_version_and_updates_the_register(filled: Store) -> None:
    oid = fixture_id("9")
    register.edit_incident(filled, oid, register.IncidentChanges(
        status="accepted", killed="3", perpetrators=("TTP:claimed",), province="Punjab",
        target_types=("police",), cross_border="yes", place="Lahore"), visibility=ALL)
    ext = extension(filled.get(oid, visibility=ALL).object())
    assert ext["review_status"] == "accepted"
    assert ext["killed"] == {"low": 3, "best": 3, "high": 3}
    assert ext["perpetrators"][0]["name"] == TTP and ext["perpetrators"][0]["basis"] == "claimed"
    assert (ext["admin1"], ext["admin1_name"]) == ("PK-PB", "Punjab")
    assert len(filled.versions(oid, visibility=ALL)) == 2
    assert listed(filled, "place=lahore", "status=accepted") == ids(9)


@pytest.mark.parametrize(("changes", "message"), [
    (register.IncidentChanges(), "nothing to change"),
    (register.IncidentChanges(killed="-4"), "negative"),
    (register.IncidentChanges(killed="9/5/7"), "not in order"),
    (register.IncidentChanges(occurred="last week"), "not a date"),
    (register.IncidentChanges(status="maybe"), "review status"),
    (register.IncidentChanges(latitude=123.0), "outside"),
])
def test_bad_edits_change_nothing(filled: Store, changes: register.IncidentChanges,
                                  message: str) -> None:
    with pytest.raises(Invalid, match=message):
        register.edit_incident(filled, fixture_id("1"), changes, visibility=ALL)
    assert len(filled.versions(fixture_id("1"), visibility=ALL)) == 1


def _reports(store: Store) -> list[dict[str, Any]]:
    """Three reports of one attack (two a day apart) and one of another attack."""
    a = register_incident("2023-01-30", "PK-KP", ("Jamaat-ul-Ahrar",), (84, 84, 84), 150,
                          district="Peshawar", place="Peshawar", attack="suicide-bombing",
                          targets=("police",), level="green", source_refs=[new_id("report")])
    b = register_incident("2023-01-30", "PK-KP", (TTP,), (84, 101, 101), 220,
                          district="Peshawar", place="Police Lines", targets=("religious-site",),
                          level="amber", cross=True)
    b["external_references"] = [{"source_name": "ucdp", "external_id": "382001"}]
    c = register_incident("2023-01-31", "PK-KP", (TTP,), (95, 95, 95), None,
                          district="Peshawar", level="clear")
    other = register_incident("2023-01-30", "PK-KP", (TTP,), (3, 3, 3), 1, district="Bannu")
    store.add_objects([a, b, c, other])
    return [a, b, c, other]


def test_duplicates_suggests_reports_of_one_attack(store: Store) -> None:
    a, b, c, _ = _reports(store)
    found = merge.find_duplicates(store, IncidentFilter(), visibility=ALL)
    pairs = {frozenset((s.a["id"], s.b["id"])) for s in found}
    assert pairs == {frozenset((a["id"], b["id"])), frozenset((a["id"], c["id"])),
                     frozenset((b["id"], c["id"]))}
    assert [s.score for s in found] == sorted((s.score for s in found), reverse=True)
    same_day = next(s for s in found if {s.a["id"], s.b["id"]} == {a["id"], b["id"]})
    assert "same day" in same_day.reasons and "different sources" in same_day.reasons


def test_duplicates_need_compatible_tolls() -> None:
    row = {"country": "PK", "day": 1, "occurred": "x", "locality": "quetta"}
    assert merge.differences({**row, "killed_best": 30}, {**row, "killed_best": 36}) == []
    assert merge.differences({**row, "killed_best": 3}, {**row, "killed_best": 30}) != []
    assert merge.differences({**row, "killed_best": None}, {**row, "killed_best": 30}) == []
    far = merge.differences({**row}, {**row, "day": 3, "locality": "kalat"})
    assert len(far) == 2


def test_merge_keeps_every_source_and_holds_tolls_as_low_best_high(store: Store) -> None:
    a, b, c, _ = _reports(store)
    result = merge.merge_incidents(store, [a["id"], b["id"], c["id"]], visibility=ALL)
    survivor = store.get(a["id"], visibility=ALL).object()
    ext = extension(survivor)
    assert ext["killed"] == {"low": 84, "best": 95, "high": 101}
    assert ext["injured"] == {"low": 150, "best": 150, "high": 220}
    assert [p["name"] for p in ext["perpetrators"]] == ["Jamaat-ul-Ahrar", TTP]
    assert ext["target_types"] == ["police", "religious-site"]
    assert ext["source_refs"] == a["extensions"][next(iter(a["extensions"]))]["source_refs"]
    assert survivor["external_references"] == b["external_references"]
    assert ext["cross_border"] is True
    assert ext["merged_from"] == [b["id"], c["id"]] == result.merged
    assert tlp.level_of(survivor) == "amber"  # the strictest of green, amber and clear
    for gone in (b, c):
        retired = store.get(gone["id"], visibility=ALL).object()
        assert retired["revoked"] is True
        assert extension(retired)["merged_into"] == a["id"]
    assert register.list_incidents(store, IncidentFilter(), visibility=ALL).total == 2
    shown = register.show_incident(store, b["id"], visibility=ALL)
    assert shown["state"] == "merged" and shown["merged_into"] == a["id"]


def test_merge_refuses_different_attacks_unless_forced(store: Store) -> None:
    a, _, _, other = _reports(store)
    with pytest.raises(Conflict, match="places differ"):
        merge.merge_incidents(store, [a["id"], other["id"]], visibility=ALL)
    assert register.list_incidents(store, IncidentFilter(), visibility=ALL).total == 4
    merge.merge_incidents(store, [a["id"], other["id"]], visibility=ALL, force=True)
    assert register.list_incidents(store, IncidentFilter(), visibility=ALL).total == 3


def test_merge_keep_chooses_the_survivor_and_revoked_cannot_merge_again(store: Store) -> None:
    a, b, c, _ = _reports(store)
    merge.merge_incidents(store, [a["id"], b["id"]], keep=b["id"], visibility=ALL)
    assert store.get(a["id"], visibility=ALL).object()["revoked"] is True
    merge.merge_incidents(store, [c["id"], b["id"]], visibility=ALL)
    assert extension(store.get(c["id"], visibility=ALL).object())["merged_from"] == [a["id"],
                                                                                    b["id"]]
    with pytest.raises(Conflict, match="already revoked"):
        merge.merge_incidents(store, [c["id"], a["id"]], visibility=ALL)
    with pytest.raises(Conflict, match="revoked"):
        register.edit_incident(store, a["id"], register.IncidentChanges(killed="1"),
                               visibility=ALL)
    with pytest.raises(Invalid, match="at least two"):
        merge.merge_incidents(store, [c["id"]], visibility=ALL)
