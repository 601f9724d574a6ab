"""The store tests again with every `add_objects` call taken as a bulk load (secondary indexes
dropped and built again, a larger page cache), and the indexes checked after each kind of end."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from jirga.store import ObjectFilter, Store, Visibility
from jirga.store.objects import SQLStore
from tests.factories import make_object, make_test_incident
from tests.store.test_objects import *  # noqa: F403  (each test runs again on the bulk path)

ALL = Visibility.everything()


@pytest.fixture(autouse=True)
def every_add_is_bulk(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(SQLStore, "bulk_min", 1)
    yield


def indexes(store: Store) -> list[tuple[Any, ...]]:
    if store.db.dialect.name == "sqlite":
        sql = "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name"
    else:
        sql = "SELECT indexname, indexdef FROM pg_indexes ORDER BY indexname"
    return [tuple(r) for r in store.db.query(sql)]


def test_indexes_are_the_same_after_a_bulk_add_and_after_a_failed_one(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    before = indexes(store)
    store.add_objects([make_object("campaign"), make_test_incident()])
    assert indexes(store) == before

    def explode(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "_refresh_projections", explode)
    with pytest.raises(RuntimeError):
        store.add_objects([make_object("campaign"), make_test_incident()])
    monkeypatch.undo()
    assert indexes(store) == before
    assert store.count(ObjectFilter(), visibility=ALL) == 2
