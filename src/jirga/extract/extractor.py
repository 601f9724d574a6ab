"""Document text → candidate incidents and statistical claims, every value with its evidence.

`extract(text, published)` is the one entry point: the CLI's `jirga extract`, the ingest
pipeline and the evaluation all call it, so they all see the same results.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from jirga.extract import kinds
from jirga.extract.dates import DateMention
from jirga.extract.events import Event, _same_time, group_events, perpetrators
from jirga.extract.gazetteer import COUNTRY_NAMES, Place, PlaceMention
from jirga.extract.model import Candidate, Evidence, Extraction
from jirga.extract.reading import SentenceInfo, read_sentence
from jirga.extract.text import fold, sentences
from jirga.extract.tolls import TollMention

NO_CASUALTY_RE = re.compile(
    r"\bno\s+(?:casualties|loss\s+of\s+(?:life|lives)|one\s+was\s+(?:killed|hurt|injured|harmed)|"
    r"deaths|injuries|fatalities)\b|\bescaped\s+unhurt|\bwithout\s+(?:any\s+)?casualties", re.I)
TARGETED_RE = re.compile(r"\b(?:shot\s+dead|gunned\s+down|target(?:ed)?\s+killing|assassinat\w+|"
                         r"shot\s+and\s+killed)\b", re.I)
PHRASE_END_RE = re.compile(r"\s(?:were|was|have|had|has|are|is|injured|wounded|killed|martyred|"
                           r"hurt|died|when|after|as|in|at|on|and|near|outside|inside|from|by|"
                           r"with|while|during)\s|[,;.]")
ATTACKERS_RE = re.compile(r"\b(?:militants|gunmen|attackers|terrorists|assailants|insurgents|"
                          r"khawarij|khwarij)\b", re.I)
BASIS_CONFIDENCE = {"claimed": 0.85, "attributed": 0.75, "suspected": 0.5, "denied": 0.8}


VETO_RE = re.compile(
    r"\brul(?:ed|es|ing)\s+out\s+(?:a\s+|any\s+)?(?:terror|terrorist|sabotage)|\bno\s+evidence\s+of\s+"
    r"(?:a\s+|any\s+)?(?:terror|terrorist|sabotage)|\bnot\s+(?:a\s+)?terror(?:ist)?\s+attack|"
    r"\bshort\s+circuit|\bwas\s+(?:an\s+)?accident(?:al)?\b", re.I)


def extract(text: str, published: date | None = None) -> Extraction:
    """Candidate incidents and claims in `text`; relative dates resolve against `published`."""
    folded = fold(text)
    infos = [read_sentence(s, text[s.start:s.end], published) for s in sentences(folded)]
    events = [e for e in group_events(infos, published) if not _vetoed(e)]
    built: list[Candidate] = []
    main: Candidate | None = None
    for event in events:
        candidate = _build(event, infos, published, _main_date(main))
        if candidate is None:
            continue
        if main is None and not candidate.background and candidate.date:
            main = candidate
        elif main is not None:
            _relate_to_main(candidate, event, main)
        built.append(candidate)
    claims = [c for info in infos for c in info.claims]
    return Extraction(_merge(built), claims)


def _vetoed(event: Event) -> bool:
    """Officials' finding that it was no attack ("a short circuit", "ruled out terrorism")."""
    return any(VETO_RE.search(info.sentence.text) for info in event.sentences)


def _main_date(main: Candidate | None) -> date | None:
    return date.fromisoformat(main.date) if main is not None and main.date else None


def _relate_to_main(candidate: Candidate, event: Event, main: Candidate) -> None:
    """Another attack of the same report: without a date of its own it shares the main one's
    ("In a separate attack in Kalat…"); dated well before it, it is background."""
    main_day = date.fromisoformat(main.date) if main.date else None
    if main_day is None:
        return
    if event.date is None and event.anchor_days is None and not candidate.background:
        candidate.date, candidate.date_precision = main.date, main.date_precision
        for evidence in candidate.evidence:
            if evidence.field == "date":
                candidate.evidence.remove(evidence)
                break
        candidate.evidence.append(Evidence("date", main.date, 0, 0, "the date of the main "
                                           "attack this report describes", 0.6))
        return
    if candidate.date and candidate.date_precision == "day" and \
            (main_day - date.fromisoformat(candidate.date)).days > 1:
        candidate.background = True


