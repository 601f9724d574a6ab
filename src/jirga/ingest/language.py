"""The language of a document, with lingua (offline models bundled in the wheel).

The detector is limited to the languages news about Pakistan and Afghanistan comes in, which
makes it both faster and more accurate than one choosing among 75. lingua has no Pashto model;
Pashto is written in the Arabic script with letters Urdu and Dari do not use (ټ ډ ړ ښ ږ ځ
څ ګ ڼ ۍ), so a text dense in them is Pashto.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

SAMPLE_CHARS = 600  # from the middle of the text: past mastheads, before footers
PASHTO_RE = re.compile("[ټډړښږځڅګڼۍ]")
LETTER_RE = re.compile(r"[^\W\d_]")


@lru_cache(maxsize=1)
def _detector() -> Any:
    from lingua import Language, LanguageDetectorBuilder

    languages = [Language.ENGLISH, Language.URDU, Language.PERSIAN, Language.ARABIC,
                 Language.HINDI, Language.PUNJABI, Language.RUSSIAN, Language.CHINESE,
                 Language.FRENCH, Language.GERMAN]
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()


def detect(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None for a text too short to tell."""
    middle = len(text) // 2
    sample = text[max(0, middle - SAMPLE_CHARS // 2):middle + SAMPLE_CHARS // 2]
    letters = len(LETTER_RE.findall(sample))
    if letters < 20:
        return None
    if len(PASHTO_RE.findall(sample)) >= max(3, letters // 200):
        return "ps"
    found = _detector().detect_language_of(sample)
    return None if found is None else found.iso_code_639_1.name.lower()
