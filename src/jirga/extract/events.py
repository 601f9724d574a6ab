"""Sentences grouped into attacks, and each attack built into a candidate with its evidence.

A report usually opens with one attack and adds detail, attribution and updated tolls; it may
report several attacks ("In a separate incident…") and recall earlier ones as background ("The
attack comes two weeks after…", "In March, five Chinese engineers were killed…"). Sentences
that report an attack ("seeds", see `reading.py`) start a new event when they are introduced as
separate, carry a different date, or name an incompatible place with their own toll; other
sentences attach to the event they follow and lend it attribution, updated tolls and detail.
An event is background when the text introduces it as earlier or its date lies well before
publication.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from jirga.extract.dates import DateMention
from jirga.extract.groups import AFGHAN_TALIBAN, PAKISTANI_TALIBAN, GroupMention
from jirga.extract.reading import SentenceInfo
from jirga.extract.tolls import TollMention

BACKGROUND_DAYS = 10  # an attack this long before publication is background, not news
ATTACH_WINDOW = 8  # sentences after an event's last seed that may still speak of it


@dataclass
class Event:
    seeds: list[SentenceInfo]
    attached: list[SentenceInfo] = field(default_factory=list)
    background: bool = False
    anchor_days: int | None = None  # "comes N days after": N days before the main event
    split_tolls: list[TollMention] | None = None  # when one sentence reports two attacks
    split_places: list[int] | None = None  # indexes into the seed's places for this part
    date: DateMention | None = None
    last_index: int = 0
    references: list[SentenceInfo] = field(default_factory=list)

    @property
    def sentences(self) -> list[SentenceInfo]:
        return sorted([*self.seeds, *self.attached], key=lambda i: i.sentence.index)


ALL_ATTACKS_RE = re.compile(r"\b(?:both|all|the\s+(?:two|three|four|twin)|these|those|the)\s+"
                            r"(?:\w+\s+)?(?:attacks|bombings|blasts|killings|explosions)\b", re.I)
LEAD_IN = 2  # sentences before an event's first seed that may introduce it


def group_events(infos: list[SentenceInfo], published: date | None) -> list[Event]:
    """Group read sentences into events (attacks), in the order the text reports them."""
    _casualty_seeds(infos)
    events: list[Event] = []
    current: Event | None = None
    waiting: list[SentenceInfo] = []  # sentences that may introduce the next event
    references: list[SentenceInfo] = []
    for info in infos:
        if info.seed and info.reference:
            references.append(info)
            continue
        if info.seed:
            for event in _seed_events(info, current, events, published):
                if event is not current and event not in events:
                    first = info.sentence.index
                    event.attached.extend(w for w in waiting
                                          if first - w.sentence.index <= LEAD_IN)
                    events.append(event)
                current = event
            waiting = []
            continue
        if len(events) > 1 and ALL_ATTACKS_RE.search(info.sentence.text):
            for event in events:
                event.attached.append(info)
            continue
        target = _attach_target(info, events, current)
        if target is not None:
            target.attached.append(info)
        elif info.attack is not None and not info.state:
            waiting.append(info)
    for info in references:
        _reference(info, events)
    for event in events:
        event.background = event.background or _is_background(event, published)
    kept = [e for e in events if not _is_empty(e)]
    detailed = [e for e in kept if e.split_tolls is not None
                or not all(s.summary for s in e.seeds)]
    return detailed if detailed else kept  # a headline over several attacks is not another


def _casualty_seeds(infos: list[SentenceInfo]) -> None:
    """'Two soldiers embraced shahadat.' after 'khwarij attacked a post': casualties right after
    an attack is described report that attack."""
    for index, info in enumerate(infos):
        if info.seed or info.state or info.benign or info.claims or info.summary:
            continue
        if not [t for t in info.victim_tolls if not t.subset]:
            continue
        before = infos[max(0, index - 2):index]
        if any(b.attack is not None and not b.state and not b.benign for b in before):
            info.seed = True


def _reference(info: SentenceInfo, events: list[Event]) -> None:
    """'the Bisham attack', 'ten years since the attack': an attack named, not reported; it
    lends its place to the event it names (one without a place of its own, or in the same
    place) or stands as background."""
    named = [max(p.candidates, key=lambda c: c.rank) for p in info.named_attack_places
             or info.places]
    for event in sorted(events, key=lambda e: abs(e.seeds[0].sentence.index
                                                  - info.sentence.index)):
        places = [p for s in event.seeds for p in _strong_places(s) if p.rank >= 2]
        if not places or any(a.near(b) for a in named for b in places):
            event.attached.append(info)
            event.references.append(info)
            return
    events.append(Event([info], background=True, last_index=info.sentence.index))


def _seed_events(info: SentenceInfo, current: Event | None, events: list[Event],
                 published: date | None) -> list[Event]:
    """The event(s) this seed sentence belongs to: the current one, a new one, or two."""
    split = _split_sentence(info)
    if split:
        return split
    own_date = _seed_date(info)
    if info.comes_after is not None:
        return _comes_after(info, current, events)
    if current is not None and _place_conflict(info, current) and not info.separator:
        earlier = _compatible(info, events)
        if earlier is not None and (own_date is None or earlier.date is None
                                    or _same_time(own_date, earlier.date)):
            earlier.seeds.append(info)
            earlier.last_index = info.sentence.index
            return [earlier]
    if current is None or _starts_new(info, own_date, current):
        event = Event([info], date=own_date, last_index=info.sentence.index)
        event.background = info.background_cue and own_date is not None
        return [event]
    current.seeds.append(info)
    current.last_index = info.sentence.index
    if current.date is None and own_date is not None:
        current.date = own_date
    return [current]


def _starts_new(info: SentenceInfo, own_date: DateMention | None, current: Event) -> bool:
    if info.separator:
        return True
    if own_date is not None and current.date is not None and not _same_time(own_date,
                                                                            current.date):
        return True
    if info.sentence.index - current.last_index > ATTACH_WINDOW + 4:
        return True
    return bool(info.victim_tolls) and _place_conflict(info, current) and bool(
        _event_tolls(current))


def _compatible(info: SentenceInfo, events: list[Event]) -> Event | None:
    """The latest earlier event whose district or place contains or lies in this sentence's."""
    mine = [p for p in _strong_places(info) if p.rank >= 2]
    for event in reversed(events):
        theirs = [p for s in event.seeds for p in _strong_places(s) if p.rank >= 2]
        if theirs and any(a.near(b) for a in mine for b in theirs):
            return event
    return None


