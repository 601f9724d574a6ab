"""One sentence read for everything the extractor needs: places, groups, dates, tolls, cues.

Each sentence is read once (folded text, one token pass, a handful of compiled patterns), so
a news article costs a few milliseconds. Whether a sentence reports an attack ("seed"), speaks
of many attacks at once (a statistic), describes what the state did (an operation, an air
strike), an accident or a crime, is decided here; `events.py` groups the sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from jirga.extract import claims as claims_mod
from jirga.extract.dates import DateMention, find_dates
from jirga.extract.gazetteer import Place, PlaceMention, gazetteer
from jirga.extract.groups import GroupMention, may_name_a_group, mentions
from jirga.extract.model import Claim
from jirga.extract.numbers import TENS, UNITS
from jirga.extract.text import Sentence, Token, tokens
from jirga.extract.tolls import CASUALTY_WORD_RE, TollMention, tolls

ATTACK_RE = re.compile(
    r"\b(?:attack(?:ed|s)?|bomb(?:ing|ings|ed|er|ers|s)?|blasts?|explosions?|exploded|"
    r"detonat\w+|suicide|ieds?|ambush\w*|gunm[ae]n|opened\s+fire|stormed|shot\s+dead|"
    r"gunned\s+down|assassinat\w+|kidnapp\w+|abduct\w+|hijack\w+|rockets?|mortars?|"
    r"grenades?|massacred?|shooting|raid(?:ed)?|assault(?:ed)?|siege|hostages?|beheaded|"
    r"militants|terrorists|insurgents|attackers|assailants|khawarij|khwarij|roadside|"
    r"landmines?|magnetic\s+bomb|(?:struck|hit)\s+a\s+(?:\w+\s+)?mine)\b")
SINGULAR_ATTACK_RE = re.compile(
    r"\b(?:(?:a|an|the|this|that|sunday's|monday's|tuesday's|wednesday's|thursday's|friday's|"
    r"saturday's|today's|yesterday's|last\s+night's|deadly|twin|latest|fresh|coordinated)\s+"
    r"(?:\w+\s+){0,3}?(?:attack|bombing|blast|explosion|ambush|raid|assault|shooting|"
    r"hijacking|kidnapping|abduction|siege|massacre)|(?:a|the)\s+(?:suicide\s+)?bomber|"
    r"(?:attacked|exploded|stormed|opened\s+fire|ambushed|detonated|blew\s+up|struck|rammed|"
    r"targeted|shot\s+dead|gunned\s+down|killed|martyred|kidnapped|abducted|hijacked|"
    r"went\s+off|ripped\s+through|hit|fired))\b")
# Single words that must be present for the patterns after them to have a chance: set look-ups
# are far cheaper than running a large alternation over every sentence.
ATTACK_WORDS = frozenset([
    "attack", "attacked", "attacks", "bomb", "bombing", "bombings", "bombed", "bomber",
    "bombers", "bombs", "blast", "blasts", "explosion", "explosions", "exploded", "detonated",
    "detonating", "detonation", "suicide", "ied", "ieds", "ambush", "ambushed", "ambushes",
    "gunmen", "gunman", "opened", "stormed", "shot", "gunned", "assassinated", "assassination",
    "kidnapped", "kidnapping", "abducted", "abduction", "hijacked", "hijacking", "rocket",
    "rockets", "mortar", "mortars", "grenade", "grenades", "massacre", "massacred", "shooting",
    "raid", "raided", "assault", "assaulted", "siege", "hostage", "hostages", "beheaded",
    "militants", "terrorists", "insurgents", "attackers", "assailants", "khawarij", "khwarij",
    "roadside", "landmine", "landmines", "magnetic", "mine", "kidnappers", "assassinate",
])
PLURAL_ATTACKS = frozenset(["attacks", "bombings", "blasts", "explosions", "mosques", "incidents",
                            "assaults", "ambushes"])
BENIGN_WORDS = frozenset([
    "accident", "crash", "crashed", "collided", "collision", "flood", "floods", "flash",
    "landslide", "landslides", "earthquake", "avalanche", "cylinder", "short", "fire", "drowned",
    "heatwave", "stampede", "electrocuted", "lightning", "boiler", "collapse", "honour", "honor",
    "dispute", "enmity", "robbery", "robbers", "dacoit", "dacoits", "mugger", "muggers",
    "street", "clash", "rivals", "rival", "celebratory", "aerial", "heart", "dog",
])
BACKGROUND_WORDS = frozenset(["recall", "recalled", "recalls", "recalling", "reminiscent",
                              "anniversary", "last", "previous", "earlier", "past", "similar",
                              "latest"])
PAST_ATTACK_RE = re.compile(
    r"\b(?:attacked|exploded|stormed|opened\s+fire|ambushed|detonated|blew\s+up|struck|rammed|"
    r"shot\s+dead|gunned\s+down|killed|martyred|kidnapped|abducted|hijacked|went\s+off|"
    r"ripped\s+through|targeted|carried\s+out|conducted|launched)\b")
STATE_RE = re.compile(
    r"\b(?:intelligence-based\s+operations?|ibos?|search\s+operations?|clearance\s+operations?|"
    r"security\s+operations?|military\s+operations?|counter-terrorism\s+operations?|"
    r"combing\s+operations?|sanitisation\s+operations?|sanitization\s+operations?|"
    r"air\s*strikes?|aerial\s+strikes?|drone\s+strikes?|airstrikes?|bombardment|"
    r"operation\s+(?:zarb|radd|azm|khyber)\w*|(?:security\s+forces|troops|soldiers|police|"
    r"army|ctd)\s+(?:killed|gunned\s+down|shot\s+dead|neutrali[sz]ed|eliminated|arrested)|"
    r"in\s+(?:an?\s+)?(?:encounter|exchange\s+of\s+fire)\s+with\s+(?:security\s+forces|police|"
    r"troops|ctd))\b")
MILITANT_INITIATED_RE = re.compile(
    r"\b(?:militants|terrorists|insurgents|attackers|gunmen|khawarij|khwarij|assailants)\s+"
    r"(?:\w+\s+){0,2}?(?:attacked|stormed|ambushed|opened\s+fire|targeted|struck|raided|"
    r"launched|(?:tried|attempted)\s+to\s+(?:attack|storm|enter|target|ambush|blow|overrun))|"
    r"\battack(?:ed)?\s+(?:on\s+)?(?:a|the)\s+(?:\w+\s+)?"
    r"(?:check\s*post|post|convoy|station|camp|base|checkpoint)")
NOT_TERROR_RE = re.compile(
    r"\b(?:road\s+accident|traffic\s+accident|accident|crash(?:ed)?|collided|collision|floods?|"
    r"flash\s+flood|landslides?|earthquake|avalanche|cylinder|short\s+circuit|fire\s+broke\s+out|"
    r"drowned|heatwave|stampede|electrocuted|lightning|boiler|mine\s+collapse|roof\s+collapse|"
    r"honou?r\s+killing|family\s+dispute|personal\s+enmity|old\s+enmity|land\s+dispute|"
    r"property\s+dispute|robbery|robbers|dacoits?|muggers?|street\s+crime|domestic\s+dispute|"
    r"marriage\s+dispute|tribal\s+clash|clash\s+between\s+two\s+(?:groups|tribes|families)|"
    r"rivals?\s+group|celebratory\s+firing|aerial\s+firing|heart\s+attack|dog\s+attack)\b")
FOILED_RE = re.compile(r"\b(?:foiled|thwarted|averted|defused|failed\s+bid|bid\s+to|"
                       r"planning\s+(?:an?\s+)?attacks?|plotting|plotted|arrested|apprehended|"
                       r"recovered|seized)\b")
HYPOTHETICAL_RE = re.compile(r"\b(?:could|would|might|threaten(?:ed|s)?|warn(?:ed|s|ing)?|"
                             r"vow(?:ed|s)?|plans?\s+to|planning|if|fears?|feared|risk)\b")
SEPARATOR_RE = re.compile(
    r"^(?:[A-Z][A-Za-z .'-]+:\s*)?(?:in\s+(?:a|another|an)\s+(?:\w+\s+){0,2}?(?:incident|attack|"
    r"development|case|bombing|blast|shooting|ambush)|separately|elsewhere|meanwhile|"
    r"in\s+another|also\s+on|a\s+day\s+earlier|the\s+previous\s+day|in\s+a\s+separate|"
    r"similarly|in\s+other\s+(?:incidents|attacks|developments)|on\s+the\s+same\s+day|"
    r"later\s+(?:that|the\s+same)\s+day|hours\s+(?:later|earlier)|earlier\s+(?:on\s+)?"
    r"(?:in\s+the\s+day|today|on\s+\w+day|this\s+week))\b", re.I)
COMES_AFTER_RE = re.compile(
    rf"\b(?:comes?|came|coming|follows?|followed|took\s+place|happened|occurred)\s+"
    rf"(?:(?:just|only|barely|nearly|almost|about|some|less\s+than|more\s+than)\s+)?"
    rf"(?P<n>\d+|{'|'.join([*UNITS, *TENS, 'a', 'an', 'two'])})\s+"
    rf"(?P<unit>days?|weeks?|months?|years?)\s+(?:after|since)\b", re.I)
BACKGROUND_RE = re.compile(
    r"\b(?:recall(?:ed|s|ing)?|reminiscent\s+of|anniversary|last\s+year's|previous\s+attack|"
    r"earlier\s+attack|in\s+the\s+past|a\s+similar\s+attack|similar\s+attack\s+in|"
    r"the\s+latest\s+in\s+a\s+(?:series|string|spate|wave))\b", re.I)
NAMED_ATTACK_AFTER = frozenset([
    "attack", "attacks", "bombing", "bombings", "blast", "blasts", "massacre", "incident",
    "tragedy", "carnage", "assault", "siege", "suicide",
])
INSTITUTION_AFTER = frozenset([
    "government", "govt", "police", "chief", "governor", "assembly", "cabinet", "caretaker",
    "home", "secretariat", "levies", "rangers", "ctd", "administration", "minister", "ministers",
    "department", "authorities", "officials", "official", "spokesman", "spokesperson", "division",
    "inspector", "commissioner", "ig", "igp", "dig", "dpo", "sho", "chapter", "branch",
])
PREMISES = frozenset(["lines", "station", "post", "headquarters", "training", "check", "checkpost",
                      "compound", "office", "camp", "complex"])
ORG_AFTER = frozenset([
    "dam", "project", "projects", "hydropower", "road", "highway", "motorway", "hospital",
    "university", "college", "school", "express", "police", "government", "chief", "governor",
    "assembly", "court", "high", "press", "club", "home", "department", "secretariat",
    "cantonment", "board", "museum", "stadium", "airport", "corps", "scouts", "rifles", "levies",
    "rangers", "jirga", "council", "chamber", "corridor", "shura", "valley's", "sikh",
])
AWAY_BEFORE_RE = re.compile(
    r"(?:shifted|taken|rushed|moved|referred|transported|brought|airlifted|evacuated|flown)\s+"
    r"(?:to\s+)?(?:\w+\s+){0,5}?(?:to|in|at)\s+$|(?:\bfrom|based\s+in|"
    r"hideouts?\s+in|sanctuar(?:y|ies)\s+in|havens?\s+in|operating\s+from|crossed\s+(?:over\s+)?"
    r"from|infiltrat\w+\s+from|sheltering\s+in|soil\s+of|neighbouring|neighboring|"
    r"embassy\s+in|visited|visit\s+to|travelled\s+to|traveled\s+to|talks\s+in|meeting\s+in)"
    r"\s+(?:the\s+)?$")
ANNIVERSARY_RE = re.compile(r"\b(?:anniversary|mark(?:ed|ing|s)?\s+\w+\s+years?\s+since|"
                            r"years?\s+(?:since|after)\s+the|commemorat\w+|remember(?:ed|ing)?\s+"
                            r"the\s+victims)\b")
WIRE_DATELINE_RE = re.compile(r"^[A-Z][A-Za-z0-9 .',/-]{2,60}?(?:\((?:Reuters|AP|AFP|Pajhwok|APP|"
                              r"Xinhua|IANS|PTI|dpa|Anadolu)\)\s*)?[-:]\s")
REPORTING_RE = re.compile(r"\b(?:said|says|told|announced|reported|added|confirmed|stated|"
                          r"quoted|reporters|statement)\s+(?:\w+\s+)?$")
SUMMARY_RE = re.compile(
    r"\b(?:two|three|four|five|six|several|multiple|separate|coordinated|twin|a\s+series\s+of|"
    r"a\s+wave\s+of|a\s+spate\s+of)\s+(?:\w+\s+){0,2}?(?:attacks|bombings|blasts|explosions|"
    r"mosques|incidents|assaults|ambushes)\b|\b(?:bombings|attacks|blasts|explosions)\s+(?:kill|"
    r"leave|claim|hit|rock|jolt)", re.I)
HEADLINE_ENDS = (".", "!", "?", '"', ")", ":")


@dataclass
class SentenceInfo:
    """One sentence, read. Places are found on first use: most sentences of an article are
    never looked at for places (only those of an attack and the few after it are)."""

    sentence: Sentence
    original: str
    groups: list[GroupMention]
    dates: list[DateMention]
    tolls: list[TollMention]
    claims: list[Claim]
    attack: re.Match[str] | None
    seed: bool
    reference: bool  # names an attack by its place ("the Bisham attack") without reporting it
    summary: bool  # speaks of several attacks at once ("militants killed 38 in coordinated attacks")
    benign: bool  # an accident, a crime, a heart attack: no terrorism
    state: bool
    separator: bool
    comes_after: re.Match[str] | None
    background_cue: bool
    toks: list[Token] | None = None
    named_attack_places: list[PlaceMention] = field(default_factory=list)
    _places: list[PlaceMention] | None = None
    _weights: dict[int, float] | None = None

    @property
    def places(self) -> list[PlaceMention]:
        if self._places is None:
            text = self.sentence.text
            toks = self.toks if self.toks is not None else tokens(text)
            self._places = [p for p in gazetteer().find(toks, text, self.sentence.start)
                            if not any(g.start < p.end and p.start < g.end for g in self.groups)]
        return self._places

    @property
    def place_weights(self) -> dict[int, float]:
        """Mention index → how much it says about where the attack happened."""
        if self._weights is None:
            text = self.sentence.text
            headline = (self.sentence.index <= 3 and len(text) < 150
                        and not text.endswith(HEADLINE_ENDS))
            self._weights = {i: _place_weight(p, text, self.sentence.start)
                             * (0.6 if headline else 1) for i, p in enumerate(self.places)}
        return self._weights

    @property
    def victim_tolls(self) -> list[TollMention]:
        return [t for t in self.tolls if t.kind in ("killed", "injured")]

    @property
    def specific(self) -> bool:
        """Speaks of one attack ("the blast", "the attack on Tuesday"), not of attacks at large."""
        return SINGULAR_ATTACK_RE.search(self.sentence.text.lower()) is not None


WORDS_RE = re.compile(r"[a-z0-9]+")


def read_sentence(sentence: Sentence, original: str, published: date | None) -> SentenceInfo:
    """Everything the extractor needs from one sentence. Patterns that only matter around an
    attack run only when the sentence speaks of one, which keeps most sentences cheap."""
    text = sentence.text
    lowered = text.lower()
    words = set(WORDS_RE.findall(lowered))
    wanted = CASUALTY_WORD_RE.search(lowered) is not None or may_name_a_group(text)
    local_toks = tokens(text) if wanted else None
    groups = mentions(text, local_toks, sentence.start) if local_toks else []
    found_tolls = tolls(text, sentence.start, local_toks) if local_toks else []
    attack = None if ATTACK_WORDS.isdisjoint(words) else ATTACK_RE.search(lowered)
    violent = attack is not None or bool(found_tolls)
    info = SentenceInfo(
        sentence=sentence, original=original, groups=groups,
        dates=_event_dates(text, sentence, lowered, published) if violent or groups else [],
        tolls=found_tolls,
        claims=claims_mod.find_claims(text, sentence.start, original),
        attack=attack, seed=False, reference=False,
        summary=violent and not PLURAL_ATTACKS.isdisjoint(words)
        and SUMMARY_RE.search(text) is not None,
        benign=violent and not BENIGN_WORDS.isdisjoint(words)
        and NOT_TERROR_RE.search(lowered) is not None,
        state=violent and _is_state(lowered),
        separator=SEPARATOR_RE.match(text) is not None,
        comes_after=COMES_AFTER_RE.search(text) if violent else None,
        background_cue=violent and not BACKGROUND_WORDS.isdisjoint(words)
        and BACKGROUND_RE.search(text) is not None,
        toks=local_toks)
    if not violent:
        return info
    info.named_attack_places = [p for p in info.places if _named_attack(p, text, sentence.start)]
    info.seed = _is_seed(info, lowered) and not _attribution_only(info)
    info.reference = info.seed and not info.victim_tolls and (
        (bool(info.named_attack_places) and PAST_ATTACK_RE.search(lowered) is None)
        or ANNIVERSARY_RE.search(lowered) is not None)
    return info


def _event_dates(text: str, sentence: Sentence, lowered: str, published: date | None
                 ) -> list[DateMention]:
    """Dates the sentence gives events: not the reporting date ("police said on Monday") nor a
    wire dateline's ("ISLAMABAD, March 12 (Reuters) -")."""
    dateline = WIRE_DATELINE_RE.match(text) if sentence.index <= 4 else None
    limit = dateline.end() if dateline else 0
    out = []
    for mention in find_dates(text, sentence.start, published):
        local = mention.start - sentence.start
        if local < limit or REPORTING_RE.search(lowered[max(0, local - 25):local]):
            continue
        out.append(mention)
    return out


