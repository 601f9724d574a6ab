"""Dataset imports: read a CSV in a known layout, refuse it whole if any row is bad, store the rest.

Every row is read and checked before anything is written; a file with missing columns,
unparseable dates or negative tolls is refused with the line numbers at fault. The incidents
are foreign content (their author is the dataset's publisher), stored through
`store.add_objects` in one transaction. Ids are stable per (dataset, row id): importing a file
again leaves unchanged rows alone, stores a new version of a changed row, and leaves alone
rows whose incident was merged into another (it is revoked, and stays so).
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from jirga.errors import Invalid, Problem
from jirga.incidents import parallel
from jirga.incidents.groups import GroupResolver
from jirga.incidents.layouts import GenericLayout, Layout
from jirga.incidents.records import IncidentRecord, RowError, group_object, to_incident
from jirga.model import timestamps
from jirga.model.extensions import INCIDENT_EXT_ID
from jirga.model.ids import stable_id
from jirga.objects.interchange import bulk
from jirga.store import ObjectFilter, Store, Visibility
from jirga.store.analytics import CountsTable
from jirga.store.db import chunked

SAMPLE = Path(__file__).parent / "samples" / "register_sample.csv"
SAMPLE_DATASET = "jirga-sample"
MAX_SHOWN = 20
BATCH = 100_000
Progress = Callable[[int], None]
EVERYTHING = Visibility.everything()


@dataclass
class DatasetReport:
    source: str
    layout: str
    rows: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    merged: int = 0  # rows whose incident was merged into another (revoked): left alone
    groups_added: int = 0
    skipped: Counter[str] = field(default_factory=Counter)

    def as_dict(self) -> dict[str, Any]:
        return {"source": self.source, "layout": self.layout, "rows": self.rows,
                "added": self.added, "updated": self.updated, "unchanged": self.unchanged,
                "merged": self.merged, "skipped": sum(self.skipped.values()),
                "groups_added": self.groups_added}


def _text(data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), else Windows-1252 as the GTD ships."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _rows(text: str, source: str, layout: Layout) -> Iterator[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    layout.check_header(list(reader.fieldnames or []), source)
    start = 2
    for row in reader:
        yield start, row
        start = reader.line_num + 1


def read_records(text: str, source: str, layout: Layout,
                 ) -> tuple[list[IncidentRecord], Counter[str], int]:
    """Every record of a file, the rows skipped and why, and the row count; Invalid if any
    row is bad (the message lists the lines)."""
    records: list[IncidentRecord] = []
    skipped: Counter[str] = Counter()
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    count = 0
    for line, row in _rows(text, source, layout):
        count += 1
        try:
            got = layout.convert(row)
        except RowError as exc:
            problems.append(Problem(f"line {line}: {exc}", file=source))
            continue
        if isinstance(got, str):
            skipped[got] += 1
            continue
        got.row_id = got.row_id or f"line-{line}"
        if got.row_id in seen:
            problems.append(Problem(f"line {line}: row id '{got.row_id}' is also on line "
                                    f"{seen[got.row_id]}", file=source))
            continue
        seen[got.row_id] = line
        records.append(got)
    if problems:
        raise _refusal(source, problems)
    return records, skipped, count


def _refusal(source: str, problems: list[Problem]) -> Invalid:
    shown = "\n".join(f"  {p.message}" for p in problems[:MAX_SHOWN])
    more = f"\n  … and {len(problems) - MAX_SHOWN} more" if len(problems) > MAX_SHOWN else ""
    return Invalid(f"{source}: {len(problems)} row{'s' if len(problems) > 1 else ''} cannot be "
                   f"read; nothing was imported:\n{shown}{more}", problems)


def import_dataset(store: Store, path: Path, layout: Layout, *, level: str = "clear",
                   status: str = "accepted", progress: Progress | None = None,
                   workers: int | None = None) -> DatasetReport:
    """Read, check and store one dataset file (see the module docstring)."""
    if not path.is_file():
        raise Invalid(f"{path}: no such file")
    return import_data(store, path.read_bytes(), str(path), layout, level=level, status=status,
                       progress=progress, workers=workers)


def import_data(store: Store, data: bytes, source: str, layout: Layout, *, level: str = "clear",
                status: str = "accepted", progress: Progress | None = None,
                workers: int | None = None, min_rows: int = parallel.MIN_ROWS) -> DatasetReport:
    """`workers`: processes for a large first import (default: one per core; 0 or 1 for
    none); files under `min_rows` lines are read in this process."""
    text = _text(data)
    stamp = timestamps.now()
    with bulk():
        count = parallel.workers_for(text, workers, min_rows)
        report = _import_parallel(store, text, source, layout, stamp=stamp, level=level,
                                  status=status, progress=progress, workers=count) \
            if count else None
        if report is None:
            report = _import(store, text, source, layout, stamp=stamp, level=level,
                             status=status, progress=progress)
        CountsTable(store.db).refresh()  # so the first statistics after an import are quick
    return report


def _import(store: Store, text: str, source: str, layout: Layout, *, stamp: str, level: str,
            status: str, progress: Progress | None) -> DatasetReport:
    records, skipped, rows = read_records(text, source, layout)
    report = DatasetReport(source, layout.key, rows, skipped=skipped)
    incidents = [to_incident(r, layout.publisher, stamp=stamp, level=level, status=status)
                 for r in records]
    names = {p["name"] for obj in incidents
             for p in obj["extensions"][INCIDENT_EXT_ID].get("perpetrators", ())}
    with store.db.transaction():
        support = _supporting(store, layout, names, stamp)
        report.groups_added = sum(1 for o in support if o["type"] == "intrusion-set")
        store.add_objects(support)
        # In id order, each batch appends to the id-keyed indexes instead of splitting
        # pages all over them: a million-row import touches each page once.
        fresh = sorted(_changes(store, layout, incidents, report), key=lambda o: o["id"])
        for batch in chunked(fresh, BATCH):
            store.add_objects(batch, progress=progress)
    return report


def _import_parallel(store: Store, text: str, source: str, layout: Layout, *, stamp: str,
                     level: str, status: str, progress: Progress | None,
                     workers: int) -> DatasetReport | None:
    """A first import of a large file, read and staged by worker processes (`parallel.py`);
    None when the publisher already has incidents here (a re-import compares row by row)."""
    with store.db.transaction():
        store.db.lock_for_writing()
        if _published(store, layout):
            return None
        # Counts up to date now (before the load drops indexes) let each chunk fold its
        # worker's partial sums in, instead of summing every incident again afterwards.
        CountsTable(store.db).refresh()
        outcome = parallel.load(store, text, source=source, layout=layout, stamp=stamp,
                                level=level, status=status, workers=workers, progress=progress)
        if outcome.problems:
            raise _refusal(source, outcome.problems)
        report = DatasetReport(source, layout.key, outcome.rows, added=outcome.added,
                               skipped=outcome.skipped)
        support = _supporting(store, layout, outcome.groups, stamp)
        report.groups_added = sum(1 for o in support if o["type"] == "intrusion-set")
        store.add_objects(support)
    return report


def _supporting(store: Store, layout: Layout, names: set[str], stamp: str) -> list[dict[str, Any]]:
    """The publisher's identity and an intrusion set per group the store lacks."""
    wanted = {layout.publisher.id: None, **{stable_id("intrusion-set", n): n for n in names}}
    present = _present(store, list(wanted))
    out = [] if layout.publisher.id in present else [layout.publisher.identity(stamp)]
    out += [group_object(name, layout.publisher, stamp) for oid, name in sorted(
        wanted.items(), key=lambda kv: kv[0]) if name and oid not in present]
    return out


