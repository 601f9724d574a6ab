"""Fixtures for sharing tests: live nodes that stop at the end of the test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.sharing.nodes import Node, node


@pytest.fixture
def nodes(tmp_path: Path) -> Iterator[Callable[..., Node]]:
    made: list[Node] = []

    def make(party: str, **settings: Any) -> Node:
        created = node(tmp_path, party, **settings)
        made.append(created)
        return created

    yield make
    for created in made:
        created.stop()
