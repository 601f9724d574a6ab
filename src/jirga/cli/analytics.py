"""`jirga stats …` and `jirga chart …`: figures from the register, each with its scope."""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import Any

import typer

from jirga.analytics import stats
from jirga.analytics.scope import Scope
from jirga.cli import context
from jirga.cli.incidents import WHERE_HELP, build_filter, where_terms
from jirga.cli.output import json_out, note, table
from jirga.errors import Invalid
from jirga.store import Visibility

LOCAL = Visibility.everything()
FORMATS = ("table", "csv", "json")
STATUS_HELP = ("Review statuses counted (repeatable; 'any' for all). Default: accepted, "
               "unless --where status=… says otherwise.")


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="Counts and tolls by period or dimension, period comparisons, the "
                             "cross-border share by group.", invoke_without_command=True)
    group.callback()(stats_by)
    group.command("compare")(compare)
    group.command("cross-border")(cross_border)
    app.add_typer(group, name="stats")
    app.command("chart")(chart)


def _scope(ctx: typer.Context, where: list[str], date_from: str | None, date_to: str | None,
           estimate: str, status: list[str]) -> Scope:
    cli = context.get(ctx)
    terms = where_terms(where, status=status)
    flt = build_filter(cli.store, terms, date_from, date_to, estimate=estimate,
                       default_status=("accepted",))
    return Scope(flt, LOCAL.label, terms)


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise Invalid(f"--format '{fmt}' is not one of {', '.join(FORMATS)}")


def _csv(rows: list[dict[str, Any]]) -> None:
    if rows:
        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _notes_out(scope: Scope, notes: list[str]) -> None:
    """Scope and notes on stderr, beside CSV or JSON data on stdout."""
    note(scope.describe())
    for line in notes:
        note(f"note: {line}")


def stats_by(
    ctx: typer.Context,
    by: str = typer.Option("month", "--by", help="day, week, month, quarter, year, province, "
                           "perpetrator, attack-type, target-type (also country, district, "
                           "dataset, status, cross-border)."),
    where: list[str] = typer.Option([], "--where", "-w", help=WHERE_HELP),
    date_from: str = typer.Option(None, "--from", help="On or after (2024, 2024-03, 2024-03-26)."),
    date_to: str = typer.Option(None, "--to", help="On or before (2024-03 means to its last day)."),
    estimate: str = typer.Option("best", "--estimate", help="low, best or high."),
    status: list[str] = typer.Option([], "--status", help=STATUS_HELP),
    fmt: str = typer.Option("table", "--format", help="table, csv or json."),
) -> None:
    """Incidents, killed and injured by period or dimension (default: by month)."""
    if ctx.invoked_subcommand is not None:
        return
    _check_format(fmt)
    scope = _scope(ctx, where, date_from, date_to, estimate, status)
    result = stats.stats_by(context.get(ctx).store, by, scope, visibility=LOCAL)
    if fmt == "json":
        json_out(result.as_json())
    elif fmt == "csv":
        _csv(result.as_json())
    if fmt != "table":
        _notes_out(scope, result.notes)
        return
    rows = [[r["key"], r["incidents"], r["killed"], r["injured"]] for r in result.rows]
    rows.append(["total", *(result.total[m] for m in stats.MEASURES)])
    table(f"Incidents by {by}", [by, "incidents", "killed", "injured"], rows,
          caption="\n".join([scope.describe(), *(f"Note: {n}" for n in result.notes)]))


