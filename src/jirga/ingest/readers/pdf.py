"""PDF reports with pypdf: page text joined across hard line breaks, metadata for the title.

A truncated download is refused with a clear message instead of read in part: a PDF whose
end-of-file marker is missing has lost its cross-reference table, and whatever text could be
recovered from it would be incomplete without saying so.
"""

from __future__ import annotations

import io
import logging
from datetime import date

from jirga.errors import Invalid
from jirga.ingest.document import Document, join_wrapped_lines
from jirga.ingest.readers.common import parse_date


def read_pdf(data: bytes, name: str) -> list[Document]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError, PyPdfError

    if not data.startswith(b"%PDF"):
        raise Invalid(f"{name}: not a PDF (it does not start with %PDF)")
    if b"%%EOF" not in data[-2048:]:
        raise Invalid(f"{name}: truncated PDF (no end-of-file marker); download it again")
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise Invalid(f"{name}: the PDF is encrypted with a password; save an unlocked copy")
        pages = [page.extract_text() or "" for page in reader.pages]
        meta = reader.metadata or {}
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError) as exc:
        raise Invalid(f"{name}: damaged PDF ({exc}); download it again") from exc
    text = join_wrapped_lines("\n\n".join(p.strip() for p in pages if p.strip()))
    if not text.strip():
        raise Invalid(f"{name}: the PDF has no text layer (scanned pages?); run OCR on it first")
    title = str(meta.get("/Title") or "").strip() or None
    author = str(meta.get("/Author") or "").strip()
    return [Document(text=text, format="pdf", source=name, title=title or _first_line(text),
                     authors=(author,) if author else (),
                     published=_pdf_date(meta.get("/CreationDate")))]


def _first_line(text: str) -> str | None:
    line = text.strip().split("\n", 1)[0].strip()
    return line if 0 < len(line) <= 200 else None


def _pdf_date(value: object) -> date | None:
    """PDF dates look like D:20240611093000+05'00'."""
    text = str(value or "")
    if text.startswith("D:") and len(text) >= 10:
        return parse_date(f"{text[2:6]}-{text[6:8]}-{text[8:10]}")
    return parse_date(text) if text else None
