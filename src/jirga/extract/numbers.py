"""Counts as news writes them: numerals, number words, and vague counts coded the documented way.

Vague counts follow the ACLED codebook's fatality coding — "dozens" is coded 12, "hundreds"
100, "several" and "many" 10 — and a few plain-English ones ("a dozen" 12, "a couple" 2,
"scores" 20, "a few" 3). Every vague count is flagged so its confidence is lower.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from jirga.extract.text import Token

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
        "eighty": 80, "ninety": 90}
# Single words or phrases standing for a count: (value, vague).
VAGUE: dict[tuple[str, ...], tuple[int, bool]] = {
    ("dozens",): (12, True), ("scores",): (20, True), ("hundreds",): (100, True),
    ("several",): (10, True), ("many",): (10, True), ("numerous",): (10, True),
    ("a", "number", "of"): (10, True), ("a", "few"): (3, True), ("few",): (3, True),
    ("a", "dozen"): (12, False), ("half", "a", "dozen"): (6, False),
    ("a", "couple", "of"): (2, False), ("a", "couple"): (2, False), ("both",): (2, False),
    ("a", "hundred"): (100, False), ("a", "score", "of"): (20, False),
    ("dozens", "of"): (12, True), ("scores", "of"): (20, True), ("hundreds", "of"): (100, True),
}
VAGUE_FIRST = frozenset(phrase[0] for phrase in VAGUE)
MONTHS = frozenset([
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec",
])


@dataclass(frozen=True, slots=True)
class Count:
    value: int
    vague: bool
    start: int  # token index of the first word
    end: int  # token index after the last word


def count_at(toks: Sequence[Token], i: int, text: str) -> Count | None:
    """The count that starts at token `i`, if one does."""
    tok = toks[i]
    if tok.lower in VAGUE_FIRST:
        for n in (3, 2, 1):
            phrase = tuple(t.lower for t in toks[i:i + n])
            if phrase in VAGUE:
                value, vague = VAGUE[phrase]
                return Count(value, vague, i, i + len(phrase))
    if tok.text.isdigit():
        return _digits(toks, i, text)
    if tok.lower in UNITS or tok.lower in TENS:
        return _words(toks, i, text)
    return None


def _digits(toks: Sequence[Token], i: int, text: str) -> Count | None:
    value = int(toks[i].text)
    j = i + 1
    while (j < len(toks) and len(toks[j].text) == 3 and toks[j].text.isdigit()
           and text[toks[j - 1].end:toks[j].start] == ","):
        value = value * 1000 + int(toks[j].text)
        j += 1
    if _is_date_or_code(toks, i, j, text):
        return None
    return Count(value, False, i, j)


def _words(toks: Sequence[Token], i: int, text: str) -> Count | None:
    value = 0
    j = i
    lower = toks[j].lower
    if lower in TENS:
        value = TENS[lower]
        j += 1
        if j < len(toks) and toks[j].lower in UNITS and 0 < UNITS[toks[j].lower] < 10 \
                and text[toks[j - 1].end:toks[j].start] in ("-", " "):
            value += UNITS[toks[j].lower]
            j += 1
    else:
        value = UNITS[lower]
        j += 1
    if j < len(toks) and toks[j].lower == "hundred":
        value *= 100
        j += 1
        if j + 1 < len(toks) and toks[j].lower == "and" and toks[j + 1].lower in {**UNITS, **TENS}:
            rest = _words(toks, j + 1, text)
            if rest is not None:
                return Count(value + rest.value, False, i, rest.end)
    if j < len(toks) and toks[j].lower == "dozen":
        return Count(value * 12, False, i, j + 1)
    return Count(value, False, i, j)


def _is_date_or_code(toks: Sequence[Token], i: int, j: int, text: str) -> bool:
    value = toks[i].text
    before = toks[i - 1].lower if i > 0 else ""
    after = toks[j].lower if j < len(toks) else ""
    if before in MONTHS or after in MONTHS:
        return True
    if len(value) == 4 and 1900 <= int(value) <= 2100:
        return True
    gap_before = text[toks[i - 1].end:toks[i].start] if i > 0 else " "
    gap_after = text[toks[j - 1].end:toks[j].start] if j < len(toks) else " "
    return gap_before in ("-", "/", ".", ":") or gap_after in ("/", ":", ".")


def parse_count(text: str) -> int | None:
    """A count written alone ("27", "twenty-seven", "dozens"), for edits and gold files."""
    from jirga.extract.text import fold, tokens

    folded = fold(text.strip())
    toks = tokens(folded)
    if not toks:
        return None
    found = count_at(toks, 0, folded)
    return found.value if found is not None and found.end == len(toks) else None
