"""JSON Lines of articles, as crawlers export them: one object a line with `url`, `title`,
`published` and `text` (`authors` and `language` when present). A bad line is reported with
its number and the others are read."""

from __future__ import annotations

from collections.abc import Iterator

import orjson

from jirga.errors import Problem
from jirga.ingest.document import Document
from jirga.ingest.readers.common import parse_date


def read_jsonl(lines: Iterator[bytes], name: str, max_bytes: int
               ) -> Iterator[Document | Problem]:
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        where = f"{name}:{number}"
        if len(raw) > max_bytes:
            yield Problem(f"line is {len(raw):,} bytes, over the {max_bytes:,}-byte limit for "
                          "one document (JIRGA_MAX_DOCUMENT_BYTES)", file=where)
            continue
        try:
            item = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            yield Problem(f"not JSON ({exc})", file=where)
            continue
        yield _document(item, where)


def _document(item: object, where: str) -> Document | Problem:
    if not isinstance(item, dict):
        return Problem("each line must be a JSON object with url, title, published, text",
                       file=where)
    text = item.get("text")
    if not isinstance(text, str) or not text.strip():
        return Problem("no 'text' (a non-empty string) in the object", file=where)
    title = item.get("title") if isinstance(item.get("title"), str) else None
    authors = item.get("authors") or item.get("author") or []
    if isinstance(authors, str):
        authors = [authors]
    published = parse_date(str(item["published"])) if item.get("published") else None
    url = item.get("url") if isinstance(item.get("url"), str) else None
    return Document(text=text, format="jsonl", source=where, title=title, url=url,
                    authors=tuple(str(a) for a in authors if a), published=published)
