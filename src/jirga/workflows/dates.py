"""Dates of the cooperation mechanism: deadlines, relative deadlines and the dates of changes.

A deadline is a calendar date. People write relative deadlines the way agreements do ("within
3 months", "1 month", "6 weeks", "90 days"); jirga keeps them as ISO 8601 durations (`P3M`) next
to the date they count from, and adds them the calendar way: a month after 31 January is the
last day of February. `isodate` and `dateutil` would do the arithmetic, but parsing the
wording of agreements is the part that matters, and it is a dozen lines.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from jirga.errors import Invalid
from jirga.model import timestamps

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_DURATION_RE = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")
WORDS_RE = re.compile(
    r"^(?:within\s+)?(\d+)\s*(d|days?|w|weeks?|m|mo|months?|y|years?)$", re.IGNORECASE)
FIELD = {"d": "days", "w": "weeks", "m": "months", "y": "years"}
FUTURE_SKEW = timedelta(minutes=2)
ONE_MS = timedelta(milliseconds=1)


@dataclass(frozen=True)
class Duration:
    years: int = 0
    months: int = 0
    weeks: int = 0
    days: int = 0

    @property
    def iso(self) -> str:
        parts = [(self.years, "Y"), (self.months, "M"), (self.weeks, "W"), (self.days, "D")]
        text = "".join(f"{n}{u}" for n, u in parts if n)
        return "P" + (text or "0D")

    def after(self, start: date) -> date:
        """`start` plus this duration: years and months on the calendar, then weeks and days."""
        month_index = start.month - 1 + self.months + 12 * self.years
        year, month = start.year + month_index // 12, month_index % 12 + 1
        day = min(start.day, calendar.monthrange(year, month)[1])
        return date(year, month, day) + timedelta(weeks=self.weeks, days=self.days)


def parse_duration(text: str) -> Duration:
    """'P3M', 'within 3 months', '1 month', '6 weeks', '90d', '7d' → a Duration."""
    raw = text.strip()
    iso = ISO_DURATION_RE.match(raw.upper())
    if iso and raw.upper() != "P":
        years, months, weeks, days = (int(g or 0) for g in iso.groups())
        return Duration(years, months, weeks, days)
    words = WORDS_RE.match(raw)
    if words:
        count, unit = int(words.group(1)), words.group(2).lower()[0]
        return Duration(**{FIELD[unit]: count})
    raise Invalid(f"'{text}' is not a duration; write P3M, 'within 3 months', '6 weeks' or '90d'")


def is_relative(text: str) -> bool:
    return not DATE_RE.match(text.strip())


def parse_date(text: str, what: str = "date") -> date:
    """A calendar date written YYYY-MM-DD."""
    raw = text.strip()
    try:
        if DATE_RE.match(raw):
            return date.fromisoformat(raw)
    except ValueError:
        pass
    raise Invalid(f"{what} '{text}' is not a date; write it as YYYY-MM-DD, e.g. 2025-03-31")


def deadline_from(text: str, basis: date) -> tuple[date, str | None]:
    """A deadline written as a date or relative to `basis`: (date, ISO duration or None)."""
    if not is_relative(text):
        return parse_date(text, "deadline"), None
    duration = parse_duration(text)
    return duration.after(basis), duration.iso


def today() -> date:
    return datetime.now(UTC).date()


def day_of(stamp: str) -> date:
    return timestamps.parse(stamp).date()


def start_of(day: date) -> str:
    return f"{day.isoformat()}T00:00:00.000Z"


def end_key(day: date) -> str:
    """The version key just after `day` ends: versions before it existed as of `day`."""
    return timestamps.version_key(start_of(day + timedelta(days=1)))


def change_stamp(when: str | None, previous: str | None = None) -> str:
    """The `modified` of a change made `when` (a date or timestamp; None is now), after `previous`.

    Changes are append-only: one dated before the previous change of the same record, or in the
    future, is refused. A change on the same day as the previous one lands a millisecond after it.
    """
    moment = _moment(when)
    now = datetime.now(UTC)
    if moment > now + FUTURE_SKEW:
        raise Invalid(f"the date {when} is in the future; record a change on or after the day it "
                      "happens")
    if previous is not None:
        before = timestamps.parse(previous)
        dated_only = when is not None and DATE_RE.match(when.strip()) is not None
        if (moment.date() < before.date()) if dated_only else (moment < before):
            raise Invalid(f"the date {when or moment.date().isoformat()} is before the previous "
                          f"change on {before.date().isoformat()}; changes are append-only, so "
                          f"date this one on or after {before.date().isoformat()}")
        moment = max(moment, before + ONE_MS)
    return timestamps.format_ts(moment)


def _moment(when: str | None) -> datetime:
    if when is None or not when.strip():
        return datetime.now(UTC)
    raw = when.strip()
    if DATE_RE.match(raw):
        day = parse_date(raw)
        return datetime(day.year, day.month, day.day, tzinfo=UTC)
    try:
        return timestamps.parse(raw)
    except ValueError as exc:
        raise Invalid(f"'{when}' is not a date; write YYYY-MM-DD or 2025-03-31T10:00:00Z") from exc