@dataclass
class _Builder:
    event: Event
    infos: list[SentenceInfo]
    published: date | None
    candidate: Candidate

    def evidence(self, name: str, value: object, start: int, end: int, info: SentenceInfo,
                 confidence: float) -> None:
        self.candidate.evidence.append(Evidence(name, value, start, end, info.original,
                                                confidence))


def _build(event: Event, infos: list[SentenceInfo], published: date | None,
           main_date: date | None) -> Candidate | None:
    b = _Builder(event, infos, published, Candidate(background=event.background))
    _date(b, main_date)
    _place(b)
    _tolls(b)
    _perpetrators(b)
    _kinds(b)
    c = b.candidate
    if c.killed is None and c.injured is None and c.place is None and c.admin1 is None \
            and not c.perpetrators:
        return None
    c.confidence = _confidence(c)
    return c


# -- date --------------------------------------------------------------------------------------

def _date(b: _Builder, main_date: date | None) -> None:
    event = b.event
    mention = event.date
    info = _holder(event, mention)
    if event.anchor_days is not None:
        anchor = main_date or b.published
        if anchor is not None:
            value = anchor - timedelta(days=event.anchor_days)
            precision = "day" if event.anchor_days < 7 else "month"
            if precision == "month":
                value = value.replace(day=1)
            _set_date(b, value, precision, event.seeds[0], event.seeds[0].comes_after, 0.6)
        return
    if mention is not None and info is not None:
        value = mention.value
        if mention.ago_days is not None and main_date is not None:
            value = main_date - timedelta(days=mention.ago_days)
        confidence = 0.95 if not mention.relative else 0.85
        if mention.precision != "day":
            confidence = 0.7
        b.candidate.date, b.candidate.date_precision = value.isoformat(), mention.precision
        b.evidence("date", value.isoformat(), mention.start, mention.end, info, confidence)
        return
    lead = _attached_date(event)
    if lead is not None:
        mention, info = lead
        b.candidate.date, b.candidate.date_precision = mention.value.isoformat(), mention.precision
        b.evidence("date", mention.value.isoformat(), mention.start, mention.end, info, 0.75)
        return
    if b.published is not None and not event.background:
        first = event.seeds[0]
        b.candidate.date, b.candidate.date_precision = b.published.isoformat(), "day"
        b.evidence("date", b.published.isoformat(), first.sentence.start, first.sentence.start,
                   first, 0.4)


def _attached_date(event: Event) -> tuple[DateMention, SentenceInfo] | None:
    """A day named in a sentence that introduces or describes the event without reporting a
    toll ("On the night of 21/22 June 2024, khwarij attempted to attack a post")."""
    for info in event.attached:
        if info.attack is None or info in event.references:
            continue
        for mention in info.dates:
            if mention.precision == "day":
                return mention, info
    return None


def _set_date(b: _Builder, value: date, precision: str, info: SentenceInfo,
              cue: re.Match[str] | None, confidence: float) -> None:
    b.candidate.date, b.candidate.date_precision = value.isoformat(), precision
    start = info.sentence.start + (cue.start() if cue else 0)
    end = info.sentence.start + (cue.end() if cue else 0)
    b.evidence("date", value.isoformat(), start, end, info, confidence)


def _holder(event: Event, mention: DateMention | None) -> SentenceInfo | None:
    if mention is None:
        return None
    for info in event.sentences:
        if info.sentence.start <= mention.start < info.sentence.end:
            return info
    return None


# -- place -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Weighted:
    mention: PlaceMention
    weight: float
    info: SentenceInfo


