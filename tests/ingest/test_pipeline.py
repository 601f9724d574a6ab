"""The document pipeline on both backends: stored once, linked near-duplicates, reports, the
review queue, and a batch that goes on past broken files."""

from __future__ import annotations

from pathlib import Path

import pytest

from jirga.errors import Invalid
from jirga.ingest.pipeline import ingest
from jirga.ingest.sources import expand
from jirga.store import ObjectFilter, Store, Visibility
from jirga.store import documents as doc_table
from jirga.store import review as review_table
from tests.helpers import shared_path
from tests.ingest.factories import make_html

ALL = Visibility.everything()

STORY = (
    "QUETTA: At least 26 people, including 14 soldiers, were killed when a suicide bomber blew "
    "himself up at the railway station in Quetta on Saturday, police said. Sixty-two people "
    "were wounded. The Baloch Liberation Army claimed responsibility for the attack, saying its "
    "suicide squad had targeted an army unit waiting for a train to Peshawar. Balochistan has "
    "seen a rise in attacks on security forces this year, officials said, and the railway "
    "service to Peshawar was suspended for two days after the blast.")


def run(store: Store, *paths: str | Path):  # type: ignore[no-untyped-def]
    return ingest(store, expand([str(p) for p in paths]), visibility=ALL, max_bytes=20_000_000)


def test_samples_become_documents_reports_and_candidates(store: Store) -> None:
    report = run(store, shared_path("samples"))
    assert [o.status for o in report.outcomes] == ["added"] * 3
    rows, total = doc_table.listing(store, visibility=ALL, limit=10)
    assert total == 3
    titles = {r.title for r in rows}
    assert "Security Cooperation between Pakistan and Afghanistan" in titles
    persian = next(r for r in rows if r.format == "markdown")
    assert (persian.published, persian.language) == ("2024-06-11", "en")
    report_obj = store.get(persian.id, visibility=ALL).object()
    assert report_obj["type"] == "report"
    assert report_obj["external_references"][0]["hashes"]["SHA-256"] == persian.sha256
    referred = {ref.split("--")[0] for ref in report_obj["object_refs"]}
    assert {"location", "intrusion-set", "note"} <= referred
    queue, count = review_table.list_candidates(store, visibility=ALL)
    assert count == 1 and queue[0].background and queue[0].place == "Besham"
    claims = review_table.claims_of(store, persian.seq, visibility=ALL)
    assert any("73 percent" in c.text for c in claims)


def test_the_same_document_twice_is_stored_once(store: Store) -> None:
    run(store, shared_path("samples", "news-ministers-meeting.txt"))
    again = run(store, shared_path("samples", "news-ministers-meeting.txt"))
    assert [o.status for o in again.outcomes] == ["duplicate"]
    assert doc_table.listing(store, visibility=ALL, limit=5)[1] == 1
    assert store.count(ObjectFilter(types=("report",)), visibility=ALL) == 1


def test_a_wire_story_on_two_sites_is_linked_not_counted_twice(store: Store,
                                                               tmp_path: Path) -> None:
    first = tmp_path / "site-a.html"
    first.write_bytes(make_html("Bombing at Quetta station kills 26", [STORY],
                                published="2024-11-09"))
    second = tmp_path / "site-b.txt"
    second.write_text("Station bombing: 26 dead\nThe Frontier Post\n\n" + STORY
                      + "\n\nFollow us on Facebook for more news.", encoding="utf-8")
    report = run(store, first, second)
    assert [o.status for o in report.outcomes] == ["added", "near-duplicate"]
    copy = report.outcomes[1]
    assert copy.duplicate_of == report.outcomes[0].document and copy.similarity >= 0.7
    assert review_table.list_candidates(store, visibility=ALL)[1] == 1  # one attack, one candidate
    assert [c.seq for c in doc_table.copies(store, copy.duplicate_of, visibility=ALL)] == \
        [copy.document]


def test_a_batch_goes_on_past_broken_files(store: Store, tmp_path: Path) -> None:
    (tmp_path / "a-good.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "b-photo.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    (tmp_path / "c-empty.txt").write_bytes(b"")
    (tmp_path / "d-cut.ris").write_bytes(b"TY  - JOUR\nTI  - Cut short\n")
    report = run(store, tmp_path)
    assert [o.status for o in report.outcomes] == ["added", "failed", "failed", "failed"]
    errors = [o.error for o in report.failed]
    assert "binary data" in errors[0] and "empty" in errors[1] and "ER  -" in errors[2]
    assert doc_table.listing(store, visibility=ALL, limit=5)[1] == 1


def test_a_failure_while_storing_leaves_nothing_behind(store: Store, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")

    def broken(*args: object, **kwargs: object) -> None:
        raise Invalid("the queue refused the candidate")

    monkeypatch.setattr(review_table, "insert_candidate", broken)
    report = run(store, story)
    assert report.outcomes[0].status == "failed"
    assert doc_table.listing(store, visibility=ALL, limit=5)[1] == 0
    assert store.count(ObjectFilter(types=("report", "location", "intrusion-set")),
                       visibility=ALL) == 0
