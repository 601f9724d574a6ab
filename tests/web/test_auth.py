"""Sign-in, sessions and CSRF as a browser meets them."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from jirga.config import Settings
from jirga.sharing import users
from jirga.store import Store
from jirga.web import auth
from jirga.web.app import create_app
from tests.factories import PASSWORD, make_user
from tests.helpers import sign_in


@pytest.fixture
def app_settings(settings: Settings) -> Settings:
    return settings.replace(party="PK-MOI")


@pytest.fixture
def client(store: Store, app_settings: Settings) -> Iterator[TestClient]:
    make_user(store, "amina", "PK-MOI", "admin")
    with TestClient(create_app(app_settings, store)) as test_client:
        yield test_client


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found
    return found.group(1)


def test_pages_send_strangers_to_sign_in_and_back(client: TestClient) -> None:
    answer = client.get("/objects?q=x", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/signin?next=/objects%3Fq%3Dx"
    assert client.get("/api/objects").status_code == 401
    form = client.get("/signin?next=/objects")
    assert "Sign in" in form.text and "pico" in form.text
    signed = client.post("/signin", data={"username": "amina", "password": PASSWORD,
                                          "csrf_token": csrf_of(form.text), "next": "/objects"},
                         follow_redirects=False)
    assert signed.status_code == 303 and signed.headers["location"] == "/objects"
    cookie = signed.headers["set-cookie"]
    assert "jirga_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Secure" not in cookie
    page = client.get("/objects")
    assert page.status_code == 200
    assert "amina" in page.text and "PK-MOI" in page.text and "admin" in page.text


def test_wrong_password_stays_on_the_form(client: TestClient) -> None:
    form = client.get("/signin")
    answer = client.post("/signin", data={"username": "amina", "password": "not it at all",
                                          "csrf_token": csrf_of(form.text)})
    assert answer.status_code == 401
    assert "wrong user name or password" in answer.text
    assert client.get("/objects", follow_redirects=False).status_code == 303


def test_forms_without_the_csrf_token_are_refused(client: TestClient) -> None:
    client.get("/signin")
    answer = client.post("/signin", data={"username": "amina", "password": PASSWORD,
                                          "csrf_token": "forged"})
    assert answer.status_code == 403
    sign_in(client, "amina", PASSWORD)
    assert client.post("/signout", data={}).status_code == 403
    assert client.get("/objects").status_code == 200  # still signed in


def test_sign_out_ends_the_session_on_the_server(client: TestClient, store: Store) -> None:
    sign_in(client, "amina", PASSWORD)
    session_id = client.cookies.get("jirga_session")
    page = client.get("/objects")
    out = client.post("/signout", data={"csrf_token": csrf_of(page.text)}, follow_redirects=False)
    assert out.status_code == 303
    client.cookies.set("jirga_session", session_id)  # replaying the old cookie does not work
    assert client.get("/objects", follow_redirects=False).status_code == 303


def test_disabling_a_user_ends_their_session(client: TestClient, store: Store) -> None:
    sign_in(client, "amina", PASSWORD)
    users.set_disabled(store, "amina")
    assert client.get("/objects", follow_redirects=False).status_code == 303


def test_open_redirects_are_refused(client: TestClient) -> None:
    form = client.get("/signin")
    answer = client.post("/signin", data={"username": "amina", "password": PASSWORD,
                                          "csrf_token": csrf_of(form.text),
                                          "next": "//evil.example/x"}, follow_redirects=False)
    assert answer.headers["location"] == "/"


def test_secure_cookies_when_configured(store: Store, app_settings: Settings) -> None:
    make_user(store, "amina", "PK-MOI", "admin")
    with TestClient(create_app(app_settings.replace(secure_cookies=True), store),
                    base_url="https://testserver") as client:
        form = client.get("/signin")
        signed = client.post("/signin", data={"username": "amina", "password": PASSWORD,
                                              "csrf_token": csrf_of(form.text)},
                             follow_redirects=False)
        assert "Secure" in signed.headers["set-cookie"]


def test_every_form_route_checks_csrf(client: TestClient) -> None:
    """Each POST/PUT/PATCH/DELETE page route carries `require_csrf` (TAXII and the token-only
    API are exempt: they take no cookies)."""
    unsafe = [r for r in client.app.routes if isinstance(r, APIRoute)
              and set(r.methods) & {"POST", "PUT", "PATCH", "DELETE"}
              and not r.path.startswith(("/taxii2", "/api/"))]
    assert unsafe
    for route in unsafe:
        calls = [d.call for d in route.dependant.dependencies]
        assert auth.require_csrf in calls, f"{route.path} has no CSRF check"
