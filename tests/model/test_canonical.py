"""The fast canonical path writes exactly the `rfc8785` package's bytes, or defers to it."""

from __future__ import annotations

import math
import struct

import orjson
import pytest
import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st

from jirga.errors import Invalid
from jirga.model.canonical import canonical, canonical_of_sorted, is_fast, reference
from jirga.store.objects import stored_json
from tests.factories import make_object, make_test_incident

TRICKY_NUMBERS = [
    0, -0.0, 0.0, 1, -1, 1.0, -1.0, 100.0, 0.5, 34.94, -71.58, 1e-7, 3e-7, 1.5e-7, 1e-6,
    4.823040373928001e-06, 0.000025, 1e-5, 1e15, 1e15 + 0.5, 1e16, 9.5e15, 1e21, 1e22, 1e300,
    5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 0.1 + 0.2, 123456789012345.6,
    2**53 - 1, -(2**53 - 1), 2**53, 2**63 - 1, 10**15, 10**16, 4503599627370495.5,
]

TRICKY_STRINGS = [
    "", "plain", 'quote " and \\ backslash', "\b\f\n\r\t", "\x00\x01\x1f\x7f", "\u2028\u2029",
    "é Ünïcödé", "پشاور", "کابل", "\ue000", "\uffff", "\U0001f600", "a\u0000b", "\u00ad",
]


def test_every_unicode_scalar_is_escaped_as_rfc8785_does() -> None:
    """The claim the fast path rests on: orjson's string bytes equal RFC 8785's, for every
    character that JSON text can hold (lone surrogates cannot be encoded at all)."""
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        text = chr(cp) * 2
        assert orjson.dumps(text) == rfc8785.dumps(text), hex(cp)


@pytest.mark.parametrize("number", TRICKY_NUMBERS, ids=repr)
def test_tricky_numbers(number: float) -> None:
    value = {"n": number, "list": [number, {"m": number}]}
    if isinstance(number, int) and abs(number) > 2**53 - 1:
        with pytest.raises(Invalid, match="canonical"):
            canonical(value)
        return
    assert canonical(value) == rfc8785.dumps(value)


@pytest.mark.parametrize("text", TRICKY_STRINGS, ids=repr)
def test_tricky_strings_as_keys_and_values(text: str) -> None:
    value = {text: text, "z": [text], "\U0001f600" + text: 1, "\ue000": 2, "a" + text: 3}
    assert canonical(value) == rfc8785.dumps(value)


def test_key_order_follows_utf16_not_code_points() -> None:
    value = {"\ue000": 1, "\U0001f600": 2, "a": 3}
    assert canonical(value) == b'{"a":3,"\xf0\x9f\x98\x80":2,"\xee\x80\x80":1}'


def test_nan_and_infinity_are_refused_not_written_as_null() -> None:
    for bad in (math.nan, math.inf, -math.inf):
        with pytest.raises(Invalid):
            canonical({"x": bad})


def test_lone_surrogates_and_foreign_types_are_refused() -> None:
    with pytest.raises(Invalid):
        canonical({"x": "\ud800"})
    with pytest.raises(Invalid):
        canonical({"x": {1, 2}})


def test_real_stix_objects_take_the_fast_path() -> None:
    objects = [make_object("indicator", description="x"), make_test_incident(),
               make_object("identity", name="وزارت داخله")]
    for obj in objects:
        assert is_fast(obj)
        assert canonical(obj) == rfc8785.dumps(obj)
        assert canonical_of_sorted(obj, stored_json(obj).decode()) == rfc8785.dumps(obj)


def test_stored_text_that_needs_the_reference_is_recanonicalised() -> None:
    for obj in ({"id": "x", "whole": 2.0}, {"id": "x", "emoji": "\U0001f600", "\ue000": 1},
                {"id": "x", "n": None}):
        assert canonical_of_sorted(obj, stored_json(obj).decode()) == rfc8785.dumps(obj)


json_scalars = (st.none() | st.booleans() | st.text()
                | st.integers(min_value=-(2**53 - 1), max_value=2**53 - 1)
                | st.floats(allow_nan=False, allow_infinity=False))
json_values = st.recursive(
    json_scalars,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(), children,
                                                                     max_size=5),
    max_leaves=30)


@settings(max_examples=1000, deadline=None)
@given(json_values)
def test_generated_values_match_the_reference(value: object) -> None:
    assert canonical(value) == reference(value)


@settings(max_examples=1000, deadline=None)
@given(st.integers(min_value=0, max_value=2**64 - 1))
def test_any_float_bit_pattern(bits: int) -> None:
    number = struct.unpack("<d", bits.to_bytes(8, "little"))[0]
    if math.isfinite(number):
        assert canonical([number]) == rfc8785.dumps([number])


@settings(max_examples=1000, deadline=None)
@given(st.floats(min_value=1e-4, max_value=1e15, exclude_max=True))
def test_floats_the_fast_path_keeps(number: float) -> None:
    for value in ({"x": number}, {"x": -number}):
        assert canonical(value) == rfc8785.dumps(value)


def test_real_shared_stix_content_matches_the_reference() -> None:
    from tests.helpers import shared_path

    bundle = orjson.loads(shared_path("data", "stix", "attack", "ics-attack-18.1.json").read_bytes())
    objects = bundle["objects"]
    assert len(objects) > 100
    for obj in objects:
        assert canonical(obj) == rfc8785.dumps(obj), obj["id"]
    assert sum(map(is_fast, objects)) / len(objects) > 0.9
