"""TAXII benchmark: add-objects and paged get-objects through a live `jirga serve`, beside
medallion (the OASIS TAXII 2.1 reference server, memory backend) on the same objects, same run.

    .venv/bin/python bench/taxii.py                          # 10,000 and 1,000,000 objects
    .venv/bin/python bench/taxii.py --sizes 10000 --bundles 1000 --skip-medallion
    .venv/bin/python bench/taxii.py --sizes 1000000 --skip-medallion --signed-objects

jirga side: a fresh SQLite node with one party, its signing key (signed tree heads, so each
add-objects status carries receipts; --unsigned-node leaves it out), one admin token and one
`posted` collection, served by `jirga serve` (uvicorn, one process) on a free loopback port.
A client POSTs the objects as TAXII envelopes of --bundle objects (full validation, the TLP
policy, status records), then walks the whole collection with limit=100 and `next`, timing
every page.
--signed-objects: the objects come from a second party, POSTER, whose public key the node
imported (`jirga keys import`, as after a key exchange): each carries POSTER's Ed25519
signature (signed in the benchmark before the clock starts), POSTER's analyst posts them with
its own token, and the node verifies every signature on add.
Ceiling: the same objects' JSON rows inserted with raw sqlite3 `executemany` into a table keyed
by (id, version), one transaction per envelope, WAL with synchronous=NORMAL as the node runs,
no validation, no index but the key: what any synchronous path that stores each object in
SQLite through Python can at most reach on this machine.
medallion runs ../shared/reference-bench/bench_medallion.py in its own virtualenv
(bench/.anchors-venv, created on first use from that folder's requirements.txt) on the same
10,000 stixgen objects. Objects come from ../shared/reference-bench/stixgen.py (about 1 KB each).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx2
import orjson

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = Path(os.environ.get("JIRGA_SHARED", ROOT.parent / "shared")) / "reference-bench"
ANCHORS = ROOT / "bench" / ".anchors-venv"
sys.path.insert(0, str(REFERENCE))

import stixgen  # noqa: E402

from jirga.sharing import collections, tokens  # noqa: E402
from jirga.sharing.parties import add_party  # noqa: E402
from jirga.sharing.users import add_user  # noqa: E402
from jirga.store import open_store  # noqa: E402
from jirga.trust import keys, signatures  # noqa: E402

MT = "application/taxii+json;version=2.1"
CHUNK = 100_000  # objects generated per stixgen call (seed 42, 43, …): memory stays bounded


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def objects(n: int) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for k, start in enumerate(range(0, n, CHUNK)):
        out.extend(stixgen.generate(min(CHUNK, n - start), seed=42 + k))
    return out


def node_env(db: str) -> dict[str, str]:
    """The node's settings: its party, a large request limit, its own keys folder."""
    return {**os.environ, "JIRGA_PARTY": "BENCH", "JIRGA_MAX_REQUEST_BYTES": "200MB",
            "JIRGA_KEYS_DIR": str(Path(db).parent / (Path(db).stem + "-keys"))}


def prepare_node(db: str, signed: bool = True,
                 poster: bool = False) -> tuple[str, str, keys.SigningKey | None]:
    """Party, admin, token and collection, as an operator would set them up; with `signed`,
    the party's signing key too (`jirga keys create`), so tree heads are signed and every
    add-objects status carries receipts (inclusion proofs), as on a node of the trust layer.
    With `poster`, a second party POSTER whose analyst posts (the token returned) and whose
    public key the node imports; its signing key is returned to sign the objects."""
    store = open_store(db)
    try:
        add_party(store, "BENCH", "Benchmark party")
        add_user(store, "bench", "BENCH", "admin", "benchmark password")
        token = tokens.create_token(store, "bench", expires="1d").token
        collection = collections.add_collection(store, "bench").id
        if poster:
            author = add_party(store, "POSTER", "Posting party").identity_id
            add_user(store, "poster", "POSTER", "analyst", "benchmark password")
            collections.grant(store, "bench", "POSTER", read=True, write=True)
            token = tokens.create_token(store, "poster", expires="1d").token
    finally:
        store.close()
    if signed:
        jirga(db, "keys", "create", "--party", "BENCH", "--no-passphrase")
    if not poster:
        return token, collection, None
    private, public = keys.generate(author, "POSTER")  # POSTER's own key, on its own node
    jwks = Path(db).with_suffix(".poster.jwks")
    jwks.write_bytes(orjson.dumps({"keys": [{**public.jwk(), "party_ref": author,
                                             "party_code": "POSTER"}]}))
    jirga(db, "keys", "import", str(jwks))
    return token, collection, keys.SigningKey.from_seed(public, private.private_bytes_raw())


def jirga(db: str, *args: str) -> None:
    subprocess.run([sys.executable, "-m", "jirga.cli.main", "--db", db, *args], env=node_env(db),
                   check=True, stdout=subprocess.DEVNULL)


