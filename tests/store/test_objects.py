"""The object store on both backends: versions, current versions, filters, pages, atomicity."""

from __future__ import annotations

from typing import Any

import pytest

from jirga.errors import Invalid, NotFound
from jirga.model import tlp
from jirga.model.timestamps import normalise
from jirga.store import ObjectFilter, Outcome, Store, Visibility, open_store
from tests.factories import make_object, make_test_incident, new_version

ALL = Visibility.everything()


def ids(page_items: list[Any]) -> list[str]:
    return [i.id for i in page_items]


def current_json(store: Store, object_id: str) -> dict[str, Any]:
    return store.get(object_id, visibility=ALL).object()


def test_add_then_read_back(store: Store) -> None:
    obj = make_object("campaign", name="Spear phishing")
    result = store.add_objects([obj])
    assert result.as_dict()["added"] == 1
    assert current_json(store, obj["id"]) == obj


def test_every_version_kept_newest_current(store: Store) -> None:
    v1 = make_object("intrusion-set", name="TTP", days=0)
    v3 = new_version(v1, 30, description="third")
    v2 = new_version(v1, 10, description="second")
    assert store.add_objects([v1]).count(Outcome.ADDED) == 1
    assert store.add_objects([v3]).count(Outcome.NEWER) == 1
    older = store.add_objects([v2])
    assert older.count(Outcome.OLDER) == 1
    assert current_json(store, v1["id"])["description"] == "third"
    versions = store.versions(v1["id"], visibility=ALL)
    assert [v.object().get("description") for v in versions] == [None, "second", "third"]
    assert store.get(v1["id"], visibility=ALL, version=v2["modified"]).object() == v2


def test_same_bundle_twice_changes_nothing(store: Store) -> None:
    objects = [make_object("campaign"), make_object("intrusion-set"), make_object("indicator")]
    store.add_objects(objects)
    before = store.version_count()
    again = store.add_objects([{**o} for o in reversed(objects)])
    assert again.as_dict() == {"added": 0, "newer-version": 0, "older-version": 0,
                               "unchanged": 3, "refused": 0}
    assert store.version_count() == before


def test_key_order_does_not_make_a_new_version(store: Store) -> None:
    obj = make_object("campaign", description="x")
    store.add_objects([obj])
    reordered = dict(reversed(list(obj.items())))
    assert store.add_objects([reordered]).count(Outcome.UNCHANGED) == 1


def test_changed_content_under_the_same_version_is_refused(store: Store) -> None:
    obj = make_object("campaign", description="first")
    store.add_objects([obj])
    result = store.add_objects([{**obj, "description": "sneaky edit"}])
    assert result.count(Outcome.REFUSED) == 1
    assert result.refused[0].object_id == obj["id"]
    assert current_json(store, obj["id"])["description"] == "first"


def test_several_versions_in_one_batch(store: Store) -> None:
    v1 = make_object("intrusion-set", days=0)
    v2 = new_version(v1, 5, description="2")
    v3 = new_version(v1, 9, description="3")
    result = store.add_objects([v3, v1, v2])
    assert result.count(Outcome.ADDED) + result.count(Outcome.NEWER) == 3
    assert current_json(store, v1["id"])["description"] == "3"
    assert len(store.versions(v1["id"], visibility=ALL)) == 3


def test_revocation_is_honoured(store: Store) -> None:
    obj = make_object("intrusion-set", days=0)
    store.add_objects([obj])
    store.add_objects([new_version(obj, 5, revoked=True)])
    assert ids(store.current(ObjectFilter(), visibility=ALL).items) == []
    assert ids(store.current(ObjectFilter(include_revoked=True), visibility=ALL).items) == [obj["id"]]
    later = store.add_objects([new_version(obj, 9, description="after revocation")])
    assert later.count(Outcome.REFUSED) == 1
    assert "revoked" in later.refused[0].message
    assert store.get(obj["id"], visibility=ALL).revoked
    with pytest.raises(NotFound):
        store.get(obj["id"], visibility=ALL, include_revoked=False)


