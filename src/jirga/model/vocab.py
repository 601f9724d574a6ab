"""Controlled vocabularies: the values jirga's extensions use, each with the label people read.

Dataset crosswalks (ACLED, GTD, UCDP) and the extractor map onto these keys; nothing else is valid.
"""

from __future__ import annotations

ATTACK_TYPES: dict[str, str] = {
    "bombing": "Bombing / IED",
    "suicide-bombing": "Suicide bombing",
    "armed-assault": "Armed assault",
    "targeted-killing": "Targeted killing",
    "kidnapping": "Kidnapping / hostage-taking",
    "hijacking": "Hijacking",
    "rocket-mortar": "Rocket / mortar",
    "other": "Other",
}

TARGET_TYPES: dict[str, str] = {
    "security-forces": "Security forces",
    "police": "Police",
    "civilians": "Civilians",
    "religious-site": "Religious site",
    "school": "School / education",
    "foreign-nationals": "Foreign nationals",
    "government": "Government",
    "infrastructure": "Infrastructure",
    "journalists": "Journalists",
    "health-workers": "Health workers",
    "political": "Political party / rally",
    "business": "Business",
    "transport": "Transport",
    "other": "Other",
}

DATE_PRECISION: dict[str, str] = {"day": "Day", "month": "Month", "year": "Year"}

PERPETRATOR_BASIS: dict[str, str] = {
    "claimed": "Claimed by the group",
    "attributed": "Attributed by officials",
    "suspected": "Suspected",
    "denied": "Denied by the group",
}

REVIEW_STATUS: dict[str, str] = {
    "candidate": "Candidate (awaiting review)",
    "accepted": "Accepted",
    "rejected": "Rejected",
}

# Peace Accords Matrix implementation scale, plus the two ways a commitment leaves it.
COMMITMENT_STATUS: dict[str, str] = {
    "not-started": "Not started",
    "minimal": "Minimal",
    "intermediate": "Intermediate",
    "full": "Full",
    "dropped": "Dropped",
    "superseded": "Superseded",
}

REQUEST_STATES: dict[str, str] = {
    "requested": "Requested",
    "acknowledged": "Acknowledged",
    "in-progress": "In progress",
    "answered": "Answered",
    "closed": "Closed",
    "declined": "Declined",
}

REQUEST_ASKS: dict[str, str] = {
    "information": "Information",
    "examination-of-findings": "Examination of investigation findings",
    "joint-investigation": "Joint investigation",
    "action-against-group": "Action against a named group",
}

MEETING_MECHANISMS: dict[str, str] = {
    "joint-coordination-committee": "Joint coordination committee",
    "ministerial": "Ministerial talks",
    "secretary-level": "Secretary-level talks",
    "working-group": "Working group",
    "other": "Other",
}

PARTICIPANT_ROLES: dict[str, str] = {
    "chair": "Chair",
    "host": "Host",
    "delegation": "Delegation",
    "observer": "Observer",
    "mediator": "Mediator",
}

ROLES: dict[str, str] = {
    "admin": "Administrator",
    "analyst": "Analyst",
    "liaison": "Liaison officer",
    "observer": "Observer",
}
