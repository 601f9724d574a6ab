"""Factories for cooperation tests: the two parties' liaison officers and the records they keep."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jirga.sharing.principal import Principal
from jirga.store import Store
from jirga.workflows import agreements, requests
from jirga.workflows.commitments import CommitmentSpec
from tests.factories import make_party, make_user


@dataclass(frozen=True)
class Cast:
    """PK-MOI and AF-MOI liaison officers, an AF-MOI observer and a user of a third party."""

    pk: Principal
    af: Principal
    af_observer: Principal
    un: Principal


def make_cast(store: Store) -> Cast:
    make_party(store, "PK-MOI", "Pakistan Ministry of Interior")
    make_party(store, "AF-MOI", "Afghanistan Ministry of Interior")
    make_party(store, "UNAMA", "UN Assistance Mission in Afghanistan")
    return Cast(pk=make_user(store, "amina.k", "PK-MOI", "liaison"),
                af=make_user(store, "wahid.s", "AF-MOI", "liaison"),
                af_observer=make_user(store, "obs.af", "AF-MOI", "observer"),
                un=make_user(store, "un.liaison", "UNAMA", "liaison"))


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