def _is_state(lowered: str) -> bool:
    return bool(STATE_RE.search(lowered)) and not MILITANT_INITIATED_RE.search(lowered)


def _is_seed(info: SentenceInfo, lowered: str) -> bool:
    if info.attack is None and not (info.victim_tolls and _militant_words(lowered)):
        return False
    if info.state or info.benign:
        return False
    victims = [t for t in info.victim_tolls if not t.subset]
    if FOILED_RE.search(lowered) and not victims:
        return False
    if not victims and any(t.kind == "perpetrators_killed" for t in info.tolls) \
            and not MILITANT_INITIATED_RE.search(lowered):
        return False  # only militants killed: what the forces did, not an attack
    day = any(d.precision == "day" for d in info.dates)
    if info.claims and not (day and SINGULAR_ATTACK_RE.search(lowered)):
        return False
    if victims and info.attack is not None:
        return True
    if victims and _militant_words(lowered):
        return True
    if HYPOTHETICAL_RE.search(lowered) and not victims:
        return False
    specific_place = any(p.rank >= 2 or (p.rank == 1 and info.place_weights.get(i, 0) >= 1)
                         for i, p in enumerate(_best_candidates(info.places)))
    singular = SINGULAR_ATTACK_RE.search(lowered) is not None
    return singular and info.attack is not None and (specific_place or day)


