"""The cooperation mechanism: `jirga agreement|commitment|meeting|request|dispute …`.

Every change names the user making it with `--as USER` (or `JIRGA_AS`): the CLI runs on the
node, whose operator may act for any of its users, and the change records that user and party.
`--date` is the day the change happened (default today); changes dated before a record's
previous change, or in the future, are refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import typer

from jirga.cli import context
from jirga.cli.output import json_out, note, out, table, warn
from jirga.errors import Invalid
from jirga.model.vocab import MEETING_MECHANISMS, REQUEST_ASKS
from jirga.store import Store, Visibility
from jirga.workflows import actors, agreements, commitments, disputes, meetings, requests, views
from jirga.workflows.commitments import CommitmentSpec, Document

AS = typer.Option(None, "--as", envvar="JIRGA_AS", show_envvar=True,
                  help="The user making the change (recorded with it).")
DATE = typer.Option(None, "--date", help="Day the change happened, YYYY-MM-DD [default: today].")
JSON = typer.Option(False, "--json", help="Print as JSON.")
TLP = typer.Option("amber", "--tlp", help="TLP 2.0 level: clear, green, amber, amber+strict, red.")
EVIDENCE = typer.Option(None, "--evidence", help="Id of a stored object that evidences it.")
DOCUMENT = typer.Option(None, "--document", help="Title of a document cited as evidence.")
URL = typer.Option(None, "--url", help="Where the --document can be read.")
EVERYTHING = Visibility.everything()


def register(app: typer.Typer) -> None:
    groups = {
        "agreement": ("Agreements between parties and the commitments they make.",
                      {"add": agreement_add, "list": agreement_list, "show": agreement_show}),
        "commitment": ("Commitments: owner, deadline, benchmark, status.",
                       {"add": commitment_add, "status": commitment_status,
                        "list": commitment_list, "show": commitment_show,
                        "dispute": commitment_dispute}),
        "meeting": ("Meetings of the joint mechanisms and their decisions.",
                    {"add": meeting_add, "decide": meeting_decide, "list": meeting_list,
                     "show": meeting_show}),
        "request": ("Assistance requests between parties.",
                    {"add": request_add, "ack": request_ack, "start": request_start,
                     "answer": request_answer, "decline": request_decline,
                     "close": request_close, "list": request_list, "show": request_show,
                     "dispute": request_dispute}),
        "dispute": ("Disputes of a status the other party asserted.",
                    {"withdraw": dispute_withdraw}),
    }
    for name, (help_text, commands) in groups.items():
        group = typer.Typer(help=help_text, no_args_is_help=True)
        for command, fn in commands.items():
            group.command(command)(fn)
        app.add_typer(group, name=name)


def _store(ctx: typer.Context) -> Store:
    return context.get(ctx).store


def _done(obj: dict[str, Any], as_json: bool, message: str,
          changed: Sequence[dict[str, Any]] = ()) -> None:
    """A change was saved: its new version as JSON, or its id and the commitments it made or
    changed, on stdout; what happened on stderr."""
    if as_json:
        json_out(obj)
    else:
        out.print(obj["id"])
        for item in changed:
            out.print(f"  {short(item['id'])}  {item['status']:<12} due {item['deadline']}  "
                      f"{item['name']}", markup=False)
    note(message)


def _documents(title: str | None, url: str | None) -> list[Document]:
    if url and not title:
        raise Invalid("--url goes with --document TITLE")
    return [Document(title, url)] if title else []


def _commitment_spec(text: str) -> CommitmentSpec:
    """'TEXT | DEADLINE | RESPONSIBLE | BENCHMARK' (the last two optional; RESPONSIBLE is
    joint, or party codes joined by '+')."""
    parts = [p.strip() for p in text.split("|")]
    if len(parts) < 2 or not parts[0] or not parts[1]:
        raise Invalid(f"--commitment '{text}' needs at least 'TEXT | DEADLINE', e.g. "
                      "'Joint border patrols | within 3 months | joint | weekly patrols'")
    who = parts[2] if len(parts) > 2 else "joint"
    responsible = [] if who.lower() in ("", "joint") else who.split("+")
    return CommitmentSpec(parts[0], parts[1], responsible, parts[3] if len(parts) > 3 else None)


# -- agreements ---------------------------------------------------------------------------------

def agreement_add(
    ctx: typer.Context,
    name: str = typer.Option(..., "--name", help="Title of the agreement."),
    party: list[str] = typer.Option(..., "--party", help="Code of a party (twice or more)."),
    agreed: str = typer.Option(..., "--agreed", help="Day agreed, YYYY-MM-DD."),
    summary: str = typer.Option(None, "--summary", help="Summary of the agreement."),
    text: str = typer.Option(None, "--text", help="Full text."),
    document: list[str] = typer.Option(None, "--document", help="Id of a source document (report)."),
    commitment: list[str] = typer.Option(
        None, "--commitment", help="'TEXT | DEADLINE | RESPONSIBLE | BENCHMARK'; DEADLINE a date "
        "or 'within 3 months'; RESPONSIBLE 'joint' or codes joined by '+'."),
    evidence_required: bool = typer.Option(True, "--evidence-required/--no-evidence-required",
                                           help="Whether every status change must cite evidence."),
    tlp: str = TLP, user: str = AS, as_json: bool = JSON,
) -> None:
    """Record an agreement and the commitments it makes (deadlines count from --agreed)."""
    store = _store(ctx)
    principal = actors.acting_user(store, user)
    specs = [_commitment_spec(c) for c in commitment or []]
    agreement, made = agreements.create_agreement(
        store, principal, name=name, parties=party, agreed=agreed, text=text, description=summary,
        documents=document or [], evidence_required=evidence_required, level=tlp,
        commitments=specs)
    _done(agreement, as_json, f"agreement recorded by {principal.label} with {len(made)} "
                              f"commitment{'' if len(made) == 1 else 's'}", made)


def agreement_list(ctx: typer.Context, party: str = typer.Option(None, "--party", help="Only this party."),
                   as_json: bool = JSON) -> None:
    """List agreements."""
    rows = views.listing(_store(ctx), EVERYTHING, "agreement", party=party)
    if as_json:
        json_out(rows)
        return
    table(None, ["id", "agreed", "name", "parties"],
          [[short(r["id"]), r["opened"], r["name"], " ".join(r["parties"].get("party", []))]
           for r in rows])


def agreement_show(ctx: typer.Context, agreement: str = typer.Argument(..., help="Id or its start."),
                   as_json: bool = JSON) -> None:
    """An agreement with its commitments, their status, deadlines and disputes."""
    shown = views.detail(_store(ctx), EVERYTHING, "agreement", agreement)
    if as_json:
        json_out(shown)
        return
    _fields(shown, ["id", "name", "agreed", "party_refs", "description", "evidence_required"])
    _commitments_table(shown["commitments"])


def _fields(shown: dict[str, Any], keys: list[str]) -> None:
    """`label: value` lines; property names read as words (status_asserted_by_ref → status
    asserted by)."""
    for key in keys:
        if shown.get(key) not in (None, "", []):
            value = shown[key]
            label = key.removesuffix("_refs").removesuffix("_ref").replace("_", " ")
            text = "; ".join(str(v) for v in value) if isinstance(value, list) else value
            out.print(f"{label:>20}: {text}", markup=False)


def _disputed(row: dict[str, Any]) -> str:
    return "; ".join(f"disputed by {d['by']} since {d['raised']}" for d in row["open_disputes"])


def short(oid: str) -> str:
    """The start of an id that tables show and commands accept (`--json` gives whole ids)."""
    return oid.split("--", 1)[-1][:8]


def _commitments_table(rows: list[dict[str, Any]]) -> None:
    table(None, ["id", "deadline", "status", "responsible", "commitment", "dispute"],
          [[short(r["id"]), r["deadline"], r["state"], "+".join(r["parties"].get("responsible", [])),
            r["name"], _disputed(r)] for r in rows])


# -- commitments --------------------------------------------------------------------------------

def commitment_add(
    ctx: typer.Context,
    agreement: str = typer.Argument(..., help="The agreement (id or its start)."),
    text: str = typer.Option(..., "--text", help="What is committed to."),
    deadline: str = typer.Option(..., "--deadline",
                                 help="A date, or a duration from the agreement: 'within 3 months'."),
    responsible: list[str] = typer.Option(None, "--responsible",
                                          help="Code of a responsible party [default: all, joint]."),
    benchmark: str = typer.Option(None, "--benchmark", help="What counts as done."),
    date: str = DATE, user: str = AS, as_json: bool = JSON,
) -> None:
    """Add a commitment to an agreement (an annex or side letter)."""
    store = _store(ctx)
    principal = actors.acting_user(store, user)
    made = agreements.add_commitment(store, principal, agreement,
                                     CommitmentSpec(text, deadline, responsible or [], benchmark),
                                     when=date)
    _done(made, as_json, f"commitment added, due {made['deadline']}")


def commitment_status(
    ctx: typer.Context,
    commitment: str = typer.Argument(..., help="The commitment (id or its start)."),
    status: str = typer.Option(..., "--status", help=f"One of {', '.join(commitments.SCALE)}."),
    evidence: list[str] = EVIDENCE, document: str = DOCUMENT, url: str = URL,
    note_text: str = typer.Option(None, "--note", help="A note on the change."),
    date: str = DATE, user: str = AS, as_json: bool = JSON,
) -> None:
    """Assert a new status of a commitment, with its evidence."""
    store = _store(ctx)
    principal = actors.acting_user(store, user)
    new = commitments.set_status(store, principal, commitment, status, evidence=evidence or [],
                                 documents=_documents(document, url), note=note_text, when=date)
    _done(new, as_json, f"status of '{new['name']}' is now {status}, asserted by "
                        f"{principal.party_code} on {new['status_date']}")


def commitment_list(
    ctx: typer.Context,
    agreement: str = typer.Option(None, "--agreement", help="Only this agreement."),
    party: str = typer.Option(None, "--party", help="Only commitments of this party."),
    status: list[str] = typer.Option(None, "--status", help="Only this status."),
    as_json: bool = JSON,
) -> None:
    """List commitments with deadline, status and open disputes."""
    rows = views.listing(_store(ctx), EVERYTHING, "commitment", agreement=agreement, party=party,
                         states=status or [])
    if as_json:
        json_out(rows)
        return
    _commitments_table(rows)


def commitment_show(ctx: typer.Context,
                    commitment: str = typer.Argument(..., help="Id or its start."),
                    as_json: bool = JSON) -> None:
    """A commitment: deadline, benchmark, status, its dated history and disputes."""
    shown = views.detail(_store(ctx), EVERYTHING, "commitment", commitment)
    if as_json:
        json_out(shown)
        return
    _fields(shown, ["id", "name", "agreement_ref", "responsible_refs", "deadline",
                    "deadline_rule", "deadline_from", "benchmark", "status", "status_date",
                    "status_asserted_by_ref", "status_evidence_refs", "superseded_by_ref",
                    "supersedes_ref"])
    _history(shown)


def _history(shown: dict[str, Any]) -> None:
    for problem in shown["history_problems"]:
        warn(f"history: {problem}")
    table("history", ["date", "change", "party", "user", "state", "deadline", "evidence / note"],
          [[s.get("at", "")[:10], s.get("action"), s.get("party"), s.get("user"), s.get("state"),
            s.get("deadline"), _evidence(s)]
           for s in shown["history"]])
    if shown["disputes"]:
        table("disputes", ["id", "raised", "by", "disputes", "open", "reasons"],
              [[short(d["id"]), d["raised"], d["by"], d["disputes"],
                "open" if d["open"] else f"closed {d['withdrawn'] or ''}".strip(), d["reasons"]]
               for d in shown["disputes"]])


def _evidence(step: dict[str, Any]) -> str:
    refs = [f"{r.split('--')[0]} {short(r)}" for r in step.get("evidence_refs", [])]
    return "; ".join([*refs, *([step["note"]] if step.get("note") else [])])


def commitment_dispute(
    ctx: typer.Context,
    commitment: str = typer.Argument(..., help="The commitment (id or its start)."),
    reason: str = typer.Option(..., "--reason", help="Why the status is wrong."),
    strongly: bool = typer.Option(False, "--strongly", help="Strongly disagree."),
    date: str = DATE, user: str = AS, as_json: bool = JSON,
) -> None:
    """Dispute the status the other party asserted (a STIX opinion with your reasons)."""
    _dispute(ctx, "commitment", commitment, reason, strongly, date, user, as_json)


def _dispute(ctx: typer.Context, record_type: str, record: str, reason: str, strongly: bool,
             date: str | None, user: str | None, as_json: bool) -> None:
    store = _store(ctx)
    principal = actors.acting_user(store, user)
    opinion = disputes.raise_dispute(store, principal, record_type, record, reasons=reason,
                                     opinion="strongly-disagree" if strongly else "disagree",
                                     when=date)
    _done(opinion, as_json, f"{principal.party_code} disputes "
                            f"'{opinion['x_jirga_dispute']['status']}'")


# -- meetings -----------------------------------------------------------------------------------

def _participant(text: str) -> tuple[str, str]:
    code, _, role = text.partition(":")
    return code.strip(), (role.strip() or "delegation")


def meeting_add(
    ctx: typer.Context,
    name: str = typer.Option(..., "--name", help="Title, e.g. 'Joint Coordination Committee, 3rd'."),
    held: str = typer.Option(..., "--held", help="Day held, YYYY-MM-DD."),
    mechanism: str = typer.Option(..., "--mechanism", help=f"One of {', '.join(MEETING_MECHANISMS)}."),
    party: list[str] = typer.Option(..., "--party", help="CODE:ROLE, e.g. PK-MOI:host."),
    agreement: list[str] = typer.Option(None, "--agreement", help="An agreement it reviews."),
    agenda: list[str] = typer.Option(None, "--agenda", help="An agenda item."),
    outcome: str = typer.Option(None, "--outcome", help="Summary of the outcome."),
    tlp: str = TLP, user: str = AS, as_json: bool = JSON,
) -> None:
    """Record a meeting (decisions follow with `jirga meeting decide`)."""
    store = _store(ctx)
    principal = actors.acting_user(store, user)
    meeting = meetings.record_meeting(
        store, principal, name=name, held=held, mechanism=mechanism,
        participants=[_participant(p) for p in party], agreements=agreement or [],
        agenda=agenda or [], outcome=outcome, level=tlp)
    _done(meeting, as_json, f"meeting of {meeting['held']} recorded by {principal.label}")


def meeting_decide(
    ctx: typer.Context,
    meeting: str = typer.Argument(..., help="The meeting (id or its start)."),
    text: str = typer.Option(..., "--text", help="The decision as the minutes record it."),
    commitment: str = typer.Option(None, "--commitment",
                                   help="A new commitment: 'TEXT | DEADLINE | RESPONSIBLE | "
                                        "BENCHMARK'; DEADLINE counts from the meeting."),
    move: list[str] = typer.Option(None, "--move", help="A commitment whose deadline moves."),
    deadline: str = typer.Option(None, "--deadline",
                                 help="With --move: new deadline (a date or 'within 2 months')."),
    extend: str = typer.Option(None, "--extend", help="With --move: add this to the deadline (P1M)."),
    supersede: str = typer.Option(None, "--supersede",
                                  help="A commitment the new --commitment replaces."),
    drop: list[str] = typer.Option(None, "--drop", help="A commitment dropped."),
    agreement: str = typer.Option(None, "--agreement", help="Agreement of a new commitment."),
    date: str = DATE, user: str = AS, as_json: bool = JSON,
) -> None:
    """Record a decision; it can create, move, supersede or drop commitments."""
    store = _store(ctx)
    principal = actors.acting_user(store, user)
    decision = _decision(text, commitment, move or [], deadline, extend, supersede, drop or [],
                         agreement)
    new, changed = meetings.decide(store, principal, meeting, decision, when=date)
    _done(new, as_json, f"decision {len(new['decisions'])} ({decision.kind}) recorded; "
                        f"{len(changed)} commitment{'' if len(changed) == 1 else 's'} changed",
          changed)


def _decision(text: str, commitment: str | None, move: list[str], deadline: str | None,
              extend: str | None, supersede: str | None, drop: list[str],
              agreement: str | None) -> meetings.Decision:
    chosen = [k for k, v in (("move", move), ("drop", drop), ("supersede", supersede)) if v]
    if len(chosen) > 1:
        raise Invalid(f"one decision does one thing; split --{' and --'.join(chosen)} into two")
    new = [_commitment_spec(commitment)] if commitment else []
    if (deadline or extend) and not move:
        raise Invalid("--deadline and --extend go with --move COMMITMENT")
    kind = chosen[0] if chosen else ("create" if new else "record")
    targets = move or drop or ([supersede] if supersede else [])
    return meetings.Decision(text, kind, targets, new, deadline, extend, agreement)


def meeting_list(ctx: typer.Context, as_json: bool = JSON) -> None:
    """List meetings."""
    rows = views.listing(_store(ctx), EVERYTHING, "meeting")
    if as_json:
        json_out(rows)
        return
    table(None, ["id", "held", "name", "participants"],
          [[short(r["id"]), r["opened"], r["name"], " ".join(r["parties"].get("participant", []))]
           for r in rows])


def meeting_show(ctx: typer.Context, meeting: str = typer.Argument(..., help="Id or its start."),
                 as_json: bool = JSON) -> None:
    """A meeting with its participants, agenda, outcome and decisions."""
    shown = views.detail(_store(ctx), EVERYTHING, "meeting", meeting)
    if as_json:
        json_out(shown)
        return
    _fields(shown, ["id", "name", "held", "mechanism", "agenda", "outcome", "agreement_refs"])
    table("participants", ["party", "role"], [[p["party"], p["role"]] for p in shown["participants"]])
    table("decisions", ["no.", "kind", "decision", "commitments"],
          [[d.get("number"), d.get("kind"), d.get("text"),
            " ".join(short(c) for c in d.get("commitment_refs", []))]
           for d in shown.get("decisions") or []])


# -- requests -----------------------------------------------------------------------------------

def request_add(
    ctx: typer.Context,
    to: str = typer.Option(..., "--to", help="Code of the party asked."),
    subject: str = typer.Option(..., "--subject", help="What the request is about."),
    ask: list[str] = typer.Option(..., "--ask", help=f"One of {', '.join(REQUEST_ASKS)}."),
    description: str = typer.Option(None, "--description", help="The request in full."),
    incident: list[str] = typer.Option(None, "--incident", help="Id of an incident it concerns."),
    evidence: list[str] = typer.Option(None, "--evidence", help="Id of evidence shared with it."),
    group: list[str] = typer.Option(None, "--group", help="Group action is asked against."),
    deadline: str = typer.Option(None, "--deadline", help="A date or a duration ('within 30 "
                                 "days') [default: request_deadline_days after the request]."),
    tlp: str = TLP, date: str = DATE, user: str = AS, as_json: bool = JSON,
) -> None:
    """Send an assistance request to another party."""
    cli = context.get(ctx)
    principal = actors.acting_user(cli.store, user)
    obj = requests.create_request(
        cli.store, principal, to=to, subject=subject, asks=ask, description=description,
        incidents=incident or [], evidence=evidence or [], groups=group or [], deadline=deadline,
        default_days=cli.settings.request_deadline_days, level=tlp, when=date)
    _done(obj, as_json, f"request to {to.upper()} sent by {principal.label}, answer due "
                        f"{obj['deadline']}")


def _move(ctx: typer.Context, request: str, action: str, user: str | None, date: str | None,
          as_json: bool, **fields: Any) -> None:
    store = _store(ctx)
    principal = actors.acting_user(store, user)
    new = requests.transition(store, principal, request, action, when=date, **fields)
    _done(new, as_json, f"request '{new['name']}' is now {new['state']} "
                        f"({principal.label}, {new['modified'][:10]})")


REQUEST = typer.Argument(..., help="The request (id or its start).")
NOTE = typer.Option(None, "--note", help="A note on the change.")


def request_ack(ctx: typer.Context, request: str = REQUEST, note_text: str = NOTE,
                date: str = DATE, user: str = AS, as_json: bool = JSON) -> None:
    """Acknowledge a request addressed to your party."""
    _move(ctx, request, "acknowledge", user, date, as_json, note=note_text)


def request_start(ctx: typer.Context, request: str = REQUEST, note_text: str = NOTE,
                  date: str = DATE, user: str = AS, as_json: bool = JSON) -> None:
    """Mark a request addressed to your party as in progress."""
    _move(ctx, request, "start", user, date, as_json, note=note_text)


def request_answer(
    ctx: typer.Context, request: str = REQUEST,
    findings: str = typer.Option(..., "--findings", help="The findings."),
    evidence: list[str] = EVIDENCE, document: str = DOCUMENT, url: str = URL,
    date: str = DATE, user: str = AS, as_json: bool = JSON,
) -> None:
    """Answer a request addressed to your party, with the findings attached."""
    _move(ctx, request, "answer", user, date, as_json, findings=findings,
          evidence=evidence or [], documents=_documents(document, url))


def request_decline(ctx: typer.Context, request: str = REQUEST,
                    reason: str = typer.Option(..., "--reason", help="Why it is declined."),
                    date: str = DATE, user: str = AS, as_json: bool = JSON) -> None:
    """Decline a request addressed to your party, with a reason."""
    _move(ctx, request, "decline", user, date, as_json, reason=reason)


def request_close(ctx: typer.Context, request: str = REQUEST, note_text: str = NOTE,
                  date: str = DATE, user: str = AS, as_json: bool = JSON) -> None:
    """Close an answered request your party made."""
    _move(ctx, request, "close", user, date, as_json, note=note_text)


def request_list(
    ctx: typer.Context,
    party: str = typer.Option(None, "--party", help="Only requests from or to this party."),
    state: list[str] = typer.Option(None, "--state", help="Only this state."),
    as_json: bool = JSON,
) -> None:
    """List requests with their state, deadline and open disputes."""
    rows = views.listing(_store(ctx), EVERYTHING, "assistance-request", party=party,
                         states=state or [])
    if as_json:
        json_out(rows)
        return
    table(None, ["id", "requested", "from", "to", "deadline", "state", "subject", "dispute"],
          [[short(r["id"]), r["opened"], " ".join(r["parties"].get("from", [])),
            " ".join(r["parties"].get("to", [])), r["deadline"], r["state"], r["name"],
            _disputed(r)] for r in rows])


def request_show(ctx: typer.Context, request: str = REQUEST, as_json: bool = JSON) -> None:
    """A request: who asked whom for what, its state, findings, history and disputes."""
    shown = views.detail(_store(ctx), EVERYTHING, "assistance-request", request)
    if as_json:
        json_out(shown)
        return
    _fields(shown, ["id", "name", "from_ref", "to_ref", "asks", "incident_refs", "group_refs",
                    "requested", "deadline", "state", "answered", "findings", "findings_refs",
                    "reason"])
    _history(shown)


def request_dispute(
    ctx: typer.Context, request: str = REQUEST,
    reason: str = typer.Option(..., "--reason", help="Why the state is wrong."),
    strongly: bool = typer.Option(False, "--strongly", help="Strongly disagree."),
    date: str = DATE, user: str = AS, as_json: bool = JSON,
) -> None:
    """Dispute the state the other party gave a request (e.g. an answer that answers nothing)."""
    _dispute(ctx, "assistance-request", request, reason, strongly, date, user, as_json)


def dispute_withdraw(
    ctx: typer.Context,
    dispute: str = typer.Argument(..., help="The dispute (opinion id or its start)."),
    note_text: str = NOTE, date: str = DATE, user: str = AS, as_json: bool = JSON,
) -> None:
    """Withdraw a dispute your party raised."""
    store = _store(ctx)
    principal = actors.acting_user(store, user)
    new = disputes.withdraw(store, principal, dispute, note=note_text, when=date)
    _done(new, as_json, f"dispute withdrawn by {principal.label}")
