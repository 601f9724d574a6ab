"""A person's afternoon in a real browser: Debian's headless Chromium, driven by Playwright,
against `jirga serve` on a free loopback port. Sign in, read the dashboard, filter incidents,
open the map, accept a candidate from the keyboard, answer an assistance request, download a
briefing. Each main page is saved as a screenshot under test-artifacts/screenshots/."""

from __future__ import annotations

import io
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest
from pypdf import PdfReader

from jirga.store import open_store
from tests.factories import PASSWORD
from tests.helpers import ROOT
from tests.web.factories import populate

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = ROOT / "test-artifacts" / "screenshots"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`jirga serve` over a populated SQLite node, until the tests are done."""
    tmp = tmp_path_factory.mktemp("browser")
    db = tmp / "node.db"
    store = open_store(str(db))
    populate(store, tmp)
    store.close()
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("JIRGA_")}
    env.update(JIRGA_DB=str(db), JIRGA_PARTY="PK-MOI", JIRGA_KEYS_DIR=str(tmp / "keys"))
    log = (tmp / "server.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "jirga.cli.main", "serve", "--host", "127.0.0.1", "--port",
         str(port)], env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(base, process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def _wait(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"jirga serve exited with {process.returncode}")
        try:
            if httpx2.get(f"{base}/signin", timeout=2).status_code == 200:
                return
        except httpx2.HTTPError:
            time.sleep(0.2)
    raise RuntimeError("jirga serve did not answer within 60 s")


@pytest.fixture(scope="module")
def browser_page(server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} is missing; ./dev setup installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=CHROMIUM,
            headless=True, args=ARGS, viewport={"width": 1280, "height": 900},
            accept_downloads=True, base_url=server)
        page = context.pages[0] if context.pages else context.new_page()
        page.set_default_timeout(20_000)
        yield page
        context.close()


def shot(page: object, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
    print(f"screenshot: {path}")


def test_an_analysts_afternoon(browser_page: object) -> None:
    from playwright.sync_api import Page, expect

    page: Page = browser_page  # type: ignore[assignment]

    # Signing in: a stranger is sent to the form, and back to the page asked for.
    page.goto("/incidents")
    expect(page).to_have_url("/signin?next=/incidents")
    shot(page, "01-sign-in")
    page.get_by_label("User name").fill("amina")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Incidents", exact=True)).to_be_visible()
    expect(page.locator(".who-box")).to_contain_text("amina")
    expect(page.locator(".who-box")).to_contain_text("PK-MOI")
    expect(page.locator(".who-box")).to_contain_text("analyst")

    # The dashboard: figures, three charts, the latest incidents, the marking.
    page.get_by_role("link", name="Dashboard").click()
    expect(page.locator(".tlp-banner")).to_be_visible()
    expect(page.locator("figure.chart svg")).to_have_count(3)
    expect(page.get_by_role("heading", name="Latest incidents")).to_be_visible()
    expect(page.locator(".card").filter(has_text="candidates awaiting review")).to_contain_text("3")
    shot(page, "02-dashboard")

    # Incidents: choosing a province updates the table in place (htmx), and the address.
    page.get_by_role("link", name="Incidents", exact=True).click()
    page.get_by_label("Province").select_option("PK-BA")
    expect(page).to_have_url(re.compile(r"/incidents\?.*province=PK-BA"))
    rows = page.locator("table[aria-label=Incidents] tbody tr")
    expect(rows.first).to_contain_text("Balochistan")
    for text in rows.all_inner_texts():
        assert "Balochistan" in text
    page.get_by_role("link", name="Killed", exact=True).click()
    expect(page.locator("th[aria-sort=descending]")).to_contain_text("Killed")
    shot(page, "03-incidents")

    # The map, filtered like the table: provinces drawn offline, incidents as circles.
    page.get_by_role("button", name="Show on the map").click()
    expect(page.locator("#map[data-ready=true]")).to_be_attached()
    assert page.locator("path.leaflet-interactive").count() > 41  # 41 provinces, then points
    expect(page.get_by_label("Province")).to_have_value("PK-BA")
    shot(page, "04-map")

    # The review queue: open the first candidate, accept it with the keyboard.
    page.goto("/review")
    page.get_by_role("button", name="Start reviewing").click()
    expect(page.locator("mark.evidence").first).to_be_visible()
    first = page.url
    shot(page, "05-review")
    page.locator("body").press("Escape")
    page.keyboard.press("a")
    expect(page.locator(".flash")).to_contain_text("accepted")
    assert page.url != first and "/review/" in page.url
    shot(page, "06-review-next")

    # Answering an assistance request from the inbox.
    page.get_by_role("link", name="Cooperation").click()
    page.get_by_role("link", name="Information on facilitators of the Kaaj attack").click()
    page.get_by_label("Findings (required)").fill("Two facilitators were arrested in Chaman "
                                                  "on 2 July; their statements are attached.")
    page.get_by_role("button", name="Answer the request").click()
    expect(page.locator(".flash")).to_contain_text("The request is now answered")
    expect(page.locator("#findings")).to_contain_text("Two facilitators were arrested")
    shot(page, "07-request-answered")
    page.get_by_role("link", name="Scorecard").click()
    expect(page.locator("figure.chart svg")).to_have_count(2)
    shot(page, "08-scorecard")
    page.get_by_role("link", name="Commitments").click()
    shot(page, "09-commitments")

    # A briefing for a period, downloaded as PDF with the marking on every page.
    page.get_by_role("link", name="Briefing").click()
    page.get_by_label("First month").fill("2021-01")
    page.get_by_label("Last month").fill("2025-12")
    with page.expect_download() as waiting:
        page.get_by_role("button", name="Download PDF").click()
    download = waiting.value
    assert download.suggested_filename.endswith(".pdf")
    reader = PdfReader(io.BytesIO(Path(download.path()).read_bytes()))
    assert len(reader.pages) >= 3
    assert all("TLP:RED" in p.extract_text() for p in reader.pages)  # amina reads a RED one
    page.get_by_role("button", name="Open as HTML").click()
    expect(page.locator(".tlp").first).to_contain_text("TLP:RED")
    shot(page, "10-briefing")

    page.goto("/intel")
    shot(page, "11-intelligence")
    page.goto("/trust")
    shot(page, "12-trust")


def test_keyboard_and_tablet(browser_page: object) -> None:
    """The skip link is the first thing Tab reaches; the layout holds at tablet width."""
    from playwright.sync_api import Page, expect

    page: Page = browser_page  # type: ignore[assignment]
    page.set_viewport_size({"width": 768, "height": 1024})
    page.goto("/incidents")
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 768, f"the page scrolls sideways at tablet width ({width}px)"
    shot(page, "13-incidents-tablet")
    page.set_viewport_size({"width": 1280, "height": 900})
