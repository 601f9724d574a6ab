"""Every analytics query against totals worked out by hand from the nine fixture incidents
(see `tests/incidents/factories.fixture_incidents` for the table), on both backends."""

from __future__ import annotations

from typing import Any

import pytest

from jirga.analytics import stats
from jirga.analytics.scope import Scope
from jirga.errors import Invalid
from jirga.incidents import merge
from jirga.incidents.filters import FilterBuilder, parse_where
from jirga.incidents.register import IncidentChanges, edit_incident
from jirga.store import Store, Visibility
from jirga.store.analytics import BY_VALUE, COUNTS, FLAT, MONTHLY, source
from tests.incidents.factories import fixture_id, fixture_incidents

ALL = Visibility.everything()


@pytest.fixture
def register(store: Store) -> Store:
    store.add_objects(fixture_incidents())
    return store


def scope(store: Store, *where: str, date_from: str | None = None, date_to: str | None = None,
          estimate: str = "best") -> Scope:
    terms = parse_where(where)
    flt = FilterBuilder(store).build(terms, date_from=date_from, date_to=date_to,
                                     estimate=estimate, default_status=("accepted",))
    return Scope(flt, "tester", terms)


def table(store: Store, by: str, *where: str, visibility: Visibility = ALL,
          **kw: Any) -> list[tuple[Any, int, int, int]]:
    result = stats.stats_by(store, by, scope(store, *where, **kw), visibility=visibility)
    return [(r["key"], r["incidents"], r["killed"], r["injured"]) for r in result.rows]


def test_by_year(register: Store) -> None:
    assert table(register, "year") == [(2021, 5, 21, 33), (2022, 2, 28, 42)]


def test_by_month_fills_empty_months_with_zeros(register: Store) -> None:
    assert table(register, "month") == [
        ("2021-03", 1, 5, 10), ("2021-04", 0, 0, 0), ("2021-05", 0, 0, 0), ("2021-06", 0, 0, 0),
        ("2021-07", 1, 3, 0), ("2021-08", 1, 12, 20), ("2021-09", 1, 1, 0), ("2021-10", 0, 0, 0),
        ("2021-11", 0, 0, 0), ("2021-12", 1, 0, 3), ("2022-01", 1, 8, 12), ("2022-02", 1, 20, 30)]


def test_by_quarter_and_bounds_from_to(register: Store) -> None:
    assert table(register, "quarter") == [("2021-Q1", 1, 5, 10), ("2021-Q2", 0, 0, 0),
                                          ("2021-Q3", 3, 16, 20), ("2021-Q4", 1, 0, 3),
                                          ("2022-Q1", 2, 28, 42)]
    assert table(register, "quarter", date_from="2021-07", date_to="2021") == [
        ("2021-Q3", 3, 16, 20), ("2021-Q4", 1, 0, 3)]


def test_by_week_and_day(register: Store) -> None:
    weeks = table(register, "week", date_from="2021-12-27", date_to="2022-01-20")
    assert weeks == [("2021-W52", 1, 0, 3), ("2022-W01", 0, 0, 0), ("2022-W02", 1, 8, 12),
                     ("2022-W03", 0, 0, 0)]
    days = table(register, "day", date_from="2021-12-30", date_to="2022-01-01")
    assert days == [("2021-12-30", 0, 0, 0), ("2021-12-31", 1, 0, 3), ("2022-01-01", 0, 0, 0)]


def test_by_province(register: Store) -> None:
    assert table(register, "province") == [("Khyber Pakhtunkhwa", 4, 26, 42),
                                           ("Balochistan", 2, 3, 3), ("Nangarhar", 1, 20, 30)]


def test_by_perpetrator_counts_an_incident_under_each_group(register: Store) -> None:
    result = stats.stats_by(register, "perpetrator", scope(register), visibility=ALL)
    rows = [(r["key"], r["incidents"], r["killed"], r["injured"]) for r in result.rows]
    assert rows == [("Tehrik-i-Taliban Pakistan", 4, 14, 25), ("Baloch Liberation Army", 2, 3, 3),
                    ("Islamic State Khorasan Province", 2, 32, 50)]
    assert any("counts under each" in n for n in result.notes)
    assert result.total == {"incidents": 7, "killed": 49, "injured": 75}


