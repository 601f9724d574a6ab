"""Statistical claims: figures about many attacks ("a 73 percent surge", "643 killed in 2022").

They are kept with their source (the institute, ministry or report the sentence names) and
never become incidents: a sentence holding one is not read as the report of an attack.
"""

from __future__ import annotations

import re

from jirga.extract.model import Claim

DIGIT_RE = re.compile(r"\d")
PERCENT_RE = re.compile(r"\b\d+(?:\.\d+)?\s*(?:%|percent\b|per\s+cent\b)|\b(?:doubled|tripled|"
                        r"halved|two-fold|three-fold|twofold|threefold)\b", re.I)
AGGREGATE_RE = re.compile(
    r"\b\d[\d,]*\s+(?:\w+\s+){0,2}(?:attacks|incidents|deaths|fatalities|casualties|"
    r"terror(?:ist)?\s+attacks|militant\s+attacks|people|civilians|soldiers|personnel|"
    r"policemen|killings)\b[^.]{0,80}?\b(?:in|during|since|throughout|over)\s+(?:the\s+)?"
    r"(?:(?:19|20)\d\d|year|past\s+year|last\s+year|first\s+(?:half|quarter|\w+\s+months)|"
    r"(?:\w+\s+)?months?|decade|fiscal)"
    r"|\b(?:in|during|since|throughout)\s+(?:19|20)\d\d\b[^.]{0,60}?\b\d[\d,]*\s+(?:\w+\s+){0,2}"
    r"(?:attacks|incidents|deaths|fatalities|people|civilians|soldiers|personnel|killings)\b"
    r"|\b(?:since\s+(?:january|february|march|april|may|june|july|august|september|october|"
    r"november|december|the\s+(?:start|beginning)\s+of\s+(?:the|this)\s+year)|so\s+far\s+this\s+year)"
    r"\b[^.]{0,80}?\b\d[\d,]*\s+(?:\w+\s+){0,2}(?:attacks|incidents|deaths|people|civilians|"
    r"soldiers|personnel|policemen|security\s+personnel)\b", re.I)
TREND_RE = re.compile(r"\b(?:surge|increase|increased|rise|rose|decline|declined|drop|dropped|"
                      r"jump|jumped|spike|fell|up|down|higher|lower|compared\s+(?:to|with)|"
                      r"year-on-year|annual|per\s+month|a\s+month|on\s+average|total\s+of|since|"
                      r"so\s+far)\b",
                      re.I)
SOURCE_RES = (
    re.compile(r"\baccording\s+to\s+(?:a\s+|the\s+|data\s+(?:from|by)\s+(?:the\s+)?|"
               r"figures\s+(?:from|by)\s+(?:the\s+)?|a\s+report\s+(?:by|from)\s+(?:the\s+)?)?"
               r"(?P<src>[A-Z][\w&'-]*(?:\s+(?:for|of|and|on|the|[A-Z][\w&'-]*))*)"),
    re.compile(r"\b(?:report|data|figures|study|survey|database|tally|count)\s+(?:\w+\s+)?"
               r"(?:by|from|of|released\s+by|compiled\s+by|issued\s+by)\s+(?:the\s+)?"
               r"(?P<src>[A-Z][\w&'-]*(?:\s+(?:for|of|and|on|the|[A-Z][\w&'-]*))*)"),
    re.compile(r"(?P<src>\b[A-Z][\w&'-]*(?:\s+(?:for|of|and|on|the|[A-Z][\w&'-]*))*)(?:'s)?\s+"
               r"(?:said|says|reported|recorded|noted|found|stated|showed|shows|documented|"
               r"report\s+(?:said|says|showed|shows|found))\b"),
)
WEAK_SOURCES = frozenset({"The", "This", "It", "In", "He", "She", "They", "Since", "However",
                          "Moreover", "Meanwhile", "But", "And"})


def find_claims(text: str, start: int, original: str) -> list[Claim]:
    """Statistical claims in one sentence (folded `text`, `original` wording, document offset)."""
    out: list[Claim] = []
    if DIGIT_RE.search(text) is None and "fold" not in text:
        return out
    lowered = text.lower()
    percent = "%" in text or "per" in lowered or "fold" in lowered or "doubled" in lowered \
        or "tripled" in lowered or "halved" in lowered
    for pattern, confidence in ((PERCENT_RE, 0.8), (AGGREGATE_RE, 0.7)):
        if pattern is PERCENT_RE and not percent:
            continue
        for m in pattern.finditer(text):
            if pattern is AGGREGATE_RE and not (TREND_RE.search(text) or _year(text)):
                continue
            if any(c.start <= start + m.start() < c.end for c in out):
                continue
            out.append(Claim(original[m.start():m.end()], original, source_of(text),
                             start + m.start(), start + m.end(), confidence))
    return out


def source_of(text: str) -> str | None:
    for pattern in SOURCE_RES:
        m = pattern.search(text)
        if m is None:
            continue
        source = m.group("src").strip()
        source = re.sub(r"\s+(?:the|of|for|and|on)$", "", source)
        if source and source not in WEAK_SOURCES and len(source) > 2:
            return source
    return None


def _year(text: str) -> bool:
    return re.search(r"\b(?:19|20)\d\d\b", text) is not None