def _place_mentions(b: _Builder) -> list[_Weighted]:
    event = b.event
    out: list[_Weighted] = []
    for info in event.seeds:
        for i, mention in enumerate(info.places):
            if event.split_places is not None and i not in event.split_places:
                continue
            out.append(_Weighted(mention, info.place_weights.get(i, 1.0), info))
    for info in event.attached:
        share = 0.8 if info.attack is not None else 0.4
        for i, mention in enumerate(info.places):
            named = mention in info.named_attack_places or info in event.references
            weight = info.place_weights.get(i, 1)
            out.append(_Weighted(mention, min(weight, 1.0) if named else share * weight, info))
    if not any(w.weight >= 1 and w.mention.candidates[0].rank >= 2 for w in out):
        out.extend(_named_hints(b))
    return out


def _named_hints(b: _Builder) -> list[_Weighted]:
    """Places of attacks named elsewhere ('the Bisham attack'), nearest to the event first."""
    first = b.event.seeds[0].sentence.index
    named = [(abs(info.sentence.index - first), info, m) for info in b.infos
             for m in info.named_attack_places]
    if not named:
        return []
    named.sort(key=lambda n: n[0])
    return [_Weighted(named[0][2], 0.9, named[0][1])]


def _place(b: _Builder) -> None:
    weighted = [w for w in _place_mentions(b) if w.weight >= 0.3]
    if not weighted:
        return
    admin1 = _best_admin1(weighted)
    chosen = _most_specific(weighted, admin1)
    if chosen is None:
        country = _best_country(weighted)
        if country is None:
            return
        b.candidate.country, b.candidate.country_code = COUNTRY_NAMES.get(country), country
        return
    place, source = chosen
    c = b.candidate
    c.country, c.country_code = COUNTRY_NAMES.get(place.country), place.country
    c.admin1, c.admin1_code = place.admin1_name, place.admin1
    c.district = place.district or _district(weighted, place)
    c.place = place.name if place.kind == "place" else None
    c.latitude, c.longitude = place.latitude, place.longitude
    confidence = min(0.95, 0.5 + 0.3 * source.weight) if source.weight >= 1 else 0.55
    m = source.mention
    value = ", ".join(dict.fromkeys(v for v in (c.place, c.district, c.admin1) if v))
    b.evidence("place", value, m.start, m.end, source.info, confidence)


def _best_admin1(weighted: list[_Weighted]) -> str | None:
    support: dict[str, float] = {}
    for w in weighted:
        codes = {c.admin1 for c in w.mention.candidates if c.admin1}
        for code in codes:
            support[code] = support.get(code, 0) + w.weight / len(codes)
    if not support:
        return None
    return max(support.items(), key=lambda kv: kv[1])[0]


def _best_country(weighted: list[_Weighted]) -> str | None:
    support: dict[str, float] = {}
    for w in weighted:
        for code in {c.country for c in w.mention.candidates}:
            support[code] = support.get(code, 0) + w.weight
    return max(support.items(), key=lambda kv: kv[1])[0] if support else None


def _most_specific(weighted: list[_Weighted], admin1: str | None
                   ) -> tuple[Place, _Weighted] | None:
    if admin1 is None:
        return None
    best: tuple[tuple[float, ...], Place, _Weighted] | None = None
    for w in weighted:
        for c in w.mention.candidates:
            if c.admin1 != admin1:
                continue
            key = (min(w.weight, 1.0), c.rank, w.weight, -w.info.sentence.index, c.population)
            if best is None or key > best[0]:
                best = (key, c, w)
    return None if best is None else (best[1], best[2])


def _district(weighted: list[_Weighted], place: Place) -> str | None:
    for w in weighted:
        for c in w.mention.candidates:
            if c.kind == "district" and c.admin1 == place.admin1:
                return c.district
    return None


# -- tolls -------------------------------------------------------------------------------------