def _present(store: Store, ids: list[str]) -> set[str]:
    found: set[str] = set()
    for chunk in chunked(ids, 500):
        page = store.current(ObjectFilter(ids=tuple(chunk), include_revoked=True),
                             visibility=EVERYTHING, limit=len(chunk))
        found.update(item.id for item in page.items)
    return found


def _published(store: Store, layout: Layout) -> bool:
    """Whether the store holds any incident of this dataset's publisher."""
    mine = ObjectFilter(types=("incident",), created_by=(layout.publisher.id,),
                        include_revoked=True)
    return store.count(mine, visibility=EVERYTHING) > 0


def _changes(store: Store, layout: Layout, incidents: list[dict[str, Any]],
             report: DatasetReport) -> list[dict[str, Any]]:
    """The incidents to store: new rows, and new versions of rows that changed."""
    if not _published(store, layout):
        report.added = len(incidents)
        return incidents
    fresh: list[dict[str, Any]] = []
    for chunk in chunked(incidents, 500):
        page = store.current(ObjectFilter(ids=tuple(o["id"] for o in chunk), include_revoked=True),
                             visibility=EVERYTHING, limit=len(chunk))
        stored = {item.id: item.object() for item in page.items}
        for obj in chunk:
            old = stored.get(obj["id"])
            if old is None:
                report.added += 1
                fresh.append(obj)
            elif old.get("revoked"):
                report.merged += 1
            elif {**obj, "created": old["created"], "modified": old["modified"]} == old:
                report.unchanged += 1
            else:
                report.updated += 1
                fresh.append(_later({**obj, "created": old["created"]}, old["modified"]))
    return fresh


def _later(obj: dict[str, Any], previous: str) -> dict[str, Any]:
    """The object with a `modified` after `previous` (a clock may lag a stored version)."""
    if timestamps.version_key(obj["modified"]) <= timestamps.version_key(previous):
        obj["modified"] = timestamps.format_ts(timestamps.parse(previous) + timedelta(milliseconds=1))
    return obj


def import_sample(store: Store) -> DatasetReport:
    """The small sample dataset the demo loads (generic layout; figures as widely reported)."""
    return import_dataset(store, SAMPLE, GenericLayout(GroupResolver.of(store), SAMPLE_DATASET))
