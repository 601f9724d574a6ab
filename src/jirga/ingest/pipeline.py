"""The document pipeline: read, normalise, detect the language, extract, deduplicate, store.

Each document is stored in one transaction — its row, its near-duplicate sketch, its candidate
incidents in the review queue, its claims, and the STIX report with the places, groups and
claim notes it refers to — so a failure leaves nothing half-written. One bad file is reported
and the batch goes on; the report says which failed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from typing import Any

from jirga.errors import Invalid, JirgaError
from jirga.extract.extractor import extract
from jirga.extract.model import Extraction
from jirga.ingest import dedupe
from jirga.ingest.document import Document, normalise_text, text_hash
from jirga.ingest.language import detect
from jirga.ingest.sources import Source, read_source
from jirga.model.ids import new_id
from jirga.model.timestamps import now
from jirga.objects.authoring import save
from jirga.review import stix
from jirga.store import Store, Visibility
from jirga.store import documents as doc_table
from jirga.store import review as review_table

OnSource = Callable[[list["Outcome"]], None]


@dataclass
class Prepared:
    """A document ready to store: normalised, its language known, its extraction done."""

    document: Document
    extraction: Extraction

    @property
    def sha256(self) -> str:
        return text_hash(self.document.text)

    @cached_property
    def shingles(self) -> frozenset[int]:
        """The near-duplicate shingles (computed only when storing)."""
        return frozenset(dedupe.shingles(self.document.text))


@dataclass
class Outcome:
    source: str
    status: str  # added | duplicate | near-duplicate | failed
    document: int | None = None
    title: str | None = None
    published: str | None = None
    language: str | None = None
    incidents: int = 0
    background: int = 0
    claims: int = 0
    duplicate_of: int | None = None
    similarity: float | None = None
    error: str | None = None


@dataclass
class IngestReport:
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)


def prepare(document: Document) -> Prepared:
    """Normalise, detect the language and extract; pure (no store), so `jirga extract` shares it."""
    text = normalise_text(document.text)
    if not text:
        raise Invalid(f"{document.source}: no text left to read after removing markup")
    language = document.language or detect(text)
    title = normalise_text(document.title) if document.title else None
    doc = replace(document, text=text, language=language, title=title or None)
    return Prepared(doc, extract(text, doc.published))


def ingest(store: Store, sources: list[Source], *, visibility: Visibility, max_bytes: int,
           on_source: OnSource | None = None, level: str = "clear") -> IngestReport:
    """Read every source (see `sources.expand`) into the store; never stops at a bad file.
    `on_source` hears each source's outcomes as soon as it is done (for progress and errors)."""
    report = IngestReport()
    for source in sources:
        outcomes = list(_one_source(store, source, visibility, max_bytes, level))
        report.outcomes.extend(outcomes)
        if on_source is not None:
            on_source(outcomes)
    return report


def _one_source(store: Store, source: Source, visibility: Visibility, max_bytes: int,
                level: str) -> Iterable[Outcome]:
    try:
        result = read_source(source, max_bytes)
    except JirgaError as exc:
        return [Outcome(source.name, "failed", error=exc.message)]
    except Exception as exc:  # a reader library crashing on odd input must not stop the batch
        return [Outcome(source.name, "failed", error=f"{source.name}: could not be read "
                        f"({type(exc).__name__}: {exc})")]
    outcomes = [Outcome(p.file or source.name, "failed", error=str(p)) for p in result.problems]
    for document in result.documents:
        try:
            outcomes.append(store_prepared(store, prepare(document), visibility=visibility,
                                           level=level))
        except JirgaError as exc:
            outcomes.append(Outcome(document.source, "failed", error=exc.message))
    return outcomes


