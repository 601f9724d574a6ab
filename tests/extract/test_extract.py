"""Whole documents through the extractor: the shared samples and the shapes real reports take."""

from __future__ import annotations

from datetime import date

from jirga.extract.extractor import extract
from jirga.extract.model import STABLE_KEYS
from jirga.ingest.pipeline import prepare
from jirga.ingest.readers import read_file
from tests.helpers import shared_path


def sample(name: str):  # type: ignore[no-untyped-def]
    return prepare(read_file(shared_path("samples", name), 20_000_000).documents[0])


def test_persian_header_article_yields_the_bisham_attack_as_background() -> None:
    prepared = sample("article-markdown-with-persian-header.md")
    (incident,) = prepared.extraction.incidents
    data = incident.as_json()
    assert (data["date"], data["date_precision"]) == ("2024-03-26", "day")
    assert (data["country"], data["admin1"], data["district"], data["place"]) == (
        "Pakistan", "Khyber Pakhtunkhwa", "Shangla", "Besham")
    assert data["killed"] == 6  # five Chinese nationals and their Pakistani driver
    assert data["perpetrator"] == "Tehrik-i-Taliban Pakistan"
    assert data["target_type"] == "foreign-nationals"
    assert data["background"] is True  # published in June, the attack was in March
    claims = [c.text for c in prepared.extraction.claims]
    assert "73 percent" in claims


def test_evidence_points_at_the_words_it_came_from() -> None:
    prepared = sample("article-markdown-with-persian-header.md")
    text = prepared.document.text
    for evidence in prepared.extraction.incidents[0].evidence:
        if evidence.end > evidence.start:
            assert text[evidence.start:evidence.end] in evidence.sentence
        assert evidence.sentence in text or evidence.sentence.startswith("the date of")
        assert 0 < evidence.confidence <= 1


def test_meeting_and_journal_abstract_yield_no_incident() -> None:
    assert sample("news-ministers-meeting.txt").extraction.incidents == []
    assert sample("ris-record-with-server-warnings.txt").extraction.incidents == []


def test_the_json_interface_keeps_its_field_names() -> None:
    data = sample("article-markdown-with-persian-header.md").extraction.incidents[0].as_json()
    assert tuple(data)[:len(STABLE_KEYS)] == STABLE_KEYS
    assert set(data["evidence"][0]) >= {"field", "value", "start", "end", "sentence", "confidence"}


def one(text: str, published: date) -> dict:  # type: ignore[type-arg]
    (incident,) = extract(text, published).incidents
    return incident.as_json()


def test_two_attacks_in_one_report() -> None:
    found = [c.as_json() for c in extract(
        "PESHAWAR: In separate attacks on Monday, militants killed four soldiers in North "
        "Waziristan and two policemen in Lakki Marwat, officials said.\n\nIn North Waziristan, "
        "terrorists ambushed a military convoy in the Razmak area.\n\nIn Lakki Marwat, the two "
        "constables were shot dead near a checkpost in Serai Naurang.",
        date(2024, 9, 10)).incidents]
    assert sorted((c["district"], c["killed"], c["date"]) for c in found) == [
        ("Lakki Marwat", 2, "2024-09-09"), ("North Waziristan", 4, "2024-09-09")]


def test_an_earlier_attack_recalled_is_background() -> None:
    found = [c.as_json() for c in extract(
        "BANNU: Twelve soldiers were martyred when a suicide bomber rammed a vehicle into a check "
        "post in Bannu district on Tuesday, the ISPR said. The attack comes two weeks after a "
        "bombing at a police station in Lakki Marwat killed five policemen.",
        date(2024, 11, 20)).incidents]
    main = next(c for c in found if not c["background"])
    earlier = next(c for c in found if c["background"])
    assert (main["district"], main["killed"], main["date"]) == ("Bannu", 12, "2024-11-19")
    assert (earlier["district"], earlier["killed"]) == ("Lakki Marwat", 5)


def test_updated_toll_and_claim_and_denial() -> None:
    data = one(
        "QUETTA: Eighteen people were killed in a blast at a market in Quetta on Friday. "
        "The death toll later rose to 24, officials said. The Baloch Liberation Army claimed "
        "responsibility, while the TTP denied any role.", date(2024, 5, 11))
    assert data["killed"] == 24
    assert (data["perpetrator"], data["perpetrator_basis"]) == ("Baloch Liberation Army",
                                                                "claimed")
    assert {"name": "Tehrik-i-Taliban Pakistan", "basis": "denied"} in data["perpetrators"]


def test_a_denial_alone_is_recorded_as_a_denial() -> None:
    data = one("KABUL: A bomb killed three people at a mosque in Jalalabad on Friday. The "
               "Taliban denied involvement and ISKP made no claim.", date(2020, 3, 7))
    assert data["admin1"] == "Nangarhar"
    assert data["killed"] == 3


def test_what_is_not_terrorism_yields_nothing() -> None:
    published = date(2024, 6, 2)
    for text in (
        "Security forces killed eight khwarij in an intelligence based operation in North "
        "Waziristan, the ISPR said.",
        "At least 20 people were killed when a passenger bus plunged into a ravine in Kohistan "
        "after a road accident on Sunday.",
        "The CTD foiled a terror plot and arrested five suspects in Lahore on Tuesday.",
        "Pakistan saw 645 militant attacks in 2023, a 73 percent increase, a report said.",
        "Pakistani aircraft carried out airstrikes in Paktika, killing 46 people, the Taliban "
        "said.",
    ):
        assert extract(text, published).incidents == [], text


def test_relative_dates_and_no_casualties() -> None:
    data = one("A bomb exploded near a police van on Sariab Road in Quetta late last night. "
               "No one was hurt, police said.", date(2024, 2, 6))
    assert data["date"] == "2024-02-05"
    assert (data["killed"], data["injured"]) == (0, 0)
    assert data["attack_type"] == "bombing"


def test_vague_counts_are_coded_the_documented_way() -> None:
    data = one("KABUL: Dozens of people were killed when a suicide bomber struck a Shia mosque "
               "in Kunduz city on Friday.", date(2021, 10, 9))
    assert data["killed"] == 12
    assert data["attack_type"] == "suicide-bombing"
    assert data["target_type"] == "religious-site"
