"""Actions from the pages go through the same services as the CLI, as the signed-in user:
accepting and rejecting candidates, answering requests, uploading bundles, writing reports,
reporting a commitment's status. Refusals store nothing and say why."""

from __future__ import annotations

import re

import orjson
from fastapi.testclient import TestClient

from jirga.demo import PK_MOI
from jirga.model import tlp
from jirga.store import ObjectFilter, Visibility
from tests.factories import make_object
from tests.web.conftest import Clients
from tests.web.test_views import form_of

EVERYTHING = Visibility.everything()


def csrf(client: TestClient, path: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text)
    assert found, f"{path} has no form"
    return found.group(1)


def flash(page: str) -> str:
    found = re.search(r'<p class="flash[^"]*" role="status">(.*?)</p>', page, flags=re.S)
    return found.group(1) if found else ""


def test_accept_with_an_edit_then_the_next_candidate_opens(act_as: Clients, node: tuple) -> None:
    web, _ = node
    client = act_as("amina")
    form = {**form_of(client, "/review/1"), "killed": "22", "tlp": "green"}
    answer = client.post("/review/1/accept", data=form)
    assert answer.status_code == 200 and answer.url.path == "/review/2"
    assert "Candidate 1 accepted with 1 edit by amina" in flash(answer.text)
    incident_id = re.search(r"incident (incident--[0-9a-f-]+)", flash(answer.text)).group(1)
    obj = web.store.get(incident_id, visibility=EVERYTHING).object()
    ext = next(iter(obj["extensions"].values()))
    assert ext["killed"]["best"] == 22 and tlp.level_of(obj) == "green"
    again = client.post("/review/1/accept", data=form, follow_redirects=False)
    assert again.status_code == 409  # already accepted: the page says so


def test_reject_with_a_reason(act_as: Clients) -> None:
    client = act_as("amina")
    answer = client.post("/review/2/reject", data={"csrf_token": csrf(client, "/review/2"),
                                                   "reason": "same attack as candidate 1"})
    assert "Candidate 2 rejected by amina: same attack as candidate 1" in flash(answer.text)
    assert "rejected" in client.get("/review/2").text


def test_an_observer_may_read_the_queue_but_not_decide(act_as: Clients) -> None:
    client = act_as("uma")
    page = client.get("/review/1").text
    assert 'id="accept-form"' not in page and "analysts and administrators decide" in page
    refused = client.post("/review/1/accept", data={"csrf_token": csrf(client, "/review/1")})
    assert refused.status_code == 403 and "cannot accept candidates" in refused.text


def test_forms_without_their_token_are_refused(act_as: Clients) -> None:
    answer = act_as("amina").post("/review/1/accept", data={"killed": "1"})
    assert answer.status_code == 403


def _kaaj_request(client: TestClient) -> str:
    listing = client.get("/cooperation/requests").text
    found = re.search(r'href="/cooperation/requests/([^"]+)" dir="auto">Information on '
                      r'facilitators', listing)
    assert found
    return found.group(1)


def test_answering_a_request_from_its_page(act_as: Clients) -> None:
    client = act_as("amina")
    rid = _kaaj_request(client)
    page = f"/cooperation/requests/{rid}"
    answer = client.post(f"{page}/answer", data={
        "csrf_token": csrf(client, page), "findings": "Two facilitators arrested in Chaman.",
        "document": "Arrest memo, Chaman"})
    assert "The request is now answered (amina, PK-MOI)" in flash(answer.text)
    assert "Two facilitators arrested in Chaman." in answer.text
    history = answer.text.split("<h2>History</h2>", 1)[1]
    assert "answer" in history and "amina" in history
    wahid = act_as("wahid")
    closed = wahid.post(f"{page}/close", data={"csrf_token": csrf(wahid, page)})
    assert "now closed (wahid, AF-MOI)" in flash(closed.text)


def test_the_wrong_party_cannot_answer(act_as: Clients) -> None:
    wahid = act_as("wahid")
    rid = _kaaj_request(wahid)
    page = f"/cooperation/requests/{rid}"
    refused = wahid.post(f"{page}/answer", data={"csrf_token": csrf(wahid, page),
                                                 "findings": "we answer ourselves"})
    assert "Nothing was changed" in flash(refused.text)
    assert "only they can" in flash(refused.text)
    assert "we answer ourselves" not in refused.text.split("</p>", 2)[-1]


def test_a_new_request_from_the_page(act_as: Clients) -> None:
    client = act_as("amina")
    made = client.post("/cooperation/requests", data={
        "csrf_token": csrf(client, "/cooperation/requests/new"), "to": "AF-MOI",
        "subject": "Examine the Kurram convoy findings", "ask": "examination-of-findings",
        "deadline": "within 14 days", "tlp": "amber"})
    assert "Request sent to AF-MOI" in flash(made.text)
    assert "Examine the Kurram convoy findings" in act_as("wahid").get(
        "/cooperation/requests").text


