"""Who is reading or acting: a user of a party with a role, or the node's local operator.

Every read goes through the access policy with a Principal; every transition in a workflow is
made by one. The local operator is whoever runs the CLI on the node itself (they hold the
database file, so hiding rows from them would be theatre); web and TAXII requests always carry
a signed-in user or a token's user.
"""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("admin", "analyst", "liaison", "observer")


@dataclass(frozen=True)
class Principal:
    user: str | None
    party_id: str | None  # the party's STIX identity id
    party_code: str | None  # its short code, e.g. PK-MOI
    role: str  # one of ROLES, or "operator" for the node's local operator

    @classmethod
    def operator(cls) -> Principal:
        return cls(user=None, party_id=None, party_code=None, role="operator")

    @property
    def is_operator(self) -> bool:
        return self.role == "operator"

    @property
    def label(self) -> str:
        if self.is_operator:
            return "local operator"
        return f"{self.user} ({self.party_code}, {self.role})"
