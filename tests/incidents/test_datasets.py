"""Dataset imports and exports: each layout in, CSV / GeoJSON / STIX out and back in again, with
every incident's date, place, group and tolls kept; bad files refused whole, with line numbers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest

from jirga.errors import Invalid
from jirga.incidents import datasets, export, merge
from jirga.incidents.groups import GroupResolver
from jirga.incidents.layouts import LAYOUTS, GenericLayout, Layout
from jirga.model.ids import stable_id
from jirga.model.validate import validate_object
from jirga.objects.interchange import import_bytes
from jirga.store import ObjectFilter, Store, Visibility, open_store
from jirga.store.incidents import IncidentFilter, IncidentTable

ALL = Visibility.everything()
DATA = Path(__file__).parent / "data"
KEPT = ("occurred", "precision", "country", "admin1", "admin1_name", "district", "place",
        "perpetrators", "killed_low", "killed_best", "killed_high", "injured_low",
        "injured_best", "injured_high", "latitude", "longitude")


def layout(store: Store, key: str) -> Layout:
    return LAYOUTS[key](GroupResolver.of(store))


def rows_by_row_id(store: Store) -> dict[str, dict[str, Any]]:
    return {r["dataset_row"]: r for r in
            IncidentTable(store.db).iter_rows(IncidentFilter(), visibility=ALL)}


def kept(row: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(row[k] for k in KEPT)


@pytest.fixture
def second(tmp_path: Path) -> Iterator[Store]:
    other = open_store(str(tmp_path / "second.db"))
    yield other
    other.close()


EXPECTED = {
    "acled": {
        "PAK112233": ("2024-03-26", "PK-KP", "Shangla", "Besham", "Tehrik-i-Taliban Pakistan",
                      (6, 6, 6), None, "suicide-bombing", "civilians"),
        "PAK112302": ("2024-11-09", "PK-KP", "North Waziristan", "Mir Ali",
                      "Tehrik-i-Taliban Pakistan", (4, 4, 4), None, "armed-assault",
                      "security-forces"),
        "PAK112303": ("2024-11-10", "PK-SD", "Karachi", "Karachi", None, (2, 2, 2), None,
                      "armed-assault", "civilians"),
        "AFG55501": ("2024-03-21", "AF-KAN", "Kandahar", "Kandahar",
                     "Islamic State Khorasan Province", (21, 21, 21), None, "suicide-bombing",
                     "civilians"),
        "PAK112301": ("2024-11-09", "PK-BA", "Quetta", "Quetta", "Baloch Liberation Army",
                      (32, 32, 32), None, "suicide-bombing", "security-forces"),
    },
    "gtd": {
        "201412160001": ("2014-12-16", "PK-KP", None, "Peshawar", "Tehrik-i-Taliban Pakistan",
                         (148, 148, 148), (131, 131, 131), "armed-assault",
                         "school; security-forces"),
        "201701050012": ("2017-01-01", "PK-KP", None, "Parachinar", "Lashkar-e-Jhangvi",
                         (25, 25, 25), (87, 87, 87), "bombing", "civilians"),
        "201802170007": ("2018-02-17", "AF-KAB", None, "Kabul",
                         "Islamic State Khorasan Province", (5, 5, 5), (19, 19, 19),
                         "suicide-bombing", "civilians; religious-site"),
        "201906010003": ("2019-06-01", "PK-BA", None, "Quetta", None, (1, 1, 1), (0, 0, 0),
                         "targeted-killing", "police"),
        "201908150021": ("2019-08-15", "PK-BA", None, "Kuchlak",
                         "Tehrik-i-Taliban Pakistan; Baloch Liberation Army", (5, 5, 5),
                         (15, 15, 15), "bombing", "religious-site"),
    },
    "ucdp": {
        "382001": ("2023-01-30", "PK-KP", "Peshawar", "Peshawar", "Tehrik-i-Taliban Pakistan",
                   (84, 101, 101), None, None, "security-forces"),
        "382002": ("2023-07-30", "PK-KP", "Bajaur", "Khar", "Islamic State Khorasan Province",
                   (60, 64, 70), None, None, "civilians"),
        "382003": ("2022-09-30", "AF-KAB", "Kabul", "Kabul", "Islamic State Khorasan Province",
                   (53, 54, 58), None, None, "civilians"),
        "382005": ("2024-11-09", "PK-BA", "Quetta", "Quetta", "Baloch Liberation Army",
                   (26, 32, 32), None, None, "security-forces"),
    },
}


@pytest.mark.parametrize("key", ["acled", "gtd", "ucdp"])
def test_import_reads_each_layout_through_the_crosswalk(store: Store, key: str) -> None:
    report = datasets.import_dataset(store, DATA / f"{key}_sample.csv", layout(store, key))
    rows = rows_by_row_id(store)
    assert report.added == len(EXPECTED[key]) == len(rows)
    for row_id, (day, admin1, district, place, groups, killed, injured, attack,
                 targets) in EXPECTED[key].items():
        row = rows[row_id]
        assert (row["occurred"], row["admin1"], row["district"], row["place"]) == \
            (day, admin1, district, place), row_id
        assert row["perpetrators"] == groups, row_id
        assert (row["killed_low"], row["killed_best"], row["killed_high"]) == killed, row_id
        injured_row = (row["injured_low"], row["injured_best"], row["injured_high"])
        assert injured_row == (injured or (None, None, None)), row_id
        assert (row["attack_type"], row["target_types"]) == (attack, targets), row_id
        assert row["dataset"] == key and row["sources"] == 1
    for item in store.iter_current(ObjectFilter(), visibility=ALL):
        assert validate_object(item.object()) == [], item.id


def test_skipped_rows_are_counted_with_reasons(store: Store) -> None:
    acled = datasets.import_dataset(store, DATA / "acled_sample.csv", layout(store, "acled"))
    assert acled.rows == 7 and acled.added == 5
    assert dict(acled.skipped) == {
        "event type 'Protests' is not political violence": 1,
        "no non-state actor: a state action or security operation": 1}
    ucdp = datasets.import_dataset(store, DATA / "ucdp_sample.csv", layout(store, "ucdp"))
    assert dict(ucdp.skipped) == {"one-sided violence by a government": 1}


def test_gtd_counts_victims_and_attackers_apart(store: Store) -> None:
    datasets.import_dataset(store, DATA / "gtd_sample.csv", layout(store, "gtd"))
    school = store.get(stable_id("incident", "gtd", "201412160001"), visibility=ALL).object()
    ext = next(iter(school["extensions"].values()))
    assert ext["killed"]["best"] == 148 and ext["perpetrators_killed"]["best"] == 9
    assert ext["perpetrators"] == [{"name": "Tehrik-i-Taliban Pakistan", "basis": "claimed",
                                    "ref": stable_id("intrusion-set",
                                                     "Tehrik-i-Taliban Pakistan")}]
    assert ext["cross_border"] is False and ext["occurred_precision"] == "day"


@pytest.mark.parametrize("key", ["acled", "gtd", "ucdp"])
def test_csv_export_imports_back_with_everything_kept(store: Store, second: Store,
                                                      key: str) -> None:
    datasets.import_dataset(store, DATA / f"{key}_sample.csv", layout(store, key))
    data = b"".join(export.CsvExporter(store, IncidentFilter(), ALL).stream())
    back = datasets.import_data(second, data, "export.csv",
                                GenericLayout(GroupResolver.of(second), key))
    assert back.added == len(EXPECTED[key])
    before, after = rows_by_row_id(store), rows_by_row_id(second)
    assert {k: kept(r) for k, r in before.items()} == {k: kept(r) for k, r in after.items()}
    assert {k: (r["attack_type"], r["target_types"], r["cross_border"]) for k, r in
            before.items()} == {k: (r["attack_type"], r["target_types"], r["cross_border"])
                                for k, r in after.items()}


@pytest.mark.parametrize("key", ["acled", "gtd", "ucdp"])
def test_stix_export_imports_back_as_the_same_register(store: Store, second: Store,
                                                       key: str) -> None:
    datasets.import_dataset(store, DATA / f"{key}_sample.csv", layout(store, key))
    bundle = b"".join(export.StixExporter(store, IncidentFilter(), ALL).stream())
    parsed = orjson.loads(bundle)
    types = {o["type"] for o in parsed["objects"]}
    assert {"incident", "identity", "intrusion-set", "extension-definition",
            "marking-definition"} <= types
    import_bytes(second, bundle, "export.json")
    before, after = rows_by_row_id(store), rows_by_row_id(second)
    assert {k: kept(r) for k, r in before.items()} == {k: kept(r) for k, r in after.items()}


def test_geojson_export_has_a_point_per_incident(store: Store) -> None:
    datasets.import_dataset(store, DATA / "ucdp_sample.csv", layout(store, "ucdp"))
    collection = orjson.loads(b"".join(export.GeoJsonExporter(store, IncidentFilter(),
                                                              ALL).stream()))
    features = {f["properties"]["row_id"]: f for f in collection["features"]}
    assert collection["type"] == "FeatureCollection" and set(features) == set(EXPECTED["ucdp"])
    quetta = features["382005"]
    assert quetta["geometry"] == {"type": "Point", "coordinates": [67.01, 30.19]}
    assert (quetta["properties"]["date"], quetta["properties"]["place"],
            quetta["properties"]["perpetrator"], quetta["properties"]["killed_low"],
            quetta["properties"]["killed"]) == ("2024-11-09", "Quetta",
                                                "Baloch Liberation Army", 26, 32)


def test_exports_follow_the_filter_and_the_reader(store: Store) -> None:
    datasets.import_dataset(store, DATA / "acled_sample.csv", layout(store, "acled"))
    flt = IncidentFilter(countries=("AF",))
    text = b"".join(export.CsvExporter(store, flt, ALL).stream()).decode()
    assert text.count("\n") == 2 and "AFG55501" in text
    nobody = b"".join(export.CsvExporter(store, IncidentFilter(), Visibility.nothing()).stream())
    assert nobody.decode().count("\n") == 1  # the header only


def test_importing_again_changes_nothing_then_takes_changed_rows(store: Store,
                                                                 tmp_path: Path) -> None:
    datasets.import_dataset(store, DATA / "acled_sample.csv", layout(store, "acled"))
    again = datasets.import_dataset(store, DATA / "acled_sample.csv", layout(store, "acled"))
    assert (again.added, again.updated, again.unchanged) == (0, 0, 5)
    changed = tmp_path / "acled.csv"
    changed.write_text((DATA / "acled_sample.csv").read_text().replace(
        "Quetta,30.1900,67.0100,1,Dawn,National,\"On 9 November 2024, a suicide bomber struck "
        "the Quetta railway station platform.\",32", "Quetta,30.1900,67.0100,1,Dawn,National,"
        "\"On 9 November 2024, a suicide bomber struck the Quetta railway station platform.\",33"))
    third = datasets.import_dataset(store, changed, layout(store, "acled"))
    assert (third.added, third.updated, third.unchanged) == (0, 1, 4)
    assert rows_by_row_id(store)["PAK112301"]["killed_best"] == 33


def test_importing_again_leaves_merged_rows_merged(store: Store) -> None:
    datasets.import_dataset(store, DATA / "acled_sample.csv", layout(store, "acled"))
    datasets.import_dataset(store, DATA / "ucdp_sample.csv", layout(store, "ucdp"))
    rows = rows_by_row_id(store)
    merge.merge_incidents(store, [rows["382005"]["id"], rows["PAK112301"]["id"]], visibility=ALL)
    again = datasets.import_dataset(store, DATA / "acled_sample.csv", layout(store, "acled"))
    assert (again.merged, again.unchanged, again.added) == (1, 4, 0)
    assert "PAK112301" not in rows_by_row_id(store)


def refused(store: Store, text: str, key: str = "acled") -> str:
    with pytest.raises(Invalid) as info:
        datasets.import_data(store, text.encode(), "bad.csv", layout(store, key))
    assert store.count(ObjectFilter(include_revoked=True), visibility=ALL) == 0
    return info.value.message


def test_missing_columns_are_refused(store: Store) -> None:
    message = refused(store, "event_id_cnty,event_date,country\nX1,2024-01-01,Pakistan\n")
    assert message.startswith("bad.csv: line 1: missing columns event_type, sub_event_type")


def test_bad_rows_are_refused_with_their_lines(store: Store) -> None:
    lines = (DATA / "gtd_sample.csv").read_text().splitlines()
    lines[2] = lines[2].replace(",2017,1,0,", ",2017,13,0,")  # month 13
    lines[3] = lines[3].replace(",6,0,1,20,0,1,", ",-6,0,1,20,0,1,")  # nkill -6
    lines.append(lines[1])  # the same eventid again
    message = refused(store, "\n".join(lines) + "\n", "gtd")
    assert "3 rows cannot be read; nothing was imported" in message
    assert "line 3: iyear/imonth/iday '2017-13-0' is not a date" in message
    assert "line 4: nkill is negative (-6)" in message
    assert "line 7: row id '201412160001' is also on line 2" in message


def test_many_bad_rows_are_summarised(store: Store) -> None:
    header = "date,country,killed\n"
    body = "".join(f"2024-01-{d:02d},Pakistan,-1\n" for d in range(1, 26))
    with pytest.raises(Invalid) as info:
        datasets.import_data(store, (header + body).encode(), "bad.csv",
                             GenericLayout(GroupResolver(), "mine"))
    assert "25 rows cannot be read" in info.value.message
    assert "line 21: killed is negative" in info.value.message
    assert "line 22" not in info.value.message and "… and 5 more" in info.value.message


def test_quoted_newlines_keep_line_numbers_right(store: Store) -> None:
    text = 'date,country,description,killed\n2024-01-01,PK,"two\nlines",1\n2024-01-02,PK,x,-3\n'
    with pytest.raises(Invalid, match="line 4: killed is negative"):
        datasets.import_data(store, text.encode(), "q.csv", GenericLayout(GroupResolver(), "q"))


def test_generic_csv_with_a_column_mapping(store: Store) -> None:
    text = ("Incident No,When,Where,Province,Country,Group,Deaths,Hurt,Kind\n"
            "7,26 March 2024,Besham,KP,Pakistan,TTP,6,0,Suicide bombing\n"
            "8,2024-04,Quetta,Balochistan,PK,,,3,\n")
    mapping = {"row_id": "Incident No", "date": "When", "place": "Where", "province": "Province",
               "country": "Country", "perpetrator": "Group", "killed": "Deaths",
               "injured": "Hurt", "attack_type": "Kind"}
    report = datasets.import_data(store, text.encode(), "mine.csv",
                                  GenericLayout(GroupResolver(), "mine", mapping))
    assert report.added == 2
    rows = rows_by_row_id(store)
    assert (rows["7"]["occurred"], rows["7"]["admin1"], rows["7"]["perpetrators"],
            rows["7"]["killed_best"], rows["7"]["attack_type"]) == (
        "2024-03-26", "PK-KP", "Tehrik-i-Taliban Pakistan", 6, "suicide-bombing")
    assert (rows["8"]["occurred"], rows["8"]["precision"], rows["8"]["killed_best"],
            rows["8"]["injured_best"]) == ("2024-04-01", "month", None, 3)


def test_generic_mapping_with_unknown_fields_is_refused() -> None:
    with pytest.raises(Invalid, match="unknown fields colour"):
        GenericLayout(GroupResolver(), "x", {"colour": "Colour"})
