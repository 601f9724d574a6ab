"""Cooperation benchmark: the cost of a checked transition, and the scorecard on years of records,
each beside the reference a developer would otherwise write, measured in the same run.

    .venv/bin/python bench/workflows.py                      # 2,000 requests, 400 commitments
    .venv/bin/python bench/workflows.py --requests 500 --commitments 100

Writes: every request is made and moved through its life (acknowledge, start, answer or
decline, close) by the service functions, each a checked, dated, append-only version saved
through `authoring.save`. Reference: saving the same kind of new version built by hand with
`authoring.next_version` and no checks — what the rules cost.
Reads: the request figures of the scorecard as of a date, from the `workflows` projection
(`timeline.requests` + `request_figures`). Reference: the same figures from the objects
themselves (every current request parsed, its transitions walked in Python); both must agree.
The full scorecard (requests, commitments, TLP counts, disputes) and `overdue` are timed too.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from jirga.model.timestamps import format_ts, parse
from jirga.objects import authoring
from jirga.sharing.authn import principal_of
from jirga.sharing.parties import add_party
from jirga.sharing.principal import Principal
from jirga.store import ObjectFilter, Store, Visibility, accounts, open_store
from jirga.workflows import agreements, commitments, reminders, requests, scorecard, timeline
from jirga.workflows.commitments import CommitmentSpec

ALL = Visibility.everything()
START = date(2022, 1, 3)
AS_OF = "2025-06-30"


def median_ms(fn: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    fn()
    times, out = [], None
    for _ in range(repeats):
        begin = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - begin)
    return round(statistics.median(times) * 1e3, 2), out


def user(store: Store, name: str, party: str) -> Principal:
    accounts.insert_user(store.db, name, party, "liaison", "not-a-login", "2022-01-01T00:00:00Z")
    row = accounts.user(store.db, name)
    assert row is not None
    return principal_of(row)


def play_requests(store: Store, pk: Principal, af: Principal, n: int,
                  rng: random.Random) -> tuple[float, int]:
    """Make and move `n` requests; (seconds spent in transitions, transitions made)."""
    spent, moves = 0.0, 0
    for i in range(n):
        asker, asked = (pk, af) if i % 2 else (af, pk)
        day = START + timedelta(days=i * 1260 // n)
        made = requests.create_request(store, asker, to=asked.party_code or "",
                                       subject=f"request {i}", asks=["information"],
                                       when=day.isoformat())
        plan = [("acknowledge", asked, 2), ("start", asked, 3)]
        plan += ([("answer", asked, rng.randint(5, 50)), ("close", asker, 3)]
                 if rng.random() < 0.8 else [("decline", asked, 10)])
        for action, who, gap in plan:
            day += timedelta(days=gap)
            begin = time.perf_counter()
            requests.transition(store, who, made["id"], action, when=day.isoformat(),
                                findings="findings", reason="reason")
            spent += time.perf_counter() - begin
            moves += 1
    return spent, moves


def play_commitments(store: Store, pk: Principal, n: int, rng: random.Random) -> None:
    per = 20
    for a in range(max(1, n // per)):
        agreed = START + timedelta(days=a * 60)
        specs = [CommitmentSpec(f"commitment {a}.{i}", f"within {rng.randint(1, 12)} months")
                 for i in range(per)]
        _, made = agreements.create_agreement(
            store, pk, name=f"agreement {a}", parties=["PK-MOI", "AF-MOI"],
            agreed=agreed.isoformat(), commitments=specs, evidence_required=False)
        for c in made:
            day = agreed
            for status in ("minimal", "intermediate", "full")[:rng.randint(0, 3)]:
                day += timedelta(days=rng.randint(10, 120))
                if day.isoformat() < "2025-11-01":
                    commitments.set_status(store, pk, c["id"], status, when=day.isoformat())


def reference_transitions(store: Store, af: Principal, n: int) -> float:
    """Seconds to save `n` hand-made new versions (no checks) of fresh requests."""
    spent = 0.0
    for i in range(n):
        made = requests.create_request(store, af, to="PK-MOI", subject=f"ref {i}",
                                       asks=["information"], when="2025-10-01")
        stamp = format_ts(parse(made["modified"]) + timedelta(days=1))
        begin = time.perf_counter()
        new = authoring.next_version(made, state="acknowledged")
        new["modified"] = stamp
        new["transitions"] = [*made["transitions"], {"at": stamp, "action": "acknowledge",
                                                      "party_ref": af.party_id, "user": af.user,
                                                      "state": "acknowledged"}]
        authoring.save(store, [new])
        spent += time.perf_counter() - begin
    return spent


def naive_request_figures(store: Store, party: str, as_of: str) -> dict[str, Any]:
    """The request figures from the objects themselves: parse each, walk its transitions."""
    end = date.fromisoformat(as_of)
    received, answered_days, on_time = 0, [], 0
    for item in store.iter_current(ObjectFilter(types=("assistance-request",)), visibility=ALL):
        obj = item.object()
        steps = [s for s in obj["transitions"] if date.fromisoformat(s["at"][:10]) <= end]
        if not steps or obj["to_ref"] != party:
            continue
        received += 1
        answer = next((s for s in steps if s["action"] == "answer"), None)
        if answer:
            requested = date.fromisoformat(steps[0]["at"][:10])
            answered = date.fromisoformat(answer["at"][:10])
            answered_days.append((answered - requested).days)
            on_time += answered <= date.fromisoformat(obj["deadline"])
    return {"received": received, "answered": len(answered_days), "answered_on_time": on_time,
            "median_days_to_answer": float(statistics.median(answered_days))}


def jirga_request_figures(store: Store, party: str, as_of: str) -> dict[str, Any]:
    states = timeline.requests(store, ALL, date.fromisoformat(as_of))
    figures = asdict(scorecard.request_figures(states, party, None, date.fromisoformat(as_of)))
    return {k: figures[k] for k in ("received", "answered", "answered_on_time",
                                    "median_days_to_answer")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--commitments", type=int, default=400)
    parser.add_argument("--repeats", type=int, default=10)
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "bench.db"))
        for code in ("PK-MOI", "AF-MOI"):
            add_party(store, code, f"{code} ministry")
        pk, af = user(store, "pk.bench", "PK-MOI"), user(store, "af.bench", "AF-MOI")
        begin = time.perf_counter()
        spent, moves = play_requests(store, pk, af, args.requests, rng)
        play_commitments(store, pk, args.commitments, rng)
        built = time.perf_counter() - begin
        ref_n = min(500, moves)
        ref = reference_transitions(store, af, ref_n)
        print(f"built {args.requests} requests and {args.commitments} commitments in {built:.1f} s "
              f"({store.version_count()} versions)")
        print(f"checked transition: {spent / moves * 1e3:.2f} ms ({moves} made); hand-made "
              f"version saved unchecked: {ref / ref_n * 1e3:.2f} ms; ratio "
              f"{(spent / moves) / (ref / ref_n):.2f}")
        ours, got = median_ms(lambda: jirga_request_figures(store, pk.party_id or "", AS_OF),
                              args.repeats)
        theirs, want = median_ms(lambda: naive_request_figures(store, pk.party_id or "", AS_OF),
                                 args.repeats)
        if got != want:
            sys.exit(f"figures differ: projection {got} vs objects {want}")
        print(f"request figures as of {AS_OF}: projection {ours} ms; parsing the objects "
              f"{theirs} ms; {theirs / ours:.1f}x")
        full, _ = median_ms(lambda: scorecard.scorecard(store, ALL, as_of=AS_OF), args.repeats)
        late, items = median_ms(lambda: reminders.overdue(store, ALL, as_of=AS_OF), args.repeats)
        print(f"full scorecard, 2 parties: {full} ms; overdue ({len(items)} items): {late} ms")
        store.close()


if __name__ == "__main__":
    main()
