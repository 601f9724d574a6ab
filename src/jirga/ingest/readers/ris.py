"""RIS bibliography records (rispy), including exports with server output before the record.

Journal sites built on PHP print warnings above the record when misconfigured; a record is
what lies between a `TY  -` line and its `ER  -` line, whatever comes before. Tags written with
one space before the dash (`TY - JOUR`) are read as the two-space tags RIS specifies.
"""

from __future__ import annotations

import re

from jirga.errors import Invalid
from jirga.ingest.document import Document
from jirga.ingest.readers.common import decode, html_to_text, parse_date

TAG_RE = re.compile(r"^([A-Z][A-Z0-9])\s{1,2}-(?:\s(.*))?$")


def looks_like_ris(text: str) -> bool:
    return re.search(r"(?m)^TY\s{1,2}-", text) is not None and re.search(
        r"(?m)^ER\s{1,2}-", text) is not None


def read_ris(data: bytes, name: str) -> list[Document]:
    import rispy

    text = decode(data, name)
    records = _records(text, name)
    out = []
    for index, record in enumerate(records):
        entries = rispy.loads(record)
        if not entries:
            raise Invalid(f"{name}: RIS record {index + 1} could not be read")
        out.append(_document(entries[0], f"{name}#{index + 1}" if len(records) > 1 else name))
    return out


def _records(text: str, name: str) -> list[str]:
    """Normalised RIS text of each record; junk before the first TY line is dropped."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if re.match(r"^TY\s{1,2}-", line)), None)
    if start is None:
        raise Invalid(f"{name}: not an RIS file: no record starts (no 'TY  - ' line)")
    records: list[str] = []
    current: list[str] = []
    for line in lines[start:]:
        m = TAG_RE.match(line.rstrip())
        if m:
            tag, value = m.group(1), (m.group(2) or "").strip()
            current.append(f"{tag}  - {value}")
            if tag == "ER":
                records.append("\n".join(current) + "\n")
                current = []
        elif current and line.strip():
            current[-1] += " " + line.strip()
    if current or not records:
        raise Invalid(f"{name}: RIS record {len(records) + 1} is not closed by an 'ER  - ' line "
                      "(the file is truncated or not RIS)")
    return records


def _document(entry: dict, source: str) -> Document:  # type: ignore[type-arg]
    title = entry.get("title") or entry.get("primary_title") or entry.get("secondary_title")
    abstract = html_to_text(entry.get("abstract") or entry.get("notes_abstract") or "")
    notes = entry.get("notes") or []
    parts = [title or "", abstract.strip(), *(html_to_text(n) for n in notes)]
    text = "\n\n".join(p for p in parts if p)
    if not text.strip():
        raise Invalid(f"{source}: the RIS record has no title or abstract to read")
    authors = tuple(a.strip(" ,;") for a in entry.get("authors") or entry.get("first_authors")
                    or [] if a.strip(" ,;"))
    published = None
    for key in ("date", "publication_year", "year"):
        published = parse_date(entry.get(key))
        if published:
            break
    urls = entry.get("urls") or []
    return Document(text=text, format="ris", source=source, title=title, url=urls[0] if urls
                    else None, authors=authors, published=published)
