"""Each TLP level on each read path: TAXII, the JSON API, the pages and exports (sync: test_sync).

One node of PK-MOI holds a campaign at every level; AF-MOI's liaison reads it every way there
is. RED names the liaison, so it shows on this node's pages and API and nowhere it could leave.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from jirga.config import Settings
from jirga.sharing import collections, tokens
from jirga.sharing.parties import get_party
from jirga.store import Store
from jirga.web.app import create_app
from tests.factories import PASSWORD, make_object, make_party, make_user
from tests.helpers import run_cli, sign_in

MT = "application/taxii+json;version=2.1"
VIEW = {"clear", "green", "amber-to-af", "strict-to-af", "red-for-liaison", "report"}
SHARE = VIEW - {"red-for-liaison"}
HIDDEN = {"amber-to-un", "red-for-others", "unmarked"}


@pytest.fixture
def world(store: Store, settings: Settings) -> Iterator[dict[str, Any]]:
    make_party(store, "PK-MOI")
    liaison = make_user(store, "af-liaison", "AF-MOI", "liaison")
    make_party(store, "UN-AM")
    af, un = liaison.party_id, get_party(store, "UN-AM").identity_id
    objs = {
        "clear": make_object("campaign", name="clear", level="clear"),
        "green": make_object("campaign", name="green", level="green"),
        "amber-to-af": make_object("campaign", name="amber-to-af", level="amber",
                                   x_jirga_recipient_refs=[af]),
        "amber-to-un": make_object("campaign", name="amber-to-un", level="amber",
                                   x_jirga_recipient_refs=[un]),
        "strict-to-af": make_object("campaign", name="strict-to-af", level="amber+strict",
                                    x_jirga_recipient_refs=[af]),
        "red-for-liaison": make_object("campaign", name="red-for-liaison", level="red",
                                       x_jirga_red_users=["af-liaison"]),
        "red-for-others": make_object("campaign", name="red-for-others", level="red",
                                      x_jirga_red_users=["someone-else"]),
        "unmarked": make_object("campaign", name="unmarked"),
    }
    objs["report"] = make_object("grouping", name="report", level="green", context="x",
                                 object_refs=[objs["amber-to-un"]["id"], objs["clear"]["id"]])
    store.add_objects(list(objs.values()))
    shared = collections.add_collection(store, "shared", scope="all")
    collections.grant(store, "shared", "AF-MOI", read=True, write=False)
    app = create_app(settings.replace(party="PK-MOI"), store)
    with TestClient(app) as client:
        yield {"client": client, "objects": objs, "store": store, "settings": settings,
               "collection": shared.id, "token": tokens.create_token(store, "af-liaison").token}


def named(objects: list[dict[str, Any]]) -> set[str]:
    return {o["name"] for o in objects if o["type"] in ("campaign", "grouping")}


def test_taxii_serves_the_share_set(world: dict[str, Any]) -> None:
    auth = base64.b64encode(f"af-liaison:{PASSWORD}".encode()).decode()
    answer = world["client"].get(f"/taxii2/api/collections/{world['collection']}/objects/",
                                 params={"limit": 1000},
                                 headers={"Authorization": f"Basic {auth}", "Accept": MT})
    assert named(answer.json()["objects"]) == SHARE
    for name in HIDDEN | {"red-for-liaison"}:
        one = world["client"].get(
            f"/taxii2/api/collections/{world['collection']}/objects/{world['objects'][name]['id']}/",
            headers={"Authorization": f"Basic {auth}", "Accept": MT})
        assert one.status_code == 404


def test_json_api_serves_the_view_set(world: dict[str, Any]) -> None:
    headers = {"Authorization": f"Bearer {world['token']}"}
    client = world["client"]
    listed = client.get("/api/objects", params={"limit": 1000}, headers=headers).json()
    assert named(listed["objects"]) == VIEW
    for name in HIDDEN:
        assert client.get(f"/api/objects/{world['objects'][name]['id']}",
                          headers=headers).status_code == 404
    report = client.get(f"/api/objects/{world['objects']['report']['id']}", headers=headers).json()
    assert world["objects"]["amber-to-un"]["id"] in report["object_refs"]  # the reference stays
    assert client.get("/api/objects").status_code == 401


def test_pages_show_the_view_set(world: dict[str, Any]) -> None:
    client = world["client"]
    assert client.get("/objects", follow_redirects=False).status_code == 303
    sign_in(client, "af-liaison", PASSWORD)
    page = client.get("/objects", params={"type": "campaign"}).text
    for name in VIEW - {"report"}:
        assert f">{name}<" in page
    for name in HIDDEN:
        assert f">{name}<" not in page
        assert client.get(f"/objects/{world['objects'][name]['id']}").status_code == 404
    assert "af-liaison" in page and "AF-MOI" in page and "liaison" in page


def test_web_export_gives_the_share_set(world: dict[str, Any]) -> None:
    answer = world["client"].get("/api/export", headers={"Authorization": f"Bearer {world['token']}"})
    assert answer.status_code == 200
    assert named(answer.json()["objects"]) == SHARE


def test_cli_export_for_a_party_gives_its_share_set(world: dict[str, Any], tmp_path: Path) -> None:
    db = world["settings"].db
    out = tmp_path / "af.json"
    done = run_cli("export", "--for", "AF-MOI", "-o", str(out), db=db,
                   env={"JIRGA_PARTY": "PK-MOI"})
    assert done.returncode == 0, done.stderr
    assert named(json.loads(out.read_text())["objects"]) == SHARE
    everything = json.loads(run_cli("export", db=db).stdout)
    assert named(everything["objects"]) == VIEW | HIDDEN
