"""RFC 8785 (JSON Canonicalization Scheme) bytes of a JSON value: what jirga signs and logs.

Why a fast path beside the `rfc8785` package: that package, the reference here, canonicalises
about 8,500 STIX objects/s, slower than Ed25519 itself, while `orjson` with sorted keys writes
about 260,000/s. The two agree byte for byte except in four places, and `_GUARD` looks for each
of them in orjson's output; where it finds one (or might: a match inside a string only costs
time), the reference writes the bytes instead.

1. Numbers: orjson writes integral floats as `1.0` and `1e+16`, and some small floats in
   exponent form where ECMAScript writes `0.000004…`; RFC 8785 writes ECMAScript's form and
   refuses integers beyond ±(2**53 - 1). Any number token with an exponent, ending in `.0`, or
   with 16 or more digits falls back.
2. NaN and infinities: orjson writes `null`, RFC 8785 refuses them. A `null` token falls back
   (STIX forbids null properties, so this costs nothing on real content).
3. Key order: RFC 8785 sorts keys by UTF-16 code units, orjson by code points; they differ
   only when a key holds a character at or above U+E000, whose UTF-8 lead bytes are 0xEE-0xF4.
   Any such byte anywhere falls back.
4. Strings: none. orjson escapes exactly as RFC 8785 does, which `tests/model/test_canonical.py`
   checks for every Unicode scalar value.

The tests also compare both paths on generated values (hypothesis) and on tricky numbers.
"""

from __future__ import annotations

import re
from typing import Any

import orjson
import rfc8785

from jirga.errors import Invalid

_NUMBER_START = rb"(?:\A|[:,\[])-?[0-9]+"
_GUARD = re.compile(
    _NUMBER_START + rb"(?:\.[0-9]+)?[eE]"        # exponent form
    + rb"|" + _NUMBER_START + rb"\.0(?:[,\]}]|\Z)"  # integral float
    + rb"|(?:\A|[:,\[])-?[0-9]{16}"              # integer past 2**53, or a float that large
    + rb"|(?:\A|[:,\[])null"                     # NaN or infinity written as null
    + rb"|[\xee-\xff]"                           # a character at or above U+E000
)


def canonical(value: Any) -> bytes:
    """The RFC 8785 bytes of `value`; Invalid when RFC 8785 cannot represent it."""
    try:
        fast = orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
    except (TypeError, orjson.JSONEncodeError):
        return reference(value)
    if _GUARD.search(fast) is None:
        return fast
    return reference(value)


def canonical_stored(text: str | bytes) -> bytes:
    """The RFC 8785 bytes of a version as the store keeps it (orjson, sorted keys): usually the
    stored bytes themselves, with no parsing at all."""
    data = text.encode() if isinstance(text, str) else text
    if _GUARD.search(data) is None:
        return data
    return reference(orjson.loads(data))


def is_fast(value: Any) -> bool:
    """True when `canonical` takes the fast path for `value` (for tests and benchmarks)."""
    try:
        return _GUARD.search(orjson.dumps(value, option=orjson.OPT_SORT_KEYS)) is None
    except (TypeError, orjson.JSONEncodeError):
        return False


def reference(value: Any) -> bytes:
    """The `rfc8785` package's bytes, with its refusals as Invalid."""
    try:
        return rfc8785.dumps(value)
    except rfc8785.CanonicalizationError as exc:
        raise Invalid(f"value cannot be written as RFC 8785 canonical JSON: {exc}") from exc
