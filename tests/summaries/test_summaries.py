"""The pieces pages and briefings are made of: evidence marks, the SVG map, the briefing's
period and its loader that fetches nothing from outside, summaries kept until a write."""

from __future__ import annotations

from pathlib import Path

import pytest

from jirga.errors import Invalid
from jirga.store import Store, Visibility
from jirga.summaries import briefing, maps
from jirga.summaries.memo import Memo
from jirga.web.highlight import segments, spans_of
from tests.factories import make_test_incident


def test_evidence_spans_are_marked_and_overlaps_merge() -> None:
    text = "Gunmen killed 42 people in Kurram on Thursday."
    spans = spans_of([{"field": "killed", "start": 14, "end": 16},
                      {"field": "date", "start": 34, "end": 45},
                      {"field": "place", "start": 27, "end": 33},
                      {"field": "killed-sentence", "start": 7, "end": 23},
                      {"field": "no offsets"}])
    parts = segments(text, spans)
    assert "".join(p.text for p in parts) == text
    marked = [(p.text, p.fields) for p in parts if p.marked]
    assert marked == [("killed 42 people", ["killed-sentence", "killed"]),
                      ("Kurram", ["place"]), ("on Thursday", ["date"])]


def test_spans_outside_the_text_are_clipped() -> None:
    parts = segments("short", [(3, 99, "x"), (50, 60, "gone")])
    assert [(p.text, p.marked) for p in parts] == [("sho", False), ("rt", True)]


def test_svg_map_draws_every_province_and_the_points() -> None:
    svg = maps.svg_map([{"lat": 34.0, "lon": 71.5, "killed": 42, "incidents": 1}],
                       {"PK-KP": {"incidents": 3}}, title="Incidents <test>")
    assert svg.startswith("<svg") and svg.count("<path") == 41 and svg.count("<circle") == 1
    assert "Incidents &lt;test&gt;" in svg and "Khyber Pakhtunkhwa: 3 incidents" in svg


def test_a_briefing_period_is_whole_months() -> None:
    period = briefing.Period.parse("2024-02", "2024-04")
    assert (period.start, period.end, period.months) == ("2024-02-01", "2024-04-30", 3)
    with pytest.raises(Invalid, match="starts"):
        briefing.Period.parse("2024-05", "2024-04")
    with pytest.raises(Invalid, match="not a month"):
        briefing.Period.parse("2024-13", "2024-12")


def test_the_pdf_loads_only_its_own_files() -> None:
    assert briefing.allowed("data:image/png;base64,AAAA")
    assert briefing.allowed((briefing.TEMPLATES / "briefing.html").as_uri())
    for url in ("https://tile.openstreetmap.org/1/1/1.png", "http://127.0.0.1:8000/x.css",
                "file:///etc/passwd", (briefing.TEMPLATES / ".." / "charts.py").as_uri(),
                "ftp://example.org/a"):
        assert not briefing.allowed(url), url


def test_a_pdf_asking_for_a_remote_file_still_renders_without_it(tmp_path: Path) -> None:
    html = ('<html><body><p>TLP:CLEAR</p><img src="https://example.org/beacon.png">'
            '<link rel="stylesheet" href="file:///etc/passwd"></body></html>')
    pdf = briefing.render_pdf(html)
    assert pdf.startswith(b"%PDF")


def test_kept_figures_are_computed_again_after_a_write(store: Store) -> None:
    memo = Memo()
    everything = Visibility.everything()
    calls: list[int] = []

    def count() -> int:
        calls.append(1)
        return store.version_count()

    first = memo.get(store, everything, "n", count)
    assert memo.get(store, everything, "n", count) == first and len(calls) == 1
    store.add_objects([make_test_incident()])
    assert memo.get(store, everything, "n", count) == first + 1 and len(calls) == 2
    other = Visibility("1 = 0", (), "nobody")
    memo.get(store, other, "n", count)
    assert len(calls) == 3  # another reader never shares an entry
