"""Store benchmark: import with full validation and filtered current-version pages, beside the
references a user would otherwise pick, measured in the same run on the same objects.

    .venv/bin/python bench/store.py                    # 100,000 objects, every reference
    .venv/bin/python bench/store.py --n 20000 --ref-n 5000 --skip-fs

jirga side: `read_content` (parse + validate every object) then `Store.add_objects` into a new
SQLite file (versions, current pointers, markings, FTS5 index, projections), one transaction.
References: a raw `sqlite3` insert of the same JSON (the reference-bench schema), the `stix2`
MemoryStore (load, then the query) and FileSystemStore (add parsed objects, then the query).
The query is the reference-bench one: type = indicator AND created_by_ref = one of ten
producers (10 % of objects); jirga answers it as a page of 100 current objects.
Objects come from ../shared/reference-bench/stixgen.py (seeded, about 1 KB each).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = Path(os.environ.get("JIRGA_SHARED", ROOT.parent / "shared")) / "reference-bench"
sys.path.insert(0, str(REFERENCE))

import stixgen  # noqa: E402

from jirga.model.bundle import read_content  # noqa: E402
from jirga.objects.interchange import bulk  # noqa: E402
from jirga.store import ObjectFilter, Visibility, open_store  # noqa: E402

ALL = Visibility.everything()


def median_ms(fn: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    fn()  # warm caches, as a server that has been up for a while would be
    times, out = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return round(statistics.median(times) * 1e3, 3), out


def import_once(data: bytes, n: int, path: Path) -> tuple[Any, dict[str, Any]]:
    """One import of the bundle into a new store file, timed by phase."""
    store = open_store(str(path))
    gc.collect()
    start = time.perf_counter()
    with bulk():  # what `jirga import` does
        content = read_content(data, "generated")
        validated = time.perf_counter()
        result = store.add_objects(content.objects)
    done = time.perf_counter()
    assert result.as_dict()["added"] == n
    return store, {
        "import_s": round(done - start, 2),
        "import_objects_per_s": round(n / (done - start)),
        "validate_objects_per_s": round(n / (validated - start)),
        "store_objects_per_s": round(n / (done - validated)),
    }


def bench_jirga(objects: list[dict[str, Any]], tmp: Path, repeats: int,
                imports: int = 1) -> dict[str, Any]:
    """`imports` imports into new files (the median one reported, every rate listed: one
    import on a shared machine varies by ±15 %), then the queries on the last store."""
    data = orjson.dumps({"type": "bundle", "id": "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d",
                         "objects": objects})
    n = len(objects)
    runs: list[dict[str, Any]] = []
    store = None
    for k in range(imports):
        if store is not None:
            store.close()
            for leftover in tmp.glob("jirga.db*"):
                leftover.unlink()
        store, figures = import_once(data, n, tmp / "jirga.db")
        runs.append(figures)
        print(f"import {k + 1}/{imports}: {figures}", file=sys.stderr, flush=True)
    assert store is not None
    out: dict[str, Any] = dict(sorted(runs, key=lambda r: r["import_s"])[len(runs) // 2])
    if imports > 1:
        out["import_runs_objects_per_s"] = [r["import_objects_per_s"] for r in runs]
    producer = stixgen.QUERY_IDENTITY
    queries = {
        "type_and_creator_page100": ObjectFilter(types=("indicator",), created_by=(producer,)),
        "type_page100": ObjectFilter(types=("report",)),
        "marking_page100": ObjectFilter(markings=(stixgen.TLP_AMBER,)),
        "text_page100": ObjectFilter(text="ransomware exfiltration"),
        "modified_range_page100": ObjectFilter(modified_from="2024-02-01", modified_to="2024-02-20"),
    }
    for name, query in queries.items():
        for order in ("added", "recent"):
            label = name if order == "added" else name + "_recent_first"
            ms, page = median_ms(lambda q=query, o=order: store.current(q, visibility=ALL,
                                                                        limit=100, order=o),
                                 repeats)
            out[label + "_ms"] = ms
            out[label + "_rows"] = len(page.items)
    # a page deep into the result: the cursor keeps it as cheap as the first
    flt = ObjectFilter(types=("indicator",))
    cursor = None
    for _ in range(50):
        cursor = store.current(flt, visibility=ALL, limit=100, cursor=cursor).next
    ms, _ = median_ms(lambda: store.current(flt, visibility=ALL, limit=100, cursor=cursor), repeats)
    out["page_51_of_indicators_ms"] = ms
    ms, _ = median_ms(lambda: store.get(objects[n // 2]["id"], visibility=ALL), repeats)
    out["get_by_id_ms"] = ms
    out["db_file_MiB"] = round((tmp / "jirga.db").stat().st_size / 2**20, 1)
    store.close()
    return out


def bench_raw_sqlite(objects: list[dict[str, Any]], tmp: Path) -> dict[str, Any]:
    rows = [(o["id"], o["type"], o["modified"], json.dumps(o, separators=(",", ":")))
            for o in objects]
    conn = sqlite3.connect(str(tmp / "raw.db"), isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.executescript("""
        CREATE TABLE objects (seq INTEGER PRIMARY KEY, id TEXT NOT NULL, type TEXT NOT NULL,
                              modified TEXT NOT NULL, json TEXT NOT NULL, UNIQUE(id, modified));
        CREATE INDEX ix_type_modified ON objects(type, modified);
        CREATE INDEX ix_created_by ON objects(json_extract(json, '$.created_by_ref'));
    """)
    start = time.perf_counter()
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO objects(id, type, modified, json) VALUES (?,?,?,?)", rows)
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    conn.close()
    return {"insert_s": round(elapsed, 2), "insert_rows_per_s": round(len(rows) / elapsed)}


def bench_memory_store(objects: list[dict[str, Any]]) -> tuple[dict[str, Any], list[Any]]:
    from stix2 import Filter, MemoryStore

    start = time.perf_counter()
    memory = MemoryStore(stix_data=objects)
    load = time.perf_counter() - start
    query = [Filter("type", "=", "indicator"), Filter("created_by_ref", "=", stixgen.QUERY_IDENTITY)]
    ms, found = median_ms(lambda: memory.query(query), 3)
    return ({"load_s": round(load, 2), "load_objects_per_s": round(len(objects) / load),
             "query_ms": ms, "query_rows": len(found)}, memory.query())


def bench_fs_store(parsed: list[Any], tmp: Path) -> dict[str, Any]:
    from stix2 import FileSystemStore, Filter

    folder = tmp / "fs"
    folder.mkdir()
    fs = FileSystemStore(str(folder))
    start = time.perf_counter()
    fs.add(parsed)
    add = time.perf_counter() - start
    query = [Filter("type", "=", "indicator"), Filter("created_by_ref", "=", stixgen.QUERY_IDENTITY)]
    start = time.perf_counter()
    found = fs.query(query)
    elapsed = time.perf_counter() - start
    return {"add_parsed_objects_per_s": round(len(parsed) / add), "query_ms": round(elapsed * 1e3),
            "query_rows": len(found)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="objects in the store")
    parser.add_argument("--ref-n", type=int, default=None,
                        help="objects for the stix2 references (default: --n)")
    parser.add_argument("--repeats", type=int, default=50)
    parser.add_argument("--skip-fs", action="store_true", help="skip FileSystemStore (slow)")
    parser.add_argument("--imports", type=int, default=1,
                        help="imports into new files; the median one is reported")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "store.json")
    args = parser.parse_args()
    objects = stixgen.generate(args.n)
    ref_n = args.ref_n or args.n
    tmp = Path(tempfile.mkdtemp(prefix="jirga-bench-"))
    results: dict[str, Any] = {"n": args.n, "ref_n": ref_n}
    try:
        results["jirga_sqlite"] = bench_jirga(objects, tmp, args.repeats, args.imports)
        print("jirga", results["jirga_sqlite"], file=sys.stderr, flush=True)
        raw_runs = []
        for _ in range(args.imports):  # as many runs as jirga's imports, the median reported
            for leftover in tmp.glob("raw.db*"):
                leftover.unlink()
            raw_runs.append(bench_raw_sqlite(objects, tmp))
        results["raw_sqlite3"] = sorted(raw_runs, key=lambda r: r["insert_s"])[len(raw_runs) // 2]
        print("raw sqlite3", results["raw_sqlite3"], file=sys.stderr, flush=True)
        memory, parsed = bench_memory_store(objects[:ref_n])
        results["stix2_memory_store"] = memory
        print("stix2 MemoryStore", memory, file=sys.stderr, flush=True)
        if not args.skip_fs:
            results["stix2_filesystem_store"] = bench_fs_store(parsed, tmp)
            print("stix2 FileSystemStore", results["stix2_filesystem_store"], file=sys.stderr)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    j, raw = results["jirga_sqlite"], results["raw_sqlite3"]
    results["ratios"] = {
        "import_vs_raw_sqlite_insert": round(j["import_objects_per_s"] / raw["insert_rows_per_s"], 2),
        "import_vs_memory_store_load": round(j["import_objects_per_s"]
                                             / memory["load_objects_per_s"], 1),
        "memory_store_query_vs_jirga_page": round(memory["query_ms"]
                                                  / j["type_and_creator_page100_ms"], 1),
    }
    print_table(results)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2))
    print(f"\nresults written to {args.out}", file=sys.stderr)


def print_table(r: dict[str, Any]) -> None:
    j, raw, mem = r["jirga_sqlite"], r["raw_sqlite3"], r["stix2_memory_store"]
    lines = [
        f"objects: {r['n']:,} (stix2 references: {r['ref_n']:,})",
        f"import, full validation   jirga {j['import_objects_per_s']:>9,}/s   "
        f"raw sqlite3 insert {raw['insert_rows_per_s']:,}/s   "
        f"stix2 MemoryStore load {mem['load_objects_per_s']:,}/s",
        f"  ratio to raw insert     {r['ratios']['import_vs_raw_sqlite_insert']}",
        f"filtered page of 100      jirga {j['type_and_creator_page100_ms']} ms   "
        f"stix2 MemoryStore query {mem['query_ms']} ms"
        + (f"   FileSystemStore {r['stix2_filesystem_store']['query_ms']:,} ms"
           if "stix2_filesystem_store" in r else ""),
    ]
    lines += [f"  {k:<28} {v}" for k, v in j.items() if k.endswith("_ms")]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
