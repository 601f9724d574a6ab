"""Trust benchmark: signing and verifying STIX objects end to end beside raw Ed25519, the Merkle
log at 100,000 leaves, and `jirga verify` over a large store beside raw verification.

    .venv/bin/python bench/trust.py                        # 5,000 objects, 100,000 leaves,
                                                           # verify over 100,000 objects
    .venv/bin/python bench/trust.py --verify-n 1000000     # the figure in docs/benchmarks.md

End to end, per object: sign = RFC 8785 canonical bytes (fast path) + Ed25519 signature (the
signature entry inside the object) + SHA-256 log leaf of the signed object; verify = canonical
bytes + Ed25519 verification of every entry + the leaf. References in the same run, on the
same canonical bytes: raw Ed25519 sign and verify with `cryptography` (OpenSSL) and `pynacl`
(libsodium), one core each. `jirga verify` runs `trust.verify.verify_store` with one process per
core over a SQLite store of signed objects; its reference is the raw verify time of the fastest
binding spread perfectly over the same cores (N / (cores x per-core rate)).
Objects come from ../shared/reference-bench/stixgen.py (seeded, about 1 KB each).
"""

from __future__ import annotations

import argparse
import math
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
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = Path(os.environ.get("JIRGA_SHARED", ROOT.parent / "shared")) / "reference-bench"
sys.path.insert(0, str(REFERENCE))

import stixgen  # noqa: E402

from jirga.model import merkle  # noqa: E402
from jirga.model.canonical import canonical, is_fast  # noqa: E402
from jirga.objects.interchange import bulk  # noqa: E402
from jirga.store import Accepted, log, open_store  # noqa: E402
from jirga.store import trust as rows  # noqa: E402
from jirga.trust import keys, signatures, verify  # noqa: E402
from jirga.trust.keyring import key_row  # noqa: E402


def rate(fn: Callable[[], int]) -> float:
    """Items per CPU second of this process: on a shared machine, wall time measures the other
    tenants as much as the code; both sides of every ratio here are timed the same way."""
    start = time.process_time()
    count = fn()
    return count / (time.process_time() - start)


def party_keys() -> dict[str, keys.SigningKey]:
    out = {}
    for ref in stixgen.IDENTITY_IDS:
        seed = os.urandom(32)
        import nacl.bindings

        raw, _ = nacl.bindings.crypto_sign_seed_keypair(seed)
        public = keys.PublicKey(keys.thumbprint(raw), ref, raw, "2020-01-01T00:00:00.000Z")
        out[ref] = keys.SigningKey.from_seed(public, seed)
    return out


def bench_end_to_end(n: int, repeats: int) -> dict[str, Any]:
    import nacl.signing
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    objects = stixgen.generate(n)
    signers = party_keys()
    index = signatures.KeyIndex(k.public for k in signers.values())
    stamp = "2024-06-01T00:00:00.000Z"
    message = canonical(objects[0])
    c_sk = Ed25519PrivateKey.generate()
    c_pk, c_sig = c_sk.public_key(), c_sk.sign(message)
    n_sk = nacl.signing.SigningKey.generate()
    n_vk, n_sig = n_sk.verify_key, n_sk.sign(message).signature

    def loop(fn: Callable[[], Any]) -> Callable[[], int]:
        def run() -> int:
            for _ in range(n):
                fn()
            return n
        return run

    raw_runs = {
        "cryptography_sign_per_s": loop(lambda: c_sk.sign(message)),
        "cryptography_verify_per_s": loop(lambda: c_pk.verify(c_sig, message)),
        "pynacl_sign_per_s": loop(lambda: n_sk.sign(message)),
        "pynacl_verify_per_s": loop(lambda: n_vk.verify(message, n_sig)),
    }
    signed: list[dict[str, Any]] = []

    def sign_all() -> int:
        signed.clear()
        for obj in objects:
            done, data = signatures.sign_canonical(obj, signers[obj["created_by_ref"]],
                                                   signed_at=stamp)
            merkle.leaf_hash(data)
            signed.append(done)
        return len(objects)

    def verify_all() -> int:
        for obj in signed:
            result, whole = signatures.check_canonical(obj, index)
            if not result.ok:
                raise AssertionError(f"{obj['id']} did not verify")
            merkle.leaf_hash(whole if whole is not None else canonical(obj))
        return len(signed)

    # Each round measures the references and jirga back to back, so a round's ratio compares
    # runs under the same conditions; the median round is reported.
    rounds: list[dict[str, float]] = []
    for _ in range(repeats):
        got = {name: rate(run) for name, run in raw_runs.items()}
        got["end_to_end_sign_per_s"] = rate(sign_all)
        got["end_to_end_verify_per_s"] = rate(verify_all)
        got["sign_ratio"] = got["end_to_end_sign_per_s"] / max(
            got["cryptography_sign_per_s"], got["pynacl_sign_per_s"])
        got["verify_ratio"] = got["end_to_end_verify_per_s"] / max(
            got["cryptography_verify_per_s"], got["pynacl_verify_per_s"])
        rounds.append(got)
    median = {key: statistics.median(r[key] for r in rounds) for key in rounds[0]}
    return {
        "objects": n, "rounds": repeats,
        "canonical_bytes_mean": round(statistics.mean(len(canonical(o)) for o in objects[:500])),
        "fast_path_share": sum(map(is_fast, objects)) / n,
        **{k: round(v) for k, v in median.items() if k.endswith("per_s")},
        "sign_ratio_to_fastest_raw": round(median["sign_ratio"], 3),
        "verify_ratio_to_fastest_raw": round(median["verify_ratio"], 3),
        "fastest_raw_verify_per_s": round(max(max(r["pynacl_verify_per_s"],
                                                  r["cryptography_verify_per_s"])
                                              for r in rounds)),
    }


