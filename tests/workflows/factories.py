"""Factories for cooperation tests: the two parties' liaison officers and the records they keep."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from jirga.model.timestamps import now
from jirga.sharing import secrets
from jirga.sharing.authn import principal_of
from jirga.sharing.principal import Principal
from jirga.sharing.users import get_user
from jirga.store import Store, accounts
from jirga.workflows import agreements, requests
from jirga.workflows.commitments import CommitmentSpec
from tests.factories import PASSWORD, make_party


@dataclass(frozen=True)
class Cast:
    """PK-MOI and AF-MOI liaison officers, an AF-MOI observer and a user of a third party."""

    pk: Principal
    af: Principal
    af_observer: Principal
    un: Principal


@cache
def _password_hash() -> str:
    """One argon2 hash for every test user: these tests act as users, they never sign in."""
    return secrets.hash_password(PASSWORD)


def quick_user(store: Store, name: str, party: str, role: str) -> Principal:
    """A user of a registered party, without hashing a password for each (argon2 is slow)."""
    accounts.insert_user(store.db, name, party, role, _password_hash(), now())
    return principal_of(get_user(store, name))


def make_cast(store: Store) -> Cast:
    make_party(store, "PK-MOI", "Pakistan Ministry of Interior")
    make_party(store, "AF-MOI", "Afghanistan Ministry of Interior")
    make_party(store, "UNAMA", "UN Assistance Mission in Afghanistan")
    return Cast(pk=quick_user(store, "amina.k", "PK-MOI", "liaison"),
                af=quick_user(store, "wahid.s", "AF-MOI", "liaison"),
                af_observer=quick_user(store, "obs.af", "AF-MOI", "observer"),
                un=quick_user(store, "un.liaison", "UNAMA", "liaison"))


def make_agreement(store: Store, cast: Cast, *, agreed: str = "2025-01-15",
                   evidence_required: bool = True,
                   specs: tuple[CommitmentSpec, ...] | None = None) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """An agreement recorded by PK-MOI with, by default, a joint and an AF-MOI commitment."""
    specs = specs or (CommitmentSpec("Establish joint border patrols", "within 3 months"),
                      CommitmentSpec("Set up a secure hotline", "1 month", ["AF-MOI"]))
    return agreements.create_agreement(
        store, cast.pk, name="Joint Coordination Committee terms of reference",
        parties=["PK-MOI", "AF-MOI"], agreed=agreed, evidence_required=evidence_required,
        commitments=specs)


def make_request(store: Store, cast: Cast, *, when: str = "2025-02-01",
                 **fields: Any) -> dict[str, Any]:
    """A request from PK-MOI to AF-MOI to examine findings."""
    return requests.create_request(
        store, cast.pk, to=fields.pop("to", "AF-MOI"), subject=fields.pop("subject", "Examine findings"),
        asks=fields.pop("asks", ["examination-of-findings"]), when=when, **fields)
