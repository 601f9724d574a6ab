"""Data a user may not see is never rendered: every page, read by a user of another party, leaves
out a TLP:AMBER record not addressed to that party and a TLP:RED one; the same page read by the
owner shows them (so each check can fail)."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from tests.web.conftest import Clients
from tests.web.factories import AMBER_WORD, RED_WORD, SECRETS

PERIOD = "from=2024-01&to=2024-12"
# Pages that list or count what their reader may see; the owner sees the secrets named.
PAGES: dict[str, tuple[str, ...]] = {
    "/": (AMBER_WORD,),
    "/incidents": SECRETS,
    "/incidents?sort=-killed&from=2024-06": SECRETS,
    "/map": SECRETS,
    "/map?from=2024-06-01&to=2024-06-30": SECRETS,
    "/review?status=all": (AMBER_WORD,),
    "/intel": (),
    "/intel?type=incident": SECRETS,
    "/intel?tlp=amber&tlp=red": SECRETS,
    "/cooperation/requests": (AMBER_WORD,),
    "/cooperation/commitments": (),
    "/cooperation/agreements": (),
    "/cooperation/meetings": (),
    "/cooperation/overdue?as_of=2024-12-31": (AMBER_WORD,),
    "/cooperation/scorecard": (),
    f"/briefing/view?{PERIOD}": (AMBER_WORD,),
    "/trust": (),
    "/briefing": (),
}


def _leaks(text: str) -> list[str]:
    return [word for word in SECRETS if word in text]


@pytest.mark.parametrize("path", list(PAGES))
def test_another_party_never_sees_amber_or_red(read_as: Clients, path: str) -> None:
    page = read_as("wahid").get(path)
    assert page.status_code == 200, page.text[:300]
    assert _leaks(page.text) == [], f"{path} shows AF-MOI what it may not read"


@pytest.mark.parametrize("path", [p for p, shown in PAGES.items() if shown])
def test_the_owner_sees_them_on_the_same_page(read_as: Clients, path: str) -> None:
    page = read_as("amina").get(path)
    assert page.status_code == 200
    for word in PAGES[path]:
        assert word in page.text, f"{path} should show amina the {word} record"


def test_an_observer_of_a_third_party_sees_only_what_is_addressed_to_it(read_as: Clients) -> None:
    client = read_as("uma")
    for path in ("/incidents", "/map", "/review?status=all"):
        assert _leaks(client.get(path).text) == [], path
    # PK-MOI's request to UN-OBS is addressed to it: its observer reads it.
    assert AMBER_WORD in client.get("/cooperation/requests").text


def test_records_of_others_answer_404(read_as: Clients, read_node: tuple) -> None:
    node, _ = read_node
    client = read_as("wahid")
    for path in (f"/incidents/{node.ids['amber']}", f"/incidents/{node.ids['red']}",
                 f"/objects/{node.ids['report']}", f"/objects/{node.ids['red']}",
                 f"/cooperation/requests/{node.ids['request']}"):
        page = client.get(path)
        assert page.status_code == 404, path
        assert "Not found" in page.text and _leaks(page.text) == []
    owner = read_as("amina")
    assert RED_WORD in owner.get(f"/incidents/{node.ids['red']}").text
    assert owner.get(f"/cooperation/requests/{node.ids['request']}").status_code == 200


def test_candidates_from_a_document_others_may_not_read(read_as: Clients) -> None:
    owner = read_as("amina").get("/review?status=all").text
    numbers = re.findall(r'href="/review/(\d+)"', owner)
    secret = [n for n in dict.fromkeys(numbers)
              if AMBER_WORD in read_as("amina").get(f"/review/{n}").text]
    assert secret, "the secret news report should have produced a candidate"
    for number in secret:
        page = read_as("wahid").get(f"/review/{number}")
        assert page.status_code == 404 and _leaks(page.text) == []


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_pdf_briefing_leaves_them_out(read_as: Clients) -> None:
    def text(user: str) -> str:
        answer = read_as(user).get(f"/briefing.pdf?{PERIOD}")
        assert answer.status_code == 200
        return pdf_text(answer.content)

    assert _leaks(text("wahid")) == []
    assert AMBER_WORD in text("amina")