def store_prepared(store: Store, prepared: Prepared, *, visibility: Visibility,
                   level: str = "clear") -> Outcome:
    """Store one prepared document (once: the same text again is reported as a duplicate)."""
    doc = prepared.document
    with store.db.transaction():
        store.db.lock_for_writing()
        existing = doc_table.by_sha256(store, prepared.sha256, visibility=visibility)
        if existing is not None:
            return Outcome(doc.source, "duplicate", existing.seq, existing.title,
                           existing.published, existing.language)
        near = _near_duplicate(store, prepared, visibility)
        stamp = now()
        report_id = new_id("report")
        if near is not None:
            original, similarity = near
            _save_report(store, prepared, report_id, stamp, [original.id], level)
            seq = doc_table.insert(store, _row(prepared, report_id, stamp, level,
                                               original.seq, similarity))
            return Outcome(doc.source, "near-duplicate", seq, doc.title, _iso(doc.published),
                           doc.language, duplicate_of=original.seq,
                           similarity=round(similarity, 2))
        claims = _claims(prepared, report_id, stamp)
        refs = _extracted_objects(store, prepared, stamp, visibility, level)
        objects = [*refs, *(c["note"] for c in claims)]
        if not objects:
            objects = [stix.summary_note(report_id, stamp)]
        _save_report(store, prepared, report_id, stamp, [o["id"] for o in objects], level,
                     extra=[o for o in objects if not o.get("_existing")])
        seq = doc_table.insert(store, _row(prepared, report_id, stamp, level, None, None))
        doc_table.add_sketch(store, seq, dedupe.sketch(set(prepared.shingles)))
        for candidate in prepared.extraction.incidents:
            review_table.insert_candidate(store, review_table.NewCandidate(
                new_id("incident"), seq, candidate.as_json(), stamp, level))
        review_table.insert_claims(store, seq, [{**c, "id": c["note"]["id"]} for c in claims],
                                   level)
    incidents = prepared.extraction.incidents
    return Outcome(doc.source, "added", seq, doc.title, _iso(doc.published), doc.language,
                   incidents=sum(1 for c in incidents if not c.background),
                   background=sum(1 for c in incidents if c.background), claims=len(claims))


def _near_duplicate(store: Store, prepared: Prepared, visibility: Visibility
                    ) -> tuple[doc_table.DocumentRow, float] | None:
    hashes = dedupe.sketch(set(prepared.shingles))
    matches = doc_table.sketch_matches(store, hashes, visibility=visibility)
    if not matches:
        return None
    best: tuple[int, float] | None = None
    for seq, text in doc_table.texts(store, matches, visibility=visibility).items():
        score = dedupe.similarity(set(prepared.shingles), dedupe.shingles(text))
        if score >= dedupe.THRESHOLD and (best is None or score > best[1]):
            best = (seq, score)
    if best is None:
        return None
    return doc_table.get(store, best[0], visibility=visibility), best[1]


def _extracted_objects(store: Store, prepared: Prepared, stamp: str, visibility: Visibility,
                       level: str) -> list[dict[str, Any]]:
    """Locations and groups the candidates name; existing ones are referred to, not rewritten."""
    out: dict[str, dict[str, Any]] = {}
    for candidate in prepared.extraction.incidents:
        data = candidate.as_json()
        location = stix.location(data, stamp, level)
        if location is not None and location["id"] not in out:
            out[location["id"]] = _mark_existing(store, location, visibility)
        for perpetrator in candidate.perpetrators:
            found = stix.find_group(store, perpetrator["name"], visibility=visibility)
            obj = {**found, "_existing": True} if found else stix.group(perpetrator["name"], stamp)
            out.setdefault(obj["id"], obj)
    return list(out.values())


def _mark_existing(store: Store, obj: dict[str, Any], visibility: Visibility) -> dict[str, Any]:
    try:
        store.get(obj["id"], visibility=visibility)
    except JirgaError:
        return obj
    return {**obj, "_existing": True}


def _claims(prepared: Prepared, report_id: str, stamp: str) -> list[dict[str, Any]]:
    out = []
    for claim in prepared.extraction.claims:
        data = claim.as_json()
        data["note"] = stix.claim_note(data, report_id, stamp)
        out.append(data)
    return out


def _save_report(store: Store, prepared: Prepared, report_id: str, stamp: str, refs: list[str],
                 level: str, extra: list[dict[str, Any]] | None = None) -> None:
    doc = prepared.document
    published = f"{doc.published.isoformat()}T00:00:00.000Z" if doc.published else stamp
    obj = stix.report(report_id, title=doc.title, published=published, stamp=stamp,
                      sha256=prepared.sha256, url=doc.url, source=doc.source,
                      language=doc.language, object_refs=refs, level=level)
    clean = [{k: v for k, v in o.items() if k != "_existing"} for o in extra or []]
    save(store, [obj, *clean], source=doc.source)


def _row(prepared: Prepared, report_id: str, stamp: str, level: str, duplicate_of: int | None,
         similarity: float | None) -> doc_table.NewDocument:
    doc = prepared.document
    return doc_table.NewDocument(
        id=report_id, sha256=prepared.sha256, url=doc.url, title=doc.title,
        authors=list(doc.authors), published=_iso(doc.published), language=doc.language,
        format=doc.format, source=doc.source, text=doc.text, duplicate_of=duplicate_of,
        similarity=similarity, ingested_at=stamp, tlp=level)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
