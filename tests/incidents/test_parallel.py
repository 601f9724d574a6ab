"""Large first imports in worker processes (`incidents/parallel.py`, `store/bulk.py`): the same
register, versions, projections and Merkle log as the one-process import, refused whole for a
bad row in any chunk, and re-imports still compared row by row. `min_rows=0` sends these small
files down the parallel path."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest

from jirga.demo import PK_MOI
from jirga.errors import Conflict, Invalid
from jirga.incidents import datasets
from jirga.incidents.groups import GroupResolver
from jirga.incidents.layouts import LAYOUTS, Layout
from jirga.model import handling, merkle
from jirga.model.canonical import canonical
from jirga.objects.authoring import save
from jirga.store import ObjectFilter, Store, Visibility, log, open_store
from jirga.store.analytics import CountsTable, PendingSums
from jirga.store.bulk import prepare
from jirga.store.incidents import IncidentFilter, IncidentTable
from jirga.trust.verify import verify_store
from tests.factories import make_test_incident

ALL = Visibility.everything()
DATA = Path(__file__).parent / "data"
VOLATILE = ("seq", "added_at")


def layout(store: Store, key: str = "acled") -> Layout:
    return LAYOUTS[key](GroupResolver.of(store))


def acled_rows(n: int) -> str:
    """The ACLED sample's rows again and again under new event ids: n rows with a header."""
    header, *rows = (DATA / "acled_sample.csv").read_text().splitlines()
    body = [rows[i % len(rows)].split(",", 1)[1] for i in range(n)]
    return "\n".join([header, *(f"GEN{i},{rest}" for i, rest in enumerate(body))]) + "\n"


@pytest.fixture
def serial(tmp_path: Path) -> Iterator[Store]:
    other = open_store(str(tmp_path / "serial.db"))
    yield other
    other.close()


def register(store: Store) -> dict[str, dict[str, Any]]:
    return {r["dataset_row"]: {k: v for k, v in r.items() if k not in VOLATILE}
            for r in IncidentTable(store.db).iter_rows(IncidentFilter(), visibility=ALL)}


def stored(store: Store) -> dict[str, dict[str, Any]]:
    """Current objects by id, without the import's timestamps."""
    out = {}
    for obj in store.iter_current(ObjectFilter(include_revoked=True), visibility=ALL):
        out[obj.id] = {k: v for k, v in orjson.loads(obj.json).items()
                       if k not in ("created", "modified")}
    return out


def side_tables(store: Store) -> tuple[list[Any], int]:
    markings = store.db.query("SELECT id, marking_ref FROM object_markings ORDER BY 1, 2")
    return [tuple(r) for r in markings], store.db.scalar("SELECT COUNT(*) FROM incident_groups")


@pytest.mark.parametrize("key", ["acled", "gtd"])
def test_parallel_import_stores_what_one_process_stores(store: Store, serial: Store,
                                                        key: str) -> None:
    data = (DATA / f"{key}_sample.csv").read_bytes()
    many = datasets.import_data(store, data, "s.csv", layout(store, key), workers=2, min_rows=0)
    one = datasets.import_data(serial, data, "s.csv", layout(serial, key), workers=0)
    assert (many.rows, many.added, many.skipped, many.groups_added) == (
        one.rows, one.added, one.skipped, one.groups_added)
    assert register(store) == register(serial)
    assert stored(store) == stored(serial)
    assert side_tables(store) == side_tables(serial)
    quetta = ObjectFilter(text="Quetta")
    assert store.count(quetta, visibility=ALL) == serial.count(quetta, visibility=ALL) > 0
    report = verify_store(store)
    assert report.ok and report.leaves == report.versions == log.size(store.db)


