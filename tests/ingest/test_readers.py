"""Readers: the shared samples, every format, and the broken files a batch meets."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from jirga.errors import Invalid
from jirga.ingest.pipeline import prepare
from jirga.ingest.readers import read_bytes, read_file
from jirga.ingest.sources import expand
from tests.helpers import shared_path
from tests.ingest.factories import ATTACK_REPORT, make_html, make_jsonl, make_pdf, make_rss


def only(path: Path):  # type: ignore[no-untyped-def]
    result = read_file(path, 20_000_000)
    assert len(result.documents) == 1 and not result.problems
    return prepare(result.documents[0]).document


def test_ministers_meeting_sample_has_title_date_and_language() -> None:
    doc = only(shared_path("samples", "news-ministers-meeting.txt"))
    assert doc.title == "Pakistan, Afghanistan Pledge to Strengthen Anti-Terrorism Cooperation"
    assert doc.published == date(2025, 7, 20)
    assert doc.language == "en"
    assert "icon-facebook" not in doc.text  # share-button debris is not text


def test_persian_header_sample_reads_the_english_article_under_it() -> None:
    doc = only(shared_path("samples", "article-markdown-with-persian-header.md"))
    assert doc.title == "Security Cooperation between Pakistan and Afghanistan"
    assert doc.published == date(2024, 6, 11)
    assert doc.language == "en"
    assert doc.authors == ("Taut Bataut",)
    assert doc.text.startswith("Security Cooperation between Pakistan and Afghanistan")


def test_ris_sample_skips_the_server_warnings_before_the_record() -> None:
    doc = only(shared_path("samples", "ris-record-with-server-warnings.txt"))
    assert doc.format == "ris"
    assert doc.title == ("Challenges in Counterterrorism Cooperation Between Pakistan and "
                         "Afghanistan After the US Withdrawal")
    assert doc.published == date(2025, 4, 30)
    assert doc.language == "en"
    assert doc.authors == ("Dr. Attaullah Jan", "Brigadier Doctor Muhammad Naeem Akbar Qazi")
    assert doc.url == "https://www.assajournal.com/index.php/36/article/view/343"
    assert "Warning" not in doc.text and "<p>" not in doc.text


def test_html_page_gives_the_article_not_the_navigation(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(make_html("Blast kills five in Quetta", [ATTACK_REPORT, "More text."],
                               published="2024-11-09T10:00:00+05:00", author="Saleem Shahid"))
    doc = only(page)
    assert doc.title == "Blast kills five in Quetta"
    assert doc.published == date(2024, 11, 9)
    assert doc.authors == ("Saleem Shahid",)
    assert "Lakki Marwat" in doc.text and "WhatsApp" not in doc.text


def test_pdf_text_and_metadata(tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(make_pdf(["Quarterly security report", ATTACK_REPORT[:90]],
                             title="Security report", author="PICSS",
                             created="D:20240611093000"))
    doc = only(pdf)
    assert (doc.title, doc.authors, doc.published) == ("Security report", ("PICSS",),
                                                       date(2024, 6, 11))
    assert "Lakki Marwat" in doc.text or "policemen" in doc.text


def test_feed_gives_one_document_per_entry(tmp_path: Path) -> None:
    feed = tmp_path / "news.rss"
    feed.write_bytes(make_rss([
        {"title": "Attack in Lakki Marwat", "link": "https://news.example/1",
         "date": "Mon, 14 Oct 2023 08:00:00 +0500", "text": ATTACK_REPORT},
        {"title": "Ministers meet", "link": "https://news.example/2",
         "date": "Tue, 15 Oct 2023 08:00:00 +0500", "text": "The ministers met in Kabul."}]))
    result = read_file(feed, 20_000_000)
    assert [d.url for d in result.documents] == ["https://news.example/1", "https://news.example/2"]
    assert result.documents[0].published == date(2023, 10, 14)
    assert result.documents[0].source.endswith("#1")


def test_json_lines_reads_good_lines_and_reports_bad_ones(tmp_path: Path) -> None:
    export = tmp_path / "crawl.jsonl"
    export.write_bytes(make_jsonl([
        {"url": "https://a.example/1", "title": "One", "published": "2024-03-26",
         "text": ATTACK_REPORT},
        {"url": "https://a.example/2", "title": "No text"}]) + b"{not json\n")
    result = read_file(export, 20_000_000)
    assert [d.url for d in result.documents] == ["https://a.example/1"]
    assert result.documents[0].published == date(2024, 3, 26)
    messages = [str(p) for p in result.problems]
    assert any("crawl.jsonl:2" in m and "'text'" in m for m in messages)
    assert any("crawl.jsonl:3" in m and "not JSON" in m for m in messages)


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("photo.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "binary data (a PNG image)"),
    ("empty.txt", b"", "the file is empty"),
    ("blank.md", b"  \n\n \t\n", "the file is empty"),
    ("broken.ris", b"Warning: something\nAU  - Someone\n", "no record starts"),
    ("cut.ris", b"TY  - JOUR\nTI  - A title\nAU  - Someone\n", "not closed by an 'ER  - ' line"),
    ("fake.pdf", b"<html>not a pdf</html>", "not a PDF"),
])
def test_broken_files_are_refused_with_a_clear_message(tmp_path: Path, name: str,
                                                       content: bytes, expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(Invalid) as caught:
        read_file(path, 20_000_000)
    assert str(path) in caught.value.message
    assert expected in caught.value.message


def test_truncated_pdf_is_refused(tmp_path: Path) -> None:
    pdf = make_pdf(["A report"] * 20)
    path = tmp_path / "cut.pdf"
    path.write_bytes(pdf[: len(pdf) // 2])
    with pytest.raises(Invalid, match="truncated PDF"):
        read_file(path, 20_000_000)


def test_text_over_the_size_limit_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # 50 MB, sparse on disk
        handle.seek(50_000_000 - 1)
        handle.write(b"\n")
    with pytest.raises(Invalid, match=r"50\.0 MB, over the 20 MB limit"):
        read_file(path, 20_000_000)


def test_folders_are_walked_and_hidden_files_skipped(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text(ATTACK_REPORT)
    (tmp_path / "a" / "two.html").write_bytes(make_html("T", [ATTACK_REPORT]))
    (tmp_path / "a" / "notes.docx").write_bytes(b"PK")
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache" / "x.txt").write_text("x")
    names = [Path(s.name).name for s in expand([str(tmp_path)])]
    assert names == ["one.txt", "two.html"]


def test_a_text_file_holding_html_is_read_as_html() -> None:
    result = read_bytes(make_html("Title here", [ATTACK_REPORT]), "saved.txt", "text")
    assert "<p>" in result.documents[0].text  # declared text stays text when the caller says so
    from jirga.ingest.readers import format_for

    assert format_for("saved.txt", make_html("T", ["x"])) == "html"
