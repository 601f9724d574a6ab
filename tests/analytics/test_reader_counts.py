"""A signed-in reader's statistics come from the pre-summed counts (m070) and equal, figure for
figure, what the same policy gives row by row over `incidents_flat` — with TLP:AMBER incidents
addressed to some parties only and a TLP:RED one named to one user, so a count that ignored the
access rows would differ."""

from __future__ import annotations

from pathlib import Path

import pytest

from jirga.analytics import stats
from jirga.analytics.scope import Scope
from jirga.config import Settings
from jirga.demo import AF_MOI, PK_MOI
from jirga.incidents import register
from jirga.incidents.filters import FilterBuilder
from jirga.model import handling
from jirga.objects.authoring import save
from jirga.sharing import policy
from jirga.store import Store, Visibility
from jirga.store.analytics import FLAT, source
from jirga.store.incidents import IncidentTable
from tests.factories import make_test_incident
from tests.web.factories import populate


def by_rows(visibility: Visibility) -> Visibility:
    """The same rule, written so that only the projection's rows can answer it."""
    return Visibility(f"({visibility.where}) AND v.id IS NOT NULL", visibility.params,
                      f"{visibility.label} row by row")


@pytest.fixture
def node(store: Store, settings: Settings, tmp_path: Path) -> tuple[Store, dict]:
    made = populate(store, tmp_path)
    to_af = [handling.addressed(make_test_incident(
        name=f"addressed {i}", occurred=f"2024-0{i}-1{i}", killed=i, created_by_ref=PK_MOI),
        "amber", parties=[AF_MOI]) for i in range(1, 4)]
    strict = handling.addressed(make_test_incident(
        name="strict", occurred="2024-02-02", killed=5, created_by_ref=AF_MOI), "amber+strict",
        parties=[PK_MOI])
    # Same day, place and marking, addressed to AF-MOI or not, saved in both orders: counts
    # that summed such pairs into one row would show AF-MOI both or neither.
    pairs = []
    for day, first_addressed in (("2024-05-05", True), ("2024-05-06", False)):
        twins = [make_test_incident(name=f"twin {day} {n}", occurred=day, killed=n + 2,
                                    created_by_ref=PK_MOI, level="amber") for n in range(2)]
        twins[0 if first_addressed else 1] = handling.addressed(
            twins[0 if first_addressed else 1], "amber", parties=[AF_MOI])
        pairs += twins
    save(store, [*to_af, strict])
    for twin in pairs:
        save(store, [twin])
    return store, {name: policy.visibility(p, settings) for name, p in made.users.items()}


@pytest.mark.parametrize("status", [(), ("accepted",)])
def test_every_reader_gets_the_row_by_row_figures_from_the_counts(node: tuple,
                                                                  status: tuple) -> None:
    store, readers = node
    flt = FilterBuilder(store).build({}, default_status=status)
    scope = Scope(flt, "tester", {})
    totals = {}
    for name, visibility in readers.items():
        assert source(flt, visibility, "month") is not FLAT, name
        assert source(flt, by_rows(visibility), "month") is FLAT
        for by in ("year", "month", "province", "perpetrator", "target-type"):
            fast = stats.stats_by(store, by, scope, visibility=visibility)
            slow = stats.stats_by(store, by, scope, visibility=by_rows(visibility))
            assert fast.rows == slow.rows and fast.total == slow.total, (name, by)
        totals[name] = fast.total
        listed = register.list_incidents(store, flt, visibility=visibility, limit=5)
        assert listed.total == IncidentTable(store.db).count(flt, visibility=by_rows(visibility))
        split = stats.compare(store, "2024-03-01", 2, scope, visibility=visibility)
        assert split.as_json() == stats.compare(store, "2024-03-01", 2, scope,
                                                visibility=by_rows(visibility)).as_json()
    assert len({str(t) for t in totals.values()}) >= 3, totals  # readers see different things
