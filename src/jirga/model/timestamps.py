"""STIX timestamps (STIX 2.1 §3.2): RFC 3339, UTC, `Z`, at least millisecond precision on write.

Versions are ordered by a normalised key (`version_key`): the same instant written with three or
six fractional digits must compare equal, and string comparison must follow time.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

TIMESTAMP_RE = re.compile(
    r"^[0-9]{4}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):([0-5][0-9]):"
    r"([0-5][0-9]|60)(\.[0-9]+)?Z$"
)


def is_timestamp(value: object) -> bool:
    return isinstance(value, str) and TIMESTAMP_RE.match(value) is not None


def format_ts(moment: datetime, digits: int = 3) -> str:
    """A STIX timestamp of `moment` (converted to UTC) with `digits` fractional digits."""
    moment = moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    base = moment.strftime("%Y-%m-%dT%H:%M:%S")
    frac = f"{moment.microsecond:06d}"[:digits]
    return f"{base}.{frac}Z" if digits else f"{base}Z"


def now(digits: int = 3) -> str:
    return format_ts(datetime.now(UTC), digits)


def version_key(timestamp: str | None) -> str:
    """`2016-05-12T08:17:27.1Z` → `2016-05-12T08:17:27.100000000Z`; None (no version) → ``."""
    if not timestamp:
        return ""
    head, _, frac = timestamp[:-1].partition(".")
    return f"{head}.{(frac + '000000000')[:9]}Z"


def parse(timestamp: str) -> datetime:
    """A timezone-aware datetime (microsecond precision) from a STIX or ISO 8601 timestamp."""
    text = timestamp.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    head, dot, rest = text.partition(".")
    if dot:
        digits = re.match(r"\d*", rest).group(0)  # type: ignore[union-attr]
        text = f"{head}.{(digits + '000000')[:6]}{rest[len(digits):]}"
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def normalise(timestamp: str) -> str:
    """Any ISO 8601 timestamp or date (as users type them) → a version key to filter on."""
    text = timestamp.strip()
    if len(text) == 10:
        text += "T00:00:00Z"
    try:
        return version_key(format_ts(parse(text), 6))
    except ValueError as exc:
        raise ValueError(f"'{timestamp}' is not a date or timestamp (use 2024-03-26 or "
                         "2024-03-26T08:00:00Z)") from exc
