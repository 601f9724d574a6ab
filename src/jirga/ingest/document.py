"""A document as readers hand it over, and the normalisation its hash is taken over.

The SHA-256 is of the normalised text (Unicode NFC, one kind of line break, no trailing
spaces, at most one blank line), so the same article saved twice, with Windows line ends or
extra blank lines, is recognised as the same document.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date

CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200e\u200f\ufeff]")
SPACES_RE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
BLANKS_RE = re.compile(r"\n{3,}")


@dataclass(frozen=True)
class Document:
    """One readable document: its text and what is known about it."""

    text: str
    format: str  # html | text | markdown | ris | pdf | feed | jsonl
    source: str  # the file or URL it came from (with "#N" for the Nth entry of a feed or export)
    title: str | None = None
    url: str | None = None
    authors: tuple[str, ...] = ()
    published: date | None = None
    language: str | None = None
    extra: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def sha256(self) -> str:
        return text_hash(self.text)

    def with_language(self, language: str | None) -> Document:
        return replace(self, language=language)


def normalise_text(text: str) -> str:
    """The canonical form of a text: what is stored, hashed and extracted from."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = SPACES_RE.sub(" ", CONTROL_RE.sub("", text))
    lines = [line.strip() for line in text.split("\n")]
    return BLANKS_RE.sub("\n\n", "\n".join(lines)).strip()


def text_hash(normalised: str) -> str:
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


SENTENCE_END = (".", "!", "?", ":", ";", '"', "”", "’", ")", "]")


def join_wrapped_lines(text: str) -> str:
    """Lines a PDF or a hard-wrapped text broke mid-sentence, joined again.

    A line is joined to the next when it does not end a sentence and the next one continues it
    (starts in lower case or with a digit), or when both are long lines of running text.
    """
    lines = text.split("\n")
    out: list[str] = []
    for line in lines:
        if out and out[-1] and line and _continues(out[-1], line):
            previous = out[-1]
            if previous.endswith("-") and line[:1].islower():
                out[-1] = previous[:-1] + line
            else:
                out[-1] = previous + " " + line
        else:
            out.append(line)
    return "\n".join(out)


def _continues(previous: str, line: str) -> bool:
    if previous.endswith(SENTENCE_END):
        return False
    first = line[:1]
    if first.islower() or first.isdigit() or first in "(,;":
        return True
    return len(previous) >= 60 and len(line) >= 20 and not line.startswith(("#", "-", "*", "•"))