def test_by_attack_type_and_target_type(register: Store) -> None:
    assert table(register, "attack-type") == [("suicide-bombing", 3, 40, 62), ("bombing", 2, 5, 13),
                                              ("armed-assault", 1, 3, 0),
                                              ("targeted-killing", 1, 1, 0)]
    assert table(register, "target-type") == [
        ("civilians", 2, 32, 50), ("police", 2, 6, 10), ("security-forces", 2, 11, 12),
        ("religious-site", 1, 12, 20), ("transport", 1, 0, 3)]


def test_estimates_low_and_high(register: Store) -> None:
    assert table(register, "year", estimate="low") == [(2021, 5, 18, 33), (2022, 2, 27, 42)]
    assert table(register, "year", estimate="high") == [(2021, 5, 25, 33), (2022, 2, 29, 42)]


def test_status_scope(register: Store) -> None:
    assert table(register, "year", "status=any") == [(2021, 5, 21, 33), (2022, 4, 128, 44)]
    assert table(register, "year", "status=candidate") == [(2022, 1, 0, 2)]


def test_filters_combine(register: Store) -> None:
    assert table(register, "year", "province=Khyber Pakhtunkhwa", "perpetrator=TTP") == [
        (2021, 2, 6, 10), (2022, 1, 8, 12)]
    assert table(register, "province", "min-killed=10") == [("Khyber Pakhtunkhwa", 1, 12, 20),
                                                             ("Nangarhar", 1, 20, 30)]
    assert sum(r[1] for r in table(register, "year", "cross-border=yes")) == 4
    assert table(register, "year", "attack-type=Suicide bombing", "country=Afghanistan") == [
        (2022, 1, 20, 30)]
    assert table(register, "year", "target-type=police") == [(2021, 2, 6, 10)]
    assert table(register, "year", "province=PK-BA") == [(2021, 2, 3, 3)]


def test_unknown_tolls_are_noted(register: Store) -> None:
    result = stats.stats_by(register, "year", scope(register), visibility=ALL)
    assert result.notes == ["1 incident has no injured figure and counts as 0 injured"]


def test_visibility_hides_what_the_reader_may_not_read(register: Store) -> None:
    green = Visibility("v.tlp IN (?, ?)", ("clear", "green"), "green reader")
    assert table(register, "year", visibility=green) == [(2021, 5, 21, 33), (2022, 1, 8, 12)]
    cross = stats.cross_border_share(register, scope(register), visibility=green)
    assert cross.overall["incidents"] == 6


def test_compare_months(register: Store) -> None:
    result = stats.compare(register, "2021-09-01", 6, scope(register), visibility=ALL)
    assert result.as_json() == {
        "before": {"from": "2021-03-01", "to": "2021-08-31", "incidents": 3, "killed": 20,
                   "injured": 30},
        "after": {"from": "2021-09-01", "to": "2022-02-28", "incidents": 4, "killed": 29,
                  "injured": 45},
        "change_pct": {"incidents": 33.3, "killed": 45.0, "injured": 50.0}}
    assert result.notes == []


def test_compare_year_over_year(register: Store) -> None:
    result = stats.compare(register, "2022", 12, scope(register), visibility=ALL)
    assert result.before["incidents"] == 5 and result.after["incidents"] == 2
    assert result.change_pct == {"incidents": -60.0, "killed": 33.3, "injured": 27.3}


def test_compare_from_zero_is_null_and_explained(register: Store) -> None:
    result = stats.compare(register, "2021-03-01", 3, scope(register), visibility=ALL)
    assert result.before == {"from": "2020-12-01", "to": "2021-02-28", "incidents": 0,
                             "killed": 0, "injured": 0}
    assert result.change_pct == {"incidents": None, "killed": None, "injured": None}
    assert len(result.notes) == 3 and "period before had 0 incidents (1 after)" in result.notes[0]
    partly = stats.compare(register, "2022-01-01", 1, scope(register), visibility=ALL)
    assert partly.change_pct == {"incidents": 0.0, "killed": None, "injured": 300.0}
    assert [n.split(":")[0] for n in partly.notes] == ["killed"]


def test_compare_needs_a_month(register: Store) -> None:
    with pytest.raises(Invalid, match="at least 1 month"):
        stats.compare(register, "2022-01-01", 0, scope(register), visibility=ALL)