def test_uploading_a_bundle(act_as: Clients, node: tuple) -> None:
    web, _ = node
    client = act_as("amina")
    token = csrf(client, "/intel/upload")
    group = make_object("intrusion-set", name="Lashkar-e-Upload", level="green")
    bundle = orjson.dumps({"type": "bundle", "id": "bundle--1e6bb24d-1c5a-4e2b-8f8f-0b7e7c3c7d11",
                           "objects": [group]})
    stored = client.post("/intel/upload", data={"csrf_token": token},
                         files={"bundle": ("groups.json", bundle, "application/json")})
    assert "groups.json: 1 objects read: 1 added" in flash(stored.text)
    assert "Lashkar-e-Upload" in act_as("wahid").get("/intel").text
    bad = {**make_object("intrusion-set", name="Broken group"), "created": "yesterday"}
    refused = client.post("/intel/upload", data={"csrf_token": token}, files={
        "bundle": ("bad.json", orjson.dumps({"type": "bundle", "id": "bundle--2e6bb24d-1c5a-4e2b-8f8f-0b7e7c3c7d11",
                                             "objects": [bad]}), "application/json")})
    assert "Nothing was stored" in flash(refused.text) and "created" in flash(refused.text)
    assert web.store.count(ObjectFilter(ids=(bad["id"],)), visibility=EVERYTHING) == 0
    claimed = make_object("intrusion-set", name="Someone else's", created_by_ref=PK_MOI)
    wahid = act_as("wahid")
    forbidden = wahid.post("/intel/upload", data={"csrf_token": csrf(wahid, "/intel/upload")},
                           files={"bundle": ("x.json", orjson.dumps([claimed]), "application/json")})
    assert forbidden.status_code == 403 and "PK-MOI" in forbidden.text


def test_writing_reports_with_marking_and_recipients(act_as: Clients, node: tuple) -> None:
    web, _ = node
    client = act_as("amina")
    token = csrf(client, "/intel/reports/new")
    about = web.ids["amber"]
    shared = client.post("/intel/reports", data={
        "csrf_token": token, "title": "Chaman crossing assessment", "body": "دا یو راپور دی",
        "refs": about, "tlp": "amber", "recipient": "AF-MOI", "report_type": "threat-report"})
    assert "saved, marked TLP:AMBER" in flash(shared.text)
    assert 'dir="auto"' in shared.text and "دا یو راپور دی" in shared.text
    secret = client.post("/intel/reports", data={
        "csrf_token": token, "title": "Kestrel source report", "refs": about, "tlp": "red"})
    assert "saved, marked TLP:RED" in flash(secret.text)
    wahid = act_as("wahid").get("/intel").text
    assert "Chaman crossing assessment" in wahid and "Kestrel source report" not in wahid
    missing = client.post("/intel/reports", data={"csrf_token": token, "title": "No refs",
                                                  "refs": "", "tlp": "green"})
    assert missing.status_code == 422 and "at least one object" in missing.text
    assert 'value="No refs"' in missing.text  # the form comes back filled in


def test_reporting_a_commitment_status_needs_evidence(act_as: Clients) -> None:
    client = act_as("amina")
    board = client.get("/cooperation/commitments").text
    cid = re.search(r'href="/cooperation/commitments/([^"]+)" dir="auto">Share monthly', board)
    assert cid
    page = f"/cooperation/commitments/{cid.group(1)}"
    token = csrf(client, page)
    refused = client.post(f"{page}/status", data={"csrf_token": token, "status": "minimal"})
    assert "requires evidence" in flash(refused.text)
    done = client.post(f"{page}/status", data={"csrf_token": token, "status": "minimal",
                                                "document": "First monthly report, October"})
    assert "Status is now minimal, asserted by PK-MOI" in flash(done.text)


def test_uploading_into_a_collection_and_browsing_it(act_as: Clients, node: tuple) -> None:
    from jirga.sharing import collections

    web, _ = node
    collections.add_collection(web.store, "pk-af", title="PK-AF shared")
    collections.grant(web.store, "pk-af", "AF-MOI", read=True, write=False)
    client = act_as("amina")
    groups = [make_object("intrusion-set", name="Posted group", level="green"),
              make_object("intrusion-set", name="Posted amber group", level="amber",
                          created_by_ref=PK_MOI)]
    posted = client.post("/intel/upload", data={"csrf_token": csrf(client, "/intel/upload"),
                                                "collection": "pk-af"},
                         files={"bundle": ("two.json", orjson.dumps(groups), "application/json")})
    assert "2 objects read into collection pk-af: 2 stored" in flash(posted.text)
    wahid = act_as("wahid")
    shown = wahid.get("/intel", params={"collection": "pk-af"}).text
    assert "PK-AF shared" in shown and "Posted group" in shown
    assert "Posted amber group" not in shown  # in the collection, but not addressed to AF-MOI
    assert "Posted amber group" in client.get("/intel", params={"collection": "pk-af",
                                                                "tlp": "amber"}).text
    assert act_as("uma").get("/intel", params={"collection": "pk-af"}).status_code == 404