def _tolls(b: _Builder) -> None:
    mentions = _toll_mentions(b)
    for kind in ("killed", "injured", "perpetrators_killed"):
        chosen = _choose(m for m in mentions if m[0].kind == kind)
        if chosen is None:
            continue
        toll, info = chosen
        value = {"low": toll.value, "best": toll.value, "high": toll.value}
        setattr(b.candidate, kind, value)
        confidence = 0.5 if toll.vague else (0.9 if not toll.subset else 0.6)
        b.evidence(kind, toll.value, toll.start, toll.end, info, confidence)
    _no_casualties(b)


def _toll_mentions(b: _Builder) -> list[tuple[TollMention, SentenceInfo]]:
    """The event's casualty figures: its own sentences first; figures in sentences attached to
    it ("221 people were injured, hospital officials said") where its own give none."""
    event = b.event
    if event.split_tolls is not None:
        return [(t, event.seeds[0]) for t in event.split_tolls]
    own = [(t, info) for info in event.seeds if not info.summary for t in _usable(info)]
    kinds_seen = {t.kind for t, _ in own}
    for info in event.attached:
        for t in _usable(info):
            if t.update or t.additional or t.kind not in kinds_seen or info.attack is not None:
                own.append((t, info))
    kinds_seen = {t.kind for t, _ in own}
    claimed = [(t, info) for info in event.sentences for t in info.tolls
               if t.kind not in kinds_seen and t not in _usable(info)]
    return own + claimed  # a group's own count only where nobody else gives one


def _usable(info: SentenceInfo) -> list[TollMention]:
    """Tolls of a sentence, leaving out a group's own count ("the BLA said 90 soldiers had
    been killed"): groups' figures are claims, not tolls."""
    claimants = [g.end for g in info.groups if g.basis == "claimed"]
    if not claimants:
        return list(info.tolls)
    lowered = info.sentence.text.lower()
    out = []
    for t in info.tolls:
        local = t.start - info.sentence.start
        if any(end <= t.start and re.search(r"\b(?:said|says|claimed|claims)\b",
                                             lowered[end - info.sentence.start:local])
               for end in claimants):
            continue
        out.append(t)
    return out


def _choose(mentions: Iterable[tuple[TollMention, SentenceInfo]]
            ) -> tuple[TollMention, SentenceInfo] | None:
    """The figure for one kind: the largest total (a sentence naming several groups of victims
    counts their sum; "the toll rose to" counts as a total), plus victims "also" killed."""
    items = list(mentions)
    if not items:
        return None
    base = [m for m in items if not m[0].additional]
    totals = _sentence_totals([m for m in base if not m[0].subset] or base)
    extra = sum(m[0].value for m in items if m[0].additional)
    if not totals:
        toll, info = items[0]
        return replace(toll, value=extra, additional=False), info
    toll, info = max(totals, key=lambda m: (not m[0].vague, m[0].value))
    return (replace(toll, value=toll.value + extra) if extra else toll), info


def _sentence_totals(items: list[tuple[TollMention, SentenceInfo]]
                     ) -> list[tuple[TollMention, SentenceInfo]]:
    """Figures of one sentence that count different victims ("two embassy staff were killed
    and four Afghans died") are added; updates stand alone."""
    by_sentence: dict[int, list[tuple[TollMention, SentenceInfo]]] = {}
    out = []
    for m in items:
        if m[0].update or m[0].subset:
            out.append(m)
        else:
            by_sentence.setdefault(m[1].sentence.index, []).append(m)
    for group in by_sentence.values():
        group = [g for g in group if not _relative(g[1], g[0])] or group
        if len(group) == 1 or len({g[0].text.lower() for g in group}) < len(group) \
                or any(g[0].value == 1 for g in group):
            out.extend(group)
            continue
        toll, info = group[0]
        out.append((replace(toll, value=sum(g[0].value for g in group)), info))
    return out


