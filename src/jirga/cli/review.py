"""The review queue: review list / show / accept / reject."""

from __future__ import annotations

from typing import Any

import typer
from rich.markup import escape
from rich.text import Text

from jirga.cli import context
from jirga.cli.output import json_out, note, out, table
from jirga.errors import Invalid
from jirga.model.tlp import parse_level
from jirga.review import edits, service
from jirga.store import Visibility
from jirga.trust.keyring import node_party_ref

LOCAL = Visibility.everything()
FIELD_ORDER = ("date", "place", "killed", "injured", "perpetrator", "attack_type", "target_type",
               "perpetrators_killed")


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="Review candidate incidents extracted from documents.",
                        no_args_is_help=True)
    group.command("list")(list_queue)
    group.command("show")(show)
    group.command("accept")(accept)
    group.command("reject")(reject)
    app.add_typer(group, name="review")


def list_queue(
    ctx: typer.Context,
    status: str = typer.Option("candidate", help="candidate, accepted, rejected or all."),
    background: bool = typer.Option(None, "--background/--no-background",
                                     help="Only background mentions, or only none of them."),
    limit: int = typer.Option(50, help="How many to show."),
    offset: int = typer.Option(0, help="Skip this many (for the next page)."),
    as_json: bool = typer.Option(False, "--json", help="Print the candidates as JSON."),
) -> None:
    """List candidates, oldest first (the queue awaiting review by default)."""
    cli = context.get(ctx)
    rows, total = service.queue(cli.store, visibility=LOCAL,
                                status=None if status == "all" else status,
                                background=background, limit=limit, offset=offset)
    if as_json:
        json_out([{"number": r.seq, "status": r.status, "document": r.document_seq,
                   "incident": r.incident_id, **r.data} for r in rows])
        return
    table(None, ["#", "date", "place", "province", "perpetrator", "killed", "injured", "type",
                 "bg", "conf", "status", "document"],
          [[r.seq, r.occurred, r.place, r.admin1, _perpetrator(r.data), r.killed, r.injured,
            r.attack_type, "yes" if r.background else "", f"{r.confidence:.2f}", r.status,
            f"{r.document_seq}: {(r.document_title or r.document_source)[:50]}"] for r in rows],
          caption=f"{len(rows)} of {total}")


def _perpetrator(data: dict[str, Any]) -> str:
    if not data.get("perpetrator"):
        return ""
    return f"{data['perpetrator']} ({data.get('perpetrator_basis')})"


def show(
    ctx: typer.Context,
    number: int = typer.Argument(..., help="The candidate's number (from `review list`)."),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """Show a candidate beside the sentences each value came from."""
    cli = context.get(ctx)
    view = service.show(cli.store, number, visibility=LOCAL)
    data = view.data
    if as_json:
        json_out({"number": view.row.seq, "status": view.row.status,
                  "incident": view.row.incident_id, "reason": view.row.reason,
                  "document": {"number": view.document.seq, "title": view.document.title,
                               "url": view.document.url, "source": view.document.source,
                               "published": view.document.published,
                               "report": view.document.id},
                  "copies": [c.seq for c in view.copies],
                  "registered_twins": view.registered,
                  "similar_candidates": [c.seq for c in view.similar], **data})
        return
    doc = view.document
    out.print(Text(f"candidate {view.row.seq} — {view.row.status}"
                   + (" — background mention" if data.get("background") else ""), style="bold"))
    out.print(f"document {doc.seq}: {doc.title or doc.source} ({doc.published or 'undated'}, "
              f"{doc.language or '?'}) {doc.url or doc.source}")
    if view.copies:
        out.print(f"also reported by: {', '.join(str(c.seq) for c in view.copies)}")
    table(None, ["field", "value", "confidence", "evidence (the words it came from in bold)"],
          _field_rows(data, doc.text or ""))
    if view.registered:
        note("possibly already registered: " + "; ".join(
            f"{r['id']} {r['name']} ({r['occurred']}, killed {r['killed_best']})"
            for r in view.registered))
    if view.similar:
        note("other candidates that may be the same attack: "
             + ", ".join(f"{c.seq} ({c.status})" for c in view.similar))
    if view.row.reason:
        note(f"reason: {view.row.reason}")


def _field_rows(data: dict[str, Any], text: str) -> list[list[Any]]:
    evidence: dict[str, list[dict[str, Any]]] = {}
    for item in data.get("evidence") or []:
        evidence.setdefault(item["field"], []).append(item)
    where = ", ".join(v for v in (data.get("place"), data.get("district"), data.get("admin1"),
                                  data.get("country")) if v)
    values = {"date": f"{data.get('date')} ({data.get('date_precision')})" if data.get("date")
              else None, "place": where or None, "killed": data.get("killed"),
              "injured": data.get("injured"), "perpetrator": _perpetrator(data) or None,
              "attack_type": data.get("attack_type"),
              "target_type": ", ".join(data.get("target_types") or []) or None,
              "perpetrators_killed": data.get("perpetrators_killed")}
    rows = []
    for name in FIELD_ORDER:
        found = evidence.get(name) or []
        best = found[0] if found else None
        if values[name] is None and best is None:
            continue
        rows.append([escape(name), escape(str(values[name])),
                     f"{best['confidence']:.2f}" if best else "",
                     _highlight(best, text) if best else ""])
    return rows


def _highlight(item: dict[str, Any], text: str) -> str:
    """The sentence (as Rich markup) with the words the value came from in bold."""
    sentence = str(item.get("sentence") or "")
    start, end = item.get("start"), item.get("end")
    span = text[start:end] if isinstance(start, int) and isinstance(end, int) else ""
    at = sentence.find(span) if span else -1
    if at < 0:
        return escape(sentence)
    return (escape(sentence[:at]) + "[bold yellow]" + escape(span) + "[/]"
            + escape(sentence[at + len(span):]))


def accept(
    ctx: typer.Context,
    number: int = typer.Argument(..., help="The candidate's number."),
    changes: list[str] = typer.Option([], "--set", metavar="FIELD=VALUE",
                                      help=f"Change a value first (repeatable). Fields: "
                                      f"{', '.join(edits.FIELDS)}."),
    tlp: str = typer.Option("clear", help="TLP of the incident and its relationships."),
) -> None:
    """Accept a candidate: write the incident, its location, groups, relationships and report."""
    cli = context.get(ctx)
    try:
        level = parse_level(tlp)
    except ValueError as exc:
        raise Invalid(str(exc)) from exc
    result = service.accept(cli.store, number, visibility=LOCAL,
                            changes=edits.parse_assignments(changes), level=level,
                            author_ref=node_party_ref(cli.store))
    written = ", ".join(f"{n} {t}" for t, n in sorted(result.objects.items()))
    note(f"candidate {number} accepted as {result.incident_id} ({written})")
    print(result.incident_id)


def reject(
    ctx: typer.Context,
    number: int = typer.Argument(..., help="The candidate's number."),
    reason: str = typer.Option(None, help="Why (kept with the candidate)."),
) -> None:
    """Reject a candidate (it stays in the store, marked rejected, with the reason)."""
    cli = context.get(ctx)
    service.reject(cli.store, number, visibility=LOCAL, reason=reason)
    note(f"candidate {number} rejected" + (f": {reason}" if reason else ""))
