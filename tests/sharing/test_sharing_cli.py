"""`jirga collection|peer|sync` as an operator runs them, against a live node."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.factories import make_object
from tests.helpers import run_cli
from tests.sharing.nodes import Node


def test_collections_peers_and_sync_from_the_command_line(
        tmp_path: Path, nodes: Callable[..., Node]) -> None:
    pk = nodes("PK-MOI")
    pk.user("af-sync", "AF-MOI", role="liaison")
    pk.store.add_objects([make_object("campaign", name=f"pk-{i}", level="green")
                          for i in range(5)])
    pk.start()
    token = pk.token("af-sync")

    db = str(tmp_path / "af.db")
    env = {"JIRGA_PARTY": "AF-MOI"}
    for code in ("AF-MOI", "PK-MOI"):
        assert run_cli("party", "add", code, "--name", code, db=db).returncode == 0
    added = run_cli("collection", "add", "shared", "--all", db=db)
    assert added.returncode == 0 and "(all)" in added.stderr
    granted = run_cli("collection", "grant", "shared", "--party", "PK-MOI", "--read", db=db)
    assert granted.returncode == 0, granted.stderr
    listed = json.loads(run_cli("collection", "list", "--json", db=db).stdout)
    assert listed[0]["grants"] == {"PK-MOI": "r"}

    # the PK node's own collection, made through its store (another process owns it)
    from jirga.sharing import collections

    found = collections.add_collection(pk.store, "shared", scope="all")
    collections.grant(pk.store, found.id, "AF-MOI", read=True, write=False)

    assert run_cli("peer", "add", "pk", pk.url, "--token", token, "--party", "PK-MOI",
                   db=db).returncode == 0
    synced = run_cli("sync", "--page-size", "2", db=db, env=env)
    assert synced.returncode == 0, synced.stderr
    assert "shared" in synced.stdout
    peers = json.loads(run_cli("peer", "list", "--json", db=db).stdout)
    assert peers[0]["last_error"] is None and peers[0]["objects"] >= 5
    assert token not in json.dumps(peers)
    shown = run_cli("objects", "list", "--type", "campaign", "--json", db=db)
    assert {o["name"] for o in json.loads(shown.stdout)} == {f"pk-{i}" for i in range(5)}
    # PK's node has no keys: by default its unsigned objects come with a warning ...
    assert peers[0]["require_signatures"] is False
    assert "accepted without a signature" in synced.stderr
    assert "publishes no signed tree head" in synced.stderr and "not cross-checked" in synced.stderr
    # ... and a peer that must sign but publishes no signed head stops the sync (exit 6)
    strict = run_cli("peer", "set", "pk", "--require-signatures", db=db)
    assert strict.returncode == 0 and "signatures required" in strict.stderr
    assert json.loads(run_cli("peer", "list", "--json", db=db).stdout)[0]["require_signatures"]
    stopped = run_cli("sync", db=db, env=env)
    assert stopped.returncode == 6
    assert "--require-signatures, so the sync stops" in stopped.stderr


def test_sync_failure_is_one_line_and_exit_7(tmp_path: Path) -> None:
    db = str(tmp_path / "af.db")
    run_cli("party", "add", "PK-MOI", "--name", "PK", db=db)
    run_cli("peer", "add", "pk", "http://127.0.0.1:9", "--token", "jirga_00000000_x",
            "--party", "PK-MOI", db=db)
    failed = run_cli("sync", db=db)
    assert failed.returncode == 7
    assert "cannot reach peer 'pk'" in failed.stderr
    bad = run_cli("peer", "add", "x", "ftp://nowhere", "--token", "t", "--party", "PK-MOI", db=db)
    assert bad.returncode == 2 and "http(s)" in bad.stderr


def test_demo_gives_a_user_to_sign_in_with(tmp_path: Path) -> None:
    import re

    from jirga.sharing.authn import by_password
    from jirga.store import open_store

    db = str(tmp_path / "demo.db")
    first = run_cli("demo", db=db)
    assert first.returncode == 0, first.stderr
    password = re.search(r"password: (\S+)", first.stderr.replace("\n", " "))
    assert password
    again = run_cli("demo", db=db)
    assert again.returncode == 0 and "password:" not in again.stderr
    assert "user passwd demo" in again.stderr.replace("\n", " ")
    store = open_store(db)
    try:
        who = by_password(store, "demo", password.group(1))
        assert (who.party_code, who.role) == ("PK-MOI", "analyst")
    finally:
        store.close()
