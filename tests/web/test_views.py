"""What each page shows a signed-in person: the header, markings, figures, filters, evidence,
charts, the briefing's marking on every page, and errors that say what to do."""

from __future__ import annotations

import io
import re

import orjson
from pypdf import PdfReader

from jirga.summaries.geography import boundaries
from tests.web.conftest import Clients
from tests.web.factories import AMBER_WORD


def rows_of(html: str) -> list[str]:
    """The incident names of an incidents table, in order."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in html else ""
    return re.findall(r'<a href="/incidents/incident--[^"]+" dir="auto">([^<]+)</a>', body)


def test_header_names_user_party_and_role(read_as: Clients) -> None:
    page = read_as("wahid").get("/").text
    assert "wahid" in page and "AF-MOI" in page and "liaison" in page
    assert "Afghanistan Ministry of Interior" in page
    assert 'class="skip-link" href="#main"' in page and '<main id="main"' in page
    assert 'aria-current="page">Dashboard' in page


def test_dashboard_figures_charts_and_scope(read_as: Clients) -> None:
    page = read_as("amina").get("/", params={"from": "2021-01", "to": "2025-12"}).text
    assert page.count("<svg") >= 3, "monthly, province and group charts"
    assert "Scope: accepted incidents, from 2021-01-01 to 2025-12-31" in page
    assert "candidates awaiting review" in page and "overdue requests and commitments" in page
    assert "tlp-banner" in page and "TLP:RED" in page  # amina reads a RED incident
    assert "Latest incidents" in page and "Sync with peers" in page and "Trust" in page


def test_incidents_filter_sort_and_page(read_as: Clients) -> None:
    client = read_as("amina")
    balochistan = client.get("/incidents", params={"province": "PK-BA"}).text
    names = rows_of(balochistan)
    assert names and all("Kabul" not in n for n in names)
    assert f"{AMBER_WORD} market bombing" in names
    deadliest = rows_of(client.get("/incidents", params={"sort": "-killed"}).text)
    assert deadliest[0] == "Suicide bombing at Abbey Gate, Kabul airport"
    fewest = rows_of(client.get("/incidents", params={"sort": "killed"}).text)
    assert fewest[0] != deadliest[0]
    later = client.get("/incidents", params={"offset": 5}).text
    assert re.search(r"6–\d+ of \d+ incidents", later)
    assert rows_of(later)[0] == rows_of(client.get("/incidents").text)[5]


def test_a_bad_filter_says_what_is_wrong(read_as: Clients) -> None:
    page = read_as("amina").get("/incidents", params={"from": "2024-13"})
    assert page.status_code == 422
    assert "2024-13" in page.text and 'role="alert"' in page.text


def test_filters_update_only_the_table_for_htmx(read_as: Clients) -> None:
    partial = read_as("amina").get("/incidents", params={"country": "AF"},
                                   headers={"HX-Request": "true"})
    assert "<html" not in partial.text and "<table" in partial.text
    assert "Abbey Gate" in partial.text and "Besham" not in partial.text


def test_map_draws_points_and_offline_provinces(read_as: Clients) -> None:
    client = read_as("amina")
    page = client.get("/map", params={"country": "PK"}).text
    data = orjson.loads(page.split('id="map-data">', 1)[1].split("</script>", 1)[0])
    assert data["points"] and all(60 < p["lon"] < 78 for p in data["points"])
    assert data["provinces"]["PK-BA"]["incidents"] >= 1 and "AF-KAB" not in data["provinces"]
    assert "/static/vendor/leaflet-1.9.4/leaflet.js" in page and "tile" not in page.lower()
    geo = client.get("/geo/provinces.geojson").json()
    codes = {f["id"] for f in geo["features"]}
    assert {"PK-KP", "PK-BA", "AF-KAB", "AF-PAN", "AF-DAY"} <= codes and len(codes) == 41
    assert "PK-TA" not in codes and codes == {f["id"] for f in boundaries()["features"]}


def test_incident_page_marks_the_evidence_in_its_source(act_as: Clients,
                                                        node: tuple) -> None:
    client = act_as("amina")
    accepted = client.post("/review/2/accept", data=form_of(client, "/review/2"),
                           follow_redirects=False)
    assert accepted.status_code == 303
    incident = re.search(r"as incident (incident--[0-9a-f-]+)",
                         client.get(accepted.headers["location"]).text)
    assert incident
    page = client.get(f"/incidents/{incident.group(1)}").text
    assert page.count('<mark class="evidence"') >= 2
    assert "Gunmen kill 42" in page and "TLP:CLEAR" in page
    assert "Versions" in page and "Signatures" in page


def form_of(client: object, path: str) -> dict[str, str]:
    """The accept form's fields as the page fills them (the CSRF token included)."""
    html = client.get(path).text  # type: ignore[attr-defined]
    form = html.split('id="accept-form"', 1)[1].split("</form>", 1)[0]
    values = dict(re.findall(r'name="([a-z0-9_]+)" value="([^"]*)"', form))
    for name, options in re.findall(r'<select id="f-[a-z0-9_]+" name="([a-z0-9_]+)">(.*?)</select>',
                                    form, flags=re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', options)
        values[name] = chosen.group(1) if chosen else ""
    return values


def test_review_candidate_beside_its_source(read_as: Clients) -> None:
    page = read_as("amina").get("/review/1").text
    assert 'id="accept-form"' in page and 'name="killed" value="21"' in page
    assert '<mark class="evidence"' in page and "Kandahar" in page
    assert "Possibly registered already" in page
    assert "/static/review.js" in page and "<kbd>a</kbd>" in page


def test_intelligence_filters_by_marking(read_as: Clients) -> None:
    page = read_as("amina").get("/intel", params={"tlp": "red"}).text
    badges = re.findall(r'tlp-badge tlp-([a-z-]+)"', page)
    assert badges and set(badges) == {"red"}


def test_cooperation_pages(read_as: Clients) -> None:
    client = read_as("amina")
    requests = client.get("/cooperation/requests").text
    assert "Inbox: asked of PK-MOI" in requests and "Information on facilitators" in requests
    board = client.get("/cooperation/commitments").text
    assert "Not started" in board and "Full" in board and "days late" in board
    card = client.get("/cooperation/scorecard", params={"as_of": "2026-11-20"}).text
    assert "Requests received" in card and card.count("<svg") == 2
    assert "Cooperation scorecard, all time to 2026-11-20" in card
    for path in ("/cooperation/agreements", "/cooperation/meetings", "/cooperation/overdue"):
        assert client.get(path).status_code == 200


def test_request_page_offers_actions_to_the_party_asked_only(read_as: Clients) -> None:
    client = read_as("amina")
    listing = client.get("/cooperation/requests").text
    kaaj = re.search(r'href="/cooperation/requests/([^"]+)" dir="auto">Information on facilitators',
                     listing)
    assert kaaj
    mine = client.get(f"/cooperation/requests/{kaaj.group(1)}").text
    assert 'id="answer-form"' in mine
    theirs = read_as("wahid").get(f"/cooperation/requests/{kaaj.group(1)}").text
    assert 'id="answer-form"' not in theirs and "Information on facilitators" in theirs


def test_briefing_html_and_pdf_carry_the_marking_on_every_page(read_as: Clients) -> None:
    client = read_as("amina")
    html = client.get("/briefing/view", params={"from": "2021-01", "to": "2025-12"}).text
    assert "TLP:RED" in html  # amina's briefing draws on a RED incident: marked RED
    assert html.count("Scope: accepted incidents") >= 4 and html.count("<svg") >= 4
    pdf = client.get("/briefing.pdf", params={"from": "2021-01", "to": "2025-12",
                                                "marking": "amber"})
    assert pdf.headers["content-type"] == "application/pdf"
    assert "TLP-RED" in pdf.headers["content-disposition"]
    pages = PdfReader(io.BytesIO(pdf.content)).pages
    assert len(pages) >= 3
    assert all("TLP:RED" in page.extract_text() for page in pages)


def test_the_author_may_mark_a_briefing_more_strictly(read_as: Clients) -> None:
    html = read_as("wahid").get("/briefing/view", params={
        "from": "2021-01", "to": "2021-12", "marking": "amber+strict"}).text
    assert "TLP:AMBER+STRICT" in html and "marked TLP:AMBER+STRICT by its author" in html


def test_trust_page(read_as: Clients) -> None:
    page = read_as("amina").get("/trust").text
    assert "leaves in this node&#39;s log" in page or "leaves in this node's log" in page
    assert "Latest tree heads" in page and "Partners" in page and "Keys" in page


def test_errors_say_what_happened_and_what_to_do(read_as: Clients) -> None:
    client = read_as("amina")
    missing = client.get("/incidents/incident--00000000-0000-4000-8000-000000000000")
    assert missing.status_code == 404
    assert "What to do:" in missing.text and "<h1>" in missing.text
    nowhere = client.get("/no/such/page")
    assert nowhere.status_code == 404 and "What to do:" in nowhere.text
    bad = client.get("/briefing/view", params={"from": "2024-13", "to": "2024-12"})
    assert bad.status_code == 422 and "2024-13" in bad.text
