"""The extractor's parts on the sentences they were written for: dates, tolls, groups, places."""

from __future__ import annotations

from datetime import date

import pytest

from jirga.extract.dates import find_dates
from jirga.extract.gazetteer import gazetteer, province
from jirga.extract.groups import canonical, mentions
from jirga.extract.numbers import parse_count
from jirga.extract.text import fold, sentences, tokens
from jirga.extract.tolls import tolls

MONDAY = date(2024, 3, 18)  # a Monday


@pytest.mark.parametrize(("text", "value", "precision"), [
    ("militants attacked the post on Sunday", "2024-03-17", "day"),
    ("the blast late last night", "2024-03-17", "day"),
    ("Monday's attack", "2024-03-18", "day"),
    ("a bomber struck last Friday", "2024-03-15", "day"),
    ("the blast last Sunday", "2024-03-10", "day"),
    ("earlier this month", "2024-03-01", "month"),
    ("last month", "2024-02-01", "month"),
    ("two days ago", "2024-03-16", "day"),
    ("On March 26, 2024, the attack", "2024-03-26", "day"),
    ("on 16 December 2014", "2014-12-16", "day"),
    ("on the night of 21/22 June 2024", "2024-06-21", "day"),
    ("11.06.2024", "2024-06-11", "day"),
    ("in May 2015", "2015-05-01", "month"),
    ("in 2014", "2014-01-01", "year"),
    ("on March 10", "2024-03-10", "day"),
    ("on March 25", "2023-03-25", "day"),  # after publication: last year's
])
def test_dates_resolve_against_publication(text: str, value: str, precision: str) -> None:
    found = find_dates(fold(text), 0, MONDAY)
    assert (found[0].value.isoformat(), found[0].precision) == (value, precision)


def test_may_the_verb_is_not_a_month() -> None:
    assert find_dates("Officials said the toll may rise.", 0, MONDAY) == []


def kinds(text: str) -> list[tuple[str, int, bool]]:
    return [(t.kind, t.value, t.subset) for t in tolls(fold(text), 0)]


@pytest.mark.parametrize(("text", "expected"), [
    ("At least 23 soldiers were martyred and 34 others injured when terrorists attacked.",
     [("killed", 23, False), ("injured", 34, False)]),
    ("The dead included 132 students and nine teachers.", [("killed", 141, False)]),
    ("Five Chinese nationals and their Pakistani driver were killed.", [("killed", 6, False)]),
    ("The blast killed twenty-five people and wounded dozens of others.",
     [("killed", 25, False), ("injured", 12, False)]),
    ("The death toll rose to 27 on Tuesday.", [("killed", 27, False)]),
    ("Four militants were killed in the exchange of fire.", [("perpetrators_killed", 4, False)]),
    ("Seven security forces personnel, including two officers, were martyred.",
     [("killed", 7, False), ("killed", 2, True)]),
    ("two brave soldiers, Havildar Ayaz and Sepoy Khan, having fought gallantly, "
     "embraced shahadat.", [("killed", 2, False)]),
    ("The minister was killed along with five others.", [("killed", 6, False)]),
    ("The attack killed 12 people including the suicide bomber.",
     [("killed", 11, False), ("perpetrators_killed", 1, False)]),
    ("The attack left 30 people injured in the market.", [("injured", 30, False)]),
    ("The bombers hit the market in 2023, the report said, with 5 km of road closed.", []),
])
def test_tolls(text: str, expected: list[tuple[str, int, bool]]) -> None:
    assert kinds(text) == expected


@pytest.mark.parametrize(("text", "value"), [
    ("27", 27), ("twenty-seven", 27), ("a dozen", 12), ("dozens", 12), ("hundreds", 100),
    ("one hundred and twenty", 120), ("1,200", 1200), ("several", 10)])
def test_counts(text: str, value: int) -> None:
    assert parse_count(text) == value


def group_roles(text: str) -> list[tuple[str, str, str | None]]:
    folded = fold(text)
    return [(m.group.name, m.role, m.basis) for m in mentions(folded, tokens(folded), 0)]