def _no_casualties(b: _Builder) -> None:
    for info in b.event.sentences:
        m = NO_CASUALTY_RE.search(info.sentence.text)
        if m is None:
            continue
        text = m.group().lower()
        start, end = info.sentence.start + m.start(), info.sentence.start + m.end()
        if b.candidate.killed is None and "injur" not in text:
            b.candidate.killed = {"low": 0, "best": 0, "high": 0}  # nobody hurt: nobody killed
            b.evidence("killed", 0, start, end, info, 0.8)
        if b.candidate.injured is None and ("casualt" in text or "injur" in text
                                            or "hurt" in text or "harm" in text):
            b.candidate.injured = {"low": 0, "best": 0, "high": 0}
            b.evidence("injured", 0, start, end, info, 0.8)


# -- perpetrators, attack and target types ---------------------------------------------------------

def _perpetrators(b: _Builder) -> None:
    for name, basis, mention, info in perpetrators(b.event, b.candidate.country_code):
        b.candidate.perpetrators.append({"name": name, "basis": basis})
        b.evidence("perpetrator", name, mention.start, mention.end, info,
                   BASIS_CONFIDENCE[basis])


def _kinds(b: _Builder) -> None:
    infos = [i for i in b.event.sentences if i in b.event.seeds or (i.attack is not None
                                                                    and i.specific)
             or any(g.basis == "claimed" for g in i.groups)]
    texts = [i.sentence.text for i in infos]
    found = kinds.attack_types(texts)
    if not found and b.candidate.killed and any(ATTACKERS_RE.search(t) for t in texts):
        found = [(kinds.Kind("armed-assault", 0, 0, ""), 0)]  # militants killed, no weapon named
    if found:
        kind, index = _choose_attack(found, b.candidate, texts)
        info = infos[index]
        start = info.sentence.start + kind.start
        b.candidate.attack_type = kind.value
        b.evidence("attack_type", kind.value, start, start + len(kind.text), info,
                   0.8 if kind.value not in ("armed-assault", "other") else 0.65)
    index = {id(i): k for k, i in enumerate(infos)}
    mentions = [(t, i) for t, i in _toll_mentions(b) if t.kind in ("killed", "injured")
                and not t.update and id(i) in index and not _relative(i, t)]
    killed = [m for m in mentions if m[0].kind == "killed"]
    mentions = killed or mentions  # who was killed says more than who was hurt
    largest = max((t.value for t, _ in mentions), default=0)
    victims = [(_phrase(i, t), index[id(i)]) for t, i in mentions
               if t.value >= 0.3 * largest]  # one guard among 56 dead is not the target
    for kind, index in kinds.target_types(texts, victims):
        info = infos[index]
        b.candidate.target_types.append(kind.value)
        b.evidence("target_type", kind.value, info.sentence.start, info.sentence.end, info, 0.7)
    if b.candidate.attack_type == "hijacking" and "transport" in b.candidate.target_types:
        b.candidate.target_types.remove("transport")  # a hijacking's target is the vehicle
        b.candidate.target_types.insert(0, "transport")
    if "civilians" in b.candidate.target_types and len(b.candidate.target_types) > 1:
        b.candidate.target_types.remove("civilians")
        b.candidate.target_types.append("civilians")


def _relative(info: SentenceInfo, toll: TollMention) -> bool:
    """'a memorial for the deputy governor who was killed two days earlier': a figure in a
    relative clause speaks of someone else's death."""
    after = info.sentence.text[toll.end - info.sentence.start:][:30].lower()
    return re.match(r"^,?\s*(?:who|which|that)\s+(?:was|were|had\s+been)\b", after) is not None


def _phrase(info: SentenceInfo, toll: TollMention) -> str:
    """Who a figure counts, with the words after it up to its verb ('two members of the Islamic
    Emirate's security forces')."""
    rest = info.sentence.text[toll.end - info.sentence.start:][:70]
    cut = PHRASE_END_RE.search(rest)
    return toll.text + (rest[:cut.start()] if cut else rest)


