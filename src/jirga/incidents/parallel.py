"""Large dataset imports on every core: worker processes read, check and prepare the rows, the
main process stores them.

A million-row file spends most of its time in Python per row: reading and checking it,
building the incident, and every row the store keeps for it (`store/bulk.py`). Here the main
process cuts the CSV into chunks at record boundaries (the csv module finds them, so quoted
newlines stay whole) and hands each chunk to a worker process, which reads and checks its rows
exactly as `datasets.read_records` does, builds the incidents in id order (so each chunk
appends to the id-keyed indexes) and stages their rows. The main process loads each staged
chunk as it arrives (`SQLStore.load_new`), all in one transaction: a bad row anywhere, in any
chunk, refuses the whole file with every line at fault, and nothing is stored.

Used for files of many rows whose publisher has no incidents in the store yet (a first import):
re-imports compare every row with its stored version and go through `add_objects`.
"""

from __future__ import annotations

import csv
import io
import multiprocessing
import os
import tempfile
from collections import Counter, deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from operator import itemgetter
from pathlib import Path

from jirga.errors import Problem
from jirga.incidents.layouts import Layout
from jirga.incidents.records import IncidentRecord, RowError, to_incident
from jirga.model.ids import stable_id
from jirga.store import Store
from jirga.store.bulk import Staged, Stager, prepare
from jirga.store.db import chunked

MIN_ROWS = 50_000  # below this, starting worker processes costs more than they save
MAX_CHUNKS = 8  # staged chunks per import (SQLite attaches at most 10 files to a connection)
BATCH = 10_000  # incidents built and staged at a time in a worker (bounds its memory)
Progress = Callable[[int], None]


@dataclass(frozen=True)
class Job:
    """One chunk of the file for a worker: whole records, and where they sit in the file."""

    index: int
    text: str
    header: list[str]
    lines_before: int  # physical lines of the file before the chunk (the header included)
    source: str
    layout: Layout
    stamp: str
    level: str
    status: str
    stager: Stager
    directory: str


@dataclass
class ChunkResult:
    rows: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    problems: list[tuple[int, Problem]] = field(default_factory=list)
    row_ids: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    groups: set[str] = field(default_factory=set)
    staged: Staged | None = None


def workers_for(text: str, workers: int | None, min_rows: int = MIN_ROWS) -> int:
    """How many worker processes a file deserves: none when small or on one core."""
    count = workers if workers is not None else (os.cpu_count() or 1)
    if count < 2 or text.count("\n") < min_rows:
        return 0
    return count


SHM = Path("/dev/shm")
STAGED_PER_BYTE = 8  # staging files take up to about this many bytes per byte of CSV


def staging_dir(size: int) -> str | None:
    """Where the staging files go: `TMPDIR` when the operator set it; else memory (/dev/shm)
    when it has room to spare, since the files are read once and deleted and on disk they
    cost a write-back the database's own writes wait behind; else the temporary directory."""
    if os.environ.get("TMPDIR"):
        return None
    try:
        free = os.statvfs(SHM)
    except OSError:
        return None
    return str(SHM) if free.f_bavail * free.f_frsize > STAGED_PER_BYTE * size else None


