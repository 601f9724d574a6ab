"""Fixtures for the page tests: a populated node per backend, shared by the tests that only read
(`read_node`), and a fresh one for the tests that act (`node`); clients signed in as its users."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from jirga.config import Settings
from jirga.store import open_store
from jirga.web.app import create_app
from tests.factories import PASSWORD
from tests.helpers import sign_in
from tests.web.factories import WebNode, populate

Clients = Callable[[str], TestClient]


def _settings(url: str, tmp: Path) -> Settings:
    return Settings.from_env(environ={}, db=url, party="PK-MOI", keys_dir=str(tmp / "keys"))


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def read_node(request: pytest.FixtureRequest,
              tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[WebNode, Settings]]:
    tmp = tmp_path_factory.mktemp("web")
    url = str(tmp / "web.db") if request.param == "sqlite" else \
        request.getfixturevalue("postgres").fresh_url()
    store = open_store(url)
    node = populate(store, tmp)
    yield node, _settings(url, tmp)
    store.close()


@pytest.fixture
def node(db_url: str, tmp_path: Path) -> Iterator[tuple[WebNode, Settings]]:
    store = open_store(db_url)
    the_node = populate(store, tmp_path)
    yield the_node, _settings(db_url, tmp_path)
    store.close()


def _clients(pair: tuple[WebNode, Settings]) -> Iterator[Clients]:
    made: list[TestClient] = []
    node, settings = pair

    def client_for(user: str) -> TestClient:
        client = TestClient(create_app(settings, node.store))
        client.__enter__()
        made.append(client)
        return sign_in(client, user, PASSWORD)

    yield client_for
    for client in made:
        client.__exit__(None, None, None)


@pytest.fixture
def read_as(read_node: tuple[WebNode, Settings]) -> Iterator[Clients]:
    """`read_as("wahid")`: a client signed in as that user of the shared node."""
    yield from _clients(read_node)


@pytest.fixture
def act_as(node: tuple[WebNode, Settings]) -> Iterator[Clients]:
    yield from _clients(node)
