"""`jirga import --format …`, `jirga incidents …`, `jirga stats …` and `jirga chart …` as a user
runs them (a child process over a real SQLite file)."""

from __future__ import annotations

import shutil
from pathlib import Path

import orjson
import pytest

from tests.helpers import run_cli

DATA = Path(__file__).parent.parent / "incidents" / "data"


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("register") / "jirga.db"
    for key in ("acled", "ucdp"):
        done = run_cli("import", "--format", key, str(DATA / f"{key}_sample.csv"), db=str(path))
        assert done.returncode == 0, done.stderr
    return path


@pytest.fixture
def db(imported: Path, tmp_path: Path) -> str:
    """A copy of the imported database for each test (the import runs once)."""
    path = tmp_path / "jirga.db"
    shutil.copyfile(imported, path)
    return str(path)


def test_import_reports_and_lists(db: str) -> None:
    listed = run_cli("incidents", "list", "--format", "json", "--where", "dataset=acled", db=db)
    assert listed.returncode == 0, listed.stderr
    assert len(orjson.loads(listed.stdout)) == 5
    table = run_cli("incidents", "list", "--province", "Balochistan", "--min-killed", "30", db=db)
    assert "2 of 2 incidents" in table.stdout


def test_stats_json_is_the_documented_shape_and_scope_goes_to_stderr(db: str) -> None:
    done = run_cli("stats", "--by", "province", "--where", "dataset=ucdp", "--format", "json",
                   db=db)
    assert done.returncode == 0, done.stderr
    assert orjson.loads(done.stdout) == [
        {"key": "Khyber Pakhtunkhwa", "incidents": 2, "killed": 165, "injured": 0},
        {"key": "Balochistan", "incidents": 1, "killed": 32, "injured": 0},
        {"key": "Kabul", "incidents": 1, "killed": 54, "injured": 0}]
    assert "Scope: accepted incidents" in done.stderr and "dataset = ucdp" in done.stderr
    low = run_cli("stats", "--by", "year", "--estimate", "low", "--where", "dataset=ucdp",
                  "--format", "csv", db=db)
    assert low.stdout.splitlines() == ["key,incidents,killed,injured", "2022,1,53,0",
                                       "2023,2,144,0", "2024,1,26,0"]


def test_compare_from_zero_prints_null_and_explains(db: str) -> None:
    as_json = run_cli("stats", "compare", "--split", "2024-01", "--years", "1", "--where",
                      "dataset=acled", "--format", "json", db=db)
    assert orjson.loads(as_json.stdout)["change_pct"] == {"incidents": None, "killed": None,
                                                          "injured": None}
    table = run_cli("stats", "compare", "--split", "2024-01", "--years", "1", "--where",
                    "dataset=acled", db=db)
    assert "n/a (from 0)" in table.stdout and "period before had 0 incidents" in table.stdout
    both = run_cli("stats", "compare", "--split", "2024-01", db=db)
    assert both.returncode == 2 and "--months N or --years N" in both.stderr


def test_cross_border_and_charts(db: str, tmp_path: Path) -> None:
    shares = run_cli("stats", "cross-border", "--format", "json", db=db)
    assert orjson.loads(shares.stdout)[-1]["group"] == "all incidents"
    svg, png = tmp_path / "monthly.svg", tmp_path / "groups.png"
    assert run_cli("chart", "monthly", "-o", str(svg), "--measure", "killed", db=db).returncode == 0
    assert run_cli("chart", "by-group", "-o", str(png), db=db).returncode == 0
    assert svg.read_text().startswith("<svg") and "Scope: accepted incidents" in svg.read_text()
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    bad = run_cli("chart", "monthly", "-o", str(tmp_path / "x.gif"), db=db)
    assert bad.returncode == 2 and "name a .svg or .png file" in bad.stderr


def test_bad_csv_is_refused_with_lines_and_nothing_stored(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("date,country,killed\n2024-01-01,PK,3\nsoon,PK,1\n2024-01-03,PK,-2\n")
    db = str(tmp_path / "jirga.db")
    done = run_cli("import", "--format", "csv", str(path), db=db)
    assert done.returncode == 2
    assert "line 3: date 'soon' is not a date" in done.stderr
    assert "line 4: killed is negative (-2)" in done.stderr
    listed = run_cli("incidents", "list", "--format", "json", db=db)
    assert orjson.loads(listed.stdout) == []


def test_generic_csv_with_map_then_edit_merge_show_export(db: str, tmp_path: Path) -> None:
    path = tmp_path / "ministry.csv"
    path.write_text("ref,day,where,deaths\nM-1,2024-11-09,Quetta,31\n")
    done = run_cli("import", "--format", "csv", str(path), "--dataset", "pk-moi", "--map",
                   "row_id=ref", "--map", "date=day", "--map", "place=where", "--map",
                   "killed=deaths", "--map", "country=country", db=db)
    assert done.returncode == 2 and "missing column country" in done.stderr
    path.write_text("ref,day,where,deaths,country\nM-1,2024-11-09,Quetta,31,Pakistan\n")
    done = run_cli("import", "--format", "csv", str(path), "--dataset", "pk-moi", "--map",
                   "row_id=ref", "--map", "date=day", "--map", "place=where", "--map",
                   "killed=deaths", db=db)
    assert done.returncode == 0, done.stderr
    rows = orjson.loads(run_cli("incidents", "list", "--format", "json", "--place", "Quetta",
                                db=db).stdout)
    ministry = next(r["id"] for r in rows if r["dataset"] == "pk-moi")
    edited = run_cli("incidents", "edit", ministry, "--province", "Balochistan", "--perpetrator",
                     "BLA:claimed", db=db)
    assert edited.returncode == 0, edited.stderr
    pairs = orjson.loads(run_cli("incidents", "duplicates", "--json", db=db).stdout)
    quetta = [p for p in pairs if ministry in (p["a"], p["b"])]
    assert quetta, pairs
    merged = run_cli("incidents", "merge", ministry, *{quetta[0]["a"], quetta[0]["b"]} - {ministry},
                     db=db)
    assert merged.returncode == 0, merged.stderr
    shown = orjson.loads(run_cli("incidents", "show", ministry, "--json", db=db).stdout)
    assert {s["name"] for s in shown["sources"]} >= {"pk-moi"} and len(shown["sources"]) == 2
    assert shown["history"][-1]["changed"] != ["(created)"]
    out = tmp_path / "out.geojson"
    assert run_cli("incidents", "export", "--format", "geojson", "-o", str(out),
                   "--where", "province=Balochistan", db=db).returncode == 0
    features = orjson.loads(out.read_bytes())["features"]
    assert any(f["id"] == ministry for f in features)