def _same_time(a: DateMention, b: DateMention) -> bool:
    if a.precision == "day" and b.precision == "day":
        return abs((a.value - b.value).days) <= 1
    if "year" in (a.precision, b.precision):
        return a.value.year == b.value.year
    return (a.value.year, a.value.month) == (b.value.year, b.value.month)


def _place_conflict(info: SentenceInfo, current: Event) -> bool:
    mine = _strong_places(info)
    theirs = [p for s in current.seeds for p in _strong_places(s)]
    if not mine or not theirs:
        return False
    return not any(a.near(b) for a in mine for b in theirs)


def _strong_places(info: SentenceInfo) -> list:
    return [max(p.candidates, key=lambda c: c.rank) for i, p in enumerate(info.places)
            if info.place_weights.get(i, 0) >= 1 and max(c.rank for c in p.candidates) >= 1]


def _event_tolls(event: Event) -> list[TollMention]:
    return [t for s in event.seeds for t in s.victim_tolls]


def _seed_date(info: SentenceInfo) -> DateMention | None:
    """The date the sentence gives its attack: the first dated expression near the attack."""
    if not info.dates:
        return None
    if info.attack is None:
        return info.dates[0]
    anchor = info.sentence.start + info.attack.start()
    return min(info.dates, key=lambda d: (d.precision != "day", abs(d.start - anchor)))


def _comes_after(info: SentenceInfo, current: Event | None, events: list[Event]) -> list[Event]:
    """'The attack comes two weeks after a bombing in X killed five': X is background."""
    cue = info.comes_after
    assert cue is not None
    split_at = info.sentence.start + cue.end()
    n = cue.group("n").lower()
    from jirga.extract.numbers import TENS, UNITS

    count = int(n) if n.isdigit() else {**UNITS, **TENS, "a": 1, "an": 1}.get(n, 1)
    unit = cue.group("unit").lower().rstrip("s")
    days = count * {"day": 1, "week": 7, "month": 30, "year": 365}[unit]
    background = Event([info], background=True, anchor_days=days,
                       split_tolls=[t for t in info.tolls if t.start >= split_at],
                       split_places=[i for i, p in enumerate(info.places) if p.start >= split_at],
                       last_index=info.sentence.index)
    out = [background]
    if current is not None:
        out.insert(0, current)
    return out


