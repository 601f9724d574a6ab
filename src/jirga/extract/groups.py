"""Armed groups: the alias dictionary, mentions in text, and the basis a sentence gives.

`data/groups.json` holds each group's canonical name, the names news uses (any case), its
acronyms (exact case: "TTP", "IS-K", "LeJ") and the names governments use for it ("Fitna
al-Khawarij" for the TTP, "Fitna al-Hindustan" for Baloch groups; a mention of those is an
attribution by officials). The basis of a mention comes from the words around it: a claim, an
attribution by officials, a suspicion, or a denial, which is kept as a denial.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from jirga.extract.text import Token, fold, tokens

AFGHAN_TALIBAN = "Afghan Taliban"
PAKISTANI_TALIBAN = "Tehrik-i-Taliban Pakistan"
BARE_TALIBAN = frozenset({"taliban", "taleban"})
MAX_NAME_TOKENS = 9

# Words after a group name that make it the state or a speaker, not an attacker.
AUTHORITY_AFTER = frozenset([
    "government", "govt", "administration", "authorities", "authority", "regime", "interim",
    "officials", "official", "ministry", "minister", "ministers", "delegation", "forces", "police",
    "rule", "rulers", "takeover", "leadership", "led", "run", "cabinet", "embassy", "envoy",
    "envoys", "intelligence", "era", "security", "commission", "representatives",
])
ATTACKER_AFTER = frozenset([
    "militants", "militant", "fighters", "fighter", "terrorists", "terrorist", "gunmen", "gunman",
    "insurgents", "insurgent", "attackers", "attacker", "bomber", "bombers", "men", "commander",
    "commanders", "operatives", "cadres", "members", "suicide",
])

CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("denied", re.compile(
        r"\b(?:den(?:y|ied|ies|ying)|reject(?:ed|s)?|distanc(?:ed|es|ing)|disown(?:ed|s)?|"
        r"dissociat(?:ed|es)|refut(?:ed|es)|had nothing to do|not involved|no role|"
        r"no hand|no involvement|not behind|absolv)")),
    ("claimed", re.compile(
        r"\b(?:claim(?:ed|s|ing)?\s+(?:the\s+)?(?:responsibility|credit|the\s+\w+(?:\s+\w+)?\s*"
        r"(?:attack|bombing|blast|assault|killing|killings|ambush|raid|explosion|strike|"
        r"hijacking|abduction|kidnapping))|responsibility\s+(?:\w+\s+){0,5}?(?:was\s+|has\s+been\s+|"
        r"had\s+been\s+)?claimed|(?:accepted|took|owned|assumed)\s+(?:the\s+)?(?:responsibility|"
        r"credit)|owned\s+(?:up\s+to\s+)?the\s+(?:attack|bombing|blast)|claim(?:ed|ing)?\s+(?:that\s+)?"
        r"(?:it|its|their)\b|said\s+(?:that\s+)?(?:it|its\s+\w+)\s+(?:had\s+)?(?:carried|"
        r"conducted|launched|targeted|attacked|killed)|in\s+a\s+claim)")),
    ("attributed", re.compile(
        r"\b(?:blam(?:ed|es|ing|e)|attribut(?:ed|es|ing)|accus(?:ed|es|ing)|held\s+responsible|"
        r"(?:was|were|is|are|had\s+been)\s+behind|belong(?:ed|ing|s)?\s+to|affiliated|"
        r"(?:linked|tied|connected)\s+(?:to|with)|associated\s+with|carried\s+out\s+by|"
        r"perpetrated\s+by|orchestrated|masterminded|(?:planned|directed|executed)\s+by|"
        r"conducted|carried\s+out\s+(?:a|an|the)|(?:members|operatives|militants|terrorists|"
        r"fighters)\s+of|sponsored|backed|handlers|proxies|proxy|identified\s+(?:the\s+)?"
        r"(?:attackers|bomber|assailants|militants)|the\s+work\s+of)")),
    ("suspected", re.compile(
        r"\b(?:suspect(?:ed|s)?|suspicion|likely|probably|possibly|may\s+have|might\s+have|"
        r"could\s+have|believed\s+to|bore\s+(?:all\s+)?the\s+hallmarks|hallmarks?\s+of|"
        r"similar\s+attacks|presum(?:ed|ably)|thought\s+to|suspicions?|prime\s+suspect)")),
)
NO_CLAIM_RE = re.compile(r"\bno\s+(?:group|one|organi[sz]ation|militant\s+group|outfit)\b.{0,40}?"
                         r"\b(?:claim|responsibility)|\bnot\s+(?:yet\s+)?(?:been\s+)?claimed|"
                         r"\bunclaimed|\bwithout\s+(?:a\s+)?claim|\bhas\s+yet\s+to\s+claim")
CONDEMN_RE = re.compile(r"\bcondemn(?:ed|s|ing)?\b")


@dataclass(frozen=True, slots=True)
class Group:
    name: str
    names: tuple[str, ...]
    acronyms: tuple[str, ...]
    official_terms: tuple[str, ...]
    country: str

    @property
    def aliases(self) -> list[str]:
        """Every other name, for the STIX intrusion-set's `aliases`."""
        return [n for n in (*self.names, *self.acronyms, *self.official_terms) if n != self.name]


