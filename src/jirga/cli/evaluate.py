"""Measuring jirga against labelled data: eval extraction."""

from __future__ import annotations

from pathlib import Path

import typer

from jirga.cli.output import json_out, note, table
from jirga.ingest.evaluation import evaluate


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="Measure jirga against labelled data.", no_args_is_help=True)
    group.command("extraction")(extraction)
    app.add_typer(group, name="eval")


def extraction(
    gold: Path = typer.Argument(..., help="Labelled reports, JSON Lines: text or path, "
                                "published, incidents [{date, admin1, killed, …}]."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
    errors: bool = typer.Option(False, "--errors", help="List every disagreement as well."),
) -> None:
    """Per-field accuracy of incident extraction on a labelled set of reports."""
    report = evaluate(gold)
    if as_json:
        json_out(report.as_dict())
        return
    table(f"extraction on {gold.name}: {report.reports} reports, {report.gold_incidents} "
          f"labelled incidents", ["field", "accuracy", "correct", "of"],
          [[name, f"{score.accuracy:.3f}", score.correct, score.total]
           for name, score in report.fields.items()])
    table(None, ["measure", "value"], [
        ["incidents found (recall)", f"{report.recall:.3f} ({report.matched}/"
                                     f"{report.gold_incidents})"],
        ["extracted that are real (precision)", f"{report.precision:.3f} ({report.matched}/"
                                                f"{report.predicted_incidents})"],
        ["non-incident reports with no incident", f"{report.non_incident_accuracy:.3f} "
         f"({report.non_incident_clean}/{report.non_incident_reports})"]])
    if errors:
        for m in report.mismatches:
            note(f"{m.report}: {m.field}: expected {m.gold!r}, got {m.predicted!r}")
