"""The CLI as a user runs it: a child process, a real database file, real exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest

from jirga.config import default_db_path
from tests.factories import make_object
from tests.helpers import run_cli, shared_path


def write_bundle(path: Path, objects: list[dict]) -> Path:
    path.write_bytes(orjson.dumps({"type": "bundle",
                                   "id": "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d",
                                   "objects": objects}))
    return path


def test_help_names_the_default_database() -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    assert str(default_db_path()) in result.stdout.replace("\n", "").replace(" ", "") or \
        "jirga.db" in result.stdout


def test_attack_round_trip_through_the_cli(tmp_path: Path) -> None:
    source = shared_path("data", "stix", "attack", "ics-attack-18.1.json")
    db = str(tmp_path / "j.db")
    first = run_cli("import", str(source), db=db)
    assert first.returncode == 0, first.stderr
    assert "1826" in first.stdout
    out = tmp_path / "out.json"
    exported = run_cli("export", "-o", str(out), db=db)
    assert exported.returncode == 0, exported.stderr
    original = {o["id"]: o for o in json.loads(source.read_text())["objects"]}
    back = {o["id"]: o for o in json.loads(out.read_text())["objects"]}
    assert back == original
    second = run_cli("import", str(source), db=db)
    assert second.returncode == 0
    assert "unchanged" in second.stdout


def test_invalid_bundle_exit_code_2_and_nothing_stored(tmp_path: Path) -> None:
    db = str(tmp_path / "j.db")
    good = write_bundle(tmp_path / "good.json", [make_object("campaign")])
    assert run_cli("import", str(good), db=db).returncode == 0
    bad_obj = make_object("indicator")
    del bad_obj["pattern"]
    bad = write_bundle(tmp_path / "bad.json", [make_object("campaign"), bad_obj])
    result = run_cli("import", str(bad), db=db)
    assert result.returncode == 2
    assert "bad.json" in result.stderr
    assert bad_obj["id"] in result.stderr
    assert "'pattern'" in result.stderr
    listed = run_cli("objects", "list", "--json", db=db)
    assert len(json.loads(listed.stdout)) == 1


def test_truncated_file_and_missing_file(tmp_path: Path) -> None:
    db = str(tmp_path / "j.db")
    truncated = tmp_path / "cut.json"
    truncated.write_bytes(orjson.dumps({"type": "bundle", "id": "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d",
                                        "objects": [make_object()]})[:50])
    result = run_cli("import", str(truncated), str(tmp_path / "nope.json"), db=db)
    assert result.returncode == 2
    assert "cut.json: not valid JSON" in result.stderr
    assert "nope.json: no such file" in result.stderr
    assert "Traceback" not in result.stderr


def test_objects_list_show_and_versions(tmp_path: Path) -> None:
    db = str(tmp_path / "j.db")
    obj = make_object("intrusion-set", name="Baloch Liberation Army")
    newer = {**obj, "modified": "2024-06-01T00:00:00.000Z", "aliases": ["BLA"]}
    write_bundle(tmp_path / "a.json", [obj, newer])
    assert run_cli("import", str(tmp_path / "a.json"), db=db).returncode == 0
    listed = run_cli("objects", "list", "--type", "intrusion-set", "--search", "baloch", "--json",
                     db=db)
    assert [o["id"] for o in json.loads(listed.stdout)] == [obj["id"]]
    shown = run_cli("objects", "show", obj["id"], db=db)
    assert json.loads(shown.stdout) == newer
    versions = run_cli("objects", "show", obj["id"], "--versions", db=db)
    assert [v["modified"] for v in json.loads(versions.stdout)] == [obj["modified"], newer["modified"]]
    missing = run_cli("objects", "show", "intrusion-set--00000000-0000-4000-8000-000000000000", db=db)
    assert missing.returncode == 3
    assert "not found" in missing.stderr


def test_unsupported_database_url_is_named(tmp_path: Path) -> None:
    result = run_cli("init", db="mysql://root@localhost/jirga")
    assert result.returncode == 2
    assert "mysql://" in result.stderr and "postgresql://" in result.stderr


def test_not_a_sqlite_file(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_text("hello")
    result = run_cli("init", db=str(junk))
    assert result.returncode == 2
    assert "not a SQLite database" in result.stderr


@pytest.mark.parametrize("backend", ["postgres"])
def test_cli_on_postgresql(postgres, tmp_path: Path, backend: str) -> None:  # type: ignore[no-untyped-def]
    url = postgres.fresh_url()
    bundle = write_bundle(tmp_path / "a.json", [make_object("campaign", name="On Postgres")])
    assert run_cli("import", str(bundle), db=url).returncode == 0
    listed = run_cli("objects", "list", "--json", db=url)
    assert [o["name"] for o in json.loads(listed.stdout)] == ["On Postgres"]


def test_demo_is_idempotent(tmp_path: Path) -> None:
    db = str(tmp_path / "demo.db")
    assert run_cli("demo", db=db).returncode == 0
    again = run_cli("demo", db=db)
    assert again.returncode == 0
    assert "added" not in again.stderr
    listed = run_cli("objects", "list", "--type", "incident", "--json", db=db)
    assert len(json.loads(listed.stdout)) >= 8