def compare(
    ctx: typer.Context,
    split: str = typer.Option(..., "--split", help="First day of the 'after' period "
                              "(2021-09-01; 2021-09 means its first day)."),
    months: int = typer.Option(None, "--months", help="Months on each side of the split."),
    years: int = typer.Option(None, "--years", help="Years on each side (year over year)."),
    where: list[str] = typer.Option([], "--where", "-w", help=WHERE_HELP),
    date_from: str = typer.Option(None, "--from", help="Also only on or after this date."),
    date_to: str = typer.Option(None, "--to", help="Also only on or before this date."),
    estimate: str = typer.Option("best", "--estimate", help="low, best or high."),
    status: list[str] = typer.Option([], "--status", help=STATUS_HELP),
    fmt: str = typer.Option("table", "--format", help="table, csv or json."),
) -> None:
    """The N months (or years) before a date against the N from it, with percent changes."""
    _check_format(fmt)
    if (months is None) == (years is None):
        raise Invalid("give --months N or --years N (one of them)")
    span = months if months is not None else years * 12
    scope = _scope(ctx, where, date_from, date_to, estimate, status)
    result = stats.compare(context.get(ctx).store, split, span, scope, visibility=LOCAL)
    if fmt == "json":
        json_out(result.as_json())
    elif fmt == "csv":
        _csv([{"period": name, **values} for name, values in
              (("before", result.before), ("after", result.after))] +
             [{"period": "change_pct", "from": None, "to": None, **result.change_pct}])
    if fmt != "table":
        _notes_out(scope, result.notes)
        return
    rows = [[name, f"{w['from']} to {w['to']}", *(w[m] for m in stats.MEASURES)]
            for name, w in (("before", result.before), ("after", result.after))]
    rows.append(["change", "", *(_pct(result.change_pct[m]) for m in stats.MEASURES)])
    table("Period comparison", ["period", "dates", *stats.MEASURES], rows,
          caption="\n".join([scope.describe(), *(f"Note: {n}" for n in result.notes)]))


def _pct(value: float | None) -> str:
    return "n/a (from 0)" if value is None else f"{value:+.1f}%"


def cross_border(
    ctx: typer.Context,
    where: list[str] = typer.Option([], "--where", "-w", help=WHERE_HELP),
    date_from: str = typer.Option(None, "--from", help="On or after this date."),
    date_to: str = typer.Option(None, "--to", help="On or before this date."),
    status: list[str] = typer.Option([], "--status", help=STATUS_HELP),
    fmt: str = typer.Option("table", "--format", help="table, csv or json."),
) -> None:
    """The share of incidents with a cross-border nexus, by group."""
    _check_format(fmt)
    scope = _scope(ctx, where, date_from, date_to, "best", status)
    result = stats.cross_border_share(context.get(ctx).store, scope, visibility=LOCAL)
    data = [*result.rows, result.overall]
    if fmt == "json":
        json_out(data)
    elif fmt == "csv":
        _csv(data)
    if fmt != "table":
        _notes_out(scope, result.notes)
        return
    columns = ["group", "incidents", "cross_border", "not_recorded", "share_pct"]
    table("Cross-border nexus by group", columns,
          [[r[c] if c != "share_pct" or r[c] is None else f"{r[c]:.1f}%" for c in columns]
           for r in data],
          caption="\n".join([scope.describe(), *(f"Note: {n}" for n in result.notes)]))


def chart(
    ctx: typer.Context,
    kind: str = typer.Argument(..., help="monthly, by-province or by-group."),
    output: Path = typer.Option(..., "--output", "-o", help="FILE.svg or FILE.png."),
    measure: str = typer.Option("incidents", help="incidents, killed or injured (monthly: a "
                                "line over the incident bars)."),
    where: list[str] = typer.Option([], "--where", "-w", help=WHERE_HELP),
    date_from: str = typer.Option(None, "--from", help="On or after this date."),
    date_to: str = typer.Option(None, "--to", help="On or before this date."),
    estimate: str = typer.Option("best", "--estimate", help="low, best or high."),
    status: list[str] = typer.Option([], "--status", help=STATUS_HELP),
    top: int = typer.Option(20, help="Bars in a ranked chart (by-province, by-group)."),
) -> None:
    """Draw a chart for a briefing (SVG or PNG; the scope is its subtitle)."""
    from jirga.analytics import charts  # altair takes half a second to import: only here

    scope = _scope(ctx, where, date_from, date_to, estimate, status)
    charts.draw_chart(context.get(ctx).store, kind, scope, output, visibility=LOCAL,
                      measure=measure, top=top)
    note(f"wrote {output}")
