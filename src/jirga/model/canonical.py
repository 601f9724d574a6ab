"""RFC 8785 (JSON Canonicalization Scheme) bytes of a JSON value: what jirga signs and logs.

Why a fast path beside the `rfc8785` package: that package, the reference here, canonicalises
about 8,500 STIX objects/s, slower than Ed25519 itself, while `orjson` with sorted keys writes
about 260,000/s. The two agree byte for byte except in five places, and the fast path is taken
only for values that avoid all five (`_plain`, a walk over the value that costs less than
searching orjson's bytes); anything else is written by the reference.

1. Integers beyond ±(2**53 - 1), which RFC 8785 refuses: orjson's OPT_STRICT_INTEGER refuses
   exactly these, and the reference then raises.
2. Floats: orjson writes integral floats as `1.0` and `1e+16`, and small ones in exponent form
   where ECMAScript writes `0.000004…`. Only non-integral floats with 1e-4 <= |x| < 1e15 stay
   on the fast path; there both write the shortest round-trip digits in fixed notation.
3. NaN and infinities: orjson writes `null`, RFC 8785 refuses them (covered by 2). `None`
   values leave the fast path too (STIX forbids null properties, so this costs nothing).
4. Key order: RFC 8785 sorts keys by UTF-16 code units, orjson by code points; they differ
   only when a key holds a character at or above U+E000, whose UTF-8 lead bytes are 0xEE-0xF4.
   Output holding any such byte leaves the fast path.
5. Strings: no difference. orjson escapes exactly as RFC 8785 does, which
   `tests/model/test_canonical.py` checks for every Unicode scalar value.

The tests also compare both paths on generated values (hypothesis), on every float bit
pattern they draw, and on tricky numbers and strings.
"""

from __future__ import annotations

from typing import Any

import orjson
import rfc8785

from jirga.errors import Invalid

_OPTIONS = orjson.OPT_SORT_KEYS | orjson.OPT_STRICT_INTEGER
_BELOW_EE = bytes(range(0xEE))
_INT_LIMIT = 2**53  # RFC 8785 writes integers up to ±(2**53 - 1)


def _plain(value: Any) -> bool:
    """True when every value inside is one orjson writes as RFC 8785 does (points 1 to 3).
    Strings and integers, nearly every value, are passed over without a call."""
    kind = type(value)
    if kind is dict:
        values: Any = value.values()
    elif kind is list:
        values = value
    elif kind is float:
        return 1e-4 <= abs(value) < 1e15 and not value.is_integer()
    elif kind is int:
        return -_INT_LIMIT < value < _INT_LIMIT
    else:
        return kind is str or kind is bool
    for item in values:
        kind = type(item)
        if kind is str or kind is bool:
            continue
        if kind is int:
            if -_INT_LIMIT < item < _INT_LIMIT:
                continue
            return False
        if not _plain(item):
            return False
    return True


def canonical(value: Any) -> bytes:
    """The RFC 8785 bytes of `value`; Invalid when RFC 8785 cannot represent it."""
    return canonical_with_path(value)[0]


def canonical_with_path(value: Any) -> tuple[bytes, bool]:
    """`canonical`, and whether the fast path wrote the bytes. A caller that then adds only
    ASCII strings under ASCII keys to `value` may write it again with `fast_again`."""
    if not _plain(value):
        return reference(value), False
    try:
        fast = orjson.dumps(value, option=_OPTIONS)
    except (TypeError, orjson.JSONEncodeError):
        return reference(value), False
    if not fast.isascii() and fast.translate(None, _BELOW_EE):
        return reference(value), False
    return fast, True


def fast_again(value: Any) -> bytes:
    """orjson's bytes of a value the fast path took before it gained only ASCII strings under
    ASCII keys: nothing the fast path checks for can have appeared, so they are RFC 8785's."""
    return orjson.dumps(value, option=_OPTIONS)


def canonical_of_sorted(value: Any, text: str) -> bytes:
    """`canonical` of a value whose orjson sorted-keys text is already at hand (a stored
    version): that text itself when the fast path would have written the same bytes."""
    data = text.encode()
    if _plain(value) and (data.isascii() or not data.translate(None, _BELOW_EE)):
        return data
    return canonical(value)


def is_fast(value: Any) -> bool:
    """True when `canonical` takes the fast path for `value` (for tests and benchmarks)."""
    if not _plain(value):
        return False
    try:
        fast = orjson.dumps(value, option=_OPTIONS)
    except (TypeError, orjson.JSONEncodeError):
        return False
    return fast.isascii() or not fast.translate(None, _BELOW_EE)


def reference(value: Any) -> bytes:
    """The `rfc8785` package's bytes, with its refusals as Invalid."""
    try:
        return rfc8785.dumps(value)
    except rfc8785.CanonicalizationError as exc:
        raise Invalid(f"value cannot be written as RFC 8785 canonical JSON: {exc}") from exc
