"""What extraction hands back: candidate incidents and statistical claims, each value with the
span and sentence it came from and a confidence.

`Candidate.as_json` is the stable machine interface of `jirga extract --json`; its first
seventeen keys are fixed by the issue that specified it and must not be renamed. Later keys
(codes, every perpetrator, full low/best/high tolls) are additions a consumer may ignore.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

STABLE_KEYS = ("date", "date_precision", "country", "admin1", "district", "place", "latitude",
               "longitude", "perpetrator", "perpetrator_basis", "killed", "injured",
               "attack_type", "target_type", "background", "confidence", "evidence")


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where one value came from: a character span of the document and its sentence."""

    field: str
    value: Any
    start: int
    end: int
    sentence: str
    confidence: float

    def as_dict(self, document: str | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {"field": self.field, "value": self.value, "start": self.start,
                               "end": self.end, "sentence": self.sentence,
                               "confidence": round(self.confidence, 2)}
        if document is not None:
            out["document"] = document
        return out


@dataclass
class Candidate:
    """One attack a document reports (or mentions as background)."""

    date: str | None = None
    date_precision: str | None = None
    country: str | None = None  # full name: Pakistan, Afghanistan
    country_code: str | None = None  # ISO 3166-1 alpha-2
    admin1: str | None = None  # full name: Khyber Pakhtunkhwa
    admin1_code: str | None = None  # ISO 3166-2: PK-KP
    district: str | None = None
    place: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    perpetrators: list[dict[str, str]] = field(default_factory=list)  # [{name, basis}]
    killed: dict[str, int] | None = None
    injured: dict[str, int] | None = None
    perpetrators_killed: dict[str, int] | None = None
    attack_type: str | None = None
    target_types: list[str] = field(default_factory=list)
    background: bool = False
    confidence: float = 0.0
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def perpetrator(self) -> str | None:
        return self.perpetrators[0]["name"] if self.perpetrators else None

    @property
    def perpetrator_basis(self) -> str | None:
        return self.perpetrators[0]["basis"] if self.perpetrators else None

    def as_json(self, document: str | None = None) -> dict[str, Any]:
        return {
            "date": self.date,
            "date_precision": self.date_precision,
            "country": self.country,
            "admin1": self.admin1,
            "district": self.district,
            "place": self.place,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "perpetrator": self.perpetrator,
            "perpetrator_basis": self.perpetrator_basis,
            "killed": _best(self.killed),
            "injured": _best(self.injured),
            "attack_type": self.attack_type,
            "target_type": self.target_types[0] if self.target_types else None,
            "background": self.background,
            "confidence": round(self.confidence, 2),
            "evidence": [e.as_dict(document) for e in self.evidence],
            "country_code": self.country_code,
            "admin1_code": self.admin1_code,
            "perpetrators": self.perpetrators,
            "perpetrators_killed": _best(self.perpetrators_killed),
            "target_types": self.target_types,
            "tolls": {k: v for k, v in (("killed", self.killed), ("injured", self.injured),
                                        ("perpetrators_killed", self.perpetrators_killed)) if v},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Candidate:
        """The inverse of `as_json` (the review queue stores candidates as this JSON)."""
        tolls = data.get("tolls") or {}
        return cls(
            date=data.get("date"), date_precision=data.get("date_precision"),
            country=data.get("country"), country_code=data.get("country_code"),
            admin1=data.get("admin1"), admin1_code=data.get("admin1_code"),
            district=data.get("district"), place=data.get("place"),
            latitude=data.get("latitude"), longitude=data.get("longitude"),
            perpetrators=list(data.get("perpetrators") or []),
            killed=tolls.get("killed") or _range(data.get("killed")),
            injured=tolls.get("injured") or _range(data.get("injured")),
            perpetrators_killed=tolls.get("perpetrators_killed")
            or _range(data.get("perpetrators_killed")),
            attack_type=data.get("attack_type"),
            target_types=list(data.get("target_types") or
                              ([data["target_type"]] if data.get("target_type") else [])),
            background=bool(data.get("background")), confidence=float(data.get("confidence") or 0),
            evidence=[Evidence(e["field"], e["value"], e["start"], e["end"], e["sentence"],
                               e["confidence"]) for e in data.get("evidence") or []])


@dataclass(frozen=True, slots=True)
class Claim:
    """A statistical claim ("a 73 percent surge in attacks"): kept as a claim, not an incident."""

    text: str  # the figure as written
    sentence: str
    source: str | None  # who makes the claim, when the sentence says
    start: int
    end: int
    confidence: float

    def as_json(self) -> dict[str, Any]:
        return {"text": self.text, "source": self.source, "start": self.start, "end": self.end,
                "sentence": self.sentence, "confidence": round(self.confidence, 2)}


@dataclass
class Extraction:
    incidents: list[Candidate]
    claims: list[Claim]


def _best(value: dict[str, int] | None) -> int | None:
    return None if not value else value.get("best")


def _range(value: Any) -> dict[str, int] | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return {"low": value, "best": value, "high": value}
    return value if isinstance(value, dict) else None
