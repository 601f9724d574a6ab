"""A populated node for the page tests: the demo content and cooperation, users of three
parties, and records only some of them may read (a TLP:AMBER incident, report, request and news
document of PK-MOI that AF-MOI is not addressed on, a TLP:RED incident only amina reads).

Every secret carries a word found nowhere else, so a page that leaks it is caught by a text
search of what it served.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jirga.cli.system import demo_accounts
from jirga.demo import PK_MOI, demo_objects
from jirga.incidents.datasets import import_sample
from jirga.ingest.pipeline import ingest
from jirga.ingest.sources import Source
from jirga.model import handling
from jirga.objects.authoring import save
from jirga.review.demo import ingest_demo_documents
from jirga.store import Store, Visibility
from jirga.workflows import requests
from jirga.workflows.demo import load_cooperation
from tests.factories import make_object, make_party, make_test_incident, make_user

# Words that appear only in records AF-MOI users may not read.
AMBER_WORD = "Tamarisk"
RED_WORD = "Juniper"
SECRETS = (AMBER_WORD, RED_WORD)
SECRET_NEWS = (f"QUETTA: A bomb killed 7 people at a vegetable market in Quetta on Monday, "
               f"police said. Officers named the operation {AMBER_WORD}.\n")


@dataclass
class WebNode:
    store: Store
    users: dict[str, Any] = field(default_factory=dict)  # name → Principal
    ids: dict[str, str] = field(default_factory=dict)  # what a test opens by id


def populate(store: Store, tmp: Path) -> WebNode:
    save(store, demo_objects())
    import_sample(store)
    demo_accounts(store)
    load_cooperation(store)
    ingest_demo_documents(store)
    make_party(store, "UN-OBS", "UN observer mission")
    node = WebNode(store)
    node.users = {"amina": make_user(store, "amina", "PK-MOI", "analyst"),
                  "wahid": make_user(store, "wahid", "AF-MOI", "liaison"),
                  "uma": make_user(store, "uma", "UN-OBS", "observer"),
                  "pkadmin": make_user(store, "pkadmin", "PK-MOI", "admin")}
    amber = make_test_incident(name=f"{AMBER_WORD} market bombing", occurred="2024-06-03",
                               admin1="PK-BA", admin1_name="Balochistan", killed=7,
                               created_by_ref=PK_MOI, level="amber", latitude=30.2,
                               longitude=67.0, place="Quetta")
    red = handling.addressed(
        make_test_incident(name=f"{RED_WORD} convoy ambush", occurred="2024-06-05",
                           admin1="PK-KP", admin1_name="Khyber Pakhtunkhwa", killed=9,
                           created_by_ref=PK_MOI, latitude=34.0, longitude=71.5,
                           place="Peshawar"), "red", users=["amina"])
    report = make_object("report", name=f"{AMBER_WORD} assessment", object_refs=[amber["id"]],
                         created_by_ref=PK_MOI, level="amber")
    save(store, [amber, red, report])
    made = requests.create_request(store, node.users["amina"], to="UN-OBS",
                                   subject=f"{AMBER_WORD} facilitators", asks=["information"],
                                   when="2024-06-10T00:00:00.000Z")
    text = tmp / "secret-news.txt"
    text.write_text(SECRET_NEWS, encoding="utf-8")
    ingest(store, [Source(str(text), path=text)], visibility=Visibility.everything(),
           max_bytes=100_000, level="amber")
    node.ids = {"amber": amber["id"], "red": red["id"], "report": report["id"],
                "request": made["id"]}
    return node
