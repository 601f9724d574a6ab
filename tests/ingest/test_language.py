"""Language detection on the languages news about Pakistan and Afghanistan comes in, from the
short sample the detector reads (the middle of the text)."""

from __future__ import annotations

import pytest

from jirga.ingest.language import SAMPLE_CHARS, detect

URDU = ("پشاور میں ایک بم دھماکے میں کم از کم دس افراد ہلاک اور بیس زخمی ہو گئے۔ پولیس کے مطابق "
        "دھماکہ خیز مواد ایک موٹر سائیکل میں نصب تھا۔ زخمیوں کو قریبی ہسپتال منتقل کر دیا گیا ہے "
        "جہاں کئی کی حالت تشویشناک بتائی جاتی ہے۔ ابھی تک کسی گروہ نے ذمہ داری قبول نہیں کی۔ ")
DARI = ("در انفجار یک بمب در شهر کابل دست‌کم ده نفر کشته و بیست نفر زخمی شدند. پولیس می‌گوید "
        "مواد منفجره در یک موتر جاسازی شده بود. زخمیان به شفاخانه‌های نزدیک منتقل شده‌اند و حال "
        "برخی از آنان وخیم است. تاکنون هیچ گروهی مسئولیت این حمله را بر عهده نگرفته است. ")
PASHTO = ("په کابل کې د یوې چاودنې له امله لږ تر لږه لس کسان ووژل شول او شل نور ټپیان شول. "
          "پولیسو ویلي چې چاودیدونکي توکي په یوه موټر کې ځای پر ځای شوي وو. ټپیان نږدې "
          "روغتونونو ته وړل شوي دي. ")
ENGLISH = ("At least ten people were killed and twenty injured when a bomb exploded in a busy "
           "market in Peshawar on Monday, police said. No group has claimed responsibility. ")


@pytest.mark.parametrize(("text", "code"), [(URDU, "ur"), (DARI, "fa"), (PASHTO, "ps"),
                                            (ENGLISH, "en")])
def test_each_language_is_told_from_its_sample(text: str, code: str) -> None:
    assert detect(text) == code  # shorter than the sample
    long = text * (3 * SAMPLE_CHARS // len(text) + 1)
    assert detect(long) == code


def test_a_masthead_in_another_language_does_not_decide() -> None:
    body = ENGLISH * (2 * SAMPLE_CHARS // len(ENGLISH) + 1)
    assert detect(DARI + body + "\n") == "en"
    assert detect("Peshawar, 12 June 2024\n" + URDU * 8) == "ur"


def test_too_little_text_has_no_language() -> None:
    assert detect("12 / 06 / 2024 — 14:05") is None
