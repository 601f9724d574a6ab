"""Measuring extraction against labelled reports: per-field accuracy, as `jirga eval extraction`
prints it.

A gold file is JSON Lines, one report a line: the text (`text`, or `path` to a file read with
the same readers `jirga ingest` uses, relative to the gold file), `published`, and `incidents`,
each with the fields of `jirga extract --json`. Predicted incidents are paired with gold ones
by how much they agree (date, province, toll, background); a gold incident left unpaired
counts as wrong on every field, so missing an attack costs what misreading it would. A report
whose gold list is empty is a non-incident report: it passes only if nothing is extracted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import orjson

from jirga.errors import Invalid
from jirga.ingest.document import Document
from jirga.ingest.pipeline import prepare
from jirga.ingest.readers import read_file

FIELDS = ("date", "date_precision", "country", "admin1", "district", "perpetrator",
          "perpetrator_basis", "killed", "injured", "attack_type", "target_type", "background")


@dataclass
class FieldScore:
    correct: int = 0
    total: int = 0

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


@dataclass
class Mismatch:
    report: str
    field: str
    gold: Any
    predicted: Any


@dataclass
class EvalReport:
    fields: dict[str, FieldScore] = field(default_factory=lambda: {f: FieldScore()
                                                                   for f in FIELDS})
    reports: int = 0
    gold_incidents: int = 0
    predicted_incidents: int = 0
    matched: int = 0
    non_incident_reports: int = 0
    non_incident_clean: int = 0
    mismatches: list[Mismatch] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.matched / self.gold_incidents if self.gold_incidents else 0.0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted_incidents if self.predicted_incidents else 0.0

    @property
    def non_incident_accuracy(self) -> float:
        return (self.non_incident_clean / self.non_incident_reports
                if self.non_incident_reports else 0.0)

    def as_dict(self) -> dict[str, Any]:
        return {
            "reports": self.reports, "gold_incidents": self.gold_incidents,
            "predicted_incidents": self.predicted_incidents, "matched": self.matched,
            "recall": round(self.recall, 3), "precision": round(self.precision, 3),
            "non_incident_reports": self.non_incident_reports,
            "non_incident_accuracy": round(self.non_incident_accuracy, 3),
            "fields": {k: {"accuracy": round(v.accuracy, 3), "correct": v.correct,
                           "total": v.total} for k, v in self.fields.items()},
        }


def evaluate(gold_path: Path) -> EvalReport:
    report = EvalReport()
    for number, item in _gold(gold_path):
        name = str(item.get("id") or f"{gold_path.name}:{number}")
        predicted = [c.as_json() for c in prepare(_document(item, gold_path, name))
                     .extraction.incidents]
        _score(report, name, list(item.get("incidents") or []), predicted)
    return report


def _gold(path: Path) -> list[tuple[int, dict[str, Any]]]:
    try:
        lines = path.read_bytes().splitlines()
    except OSError as exc:
        raise Invalid(f"{path}: cannot read the gold file ({exc.strerror or exc})") from exc
    out = []
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            item = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise Invalid(f"{path}:{number}: not JSON ({exc})") from exc
        if not isinstance(item, dict) or not ("text" in item or "path" in item):
            raise Invalid(f"{path}:{number}: each line needs 'text' or 'path', and 'incidents'")
        out.append((number, item))
    if not out:
        raise Invalid(f"{path}: no labelled reports in the gold file")
    return out


def _document(item: dict[str, Any], gold_path: Path, name: str) -> Document:
    published = date.fromisoformat(item["published"]) if item.get("published") else None
    if "path" in item:
        result = read_file(gold_path.parent / item["path"], 20_000_000)
        if not result.documents:
            raise Invalid(f"{name}: {item['path']} holds no readable document")
        doc = result.documents[0]
        from dataclasses import replace

        return replace(doc, published=published or doc.published)
    return Document(text=item["text"], format="text", source=name, title=item.get("title"),
                    url=item.get("url"), published=published)


def _score(report: EvalReport, name: str, gold: list[dict[str, Any]],
           predicted: list[dict[str, Any]]) -> None:
    report.reports += 1
    report.gold_incidents += len(gold)
    report.predicted_incidents += len(predicted)
    if not gold:
        report.non_incident_reports += 1
        report.non_incident_clean += int(not predicted)
        if predicted:
            report.mismatches.append(Mismatch(name, "incidents", [], len(predicted)))
        return
    pairs = _pair(gold, predicted)
    report.matched += sum(1 for p in pairs.values() if p is not None)
    for index, expected in enumerate(gold):
        got = pairs.get(index)
        for name_ in FIELDS:
            score = report.fields[name_]
            score.total += 1
            want = _value(expected, name_)
            have = _value(got, name_) if got is not None else "(missed)"
            if want == have:
                score.correct += 1
            else:
                report.mismatches.append(Mismatch(name, name_, want, have))


def _pair(gold: list[dict[str, Any]], predicted: list[dict[str, Any]]
          ) -> dict[int, dict[str, Any] | None]:
    scores = sorted(((_agreement(g, p), gi, pi) for gi, g in enumerate(gold)
                     for pi, p in enumerate(predicted)), reverse=True)
    pairs: dict[int, dict[str, Any] | None] = {}
    used: set[int] = set()
    for score, gi, pi in scores:
        if score < 2 or gi in pairs or pi in used:
            continue
        pairs[gi] = predicted[pi]
        used.add(pi)
    return pairs


def _agreement(gold: dict[str, Any], predicted: dict[str, Any]) -> int:
    score = 0
    score += 3 if _value(gold, "date") == _value(predicted, "date") else 0
    score += 2 if _value(gold, "admin1") == _value(predicted, "admin1") else 0
    score += 2 if _value(gold, "killed") == _value(predicted, "killed") else 0
    score += 1 if _value(gold, "district") == _value(predicted, "district") else 0
    score += 1 if _value(gold, "background") == _value(predicted, "background") else 0
    return score


def _value(item: dict[str, Any], name: str) -> Any:
    value = item.get(name)
    if name in ("killed", "injured") and isinstance(value, dict):
        value = value.get("best")
    if name == "background":
        return bool(value)
    if isinstance(value, str):
        return value.strip().lower() or None
    return value
