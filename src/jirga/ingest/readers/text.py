"""Plain text and Markdown: title, date and author from the first lines, page debris removed.

Saved news pages carry debris — share-button labels ("icon-facebook icon-twitter"), "Read
more" links, a site's masthead in another script above the article — that is neither title
nor text. The title is the first heading (or first short line) written in the article's own
script; lines before it that belong to the masthead are dropped.
"""

from __future__ import annotations

import re

from jirga.ingest.document import Document, join_wrapped_lines
from jirga.ingest.readers.common import decode, first_date_line

DEBRIS_RE = re.compile(
    r"^(?:(?:icon-[\w-]+\s*)+|(?:share|tweet|whatsapp|facebook|twitter|linkedin|email|print|"
    r"telegram|copy\s+link|follow\s+us|subscribe|advertisement|sponsored|read\s+more|"
    r"also\s+read|related(?:\s+stories)?|click\s+here|comments?|\d+\s+comments?|"
    r"listen\s+to\s+this\s+article|skip\s+to\s+content|menu|home|log\s*in|sign\s+up)"
    r"(?:\s*[|:/-]?\s*(?:share|tweet|whatsapp|facebook|twitter|linkedin|email|print|telegram))*"
    r"\s*:?)$", re.I)
URL_LINE_RE = re.compile(r"^(?:https?://\S+|www\.\S+|\S+@\S+\.\w+|\[?\S+\.(?:com|org|net|pk|af)"
                         r"\S*\]?)$", re.I)
AUTHOR_RE = re.compile(r"^(?:by|author|written\s+by|reporter|correspondent)\s*:?\s+(.{3,80})$",
                       re.I)
MD_LINK_RE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
MD_EMPHASIS_RE = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
HTML_TAG_RE = re.compile(r"</?(?:sup|sub|b|i|em|strong|span|u|small|br\s*/?)\s*>", re.I)
HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*$")


def read_text(data: bytes, name: str) -> list[Document]:
    lines = _clean_lines(decode(data, name).splitlines())
    return [_document(lines, [], name, "text")]


def read_markdown(data: bytes, name: str) -> list[Document]:
    raw = decode(data, name).splitlines()
    lines: list[str] = []
    headings: list[tuple[int, int, str]] = []  # (line index, level, text)
    for line in raw:
        m = HEADING_RE.match(line.strip())
        text = _plain_markdown(m.group(2) if m else line)
        if m and text:
            headings.append((len(lines), len(m.group(1)), text))
        lines.append(text)
    return [_document(_clean_lines(lines), headings, name, "markdown")]


def _plain_markdown(line: str) -> str:
    line = MD_LINK_RE.sub(lambda m: m.group(1), line)
    line = HTML_TAG_RE.sub("", line)
    line = MD_EMPHASIS_RE.sub(lambda m: m.group(2), line)
    line = re.sub(r"^\s*(?:>\s*)+", "", line)
    return line.rstrip()


def _clean_lines(lines: list[str]) -> list[str]:
    """Lines stripped, debris lines (share buttons, bare links) blanked out."""
    out = []
    for line in lines:
        stripped = line.strip()
        debris = stripped and (DEBRIS_RE.match(stripped) or URL_LINE_RE.match(stripped))
        out.append("" if debris else stripped)
    return out


def _document(lines: list[str], headings: list[tuple[int, int, str]], name: str,
              fmt: str) -> Document:
    script = _main_script("\n".join(lines))
    title_index = _title_index(lines, headings, script)
    title = lines[title_index] if title_index is not None else None
    head = lines[:title_index + 1] if title_index is not None else []
    published = first_date_line([*head, *lines[(title_index or 0) + 1:][:12]],
                                limit=len(head) + 12)
    authors = _authors(lines[:(title_index or 0) + 12])
    body_start = title_index if title_index is not None and _masthead(lines[:title_index],
                                                                        script) else 0
    body = [line for line in lines[body_start:] if not _metadata_line(line)]
    text = join_wrapped_lines("\n".join(body))
    return Document(text=text, format=fmt, source=name, title=title, authors=authors,
                    published=published)


def _title_index(lines: list[str], headings: list[tuple[int, int, str]],
                 script: str) -> int | None:
    for index, level, text in headings:
        if level <= 2 and _script(text) == script and "www." not in text:
            return index
    for index, line in enumerate(lines):
        if line and len(line) <= 200 and _script(line) == script and not _metadata_line(line):
            return index
    return None


def _masthead(before: list[str], script: str) -> bool:
    """Lines above the title that are a site's header: other scripts, short labels, no prose."""
    prose = [line for line in before if len(line) > 120 and _script(line) == script]
    return not prose


def _metadata_line(line: str) -> bool:
    stripped = line.strip()
    if AUTHOR_RE.match(stripped):
        return True
    return bool(re.fullmatch(r"(?:published|updated|posted|date)?\s*:?\s*[\w ,./:-]{6,40}",
                             stripped, re.I)) and _is_date(stripped)


def _is_date(line: str) -> bool:
    from jirga.ingest.readers.common import parse_date

    words = re.findall(r"[A-Za-z]+", line)
    return len(words) <= 5 and parse_date(line) is not None


def _authors(lines: list[str]) -> tuple[str, ...]:
    for line in lines:
        m = AUTHOR_RE.match(line.strip())
        if m:
            names = re.split(r"\s*(?:,|;|\band\b|&)\s*", m.group(1))
            return tuple(n.strip(" .") for n in names if n.strip(" ."))
    return ()


def _script(text: str) -> str:
    latin = sum(1 for c in text if c.isalpha() and c.isascii())
    other = sum(1 for c in text if c.isalpha() and not c.isascii())
    return "latin" if latin >= other else "other"


def _main_script(text: str) -> str:
    return _script(text)