@pytest.mark.parametrize(("text", "expected"), [
    ("The TTP claimed responsibility for the attack.",
     [("Tehrik-i-Taliban Pakistan", "perpetrator", "claimed")]),
    ("The Pakistani Taliban denied involvement, while ISKP claimed it.",
     [("Tehrik-i-Taliban Pakistan", "perpetrator", "denied"),
      ("Islamic State Khorasan Province", "perpetrator", "claimed")]),
    ("Officials blamed the Baloch Liberation Army for the blast.",
     [("Baloch Liberation Army", "perpetrator", "attributed")]),
    ("No group claimed the attack, but suspicion fell on IS-K.",
     [("Islamic State Khorasan Province", "perpetrator", "suspected")]),
    ("The ISPR said terrorists of Fitna al-Khawarij attacked the post.",
     [("Tehrik-i-Taliban Pakistan", "perpetrator", "attributed")]),
    ("The TJP, an offshoot of the TTP, claimed responsibility.",
     [("Tehreek-e-Jihad Pakistan", "perpetrator", "claimed"),
      ("Tehrik-i-Taliban Pakistan", "mention", None)]),
    ("Taliban spokesman Zabihullah Mujahid condemned the attack.",
     [("Afghan Taliban", "authority", None)]),
    ("The Majeed Brigade of the BLA said it carried out the attack.",
     [("Baloch Liberation Army", "perpetrator", "claimed"),
      ("Baloch Liberation Army", "perpetrator", "claimed")]),
])
def test_group_basis(text: str, expected: list[tuple[str, str, str | None]]) -> None:
    assert group_roles(text) == expected


def test_canonical_names() -> None:
    assert canonical("Tehreek-e-Taliban Pakistan").name == "Tehrik-i-Taliban Pakistan"
    assert canonical("IS-K").name == "Islamic State Khorasan Province"
    assert canonical("Daesh").name == "Islamic State Khorasan Province"
    assert canonical("Majeed Brigade").name == "Baloch Liberation Army"
    assert canonical("A group nobody heard of") is None


def places(text: str) -> list[tuple[str, str | None, str | None]]:
    folded = fold(text)
    found = gazetteer().find(tokens(folded), folded)
    return [(max(m.candidates, key=lambda c: c.rank).name,
             max(m.candidates, key=lambda c: c.rank).district,
             max(m.candidates, key=lambda c: c.rank).admin1) for m in found]


@pytest.mark.parametrize(("text", "expected"), [
    ("in D.I. Khan", ("Dera Ismail Khan", "Dera Ismail Khan", "PK-KP")),
    ("in DI Khan", ("Dera Ismail Khan", "Dera Ismail Khan", "PK-KP")),
    ("in Konar province", ("Kunar", None, "AF-KNR")),
    ("in Khowst province", ("Khost", None, "AF-KHO")),
    ("in Parachinar", ("Parachinar", "Kurram", "PK-KP")),
    ("in the Bajaur Agency", ("Bajaur", "Bajaur", "PK-KP")),
    ("near Bisham", ("Besham", "Shangla", "PK-KP")),
    ("in North Waziristan", ("North Waziristan", "North Waziristan", "PK-KP")),
    ("in the former FATA", ("Khyber Pakhtunkhwa", None, "PK-KP")),
])
def test_place_spellings(text: str, expected: tuple[str, str | None, str | None]) -> None:
    assert places(text)[0] == expected


def test_a_place_name_as_a_family_name_is_no_place() -> None:
    assert places("Sarbakaf Mohmand, a commander, claimed it.") == []


def test_short_ambiguous_names_need_a_place_cue() -> None:
    assert places("The Tank rolled in.") == []
    assert places("in Tank district")[0][2] == "PK-KP"


def test_provinces_by_name_or_code() -> None:
    assert province("PK-BA").name == "Balochistan"
    assert province("Nangarhar").admin1 == "AF-NAN"
    assert province("KPK").admin1 == "PK-KP"
    assert province("Atlantis") is None


def test_sentences_keep_offsets_and_initials() -> None:
    text = "The blast hit D.I. Khan on Monday. Police said 12 died.\nA new line"
    found = sentences(text)
    assert [s.text for s in found] == ["The blast hit D.I. Khan on Monday.", "Police said 12 died.",
                                       "A new line"]
    assert all(text[s.start:s.end] == s.text for s in found)


def test_the_cheap_group_test_never_hides_a_name() -> None:
    """`may_name` spares most sentences the group matcher, so it must say yes wherever the
    matcher finds a name: every name of the dictionary in a sentence, and every sentence of
    the evaluation reports (written in news styles, with possessives and acronyms)."""
    from pathlib import Path

    from jirga.extract.groups import dictionary

    groups = dictionary()
    written = [n for g in groups.groups.values() for n in (*g.names, *g.acronyms,
                                                           *g.official_terms)]
    texts = [f"Police blamed {name}'s fighters for the attack." for name in written]
    folder = Path(__file__).resolve().parents[2] / "eval" / "extraction"
    for path in sorted(folder.glob("**/*.txt")):
        texts += [s.text for s in sentences(fold(path.read_text(encoding="utf-8")))]
    found = 0
    for text in texts:
        if groups.find(tokens(text), text):
            found += 1
            assert groups.may_name(text), text
    assert found > len(written)
    assert not groups.may_name("Pakistan is a country; the national team is playing.")
