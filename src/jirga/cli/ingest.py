"""Open-source monitoring commands: ingest, extract, documents list / show."""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import date
from typing import Any

import typer

from jirga.cli import context
from jirga.cli.output import fail, json_lines, json_out, note, progress, table, warn
from jirga.errors import Invalid, JirgaError
from jirga.ingest.pipeline import Outcome, Prepared, ingest, prepare
from jirga.ingest.sources import expand, read_source
from jirga.model.tlp import parse_level
from jirga.store import Visibility
from jirga.store import documents as doc_table
from jirga.store import review as review_table

LOCAL = Visibility.everything()


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest_command)
    app.command("extract")(extract_command)
    group = typer.Typer(help="Documents read by `jirga ingest`.", no_args_is_help=True)
    group.command("list")(list_documents)
    group.command("show")(show_document)
    app.add_typer(group, name="documents")


def ingest_command(
    ctx: typer.Context,
    inputs: list[str] = typer.Argument(..., metavar="PATH_OR_URL...",
                                       help="Files, folders (read recursively) or URLs: HTML, "
                                       "text, Markdown, RIS, PDF, RSS/Atom, JSON Lines."),
    tlp: str = typer.Option("clear", help="TLP of the documents' reports (open sources are "
                            "public: clear)."),
) -> None:
    """Read documents into the store and queue the attacks they report for review.

    The same document twice is stored once; a near-duplicate (one story on two sites) is linked
    to the first copy. A file that cannot be read is reported and the batch goes on; the exit
    code is 2 when any failed.
    """
    cli = context.get(ctx)
    level = _level(tlp)
    sources = expand(inputs)
    if not sources:
        raise Invalid("nothing to read: the folders hold no files jirga reads "
                      "(.html .txt .md .ris .pdf .xml .rss .jsonl)")

    with progress("reading", len(sources)) as advance:
        def heard(outcomes: list[Outcome]) -> None:
            for outcome in outcomes:
                if outcome.status == "failed":
                    fail(outcome.error or outcome.source)
            advance(1)

        report = ingest(cli.store, sources, visibility=LOCAL,
                        max_bytes=cli.settings.max_document_bytes, on_source=heard, level=level)
    rows = [[o.source, o.status, o.document, o.title, o.published, o.language, o.incidents,
             o.background, o.claims, _duplicate(o)] for o in report.outcomes
            if o.status != "failed"]
    if rows:
        table("ingest", ["source", "status", "doc", "title", "published", "lang", "incidents",
                         "background", "claims", "copy of"], rows)
    done = len(report.outcomes) - len(report.failed)
    note(f"{done} document(s) read: {report.count('added')} added, "
         f"{report.count('duplicate')} already stored, {report.count('near-duplicate')} "
         f"near-duplicate(s); {len(report.failed)} failed. `jirga review list` shows the queue.")
    if report.failed:
        raise typer.Exit(2)


def _duplicate(outcome: Outcome) -> str:
    if outcome.duplicate_of is None:
        return ""
    return f"{outcome.duplicate_of} ({outcome.similarity:.0%})"


def _level(text: str) -> str:
    try:
        return parse_level(text)
    except ValueError as exc:
        raise Invalid(str(exc)) from exc


def extract_command(
    ctx: typer.Context,
    files: list[str] = typer.Argument(..., metavar="FILE_OR_URL...",
                                      help="Documents to read (nothing is stored)."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per document, one a "
                                 "line: {document, incidents, claims} (a stable interface)."),
    published: str = typer.Option(None, help="Publication date (YYYY-MM-DD) to resolve "
                                  "relative dates against, when the document does not say."),
) -> None:
    """Read documents and print the incidents and claims they hold, without storing anything."""
    cli = context.get(ctx)
    fallback = _date(published)
    failed = 0
    for source in expand(files):
        try:
            result = read_source(source, cli.settings.max_document_bytes)
            for problem in result.problems:
                fail(str(problem))
                failed += 1
            for document in result.documents:
                if document.published is None and fallback is not None:
                    document = replace(document, published=fallback)
                _print_extraction(prepare(document), as_json)
        except JirgaError as exc:
            fail(exc.message)
            failed += 1
    if failed:
        raise typer.Exit(2)


def _date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise typer.BadParameter(f"'{text}' is not a date (YYYY-MM-DD)") from exc