def envelopes(n: int, bundle: int, author: keys.SigningKey | None) -> list[bytes]:
    """The request bodies; with `author`, each object claims and carries its signature."""
    generated = objects(n)
    out = []
    for i in range(0, n, bundle):
        batch = generated[i:i + bundle]
        if author is not None:
            batch = [signatures.sign({**o, "created_by_ref": author.party_ref}, author)
                     for o in batch]
        out.append(orjson.dumps({"objects": batch}))
    return out


def raw_sqlite(bodies: list[bytes], tmp: Path) -> dict[str, Any]:
    """The ceiling: the envelopes' objects as JSON rows through sqlite3 `executemany`, one
    transaction per envelope (parsing and serialising each object included), nothing else."""
    path = tmp / "raw.db"
    conn = sqlite3.connect(path, isolation_level=None)
    for pragma in ("page_size = 16384", "journal_mode = WAL", "synchronous = NORMAL",
                   "cache_size = -65536"):
        conn.execute(f"PRAGMA {pragma}")
    conn.execute("CREATE TABLE v (id TEXT, version TEXT, json TEXT, PRIMARY KEY (id, version))")
    n = 0
    start = time.perf_counter()
    for body in bodies:
        batch = orjson.loads(body)["objects"]
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO v VALUES (?, ?, ?)",
                         [(o["id"], o["modified"], orjson.dumps(o).decode()) for o in batch])
        conn.execute("COMMIT")
        n += len(batch)
    total = time.perf_counter() - start
    conn.close()
    for leftover in tmp.glob("raw.db*"):
        leftover.unlink()
    return {"total_s": round(total, 2), "objects_per_s": round(n / total)}


def start_server(db: str, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = node_env(db)
    proc = subprocess.Popen([sys.executable, "-m", "jirga.cli.main", "--db", db, "serve",
                             "--port", str(port)], env=env, stdout=log.open("wb"),
                            stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx2.get(base + "/taxii2/", timeout=1).status_code == 401:
                return proc, base
        except httpx2.HTTPError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError(f"jirga serve did not come up; see {log}")


def stop(proc: subprocess.Popen[bytes]) -> None:
    os.kill(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def ms(seconds: float) -> float:
    return round(seconds * 1e3, 2)


def bench_jirga(n: int, bundle: int, tmp: Path, signed: bool = True,
                signed_objects: bool = False) -> dict[str, Any]:
    db = str(tmp / f"jirga-{n}.db")
    token, collection, author = prepare_node(db, signed, poster=signed_objects)
    bodies = envelopes(n, bundle, author)
    out: dict[str, Any] = {"n": n, "bundle": bundle, "signed_node": signed,
                           "signed_objects": signed_objects, "load_before": os.getloadavg()}
    out["raw_sqlite"] = raw_sqlite(bodies, tmp)
    proc, base = start_server(db, tmp / f"server-{n}.log")
    url = f"{base}/taxii2/api/collections/{collection}/objects/"
    headers = {"Authorization": f"Bearer {token}", "Accept": MT}
    try:
        with httpx2.Client(headers=headers, timeout=600) as http:
            out["add"] = add_all(http, url, bodies, n)
            out["load_after_add"] = os.getloadavg()
            del bodies
            out["get"] = page_all(http, url, n)
            out["first_page_ms"] = first_page(http, url)
    finally:
        stop(proc)
    out["db_mib"] = round(Path(db).stat().st_size / 2**20, 1)
    return out


def add_all(http: httpx2.Client, url: str, bodies: list[bytes], n: int) -> dict[str, Any]:
    times, receipts = [], 0
    start = time.perf_counter()
    for body in bodies:
        began = time.perf_counter()
        answer = http.post(url, content=body, headers={"Content-Type": MT})
        times.append(time.perf_counter() - began)
        status = answer.json()
        if answer.status_code != 202 or status["failure_count"]:
            raise RuntimeError(f"add objects failed: {answer.status_code} {answer.text[:300]}")
        receipts += len(status.get("x_jirga_receipts", ()))
    total = time.perf_counter() - start
    return {"total_s": round(total, 2), "objects_per_s": round(n / total),
            "request_p50_ms": ms(statistics.median(times)), "request_p99_ms": ms(pct(times, .99)),
            "receipts": receipts}


def page_all(http: httpx2.Client, url: str, n: int) -> dict[str, Any]:
    """Every object through pages of 100 with `next`, as a client that reads it all would."""
    times, seen, params = [], 0, {"limit": "100"}
    start = time.perf_counter()
    while True:
        began = time.perf_counter()
        answer = http.get(url, params=params)
        times.append(time.perf_counter() - began)
        envelope = answer.json()
        seen += len(envelope.get("objects", ()))
        if not envelope.get("more"):
            break
        params = {"limit": "100", "next": envelope["next"]}
    total = time.perf_counter() - start
    if seen != n:
        raise RuntimeError(f"paged {seen} objects back, expected {n}")
    return {"pages": len(times), "total_s": round(total, 2), "objects_per_s": round(n / total),
            "page_p50_ms": ms(statistics.median(times)), "page_p99_ms": ms(pct(times, .99)),
            "page_max_ms": ms(max(times))}


def first_page(http: httpx2.Client, url: str, repeats: int = 20) -> float:
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        http.get(url, params={"limit": "100"}).raise_for_status()
        times.append(time.perf_counter() - began)
    return ms(statistics.median(times))


def bench_medallion(n: int, bundle: int, tmp: Path, timeout: float) -> dict[str, Any]:
    python = ANCHORS / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(ANCHORS)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "-r",
                        str(REFERENCE / "requirements.txt")], check=True)
    out = tmp / "medallion.json"
    subprocess.run([str(python), str(REFERENCE / "bench_medallion.py"), "--n", str(n),
                    "--bundle", str(bundle), "--get-runs", "1", "--queries",
                    "first_page_limit100", "--get-timeout", str(timeout), "--out", str(out)],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    raw = json.loads(out.read_text())
    first = raw.get("get", {}).get("first_page_limit100", {})
    return {"n": n, "bundle": bundle, "objects_per_s": raw["ingest"]["objects_per_s"],
            "ingest_s": raw["ingest"]["total_s"], "first_page_s": first.get("median_s"),
            "first_page_at_least_s": None if first.get("median_s") else timeout,
            "first_page_runs": first.get("runs_s"), "versions": raw.get("versions")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,1000000", help="object counts, comma-separated")
    parser.add_argument("--bundles", default="1000,5000",
                        help="objects per add-objects request, one per size (medallion: the first)")
    parser.add_argument("--medallion-n", type=int, default=10_000)
    parser.add_argument("--medallion-timeout", type=float, default=300.0,
                        help="seconds medallion may take for its first page (then: at least that)")
    parser.add_argument("--skip-medallion", action="store_true")
    parser.add_argument("--unsigned-node", action="store_true",
                        help="no party key: unsigned tree heads, no receipts in the statuses")
    parser.add_argument("--signed-objects", action="store_true",
                        help="objects signed by a second party whose key the node knows: the "
                             "node verifies every signature on add")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "taxii.json")
    args = parser.parse_args()
    results: dict[str, Any] = {"jirga": {}}
    with tempfile.TemporaryDirectory(prefix="jirga-taxii-bench-") as tmp:
        sizes = [int(s) for s in args.sizes.split(",")]
        bundles = [int(b) for b in args.bundles.split(",")]
        for n, bundle in zip(sizes, bundles + bundles[-1:] * len(sizes), strict=False):
            results["jirga"][str(n)] = bench_jirga(n, bundle, Path(tmp),
                                                   signed=not args.unsigned_node,
                                                   signed_objects=args.signed_objects)
            print(f"jirga {n}: {results['jirga'][str(n)]}", file=sys.stderr, flush=True)
        if not args.skip_medallion:
            results["medallion"] = bench_medallion(args.medallion_n, bundles[0], Path(tmp),
                                                   args.medallion_timeout)
            print(f"medallion: {results['medallion']}", file=sys.stderr, flush=True)
    results["ratios"] = ratios(results)
    print_table(results)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2))
    print(f"\nresults written to {args.out}", file=sys.stderr)


