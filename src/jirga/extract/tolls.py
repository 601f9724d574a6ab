"""Killed and injured in one sentence: who was counted, how many, and how the text said it.

A sentence is read as counted phrases ("five Chinese nationals", "132 students", "30 others",
"their Pakistani driver") joined into lists ("132 students and nine teachers" is one list,
summed), each list bound to the verb after it ("were killed", "lost their lives", "sustained
injuries") or before it ("killing", "injuring", "the death of"). Attackers ("militants",
"bombers", "khawarij") are counted apart from victims; "including" and "of them" mark a part
of a total, not another total; "the death toll rose to" is an update that replaces earlier
figures.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from jirga.extract.numbers import TENS, UNITS, VAGUE_FIRST, Count, count_at
from jirga.extract.text import Token, tokens

VICTIMS = frozenset([
    "people", "persons", "person", "civilians", "civilian", "passengers", "passenger",
    "worshippers", "worshipers", "worshipper", "devotees", "pilgrims", "students", "student",
    "children", "child", "kids", "kid", "women", "woman", "men", "man", "boys", "boy", "girls",
    "girl", "soldiers", "soldier", "troops", "trooper", "troopers", "personnel", "policemen",
    "policeman", "policewomen", "cops", "cop", "constables", "constable", "officers", "officer",
    "officials", "official", "guards", "guard", "labourers", "labourer", "laborers", "laborer",
    "workers", "worker", "engineers", "engineer", "nationals", "national", "citizens", "teachers",
    "teacher", "staff", "staffers", "employees", "employee", "journalists", "journalist",
    "reporter", "reporters", "cameraman", "doctors", "doctor", "nurses", "nurse", "vaccinators",
    "vaccinator", "lawyers", "lawyer", "judges", "judge", "clerics", "cleric", "scholars",
    "scholar", "imam", "leaders", "leader", "members", "member", "tribesmen", "elders", "elder",
    "villagers", "villager", "residents", "resident", "shopkeepers", "shopkeeper", "traders",
    "trader", "customers", "bystanders", "pedestrians", "drivers", "driver", "commuters",
    "farmers", "farmer", "miners", "miner", "fishermen", "family", "relatives", "victims",
    "victim", "others", "sepoys", "sepoy", "jawans", "jawan", "commandos", "commando",
    "paramilitaries", "paramilitary", "rangers", "levies", "levy", "fc", "tourists", "tourist",
    "foreigners", "foreigner", "chinese", "hazaras", "shias", "sikhs", "hindus", "christians",
    "ahmadis", "infants", "minors", "mourners", "attendees", "participants", "volunteers",
    "contractors", "security", "lives", "forces", "hostages", "afghans", "pakistanis", "americans",
    "russians", "punjabis", "prisoners", "inmates", "officers", "servicemen", "crew",
])
SINGULAR_VICTIMS = frozenset([
    "governor", "commander", "mayor", "minister", "chief", "hostage", "prisoner", "serviceman",
    "person", "civilian", "passenger", "worshipper", "student", "child", "kid", "woman", "man",
    "boy", "girl", "soldier", "trooper", "policeman", "policewoman", "cop", "constable", "officer",
    "official", "guard", "labourer", "laborer", "worker", "engineer", "national", "teacher",
    "employee", "journalist", "reporter", "cameraman", "doctor", "nurse", "vaccinator", "lawyer",
    "judge", "cleric", "scholar", "imam", "leader", "member", "elder", "villager", "resident",
    "shopkeeper", "trader", "bystander", "pedestrian", "driver", "commuter", "farmer", "miner",
    "fisherman", "sepoy", "jawan", "commando", "tourist", "foreigner", "infant",
])
ATTACKERS = frozenset([
    "militants", "militant", "terrorists", "terrorist", "attackers", "attacker", "assailants",
    "assailant", "insurgents", "insurgent", "gunmen", "gunman", "bombers", "bomber", "khawarij",
    "khwarij", "kharijis", "khariji", "rebels", "rebel", "miscreants", "miscreant", "hijackers",
    "hijacker", "infiltrators", "infiltrator", "extremists", "extremist", "jihadists", "fighters",
    "fighter",
])
NOT_PEOPLE = frozenset([
    "years", "year", "km", "kilometres", "kilometers", "kg", "kilograms", "percent", "per",
    "hours", "hour", "minutes", "minute", "days", "day", "weeks", "week", "months", "month", "am",
    "pm", "rupees", "rs", "million", "billion", "feet", "metres", "meters", "miles", "vehicles",
    "vehicle", "houses", "house", "shops", "shop", "tonnes", "rounds", "grenades", "rockets",
    "mortars", "bullets", "times", "attacks", "attack", "incidents", "incident", "cases",
    "districts", "provinces", "kilos", "pounds", "dollars", "schools", "buildings", "posts",
    "checkposts", "towers", "pylons",
])
STOPS = frozenset([
    "and", "or", "were", "was", "are", "is", "have", "has", "had", "been", "being", "of", "in",
    "at", "on", "by", "from", "with", "as", "killed", "injured", "wounded", "dead", "died",
    "martyred", "hurt", "including", "while", "but", "after", "before", "during", "when", "who",
    "which", "that", "the", "said",
])
DETERMINERS = frozenset(["a", "an", "one", "their", "his", "her", "the", "its", "another"])

KILL_AFTER = re.compile(
    r"^\s*(?:,?\s*(?:who|which|that)\s+)?(?:(?:were|was|are|is|have|has|had|been|being|got|also|"
    r"reportedly|allegedly|all|both|later|subsequently|immediately|instantly|confirmed|"
    r"already|tragically|among\s+those)\s+){0,4}"
    r"(?:killed|dead|died|die|martyred|slain|murdered|massacred|executed|beheaded|perished|"
    r"succumbed|shot\s+dead|gunned\s+down|lost\s+(?:their|his|her)\s+li(?:ves|fe)|"
    r"embraced\s+(?:martyrdom|shahadat)|laid\s+down\s+(?:their|his)\s+li(?:ves|fe)|"
    r"among\s+the\s+dead|fatalities|deaths|bodies|sent\s+to\s+hell|neutrali[sz]ed|"
    r"eliminated)\b")
INJURE_AFTER = re.compile(
    r"^\s*(?:,?\s*(?:who|which|that)\s+)?(?:(?:were|was|are|is|have|has|had|been|being|got|also|"
    r"reportedly|allegedly|all|both|later|critically|seriously|severely|badly|grievously|"
    r"slightly|left)\s+){0,4}"
    r"(?:injured|wounded|hurt|(?:sustained|received|suffered)\s+(?:\w+\s+){0,2}(?:injuries|"
    r"wounds)|hospitali[sz]ed|among\s+the\s+(?:injured|wounded))\b")
VERB_GAP = r"^[^;]{0,120}?\b"  # an appositive or participle between a count and its verb
KILL_NEAR = re.compile(
    VERB_GAP + r"(?:(?:were|was|have\s+been|has\s+been|had\s+been|got)\s+(?:also\s+)?"
    r"(?:\w+\s+and\s+)?(?:killed|martyred|shot\s+dead|gunned\s+down|slain|murdered|executed|"
    r"beheaded)|embraced\s+(?:martyrdom|shahadat)|lost\s+(?:their|his|her)\s+li(?:ves|fe)|"
    r"laid\s+down\s+(?:their|his)\s+li(?:ves|fe)|(?:and\s+)?(?:shot|killed|executed|"
    r"gunned\s+down|beheaded|slaughtered)\s+(?:all\s+of\s+)?them)\b")
INJURE_NEAR = re.compile(
    VERB_GAP + r"(?:(?:were|was|have\s+been|has\s+been|had\s+been|got)\s+(?:also\s+)?"
    r"(?:\w+\s+)?|,\s*)(?:injured|wounded|hurt)\b")
ALSO_RE = re.compile(r"^\s*(?:were|was|have\s+been|has\s+been)\s+also\b|^\s*also\b")
ALONG_WITH_TOTAL_RE = re.compile(r"\b(?:killed|died|martyred)\s+(?:along|together)\s+with\s+\w+")
REPELLED_RE = re.compile(r"\b(?:engaged|repulsed|repelled|responded|retaliat\w*|by\s+(?:the\s+)?"
                         r"(?:security\s+forces|troops|police|soldiers))\b")
REVENGE_RE = re.compile(r"\b(?:revenge|retaliation|response|avenge|reprisal)\s+(?:for\s+)?(?:the\s+)?"
                        r"(?:killings?|deaths?|murders?)\s+of\s*$")
ALONG_WITH_RE = re.compile(r"\b(?:killed|died|martyred)\s+(?:along|together)\s+with\s+$")
KILL_BEFORE = re.compile(
    r"(?:\bkill(?:ing|ed|s)?|\bmartyr(?:ing|ed)|\bmurder(?:ing|ed)|\bslaying|\bslew|"
    r"\bmassacr(?:ing|ed)|\bclaim(?:ed|ing)\s+the\s+lives\s+of|\btook\s+the\s+lives\s+of|"
    r"\btaking\s+the\s+lives\s+of|\bdeaths?\s+of|\bkillings?\s+of|\blives\s+of|\bshot\s+dead|"
    r"\bgunned\s+down|"
    r"\bleft|\bleaving|\bthe\s+dead\s+(?:include[ds]?|were)|\bthose\s+killed\s+"
    r"(?:include[ds]?|were)|\bbodies\s+of|\bexecut(?:ing|ed))"
    r"(?:\s+(?:at\s+least|more\s+than|nearly|almost|about|around|over|some|up\s+to|as\s+many\s+as|"
    r"another|all))?\s*$")
INJURE_BEFORE = re.compile(
    r"(?:\binjur(?:ing|ed|es)|\bwound(?:ing|ed|s)|\bhurting|\bthe\s+(?:injured|wounded)\s+"
    r"(?:include[ds]?|were))(?:\s+(?:at\s+least|more\s+than|nearly|almost|about|around|over|"
    r"some|up\s+to|as\s+many\s+as|another|all))?\s*$")
LEFT_DEAD = re.compile(r"^(?:\s*\w+){0,2}?\s*(?:dead|killed)\b")
LEFT_INJURED = re.compile(r"^(?:\s*\w+){0,2}?\s*(?:injured|wounded|hurt)\b")
SUBSET_BEFORE = re.compile(r"(?:\bincluding|\bamong\s+(?:them|those|the\s+\w+)|"
                           r"\bof\s+(?:them|whom|those)|\bsuch\s+as|\bmostly|\bmainly)"
                           r"(?:\s+(?:at\s+least|some|about|around|nearly))?\s*$")
SUBSET_AFTER = re.compile(r"^\s*of\s+(?:them|whom|those|the\s+(?:dead|injured|wounded|"
                          r"victims|deceased))\b|^\s*(?:was|were)\s+(?:also\s+)?among\s+the\s+"
                          r"(?:dead|injured|wounded|victims)\b")
TOLL_NOUN = (r"(?:(?P<kind_k>death\s+toll|toll|number\s+of\s+(?:the\s+)?(?:dead|deaths|fatalities|"
             r"those\s+killed|people\s+killed|martyrs|martyred))|(?P<kind_i>number\s+of\s+(?:the\s+)?"
             r"(?:injured|wounded|those\s+injured|injuries)))")
TOLL_RE = re.compile(
    r"\b" + TOLL_NOUN + r"(?:\b[^.;]{0,170}?\b(?:rose|rises|risen|rise|rising|climbed|climbs|jumped|"
    r"jumps|increased|increases|"
    r"went\s+up|gone\s+up|reached|touched|hit|stands\s+at|stood\s+at|is|was)\b(?:\s+to|\s+at)?|"
    r"\s+(?:of|at|to))\s+(?:at\s+least\s+|nearly\s+|over\s+|more\s+than\s+)?(?=\S)")
BOMBER_INCLUDED = re.compile(r"\bincluding\s+(?:the\s+|a\s+)?(?:suicide\s+)?(?:bomber|attacker|"
                             r"assailant)\b")
BOMBER_DIED = re.compile(r"\b(?:blew\s+(?:himself|herself)\s+up|(?:the|a)\s+(?:suicide\s+)?"
                         r"bomber\s+(?:was\s+)?(?:also\s+)?(?:killed|died)|detonated\s+(?:his|her)"
                         r"\s+(?:explosive|suicide)\s+(?:vest|jacket))")


@dataclass(frozen=True, slots=True)
class TollMention:
    kind: str  # killed | injured | perpetrators_killed
    value: int
    vague: bool
    update: bool  # "the death toll rose to …": replaces earlier figures
    subset: bool  # "including …", "… of them": part of a total
    additional: bool  # "… were also killed", "along with five others": adds to a total
    start: int  # character offsets in the document
    end: int
    text: str


@dataclass(slots=True)
class _Item:
    count: Count
    noun: str | None
    victim: bool
    first: int  # token index
    last: int  # token index after
    subset: bool = False


CASUALTY_WORD_RE = re.compile(r"kill|dead|die|death|martyr|injur|wound|hurt|slain|lives|life|"
                              r"toll|bodies|massacr|murder|execut|behead|casualt|succumb|perish|"
                              r"shot|gunned|fatalit|sent\s+to\s+hell|neutrali|eliminat")


def tolls(text: str, start: int, toks: Sequence[Token] | None = None) -> list[TollMention]:
    """Casualty figures of one sentence (folded text starting at document offset `start`)."""
    lowered = text.lower()
    if CASUALTY_WORD_RE.search(lowered) is None:
        return []
    toks = tokens(text) if toks is None else toks
    updates = _toll_updates(toks, text, lowered, start)
    taken = [(u.start - start, u.end - start) for u in updates]
    items = [i for i in _items(toks, text, lowered)
             if not any(a <= toks[i.first].start < b for a, b in taken)]
    out: list[TollMention] = []
    last_kind: str | None = None
    last_end = 0
    groups = _lists(items, toks, text)
    kinds = [_kind(g, toks, lowered, items) for g in groups]
    for n, group in enumerate(groups):
        after = lowered[toks[group[-1].last - 1].end:]
        if kinds[n] is None and n + 1 < len(groups) and AMONG_RE.match(after):
            kinds[n] = kinds[n + 1]  # "nine Chinese were among 13 people killed": part of 13
            for item in group:
                item.subset = True
    for group, kind in zip(groups, kinds, strict=True):
        if kind is None and all(i.subset for i in group):
            kind = last_kind  # "killed 26 people, including 14 soldiers": part of that total
        if kind is None and LOCATIVE_GAP_RE.match(lowered[last_end:toks[group[0].first].start]):
            kind = last_kind  # "killed four soldiers in X and two policemen in Y"
        last_end = toks[group[-1].last - 1].end
        if kind is None:
            continue
        last_kind = kind
        out.extend(_mentions(group, kind, toks, text, start))
    out.extend(updates)
    _bombers(lowered, text, start, out)
    if ALONG_WITH_TOTAL_RE.search(lowered):  # "X was killed along with five others": one total
        out = [m for m in out if not (m.kind == "killed" and m.value == 1)]
    return out


COUNT_STARTS = frozenset([*UNITS, *TENS, *VAGUE_FIRST, *DETERMINERS])


def _items(toks: Sequence[Token], text: str, lowered: str) -> list[_Item]:
    items: list[_Item] = []
    i = 0
    while i < len(toks):
        word = toks[i]
        if not (word.text[0].isdigit() or word.lower in COUNT_STARTS):
            i += 1
            continue
        found = count_at(toks, i, text)
        if found is not None and i > 0 and toks[i - 1].lower in ("no", "not", "none"):
            found = None  # "no one was hurt" counts nobody
        if found is not None:
            item = _counted(found, toks)
            if item is not None:
                item.subset = _is_subset(item, toks, lowered)
                items.append(item)
                i = item.last
                continue
        single = _singular(toks, i)
        if single is not None:
            single.subset = _is_subset(single, toks, lowered)
            items.append(single)
            i = single.last
            continue
        i += 1
    return items


def _counted(found: Count, toks: Sequence[Token]) -> _Item | None:
    j = found.end
    if j < len(toks) and toks[j].lower in NOT_PEOPLE:
        return None
    for k in range(j, min(j + 4, len(toks))):
        word = toks[k].lower
        if word in ATTACKERS:
            return _Item(found, word, False, found.start, k + 1)
        if word in VICTIMS:
            last = k + 1
            while (last < len(toks) and toks[last].lower in VICTIMS and last - k < 3
                   and toks[last].start - toks[last - 1].end == 1):
                last += 1
            return _Item(found, toks[last - 1].lower, True, found.start, last)
        if word in STOPS or word in NOT_PEOPLE or toks[k].text.isdigit():
            break
    return _Item(found, None, not _attackers_by_context(found, toks), found.start, found.end)


def _attackers_by_context(found: Count, toks: Sequence[Token]) -> bool:
    """'all eight were killed' after 'engaged by security forces': the attackers."""
    if found.start == 0 or toks[found.start - 1].lower != "all":
        return False
    words = " ".join(t.lower for t in toks)
    return REPELLED_RE.search(words) is not None


def _singular(toks: Sequence[Token], i: int) -> _Item | None:
    if toks[i].lower not in DETERMINERS:
        return None
    for k in range(i + 1, min(i + 4, len(toks))):
        word = toks[k].lower
        if word in SINGULAR_VICTIMS:
            return _Item(Count(1, False, i, k + 1), word, True, i, k + 1)
        if word in {"bomber", "attacker", "assailant", "militant", "terrorist", "gunman"}:
            return _Item(Count(1, False, i, k + 1), word, False, i, k + 1)
        if word in STOPS or word in NOT_PEOPLE:
            return None
    return None


def _is_subset(item: _Item, toks: Sequence[Token], lowered: str) -> bool:
    before = lowered[max(0, toks[item.first].start - 30):toks[item.first].start]
    after = lowered[toks[item.last - 1].end:toks[item.last - 1].end + 30]
    return bool(SUBSET_BEFORE.search(before) or SUBSET_AFTER.match(after))


AMONG_RE = re.compile(r"^\s*(?:were|was)\s+(?:also\s+)?among\s+(?!the\s+(?:dead|injured|wounded))")
LOCATIVE_GAP_RE = re.compile(r"^\s*(?:in|at|near|outside)\s+[^,;.]{2,40}?\s*(?:,\s*)?(?:and|,)\s*$")
LIST_GAP_RE = re.compile(
    r"^(?:(?:working|employed|travelling|traveling|belonging|posted|deployed|stationed|hailing|"
    r"living|residing|from)\b[^,;]{0,60}?\s*)?(?:,|and|,\s*and|as\s+well\s+as|plus)$")


def _lists(items: list[_Item], toks: Sequence[Token], text: str) -> list[list[_Item]]:
    """Counted phrases joined by ',' / 'and' into one list (a sum)."""
    groups: list[list[_Item]] = []
    for item in items:
        if groups:
            prev = groups[-1][-1]
            gap = text[toks[prev.last - 1].end:toks[item.first].start].strip().lower()
            if LIST_GAP_RE.match(gap) and prev.subset and not item.subset:
                item.subset = True  # "including nine Chinese engineers and two soldiers"
            if (LIST_GAP_RE.match(gap) and prev.subset == item.subset
                    and (prev.noun is not None or item.noun is not None)
                    and prev.victim == item.victim and not _single_without_count(prev, item)):
                groups[-1].append(item)
                continue
        groups.append([item])
    return groups


def _single_without_count(prev: _Item, item: _Item) -> bool:
    """'killing a policeman and injuring two': a lone singular is not summed with a bare count."""
    return item.noun is None


def _kind(group: list[_Item], toks: Sequence[Token], lowered: str,
          items: list[_Item]) -> str | None:
    first, last = group[0], group[-1]
    after_end = _after_limit(last, items, toks, lowered)
    after = lowered[toks[last.last - 1].end:after_end]
    before = lowered[max(0, toks[first.first].start - 45):toks[first.first].start]
    if INJURE_AFTER.match(after):
        return "injured"
    if KILL_AFTER.match(after):
        return "killed"
    if REVENGE_RE.search(before):
        return None  # "revenge for the killing of its leader": another death, not this toll
    if ALONG_WITH_RE.search(before):
        return "killed"
    if INJURE_NEAR.match(after) and not KILL_NEAR.match(after):
        return "injured"
    if KILL_NEAR.match(after):
        return "killed"
    if INJURE_BEFORE.search(before):
        return "injured"
    if KILL_BEFORE.search(before):
        word = before.rstrip().rsplit(" ", 1)[-1]
        if word in {"left", "leaving"}:
            if LEFT_INJURED.match(after):
                return "injured"
            return "killed" if LEFT_DEAD.match(after) else None
        return "killed"
    return None


def _after_limit(item: _Item, items: list[_Item], toks: Sequence[Token], lowered: str) -> int:
    """Where the words that can bind to `item` end: the next counted phrase that is not part."""
    end = min(len(lowered), toks[item.last - 1].end + 150)
    for other in items:
        if other.first >= item.last and not other.subset:
            return min(end, toks[other.first].start)
    return end


def _mentions(group: list[_Item], kind: str, toks: Sequence[Token], text: str,
              offset: int) -> list[TollMention]:
    lowered = text.lower()
    after = lowered[toks[group[-1].last - 1].end:]
    before = lowered[max(0, toks[group[0].first].start - 45):toks[group[0].first].start]
    along = ALONG_WITH_RE.search(before) is not None
    additional = along or ALSO_RE.match(after) is not None
    out = []
    for victim in (True, False):
        members = [i for i in group if i.victim == victim]
        if not members:
            continue
        label = kind if victim else ("perpetrators_killed" if kind == "killed" else None)
        if label is None:
            continue
        first, last = toks[members[0].first], toks[members[-1].last - 1]
        total = sum(m.count.value for m in members) + (1 if along and victim else 0)
        out.append(TollMention(label, total, any(m.count.vague for m in members), False,
                               members[0].subset, additional and not along
                               and not members[0].subset,
                               offset + first.start, offset + last.end,
                               text[first.start:last.end]))
    return out


def _toll_updates(toks: Sequence[Token], text: str, lowered: str,
                  offset: int) -> list[TollMention]:
    out = []
    for m in TOLL_RE.finditer(lowered):
        index = next((k for k, t in enumerate(toks) if t.start >= m.end()), None)
        if index is None:
            continue
        found = count_at(toks, index, text)
        if found is None or (found.end < len(toks) and toks[found.end].lower in NOT_PEOPLE):
            continue
        kind = "killed" if m.group("kind_k") else "injured"
        end = toks[found.end - 1].end
        out.append(TollMention(kind, found.value, found.vague, True, False, False,
                               offset + m.start(), offset + end, text[m.start():end]))
    return out


def _bombers(lowered: str, text: str, offset: int, out: list[TollMention]) -> None:
    """'including the bomber': one of the dead was the attacker; 'blew himself up': one attacker."""
    included = BOMBER_INCLUDED.search(lowered)
    died = included or BOMBER_DIED.search(lowered)
    if died is None or any(m.kind == "perpetrators_killed" and not m.subset for m in out):
        return
    out[:] = [m for m in out if m.kind != "perpetrators_killed"]
    if included:
        for index, mention in enumerate(out):
            if mention.kind == "killed" and not mention.subset and mention.value > 1:
                out[index] = TollMention("killed", mention.value - 1, mention.vague,
                                         mention.update, False, mention.additional,
                                         mention.start, mention.end, mention.text)
                break
    out.append(TollMention("perpetrators_killed", 1, False, False, False, False,
                           offset + died.start(), offset + died.end(),
                           text[died.start():died.end()]))
