"""Dates in news text, resolved against the publication date, with their precision.

News dates an attack relative to when it was published: "on Sunday", "late last night",
"earlier this month", "two days ago". Each expression becomes a date and a precision (day,
month or year): weekdays are the latest such day on or before publication, "last month" is a
month, "in 2014" a year. Written as regular expressions rather than with dateparser because
dateparser reads one string at a time and costs a millisecond a call; here a whole sentence
costs microseconds. dateparser still reads publication dates in document metadata.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from jirga.extract.numbers import TENS, UNITS

MONTHS = {"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
          "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
          "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
          "sept": 9, "oct": 10, "nov": 11, "dec": 12}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
            "saturday": 5, "sunday": 6}
MONTH = (r"(?P<month>January|February|March|April|May|June|July|August|September|October|"
         r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?")
MONTH2 = MONTH.replace("?P<month>", "?P<month2>")
DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
YEAR = r"(?P<year>(?:19|20)\d\d)"
SMALL = "|".join([*UNITS, *TENS, "a", "an"])

# (pattern, kind) in priority order; kinds are resolved by `_resolve`.
PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"\b{YEAR}-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b"), "iso"),
    (re.compile(rf"\b{DAY}\s*/\s*[0-3]?\d\s+{MONTH},?\s+{YEAR}\b"), "dmy"),
    (re.compile(rf"\b{DAY}(?:\s+of)?\s+{MONTH},?\s+{YEAR}\b"), "dmy"),
    (re.compile(rf"\b{MONTH}\s+{DAY},?\s+{YEAR}\b"), "mdy"),
    (re.compile(r"\b(?P<day>[0-3]?\d)[/.](?P<mnum>[01]?\d)[/.](?P<year>(?:19|20)\d\d)\b"), "num"),
    (re.compile(rf"\b{DAY}(?:\s+of)?\s+{MONTH}(?![\w-])"), "dm"),
    (re.compile(rf"\b{MONTH}\s+{DAY}(?![\d:])\b"), "md"),
    (re.compile(rf"\b{MONTH}(?:\s+of)?,?\s+{YEAR}\b"), "my"),
    (re.compile(rf"\b(?:in|during|since|until|by|early|late|mid|mid-|last|this|of|from)\s+"
                rf"{MONTH}\b(?!\s*\d)"), "m"),
    (re.compile(r"(?i)\b(?P<rel>the\s+day\s+before\s+yesterday|yesterday|last\s+night|"
                r"late\s+last\s+night|earlier\s+today|today|this\s+morning|this\s+afternoon|"
                r"this\s+evening|tonight|overnight|earlier\s+this\s+week|last\s+week|"
                r"earlier\s+this\s+month|this\s+month|last\s+month|earlier\s+this\s+year|"
                r"this\s+year|last\s+year|a\s+day\s+earlier|the\s+previous\s+day|"
                r"the\s+day\s+before)\b"), "rel"),
    (re.compile(rf"(?i)\b(?P<n>\d+|{SMALL})\s+(?P<unit>day|days|week|weeks|month|months|year|years)"
                r"\s+(?P<dir>ago|earlier|before)\b"), "ago"),
    (re.compile(r"\b(?:(?P<last>last|this\s+past|past)\s+)?(?P<weekday>Monday|Tuesday|"
                r"Wednesday|Thursday|Friday|Saturday|Sunday)\b"), "weekday"),
    (re.compile(rf"\b(?:in|during|since|of|year)\s+(?:the\s+year\s+)?{YEAR}\b(?![-/])"), "y"),
    (re.compile(rf"\b(?:the|a|its|their)\s+{YEAR}\s+(?!-)"), "y"),
)


@dataclass(frozen=True, slots=True)
class DateMention:
    value: date
    precision: str  # day | month | year
    start: int  # document offsets
    end: int
    text: str
    relative: bool  # resolved against the publication date
    ago_days: int | None = None  # for "comes N days after": how far before its anchor


DIGIT_RE = re.compile(r"\d")
WORDS_RE = re.compile(r"[a-z]+")


MONTH_WORDS = frozenset(MONTHS)
WEEKDAY_WORDS = frozenset(WEEKDAYS)
REL_WORDS = frozenset(["yesterday", "night", "today", "morning", "afternoon", "evening", "tonight",
                       "overnight", "week", "month", "year", "earlier", "previous", "day"])
AGO_WORDS = frozenset(["ago", "earlier", "before"])
DIGIT_SEP_RE = re.compile(r"\d[/.-]\d")
YEAR_TOKEN_RE = re.compile(r"\b(?:19|20)\d\d\b")
# Which words a pattern kind needs before it is worth running (set look-ups are cheap).
NEEDS = {"iso": "sep", "num": "sep", "dmy": MONTH_WORDS, "mdy": MONTH_WORDS, "dm": MONTH_WORDS,
         "md": MONTH_WORDS, "my": MONTH_WORDS, "m": MONTH_WORDS, "rel": REL_WORDS,
         "ago": AGO_WORDS, "weekday": WEEKDAY_WORDS, "y": "year"}


def find_dates(text: str, start: int, published: date | None) -> list[DateMention]:
    """Dates in one sentence (folded text at document offset `start`), in text order."""
    words = set(WORDS_RE.findall(text.lower()))
    has_sep = DIGIT_SEP_RE.search(text) is not None
    has_year = YEAR_TOKEN_RE.search(text) is not None
    taken: list[tuple[int, int]] = []
    out: list[DateMention] = []
    for pattern, kind in PATTERNS:
        need = NEEDS[kind]
        if (need == "sep" and not has_sep) or (need == "year" and not has_year) or (
                isinstance(need, frozenset) and need.isdisjoint(words)):
            continue
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            resolved = _resolve(kind, m, published)
            if resolved is None:
                continue
            value, precision, relative, ago = resolved
            taken.append((m.start(), m.end()))
            out.append(DateMention(value, precision, start + m.start(), start + m.end(),
                                   m.group(), relative, ago))
    return sorted(out, key=lambda d: d.start)


def _resolve(kind: str, m: re.Match[str], pub: date | None
             ) -> tuple[date, str, bool, int | None] | None:
    groups = m.groupdict()
    if kind in {"iso", "dmy", "mdy", "num"}:
        month = int(groups["mnum"]) if groups.get("mnum") else MONTHS[groups["month"].lower()]
        day = int(groups["day"])
        if kind == "num" and month > 12 >= day:
            day, month = month, day
        return _day(int(groups["year"]), month, day, False)
    if kind in {"dm", "md"}:
        if pub is None:
            return None
        month, day = MONTHS[groups["month"].lower()], int(groups["day"])
        year = pub.year if (month, day) <= (pub.month, pub.day + 1) else pub.year - 1
        return _day(year, month, day, True)
    if kind == "my":
        return date(int(groups["year"]), MONTHS[groups["month"].lower()], 1), "month", False, None
    if kind == "m":
        if pub is None:
            return None
        month = MONTHS[groups["month"].lower()]
        year = pub.year if month <= pub.month else pub.year - 1
        return date(year, month, 1), "month", True, None
    if kind == "y":
        return date(int(groups["year"]), 1, 1), "year", False, None
    if pub is None:
        return None
    if kind == "rel":
        return _relative(groups["rel"].lower(), pub)
    if kind == "ago":
        return _ago(groups["n"].lower(), groups["unit"].lower(), groups["dir"].lower(), pub)
    return _weekday(groups["weekday"].lower(), bool(groups.get("last")), pub)


def _day(year: int, month: int, day: int, relative: bool
         ) -> tuple[date, str, bool, int | None] | None:
    try:
        return date(year, month, day), "day", relative, None
    except ValueError:
        return None


def _relative(rel: str, pub: date) -> tuple[date, str, bool, int | None] | None:
    rel = " ".join(rel.split())
    if rel in {"today", "this morning", "this afternoon", "this evening", "tonight",
               "earlier today"}:
        return pub, "day", True, None
    if rel == "the day before yesterday":
        return pub - timedelta(days=2), "day", True, None
    if rel in {"yesterday", "last night", "late last night", "overnight"}:
        return pub - timedelta(days=1), "day", True, None
    if rel in {"a day earlier", "the previous day", "the day before"}:
        return pub - timedelta(days=1), "day", True, 1
    if rel in {"earlier this week", "last week"}:
        back = pub - timedelta(days=7 if rel == "last week" else 2)
        return date(back.year, back.month, 1), "month", True, None
    if rel in {"this month", "this year"}:
        return None  # a period ("the third attack this month"), not when an attack happened
    if rel == "earlier this month":
        return date(pub.year, pub.month, 1), "month", True, None
    if rel == "last month":
        prev = date(pub.year, pub.month, 1) - timedelta(days=1)
        return date(prev.year, prev.month, 1), "month", True, None
    if rel == "earlier this year":
        return date(pub.year, 1, 1), "year", True, None
    return date(pub.year - 1, 1, 1), "year", True, None  # last year


def _ago(n: str, unit: str, direction: str, pub: date) -> tuple[date, str, bool, int | None]:
    count = int(n) if n.isdigit() else {**UNITS, **TENS, "a": 1, "an": 1}[n]
    days = {"day": 1, "week": 7, "month": 30, "year": 365}[unit.rstrip("s")] * count
    value = pub - timedelta(days=days)
    anchored = direction != "ago"
    if unit.startswith("day") or unit.startswith("week"):
        return value, "day", True, days if anchored else None
    if unit.startswith("month"):
        return date(value.year, value.month, 1), "month", True, days if anchored else None
    return date(value.year, 1, 1), "year", True, days if anchored else None


def _weekday(name: str, last: bool, pub: date) -> tuple[date, str, bool, int | None]:
    back = (pub.weekday() - WEEKDAYS[name]) % 7
    if last and back < 2:  # "last Friday" is not yesterday: that would be "on Friday"
        back += 7
    return pub - timedelta(days=back), "day", True, None