def bench_log(leaves: int, batch: int, proofs: int, tmp: Path) -> dict[str, Any]:
    objects = stixgen.generate(min(leaves, 20_000))
    texts = [orjson.dumps(o, option=orjson.OPT_SORT_KEYS).decode() for o in objects]
    store = open_store(str(tmp / "log.db"))
    start = time.perf_counter()
    for first in range(0, leaves, batch):
        accepted = [Accepted(seq, f"indicator--{seq}", "v", b"", texts[seq % len(texts)], True)
                    for seq in range(first + 1, min(first + batch, leaves) + 1)]
        with store.db.transaction():
            log.append(store.db, accepted)
    append_s = time.perf_counter() - start
    heads = log.heads(store.db)
    size = log.size(store.db)
    rng = random.Random(7)
    lengths, times = [], []
    for _ in range(proofs):
        index = rng.randrange(size)
        t0 = time.perf_counter()
        path = log.inclusion_path(store.db, index, size)
        times.append(time.perf_counter() - t0)
        lengths.append(len(path))
    root = heads[-1].root_hash
    leaf = log.node_hashes(store.db, [(0, index)])[0]
    assert merkle.verify_inclusion(index, size, leaf, path, root)
    c_lengths, c_times = [], []
    for _ in range(proofs // 10):
        old = rng.choice(heads[:-1])
        t0 = time.perf_counter()
        proof = log.consistency_path(store.db, old.tree_size, size)
        c_times.append(time.perf_counter() - t0)
        c_lengths.append(len(proof))
        assert merkle.verify_consistency(old.tree_size, size, old.root_hash, root, proof)
    store.close()
    return {
        "leaves": size, "heads": len(heads), "append_s": round(append_s, 2),
        "append_leaves_per_s": round(size / append_s),
        "log2_n": round(math.log2(size), 2),
        "inclusion_path_max": max(lengths), "inclusion_ms_median": round(
            statistics.median(times) * 1e3, 3),
        "consistency_path_max": max(c_lengths), "consistency_ms_median": round(
            statistics.median(c_times) * 1e3, 3),
    }


def build_signed_store(n: int, path: Path) -> Any:
    signers = party_keys()
    store = open_store(str(path))
    with store.db.transaction():
        for key in signers.values():
            rows.put_key(store.db, key_row(key.public, "2020-01-01T00:00:00.000Z"))
    stamp = "2024-06-01T00:00:00.000Z"
    batch = 50_000
    for number, first in enumerate(range(0, n, batch)):
        objects = stixgen.generate(min(batch, n - first), seed=1000 + number)
        signed = [signatures.sign(o, signers[o["created_by_ref"]], signed_at=stamp)
                  for o in objects]
        with bulk():
            store.add_objects(signed)
    return store


def raw_triples(store: Any, count: int = 4000) -> list[tuple[bytes, bytes, bytes]]:
    """Real (message, signature, public key) triples from the store, so the reference verifies
    exactly what jirga verifies."""
    triples = []
    for row in store.db.query("SELECT json FROM object_versions ORDER BY seq LIMIT ?", (count,)):
        obj = orjson.loads(row[0])
        [entry] = obj[signatures.SIGNATURES_PROPERTY]
        meta = {k: v for k, v in entry.items() if k != "sig"}
        key = rows.key(store.db, entry["kid"])
        triples.append((signatures.message(obj, [], meta), keys.unb64url(entry["sig"]),
                        bytes(key.public_key)))
    return triples


def raw_verify_cpu_s(store: Any, count: int = 4000) -> float:
    """CPU seconds one raw verification takes with the fastest binding (PyNaCl)."""
    import nacl.signing

    triples = [(m, s, nacl.signing.VerifyKey(k)) for m, s, k in raw_triples(store, count)]
    start = time.process_time()
    for message, sig, verifier in triples:
        verifier.verify(message, sig)
    return (time.process_time() - start) / len(triples)


def _raw_verify_loop(triples: list[tuple[bytes, bytes, bytes]], count: int) -> float:
    """Wall seconds this process takes for `count` raw verifications (the triples cycled)."""
    import nacl.signing

    ready = [(m, s, nacl.signing.VerifyKey(k)) for m, s, k in triples]
    start = time.perf_counter()
    for i in range(count):
        message, sig, verifier = ready[i % len(ready)]
        verifier.verify(message, sig)
    return time.perf_counter() - start


def raw_verify_wall_s(store: Any, n: int, cores: int) -> float:
    """Wall seconds for n raw verifications spread over `cores` processes running at once: the
    raw verify time on this machine's cores as measured, not the ideal of one core's rate times
    the number of cores (two processes on two cores each run slower than one alone)."""
    triples = raw_triples(store)
    with ProcessPoolExecutor(max_workers=cores,
                             mp_context=multiprocessing.get_context("spawn")) as pool:
        list(pool.map(_raw_verify_loop, [triples] * cores, [1] * cores))  # workers started
        share = -(-n // cores)
        return max(pool.map(_raw_verify_loop, [triples] * cores, [share] * cores))


def cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended (the verify workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def bench_verify(n: int, path: Path, raw_verify_per_s: float) -> dict[str, Any]:
    """`jirga verify` over a store of n signed objects (built at `path` unless already there).

    Wall time depends on what else runs on the machine; CPU time does not, so both are given:
    the CPU ratio is jirga's CPU seconds over the CPU seconds the fastest binding spends on n
    raw verifications, i.e. the wall-time ratio on an otherwise idle machine with the work
    spread over every core."""
    start = time.perf_counter()
    store = open_store(str(path)) if path.exists() else build_signed_store(n, path)
    build_s = time.perf_counter() - start
    n = store.version_count()
    cores = os.cpu_count() or 1
    raw_before = raw_verify_cpu_s(store)
    cpu_before, start = cpu_seconds(), time.perf_counter()
    report = verify.verify_store(store, None, workers=cores)
    verify_s, verify_cpu = time.perf_counter() - start, cpu_seconds() - cpu_before
    load = os.getloadavg()[0]
    raw_cpu = (raw_before + raw_verify_cpu_s(store)) / 2 * n  # before and after: same load
    if not report.ok or report.versions != n:
        raise AssertionError(f"verify found {len(report.errors)} errors over {report.versions}")
    raw_s = n / (cores * raw_verify_per_s)
    raw_measured_s = raw_verify_wall_s(store, n, cores)
    store.close()
    return {"objects": n, "cores": cores, "build_s": round(build_s, 1),
            "verify_wall_s": round(verify_s, 1), "verify_cpu_s": round(verify_cpu, 1),
            "raw_fastest_binding_cpu_s": round(raw_cpu, 1),
            "raw_fastest_binding_wall_s_on_all_cores": round(raw_measured_s, 1),
            "raw_ideal_wall_s_one_core_rate_times_cores": round(raw_s, 1),
            "cpu_ratio_to_raw": round(verify_cpu / raw_cpu, 2),
            "wall_ratio_to_raw": round(verify_s / raw_measured_s, 2),
            "wall_ratio_to_ideal_raw": round(verify_s / raw_s, 2),
            "load_average_1m": round(load, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=5000, help="objects for end-to-end rates")
    parser.add_argument("--repeats", type=int, default=5, help="rounds of the end-to-end rates")
    parser.add_argument("--leaves", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=1000, help="leaves per tree head")
    parser.add_argument("--proofs", type=int, default=1000)
    parser.add_argument("--verify-n", type=int, default=100_000)
    parser.add_argument("--skip-verify", action="store_true")
    parser.add_argument("--store", type=Path, help="keep the signed store here and reuse it "
                        "on the next run (building a million objects takes minutes)")
    args = parser.parse_args()
    results: dict[str, Any] = {}
    results["end_to_end"] = e2e = bench_end_to_end(args.n, args.repeats)
    print(orjson.dumps(e2e, option=orjson.OPT_INDENT_2).decode(), flush=True)
    with tempfile.TemporaryDirectory(prefix="jirga-bench-trust-") as tmp:
        results["log"] = bench_log(args.leaves, args.batch, args.proofs, Path(tmp))
        print(orjson.dumps(results["log"], option=orjson.OPT_INDENT_2).decode(), flush=True)
        if not args.skip_verify:
            results["verify"] = bench_verify(args.verify_n, args.store or Path(tmp) / "signed.db",
                                             e2e["fastest_raw_verify_per_s"])
            print(orjson.dumps(results["verify"], option=orjson.OPT_INDENT_2).decode())


if __name__ == "__main__":
    main()