def test_cross_border_share_by_group(register: Store) -> None:
    result = stats.cross_border_share(register, scope(register), visibility=ALL)
    assert result.rows == [
        {"group": "Tehrik-i-Taliban Pakistan", "incidents": 4, "cross_border": 4,
         "not_recorded": 0, "share_pct": 100.0},
        {"group": "Baloch Liberation Army", "incidents": 2, "cross_border": 1, "not_recorded": 0,
         "share_pct": 50.0},
        {"group": "Islamic State Khorasan Province", "incidents": 2, "cross_border": 0,
         "not_recorded": 1, "share_pct": 0.0}]
    assert result.overall == {"group": "all incidents", "incidents": 7, "cross_border": 4,
                              "not_recorded": 1, "share_pct": 57.1}


def test_empty_register_gives_empty_tables(store: Store) -> None:
    assert table(store, "month") == []
    assert table(store, "year", date_from="2020", date_to="2021") == [(2020, 0, 0, 0),
                                                                      (2021, 0, 0, 0)]


def test_bad_requests_are_refused(register: Store) -> None:
    with pytest.raises(Invalid, match="--by 'colour'"):
        stats.stats_by(register, "colour", scope(register), visibility=ALL)
    with pytest.raises(Invalid, match="field 'shoe'"):
        scope(register, "shoe=brown")
    with pytest.raises(Invalid, match="not a date"):
        scope(register, date_from="yesterday")
    with pytest.raises(Invalid, match="is after"):
        scope(register, date_from="2022", date_to="2021")


def test_percent_change() -> None:
    assert stats.percent_change(0, 5) is None
    assert stats.percent_change(0, 0) is None
    assert stats.percent_change(3, 4) == 33.3
    assert stats.percent_change(4, 0) == -100.0


ROW_POLICY = Visibility("v.id IS NOT NULL AND v.seq > 0", (), "a policy testing rows")


def test_counts_table_and_projection_agree_after_edits_and_merges(register: Store) -> None:
    assert source(scope(register).flt, ALL, "month") is MONTHLY
    assert source(scope(register).flt, ALL, "day") is COUNTS
    assert source(scope(register, date_from="2021-03-10").flt, ALL, "month") is COUNTS
    assert source(scope(register, date_to="2021-03").flt, ALL, "year") is MONTHLY
    assert source(scope(register).flt, ALL, bounds=("2021-09-15",)) is COUNTS
    assert source(scope(register).flt, ALL, "perpetrator") is BY_VALUE["perpetrator"]
    assert source(scope(register, date_from="2021-03-10").flt, ALL, "target-type") is FLAT
    assert source(scope(register).flt, ROW_POLICY, "month") is FLAT
    assert source(scope(register, "perpetrator=TTP").flt, ALL, "month") is FLAT
    assert table(register, "year")[0] == (2021, 5, 21, 33)  # the counts are summed here
    edit_incident(register, fixture_id("2"), IncidentChanges(killed="7/9/11", province="Sindh",
                                                             occurred="2022-03-01"),
                  visibility=ALL)  # and brought up to date, day by day, from here on
    merge.merge_incidents(register, [fixture_id("1"), fixture_id("4")], visibility=ALL,
                          force=True)
    for by in ("day", "month", "quarter", "year", "province", "country", "status", "dataset",
               "perpetrator", "attack-type", "target-type"):
        for where in ((), ("status=any",), ("province=KP",)):
            for bounds in ({}, {"date_from": "2021-07", "date_to": "2022-01"},
                           {"date_from": "2021-07-02", "date_to": "2022-01-15"}):
                assert table(register, by, *where, **bounds) == table(
                    register, by, *where, visibility=ROW_POLICY, **bounds), (by, where, bounds)
    for split, months in (("2021-09-01", 6), ("2022-01-01", 1), ("2021-08-20", 5)):
        fast = stats.compare(register, split, months, scope(register), visibility=ALL)
        slow = stats.compare(register, split, months, scope(register), visibility=ROW_POLICY)
        assert fast.as_json() == slow.as_json()
    fast_table = stats.stats_by(register, "year", scope(register), visibility=ALL)
    slow_table = stats.stats_by(register, "year", scope(register), visibility=ROW_POLICY)
    assert fast_table.total == slow_table.total and fast_table.notes == slow_table.notes