def ratios(results: dict[str, Any]) -> dict[str, Any]:
    med = results.get("medallion")
    same = results["jirga"].get(str(med["n"])) if med else None
    if not med or not same:
        return {}
    out: dict[str, Any] = {
        "add_objects_per_s": round(same["add"]["objects_per_s"] / med["objects_per_s"], 1)}
    if med["first_page_s"]:
        out["first_page_latency"] = round(med["first_page_s"] * 1e3 / same["first_page_ms"])
    else:  # medallion did not answer within the timeout: a lower bound
        out["first_page_latency_at_least"] = round(
            med["first_page_at_least_s"] * 1e3 / same["first_page_ms"])
    return out


def print_table(r: dict[str, Any]) -> None:
    print(f"load average {os.getloadavg()} on {os.cpu_count()} cores")
    print(f"{'':34}{'objects/s':>12}{'p50 ms':>10}{'p99 ms':>10}")
    for n, j in r["jirga"].items():
        add, get = j["add"], j["get"]
        print(f"jirga add-objects   {int(n):>12,}  {add['objects_per_s']:>12,}"
              f"{add['request_p50_ms']:>10}{add['request_p99_ms']:>10}   (per {j['bundle']}"
              f"{', signed objects' if j.get('signed_objects') else ''})")
        raw = j["raw_sqlite"]["objects_per_s"]
        print(f"raw sqlite3 insert  {int(n):>12,}  {raw:>12,}{'':20}   ceiling; jirga add at "
              f"{add['objects_per_s'] / raw:.1%} of it")
        print(f"jirga page of 100   {int(n):>12,}  {get['objects_per_s']:>12,}"
              f"{get['page_p50_ms']:>10}{get['page_p99_ms']:>10}   first page {j['first_page_ms']} ms")
    med = r.get("medallion")
    if med:
        first = (f"{med['first_page_s']:.1f} s" if med["first_page_s"]
                 else f"> {med['first_page_at_least_s']:.0f} s (timed out)")
        print(f"medallion add       {med['n']:>12,}  {med['objects_per_s']:>12,}"
              f"{'':20}   first page {first}")
    for name, value in r.get("ratios", {}).items():
        print(f"ratio jirga/medallion {name}: {value}x")


if __name__ == "__main__":
    main()
