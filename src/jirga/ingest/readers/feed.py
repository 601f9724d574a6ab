"""RSS and Atom feeds (feedparser): one document per entry, from its content or summary."""

from __future__ import annotations

from datetime import date

from jirga.errors import Invalid, Problem
from jirga.ingest.document import Document
from jirga.ingest.readers.common import html_to_text


def looks_like_feed(head: str) -> bool:
    lowered = head[:2000].lower()
    return "<rss" in lowered or "<feed" in lowered or "<rdf:rdf" in lowered


def read_feed(data: bytes, name: str) -> tuple[list[Document], list[Problem]]:
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries:
        reason = getattr(parsed, "bozo_exception", None)
        raise Invalid(f"{name}: not an RSS or Atom feed with entries"
                      + (f" ({reason})" if reason else ""))
    docs, problems = [], []
    for index, entry in enumerate(parsed.entries):
        source = f"{name}#{index + 1}"
        body = _body(entry)
        if not body.strip():
            problems.append(Problem("the entry has no text (no content or summary)", file=source))
            continue
        title = (entry.get("title") or "").strip() or None
        text = f"{title}\n\n{body}" if title and not body.startswith(title) else body
        authors = tuple(a.get("name", "").strip() for a in entry.get("authors") or []
                        if a.get("name"))
        docs.append(Document(text=text, format="feed", source=source, title=title,
                             url=entry.get("link"), authors=authors, published=_date(entry)))
    return docs, problems


def _body(entry: dict) -> str:  # type: ignore[type-arg]
    contents = entry.get("content") or []
    for content in contents:
        if content.get("value"):
            return html_to_text(content["value"]).strip()
    return html_to_text(entry.get("summary") or entry.get("description") or "").strip()


def _date(entry: dict) -> date | None:  # type: ignore[type-arg]
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return date(value.tm_year, value.tm_mon, value.tm_mday)
    return None
