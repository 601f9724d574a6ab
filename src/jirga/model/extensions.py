"""jirga's STIX extensions, defined once here and shipped as `extension-definition` objects.

STIX 2.1 §7.3 lets a producer add properties to an existing type (property-extension), new
object types (new-sdo) and new top-level properties (toplevel-property-extension) by publishing
an extension-definition; consumers that do not know it still read the rest of the object.
`docs/extensions.md` describes the same properties for people.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import orjson

JIRGA_IDENTITY_ID = "identity--b0ee7412-fd30-4bbf-a871-1e44c93e6b02"
DEFINITIONS_CREATED = "2026-11-24T00:00:00.000Z"

INCIDENT_EXT_ID = "extension-definition--fef0eeef-faed-435b-958e-9b9533089160"
AGREEMENT_EXT_ID = "extension-definition--0fac05bc-d589-4778-b02b-1ce11619c15e"
COMMITMENT_EXT_ID = "extension-definition--42c5c5fa-1a27-4d2d-a731-78ecaa2c7b47"
MEETING_EXT_ID = "extension-definition--3afc1f51-a7e4-4811-a523-6248fb24815f"
REQUEST_EXT_ID = "extension-definition--8b26dcb5-bf03-40e7-9c03-8cff2f85a4bd"
SIGNATURE_EXT_ID = "extension-definition--860162e0-3e08-4230-843a-a85e50aba6e0"

# The OASIS Incident Core Extension, which jirga's incident extension sits beside.
OASIS_INCIDENT_CORE_EXT_ID = "extension-definition--ef765651-680c-498d-9894-99799f2fa126"

SIGNATURES_PROPERTY = "jirga_signatures"


@dataclass(frozen=True)
class ExtensionSpec:
    """What an extension adds: its properties (name → description) and which are required."""

    id: str
    name: str
    description: str
    extension_type: str
    properties: dict[str, str]
    required: tuple[str, ...] = ()
    sdo_type: str | None = None
    version: str = "1.0.0"
    extra: dict[str, Any] = field(default_factory=dict)

    def schema_text(self) -> str:
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": self.name,
            "description": self.description,
            "type": "object",
            "properties": {k: {"description": v} for k, v in self.properties.items()},
            "required": list(self.required),
        }
        return orjson.dumps(schema).decode()

    def definition(self) -> dict[str, Any]:
        return {
            "type": "extension-definition",
            "spec_version": "2.1",
            "id": self.id,
            "created_by_ref": JIRGA_IDENTITY_ID,
            "created": DEFINITIONS_CREATED,
            "modified": DEFINITIONS_CREATED,
            "name": self.name,
            "description": self.description,
            "schema": self.schema_text(),
            "version": self.version,
            "extension_types": [self.extension_type],
        }


_COMMON_SDO = {
    "name": "Short title.",
    "description": "Longer text.",
}

INCIDENT = ExtensionSpec(
    id=INCIDENT_EXT_ID,
    name="jirga terrorist incident",
    description="A terrorist attack as a register records it: when, where, who, how many.",
    extension_type="property-extension",
    properties={
        "occurred": "Date of the attack, YYYY-MM-DD (first day of the month or year when less precise).",
        "occurred_precision": "day | month | year.",
        "country": "ISO 3166-1 alpha-2 code (PK, AF).",
        "admin1": "ISO 3166-2 code of the province (PK-KP, AF-NAN).",
        "admin1_name": "Province name (Khyber Pakhtunkhwa, Nangarhar).",
        "district": "District or agency.",
        "place": "Most specific city, town or village named.",
        "latitude": "Decimal degrees.",
        "longitude": "Decimal degrees.",
        "location_refs": "STIX location objects for the place.",
        "perpetrators": "List of {name, ref, basis}: basis claimed | attributed | suspected | denied.",
        "killed": "{low, best, high}: victims killed (UCDP convention).",
        "injured": "{low, best, high}: victims injured.",
        "perpetrators_killed": "{low, best, high}: attackers killed, counted apart from victims.",
        "attack_type": "Vocabulary: jirga.model.vocab.ATTACK_TYPES.",
        "target_types": "List; vocabulary jirga.model.vocab.TARGET_TYPES.",
        "cross_border": "True when the attack has a cross-border nexus.",
        "review_status": "candidate | accepted | rejected.",
        "source_refs": "Reports (source documents) this incident was built from.",
        "evidence": "List of {field, value, document, start, end, sentence, confidence}.",
    },
    required=("occurred", "occurred_precision", "country"),
)

_TRANSITIONS = ("List, append-only: every change so far as {at, action, party_ref, user, "
                "evidence_refs, note, ...} with the state it left; the last entry is what this "
                "version changed (jirga.workflows).")
_RECIPIENTS = "x_jirga_recipient_refs"

AGREEMENT = ExtensionSpec(
    id=AGREEMENT_EXT_ID,
    name="jirga agreement",
    description="An agreement between parties, whose commitments are tracked to completion.",
    extension_type="new-sdo",
    sdo_type="agreement",
    properties={**_COMMON_SDO,
                "party_refs": "Identities of the parties.",
                "agreed": "Date agreed, YYYY-MM-DD; relative commitment deadlines count from it.",
                "text": "Full text or summary.",
                "document_refs": "Reports holding the source documents.",
                "evidence_required": "True (or absent) when every status change must cite evidence.",
                "transitions": _TRANSITIONS,
                _RECIPIENTS: "The parties the record is shared with (the TLP policy's recipients)."},
    required=("name", "party_refs", "agreed"),
)

COMMITMENT = ExtensionSpec(
    id=COMMITMENT_EXT_ID,
    name="jirga commitment",
    description="An action item of an agreement: owner, deadline, benchmark and status.",
    extension_type="new-sdo",
    sdo_type="commitment",
    properties={**_COMMON_SDO,
                "agreement_ref": "The agreement this belongs to.",
                "origin_ref": "The agreement or meeting whose decision created it.",
                "responsible_refs": "Identities responsible (several for a joint commitment).",
                "deadline": "Date due, YYYY-MM-DD.",
                "deadline_rule": "Relative deadline as an ISO 8601 duration (P3M) from deadline_from.",
                "deadline_from": "Date the relative deadline counts from (the agreement or meeting).",
                "benchmark": "What counts as done.",
                "status": "Peace Accords Matrix scale: not-started | minimal | intermediate | full,"
                          " or dropped | superseded.",
                "status_date": "Date of the latest status change.",
                "status_asserted_by_ref": "Identity that asserts the status.",
                "status_evidence_refs": "Objects that evidence the status.",
                "supersedes_ref": "The commitment this one replaces.",
                "superseded_by_ref": "The commitment that replaced this one.",
                "transitions": _TRANSITIONS,
                _RECIPIENTS: "The parties the record is shared with (the TLP policy's recipients)."},
    required=("name", "agreement_ref", "responsible_refs", "deadline", "status"),
)

MEETING = ExtensionSpec(
    id=MEETING_EXT_ID,
    name="jirga meeting",
    description="A meeting of a cooperation mechanism and its decisions.",
    extension_type="new-sdo",
    sdo_type="meeting",
    properties={**_COMMON_SDO,
                "held": "Date, YYYY-MM-DD.",
                "mechanism": "joint-coordination-committee | ministerial | secretary-level | "
                             "working-group | other.",
                "participants": "List of {party_ref, role}; role chair | host | delegation | observer.",
                "agreement_refs": "Agreements whose commitments the meeting reviews.",
                "agenda": "List of agenda items.",
                "outcome": "Summary of the outcome.",
                "decisions": "List of {number, text, kind, commitment_refs, deadline}; kind record |"
                             " create | move | supersede | drop.",
                "transitions": _TRANSITIONS,
                _RECIPIENTS: "The parties the record is shared with (the TLP policy's recipients)."},
    required=("name", "held", "mechanism", "participants"),
)

ASSISTANCE_REQUEST = ExtensionSpec(
    id=REQUEST_EXT_ID,
    name="jirga assistance request",
    description="A request from one party to another for help, with a deadline and a state.",
    extension_type="new-sdo",
    sdo_type="assistance-request",
    properties={**_COMMON_SDO,
                "from_ref": "Requesting party.",
                "to_ref": "Requested party.",
                "asks": "List: information | examination-of-findings | joint-investigation | "
                        "action-against-group.",
                "group_refs": "Groups (intrusion-set) action is asked against.",
                "incident_refs": "Incidents the request concerns.",
                "evidence_refs": "Evidence shared with the request.",
                "requested": "Date requested, YYYY-MM-DD.",
                "deadline": "Date an answer is due, YYYY-MM-DD.",
                "state": "requested | acknowledged | in-progress | answered | closed | declined.",
                "answered": "Date answered, YYYY-MM-DD.",
                "findings": "The answer's findings.",
                "findings_refs": "Reports attached to the answer.",
                "reason": "Why declined.",
                "transitions": _TRANSITIONS,
                _RECIPIENTS: "The parties the record is shared with (the TLP policy's recipients)."},
    required=("name", "from_ref", "to_ref", "asks", "requested", "deadline", "state"),
)

SIGNATURES = ExtensionSpec(
    id=SIGNATURE_EXT_ID,
    name="jirga signatures",
    description="Ed25519 signatures over the RFC 8785 canonical JSON of the object without this "
                "property (ITU-T X.590 style); a list, so a receiving party can countersign.",
    extension_type="toplevel-property-extension",
    properties={SIGNATURES_PROPERTY: "List of {alg, kid, sig, signer_ref, signed}."},
)

ALL: tuple[ExtensionSpec, ...] = (INCIDENT, AGREEMENT, COMMITMENT, MEETING, ASSISTANCE_REQUEST,
                                  SIGNATURES)
BY_ID: dict[str, ExtensionSpec] = {spec.id: spec for spec in ALL}
NEW_SDO_TYPES: dict[str, ExtensionSpec] = {s.sdo_type: s for s in ALL if s.sdo_type}


def jirga_identity() -> dict[str, Any]:
    """The identity that publishes jirga's extension definitions."""
    return {
        "type": "identity",
        "spec_version": "2.1",
        "id": JIRGA_IDENTITY_ID,
        "created": DEFINITIONS_CREATED,
        "modified": DEFINITIONS_CREATED,
        "name": "jirga project",
        "identity_class": "organization",
    }


def definitions() -> list[dict[str, Any]]:
    """Every object a consumer needs to understand jirga objects: the publisher and its definitions."""
    return [jirga_identity(), *(spec.definition() for spec in ALL)]
