"""Measuring cooperation: `jirga scorecard`, `jirga overdue`, `jirga reminders`.

Each is computed as of a date (default today, always printed), from the changes dated up to
that day, so the figures for a past date do not move.
"""

from __future__ import annotations

from typing import Any

import typer

from jirga.cli import context
from jirga.cli.cooperation import short
from jirga.cli.output import json_out, note, table
from jirga.errors import Invalid
from jirga.model import tlp
from jirga.store import Visibility
from jirga.workflows import dates, reminders
from jirga.workflows import scorecard as scoring

AS_OF = typer.Option(None, "--as-of", help="Compute as of this day, YYYY-MM-DD [default: today].")
PARTY = typer.Option(None, "--party", help="Only this party (its code).")


def register(app: typer.Typer) -> None:
    app.command("scorecard")(scorecard)
    app.command("overdue")(overdue)
    app.command("reminders")(reminders_command)


def _as_of(value: str | None) -> str:
    return value or dates.today().isoformat()


def scorecard(
    ctx: typer.Context,
    as_of: str = AS_OF,
    since: str = typer.Option(None, "--from", help="Start of the period [default: all time]."),
    party: str = PARTY,
    fmt: str = typer.Option("table", "--format", help="table or json."),
) -> None:
    """Cooperation scorecard per party: requests, commitments, sharing, disputes."""
    if fmt not in ("table", "json"):
        raise Invalid(f"--format '{fmt}' is not known; use table or json")
    cli = context.get(ctx)
    card = scoring.scorecard(cli.store, Visibility.everything(), as_of=_as_of(as_of),
                             since=since, party=party, default_tlp=cli.settings.default_tlp)
    if fmt == "json":
        json_out(card.as_dict())
        return
    period = f"{card.since} to {card.as_of}" if card.since else f"all time to {card.as_of}"
    table(f"Cooperation scorecard, {period}", ["", *(p.party for p in card.parties)],
          _rows(card.parties), caption="Changes dated after the as-of day are not counted.")


def _rows(parties: list[scoring.PartyScore]) -> list[list[Any]]:
    def line(label: str, get: Any) -> list[Any]:
        return [label, *(get(p) for p in parties)]

    def pct(value: float | None) -> str:
        return "–" if value is None else f"{value:g} %"

    def days(value: float | None) -> str:
        return "–" if value is None else f"{value:g}"

    rows = [
        line("requests received", lambda p: p.requests.received),
        line("  answered", lambda p: p.requests.answered),
        line("  answered on time", lambda p: p.requests.answered_on_time),
        line("  on time %", lambda p: pct(p.requests.on_time_pct)),
        line("  median days to answer", lambda p: days(p.requests.median_days_to_answer)),
        line("  declined", lambda p: p.requests.declined),
        line("  open / overdue", lambda p: f"{p.requests.open} / {p.requests.overdue}"),
        line("requests sent", lambda p: p.requests.sent),
        line("commitments due", lambda p: p.commitments.due),
        line("  met (on time)", lambda p: f"{p.commitments.met} ({p.commitments.met_on_time})"),
        line("  overdue", lambda p: p.commitments.overdue),
        line("  not yet due", lambda p: p.commitments.not_yet_due),
        line("  dropped / superseded", lambda p: p.commitments.dropped_or_superseded),
        line("status now (none/min/int/full)",
             lambda p: "/".join(str(n) for n in p.commitments.status.values())),
        line("status progress (+/-/=)", lambda p: f"{p.commitments.advanced}/"
             f"{p.commitments.regressed}/{p.commitments.unchanged}, "
             f"{p.commitments.levels_gained:+d} levels"),
    ]
    rows += [line(f"shared TLP:{level.upper()}", lambda p, lv=level: p.shared_by_tlp[lv])
             for level in tlp.LEVELS]
    rows += [line("open disputes raised", lambda p: p.disputes_raised_open),
             line("open disputes against", lambda p: p.disputes_against_open)]
    return rows


def _items(items: list[reminders.Item], as_json: bool, title: str, days_label: str) -> None:
    if as_json:
        json_out([i.as_dict() for i in items])
        return
    if not items:
        note(f"{title}: nothing")
        return
    table(title, ["kind", "id", "deadline", days_label, "state", "owed by", "name", "dispute"],
          [[i.kind, short(i.id), i.deadline, i.days, i.state, "+".join(i.owed_by), i.name,
            "disputed" if i.disputed else ""] for i in items])


def overdue(ctx: typer.Context, as_of: str = AS_OF, party: str = PARTY,
            as_json: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """Open requests and unmet commitments past their deadline."""
    day = _as_of(as_of)
    items = reminders.overdue(context.get(ctx).store, Visibility.everything(), as_of=day,
                              party=party)
    _items(items, as_json, f"Overdue as of {day}", "days late")


def reminders_command(
    ctx: typer.Context, as_of: str = AS_OF, party: str = PARTY,
    within: str = typer.Option("7d", "--within", help="How far ahead: 7d, 2w, 1 month."),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """Open requests and commitments whose deadline is near."""
    day = _as_of(as_of)
    items = reminders.reminders(context.get(ctx).store, Visibility.everything(), as_of=day,
                                within=within, party=party)
    _items(items, as_json, f"Due within {within} of {day}", "days left")