@dataclass(frozen=True, slots=True)
class GroupMention:
    start: int
    end: int
    text: str
    group: Group
    official: bool  # a government's name for the group
    bare_taliban: bool  # "the Taliban": Afghan or Pakistani by the place of the attack
    role: str  # perpetrator | authority | mention
    basis: str | None
    cue: str | None


class GroupDictionary:
    def __init__(self, groups: Sequence[Group]) -> None:
        self.groups = {g.name: g for g in groups}
        self._names: dict[tuple[str, ...], list[tuple[tuple[str, ...] | None, Group, bool]]] = {}
        for group in groups:
            for name in group.names:
                self._add(name, None, group, False)
            for name in group.official_terms:
                self._add(name, None, group, True)
            for name in group.acronyms:
                self._add(name, tuple(t.text for t in tokens(name)), group, False)
        self._first = {key[0] for key in self._names}

    def _add(self, name: str, exact: tuple[str, ...] | None, group: Group, official: bool) -> None:
        key = tuple(t.lower for t in tokens(fold(name)))
        if key:
            self._names.setdefault(key, []).append((exact, group, official))

    def find(self, toks: Sequence[Token], text: str) -> list[tuple[int, int, Group, bool]]:
        """(start, end, group, official) for every group named, longest names first."""
        out = []
        i, n = 0, len(toks)
        while i < n:
            hit = self._match_at(toks, i) if toks[i].lower in self._first else None
            if hit is None:
                i += 1
                continue
            length, group, official = hit
            out.append((toks[i].start, toks[i + length - 1].end, group, official))
            i += length
        return out

    def _match_at(self, toks: Sequence[Token], i: int) -> tuple[int, Group, bool] | None:
        for length in range(min(MAX_NAME_TOKENS, len(toks) - i), 0, -1):
            window = toks[i:i + length]
            entries = self._names.get(tuple(t.lower for t in window))
            if not entries or any(window[j + 1].start - window[j].end > 2
                                  for j in range(length - 1)):
                continue
            written = tuple(t.text for t in window)
            for exact, group, official in entries:
                if exact is None or exact == written:
                    return length, group, official
        return None


@lru_cache(maxsize=1)
def dictionary() -> GroupDictionary:
    source = resources.files("jirga.extract").joinpath("data/groups.json")
    data = json.loads(source.read_text(encoding="utf-8"))
    return GroupDictionary([
        Group(g["name"], tuple(g["names"]), tuple(g["acronyms"]), tuple(g["official_terms"]),
              g["country"]) for g in data["groups"]])


def canonical(name: str) -> Group | None:
    """The group a name, acronym or canonical name stands for (for `--set perpetrator=`)."""
    groups = dictionary()
    if name in groups.groups:
        return groups.groups[name]
    text = fold(name.strip())
    toks = tokens(text)
    found = groups.find(toks, text)
    if len(found) == 1 and found[0][0] == toks[0].start and found[0][1] == toks[-1].end:
        return found[0][2]
    return None


def mentions(text: str, toks: Sequence[Token], offset: int) -> list[GroupMention]:
    """Groups named in one sentence (folded `text`, its tokens, its place in the document),
    each with its role and basis there."""
    out = []
    lowered = text.lower()
    no_claim = NO_CLAIM_RE.search(lowered) is not None
    for start, end, group, official in dictionary().find(toks, text):
        bare = text[start:end].lower() in BARE_TALIBAN
        after = _word_after(toks, end)
        if after in AUTHORITY_AFTER or _is_authority(lowered, start, bare):
            role, basis, cue = "authority", None, None
        else:
            basis, cue = _basis(lowered, start, end, no_claim)
            if basis is None and official:
                basis, cue = "attributed", "official name"
            if basis is None and after in ATTACKER_AFTER:
                basis, cue = "attributed", f"{text[start:end]} {after}"
            role = "perpetrator" if basis else "mention"
            if basis == "denied" and bare:  # the Taliban authorities denying, not a group
                role, basis, cue = "authority", None, None
        out.append(GroupMention(start + offset, end + offset, text[start:end], group, official,
                                bare, role, basis, cue))
    return out


def _word_after(toks: Sequence[Token], end: int) -> str:
    for tok in toks:
        if tok.start >= end:
            return tok.lower
    return ""


def _is_authority(lowered: str, start: int, bare: bool) -> bool:
    """'the Taliban's interior ministry', 'Taliban-run', 'under the Taliban' name the state."""
    if not bare:
        return False
    before = lowered[max(0, start - 30):start]
    return bool(re.search(r"(?:under|by|of|since|with|to|and)\s+the\s+$|taliban\s+$|"
                          r"(?:afghanistan|kabul)'s\s+$", before))


def _basis(lowered: str, start: int, end: int, no_claim: bool) -> tuple[str | None, str | None]:
    """The cue nearest to the mention: after it (the group as subject) or before it."""
    best: tuple[int, str, str] | None = None
    for basis, pattern in CUES:
        if basis == "claimed" and no_claim:
            continue
        for m in pattern.finditer(lowered):
            if m.start() >= end:
                distance = m.start() - end
            elif m.end() <= start:
                distance = start - m.end() + 10  # a cue before the name binds less
            else:
                distance = 0
            limit = 90 if basis != "suspected" else 70
            if distance <= limit and (best is None or distance < best[0]):
                best = (distance, basis, m.group())
    if best is None:
        window = lowered[end:end + 60]
        if CONDEMN_RE.search(window):
            return "denied", "condemned the attack"
        return None, None
    return best[1], best[2]