def sizes(lines: int, chunks: int) -> list[int]:
    """Lines per chunk, the last two half the size of the others: the chunks that finish last
    are loaded after every worker has stopped, while a core waits."""
    weights = [2] * max(0, chunks - 2) + [1] * min(chunks, 2)
    total = sum(weights)
    return [max(1, lines * w // total + 1) for w in weights]


def split(text: str, chunks: int) -> tuple[list[str], Iterator[tuple[int, int, int]]]:
    """The header and the chunks as (start, end, lines before), cut after whole records."""
    stream = io.StringIO(text, newline="")
    reader = csv.reader(stream)
    header = next(reader, [])
    plan = sizes(text.count("\n"), chunks)

    def bounds() -> Iterator[tuple[int, int, int]]:
        start, lines = stream.tell(), reader.line_num
        for k in range(len(plan) + 1):
            if start >= len(text):
                return
            # parse at C speed, keep nothing; the last chunk takes whatever is left
            deque(islice(reader, plan[k] if k < len(plan) else None), maxlen=0)
            end = stream.tell()
            if end == start:
                return
            yield start, end, lines
            start, lines = end, reader.line_num

    return header, bounds()


def work(job: Job) -> ChunkResult:
    """Read and check a chunk's rows; stage its incidents when every row is good."""
    result = ChunkResult()
    records = _read(job, result)
    if result.problems:
        return result
    publisher = job.layout.publisher
    keyed = sorted(((stable_id("incident", publisher.key, r.row_id), r) for r in records),
                   key=itemgetter(0))
    writer = job.stager.writer(Path(job.directory), f"chunk{job.index}")
    for batch in chunked(keyed, BATCH):
        incidents = [to_incident(r, publisher, stamp=job.stamp, level=job.level,
                                 status=job.status, oid=oid) for oid, r in batch]
        writer.append(prepare(incidents, start=writer.count + 1))
    result.staged = writer.close()
    return result


def _read(job: Job, result: ChunkResult) -> list[IncidentRecord]:
    """`datasets.read_records` for one chunk, line numbers as in the whole file."""
    reader = csv.DictReader(io.StringIO(job.text, newline=""), fieldnames=job.header)
    records: list[IncidentRecord] = []
    seen: dict[str, int] = {}
    line = job.lines_before + 1
    for row in reader:
        result.rows += 1
        try:
            got = job.layout.convert(row)
        except RowError as exc:
            result.problems.append((line, Problem(f"line {line}: {exc}", file=job.source)))
            got = None
        if isinstance(got, str):
            result.skipped[got] += 1
        elif got is not None:
            got.row_id = got.row_id or f"line-{line}"
            if got.row_id in seen:
                result.problems.append((line, _twice(got.row_id, line, seen[got.row_id],
                                                     job.source)))
            else:
                seen[got.row_id] = line
                records.append(got)
                result.row_ids.append(got.row_id)
                result.lines.append(line)
                result.groups.update(name for name, _ in got.perpetrators)
        line = job.lines_before + reader.line_num + 1
    return records


def _twice(row_id: str, line: int, first: int, source: str) -> Problem:
    return Problem(f"line {line}: row id '{row_id}' is also on line {first}", file=source)


@dataclass
class Outcome:
    """What the chunks held, once every worker has answered."""

    rows: int = 0
    added: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)
    groups: set[str] = field(default_factory=set)


def load(store: Store, text: str, *, source: str, layout: Layout, stamp: str, level: str,
         status: str, workers: int, progress: Progress | None = None) -> Outcome:
    """Read, check, stage and store the file's incidents; call inside the import's transaction.
    `problems` non-empty means the caller must refuse the file (roll back)."""
    header, chunks = split(text, min(MAX_CHUNKS, workers * 4))
    layout.check_header(header, source)
    outcome = Outcome()
    seen: dict[str, int] = {}
    with store.bulk_loading(text.count("\n")), \
            tempfile.TemporaryDirectory(prefix="jirga-import-",
                                        dir=staging_dir(len(text))) as directory, \
            ProcessPoolExecutor(max_workers=workers,
                                mp_context=multiprocessing.get_context("spawn")) as pool:
        futures: list[Future[ChunkResult]] = []
        try:
            for index, (start, end, lines) in enumerate(chunks):
                futures.append(pool.submit(work, Job(
                    index, text[start:end], header, lines, source, layout, stamp, level, status,
                    store.stager, directory)))
            for future in futures:
                _take(store, future.result(), outcome, seen, source, progress)
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        # Attached staging files are released when the transaction ends; removing the
        # directory first is safe (an unlinked file stays readable while it is open).
    return outcome


def _take(store: Store, chunk: ChunkResult, outcome: Outcome, seen: dict[str, int], source: str,
          progress: Progress | None) -> None:
    """Count a chunk in, and store it unless some row so far was bad."""
    _merge(outcome, chunk, seen, source)
    if outcome.problems or chunk.staged is None:
        return
    outcome.added += store.load_new(chunk.staged)
    if progress:
        progress(chunk.staged.count)


def _merge(outcome: Outcome, chunk: ChunkResult, seen: dict[str, int], source: str) -> None:
    outcome.rows += chunk.rows
    outcome.skipped.update(chunk.skipped)
    outcome.groups.update(chunk.groups)
    problems = list(chunk.problems)
    for row_id, line in zip(chunk.row_ids, chunk.lines, strict=True):
        first = seen.setdefault(row_id, line)
        if first != line:
            problems.append((line, _twice(row_id, line, first, source)))
    outcome.problems.extend(p for _, p in sorted(problems, key=itemgetter(0)))
