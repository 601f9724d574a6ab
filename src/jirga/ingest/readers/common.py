"""What every reader needs: decoding bytes, refusing binary data, HTML fragments to text, and
publication dates in the many ways pages write them."""

from __future__ import annotations

import html
import re
from datetime import date, datetime

from jirga.errors import Invalid
from jirga.extract.dates import find_dates

BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def decode(data: bytes, name: str) -> str:
    """Text from bytes: UTF-8 (with or without BOM), UTF-16 with a BOM, else the detected charset.

    Refuses binary data (NUL bytes or mostly control characters) with a message naming the file.
    """
    if not data.strip():
        raise Invalid(f"{name}: the file is empty; nothing to read")
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    refuse_binary(data, name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None:
        raise Invalid(f"{name}: cannot tell the text's character encoding; save it as UTF-8")
    return data.decode(best.encoding, errors="replace")


def refuse_binary(data: bytes, name: str) -> None:
    head = data[:8192]
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    if b"\x00" in head or controls > len(head) * 0.05:
        kind = sniff_binary(head)
        raise Invalid(f"{name}: this is binary data{kind}, not text; check the file "
                      "(a download error page, an image or an archive saved under the wrong name?)")


def sniff_binary(head: bytes) -> str:
    for magic, label in ((b"%PDF", " (a PDF)"), (b"\x89PNG", " (a PNG image)"),
                         (b"\xff\xd8\xff", " (a JPEG image)"), (b"PK\x03\x04", " (a ZIP archive)"),
                         (b"\x1f\x8b", " (gzip data)"), (b"GIF8", " (a GIF image)")):
        if head.startswith(magic):
            return label
    return ""


BLOCK_END_RE = re.compile(r"(?i)<\s*(?:br\s*/?|/p|/div|/li|/h[1-6]|/tr|/blockquote|/section)\s*>")
TAG_RE = re.compile(r"<[^>]+>")


def html_to_text(fragment: str) -> str:
    """Text of an HTML fragment (a feed summary, an RIS abstract): blocks become lines."""
    text = BLOCK_END_RE.sub("\n", fragment)
    text = TAG_RE.sub("", text)
    return html.unescape(text)


ISO_RE = re.compile(r"\b((?:19|20)\d\d)[-/](\d{1,2})[-/](\d{1,2})\b")
YEAR_ONLY_RE = re.compile(r"^\s*((?:19|20)\d\d)\s*$")


def parse_date(text: str | None) -> date | None:
    """A publication date from a metadata value or a date line ('Sun Jul 20 2025',
    '11.06.2024', '2025/04/30', 'Published: 20 July 2025 09:12 PKT')."""
    if not text:
        return None
    text = text.strip()
    m = ISO_RE.search(text)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    for mention in find_dates(text, 0, None):
        if mention.precision == "day":
            return mention.value
    m = YEAR_ONLY_RE.match(text)
    if m:
        return date(int(m.group(1)), 1, 1)
    if len(text) > 60 or not re.search(r"\d", text):
        return None
    return _dateparser(text)


def _dateparser(text: str) -> date | None:
    import dateparser

    parsed = dateparser.parse(text, settings={"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first",
                                              "RETURN_AS_TIMEZONE_AWARE": False,
                                              "PARSERS": ["absolute-time"]})
    return parsed.date() if isinstance(parsed, datetime) else None


def first_date_line(lines: list[str], limit: int = 15) -> date | None:
    """The publication date among a document's first lines: a short line that is a date."""
    for line in lines[:limit]:
        stripped = re.sub(r"^(?:published|updated|posted|date|dated|on)\s*:?\s*", "",
                          line.strip(), flags=re.I)
        if not stripped or len(stripped) > 60:
            continue
        found = parse_date(stripped)
        if found is not None and (ISO_RE.search(stripped) or _mostly_date(stripped)):
            return found
    return None


def _mostly_date(line: str) -> bool:
    """True when a line holds little besides a date (not a sentence that mentions one)."""
    words = re.findall(r"[A-Za-z]+", line)
    return len(words) <= 5
