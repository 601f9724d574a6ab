"""The TLP 2.0 policy on both backends: the SQL form and the in-memory form agree with the rules."""

from __future__ import annotations

from typing import Any

import pytest

from jirga.config import Settings
from jirga.sharing.policy import Channel, for_party, visibility
from jirga.sharing.principal import Principal
from jirga.store import ObjectFilter, Store, Visibility
from tests.factories import make_object, make_user

USERS = {"pk": ("pk-analyst", "PK-MOI"), "af": ("af-liaison", "AF-MOI"), "un": ("un-obs", "UN-AM")}

# name → (level, source party, recipients, red users, creator party, who may read in VIEW)
CASES: dict[str, tuple[str | None, str | None, list[str], list[str], str | None, set[str]]] = {
    "clear": ("clear", None, [], [], None, {"pk", "af", "un"}),
    "green-from-af": ("green", "AF-MOI", [], [], None, {"pk", "af", "un"}),
    "amber-local": ("amber", None, [], [], None, {"pk"}),
    "amber-to-un": ("amber", None, ["UN-AM"], [], None, {"pk", "un"}),
    "amber-af-to-pk": ("amber", "AF-MOI", ["PK-MOI"], [], None, {"pk", "af"}),
    "amber-af-to-pk-un": ("amber", "AF-MOI", ["PK-MOI", "UN-AM"], [], None, {"pk", "af", "un"}),
    "amber-created-by-af": ("amber", None, [], [], "AF-MOI", {"pk", "af"}),
    "strict-local-to-af": ("amber+strict", None, ["AF-MOI"], [], None, {"pk", "af"}),
    "strict-af-to-pk-un": ("amber+strict", "AF-MOI", ["PK-MOI", "UN-AM"], [], None, {"pk", "af"}),
    "red-for-pk": ("red", None, [], ["pk-analyst"], None, {"pk"}),
    "red-unnamed": ("red", None, [], [], None, set()),
    "unmarked": (None, None, [], [], None, {"pk"}),
    "unmarked-to-af": (None, None, ["AF-MOI"], [], None, {"pk", "af"}),
}


@pytest.fixture
def world(store: Store) -> dict[str, Any]:
    principals = {key: make_user(store, name, party) for key, (name, party) in USERS.items()}
    ident = {p.party_code: p.party_id for p in principals.values()}
    objects = {}
    for name, (level, source, recipients, red, creator, _) in CASES.items():
        props: dict[str, Any] = {"name": name}
        if level:
            props["level"] = level
        if recipients:
            props["x_jirga_recipient_refs"] = [ident[c] for c in recipients]
        if red:
            props["x_jirga_red_users"] = red
        if creator:
            props["created_by_ref"] = ident[creator]
        obj = make_object("campaign", **props)
        store.add_objects([obj], source_party=source)
        objects[name] = obj
    return {"principals": principals, "objects": objects}


def readable(store: Store, vis: Visibility) -> set[str]:
    rows = store.iter_current(ObjectFilter(types=("campaign",)), visibility=vis)
    return {r.object()["name"] for r in rows}


def in_memory(store: Store, vis: Visibility) -> set[str]:
    rows = store.iter_current(ObjectFilter(types=("campaign",)), visibility=Visibility.everything())
    out = set()
    for row in rows:
        obj = row.object()
        if vis.allows({**obj, "source_party": row.source_party}):
            out.add(obj["name"])
    return out


SETTINGS = Settings(db="", party="PK-MOI")


@pytest.mark.parametrize("who", sorted(USERS))
def test_each_level_reaches_exactly_its_readers(store: Store, world: dict[str, Any], who: str) -> None:
    vis = visibility(world["principals"][who], SETTINGS)
    expected = {name for name, case in CASES.items() if who in case[5]}
    assert readable(store, vis) == expected
    assert in_memory(store, vis) == expected


@pytest.mark.parametrize("who", sorted(USERS))
def test_red_never_leaves_through_the_share_channel(store: Store, world: dict[str, Any], who: str) -> None:
    vis = visibility(world["principals"][who], SETTINGS, Channel.SHARE)
    expected = {name for name, case in CASES.items() if who in case[5] and case[0] != "red"}
    assert readable(store, vis) == expected
    assert in_memory(store, vis) == expected


def test_a_party_as_a_whole_gets_the_share_rules(store: Store, world: dict[str, Any]) -> None:
    af = world["principals"]["af"]
    vis = for_party(af.party_id, af.party_code, SETTINGS)
    assert readable(store, vis) == {n for n, c in CASES.items() if "af" in c[5]}


def test_default_level_is_the_setting(store: Store, world: dict[str, Any]) -> None:
    un = world["principals"]["un"]
    as_green = visibility(un, Settings(db="", party="PK-MOI", default_tlp="green"))
    assert {"unmarked", "unmarked-to-af"} <= readable(store, as_green)
    assert "unmarked" not in readable(store, visibility(un, SETTINGS))


def test_outsiders_and_unknown_levels_are_denied(store: Store, world: dict[str, Any]) -> None:
    nobody = Principal(user="ghost", party_id=None, party_code=None, role="observer")
    assert readable(store, visibility(nobody, SETTINGS)) == {"clear"}
    pk = visibility(world["principals"]["pk"], SETTINGS)
    assert not pk.allows({"tlp": "purple", "source_party": None})


def test_the_operator_reads_everything(store: Store, world: dict[str, Any]) -> None:
    assert readable(store, visibility(Principal.operator(), SETTINGS)) == set(CASES)


def test_recipients_follow_each_version(store: Store, world: dict[str, Any]) -> None:
    un = world["principals"]["un"]
    obj = world["objects"]["amber-local"]
    store.add_objects([{**obj, "modified": "2025-01-01T00:00:00.000Z",
                        "x_jirga_recipient_refs": [un.party_id]}])
    vis = visibility(un, SETTINGS)
    assert "amber-local" in readable(store, vis)
    assert [v.modified for v in store.versions(obj["id"], visibility=vis)] == \
        ["2025-01-01T00:00:00.000Z"]


def test_addressed_objects_carry_their_readers(store: Store, world: dict[str, Any]) -> None:
    from jirga.model.handling import addressed, recipients, red_users
    from jirga.model.tlp import level_of

    af, un = world["principals"]["af"], world["principals"]["un"]
    obj = addressed(make_object("campaign", name="addressed", level="green"), "amber",
                    parties=[af.party_id])
    assert level_of(obj) == "amber" and recipients(obj) == [af.party_id]
    red = addressed(obj, "red", users=["un-obs"])
    assert level_of(red) == "red" and red_users(red) == ["un-obs"] and not recipients(red)
    store.add_objects([obj])
    assert "addressed" in readable(store, visibility(af, SETTINGS))
    assert "addressed" not in readable(store, visibility(un, SETTINGS))
