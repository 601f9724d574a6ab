"""The crosswalk from dataset categories, places, group names and cell formats to jirga's."""

from __future__ import annotations

import pytest

from jirga.incidents import crosswalk
from jirga.incidents.groups import GroupResolver
from jirga.incidents.places import country_code, province
from jirga.incidents.records import RowError
from jirga.incidents.values import date_from_parts, parse_count, parse_date, parse_toll, vocabulary
from jirga.model import vocab


def test_every_dataset_category_lands_in_a_jirga_vocabulary() -> None:
    assert set(crosswalk.ACLED_ATTACK.values()) <= set(vocab.ATTACK_TYPES)
    assert set(crosswalk.GTD_ATTACK.values()) <= set(vocab.ATTACK_TYPES)
    assert set(crosswalk.GTD_TARGET.values()) <= set(vocab.TARGET_TYPES)
    assert {t for _, t in crosswalk.UCDP_VIOLENCE.values()} <= set(vocab.TARGET_TYPES)
    precisions = {*crosswalk.ACLED_PRECISION.values(), *crosswalk.UCDP_PRECISION.values()}
    assert precisions <= set(vocab.DATE_PRECISION)


def test_the_codebooks_are_covered() -> None:
    # GTD codebook: attack types 1-9 and target types 1-22, by their text labels.
    assert len(crosswalk.GTD_ATTACK) == 9 and len(crosswalk.GTD_TARGET) == 22
    assert crosswalk.GTD_TARGET["military"] == "security-forces"
    assert crosswalk.GTD_TARGET["private citizens & property"] == "civilians"
    assert crosswalk.ACLED_ATTACK[crosswalk.key("Remote explosive/landmine/IED")] == "bombing"
    assert crosswalk.ACLED_ATTACK[crosswalk.key("Suicide bomb")] == "suicide-bombing"
    assert crosswalk.UCDP_VIOLENCE["3"] == ("side_a", "civilians")


@pytest.mark.parametrize(("name", "code"), [
    ("Pakistan", "PK"), ("586", "PK"), ("AFG", "AF"), ("Afghanistan", "AF"), ("4", "AF"),
    ("Iran", "IR"), ("india", "IN")])
def test_countries(name: str, code: str) -> None:
    assert country_code(name) == code


def test_unknown_country_is_none() -> None:
    assert country_code("Atlantis") is None


@pytest.mark.parametrize(("country", "name", "code", "shown"), [
    ("PK", "Khyber Pakhtunkhwa province", "PK-KP", "Khyber Pakhtunkhwa"),
    ("PK", "North-West Frontier Province", "PK-KP", "Khyber Pakhtunkhwa"),
    ("PK", "Federally Administered Tribal Areas", "PK-KP", "Khyber Pakhtunkhwa"),
    ("PK", "Baluchistan", "PK-BA", "Balochistan"),
    ("PK", "PK-SD", "PK-SD", "Sindh"),
    ("PK", "Islamabad Capital Territory", "PK-IS", "Islamabad"),
    ("AF", "Kabul", "AF-KAB", "Kabul"),
    ("AF", "Konar", "AF-KNR", "Kunar"),
    ("AF", "Nangarhar province", "AF-NAN", "Nangarhar"),
    ("AF", "Khowst", "AF-KHO", "Khost"),
])
def test_provinces(country: str, name: str, code: str, shown: str) -> None:
    assert province(country, name) == (code, shown)


def test_unknown_province_keeps_its_name() -> None:
    assert province("PK", "Tirah Valley") == (None, "Tirah Valley")


@pytest.mark.parametrize(("raw", "country", "name"), [
    ("TTP: Tehreek-i-Taliban Pakistan", "PK", "Tehrik-i-Taliban Pakistan"),
    ("Tehrik-i-Taliban Pakistan (TTP)", "PK", "Tehrik-i-Taliban Pakistan"),
    ("TTP", "PK", "Tehrik-i-Taliban Pakistan"),
    ("Khorasan Chapter of the Islamic State", "AF", "Islamic State Khorasan Province"),
    ("IS: Islamic State (Pakistan)", "PK", "Islamic State Khorasan Province"),
    ("IS", "AF", "Islamic State Khorasan Province"),
    ("IS", "SY", "IS"),
    ("BLA: Baloch Liberation Army", "PK", "Baloch Liberation Army"),
    ("Lashkar-e-Islam (Pakistan)", "PK", "Lashkar-e-Islam"),
    ("Unidentified Armed Group (Pakistan)", "PK", None),
    ("Unknown", "PK", None),
])
def test_group_names(raw: str, country: str, name: str | None) -> None:
    assert GroupResolver().canonical(raw, country) == name


def test_store_aliases_decide_names() -> None:
    resolver = GroupResolver([("Hizb ut-Tahrir", ["HuT"])])
    assert resolver.canonical("HuT") == "Hizb ut-Tahrir"


@pytest.mark.parametrize(("text", "expected"), [
    ("2024-03-26", ("2024-03-26", "day")), ("2023-01-30 00:00:00.000", ("2023-01-30", "day")),
    ("2024-03", ("2024-03-01", "month")), ("2024", ("2024-01-01", "year")),
    ("26 March 2024", ("2024-03-26", "day")), ("26-Mar-2024", ("2024-03-26", "day")),
    ("March 26, 2024", ("2024-03-26", "day"))])
def test_dates(text: str, expected: tuple[str, str]) -> None:
    assert parse_date(text, "date") == expected


@pytest.mark.parametrize("text", ["26/03/2024", "2024-02-30", "yesterday", "", "31 Smarch 2024"])
def test_bad_dates(text: str) -> None:
    with pytest.raises(RowError, match="is not a date"):
        parse_date(text, "date")


def test_gtd_dates_with_unknown_day_or_month() -> None:
    assert date_from_parts("2017", "1", "0", "x") == ("2017-01-01", "month")
    assert date_from_parts("2017", "0", "0", "x") == ("2017-01-01", "year")
    assert date_from_parts("2017", "2", "28", "x") == ("2017-02-28", "day")


def test_counts_and_tolls() -> None:
    assert parse_count("12.0", "nkill") == 12 and parse_count(" ", "nkill") is None
    with pytest.raises(RowError, match="negative"):
        parse_count("-1", "nkill")
    with pytest.raises(RowError, match="whole number"):
        parse_count("1.5", "nkill")
    assert parse_toll("3", "5", "8", "killed") == (3, 5, 8)
    assert parse_toll(None, "5", None, "killed") == (5, 5, 5)
    with pytest.raises(RowError, match="killed is empty"):
        parse_toll("3", None, "8", "killed")
    with pytest.raises(RowError, match="not in order"):
        parse_toll("6", "5", "8", "killed")


def test_vocabulary_accepts_keys_and_labels() -> None:
    assert vocabulary("Suicide bombing", "c", "attack type") == "suicide-bombing"
    assert vocabulary("security-forces", "c", "target type") == "security-forces"
    with pytest.raises(RowError, match="use one of"):
        vocabulary("drone", "c", "attack type")
