"""The scorecard as rows a page or a briefing prints: a label, whether it is a sub-figure, and
one value per party (the CLI prints the same figures as a Rich table)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jirga.model import tlp
from jirga.workflows.scorecard import PartyScore, Scorecard

Row = tuple[str, bool, list[Any]]


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:g} %"


def _days(value: float | None) -> str:
    return "–" if value is None else f"{value:g}"


FIGURES: tuple[tuple[str, bool, Callable[[PartyScore], Any]], ...] = (
    ("Requests received", False, lambda p: p.requests.received),
    ("answered", True, lambda p: p.requests.answered),
    ("answered on time", True, lambda p: p.requests.answered_on_time),
    ("on time", True, lambda p: _pct(p.requests.on_time_pct)),
    ("median days to answer", True, lambda p: _days(p.requests.median_days_to_answer)),
    ("declined", True, lambda p: p.requests.declined),
    ("open / overdue", True, lambda p: f"{p.requests.open} / {p.requests.overdue}"),
    ("Requests sent", False, lambda p: p.requests.sent),
    ("Commitments due", False, lambda p: p.commitments.due),
    ("met (on time)", True, lambda p: f"{p.commitments.met} ({p.commitments.met_on_time})"),
    ("overdue", True, lambda p: p.commitments.overdue),
    ("not yet due", True, lambda p: p.commitments.not_yet_due),
    ("dropped / superseded", True, lambda p: p.commitments.dropped_or_superseded),
    ("status now (none / min / int / full)", True,
     lambda p: " / ".join(str(n) for n in p.commitments.status.values())),
    ("progress (+ / - / =, levels)", True,
     lambda p: f"{p.commitments.advanced} / {p.commitments.regressed} / "
               f"{p.commitments.unchanged}, {p.commitments.levels_gained:+d}"),
)


def scorecard_rows(card: Scorecard) -> list[Row]:
    rows: list[Row] = [(label, sub, [get(p) for p in card.parties]) for label, sub, get in FIGURES]
    rows += [(f"Shared TLP:{level.upper()}", False,
              [p.shared_by_tlp.get(level, 0) for p in card.parties]) for level in tlp.LEVELS]
    rows.append(("Open disputes raised", False, [p.disputes_raised_open for p in card.parties]))
    rows.append(("Open disputes against", False, [p.disputes_against_open for p in card.parties]))
    return rows