def extraction_json(prepared: Prepared) -> dict[str, Any]:
    doc = prepared.document
    ref = doc.url or doc.source
    return {
        "document": {"url": doc.url, "title": doc.title,
                     "published": doc.published.isoformat() if doc.published else None,
                     "language": doc.language, "source": doc.source, "format": doc.format,
                     "authors": list(doc.authors), "sha256": prepared.sha256},
        "incidents": [c.as_json(ref) for c in prepared.extraction.incidents],
        "claims": [c.as_json() for c in prepared.extraction.claims],
    }


def _print_extraction(prepared: Prepared, as_json: bool) -> None:
    data = extraction_json(prepared)
    if as_json:
        json_lines([data])
        return
    doc = data["document"]
    note(f"{doc['source']}: {doc['title'] or '(no title)'} — {doc['published'] or 'undated'}, "
         f"{doc['language'] or '?'}")
    if not data["incidents"]:
        note("  no incident")
    else:
        table(None, ["date", "place", "province", "perpetrator", "killed", "injured", "type",
                     "target", "background", "conf"],
              [[i["date"], i["place"] or i["district"], i["admin1"],
                _perpetrator(i), i["killed"], i["injured"], i["attack_type"], i["target_type"],
                "yes" if i["background"] else "", i["confidence"]] for i in data["incidents"]])
    for claim in data["claims"]:
        warn(f"claim: {claim['text']} ({claim['source'] or 'no source named'})")


def _perpetrator(item: dict[str, Any]) -> str:
    if not item.get("perpetrator"):
        return ""
    return f"{item['perpetrator']} ({item['perpetrator_basis']})"


def list_documents(
    ctx: typer.Context,
    search: str = typer.Option(None, "--search", "-s", help="Words in the title, URL or path."),
    limit: int = typer.Option(50, help="How many to show."),
    as_json: bool = typer.Option(False, "--json", help="Print the documents as JSON."),
) -> None:
    """List stored documents, newest first."""
    cli = context.get(ctx)
    rows, total = doc_table.listing(cli.store, visibility=LOCAL, limit=limit, search=search)
    if as_json:
        json_out([_doc_dict(r) for r in rows])
        return
    table(None, ["doc", "title", "published", "lang", "format", "source", "copy of"],
          [[r.seq, r.title, r.published, r.language, r.format, r.source, r.duplicate_of or ""]
           for r in rows], caption=f"{len(rows)} of {total}")


def show_document(
    ctx: typer.Context,
    number: int = typer.Argument(..., help="The document's number (from `documents list`)."),
    text: bool = typer.Option(False, "--text", help="Print the stored text as well."),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """Show one document: metadata, its candidates, claims and near-duplicate copies."""
    cli = context.get(ctx)
    row = doc_table.get(cli.store, number, visibility=LOCAL)
    candidates, _ = review_table.list_candidates(cli.store, visibility=LOCAL, status=None,
                                                 document_seq=row.seq, limit=1000)
    claims = review_table.claims_of(cli.store, row.seq, visibility=LOCAL)
    copies = doc_table.copies(cli.store, row.seq, visibility=LOCAL)
    if as_json:
        json_out({**_doc_dict(row), "text": row.text,
                  "candidates": [{"number": c.seq, "status": c.status, **c.data}
                                 for c in candidates],
                  "claims": [{"text": c.text, "source": c.source, "sentence": c.sentence}
                             for c in claims],
                  "copies": [c.seq for c in copies]})
        return
    table(f"document {row.seq}", ["property", "value"], [
        ["title", row.title], ["url", row.url], ["source", row.source],
        ["published", row.published], ["language", row.language], ["format", row.format],
        ["authors", ", ".join(row.authors)], ["sha256", row.sha256], ["report", row.id],
        ["characters", row.chars], ["copy of", row.duplicate_of or ""],
        ["copies", ", ".join(str(c.seq) for c in copies)]])
    if candidates:
        table("candidates", ["#", "status", "date", "place", "killed", "injured", "background"],
              [[c.seq, c.status, c.occurred, c.place or c.admin1, c.killed, c.injured,
                "yes" if c.background else ""] for c in candidates])
    for claim in claims:
        note(f"claim: {claim.text} ({claim.source or 'no source named'}) — {claim.sentence}")
    if text and row.text:
        sys.stdout.write("\n" + row.text + "\n")


def _doc_dict(row: doc_table.DocumentRow) -> dict[str, Any]:
    return {"number": row.seq, "report": row.id, "title": row.title, "url": row.url,
            "source": row.source, "published": row.published, "language": row.language,
            "format": row.format, "authors": row.authors, "sha256": row.sha256,
            "duplicate_of": row.duplicate_of, "similarity": row.similarity}
