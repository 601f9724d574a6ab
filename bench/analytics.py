"""Register benchmark: a 1,000,000-row ACLED-layout dataset imported into a new SQLite store, and
the main analytics queries, beside the same queries in DuckDB over the same data, same run.

    .venv/bin/python bench/analytics.py                 # 1,000,000 rows
    .venv/bin/python bench/analytics.py --n 100000      # a quicker look
    .venv/bin/python bench/analytics.py --db postgresql://…   # the server backend

jirga side: `jirga import --format acled` as a function call (`datasets.import_dataset`): read
and check every row, build the STIX incidents, store them (versions, current pointers,
markings, text index, projections) in one transaction. Queries go through the service
functions the CLI calls (`stats.stats_by`, `stats.compare`), scope and all. DuckDB side: the
same CSV loaded into a table with the same derived columns (not timed as a query), then the
same three aggregates. Targets: import under 60 s; each query under 1 s and within 2x DuckDB.
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import multiprocessing
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from jirga.analytics import stats  # noqa: E402
from jirga.analytics.scope import Scope  # noqa: E402
from jirga.config import Settings  # noqa: E402
from jirga.incidents import datasets, parallel  # noqa: E402
from jirga.incidents.groups import GroupResolver  # noqa: E402
from jirga.incidents.layouts import AcledLayout  # noqa: E402
from jirga.model import timestamps  # noqa: E402
from jirga.model.ids import stable_id  # noqa: E402
from jirga.sharing import policy  # noqa: E402
from jirga.sharing.principal import Principal  # noqa: E402
from jirga.store import Visibility, open_store  # noqa: E402
from jirga.store.analytics import CountsTable  # noqa: E402
from jirga.store.incidents import IncidentFilter  # noqa: E402

ALL = Visibility.everything()
HEADER = ("event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
          "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
          "inter2", "interaction", "civilian_targeting", "iso", "region", "country", "admin1",
          "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
          "source_scale", "notes", "fatalities", "tags", "timestamp")
PLACES = {  # province: (districts/places, latitude, longitude, weight)
    ("Pakistan", "586", "Khyber Pakhtunkhwa"): (("Peshawar", "Bannu", "Dera Ismail Khan",
                                                 "North Waziristan", "Bajaur", "Khyber",
                                                 "Lakki Marwat"), 33.5, 71.0, 40),
    ("Pakistan", "586", "Balochistan"): (("Quetta", "Kech", "Mastung", "Kachhi", "Panjgur"),
                                         29.5, 66.5, 25),
    ("Pakistan", "586", "Sindh"): (("Karachi", "Hyderabad", "Larkana"), 25.0, 68.0, 8),
    ("Pakistan", "586", "Punjab"): (("Lahore", "Rawalpindi", "Dera Ghazi Khan"), 31.0, 73.0, 7),
    ("Afghanistan", "4", "Nangarhar"): (("Jalalabad", "Achin"), 34.3, 70.4, 8),
    ("Afghanistan", "4", "Kabul"): (("Kabul",), 34.5, 69.2, 7),
    ("Afghanistan", "4", "Kandahar"): (("Kandahar", "Spin Boldak"), 31.6, 65.7, 5),
}
ACTORS = ("TTP: Tehreek-i-Taliban Pakistan", "BLA: Baloch Liberation Army",
          "IS: Islamic State (Pakistan)", "Unidentified Armed Group (Pakistan)",
          "LeJ: Lashkar-e-Jhangvi", "JuA: Jamaat-ul-Ahrar", "BLF: Balochistan Liberation Front",
          "Hafiz Gul Bahadur Group")
EVENTS = (("Explosions/Remote violence", "Suicide bomb", 8),
          ("Explosions/Remote violence", "Remote explosive/landmine/IED", 30),
          ("Explosions/Remote violence", "Grenade", 7),
          ("Violence against civilians", "Attack", 25),
          ("Violence against civilians", "Abduction/forced disappearance", 5),
          ("Battles", "Armed clash", 25))
START = date(2015, 1, 1)


def generate(path: Path, n: int, seed: int = 7) -> None:
    """n seeded ACLED-layout rows, every one an attack by a non-state actor."""
    rng = random.Random(seed)
    places = list(PLACES.items())
    place_weights = [p[1][3] for p in places]
    event_weights = [e[2] for e in EVENTS]
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for i in range(n):
            (country, iso, admin1), (districts, lat, lon, _) = rng.choices(places, place_weights)[0]
            event, sub, _ = rng.choices(EVENTS, event_weights)[0]
            district = rng.choice(districts)
            day = START + timedelta(days=rng.randrange(3653))
            civilians = event == "Violence against civilians"
            actor2, inter2 = (("Civilians (Pakistan)", "Civilians") if civilians else
                              ("Police Forces of Pakistan (2018-)", "State forces"))
            killed = int(rng.expovariate(0.35)) if rng.random() < 0.8 else 0
            writer.writerow((
                f"{iso}{i}", day.isoformat(), day.year, 1, "Political violence", event, sub,
                rng.choice(ACTORS), "", "Rebel group", actor2, "", inter2, "",
                "Civilian targeting" if civilians else "", iso, "Southern Asia", country, admin1,
                district, "", district, f"{lat + rng.uniform(-1, 1):.4f}",
                f"{lon + rng.uniform(-1, 1):.4f}", 1, "Generated", "National",
                f"Generated event {i} in {district}.", killed, "", 1700000000))


def median_s(fn: Callable[[], Any], repeats: int) -> float:
    fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def children_cpu() -> float:
    """CPU seconds of finished child processes (the import's workers, once their pool ends)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def reader_visibility(db: str) -> Visibility:
    """What a PK-MOI analyst signed in to this node may read."""
    settings = Settings.from_env(environ={"JIRGA_PARTY": "PK-MOI"}, db=db)
    analyst = Principal(user="analyst", party_id=stable_id("identity", "bench", "PK-MOI"),
                        party_code="PK-MOI", role="analyst")
    return policy.visibility(analyst, settings)


def bench_jirga(csv_path: Path, db: str, repeats: int) -> dict[str, Any]:
    store = open_store(db)
    gc.collect()
    start, cpu, workers = time.perf_counter(), time.process_time(), children_cpu()
    report = datasets.import_dataset(store, csv_path, AcledLayout(GroupResolver.of(store)))
    imported = time.perf_counter() - start
    cpu = time.process_time() - cpu
    workers = children_cpu() - workers
    scope = Scope(IncidentFilter(statuses=("accepted",)), "benchmark")
    reader = reader_visibility(db)
    rows = Visibility(f"({reader.where}) AND v.id IS NOT NULL", reader.params, "row by row")
    queries = {
        "monthly": lambda: stats.stats_by(store, "month", scope, visibility=ALL),
        "by_province": lambda: stats.stats_by(store, "province", scope, visibility=ALL),
        "compare": lambda: stats.compare(store, "2020-01-01", 24, scope, visibility=ALL),
        # A signed-in analyst: the TLP policy reads the pre-summed counts (m070), and the
        # same rule forced onto the incidents row by row, as every reader's query ran before.
        "reader_monthly": lambda: stats.stats_by(store, "month", scope, visibility=reader),
        "reader_monthly_row_by_row": lambda: stats.stats_by(store, "month", scope,
                                                            visibility=rows),
    }
    out = {"rows": report.rows, "added": report.added, "import_s": round(imported, 1),
           "import_cpu_s": round(cpu, 1), "import_worker_cpu_s": round(workers, 1),
           "import_rows_per_s": round(report.rows / imported)}
    answers = {name: fn() for name, fn in queries.items()}
    for name, fn in queries.items():
        out[f"{name}_s"] = round(median_s(fn, repeats), 4)
    if answers["reader_monthly"].rows != answers["reader_monthly_row_by_row"].rows:
        raise AssertionError("the reader's monthly figures differ from the row-by-row ones")
    out["answers"] = answers
    store.close()
    return out


def bench_writer(csv_path: Path, directory: Path) -> dict[str, Any]:
    """The single SQLite writer's share of the import, alone: every chunk is staged by the
    workers first, then only what the loading connection must do is timed (insert the staged
    rows with their text index and log leaves, fold the counts, build the indexes, commit).
    SQLite has one writer, so no import of this content ends sooner, whatever its workers do."""
    text = csv_path.read_text()
    store = open_store(str(directory / "writer.db"))
    layout = AcledLayout(GroupResolver.of(store))
    header, chunks = parallel.split(text, parallel.MAX_CHUNKS)
    stamp = timestamps.now()
    with tempfile.TemporaryDirectory(dir=parallel.staging_dir(len(text))) as staging, \
            ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        jobs = [parallel.Job(k, text[a:b], header, lines, "bench.csv", layout, stamp, "clear",
                             "accepted", store.stager, staging)
                for k, (a, b, lines) in enumerate(chunks)]
        staged = [r.staged for r in pool.map(parallel.work, jobs)]
        gc.collect()
        start, cpu = time.perf_counter(), time.process_time()
        with store.db.transaction():
            CountsTable(store.db).refresh()
            with store.bulk_loading(text.count("\n")):
                for chunk in staged:
                    assert chunk is not None
                    store.load_new(chunk)
        out = {"writer_s": round(time.perf_counter() - start, 1),
               "writer_cpu_s": round(time.process_time() - cpu, 1)}
    store.close()
    return out


def bench_duckdb(csv_path: Path, repeats: int) -> dict[str, Any]:
    import duckdb

    con = duckdb.connect()
    start = time.perf_counter()
    con.execute(f"""
        CREATE TABLE incidents AS SELECT
          event_id_cnty AS id, CAST(event_date AS DATE) AS occurred,
          strftime(CAST(event_date AS DATE), '%Y-%m') AS month, admin1 AS admin1_name,
          CAST(fatalities AS INTEGER) AS killed, CAST(NULL AS INTEGER) AS injured,
          'accepted' AS review_status
        FROM read_csv('{csv_path}', header = true, all_varchar = true)""")
    loaded = time.perf_counter() - start
    sql = {
        "monthly": "SELECT month, COUNT(*), COALESCE(SUM(killed), 0), COALESCE(SUM(injured), 0) "
                   "FROM incidents WHERE review_status = 'accepted' GROUP BY month ORDER BY month",
        "by_province": "SELECT admin1_name, COUNT(*), COALESCE(SUM(killed), 0), "
                       "COALESCE(SUM(injured), 0) FROM incidents WHERE review_status = 'accepted' "
                       "GROUP BY admin1_name",
        "compare": "SELECT SUM(CASE WHEN occurred < DATE '2020-01-01' THEN 1 ELSE 0 END), "
                   "SUM(CASE WHEN occurred < DATE '2020-01-01' THEN killed ELSE 0 END), "
                   "SUM(CASE WHEN occurred >= DATE '2020-01-01' THEN 1 ELSE 0 END), "
                   "SUM(CASE WHEN occurred >= DATE '2020-01-01' THEN killed ELSE 0 END) "
                   "FROM incidents WHERE review_status = 'accepted' "
                   "AND occurred >= DATE '2018-01-01' AND occurred < DATE '2022-01-01'",
    }
    out: dict[str, Any] = {"load_s": round(loaded, 2)}
    answers = {}
    for name, text in sql.items():
        answers[name] = con.execute(text).fetchall()
        out[f"{name}_s"] = round(median_s(lambda t=text: con.execute(t).fetchall(), repeats), 4)
    out["answers"] = answers
    return out


def check_same(jirga: dict[str, Any], duck: dict[str, Any]) -> None:
    """The two sides must agree before their speeds mean anything."""
    monthly = {r["key"]: (r["incidents"], r["killed"]) for r in jirga["monthly"].rows
               if r["incidents"]}
    assert monthly == {m: (n, k) for m, n, k, _ in duck["monthly"]}, "monthly series differ"
    provinces = {r["key"]: (r["incidents"], r["killed"]) for r in jirga["by_province"].rows}
    assert provinces == {p: (n, k) for p, n, k, _ in duck["by_province"]}, "provinces differ"
    c = jirga["compare"]
    d = duck["compare"][0]
    assert (c.before["incidents"], c.before["killed"], c.after["incidents"],
            c.after["killed"]) == tuple(d), "comparisons differ"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="rows to generate")
    parser.add_argument("--repeats", type=int, default=5, help="runs per query (median)")
    parser.add_argument("--db", help="a postgresql:// URL (default: a new SQLite file)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "analytics.json",
                        help="where the raw figures go (JSON)")
    parser.add_argument("--writer", action="store_true",
                        help="also time the single SQLite writer's share alone (SQLite only)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jirga-bench-") as tmp:
        csv_path = Path(tmp) / "acled.csv"
        start = time.perf_counter()
        generate(csv_path, args.n)
        print(f"generated {args.n:,} rows ({csv_path.stat().st_size / 2**20:.0f} MiB) "
              f"in {time.perf_counter() - start:.1f} s")
        jirga = bench_jirga(csv_path, args.db or str(Path(tmp) / "jirga.db"), args.repeats)
        duck = bench_duckdb(csv_path, args.repeats)
        if args.writer and not args.db:
            jirga.update(bench_writer(csv_path, Path(tmp)))
    check_same(jirga["answers"], duck["answers"])
    raw = {"n": args.n, "load_average": os.getloadavg()[0],
           "jirga": {k: v for k, v in jirga.items() if k != "answers"},
           "duckdb": {k: v for k, v in duck.items() if k != "answers"}}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(raw, indent=2) + "\n")
    print(f"import: {jirga['rows']:,} rows in {jirga['import_s']} s "
          f"({jirga['import_rows_per_s']:,} rows/s; CPU: {jirga['import_cpu_s']} s in the main "
          f"process, {jirga['import_worker_cpu_s']} s in workers; "
          f"target < 60 s); DuckDB loads the CSV in {duck['load_s']} s")
    if "writer_s" in jirga:
        print(f"the SQLite writer's share alone (every chunk staged first): "
              f"{jirga['writer_s']} s ({jirga['writer_cpu_s']} s of CPU)")
    print(f"machine load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'query':<12} {'jirga s':>9} {'DuckDB s':>9} {'ratio':>6}  target: < 1 s and ratio <= 2")
    for name in ("monthly", "by_province", "compare"):
        ours, theirs = jirga[f"{name}_s"], duck[f"{name}_s"]
        print(f"{name:<12} {ours:>9.4f} {theirs:>9.4f} {ours / theirs:>6.2f}")
    reader, by_rows = jirga["reader_monthly_s"], jirga["reader_monthly_row_by_row_s"]
    print(f"signed-in analyst, monthly: {reader:.4f} s from the counts; {by_rows:.4f} s with the "
          f"same policy row by row ({by_rows / reader:,.0f}x); DuckDB without any policy "
          f"{duck['monthly_s']:.4f} s (ratio {reader / duck['monthly_s']:.2f})")
    print(f"raw figures: {args.out}")


if __name__ == "__main__":
    main()