def test_filters(store: Store) -> None:
    pk = "identity--11111111-1111-4111-8111-111111111111"
    af = "identity--22222222-2222-4222-8222-222222222222"
    a = make_object("intrusion-set", name="Tehrik-i-Taliban Pakistan", created_by_ref=pk,
                    days=1, level="green", description="Pakistani Taliban umbrella group")
    b = make_object("intrusion-set", name="Islamic State Khorasan", created_by_ref=af, days=2,
                    level="amber")
    c = make_object("campaign", name="Border attacks", created_by_ref=pk, days=3)
    d = make_object("indicator", days=4, level="red")
    store.add_objects([a, b, c, d])

    def find(**kw: Any) -> set[str]:
        return set(ids(store.current(ObjectFilter(**kw), visibility=ALL).items))

    assert find(types=("intrusion-set",)) == {a["id"], b["id"]}
    assert find(types=("intrusion-set", "campaign")) == {a["id"], b["id"], c["id"]}
    assert find(created_by=(pk,)) == {a["id"], c["id"]}
    assert find(markings=(tlp.marking_id("amber"),)) == {b["id"]}
    assert find(tlp=("green", "red")) == {a["id"], d["id"]}
    assert find(tlp=("amber",)) == {b["id"], c["id"]}  # unmarked counts as the default, AMBER
    assert find(modified_from=normalise("2024-01-02T12:00:00Z"),
                modified_to=normalise("2024-01-04T12:00:00Z")) == {b["id"], c["id"]}
    assert find(text="taliban") == {a["id"]}
    assert find(text="pakistani umbrella") == {a["id"]}
    assert find(text="khor") == {b["id"]}
    assert find(text="border", types=("intrusion-set",)) == set()
    assert find(ids=(c["id"], d["id"])) == {c["id"], d["id"]}


def test_text_index_follows_new_versions(store: Store) -> None:
    obj = make_object("campaign", name="Operation Alpha", days=0)
    store.add_objects([obj])
    store.add_objects([new_version(obj, 2, name="Operation Bravo")])
    assert ids(store.current(ObjectFilter(text="alpha"), visibility=ALL).items) == []
    assert ids(store.current(ObjectFilter(text="bravo"), visibility=ALL).items) == [obj["id"]]


def test_added_after(store: Store) -> None:
    first = make_object("campaign")
    store.add_objects([first])
    mark = store.get(first["id"], visibility=ALL).added_at
    second = make_object("campaign")
    store.add_objects([second])
    found = store.current(ObjectFilter(added_after=mark), visibility=ALL).items
    assert ids(found) == [second["id"]]


@pytest.mark.parametrize("order", ["added", "recent"])
def test_pagination_visits_every_object_once(store: Store, order: str) -> None:
    objects = [make_object("campaign", days=i % 7, name=f"c{i}") for i in range(57)]
    store.add_objects(objects)
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        page = store.current(ObjectFilter(types=("campaign",)), visibility=ALL, limit=10,
                             cursor=cursor, order=order)
        seen.extend(ids(page.items))
        pages += 1
        if page.next is None:
            break
        cursor = page.next
    assert pages == 6
    assert sorted(seen) == sorted(o["id"] for o in objects)
    assert len(set(seen)) == 57
    if order == "recent":
        versions = [current_json(store, i)["modified"] for i in seen]
        assert versions == sorted(versions, reverse=True)


def test_a_forged_cursor_is_refused(store: Store) -> None:
    with pytest.raises(Invalid):
        store.current(ObjectFilter(), visibility=ALL, cursor="not-a-cursor")


def test_visibility_is_applied_to_every_read(store: Store) -> None:
    obj = make_object("campaign")
    store.add_objects([obj])
    nobody = Visibility.nothing()
    assert store.current(ObjectFilter(), visibility=nobody).items == []
    assert store.count(ObjectFilter(), visibility=nobody) == 0
    assert store.versions(obj["id"], visibility=nobody) == []
    with pytest.raises(NotFound):
        store.get(obj["id"], visibility=nobody)


