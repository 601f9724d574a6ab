"""Live jirga nodes for sharing tests: a real uvicorn server on a free loopback port, in a thread.

`Node` bundles one node's settings, store and server with the set-up an administrator would do
(parties, users, tokens, collections) through the same service functions the CLI calls.
"""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import uvicorn

from jirga.config import Settings
from jirga.sharing import collections, tokens
from jirga.store import Store, open_store
from jirga.web.app import create_app
from tests.factories import PASSWORD, make_party, make_user


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Node:
    """One node: its party, its store and, once started, a live server."""

    party: str
    db: str
    settings: Settings
    store: Store
    server: uvicorn.Server | None = None
    thread: threading.Thread | None = None
    principals: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def create(cls, party: str, db: str, **settings: Any) -> Node:
        config = Settings.from_env(environ={}, db=db, party=party, **settings)
        store = open_store(db)
        make_party(store, party)
        return cls(party, db, config, store)

    @property
    def url(self) -> str:
        assert self.server is not None, "start the node first"
        return f"http://127.0.0.1:{self.server.config.port}"

    @property
    def taxii(self) -> str:
        return f"{self.url}/taxii2/"

    def user(self, name: str, party: str | None = None, role: str = "analyst") -> Any:
        principal = make_user(self.store, name, party or self.party, role)
        self.principals[name] = principal
        return principal

    def token(self, name: str) -> str:
        return tokens.create_token(self.store, name, expires="1d").token

    def collection(self, name: str, *, scope: str = "posted", **grants: str) -> str:
        """A collection with grants such as `AF_MOI="rw"` (party code with _ for -)."""
        found = collections.add_collection(self.store, name, scope=scope)
        for code, rights in grants.items():
            party = code.replace("_", "-")
            collections.grant(self.store, found.id, party, read="r" in rights,
                              write="w" in rights)
        return found.id

    def start(self, port: int | None = None) -> Node:
        app = create_app(self.settings, self.store)
        config = uvicorn.Config(app, host="127.0.0.1", port=port or free_port(),
                                log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the jirga test server did not start")
            time.sleep(0.02)
        return self

    def halt(self) -> int:
        """Stop the server (the store stays open); returns the port it listened on."""
        assert self.server is not None and self.thread is not None
        port = self.server.config.port
        self.server.should_exit = True
        self.thread.join(timeout=20)
        return port

    def stop(self) -> None:
        if self.server is not None and self.thread is not None and self.thread.is_alive():
            self.halt()
        self.store.close()


def node(tmp_path: Path, party: str, **settings: Any) -> Node:
    return Node.create(party, str(tmp_path / f"{party.lower()}.db"), **settings)


__all__ = ["PASSWORD", "Node", "free_port", "node"]
