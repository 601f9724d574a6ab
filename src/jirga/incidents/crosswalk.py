"""Dataset categories → jirga vocabularies (`model/vocab.py`). docs/datasets.md prints these
tables; tests/incidents/test_crosswalk.py checks every value lands in a vocabulary.

Sources: the ACLED codebook (event and sub-event types, actor types `inter1/2`), the GTD
codebook (attack types `attacktype1`, target types `targtype1`), the UCDP GED codebook
(`type_of_violence`, `date_prec`).
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=4096)
def key(text: str) -> str:
    """How a dataset's category is looked up: case and spacing do not matter."""
    return " ".join(text.casefold().split())


# ACLED sub_event_type → attack type. Event types outside political violence are not attacks.
ACLED_ATTACK: dict[str, str] = {
    "suicide bomb": "suicide-bombing",
    "remote explosive/landmine/ied": "bombing",
    "grenade": "bombing",
    "shelling/artillery/missile attack": "rocket-mortar",
    "air/drone strike": "other",
    "chemical weapon": "other",
    "armed clash": "armed-assault",
    "attack": "armed-assault",
    "abduction/forced disappearance": "kidnapping",
    "sexual violence": "other",
    "government regains territory": "armed-assault",
    "non-state actor overtakes territory": "armed-assault",
}
ACLED_VIOLENT_EVENTS = frozenset({"battles", "explosions/remote violence",
                                  "violence against civilians"})
# inter1/inter2: numeric codes before 2024, words since.
ACLED_STATE_ACTORS = frozenset({"1", "8", "state forces", "external/other forces"})
ACLED_CIVILIANS = frozenset({"7", "civilians"})
# ACLED time_precision: 1 day, 2 week (the date coded is within it), 3 month.
ACLED_PRECISION: dict[str, str] = {"1": "day", "2": "day", "3": "month"}

# GTD attacktype1_txt → attack type (a bombing with suicide = 1 is a suicide bombing).
GTD_ATTACK: dict[str, str] = {
    "assassination": "targeted-killing",
    "armed assault": "armed-assault",
    "bombing/explosion": "bombing",
    "hijacking": "hijacking",
    "hostage taking (barricade incident)": "kidnapping",
    "hostage taking (kidnapping)": "kidnapping",
    "facility/infrastructure attack": "other",
    "unarmed assault": "other",
    "unknown": "other",
}
# GTD targtype1_txt → target type.
GTD_TARGET: dict[str, str] = {
    "business": "business",
    "government (general)": "government",
    "government (diplomatic)": "government",
    "police": "police",
    "military": "security-forces",
    "abortion related": "other",
    "airports & aircraft": "transport",
    "educational institution": "school",
    "food or water supply": "infrastructure",
    "journalists & media": "journalists",
    "maritime": "transport",
    "ngo": "other",
    "other": "other",
    "private citizens & property": "civilians",
    "religious figures/institutions": "religious-site",
    "telecommunication": "infrastructure",
    "terrorists/non-state militia": "other",
    "tourists": "foreign-nationals",
    "transportation": "transport",
    "unknown": "other",
    "utilities": "infrastructure",
    "violent political party": "political",
}

# UCDP type_of_violence → (which side is the perpetrator, target type).
UCDP_VIOLENCE: dict[str, tuple[str, str]] = {
    "1": ("side_b", "security-forces"),  # state-based: side A is a government
    "2": ("side_a", "other"),  # non-state conflict between organised groups
    "3": ("side_a", "civilians"),  # one-sided violence against civilians
}
# UCDP date_prec: 1 exact day, 2 within 2-6 days, 3 within a week, 4 month, 5 year.
UCDP_PRECISION: dict[str, str] = {"1": "day", "2": "day", "3": "day", "4": "month", "5": "year"}
