"""Text as the extractors see it: sentences and word tokens with character offsets.

Every value jirga extracts points back at a span of the document text, so nothing here may
change the length of the text: `fold` maps each character to exactly one character (diacritics
off, typographic quotes and dashes to ASCII), and tokens and sentences carry offsets into the
original. Written by hand because sentence splitters from NLP libraries need model downloads
and are slower than the whole extraction budget (10 ms a document).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

PUNCT_MAP = {"‘": "'", "’": "'", "ʼ": "'", "`": "'", "´": "'", "“": '"', "”": '"', "„": '"',
             "–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-", "\u00a0": " ", "\u2009": " ",
             "\u202f": " ", "\u200b": " ", "\u200c": " ", "\u200d": " ", "…": "."}


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {ord(k): v for k, v in PUNCT_MAP.items()}
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        base = "".join(c for c in unicodedata.normalize("NFKD", chr(code))
                       if not unicodedata.combining(c))
        if len(base) == 1 and base.isascii() and base.isalpha():
            table[code] = base
    return table


def fold(text: str) -> str:
    """The text with diacritics and typographic punctuation folded; same length as the input."""
    return text if text.isascii() else text.translate(_fold_table())


WORD_RE = re.compile(r"([A-Za-z0-9]+)(?:'[sS])?")  # the word, then a possessive 's left out


class Token(NamedTuple):
    """A word: as written (folded), lower-cased, and its offsets. A tuple, because documents
    have thousands of them and tuples are the cheapest thing Python makes."""

    text: str
    lower: str
    start: int
    end: int

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


def tokens(text: str, offset: int = 0) -> list[Token]:
    """Word tokens of folded text; a possessive 's is cut off its word ("Sunday's")."""
    out = []
    append = out.append
    new = tuple.__new__  # a C call per token: Token(...) would run a Python frame each time
    for m in WORD_RE.finditer(text):
        word = m[1]
        start = m.start() + offset
        append(new(Token, (word, word.lower(), start, start + len(word))))
    return out


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str  # folded text of the sentence
    paragraph: int


ABBREVIATIONS = frozenset([
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "brig", "sgt", "insp",
    "supt", "dsp", "sp", "asi", "si", "st", "no", "nos", "vs", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "govt", "dept", "approx", "est", "inc",
    "ltd", "co", "corp", "jr", "sr", "rev", "gov", "sen", "rep", "hon",
])
BOUNDARY_RE = re.compile(r"[.!?]+[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")
PARAGRAPH_RE = re.compile(r"\n[ \t]*\n\s*")


def sentences(text: str) -> list[Sentence]:
    """Sentences of (folded) text with offsets; every line break also ends a sentence."""
    out: list[Sentence] = []
    pos = 0
    for para, block in enumerate(PARAGRAPH_RE.split(text)):
        start = text.find(block, pos) if block else pos
        pos = start + len(block)
        line_start = start
        for line in block.split("\n"):
            _split_line(line, line_start, para, out)
            line_start += len(line) + 1
    return out


def _split_line(line: str, offset: int, para: int, out: list[Sentence]) -> None:
    begin = 0
    for m in BOUNDARY_RE.finditer(line):
        if _is_abbreviation(line, m.start()):
            continue
        _add(line, begin, m.start() + len(m.group().rstrip()), offset, para, out)
        begin = m.end()
    _add(line, begin, len(line), offset, para, out)


def _is_abbreviation(line: str, dot: int) -> bool:
    if line[dot] != ".":
        return False
    word = re.search(r"([A-Za-z]+)$", line[:dot])
    if word is None:
        return False
    text = word.group(1)
    if len(text) == 1 and text.isupper():  # an initial: "D.I. Khan", "Gen. M. Ali"
        return True
    return text.lower() in ABBREVIATIONS and not (text.lower() in {"no"} and dot + 2 < len(line)
                                                  and not line[dot + 2].isdigit())


def _add(line: str, begin: int, end: int, offset: int, para: int, out: list[Sentence]) -> None:
    chunk = line[begin:end]
    stripped = chunk.strip()
    if not stripped:
        return
    lead = len(chunk) - len(chunk.lstrip())
    start = offset + begin + lead
    out.append(Sentence(len(out), start, start + len(stripped), stripped, para))
