"""`jirga incidents …`: the register — list, show, edit, merge, duplicates, export — and the
dataset side of `jirga import --format acled|gtd|ucdp|csv`."""

from __future__ import annotations

import csv
import sys
import tomllib
from pathlib import Path
from typing import Any

import orjson
import typer

from jirga.cli import context
from jirga.cli.output import fail, json_out, note, progress, table
from jirga.errors import Invalid, JirgaError
from jirga.incidents import datasets, export, merge
from jirga.incidents import register as registry
from jirga.incidents.filters import FIELDS, FilterBuilder, parse_where
from jirga.incidents.groups import GroupResolver
from jirga.incidents.layouts import GENERIC_FIELDS, LAYOUTS, GenericLayout, Layout
from jirga.model import tlp
from jirga.store import Store, Visibility
from jirga.store.incidents import IncidentFilter

LOCAL = Visibility.everything()
WHERE_HELP = "FIELD=VALUE, repeatable; fields: " + ", ".join(FIELDS)
LIST_COLUMNS = ("id", "occurred", "place", "province", "perpetrator", "attack_type", "killed",
                "injured", "status", "sources")


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="The incident register: list, show, edit, merge, find duplicates, "
                             "export.", no_args_is_help=True)
    for name, fn in (("list", list_incidents), ("show", show_incident), ("edit", edit_incident),
                     ("merge", merge_incidents), ("duplicates", duplicates),
                     ("export", export_incidents)):
        group.command(name)(fn)
    app.add_typer(group, name="incidents")


def where_terms(where: list[str], **named: Any) -> dict[str, list[str]]:
    """--where terms plus the named options (--province X is province=X)."""
    terms = parse_where(where)
    for field, value in named.items():
        if value is None or value == []:
            continue
        values = value if isinstance(value, list) else [value]
        terms.setdefault(field.replace("_", "-"), []).extend(
            ("yes" if v else "no") if isinstance(v, bool) else str(v) for v in values)
    return terms


def build_filter(store: Store, terms: dict[str, list[str]], date_from: str | None,
                 date_to: str | None, *, estimate: str = "best",
                 default_status: tuple[str, ...] = ()) -> IncidentFilter:
    return FilterBuilder(store).build(terms, date_from=date_from, date_to=date_to,
                                      estimate=estimate, default_status=default_status)


def _toll(row: dict[str, Any], kind: str) -> str:
    low, best, high = (row.get(f"{kind}_{e}") for e in ("low", "best", "high"))
    if best is None:
        return ""
    return str(best) if low == best == high else f"{best} ({low}-{high})"


def _list_row(row: dict[str, Any]) -> list[Any]:
    return [row["id"], row["occurred"], row.get("place") or row.get("district"),
            row.get("admin1_name") or row.get("admin1"),
            row.get("perpetrators"), row.get("attack_type"), _toll(row, "killed"),
            _toll(row, "injured"), row.get("review_status"), row.get("sources")]


