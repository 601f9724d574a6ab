"""Web pages: the article's main text with trafilatura, its date with htmldate.

trafilatura separates an article from navigation, share buttons and comments far better than
anything small enough to write here; htmldate reads the dozen places pages put their date.
"""

from __future__ import annotations

import re

from jirga.errors import Invalid
from jirga.ingest.document import Document
from jirga.ingest.readers.common import decode, parse_date


def read_html(data: bytes, name: str, url: str | None = None) -> list[Document]:
    import trafilatura

    page = decode(data, name)
    if "<" not in page[:4096]:
        raise Invalid(f"{name}: no HTML markup found; if it is plain text, name it .txt")
    found = trafilatura.bare_extraction(page, url=url, with_metadata=True, include_comments=False,
                                        include_tables=False, favor_recall=True)
    text = getattr(found, "text", None) if found is not None else None
    if not text or not text.strip():
        raise Invalid(f"{name}: no article text found in the page (an index page, a login wall "
                      "or a page built by JavaScript?)")
    published = parse_date(getattr(found, "date", None)) or _htmldate(page)
    authors = tuple(a.strip() for a in re.split(r"[;,]|\band\b", found.author or "") if a.strip())
    return [Document(text=text, format="html", source=name, title=found.title or None,
                     url=found.url or url, authors=authors, published=published)]


def _htmldate(page: str):  # type: ignore[no-untyped-def]
    from htmldate import find_date

    return parse_date(find_date(page, original_date=True))