def test_failed_write_leaves_the_store_unchanged(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    kept = make_object("campaign")
    store.add_objects([kept])
    before = store.version_count()

    def explode(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "_refresh_projections", explode)
    with pytest.raises(RuntimeError):
        store.add_objects([make_object("campaign"), make_test_incident()])
    monkeypatch.undo()
    assert store.version_count() == before
    assert store.count(ObjectFilter(), visibility=ALL) == 1
    assert store.db.scalar("SELECT COUNT(*) FROM object_markings") == 0


def test_incident_projection_follows_current_versions(store: Store) -> None:
    inc = make_test_incident(occurred="2024-03-26", killed=6, group="Tehrik-i-Taliban Pakistan")
    store.add_objects([inc])
    row = store.db.query_dicts("SELECT * FROM incidents_flat")[0]
    assert (row["occurred"], row["month"], row["quarter"], row["week"], row["year"]) == (
        "2024-03-26", "2024-03", "2024-Q1", "2024-W13", 2024)
    assert (row["admin1"], row["perpetrator"], row["killed_best"]) == (
        "PK-KP", "Tehrik-i-Taliban Pakistan", 6)
    ext = dict(inc["extensions"])
    key = next(iter(ext))
    updated = {**inc, "modified": "2024-02-01T00:00:00.000Z",
               "extensions": {key: {**ext[key], "killed": {"low": 6, "best": 7, "high": 9}}}}
    store.add_objects([updated])
    rows = store.db.query_dicts("SELECT killed_low, killed_best, killed_high FROM incidents_flat")
    assert rows == [{"killed_low": 6, "killed_best": 7, "killed_high": 9}]
    store.add_objects([{**updated, "modified": "2024-03-01T00:00:00.000Z", "revoked": True}])
    assert store.db.query("SELECT * FROM incidents_flat") == []
    assert store.db.query("SELECT * FROM incident_groups") == []


def test_rebuild_projections(store: Store) -> None:
    store.add_objects([make_test_incident(killed=3), make_test_incident(killed=4)])
    store.db.execute("DELETE FROM incidents_flat")
    store.rebuild_projections(["incidents"])
    assert store.db.scalar("SELECT SUM(killed_best) FROM incidents_flat") == 7


def test_migrations_are_recorded_and_run_once(db_url: str) -> None:
    first = open_store(db_url)
    names = [r[0] for r in first.db.query("SELECT name FROM migrations ORDER BY name")]
    assert names[:2] == ["m001_objects", "m002_incidents_flat"]
    first.close()
    second = open_store(db_url)
    assert second.migrate() == []
    second.close()


@pytest.mark.parametrize("query", [
    ObjectFilter(markings=(tlp.marking_id("green"),)),
    ObjectFilter(modified_from="2020-01-01T00:00:00.000Z", modified_to="2021-01-01T00:00:00.000Z"),
    ObjectFilter(types=("indicator",)),
])
def test_pages_in_added_order_read_an_index_in_order(sqlite_store: Store, query: ObjectFilter,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite plans without statistics, so the plan an empty store gets is the plan it keeps: a
    page must follow seq (stopping after 100 rows), never sort every current version."""
    seen: list[tuple[str, list[Any]]] = []
    query_fn = sqlite_store.db.query

    def capture(sql: str, params: Any = ()) -> Any:
        seen.append((sql, list(params)))
        return query_fn(sql, params)

    monkeypatch.setattr(sqlite_store.db, "query", capture)
    sqlite_store.current(query, visibility=ALL, limit=100)
    sql, params = seen[-1]
    plan = str([tuple(r) for r in query_fn(f"EXPLAIN QUERY PLAN {sql}", params)])
    assert "TEMP B-TREE" not in plan, plan