def list_incidents(
    ctx: typer.Context,
    date_from: str = typer.Option(None, "--from", help="On or after this date (2024, 2024-03, "
                                  "2024-03-26)."),
    date_to: str = typer.Option(None, "--to", help="On or before this date (2024-03 means to "
                                "its last day)."),
    country: list[str] = typer.Option([], help="Country name or ISO code (repeatable)."),
    province: list[str] = typer.Option([], help="Province name or ISO 3166-2 code."),
    place: list[str] = typer.Option([], help="City, town, village or district."),
    perpetrator: list[str] = typer.Option([], "--perpetrator", "--group",
                                          help="Group name or alias (TTP)."),
    attack_type: list[str] = typer.Option([], help="Attack type (bombing, suicide-bombing, …)."),
    target_type: list[str] = typer.Option([], help="Target type (police, civilians, …)."),
    min_killed: int = typer.Option(None, help="At least this many killed (best estimate)."),
    cross_border: bool = typer.Option(None, "--cross-border/--no-cross-border",
                                      help="Only incidents with (or without) a cross-border "
                                      "nexus."),
    party: list[str] = typer.Option([], help="Party code (PK-MOI) or identity id that shared "
                                    "or created it."),
    status: list[str] = typer.Option([], help="Review status: candidate, accepted, rejected."),
    where: list[str] = typer.Option([], "--where", "-w", help=WHERE_HELP),
    limit: int = typer.Option(50, help="How many to show."),
    offset: int = typer.Option(0, help="Skip this many first."),
    fmt: str = typer.Option("table", "--format", help="table, csv or json."),
) -> None:
    """List incidents in the register, latest first."""
    cli = context.get(ctx)
    terms = where_terms(where, country=country, province=province, place=place,
                   perpetrator=perpetrator, attack_type=attack_type, target_type=target_type,
                   min_killed=min_killed, cross_border=cross_border, party=party, status=status)
    flt = build_filter(cli.store, terms, date_from, date_to)
    page = registry.list_incidents(cli.store, flt, visibility=LOCAL, limit=limit, offset=offset)
    if fmt == "json":
        json_out(page.rows)
    elif fmt == "csv":
        _write_csv([export.csv_record(r) for r in page.rows], export.CSV_COLUMNS)
    elif fmt == "table":
        shown = f"{offset + 1}-{offset + len(page.rows)}" if page.rows else "0"
        table(None, list(LIST_COLUMNS), [_list_row(r) for r in page.rows],
              caption=f"{shown} of {page.total} incidents")
    else:
        raise Invalid(f"--format '{fmt}' is not table, csv or json")


