"""Deadlines as agreements write them, and the dates changes may carry."""

from __future__ import annotations

from datetime import date

import pytest

from jirga.errors import Invalid
from jirga.workflows import dates


@pytest.mark.parametrize(("text", "iso"), [
    ("within 3 months", "P3M"), ("1 month", "P1M"), ("6 weeks", "P6W"), ("90 days", "P90D"),
    ("7d", "P7D"), ("2w", "P2W"), ("Within 1 Year", "P1Y"), ("P1Y2M10D", "P1Y2M10D"),
    ("p3m", "P3M"),
])
def test_durations_are_read_as_people_write_them(text: str, iso: str) -> None:
    assert dates.parse_duration(text).iso == iso


@pytest.mark.parametrize("text", ["soon", "P", "3 fortnights", "-1 month", ""])
def test_unreadable_durations_are_refused(text: str) -> None:
    with pytest.raises(Invalid, match="is not a duration"):
        dates.parse_duration(text)


@pytest.mark.parametrize(("start", "text", "due"), [
    ("2025-01-15", "within 3 months", "2025-04-15"),
    ("2025-01-31", "1 month", "2025-02-28"),  # the last day of a shorter month
    ("2024-01-31", "1 month", "2024-02-29"),
    ("2025-11-30", "3 months", "2026-02-28"),
    ("2025-01-15", "P1Y2M10D", "2026-03-25"),
    ("2025-06-01", "within 3 weeks", "2025-06-22"),
    ("2025-01-15", "2025-06-30", "2025-06-30"),
])
def test_deadlines_count_on_the_calendar(start: str, text: str, due: str) -> None:
    day, rule = dates.deadline_from(text, date.fromisoformat(start))
    assert day.isoformat() == due
    assert (rule is None) == (text == "2025-06-30")


def test_change_dates_are_append_only_and_never_in_the_future() -> None:
    assert dates.change_stamp("2025-03-10") == "2025-03-10T00:00:00.000Z"
    assert dates.change_stamp("2025-03-10", "2025-03-10T15:00:00.000Z") == "2025-03-10T15:00:00.001Z"
    assert dates.change_stamp("2025-03-11", "2025-03-10T15:00:00.000Z") == "2025-03-11T00:00:00.000Z"
    with pytest.raises(Invalid, match="before the previous change on 2025-03-10"):
        dates.change_stamp("2025-03-09", "2025-03-10T15:00:00.000Z")
    with pytest.raises(Invalid, match="before the previous change"):
        dates.change_stamp("2025-03-10T14:00:00Z", "2025-03-10T15:00:00.000Z")
    with pytest.raises(Invalid, match="in the future"):
        dates.change_stamp("2999-01-01")
    with pytest.raises(Invalid, match="is not a date"):
        dates.change_stamp("10 March")
