"""TAXII bad input in-process: every status the issue lists, TAXII error objects, nothing stored."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

import orjson
import pytest
from fastapi.testclient import TestClient

from jirga.config import Settings
from jirga.sharing import collections, tokens
from jirga.store import ObjectFilter, Store, Visibility
from jirga.web.app import create_app
from tests.factories import PASSWORD, make_object, make_party, make_user

MT = "application/taxii+json;version=2.1"
ALL = Visibility.everything()


@pytest.fixture
def env(store: Store, settings: Settings) -> Iterator[dict[str, Any]]:
    make_user(store, "amina", "PK-MOI", "analyst")
    make_user(store, "af-reader", "AF-MOI", "liaison")
    make_user(store, "un-obs", "UN-AM", "observer")
    make_party(store, "XX-MOI")
    found = collections.add_collection(store, "intel")
    collections.grant(store, "intel", "AF-MOI", read=True, write=False)
    collections.grant(store, "intel", "UN-AM", read=True, write=True)
    app = create_app(settings.replace(party="PK-MOI", max_request_bytes=50_000), store)
    with TestClient(app) as client:
        yield {"client": client, "store": store, "url": f"/taxii2/api/collections/{found.id}/",
               "token": tokens.create_token(store, "amina").token}


def basic(user: str, password: str = PASSWORD) -> dict[str, str]:
    raw = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": f"Basic {raw}", "Accept": MT}


def post(env: dict[str, Any], body: bytes, headers: dict[str, str] | None = None) -> Any:
    sent = {**basic("amina"), "Content-Type": MT, **(headers or {})}
    return env["client"].post(env["url"] + "objects/", content=body, headers=sent)


def stored(env: dict[str, Any]) -> int:
    return env["store"].count(ObjectFilter(types=("campaign",)), visibility=ALL)


def envelope(*objects: dict[str, Any]) -> bytes:
    return orjson.dumps({"objects": list(objects)})


def assert_taxii_error(answer: Any, status: int) -> dict[str, Any]:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith("application/taxii+json")
    error = answer.json()
    assert error["http_status"] == str(status)
    assert error["title"] and error["description"]
    return error


def test_a_good_envelope_is_stored_with_a_status(env: dict[str, Any]) -> None:
    answer = post(env, envelope(make_object("campaign"), make_object("campaign")))
    assert answer.status_code == 202
    assert answer.headers["content-type"] == MT
    status = answer.json()
    assert (status["status"], status["success_count"], status["failure_count"]) == ("complete", 2, 0)
    again = env["client"].get(f"/taxii2/api/status/{status['id']}/", headers=basic("amina"))
    assert again.json() == status
    assert stored(env) == 2


@pytest.mark.parametrize(("body", "status"), [
    (b"{not json", 400),
    (b'["a list"]', 400),
    (b'{"objects": "nope"}', 400),
    (b'{"type": "bundle"}', 400),
])
def test_malformed_envelopes_are_400(env: dict[str, Any], body: bytes, status: int) -> None:
    assert_taxii_error(post(env, body), status)
    assert stored(env) == 0


def test_an_invalid_object_refuses_the_whole_envelope_422(env: dict[str, Any]) -> None:
    good = make_object("campaign")
    bad = {**make_object("campaign"), "created": "yesterday"}
    error = assert_taxii_error(post(env, envelope(good, bad)), 422)
    assert bad["id"] in error["description"] and "created" in error["description"]
    assert stored(env) == 0


def test_wrong_media_types_are_406_and_415(env: dict[str, Any]) -> None:
    body = envelope(make_object("campaign"))
    assert_taxii_error(post(env, body, {"Content-Type": "application/json"}), 415)
    assert_taxii_error(post(env, body, {"Content-Type": "application/taxii+json;version=2.0"}), 415)
    assert_taxii_error(post(env, body, {"Accept": "application/xml"}), 406)
    got = env["client"].get("/taxii2/", headers={**basic("amina"), "Accept": "text/html"})
    assert_taxii_error(got, 406)
    assert stored(env) == 0


def test_oversize_requests_are_413(env: dict[str, Any]) -> None:
    big = envelope(*[make_object("campaign", description="x" * 2000) for _ in range(30)])
    assert len(big) > 50_000
    assert_taxii_error(post(env, big), 413)
    assert stored(env) == 0


def test_missing_wrong_and_expired_credentials_are_401(env: dict[str, Any]) -> None:
    client, url = env["client"], env["url"]
    error = client.get(url, headers={"Accept": MT})
    assert_taxii_error(error, 401)
    assert "Basic" in error.headers["www-authenticate"]
    assert_taxii_error(client.get(url, headers=basic("amina", "wrong password!")), 401)
    assert_taxii_error(client.get(url, headers={"Authorization": "Bearer jirga_00000000_x",
                                                "Accept": MT}), 401)
    live = client.get(url, headers={"Authorization": f"Bearer {env['token']}", "Accept": MT})
    assert live.status_code == 200
    tokens.revoke_token(env["store"], env["token"])
    revoked = client.get(url, headers={"Authorization": f"Bearer {env['token']}", "Accept": MT})
    assert "revoked" in assert_taxii_error(revoked, 401)["description"]
    # a browser session is not a TAXII credential
    from jirga.sharing import sessions
    from jirga.sharing.authn import by_password

    live_session = sessions.start(env["store"], by_password(env["store"], "amina", PASSWORD))
    assert_taxii_error(client.get("/taxii2/", headers={
        "Accept": MT, "Cookie": f"jirga_session={live_session.id}"}), 401)


def test_forbidden_writes_are_403_and_store_nothing(env: dict[str, Any]) -> None:
    body = envelope(make_object("campaign"))
    assert_taxii_error(post(env, body, basic("af-reader")), 403)  # read-only grant
    assert "observers never write" in assert_taxii_error(post(env, body, basic("un-obs")), 403)[
        "description"]
    other = env["store"]
    from jirga.sharing.parties import get_party

    xx = get_party(other, "XX-MOI").identity_id
    forged = envelope(make_object("campaign", created_by_ref=xx))
    assert "XX-MOI" in assert_taxii_error(post(env, forged), 403)["description"]
    assert stored(env) == 0


def test_unknown_and_ungranted_collections_are_404(env: dict[str, Any]) -> None:
    client = env["client"]
    assert_taxii_error(client.get("/taxii2/api/collections/nope/", headers=basic("amina")), 404)
    assert_taxii_error(client.get("/taxii2/other/", headers=basic("amina")), 404)
    assert_taxii_error(client.get("/taxii2/api/status/nope/", headers=basic("amina")), 404)
    make_user(env["store"], "xx-user", "XX-MOI")
    assert_taxii_error(client.get(env["url"], headers=basic("xx-user")), 404)
    assert client.get("/taxii2/api/collections/", headers=basic("xx-user")).json() == {}
    missing = f"{env['url']}objects/campaign--00000000-0000-4000-8000-000000000000/"
    assert_taxii_error(client.get(missing, headers=basic("amina")), 404)
    assert_taxii_error(client.post(env["url"] + "objects/", content=b"{}",
                                   headers={**basic("xx-user"), "Content-Type": MT}), 404)


@pytest.mark.parametrize("query", ["limit=0", "limit=abc", "next=garbage", "added_after=yesterday",
                                   "match[version]=sometime"])
def test_bad_filters_are_400(env: dict[str, Any], query: str) -> None:
    answer = env["client"].get(f"{env['url']}objects/?{query}", headers=basic("amina"))
    assert_taxii_error(answer, 400)


def test_refused_versions_are_failures_in_the_status(env: dict[str, Any]) -> None:
    obj = make_object("campaign", description="first")
    post(env, envelope(obj))
    changed = {**obj, "description": "same version, other content"}
    status = post(env, envelope(changed, make_object("campaign"))).json()
    assert (status["success_count"], status["failure_count"]) == (1, 1)
    assert status["failures"][0]["id"] == obj["id"]
    # the trust layer names it before the store would: an altered replay of a stored version
    assert "already stored with other content" in status["failures"][0]["message"]
