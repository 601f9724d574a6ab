"""Reading one cell: dates in the forms datasets use, tolls, coordinates, yes/no, vocabularies.

Each function raises `RowError` naming the column and the value, so the reader can refuse the
file with the line at fault.
"""

from __future__ import annotations

import re
from datetime import date

from jirga.incidents.places import fold
from jirga.incidents.records import RowError, Toll
from jirga.model import vocab

MONTHS = {name: i for i, name in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"), start=1)}
MONTHS.update({name[:3]: i for name, i in list(MONTHS.items())})
ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
YEAR = re.compile(r"^(\d{4})$")
DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[ -]([A-Za-z]+)[ ,-]*(\d{4})$")  # 26 March 2024
MONTH_DAY_YEAR = re.compile(r"^([A-Za-z]+) (\d{1,2}),? (\d{4})$")  # March 26, 2024
TRUE = frozenset({"1", "yes", "y", "true", "t"})
FALSE = frozenset({"0", "no", "n", "false", "f"})


def blank(text: str | None) -> bool:
    return text is None or not text.strip()


def parse_date(text: str, column: str) -> tuple[str, str]:
    """(YYYY-MM-DD, precision) from 2024-03-26, 2024-03-26 00:00:00, 2024-03, 2024,
    26 March 2024, 26-Mar-2024 or March 26, 2024."""
    raw = text.strip()
    try:
        if match := ISO_DAY.match(raw):
            return _day(*map(int, match.groups())), "day"
        if match := ISO_MONTH.match(raw):
            return _day(int(match.group(1)), int(match.group(2)), 1), "month"
        if match := YEAR.match(raw):
            return _day(int(raw), 1, 1), "year"
        if match := DAY_MONTH_YEAR.match(raw):
            return _day(int(match.group(3)), _month(match.group(2)), int(match.group(1))), "day"
        if match := MONTH_DAY_YEAR.match(raw):
            return _day(int(match.group(3)), _month(match.group(1)), int(match.group(2))), "day"
    except ValueError:
        pass
    raise RowError(f"{column} '{raw}' is not a date (use 2024-03-26)")


def _month(name: str) -> int:
    month = MONTHS.get(name.casefold())
    if month is None:
        raise ValueError(f"'{name}' is not a month")
    return month


def _day(year: int, month: int, day: int) -> str:
    return date(year, month, day).isoformat()


def date_from_parts(year: str, month: str, day: str, columns: str) -> tuple[str, str]:
    """GTD's iyear / imonth / iday, where a month or day of 0 means unknown."""
    try:
        y, m, d = int(year), int(month or 0), int(day or 0)
        if m == 0:
            return _day(y, 1, 1), "year"
        if d == 0:
            return _day(y, m, 1), "month"
        return _day(y, m, d), "day"
    except ValueError:
        raise RowError(f"{columns} '{year}-{month}-{day}' is not a date") from None


def parse_count(text: str | None, column: str) -> int | None:
    """A toll: a whole number ≥ 0 ("12" or "12.0"); empty means unknown."""
    if blank(text):
        return None
    assert text is not None
    raw = text.strip()
    try:
        number = float(raw)
    except ValueError:
        raise RowError(f"{column} '{raw}' is not a number") from None
    if number < 0:
        raise RowError(f"{column} is negative ({raw}); a toll is 0 or more, or empty if unknown")
    if number != int(number):
        raise RowError(f"{column} '{raw}' is not a whole number")
    return int(number)


def parse_toll(low: str | None, best: str | None, high: str | None, column: str) -> Toll | None:
    """low / best / high from up to three cells; one figure fills the others."""
    lo, be, hi = (parse_count(v, c) for v, c in ((low, f"{column}_low"), (best, column),
                                                    (high, f"{column}_high")))
    if be is None:
        be = lo if hi is None else hi if lo is None else None
        if be is None and lo is not None:
            raise RowError(f"{column} is empty but {column}_low and {column}_high are given")
    if be is None:
        return None
    lo = be if lo is None else lo
    hi = be if hi is None else hi
    if not lo <= be <= hi:
        raise RowError(f"{column} low {lo}, best {be}, high {hi} are not in order (low ≤ best ≤ high)")
    return lo, be, hi


def parse_float(text: str | None, column: str, limit: float) -> float | None:
    if blank(text):
        return None
    assert text is not None
    try:
        value = float(text.strip())
    except ValueError:
        raise RowError(f"{column} '{text.strip()}' is not a number") from None
    if not -limit <= value <= limit:
        raise RowError(f"{column} {value} is outside -{limit:g}..{limit:g}")
    return value


def parse_bool(text: str | None, column: str) -> bool | None:
    if blank(text):
        return None
    assert text is not None
    raw = text.strip().casefold()
    if raw in TRUE:
        return True
    if raw in FALSE:
        return False
    if raw in {"-9", "-99", "unknown"}:
        return None
    raise RowError(f"{column} '{text.strip()}' is not yes/no (use 1, 0 or leave it empty)")


def _by_key_or_label(table: dict[str, str]) -> dict[str, str]:
    return {**{fold(k): k for k in table}, **{fold(v): k for k, v in table.items()}}


_ATTACKS = _by_key_or_label(vocab.ATTACK_TYPES)
_TARGETS = _by_key_or_label(vocab.TARGET_TYPES)
_BASES = _by_key_or_label(vocab.PERPETRATOR_BASIS)
_STATUSES = _by_key_or_label(vocab.REVIEW_STATUS)


def vocabulary(text: str, column: str, kind: str) -> str:
    """A jirga vocabulary key from its key or its label (any case)."""
    table = {"attack type": _ATTACKS, "target type": _TARGETS, "basis": _BASES,
             "review status": _STATUSES}[kind]
    found = table.get(fold(text))
    if found is None:
        keys = sorted(set(table.values()))
        raise RowError(f"{column} '{text.strip()}' is not a jirga {kind}; use one of {', '.join(keys)}")
    return found
