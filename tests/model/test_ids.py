"""Stable ids: the hand-written UUIDv5 must give exactly what uuid.uuid5 gives."""

from __future__ import annotations

import uuid

import pytest

from jirga.model.ids import JIRGA_NAMESPACE, is_id, stable_id


@pytest.mark.parametrize("parts", [
    ("intrusion-set", "Tehrik-i-Taliban Pakistan"), ("identity", "demo", "PK-MOI"),
    ("incident", "acled", "PAK112233"), ("incident", "gtd", "201412160001"),
    ("location", "Dera Ismail Khan", "ڈیرہ اسماعیل خان"), ("incident", "")])
def test_stable_id_is_uuid5(parts: tuple[str, ...]) -> None:
    expected = f"{parts[0]}--{uuid.uuid5(JIRGA_NAMESPACE, '|'.join(parts))}"
    assert stable_id(*parts) == expected
    assert is_id(stable_id(*parts), parts[0])
