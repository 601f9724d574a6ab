"""The signatures an object version carries, checked against the keys this node trusts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jirga.sharing import parties
from jirga.store import Store
from jirga.trust import signatures
from jirga.trust.keyring import trusted_keys


@dataclass
class Signatures:
    entries: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.entries)


def of(store: Store, obj: dict[str, Any]) -> Signatures:
    """Each signature (party, key, time, whether it verifies here) and the problems found."""
    entries = obj.get(signatures.SIGNATURES_PROPERTY)
    if not isinstance(entries, list) or not entries:
        return Signatures()
    verdict = signatures.check(obj, trusted_keys(store))
    codes = {p.identity_id: p.code for p in parties.list_parties(store)}
    shown = [{"party": codes.get(str(e.get("signer_ref")), e.get("signer_ref")),
              "kid": e.get("kid"), "alg": e.get("alg"), "signed": e.get("signed"),
              "valid": e.get("signer_ref") in verdict.signers}
             for e in entries if isinstance(e, dict)]
    return Signatures(shown, [message for _, message in verdict.problems])
