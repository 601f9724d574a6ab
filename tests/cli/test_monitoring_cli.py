"""Open-source monitoring as a user runs it: jirga ingest, extract, documents, review, eval."""

from __future__ import annotations

from pathlib import Path

import orjson

from jirga.extract.model import STABLE_KEYS
from tests.helpers import SHARED, run_cli, shared_path

STORY = ("PESHAWAR: Four policemen were martyred and two others injured when militants attacked "
         "a police checkpost in the Pezu area of Lakki Marwat district on Sunday night, police "
         "said. The TTP claimed responsibility for the attack.\n")


def test_ingest_reads_good_files_reports_broken_ones_and_exits_2(tmp_path: Path) -> None:
    db = str(tmp_path / "j.db")
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "story.txt").write_text("Four policemen martyred\n\nOctober 15, 2023\n\n" + STORY)
    (folder / "image.html").write_bytes(b"\xff\xd8\xff\xe0" + bytes(300))
    (folder / "empty.txt").write_bytes(b"")
    done = run_cli("ingest", str(shared_path("samples")), str(folder), db=db)
    assert done.returncode == 2, done.stderr
    assert "image.html: this is binary data (a JPEG image)" in done.stderr
    assert "empty.txt: the file is empty" in done.stderr
    assert "Security Cooperation between Pakistan and Afghanistan" in done.stdout
    assert "4 document(s) read: 4 added" in done.stderr and "2 failed" in done.stderr

    again = run_cli("ingest", str(shared_path("samples")), db=db)
    assert again.returncode == 0 and "3 already stored" in again.stderr

    queue = run_cli("review", "list", "--json", db=db)
    items = orjson.loads(queue.stdout)
    story = next(i for i in items if i["district"] == "Lakki Marwat")
    assert (story["killed"], story["injured"], story["date"]) == (4, 2, "2023-10-15")

    shown = run_cli("review", "show", str(story["number"]), db=db)
    assert shown.returncode == 0
    assert "Four policemen were martyred" in shown.stdout

    accepted = run_cli("review", "accept", str(story["number"]), "--set", "date=2023-10-14",
                       db=db)
    assert accepted.returncode == 0, accepted.stderr
    incident_id = accepted.stdout.strip()
    assert incident_id.startswith("incident--")
    obj = orjson.loads(run_cli("objects", "show", incident_id, db=db).stdout)
    ext = next(iter(obj["extensions"].values()))
    assert (ext["occurred"], ext["district"], ext["perpetrators"][0]["basis"]) == (
        "2023-10-14", "Lakki Marwat", "claimed")

    background = next(i for i in items if i["background"])
    rejected = run_cli("review", "reject", str(background["number"]), "--reason", "old news",
                       db=db)
    assert rejected.returncode == 0
    everything = orjson.loads(run_cli("review", "list", "--status", "all", "--json",
                                      db=db).stdout)
    assert {i["status"] for i in everything} == {"accepted", "rejected"}
    wrong = run_cli("review", "accept", str(background["number"]), db=db)
    assert wrong.returncode == 4 and "already rejected" in wrong.stderr

    documents = orjson.loads(run_cli("documents", "list", "--json", db=db).stdout)
    assert len(documents) == 4
    one = run_cli("documents", "show", str(documents[-1]["number"]), "--text", db=db)
    assert one.returncode == 0 and "sha256" in one.stdout


def test_extract_prints_one_json_object_per_document(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text(STORY)
    done = run_cli("extract", "--json", "--published", "2023-10-15",
                   str(SHARED / "samples" / "article-markdown-with-persian-header.md"),
                   str(story), str(tmp_path / "missing.txt"))
    assert done.returncode == 2
    assert "missing.txt: no such file" in done.stderr
    lines = [orjson.loads(line) for line in done.stdout.splitlines()]
    assert len(lines) == 2
    first, second = lines
    assert set(first) == {"document", "incidents", "claims"}
    assert {"url", "title", "published", "language"} <= set(first["document"])
    assert first["document"]["published"] == "2024-06-11"
    incident = first["incidents"][0]
    assert tuple(incident)[:len(STABLE_KEYS)] == STABLE_KEYS
    assert (incident["place"], incident["admin1"], incident["killed"], incident["background"]) \
        == ("Besham", "Khyber Pakhtunkhwa", 6, True)
    assert second["incidents"][0]["date"] == "2023-10-15"


def test_eval_extraction_prints_per_field_accuracy(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_bytes(b"\n".join(orjson.dumps(item) for item in [
        {"id": "story", "text": STORY, "published": "2023-10-16",
         "incidents": [{"date": "2023-10-15", "date_precision": "day", "country": "Pakistan",
                        "admin1": "Khyber Pakhtunkhwa", "district": "Lakki Marwat",
                        "perpetrator": "Tehrik-i-Taliban Pakistan",
                        "perpetrator_basis": "claimed", "killed": 4, "injured": 2,
                        "attack_type": "armed-assault", "target_type": "police",
                        "background": False}]},
        {"id": "meeting", "text": "The ministers met in Kabul and agreed to cooperate.",
         "published": "2025-07-20", "incidents": []}]))
    done = run_cli("eval", "extraction", str(gold), "--json")
    assert done.returncode == 0, done.stderr
    figures = orjson.loads(done.stdout)
    assert figures["fields"]["killed"]["accuracy"] == 1.0
    assert figures["non_incident_accuracy"] == 1.0
    assert figures["recall"] == 1.0
    table = run_cli("eval", "extraction", str(gold))
    assert "killed" in table.stdout and "1.000" in table.stdout


def test_demo_fills_the_review_queue(tmp_path: Path) -> None:
    db = str(tmp_path / "demo.db")
    assert run_cli("demo", db=db).returncode == 0
    second = run_cli("demo", db=db)
    assert "0 read into the review queue (2 already there)" in second.stderr
    items = orjson.loads(run_cli("review", "list", "--json", db=db).stdout)
    assert {i["admin1"] for i in items} == {"Kandahar", "Khyber Pakhtunkhwa"}