def _split_sentence(info: SentenceInfo) -> list[Event]:
    """'militants killed four soldiers in North Waziristan and two policemen in Lakki Marwat':
    two attacks in one sentence, each toll going with the place named after it."""
    killed = [t for t in info.tolls if t.kind == "killed" and not t.subset and not t.update]
    strong = [i for i, p in enumerate(info.places) if info.place_weights.get(i, 0) >= 1
              and max(c.rank for c in p.candidates) >= 2]
    if len(killed) < 2 or len(strong) < 2 or info.comes_after is not None:
        return []
    places = [max(info.places[i].candidates, key=lambda c: c.rank) for i in strong]
    if any(a.near(b) for k, a in enumerate(places) for b in places[k + 1:]):
        return []
    events = []
    for n, toll in enumerate(killed):
        after = [i for i in strong if info.places[i].start > toll.end]
        index = after[0] if after else strong[min(n, len(strong) - 1)]
        bound = killed[n + 1].start if n + 1 < len(killed) else info.sentence.end
        tolls = [t for t in info.tolls if toll.start <= t.start < bound]
        events.append(Event([info], split_tolls=tolls, split_places=[index],
                            date=_seed_date(info), last_index=info.sentence.index))
    return events


def _attach_target(info: SentenceInfo, events: list[Event], current: Event | None
                   ) -> Event | None:
    if current is None or info.state:
        return None
    if info.sentence.index - current.last_index > ATTACH_WINDOW:
        return None
    if info.dates and events:
        mine = info.dates[0]
        for event in reversed(events):
            if event.date is not None and _same_time(mine, event.date):
                return event
    if current.background:
        for event in reversed(events):
            if not event.background:
                return event
    return current


def _is_background(event: Event, published: date | None) -> bool:
    if event.anchor_days is not None:
        return True
    mention = event.date
    if mention is None or published is None:
        return False
    if mention.precision == "year":
        return mention.value.year < published.year or mention.relative
    if mention.precision == "month":
        return (mention.value.year, mention.value.month) < (published.year, published.month) \
            or (mention.relative and published.day > BACKGROUND_DAYS)
    return (published - mention.value).days > BACKGROUND_DAYS


def _is_empty(event: Event) -> bool:
    """A seed with nothing specific left after splitting (no toll, place, date or group)."""
    if event.split_tolls is not None:
        return not event.split_tolls and not event.split_places
    return False


# -- perpetrators ------------------------------------------------------------------------------

BASIS_RANK = {"claimed": 0, "attributed": 1, "suspected": 2, "denied": 3}


def perpetrators(event: Event, country: str | None) -> list[tuple[str, str, GroupMention,
                                                                  SentenceInfo]]:
    """(group, basis, mention, sentence) for each group the event's sentences tie to it."""
    found: dict[str, tuple[str, str, GroupMention, SentenceInfo]] = {}
    for info in event.sentences:
        attached = info not in event.seeds
        for mention in info.groups:
            if mention.role != "perpetrator" or mention.basis is None:
                continue
            if attached and not _speaks_of_attack(info, mention):
                continue
            name = _resolve_group(mention, country)
            previous = found.get(name)
            if previous is None or BASIS_RANK[mention.basis] < BASIS_RANK[previous[1]]:
                found[name] = (name, mention.basis, mention, info)
    ordered = sorted(found.values(), key=lambda f: (BASIS_RANK[f[1]], f[2].start))
    return ordered


def _speaks_of_attack(info: SentenceInfo, mention: GroupMention) -> bool:
    lowered = info.sentence.text.lower()
    return info.attack is not None or mention.basis in ("claimed", "denied") or any(
        w in lowered for w in ("responsib", "behind", "involvement"))


def _resolve_group(mention: GroupMention, country: str | None) -> str:
    """'the Taliban' in Pakistan are the Pakistani Taliban; in Afghanistan, the Afghan Taliban."""
    if mention.bare_taliban and country == "PK":
        return PAKISTANI_TALIBAN
    if mention.bare_taliban:
        return AFGHAN_TALIBAN
    return mention.group.name
