"""Pages and the JSON API in-process: what a person and a program get back."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from jirga.config import Settings
from jirga.demo import demo_objects
from jirga.objects.authoring import save
from jirga.store import Store
from jirga.web.app import create_app
from tests.factories import PASSWORD, make_object, make_user
from tests.helpers import sign_in


@pytest.fixture
def client(store: Store, settings: Settings) -> Iterator[TestClient]:
    save(store, demo_objects())
    make_user(store, "amina", "PK-MOI", "analyst")
    with TestClient(create_app(settings.replace(party="PK-MOI"), store)) as test_client:
        yield sign_in(test_client, "amina", PASSWORD)


def test_list_and_search_page(client: TestClient) -> None:
    page = client.get("/objects")
    assert page.status_code == 200
    assert "Skip to content" in page.text
    assert "Police Lines mosque bombing" in page.text
    found = client.get("/objects", params={"q": "railway"})
    assert "Quetta railway station" in found.text
    assert "Police Lines" not in found.text


def test_search_partial_for_htmx(client: TestClient) -> None:
    partial = client.get("/objects", params={"q": "Kabul"}, headers={"HX-Request": "true"})
    assert partial.status_code == 200
    assert "<html" not in partial.text
    assert "Abbey Gate" in partial.text


def test_object_page_shows_versions_and_marking(client: TestClient, store: Store) -> None:
    obj = make_object("campaign", name="Winter offensive", level="amber")
    save(store, [obj, {**obj, "modified": "2024-05-01T00:00:00.000Z", "description": "updated"}])
    page = client.get(f"/objects/{obj['id']}")
    assert page.status_code == 200
    assert "TLP:AMBER" in page.text
    assert page.text.count("<time>2024-05-01T00:00:00.000Z</time>") == 1
    assert "updated" in page.text
    old = client.get(f"/objects/{obj['id']}", params={"version": obj["modified"]})
    assert "updated" not in old.text.split("<h2 id=\"versions-h\">")[0]


def test_api_lists_pages_and_versions(client: TestClient) -> None:
    first = client.get("/api/objects", params={"type": "incident", "limit": 3}).json()
    assert first["total"] == 8
    assert len(first["objects"]) == 3
    rest = client.get("/api/objects", params={"type": "incident", "limit": 10,
                                              "cursor": first["next"]}).json()
    assert len(rest["objects"]) == 5 and rest["next"] is None
    one = first["objects"][0]
    assert client.get(f"/api/objects/{one['id']}").json() == one
    versions = client.get(f"/api/objects/{one['id']}/versions").json()
    assert versions["versions"] == [one]


@pytest.mark.parametrize(("path", "status"), [
    ("/api/objects/campaign--00000000-0000-4000-8000-000000000000", 404),
    ("/api/objects?cursor=garbage", 422),
    ("/api/objects?limit=0", 400),
    ("/api/objects?since=yesterday", 422),
    ("/api/nothing-here", 404),
])
def test_api_errors_have_one_shape(client: TestClient, path: str, status: int) -> None:
    answer = client.get(path)
    assert answer.status_code == status
    error = answer.json()["error"]
    assert error["status"] == status
    assert error["title"] and error["detail"]


def test_html_errors_say_what_to_do(client: TestClient) -> None:
    page = client.get("/objects/campaign--00000000-0000-4000-8000-000000000000")
    assert page.status_code == 404
    assert "What to do" in page.text
    assert "<html" in page.text


def test_static_assets_are_vendored(client: TestClient) -> None:
    page = client.get("/objects")
    assert "https://" not in page.text.split("<body>")[0]
    assert client.get("/static/vendor/htmx-2.0.11.min.js").status_code == 200
    assert client.get("/static/vendor/pico-2.1.1.min.css").status_code == 200
