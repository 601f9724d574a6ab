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
from itertools import pairwise

from jirga.extract.text import WORD_RE, Token, fold, tokens

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

# Verbs right after a group's name that make it the attacker ("the BLA hijacked the train").
AGENT_VERBS = frozenset([
    "hijacked", "attacked", "stormed", "bombed", "ambushed", "killed", "kidnapped", "abducted",
    "targeted", "struck", "rammed", "carried", "conducted", "launched", "executed", "beheaded",
])

CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("denied", re.compile(
        r"\b(?:den(?:y|ied|ies|ying)|reject(?:ed|s)?|distanc(?:ed|es|ing)|disown(?:ed|s)?|"
        r"dissociat(?:ed|es)|refut(?:ed|es)|had nothing to do|not involved|no role|"
        r"no hand|no involvement|not behind|absolv)")),
    ("claimed", re.compile(
        r"\b(?:claim(?:ed|s|ing)?\s+(?:the\s+)?(?:responsibility|credit|(?:\w+\s+){0,2}?"
        r"(?:attacks?|bombings?|blasts?|assault|killings?|ambush|raid|explosions?|strike|"
        r"hijacking|abduction|kidnapping))|claimed\s+by|"
        r"responsibility\s+(?:\w+\s+){0,5}?(?:was\s+|has\s+been\s+|"
        r"had\s+been\s+)?claimed|(?:accepted|took|owned|assumed)\s+(?:the\s+)?(?:responsibility|"
        r"credit)|owned\s+(?:up\s+to\s+)?the\s+(?:attack|bombing|blast)|claim(?:ed|ing)?\s+(?:that\s+)?"
        r"(?:it|its|their)\b|said\s+(?:in\s+a\s+statement\s+)?(?:that\s+)?(?:it\s+|its\s+(?:\w+\s+){1,2})"
        r"(?:had\s+)?(?:carried|"
        r"conducted|launched|targeted|attacked|killed)|in\s+a\s+claim|said\s+(?:the\s+)?"
        r"(?:attack|massacre|bombing|killing|killings|assault)s?\s+(?:was|were)\s+(?:revenge|"
        r"retaliation|in\s+response|to\s+avenge))")),
    ("attributed", re.compile(
        r"\b(?:blam(?:ed|es|ing|e)|attribut(?:ed|es|ing)|accus(?:ed|es|ing)|held\s+responsible|"
        r"(?:was|were|is|are|had\s+been)\s+behind|belong(?:ed|ing|s)?\s+to|affiliated|"
        r"(?:linked|tied|connected)\s+(?:to|with)|associated\s+with|carried\s+out\s+by|"
        r"perpetrated\s+by|orchestrated|masterminded|(?:planned|directed|executed)\s+by|"
        r"conducted|carried\s+out\s+(?:a|an|the)|(?:members|operatives|militants|terrorists|"
        r"fighters|gunmen)\s+(?:of|from)|sponsored|backed|handlers|proxies|proxy|"
        r"identified\s+(?:the\s+)?"
        r"(?:attackers|bomber|assailants|militants)|the\s+work\s+of)")),
    ("suspected", re.compile(
        r"\b(?:suspect(?:ed|s)?|suspicion|likely|probably|possibly|may\s+have|might\s+have|"
        r"could\s+have|believed\s+to|bore\s+(?:all\s+)?the\s+hallmarks|hallmarks?\s+of|"
        r"similar\s+attacks|presum(?:ed|ably)|thought\s+to|suspicions?|prime\s+suspect)")),
)
NO_CLAIM_RE = re.compile(r"\bno\s+(?:other\s+)?(?:group|one|organi[sz]ation|militant\s+group|outfit|"
                         r"individual)\b.{0,40}?"
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
        self._lengths: dict[str, list[int]] = {}
        for key in self._names:
            self._lengths.setdefault(key[0], []).append(len(key))
        for lengths in self._lengths.values():
            lengths.sort(reverse=True)
        self._first = set(self._lengths)
        self._singles = {key[0] for key in self._names if len(key) == 1}
        self._pairs = {key[:2] for key in self._names if len(key) > 1}

    @property
    def first_words(self) -> set[str]:
        return self._first

    def _add(self, name: str, exact: tuple[str, ...] | None, group: Group, official: bool) -> None:
        key = tuple(t.lower for t in tokens(fold(name)))
        if key:
            self._names.setdefault(key, []).append((exact, group, official))

    def may_name(self, text: str) -> bool:
        """False when no group name can be in `text`: none of its one-word names, and none of
        the first two words of a longer one side by side. Most sentences name "Pakistan" or
        "is" — first words of longer names — without naming a group; this test spares them
        tokenising and matching, at the cost of a list of words."""
        # The tokens' words, in order (lower-casing ASCII text moves no word boundary).
        words = WORD_RE.findall(text.lower()) if text.isascii() else [
            w.lower() for w in WORD_RE.findall(text)]
        if not self._singles.isdisjoint(words):
            return True
        return not self._pairs.isdisjoint(pairwise(words))

    def find(self, toks: Sequence[Token], text: str) -> list[tuple[int, int, Group, bool]]:
        """(start, end, group, official) for every group named, longest names first."""
        out = []
        first = self._first
        if not any(t.lower in first for t in toks):
            return out
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
        for length in self._lengths[toks[i].lower]:
            if i + length > len(toks):
                continue
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


def may_name_a_group(text: str) -> bool:
    """Whether a sentence (folded text) can name a group at all: a cheap test before tokens."""
    return dictionary().may_name(text)


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


CLAUSE_BREAK_RE = re.compile(r";|,\s*(?:while|but|whereas|although|though)\b|\s(?:while|but|"
                             r"whereas)\s|\.\s")
AFFILIATION_RE = re.compile(r"(?:offshoot|faction|splinter|affiliate|front|wing|branch|chapter|"
                            r"part|member|ally|allies)\s+of\s+(?:the\s+)?$|(?:affiliated|allied|"
                            r"linked|aligned)\s+(?:with|to)\s+(?:the\s+)?$|(?:like|than|from)\s+"
                            r"(?:the\s+)?$")
VICTIM_BEFORE_RE = re.compile(r"\b(?:killed|killing|kills|shot|shooting|abducted|kidnapped|"
                              r"targeted|targeting|ambushed|beheaded|executed)\s+(?:a|an|the|"
                              r"two|three|four|five|six|seven|eight|nine|ten|several|\d+)?\s*"
                              r"(?:senior\s+|local\s+|former\s+)?$")
AFTER_PRIORITY = ("claimed", "denied", "attributed", "suspected")
AFTER_LIMIT = {"claimed": 160, "denied": 160, "attributed": 90, "suspected": 70}
BEFORE_LIMIT = 60


@dataclass(frozen=True, slots=True)
class _Cue:
    basis: str
    start: int
    end: int
    text: str


def mentions(text: str, toks: Sequence[Token], offset: int) -> list[GroupMention]:
    """Groups named in one sentence (folded `text`, its tokens, its place in the document),
    each with its role and basis there.

    A cue after a name binds to the group that is the subject of its clause: "The TJP, an
    offshoot of the TTP, claimed responsibility" is the TJP's claim; "The TTP denied
    involvement, while ISKP claimed it" gives each its own. A cue before a name binds to the
    nearest ("officials blamed the TTP", "claimed by the BLA").
    """
    found = dictionary().find(toks, text)
    if not found:
        return []
    lowered = text.lower()
    cues = _cues(lowered)
    out = []
    for index, (start, end, group, official) in enumerate(found):
        bare = text[start:end].lower() in BARE_TALIBAN
        after = _word_after(toks, end)
        role, basis, cue = "mention", None, None
        if after in AUTHORITY_AFTER or _is_authority(lowered, start, bare):
            role = "authority"
        elif VICTIM_BEFORE_RE.search(lowered[max(0, start - 30):start]):
            role = "mention"  # "killed a Taliban commander": the group lost a man
        elif not _appositive(lowered, found, index):
            basis, cue = _basis(lowered, start, end, cues, found, index)
            if basis is None and official:
                basis, cue = "attributed", "official name"
            if basis is None and (after in ATTACKER_AFTER or after in AGENT_VERBS):
                basis, cue = "attributed", f"{text[start:end]} {after}"
            role = "perpetrator" if basis else "mention"
            if basis == "denied" and bare:  # the Taliban authorities denying, not a group
                role, basis, cue = "authority", None, None
        out.append(GroupMention(start + offset, end + offset, text[start:end], group, official,
                                bare, role, basis, cue))
    return out


def _cues(lowered: str) -> list[_Cue]:
    no_claim = NO_CLAIM_RE.search(lowered) is not None
    out = []
    for basis, pattern in CUES:
        if basis == "claimed" and no_claim:
            continue
        out.extend(_Cue(basis, m.start(), m.end(), m.group()) for m in pattern.finditer(lowered))
    return out


def _appositive(lowered: str, found: list[tuple[int, int, Group, bool]], index: int) -> bool:
    """'the TJP, an offshoot of the TTP, claimed': the TTP here describes the TJP."""
    start = found[index][0]
    if index == 0 or not AFFILIATION_RE.search(lowered[max(0, start - 40):start]):
        return False
    previous_end = found[index - 1][1]
    return not CLAUSE_BREAK_RE.search(lowered[previous_end:start])


def _basis(lowered: str, start: int, end: int, cues: list[_Cue],
           found: list[tuple[int, int, Group, bool]], index: int
           ) -> tuple[str | None, str | None]:
    after = _after_cue(lowered, end, cues, found, index)
    if after is not None:
        return after.basis, after.text
    before = [c for c in cues if c.end <= start and start - c.end <= BEFORE_LIMIT
              and not CLAUSE_BREAK_RE.search(lowered[c.end:start])]
    if before:
        cue = max(before, key=lambda c: c.end)
        return cue.basis, cue.text
    inside = [c for c in cues if c.start < end and start < c.end]
    if inside:
        return inside[0].basis, inside[0].text
    if CONDEMN_RE.search(lowered[end:end + 60]):
        return "denied", "condemned the attack"
    return None, None


def _after_cue(lowered: str, end: int, cues: list[_Cue],
               found: list[tuple[int, int, Group, bool]], index: int) -> _Cue | None:
    """The strongest cue after the name in its own clause, before another group's name (one
    in an appositive of this one does not count)."""
    stop = len(lowered)
    m = CLAUSE_BREAK_RE.search(lowered, end)
    if m is not None:
        stop = m.start()
    for other in range(index + 1, len(found)):
        if found[other][2] is found[index][2]:
            continue  # the same group again: "Tehreek-e-Jihad Pakistan (TJP)"
        if not _appositive(lowered, found, other) and found[other][0] < stop:
            stop = found[other][0]
            break
    for basis in AFTER_PRIORITY:
        for cue in cues:
            if cue.basis == basis and end <= cue.start < stop and cue.start - end <= \
                    AFTER_LIMIT[basis]:
                return cue
    return None


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