def _choose_attack(found: list[tuple[kinds.Kind, int]], c: Candidate, texts: list[str]
                   ) -> tuple[kinds.Kind, int]:
    kind, index = found[0]
    killed = (c.killed or {}).get("best")
    if kind.value in ("armed-assault", "targeted-killing"):
        targeted = any(TARGETED_RE.search(t) for t in texts)
        if targeted and (killed is None or killed <= 2):
            return next(((k, i) for k, i in found if k.value == "targeted-killing"),
                        (kinds.Kind("targeted-killing", kind.start, kind.end, kind.text), index))
        if kind.value == "targeted-killing" and killed is not None and killed > 2:
            return kinds.Kind("armed-assault", kind.start, kind.end, kind.text), index
    return kind, index


def _confidence(c: Candidate) -> float:
    score = 0.35
    score += 0.15 if c.killed is not None or c.injured is not None else 0
    score += 0.15 if c.district or c.place else (0.08 if c.admin1 else 0)
    score += 0.12 if c.date and any(e.field == "date" and e.confidence > 0.5
                                    for e in c.evidence) else 0
    score += 0.1 if c.attack_type else 0
    score += 0.08 if c.perpetrators else 0
    return round(min(score, 0.97) * (0.85 if c.background else 1.0), 2)


# -- duplicates --------------------------------------------------------------------------------

def _merge(candidates: list[Candidate]) -> list[Candidate]:
    """One attack reported twice in a text (a lead and a later recap) becomes one candidate."""
    out: list[Candidate] = []
    for c in candidates:
        twin = next((o for o in out if _same_attack(o, c)), None)
        if twin is None:
            out.append(c)
            continue
        _absorb(twin, c)
    return out


def _same_attack(a: Candidate, b: Candidate) -> bool:
    if a.background != b.background and not (a.date is None or b.date is None):
        return False
    if a.date and b.date:
        da, db = date.fromisoformat(a.date), date.fromisoformat(b.date)
        if not _same_time(_dm(da, a.date_precision), _dm(db, b.date_precision)):
            return False
    elif (a.killed is not None) and (b.killed is not None):
        return False
    places_a = (a.admin1_code, a.district, a.place)
    places_b = (b.admin1_code, b.district, b.place)
    if a.admin1_code and b.admin1_code and a.admin1_code != b.admin1_code:
        return False
    if a.district and b.district and a.district != b.district:
        return False
    del places_a, places_b
    ka, kb = (a.killed or {}).get("best"), (b.killed or {}).get("best")
    return ka is None or kb is None or ka == kb or bool(a.date and b.date)


def _dm(value: date, precision: str | None) -> DateMention:
    return DateMention(value, precision or "day", 0, 0, "", False)


def _absorb(into: Candidate, other: Candidate) -> None:
    if _date_confidence(other) > _date_confidence(into):
        into.date, into.date_precision = other.date, other.date_precision
    for name in ("date", "date_precision", "country", "country_code", "admin1", "admin1_code",
                 "district", "place", "latitude", "longitude", "killed", "injured",
                 "perpetrators_killed", "attack_type"):
        if getattr(into, name) is None and getattr(other, name) is not None:
            setattr(into, name, getattr(other, name))
    if (other.killed or {}).get("best", -1) > (into.killed or {}).get("best", -1):
        into.killed = other.killed
    if (other.injured or {}).get("best", -1) > (into.injured or {}).get("best", -1):
        into.injured = other.injured
    known = {p["name"] for p in into.perpetrators}
    into.perpetrators.extend(p for p in other.perpetrators if p["name"] not in known)
    into.target_types.extend(t for t in other.target_types if t not in into.target_types)
    into.evidence.extend(other.evidence)
    into.background = into.background and other.background
    into.confidence = max(into.confidence, other.confidence)


def _date_confidence(c: Candidate) -> float:
    return max((e.confidence for e in c.evidence if e.field == "date"), default=0.0)
