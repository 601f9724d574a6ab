"""Readers per format, chosen by file extension and, where that misleads, by content.

A `.txt` that holds an RIS record is read as RIS, a page saved as `.txt` as HTML; a binary file
named `.html` is refused with a message that says so. Every reader raises `Invalid` naming the
file for a file it cannot read; feeds and JSON Lines report bad entries as problems and read
the rest.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from jirga.errors import Invalid, Problem
from jirga.ingest.document import Document
from jirga.ingest.readers.common import decode
from jirga.ingest.readers.feed import looks_like_feed, read_feed
from jirga.ingest.readers.html import read_html
from jirga.ingest.readers.jsonl import read_jsonl
from jirga.ingest.readers.pdf import read_pdf
from jirga.ingest.readers.ris import looks_like_ris, read_ris
from jirga.ingest.readers.text import read_markdown, read_text

EXTENSIONS = {
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html", ".php": "html",
    ".aspx": "html", ".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
    ".ris": "ris", ".pdf": "pdf", ".rss": "feed", ".atom": "feed", ".xml": "feed",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
}
FORMATS = ("html", "text", "markdown", "ris", "pdf", "feed", "jsonl")
READABLE = frozenset(EXTENSIONS)


@dataclass
class ReadResult:
    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def format_for(name: str, head: bytes, declared: str | None = None) -> str:
    """The reader for a file: its extension (or a server's content type), checked against content."""
    fmt = declared or EXTENSIONS.get(Path(name).suffix.lower())
    if head.startswith(b"%PDF"):
        return "pdf" if fmt in (None, "pdf", "text") else fmt
    if fmt in ("html", "pdf", "feed", "jsonl", "ris", "markdown"):
        return fmt
    text = head[:4096].decode("utf-8", errors="ignore").lstrip("\ufeff").lstrip()
    lowered = text[:200].lower()
    if looks_like_ris(head.decode("utf-8", errors="ignore")):
        return "ris"
    if lowered.startswith(("<!doctype html", "<html")):
        return "html"
    if lowered.startswith("<?xml") and looks_like_feed(text):
        return "feed"
    if fmt is None and text.startswith("{"):
        return "jsonl"
    return fmt or "text"


def read_bytes(data: bytes, name: str, fmt: str, url: str | None = None,
               max_bytes: int = 20_000_000) -> ReadResult:
    """Documents in `data` read as `fmt`."""
    if fmt == "html":
        return ReadResult(read_html(data, name, url))
    if fmt == "markdown":
        return ReadResult(_with_url(read_markdown(data, name), url))
    if fmt == "text":
        return ReadResult(_with_url(read_text(data, name), url))
    if fmt == "ris":
        return ReadResult(read_ris(data, name))
    if fmt == "pdf":
        return ReadResult(_with_url(read_pdf(data, name), url))
    if fmt == "feed":
        docs, problems = read_feed(data, name)
        return ReadResult(docs, problems)
    if fmt == "jsonl":
        decode(data, name)  # refuses empty and binary files with the usual messages
        return _jsonl(iter(data.splitlines()), name, max_bytes)
    raise Invalid(f"{name}: unknown format '{fmt}'; one of {', '.join(FORMATS)}")


def read_file(path: Path, max_bytes: int) -> ReadResult:
    """Documents in a file; a JSON Lines export is streamed, so it may be larger than one document."""
    name = str(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8192)
    except OSError as exc:
        raise Invalid(f"{name}: cannot read the file ({exc.strerror or exc})") from exc
    fmt = format_for(name, head)
    if fmt == "jsonl":
        if size == 0:
            raise Invalid(f"{name}: the file is empty; nothing to read")
        with path.open("rb") as handle:
            return _jsonl(iter(handle), name, max_bytes)
    if size > max_bytes:
        raise Invalid(f"{name}: the file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB "
                      "limit for one document; split it or raise JIRGA_MAX_DOCUMENT_BYTES")
    return read_bytes(path.read_bytes(), name, fmt, max_bytes=max_bytes)


def _jsonl(lines: Iterator[bytes], name: str, max_bytes: int) -> ReadResult:
    result = ReadResult()
    for item in read_jsonl(lines, name, max_bytes):
        if isinstance(item, Problem):
            result.problems.append(item)
        else:
            result.documents.append(item)
    if not result.documents and not result.problems:
        raise Invalid(f"{name}: no articles in the JSON Lines file")
    return result


def _with_url(docs: list[Document], url: str | None) -> list[Document]:
    if url is None:
        return docs
    from dataclasses import replace

    return [replace(d, url=d.url or url) for d in docs]
