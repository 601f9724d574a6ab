"""STIX content commands: import, export, objects list / show."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from jirga.cli import context, incidents
from jirga.cli.output import fail, json_out, note, progress, table, warn
from jirga.errors import Invalid, JirgaError, TrustError
from jirga.model import timestamps
from jirga.model.bundle import read_content
from jirga.objects.interchange import bulk, export_stream, import_content, read_file
from jirga.sharing import policy
from jirga.sharing.parties import get_party
from jirga.store import ObjectFilter, Outcome, Visibility

LOCAL = Visibility.everything()
DATASET_FORMATS = ("acled", "gtd", "ucdp", "csv")


def register(app: typer.Typer) -> None:
    app.command("import")(import_files)
    app.command("export")(export)
    group = typer.Typer(help="List and show STIX objects in the store.", no_args_is_help=True)
    group.command("list")(list_objects)
    group.command("show")(show_object)
    app.add_typer(group, name="objects")


def import_files(
    ctx: typer.Context,
    files: list[Path] = typer.Argument(..., help="STIX 2.1 bundles, JSON lists of objects, or "
                                       "single objects (STIX 2.0 bundles are upgraded); or "
                                       "dataset CSV files with --format."),
    fmt: str = typer.Option("stix", "--format", "-f", help="stix, or a dataset layout: acled, "
                            "gtd, ucdp, csv (generic; see --map)."),
    mapping: list[str] = typer.Option([], "--map", help="--format csv: FIELD=COLUMN "
                                      "(repeatable), e.g. date=event_day killed=deaths."),
    mapping_file: Path = typer.Option(None, "--mapping", help="--format csv: a JSON or TOML "
                                      "file of FIELD = COLUMN."),
    dataset: str = typer.Option(None, "--dataset", help="--format csv: the dataset's name "
                                "(default: the file name)."),
    level: str = typer.Option("clear", "--tlp", help="Datasets: TLP of the imported incidents."),
    status: str = typer.Option("accepted", "--status", help="Datasets: review status of the "
                               "imported incidents (accepted or candidate)."),
) -> None:
    """Import STIX files or datasets; each file is stored whole or, if anything in it is
    invalid, not at all."""
    cli = context.get(ctx)
    if fmt != "stix":
        if fmt not in DATASET_FORMATS:
            raise Invalid(f"--format '{fmt}' is not one of stix, {', '.join(DATASET_FORMATS)}")
        incidents.import_datasets(cli, files, fmt, mapping=incidents.read_mapping(
            mapping, mapping_file), dataset=dataset, level=level, status=status)
        return
    failed = refused = 0
    rows = []
    for path in files:
        try:
            with bulk():
                content = read_content(read_file(path), str(path))
            with progress(f"importing {path.name}", len(content.objects)) as advance:
                report = import_content(cli.store, content, progress=advance)
        except JirgaError as exc:
            fail(exc.message)
            failed = max(failed, TrustError.exit_code if isinstance(exc, TrustError) else 2)
            continue
        counts = report.result.as_dict()
        rows.append([str(path), report.objects, *(counts[o.value] for o in Outcome)])
        for message in report.notes:
            note(f"{path}: {message}")
        for problem in report.result.refused:
            warn(f"{path}: refused {problem}")
        refused += len(report.result.refused)
    if rows:
        table("import", ["file", "objects", *(o.value for o in Outcome)], rows)
    if failed:
        raise typer.Exit(failed)
    if refused:
        raise typer.Exit(1)


def export(
    ctx: typer.Context,
    types: list[str] = typer.Option([], "--type", "-t", help="Only these STIX types (repeatable)."),
    output: Path = typer.Option(None, "--output", "-o", help="Write here instead of stdout."),
    all_versions: bool = typer.Option(False, "--all-versions", help="Every version, not just "
                                      "the current one."),
    for_party: str = typer.Option(None, "--for", help="Only what TLP lets this party take "
                                  "away (a party code); TLP:RED never leaves the node."),
) -> None:
    """Export current objects as one STIX 2.1 bundle."""
    cli = context.get(ctx)
    query = ObjectFilter(types=tuple(types), include_revoked=True)
    vis = LOCAL
    if for_party:
        party = get_party(cli.store, for_party)
        vis = policy.for_party(party.identity_id, party.code, cli.settings)
    chunks = export_stream(cli.store, query, visibility=vis, all_versions=all_versions)
    if output is None:
        for chunk in chunks:
            sys.stdout.buffer.write(chunk)
        sys.stdout.buffer.write(b"\n")
        return
    tmp = output.with_name(output.name + ".partial")
    with tmp.open("wb") as handle:
        for chunk in chunks:
            handle.write(chunk)
    tmp.replace(output)
    note(f"wrote {output}")


def list_objects(
    ctx: typer.Context,
    types: list[str] = typer.Option([], "--type", "-t", help="Only these STIX types."),
    search: str = typer.Option(None, "--search", "-s", help="Words in name or description."),
    created_by: str = typer.Option(None, "--created-by", help="Identity id of the creator."),
    modified_from: str = typer.Option(None, "--since", help="Modified on or after (date)."),
    limit: int = typer.Option(50, help="How many to show."),
    as_json: bool = typer.Option(False, "--json", help="Print the objects as JSON."),
) -> None:
    """List current objects, most recently modified first."""
    cli = context.get(ctx)
    query = ObjectFilter(types=tuple(types), text=search,
                         created_by=(created_by,) if created_by else (),
                         modified_from=_ts(modified_from))
    page = cli.store.current(query, visibility=LOCAL, limit=limit, order="recent")
    if as_json:
        json_out([item.object() for item in page.items])
        return
    total = cli.store.count(query, visibility=LOCAL)
    table(None, ["id", "type", "name", "modified", "tlp"],
          [[i.id, i.type, i.object().get("name", ""), i.modified, i.tlp or ""]
           for i in page.items],
          caption=f"{len(page.items)} of {total}")


def show_object(
    ctx: typer.Context,
    object_id: str = typer.Argument(..., help="The object's STIX id."),
    versions: bool = typer.Option(False, "--versions", help="Every version, oldest first."),
) -> None:
    """Print one object (its current version) as JSON, or all its versions."""
    cli = context.get(ctx)
    if versions:
        items = cli.store.versions(object_id, visibility=LOCAL)
        if not items:
            cli.store.get(object_id, visibility=LOCAL)  # raises NotFound with the id
        json_out([i.object() for i in items])
        return
    json_out(cli.store.get(object_id, visibility=LOCAL).object())


def _ts(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return timestamps.normalise(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
