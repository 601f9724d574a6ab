"""Web benchmark: server time of each main page with 100,000 incidents in the store, read by a
signed-in analyst of PK-MOI (so every query carries the TLP policy), beside two references
measured in the same run.

    .venv/bin/python bench/web.py                       # 100,000 incidents, SQLite
    .venv/bin/python bench/web.py --n 20000             # a quicker look
    .venv/bin/python bench/web.py --db postgresql://…   # the server backend (an empty database)

Server time is the time the app takes to answer a request in-process (Starlette's TestClient:
ASGI, routing, session, the queries, template rendering, no network), median of `--runs` after
one warm-up request. The dashboard, map, scorecard and briefing keep their figures until the
store changes (summaries/memo.py): `first` is the first view after a write (figures computed
afresh; chart SVGs, cached by their figures, already drawn). References: the foundation's
JSON list (`/api/objects?limit=50`, the same session and policy), and raw SQL reading the
rows the incident table shows (the 50 latest from `incidents_flat`, no policy, no
rendering). Target: every page under 200 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from fastapi.testclient import TestClient  # noqa: E402

from jirga.cli.system import demo_accounts  # noqa: E402
from jirga.config import Settings  # noqa: E402
from jirga.demo import AF_MOI, GROUPS, PK_MOI, demo_objects  # noqa: E402
from jirga.model import tlp  # noqa: E402
from jirga.model.ids import stable_id  # noqa: E402
from jirga.model.incident import make_incident, toll  # noqa: E402
from jirga.objects.authoring import save  # noqa: E402
from jirga.review.demo import ingest_demo_documents  # noqa: E402
from jirga.sharing import users  # noqa: E402
from jirga.store import open_store  # noqa: E402
from jirga.summaries.geography import provinces  # noqa: E402
from jirga.summaries.memo import Memo  # noqa: E402
from jirga.web.app import create_app  # noqa: E402
from jirga.workflows.demo import load_cooperation  # noqa: E402

PASSWORD = "bench password 0123"
CENTRES = {"PK-KP": (34.0, 71.5), "PK-BA": (29.5, 66.5), "PK-SD": (25.4, 68.4),
           "PK-PB": (31.3, 73.0), "AF-NAN": (34.4, 70.4), "AF-KAB": (34.5, 69.2),
           "AF-KAN": (31.6, 65.7), "AF-KNR": (34.9, 71.1)}
WEIGHTS = (40, 22, 8, 7, 8, 7, 5, 3)
ATTACKS = ("bombing", "suicide-bombing", "armed-assault", "targeted-killing", "kidnapping")
LEVELS = (("clear", None), ("green", None), ("amber", PK_MOI), ("amber", AF_MOI))
START = date(2015, 1, 1)


def incidents(n: int, seed: int = 11) -> list[dict[str, Any]]:
    """n seeded incidents over ten years, eight provinces, four groups and four markings."""
    rng = random.Random(seed)
    names = {p.code: p.name for p in provinces()}
    codes = list(CENTRES)
    groups = list(GROUPS)
    out = []
    for i in range(n):
        code = rng.choices(codes, WEIGHTS)[0]
        lat, lon = CENTRES[code]
        day = START + timedelta(days=rng.randrange(3650))
        group = rng.choice(groups)
        killed = int(rng.expovariate(0.25))
        level, owner = rng.choices(LEVELS, (40, 40, 15, 5))[0]
        obj = make_incident(
            name=f"Attack {i} in {names[code]}", occurred=day.isoformat(), country=code[:2],
            created=f"{day.isoformat()}T12:00:00.000Z", created_by_ref=owner or PK_MOI,
            marking_refs=[tlp.marking_id(level)], admin1=code, admin1_name=names[code],
            place=f"Town {rng.randrange(60)}", latitude=round(lat + rng.uniform(-.8, .8), 2),
            longitude=round(lon + rng.uniform(-.8, .8), 2),
            perpetrators=[{"name": group, "ref": stable_id("intrusion-set", group),
                           "basis": "claimed"}],
            killed=toll(killed), injured=toll(int(killed * 1.7)),
            attack_type=rng.choice(ATTACKS), target_types=["civilians"],
            review_status="accepted")
        out.append(obj)
    return out


def build(db: str, n: int) -> tuple[Any, float]:
    store = open_store(db)
    save(store, demo_objects())
    demo_accounts(store)
    load_cooperation(store)
    ingest_demo_documents(store)
    users.add_user(store, "bench", "PK-MOI", "analyst", PASSWORD)
    objects = incidents(n)
    began = time.perf_counter()
    for first in range(0, n, 20_000):
        store.add_objects(objects[first:first + 20_000])
    return store, time.perf_counter() - began


def signed_in(client: TestClient) -> TestClient:
    form = client.get("/signin")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token
    client.post("/signin", data={"username": "bench", "password": PASSWORD,
                                 "csrf_token": token.group(1), "next": "/"})
    return client


def timed(call: Any, runs: int, forget: Any = None) -> dict[str, float]:
    """Median and max of `runs` calls after one warm-up; with `forget` (which empties the
    app's summaries), also the first call after a write (`first_ms`)."""
    first = None
    if forget is not None:
        call()  # charts rendered once: their SVG is cached by the figures
        forget()
        began = time.perf_counter()
        call()
        first = round((time.perf_counter() - began) * 1000, 1)
    call()  # warm-up: caches, the query plan
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        call()
        times.append((time.perf_counter() - began) * 1000)
    out = {"median_ms": round(statistics.median(times), 1), "max_ms": round(max(times), 1)}
    if first is not None:
        out["first_ms"] = first
    return out


def page(client: TestClient, path: str) -> Any:
    def call() -> None:
        answer = client.get(path)
        if answer.status_code != 200:
            raise RuntimeError(f"{path}: {answer.status_code} {answer.text[:200]}")
    return call


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--db", default=None, help="a postgresql:// URL (default: a new SQLite "
                        "file in a temporary folder)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="jirga-bench-web-"))
    db = args.db or str(folder / "web.db")
    store, load_s = build(db, args.n)
    print(f"{args.n:,} incidents stored in {load_s:.1f} s ({store.url.split('?')[0]})")
    settings = Settings.from_env(environ={}, db=db, party="PK-MOI",
                                 keys_dir=str(folder / "keys"))
    client = signed_in(TestClient(create_app(settings, store)))
    some = store.db.query("SELECT id FROM incidents_flat ORDER BY killed_best DESC LIMIT 1")[0][0]
    request = store.db.query("SELECT id FROM workflow_records WHERE type = "
                             "'assistance-request' ORDER BY id LIMIT 1")[0][0]
    pages = {
        "dashboard /": "/",
        "incidents (latest 50)": "/incidents",
        "incidents sorted by killed": "/incidents?sort=-killed",
        "incidents filtered": "/incidents?province=PK-BA&from=2020&attack_type=bombing",
        "incidents page 100": "/incidents?offset=5000",
        "map (all incidents)": "/map",
        "map filtered": "/map?country=AF&from=2022",
        "incident page": f"/incidents/{some}",
        "review queue": "/review",
        "review candidate": "/review/1",
        "intelligence": "/intel",
        "intelligence TLP:AMBER": "/intel?tlp=amber",
        "requests": "/cooperation/requests",
        "request page": f"/cooperation/requests/{request}",
        "commitment board": "/cooperation/commitments",
        "scorecard": "/cooperation/scorecard",
        "trust": "/trust",
        "briefing form": "/briefing",
        "briefing HTML (12 months)": "/briefing/view?from=2024-01&to=2024-12",
    }
    references = {
        "JSON list /api/objects (50 objects)": page(client, "/api/objects?limit=50"),
        "raw SQL: the 50 latest rows": lambda: store.db.query(
            "SELECT * FROM incidents_flat ORDER BY occurred DESC, id LIMIT 50"),
    }
    results: dict[str, Any] = {"n": args.n, "backend": store.db.dialect.name, "load_s": load_s,
                               "cpus": os.cpu_count(), "pages": {}, "references": {}}
    for name, call in references.items():
        results["references"][name] = timed(call, args.runs)
    json_ref = results["references"]["JSON list /api/objects (50 objects)"]["median_ms"]
    sql_ref = results["references"]["raw SQL: the 50 latest rows"]["median_ms"]
    def forget() -> None:
        client.app.state.memo = Memo()  # type: ignore[attr-defined]

    print(f"\n{'page':32} {'median':>9} {'max':>9} {'first':>9} {'÷ JSON list':>12} "
          f"{'÷ raw SQL':>10}")
    for name, path in pages.items():
        figures = timed(page(client, path), args.runs, forget)
        results["pages"][name] = {"path": path, **figures}
        flag = "" if figures["median_ms"] < 200 else "  over 200 ms"
        print(f"{name:32} {figures['median_ms']:8.1f}ms {figures['max_ms']:8.1f}ms "
              f"{figures['first_ms']:8.1f}ms {figures['median_ms'] / json_ref:11.1f}x "
              f"{figures['median_ms'] / sql_ref:9.0f}x{flag}")
    pdf = timed(page(client, "/briefing.pdf?from=2024-01&to=2024-12"), max(2, args.runs // 3))
    results["pages"]["briefing PDF (12 months)"] = pdf
    print(f"{'briefing PDF (12 months)':32} {pdf['median_ms']:8.1f}ms {pdf['max_ms']:8.1f}ms "
          "  (WeasyPrint; not a page people wait on often)")
    for name, figures in results["references"].items():
        print(f"reference: {name}: {figures['median_ms']} ms")
    out = ROOT / "bench" / "results" / "web.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    print(f"\nraw figures: {out}")
    store.close()


if __name__ == "__main__":
    main()
