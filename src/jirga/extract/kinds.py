"""Attack type and target types from the words of an attack's sentences.

Rules in priority order, as coders of the GTD and ACLED read a report: a suicide attack is a
suicide bombing even when gunmen also stormed in; a hijacking or kidnapping outranks the
shooting that came with it; a named victim shot dead is a targeted killing. Target types are
every kind of victim or place the sentences name, most specific first.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

ATTACK_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("suicide-bombing", re.compile(
        r"\bsuicide\s+(?:bomb\w*|attack\w*|blast|explosion|vest|jacket|car|vehicle|truck|"
        r"squad|mission|assault|bombers?)\b|\bself-detonat\w*|\bblew\s+(?:himself|herself|"
        r"themselves)\s+up|\bdetonated\s+(?:his|her|their)\s+(?:explosive|suicide)|"
        r"\bsuicide-bomb\w*|\bfidayee\b|\bbomber\s+(?:struck|blew|detonated|rammed|walked|"
        r"entered|targeted)\b|\bvehicle-borne\b|\bvbied\b|\bsvbied\b|"
        r"\bexplosives?-laden\s+(?:car|vehicle|truck|motorcycle|rickshaw)\s+(?:into|rammed)|"
        r"\brammed\s+(?:an?\s+|his\s+)?(?:explosives?-(?:laden|packed)\s+)?(?:car|vehicle|truck)")),
    ("hijacking", re.compile(r"\bhijack\w*|\bseiz\w+\s+(?:a|the)\s+(?:passenger\s+)?"
                             r"(?:train|bus|plane|aircraft|coach)\b")),
    ("kidnapping", re.compile(r"\b(?:kidnap\w*|abduct\w*|taken\s+hostages?|took\s+\w*\s*hostages?|"
                              r"hostage-taking|held\s+hostage|hostages?\s+(?:were|was)\s+"
                              r"(?:taken|seized))")),
    ("rocket-mortar", re.compile(r"\b(?:rockets?|mortars?|shelling|shells?\s+(?:fired|landed|hit)|"
                                 r"missiles?|rpg|rocket-propelled)\b")),
    ("bombing", re.compile(r"\b(?:bomb\w*|blast\w*|explosi\w+|explod\w+|detonat\w+|ieds?|"
                           r"improvised\s+explosive|landmines?|mines?\s+(?:blast|explosion)|"
                           r"grenades?|magnetic\s+bomb|sticky\s+bomb|remote-controlled|"
                           r"planted\s+(?:a|an)\s+\w+|roadside)\b")),
    ("targeted-killing", re.compile(r"\b(?:target(?:ed)?\s+killings?|target\s+killing|"
                                    r"assassinat\w+|shot\s+dead|gunned\s+down|shot\s+and\s+killed|"
                                    r"killed\s+in\s+(?:a\s+)?targeted|drive-by)\b")),
    ("armed-assault", re.compile(r"\b(?:gunmen|gunman|opened\s+fire|firing|fired\s+(?:on|at|upon)|"
                                 r"stormed|storming|ambush\w*|attacked|assault\w*|raided|"
                                 r"gunfight|shootout|exchange\s+of\s+fire|heavy\s+weapons|"
                                 r"armed\s+(?:men|militants|attackers)|shot|shooting|"
                                 r"sniper|besieged|siege|overran|infiltrat\w+)\b")),
)

TARGET_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("foreign-nationals", re.compile(r"\b(?:chinese|foreign(?:er|ers)?\s*(?:nationals?|"
                                     r"engineers?|tourists?|workers?|citizens?)?|foreigners|"
                                     r"tourists?|expatriates?|diplomats?|embassy|consulate|"
                                     r"aid\s+workers?)\b")),
    ("school", re.compile(r"\b(?:schools?|students?|schoolchildren|pupils|universit\w+|colleges?|"
                          r"madrass?as?|madrassahs?|seminar(?:y|ies)|teachers?|academy|"
                          r"education(?:al)?\s+(?:centre|center|institution))\b")),
    ("religious-site", re.compile(r"\b(?:mosques?|masjid|imambargahs?|imam\s*bargahs?|shrines?|"
                                  r"churche?s?|temples?|gurdwaras?|worshipp?ers|prayers|"
                                  r"congregation|procession|majlis|religious\s+"
                                  r"(?:gathering|site|congregation|seminary|scholars?)|"
                                  r"mourners|clerics?|prayer\s+leader)\b")),
    ("health-workers", re.compile(r"\b(?:polio\s+(?:workers?|teams?|vaccinators?|drive|"
                                  r"campaign)|vaccinators?|health\s+workers?|"
                                  r"lady\s+health\s+workers?)\b")),
    ("journalists", re.compile(r"\b(?:journalists?|reporters?|cameram[ae]n|press\s+club|"
                               r"media\s+workers?)\b")),
    ("political", re.compile(r"\b(?:rall(?:y|ies)|election\s+(?:office|campaign|rally|meeting)|"
                             r"campaign\s+(?:office|event)|candidates?|political\s+(?:party|"
                             r"parties|leaders?|workers?|gathering|convention|rally)|"
                             r"workers'?\s+convention|lawmakers?|mpa|mna|legislators?|"
                             r"parliamentarians?)\b")),
    ("police", re.compile(r"\b(?:police(?:\s+(?:station|post|check\s*post|checkpoint|van|"
                          r"mobile|vehicle|officers?|personnel|lines|headquarters|training|"
                          r"patrol|team|party|convoy))?|policem[ae]n|constables?|cops?|ctd|"
                          r"levies|sho|station\s+house\s+officer|thana)\b")),
    ("security-forces", re.compile(r"\b(?:soldiers?|troops|army|military|security\s+(?:forces|"
                                   r"personnel|convoy|post|check\s*post|checkpoint|vehicle)|"
                                   r"frontier\s+corps|fc|paramilitary|rangers|(?:military|army|"
                                   r"security|fc)\s+convoy|check\s*"
                                   r"posts?|checkpoints?|cantonment|garrison|sepoys?|jawans?|"
                                   r"naval|air\s+base|airbase|commandos?|border\s+guards?|"
                                   r"border\s+posts?|fort|camp)\b")),
    ("government", re.compile(r"\b(?:government\s+(?:office|officials?|building|employees?|"
                              r"compound)|ministry|deputy\s+commissioner|assistant\s+"
                              r"commissioner|tehsildar|judges?|courts?|courthouse|governor|"
                              r"district\s+(?:office|headquarters|administration)|secretariat|"
                              r"provincial\s+assembly|officials?|prison|jail)\b")),
    ("infrastructure", re.compile(r"\b(?:gas\s+pipeline|pipelines?|power\s+(?:pylons?|lines?|"
                                  r"plant|station|grid)|pylons?|electricity|transmission|"
                                  r"railway\s+(?:track|line)|rail\s+track|bridges?|"
                                  r"mobile\s+(?:tower|phone\s+tower)|telecom\w*|"
                                  r"hydropower|grid\s+station|communication\s+towers?)\b")),
    ("transport", re.compile(r"\b(?:(?:mini)?bus(?:es)?|passenger\s+(?:vans?|vehicles?|"
                             r"coach(?:es)?|bus(?:es)?|trains?)|"
                             r"trains?|coach|vans?|passengers|railway\s+station|bus\s+stand|"
                             r"bus\s+terminal|commuters|express|travell?ers|airport)\b")),
    ("business", re.compile(r"\b(?:markets?|bazaars?|shops?|shopkeepers?|traders?|hotels?|"
                            r"restaurants?|banks?|business\w*|factory|coal\s*mines?|mine\s+workers|miners|"
                            r"coal\s+mine|construction\s+(?:company|workers?|site)|"
                            r"company|contractors?|labourers?|laborers?|workers)\b")),
    ("civilians", re.compile(r"\b(?:civilians?|people|residents|villagers|passers-by|"
                             r"peace\s+committee|aman\s+committee|"
                             r"bystanders|children|women|families|family|tribesmen|elders|"
                             r"citizens|pedestrians|shoppers|men)\b")),
)
# Where a sentence names what was attacked: the words after these, and who was killed.
TARGET_CUE_RE = re.compile(
    r"\b(?:attack(?:ed|s|ing)?(?:\s+on)?|targe?t(?:ed|ing|s)?|ambush(?:ed)?(?:\s+on)?|stormed|"
    r"struck|hit|rammed(?:\s+into)?|near|outside|inside|at|on|in\s+front\s+of|blew\s+up|"
    r"against|carrying|killing|killed|injuring|wounding|kidnapped|abducted|hijacked|"
    r"martyring|seized|shot(?:\s+dead)?|gunned\s+down|raided|besieged|opened\s+fire\s+on)\s")
SOURCE_RE = re.compile(
    r"\b(?:according\s+to\s+)?(?:the\s+|a\s+)?(?:local\s+|district\s+|senior\s+|provincial\s+)?"
    r"(?:police|army|military|government|security|hospital|rescue|district|levies|ctd|fc|"
    r"officials?)(?:'s)?\s*(?:media\s+wing|officials?|officers?|spokes(?:man|person|woman)"
    r"(?:\s+[\w'-]+){0,4}?,?|sources?|chief|authorities|statement|station\s+house\s+officer)?"
    r"\s*(?:said|say|says|"
    r"told|confirmed|added|reported|stated|quoted)\b|\b(?:said|told|confirmed)\s+(?:the\s+)?"
    r"(?:police|army|military|officials?)\b|\bpolice\s+(?:registered|launched|cordoned|"
    r"arrived|reached|began|started|are\s+investigating|were\s+investigating)\b|"
    r"\bsecurity\s+forces\s+(?:cordoned|launched|arrived|reached|began|started|responded|"
    r"retaliated|returned)\b")


@dataclass(frozen=True, slots=True)
class Kind:
    value: str
    start: int  # offsets in the sentence text
    end: int
    text: str


def attack_types(sentences: list[str]) -> list[tuple[Kind, int]]:
    """Every attack type the sentences show, in rule priority, with the sentence index."""
    found: list[tuple[Kind, int]] = []
    joined = _Joined([SOURCE_RE.sub(_blank, text.lower()) for text in sentences])
    for name, pattern in ATTACK_RULES:
        for m in pattern.finditer(joined.text):
            index, start = joined.where(m.start())
            lowered = joined.parts[index]
            if name == "rocket-mortar" and _rocket_is_weapon_only(lowered):
                continue
            end = start + m.end() - m.start()
            found.append((Kind(name, start, end, sentences[index][start:end]), index))
            break
    return found


class _Joined:
    """Several texts searched as one (one regex call per rule instead of one per text)."""

    def __init__(self, parts: list[str]) -> None:
        self.parts = parts
        self.starts: list[int] = []
        position = 0
        for part in parts:
            self.starts.append(position)
            position += len(part) + 1
        self.text = "\n".join(parts)

    def where(self, offset: int) -> tuple[int, int]:
        """(index of the part, offset in it) of an offset in the joined text."""
        index = bisect_right(self.starts, offset) - 1
        return index, offset - self.starts[index]


def _rocket_is_weapon_only(lowered: str) -> bool:
    """'armed with rockets and grenades': the weapons carried, not a rocket attack."""
    return bool(re.search(r"\b(?:armed|equipped|carrying|recovered|seized)\b[^.]{0,40}rockets?",
                          lowered))


# Word stems one of which a target rule needs before it is worth running over a text.
TARGET_STEMS: dict[str, tuple[str, ...]] = {
    "foreign-nationals": ("chinese", "foreign", "tourist", "expatriat", "diplomat", "embass",
                          "consulate", "aid worker"),
    "school": ("school", "student", "pupil", "universit", "college", "madrass", "seminar",
               "teacher", "academy", "education"),
    "religious-site": ("mosque", "masjid", "imam", "shrine", "church", "temple", "gurdwara",
                       "worship", "prayer", "congregation", "procession", "majlis", "religious",
                       "mourner", "cleric"),
    "health-workers": ("polio", "vaccinat", "health worker"),
    "journalists": ("journalist", "reporter", "camera", "press club", "media worker"),
    "political": ("rall", "election", "campaign", "candidate", "political", "convention",
                  "lawmaker", "mpa", "mna", "legislator", "parliamentarian"),
    "police": ("police", "policem", "constable", "cop", "ctd", "levies", "sho", "station house",
               "thana"),
    "security-forces": ("soldier", "troop", "army", "military", "security", "frontier corps",
                        "fc", "paramilitar", "rangers", "convoy", "post", "checkpoint",
                        "cantonment", "garrison", "sepoy", "jawan", "naval", "base", "commando",
                        "border", "fort", "camp"),
    "government": ("government", "ministry", "commissioner", "tehsildar", "judge", "court",
                   "governor", "district", "secretariat", "assembly", "official", "prison",
                   "jail"),
    "infrastructure": ("pipeline", "power", "pylon", "electricity", "transmission", "railway",
                       "rail", "bridge", "mobile", "telecom", "hydropower", "grid",
                       "communication"),
    "transport": ("bus", "passenger", "train", "coach", "van", "railway", "commuter", "express",
                  "travel", "airport"),
    "business": ("market", "bazaar", "shop", "trader", "hotel", "restaurant", "bank",
                 "business", "factory", "mine", "construction", "company", "contractor",
                 "labour", "labor", "worker"),
    "civilians": ("civilian", "people", "resident", "villager", "passers", "bystander", "committee",
                  "children", "women", "famil", "tribesmen", "elders", "citizen", "pedestrian",
                  "shopper", "men"),
}


def _search(name: str, pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    if not any(stem in text for stem in TARGET_STEMS[name]):
        return None
    return pattern.search(text)


def _blank(m: re.Match[str]) -> str:
    return " " * len(m.group())


def target_text(sentence: str) -> str:
    """The sentence with only what was attacked left readable (same length, rest blanked):
    the words after an attack cue, with who-said-what clauses ("police said") removed."""
    lowered = SOURCE_RE.sub(_blank, sentence.lower())
    parts: list[str] = []
    kept = 0
    for m in TARGET_CUE_RE.finditer(lowered):
        start, end = max(m.end(), kept), min(len(lowered), m.end() + 60)
        if start >= end:
            continue
        parts += [" " * (start - kept), lowered[start:end]]
        kept = end
    parts.append(" " * (len(lowered) - kept))
    return "".join(parts)


def target_types(sentences: list[str], victims: list[tuple[str, int]]) -> list[tuple[Kind, int]]:
    """Target types, most specific first: from who was killed or injured (`victims`: phrase and
    sentence index) and from what the sentences say was attacked."""
    pools = [(_Joined([v.lower() for v, _ in victims]), [i for _, i in victims]),
             (_Joined([target_text(s) for s in sentences]), list(range(len(sentences))))]
    found: list[tuple[Kind, int]] = []
    for joined, indexes in pools:  # who was killed or hurt first, then what was attacked
        for name, pattern in TARGET_RULES[:-1]:
            if any(k.value == name for k, _ in found):
                continue
            m = _search(name, pattern, joined.text)
            if m is not None:
                part, start = joined.where(m.start())
                found.append((Kind(name, start, start + len(m.group()), m.group()),
                              indexes[part]))
    for joined, indexes in pools:
        m = _search("civilians", TARGET_RULES[-1][1], joined.text)
        if m is not None:
            part, start = joined.where(m.start())
            found.append((Kind("civilians", start, start + len(m.group()), m.group()),
                          indexes[part]))
            break
    return found