def _write_csv(rows: list[dict[str, Any]], columns: tuple[str, ...] | list[str]) -> None:
    writer = csv.DictWriter(sys.stdout, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def show_incident(
    ctx: typer.Context,
    incident_id: str = typer.Argument(..., help="The incident's STIX id."),
    as_json: bool = typer.Option(False, "--json", help="Print everything as JSON."),
) -> None:
    """Show one incident: its fields, sources, evidence and history."""
    cli = context.get(ctx)
    detail = registry.show_incident(cli.store, incident_id, visibility=LOCAL)
    if as_json:
        json_out(detail)
        return
    obj = detail["incident"]
    ext = next(iter(obj.get("extensions", {}).values()), {})
    fields = [("id", obj["id"]), ("name", obj.get("name")), ("state", detail["state"]),
              ("merged into", detail["merged_into"]),
              ("merged from", ", ".join(detail["merged_from"]) or None),
              ("occurred", f"{ext.get('occurred')} ({ext.get('occurred_precision')})"),
              ("place", ", ".join(str(ext[k]) for k in ("place", "district", "admin1_name",
                                                        "country") if ext.get(k))),
              ("perpetrators", "; ".join(f"{p.get('name')} ({p.get('basis')})"
                                         for p in ext.get("perpetrators", [])) or None),
              ("attack type", ext.get("attack_type")),
              ("targets", ", ".join(ext.get("target_types", [])) or None),
              ("killed", _toll_text(ext.get("killed"))),
              ("injured", _toll_text(ext.get("injured"))),
              ("cross-border", {True: "yes", False: "no"}.get(ext.get("cross_border"))),
              ("review status", ext.get("review_status", "accepted")),
              ("tlp", tlp.level_of(obj)), ("description", obj.get("description"))]
    table(obj.get("name"), ["field", "value"], [[k, v] for k, v in fields if v])
    table("sources", ["kind", "id", "name", "url"],
          [[s["kind"], s["id"], s["name"], s["url"]] for s in detail["sources"]])
    if detail["evidence"]:
        table("evidence", ["field", "value", "sentence"],
              [[e.get("field"), e.get("value"), e.get("sentence")] for e in detail["evidence"]])
    table("history", ["modified", "changed"],
          [[h["modified"], ", ".join(h["changed"]) + (" (revoked)" if h["revoked"] else "")]
           for h in detail["history"]])


def _toll_text(value: Any) -> str | None:
    if not isinstance(value, dict):
        return None
    low, best, high = (value.get(e) for e in ("low", "best", "high"))
    return str(best) if low == best == high else f"{best} (low {low}, high {high})"


def edit_incident(
    ctx: typer.Context,
    incident_id: str = typer.Argument(..., help="The incident's STIX id."),
    name: str = typer.Option(None, help="New title."),
    description: str = typer.Option(None, help="New description."),
    date: str = typer.Option(None, "--date", help="Date of the attack (2024-03-26, 2024-03)."),
    country: str = typer.Option(None, help="Country name or ISO code."),
    province: str = typer.Option(None, help="Province name or ISO 3166-2 code."),
    district: str = typer.Option(None, help="District (empty to clear)."),
    place: str = typer.Option(None, help="City, town or village (empty to clear)."),
    latitude: float = typer.Option(None, help="Decimal degrees."),
    longitude: float = typer.Option(None, help="Decimal degrees."),
    perpetrator: list[str] = typer.Option([], help="NAME or NAME:basis, repeatable; replaces "
                                          "the list."),
    clear_perpetrators: bool = typer.Option(False, help="Record no perpetrator."),
    killed: str = typer.Option(None, help="N, or LOW/BEST/HIGH (e.g. 84/101/101)."),
    injured: str = typer.Option(None, help="N, or LOW/BEST/HIGH."),
    attack_type: str = typer.Option(None, help="Attack type."),
    target_type: list[str] = typer.Option([], help="Target type, repeatable; replaces the list."),
    cross_border: str = typer.Option(None, help="yes, no or unknown."),
    status: str = typer.Option(None, help="candidate, accepted or rejected."),
) -> None:
    """Edit an incident: stores a new version; the old one stays in its history."""
    cli = context.get(ctx)
    changes = registry.IncidentChanges(
        name=name, description=description, occurred=date, country=country, province=province,
        district=district, place=place, latitude=latitude, longitude=longitude,
        perpetrators=() if clear_perpetrators else (tuple(perpetrator) or None),
        killed=killed, injured=injured, attack_type=attack_type,
        target_types=tuple(target_type) or None, cross_border=cross_border, status=status)
    new = registry.edit_incident(cli.store, incident_id, changes, visibility=LOCAL)
    note(f"stored a new version of {incident_id} (modified {new['modified']})")


def merge_incidents(
    ctx: typer.Context,
    ids: list[str] = typer.Argument(..., help="Incident ids; the first survives unless --keep."),
    keep: str = typer.Option(None, help="The incident that survives."),
    force: bool = typer.Option(False, help="Merge even if day, place or tolls disagree."),
) -> None:
    """Merge reports of the same attack into one incident that keeps every source."""
    cli = context.get(ctx)
    result = merge.merge_incidents(cli.store, ids, visibility=LOCAL, keep=keep, force=force)
    ext = next(iter(result.survivor["extensions"].values()))
    killed = _toll_text(ext.get("killed")) or "unknown"
    note(f"merged {len(result.merged)} incident(s) into {result.survivor['id']} "
         f"(killed {killed}); revoked: {', '.join(result.merged)}")


def duplicates(
    ctx: typer.Context,
    date_from: str = typer.Option(None, "--from", help="On or after this date."),
    date_to: str = typer.Option(None, "--to", help="On or before this date."),
    where: list[str] = typer.Option([], "--where", "-w", help=WHERE_HELP),
    limit: int = typer.Option(50, help="How many pairs to show."),
    as_json: bool = typer.Option(False, "--json", help="Print the pairs as JSON."),
) -> None:
    """Suggest likely duplicates: same place, at most a day apart, compatible tolls."""
    cli = context.get(ctx)
    terms = where_terms(where)
    flt = build_filter(cli.store, terms, date_from, date_to,
                       default_status=("candidate", "accepted"))
    found = merge.find_duplicates(cli.store, flt, visibility=LOCAL, limit=limit)
    if as_json:
        json_out([{"a": s.a["id"], "b": s.b["id"], "score": s.score, "reasons": s.reasons}
                  for s in found])
        return
    table("likely duplicates", ["score", "a", "b", "date", "why"],
          [[s.score, s.a["id"], s.b["id"], s.a["occurred"], "; ".join(s.reasons)]
           for s in found],
          caption=f"{len(found)} pairs; merge with: jirga incidents merge A B")


def export_incidents(
    ctx: typer.Context,
    fmt: str = typer.Option("csv", "--format", "-f", help="csv, geojson or stix."),
    output: Path = typer.Option(None, "--output", "-o", help="Write here instead of stdout."),
    date_from: str = typer.Option(None, "--from", help="On or after this date."),
    date_to: str = typer.Option(None, "--to", help="On or before this date."),
    where: list[str] = typer.Option([], "--where", "-w", help=WHERE_HELP),
) -> None:
    """Export incidents as CSV (re-importable with --format csv), GeoJSON or a STIX bundle."""
    cli = context.get(ctx)
    if fmt not in export.EXPORTERS:
        raise Invalid(f"--format '{fmt}' is not one of {', '.join(export.EXPORTERS)}")
    flt = build_filter(cli.store, where_terms(where), date_from, date_to)
    chunks = export.EXPORTERS[fmt](cli.store, flt, LOCAL).stream()
    if output is None:
        for chunk in chunks:
            sys.stdout.buffer.write(chunk)
        return
    tmp = output.with_name(output.name + ".partial")
    with tmp.open("wb") as handle:
        for chunk in chunks:
            handle.write(chunk)
    tmp.replace(output)
    note(f"wrote {output}")


# -- jirga import --format acled|gtd|ucdp|csv ------------------------------------------------


def read_mapping(pairs: list[str], mapping_file: Path | None) -> dict[str, str]:
    """FIELD=COLUMN pairs, over a JSON or TOML file of the same."""
    mapping: dict[str, str] = {}
    if mapping_file is not None:
        try:
            text = mapping_file.read_bytes()
            loaded = tomllib.loads(text.decode()) if mapping_file.suffix == ".toml" \
                else orjson.loads(text)
        except (OSError, ValueError) as exc:
            raise Invalid(f"--mapping {mapping_file}: cannot read it ({exc})") from exc
        if not isinstance(loaded, dict):
            raise Invalid(f"--mapping {mapping_file}: must hold {{field: column}}")
        mapping.update({str(k): str(v) for k, v in loaded.items()})
    for pair in pairs:
        field, sep, column = pair.partition("=")
        if not sep or not column:
            raise Invalid(f"--map '{pair}' is not FIELD=COLUMN; fields: "
                          f"{', '.join(GENERIC_FIELDS)}")
        mapping[field.strip()] = column.strip()
    return mapping


def layout_for(store: Store, fmt: str, path: Path, mapping: dict[str, str],
               dataset: str | None) -> Layout:
    groups = GroupResolver.of(store)
    if fmt == "csv":
        return GenericLayout(groups, (dataset or path.stem).lower(), mapping)
    if mapping or dataset:
        raise Invalid("--map, --mapping and --dataset are for --format csv only")
    return LAYOUTS[fmt](groups)


def import_datasets(cli: context.CliContext, files: list[Path], fmt: str, *,
                    mapping: dict[str, str], dataset: str | None, level: str,
                    status: str) -> None:
    """Import dataset files one by one; a bad file is refused whole and the others go on."""
    try:
        level = tlp.parse_level(level)
    except ValueError as exc:
        raise Invalid(str(exc)) from exc
    if status not in ("candidate", "accepted"):
        raise Invalid(f"--status '{status}' is not candidate or accepted")
    rows, failed = [], 0
    for path in files:
        try:
            layout = layout_for(cli.store, fmt, path, mapping, dataset)
            with progress(f"importing {path.name}", None) as advance:
                report = datasets.import_dataset(cli.store, path, layout, level=level,
                                                 status=status, progress=advance)
        except JirgaError as exc:
            fail(exc.message)
            failed += 1
            continue
        rows.append(list(report.as_dict().values()))
        for reason, count in sorted(report.skipped.items()):
            note(f"{path}: skipped {count} row(s): {reason}")
    if rows:
        table(f"import ({fmt})", ["file", "layout", "rows", "added", "updated", "unchanged",
                                  "merged", "skipped", "groups added"], rows)
    if failed:
        raise typer.Exit(2)