def test_indexes_dropped_for_a_large_load_are_built_again(sqlite_store: Store) -> None:
    def indexes() -> list[tuple[str, str]]:
        return [tuple(r) for r in sqlite_store.db.query(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name")]

    before = indexes()
    datasets.import_data(sqlite_store, acled_rows(40).encode(), "gen.csv", layout(sqlite_store),
                         workers=2, min_rows=0)
    assert indexes() == before
    plan = sqlite_store.db.query("EXPLAIN QUERY PLAN SELECT id FROM incidents_flat "
                                 "WHERE admin1 = 'PK-KP' AND occurred > '2024'")
    assert "incidents_flat_admin1" in str([tuple(r) for r in plan])


def test_every_version_has_its_leaf_in_the_log(store: Store) -> None:
    report = datasets.import_data(store, acled_rows(60).encode(), "gen.csv", layout(store),
                                  workers=2, min_rows=0)
    leaves = [leaf.leaf_hash for leaf in log.iter_leaves(store.db)]
    objects = {o.id: orjson.loads(o.json) for o in
               store.iter_current(ObjectFilter(include_revoked=True), visibility=ALL)}
    assert len(leaves) == len(objects) == report.added + 1 + report.groups_added  # publisher
    assert report.added > 40
    assert sorted(leaves) == sorted(merkle.leaf_hash(canonical(o)) for o in objects.values())
    assert log.root_at(store.db, len(leaves)) == merkle.root(leaves)


def test_a_bad_row_in_any_chunk_refuses_the_file(store: Store) -> None:
    lines = acled_rows(40).splitlines()
    lines[3] = "GEN2," + lines[1].split(",", 1)[1].replace("2024-03", "2024-13", 1)  # early
    lines[38] = "GEN5," + lines[38].split(",", 1)[1]  # a late chunk repeats an early id
    with pytest.raises(Invalid) as info:
        datasets.import_data(store, ("\n".join(lines) + "\n").encode(), "bad.csv",
                             layout(store), workers=2, min_rows=0)
    message = info.value.message
    assert "line 4:" in message and "line 39: row id 'GEN5' is also on line 7" in message
    assert "nothing was imported" in message
    assert store.count(ObjectFilter(include_revoked=True), visibility=ALL) == 0
    assert log.size(store.db) == 0


def test_importing_again_compares_row_by_row(store: Store) -> None:
    text = acled_rows(30)
    first = datasets.import_data(store, text.encode(), "gen.csv", layout(store), workers=2,
                                 min_rows=0)
    again = datasets.import_data(store, text.encode(), "gen.csv", layout(store), workers=2,
                                 min_rows=0)
    assert (again.added, again.unchanged) == (0, first.added) and first.added > 20
    changed = text.replace("GEN0,2024-03-26", "GEN0,2024-03-25")
    third = datasets.import_data(store, changed.encode(), "gen.csv", layout(store), workers=2,
                                 min_rows=0)
    assert (third.added, third.updated) == (0, 1)


def test_a_bulk_load_refuses_objects_already_stored(store: Store, tmp_path: Path) -> None:
    datasets.import_data(store, (DATA / "acled_sample.csv").read_bytes(), "a.csv",
                         layout(store), workers=0)
    obj = next(o for o in store.iter_current(ObjectFilter(types=("incident",)), visibility=ALL))
    writer = store.stager.writer(tmp_path, "conflict")
    writer.append(prepare([orjson.loads(obj.json)]))
    with pytest.raises(Conflict, match=obj.id):
        store.load_new(writer.close())
    assert log.size(store.db) == store.count(ObjectFilter(include_revoked=True), visibility=ALL)


def test_chunks_past_sqlites_attach_limit_are_copied_in(sqlite_store: Store,
                                                        serial: Store) -> None:
    sqlite_store.db.connection.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 1)
    text = acled_rows(40).encode()
    many = datasets.import_data(sqlite_store, text, "gen.csv", layout(sqlite_store), workers=2,
                                min_rows=0)
    one = datasets.import_data(serial, text, "gen.csv", layout(serial), workers=0)
    assert many.added == one.added and register(sqlite_store) == register(serial)
    assert verify_store(sqlite_store).ok


def counts_tables(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    return {table: sorted((tuple(r) for r in store.db.query(f"SELECT * FROM {table}")), key=repr)
            for table in ("incident_counts", "incident_counts_monthly", "incident_value_counts")}


def test_chunks_fold_their_partial_sums_into_the_counts_a_rebuild_gives(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    # Incidents already stored on the import's days: plain ones and some with access rows
    # (TLP:AMBER addressed to a party), which the counts keep in rows of their own.
    plain = [make_test_incident(name=f"before {i}", occurred="2024-03-26", killed=i,
                                level="amber", group="Tehrik-i-Taliban Pakistan")
             for i in range(3)]
    addressed = [handling.addressed(make_test_incident(name=f"addressed {i}",
                                                       occurred="2024-03-2{i}", killed=i),
                                    "amber", parties=[PK_MOI]) for i in range(3)]
    save(store, [*plain, *addressed])
    CountsTable(store.db).refresh()
    folded: list[bool] = []
    fold = PendingSums.fold

    def spy(self: PendingSums) -> bool:
        folded.append(fold(self))
        return folded[-1]

    monkeypatch.setattr(PendingSums, "fold", spy)
    report = datasets.import_data(store, acled_rows(80).encode(), "gen.csv", layout(store),
                                  workers=2, min_rows=0)
    # The SQLite path folded the chunks' sums in; PostgreSQL stages COPY data and sums again
    # after the load.
    assert report.added > 50
    assert folded == [store.db.dialect.name == "sqlite"]
    counts = CountsTable(store.db)
    assert counts.current()
    after_import = counts_tables(store)
    store.db.execute("DELETE FROM incident_counts_state")
    counts.refresh()  # sums every incident again
    assert counts_tables(store) == after_import
    assert sum(r[13] for r in after_import["incident_counts"]) == report.added + 6


def test_stale_counts_are_not_folded_into(sqlite_store: Store) -> None:
    save(sqlite_store, [make_test_incident(name="before", occurred="2024-03-26")])
    datasets.import_data(sqlite_store, acled_rows(40).encode(), "gen.csv", layout(sqlite_store),
                         workers=2, min_rows=0)
    counts = CountsTable(sqlite_store.db)
    assert counts.current()
    total = sqlite_store.db.scalar("SELECT SUM(incidents) FROM incident_counts")
    assert total == sqlite_store.db.scalar("SELECT COUNT(*) FROM incidents_flat")
