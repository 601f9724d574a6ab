"""Evidence spans marked in a source text: the text cut into plain and marked segments.

The extractor's evidence gives character offsets into the stored document text; overlapping
spans (a sentence that gave both the date and the toll) merge into one mark listing each field.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Segment:
    text: str
    fields: list[str] = field(default_factory=list)  # empty: not evidence
    number: int = 0  # 1, 2, … for marks, so the list of fields can point at them

    @property
    def marked(self) -> bool:
        return bool(self.fields)


def spans_of(evidence: Iterable[dict[str, Any]], document_id: str | None = None
             ) -> list[tuple[int, int, str]]:
    """(start, end, field) of each evidence item with offsets (in one document, if named)."""
    out = []
    for item in evidence:
        start, end = item.get("start"), item.get("end")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end):
            continue
        if document_id is not None and item.get("document") not in (None, document_id):
            continue
        out.append((start, end, str(item.get("field") or "evidence")))
    return out


def segments(text: str, spans: Iterable[tuple[int, int, str]]) -> list[Segment]:
    """`text` as segments, the spans (clipped to the text, overlaps merged) marked."""
    merged: list[tuple[int, int, list[str]]] = []
    for start, end, name in sorted((max(0, s), min(len(text), e), n) for s, e, n in spans):
        if start >= end:
            continue
        if merged and start < merged[-1][1]:
            last = merged[-1]
            names = last[2] if name in last[2] else [*last[2], name]
            merged[-1] = (last[0], max(last[1], end), names)
        else:
            merged.append((start, end, [name]))
    out: list[Segment] = []
    at = 0
    for number, (start, end, names) in enumerate(merged, start=1):
        if start > at:
            out.append(Segment(text[at:start]))
        out.append(Segment(text[start:end], names, number))
        at = end
    if at < len(text):
        out.append(Segment(text[at:]))
    return out