def _attribution_only(info: SentenceInfo) -> bool:
    """'X claimed responsibility for the attack': who did it, not another attack (unless the
    sentence dates the attack it names: 'after the Gwadar complex was attacked on March 20')."""
    return (not info.victim_tolls and any(g.basis in ("claimed", "denied") for g in info.groups)
            and not any(d.precision == "day" for d in info.dates))


def _militant_words(lowered: str) -> bool:
    return re.search(r"\b(?:militants?|terrorists?|gunm[ae]n|bombers?|insurgents?|attackers?|"
                     r"khawarij|khwarij|suicide|blast|bomb\w*|explosion|fighters|armed\s+men)\b",
                     lowered) is not None


def _best_candidates(places: list[PlaceMention]) -> list[Place]:
    return [max(p.candidates, key=lambda c: c.rank) for p in places]


def _place_weight(mention: PlaceMention, text: str, offset: int) -> float:
    """How much a place mention says about where the attack happened."""
    start, end = mention.start - offset, mention.end - offset
    before = text[max(0, start - 60):start].lower()
    words = [w.strip(",.;:'\"()") for w in re.split(r"[\s-]+", text[end:end + 40]) if w][:3]
    if words[:1] == ["s"]:
        words = words[1:]
    if AWAY_BEFORE_RE.search(before):
        return 0.2
    if any(w.lower() in ORG_AFTER and w[:1].isupper() for w in words[:2]):
        return 0.25  # part of a name: "Dasu Dam", "Peshawar High Court", "Quetta Press Club"
    if words[:1] and words[0].lower() in INSTITUTION_AFTER and not (
            len(words) > 1 and words[1].lower() in PREMISES):
        return 0.25  # an institution, not a scene: "Khyber Pakhtunkhwa police said"
    if words[:1] and words[0].lower() in ("road", "highway", "bypass", "motorway", "chowk"):
        return 0.5  # a road named after a town runs far from it
    if mention.text.isupper() and start < 3:
        return 0.4  # a dateline: where the story was filed
    if mention.inner:
        return 1.6  # "Karachi's Orangi Town": the part, named inside the whole
    return 1.5 if mention.cued else 1.0


def _named_attack(mention: PlaceMention, text: str, offset: int) -> bool:
    """'the Bisham attack', 'the Peshawar school massacre': an attack named by its place."""
    words = text[mention.end - offset:mention.end - offset + 40].lower().split()[:3]
    return any(w.strip(",.;:'\"()") in NAMED_ATTACK_AFTER for w in words[:2]) or (
        len(words) >= 3 and words[1] in {"school", "mosque", "market", "church", "shrine"}
        and words[2].strip(",.;:") in NAMED_ATTACK_AFTER)

