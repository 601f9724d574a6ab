"""Sync's trust checks between two live nodes: PK-MOI's node A serves over HTTP on loopback (a
SQLite file, so its history can be rolled back to a copy), AF-MOI's node B pulls (both
backends). Signatures are checked before storing, A's tree head is cross-checked, kept and
cosigned, and a rewritten, truncated or forked log, or a forged object, raises an alarm."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest

from jirga.config import Settings
from jirga.model.canonical import canonical
from jirga.objects.authoring import save
from jirga.sharing import peers
from jirga.sharing.parties import get_party
from jirga.sharing.sync import PeerReport, sync
from jirga.store import ObjectFilter, Visibility, open_store
from jirga.store import trust as rows
from jirga.trust import alarms, keyring_of, manage
from jirga.trust.keyring import attach
from tests.factories import make_party, make_test_incident
from tests.helpers import run_cli
from tests.sharing.nodes import Node

ALL = Visibility.everything()


def keyed(node: Node) -> Node:
    """The node's keyring attached and a key for its own party (which also signs its heads)."""
    attach(node.store, node.settings)
    keyring = keyring_of(node.store)
    assert keyring is not None
    manage.create_key(node.store, keyring, node.party, passphrase=None, unattended=True)
    return node


def exchange(src: Node, dst: Node, tmp_path: Path) -> Path:
    """`keys export` on src, `keys import` on dst; returns the JWK Set file."""
    path = tmp_path / f"{src.party.lower()}.jwks"
    path.write_bytes(orjson.dumps(manage.export_keys(src.store, src.party)))
    manage.import_keys(dst.store, path)
    return path


def snapshot(node: Node, path: Path) -> Path:
    """A consistent copy of a node's SQLite file: its history as it is now."""
    with sqlite3.connect(node.db) as live, sqlite3.connect(path) as copy:
        live.backup(copy)
    return path


class Pair:
    """Node A (PK-MOI, serving) and node B (AF-MOI, pulling from A as peer `pk`)."""

    def __init__(self, nodes: Callable[..., Node], db_url: str, tmp_path: Path) -> None:
        self.tmp = tmp_path
        self.a = keyed(nodes("PK-MOI", keys_dir=str(tmp_path / "pk-keys")))
        self.b = keyed(Node.create("AF-MOI", db_url, keys_dir=str(tmp_path / "af-keys")))
        make_party(self.a.store, "AF-MOI")
        make_party(self.b.store, "PK-MOI")
        self.a_keys = exchange(self.a, self.b, tmp_path)
        self.b_keys = exchange(self.b, self.a, tmp_path)
        self.a.user("af-sync", "AF-MOI", role="liaison")
        self.a.collection("shared", scope="all", AF_MOI="r")
        self.token = self.a.token("af-sync")
        self.a.start()
        peers.add_peer(self.b.store, "pk", self.a.url, self.token, "PK-MOI")
        self.extra: list[Node] = []

    @property
    def pk_ref(self) -> str:
        return get_party(self.b.store, "PK-MOI").identity_id

    def author(self, node: Node, name: str) -> dict[str, Any]:
        incident = make_test_incident(created_by_ref=get_party(node.store, "PK-MOI").identity_id,
                                      name=name, level="green")
        save(node.store, [incident])
        return node.store.get(incident["id"], visibility=ALL).object()

    def sync(self) -> PeerReport:
        (report,) = sync(self.b.store, self.b.settings, "pk")
        return report

    def a_again(self, copy: Path) -> Node:
        """Node A started again from an older copy of its database (same keys, same token)."""
        settings = Settings.from_env(environ={}, db=str(copy), party="PK-MOI",
                                     keys_dir=str(self.tmp / "pk-keys"))
        node = Node("PK-MOI", str(copy), settings, attach(open_store(str(copy)), settings))
        node.start()
        self.extra.append(node)
        peers.set_peer(self.b.store, "pk", url=node.url)
        return node

    def stop(self) -> None:
        for node in self.extra:
            node.stop()
        self.b.stop()


@pytest.fixture
def pair(nodes: Callable[..., Node], db_url: str, tmp_path: Path) -> Iterator[Pair]:
    made = Pair(nodes, db_url, tmp_path)
    yield made
    made.stop()


def kinds(node: Node) -> list[str]:
    return [a.kind for a in alarms.open_alarms(node.store)]


def test_signed_objects_travel_and_the_head_is_kept_and_cosigned(pair: Pair) -> None:
    peers.set_peer(pair.b.store, "pk", require_signatures=True)
    x = pair.author(pair.a, "Besham convoy attack")
    first = pair.sync()
    assert first.error is None and first.exit_code == 0, first
    assert first.unsigned == 0 and first.head_size is not None
    # the parties' first identity versions were written before their keys existed: unsigned
    assert first.refused and all(r.startswith("identity--") for r in first.refused)
    got = pair.b.store.get(x["id"], visibility=ALL).object()
    assert got == x and got["jirga_signatures"][0]["signer_ref"] == pair.pk_ref
    kept = rows.latest_peer_head(pair.b.store.db, pair.pk_ref)
    assert kept is not None and kept.head.tree_size == first.head_size and kept.cosig
    cosigned = rows.cosignatures(pair.a.store.db, first.head_size)
    assert [c.cosigner_ref for c in cosigned] == [get_party(pair.b.store, "AF-MOI").identity_id]
    pair.author(pair.a, "Chitral border raid")
    second = pair.sync()  # A's new head must extend the one kept: a consistency proof from A
    assert second.error is None and second.head_size > first.head_size
    assert len(rows.peer_heads(pair.b.store.db, pair.pk_ref)) == 2
    assert kinds(pair.b) == []


def test_a_forged_object_is_refused_named_and_alarmed(pair: Pair) -> None:
    good = pair.author(pair.a, "Bajaur rally bombing")
    forged = pair.author(pair.a, "Quetta hospital attack")
    changed = {**forged, "name": "Quetta hospital attack (claimed by someone else)"}
    with pair.a.store.db.transaction():  # an attacker edits A's database, keeping the signature
        pair.a.store.db.execute("UPDATE object_versions SET json = ? WHERE id = ?",
                                (canonical(changed).decode(), forged["id"]))
    report = pair.sync()
    assert report.exit_code == 6 and len(report.alarms) == 1
    assert len(report.refused) == 1 and forged["id"] in report.refused[0]
    assert "does not verify" in report.refused[0] or "signature" in report.refused[0]
    assert pair.b.store.get(good["id"], visibility=ALL).object() == good
    assert pair.b.store.count(_ids(forged["id"]), visibility=ALL) == 0
    assert kinds(pair.b) == ["forged-objects"]


def test_unsigned_objects_are_refused_or_warned_as_the_peer_is_set(pair: Pair) -> None:
    unsigned = make_test_incident(name="Unsigned claim", level="green")
    pair.a.store.add_objects([unsigned])  # foreign content on A: stored as it came, unsigned
    peers.set_peer(pair.b.store, "pk", require_signatures=True)
    strict = pair.sync()
    assert strict.exit_code == 0 and strict.unsigned == 0
    (refused,) = [r for r in strict.refused if unsigned["id"] in r]
    assert "carries no signature" in refused
    assert kinds(pair.b) == []  # unsigned is a rule, not tampering
    pair.b.store.db.execute("DELETE FROM sync_cursors")
    peers.set_peer(pair.b.store, "pk", require_signatures=False)
    lenient = pair.sync()
    assert lenient.exit_code == 0 and lenient.refused == [] and lenient.unsigned >= 1
    assert pair.b.store.get(unsigned["id"], visibility=ALL).id == unsigned["id"]


@pytest.mark.parametrize(("extra", "kind"), [(0, "peer-truncated"), (1, "peer-fork"),
                                             (2, "peer-inconsistent")])
def test_a_rewritten_history_stops_the_sync_with_an_alarm(pair: Pair, extra: int,
                                                         kind: str) -> None:
    pair.author(pair.a, "Peshawar mosque attack")
    copy = snapshot(pair.a, pair.tmp / "pk-before.db")
    pair.author(pair.a, "Torkham crossing attack")
    seen = pair.sync()
    assert seen.error is None, seen
    older = pair.a_again(copy)  # A's history as it was, then rewritten from there
    rewritten = [pair.author(older, f"Rewritten {n}") for n in range(extra)]
    stopped = pair.sync()
    assert stopped.trust_failed and stopped.exit_code == 6, stopped
    assert stopped.collections == []  # stopped before pulling anything
    assert kinds(pair.b) == [kind]
    for obj in rewritten:
        assert pair.b.store.count(_ids(obj["id"]), visibility=ALL) == 0
    cli = run_cli("sync", "pk", db=pair.b.db)
    assert cli.returncode == 6
    assert "the sync stops" in cli.stderr and kind in [a["kind"] for a in _alarms_cli(pair)]


def _ids(object_id: str) -> ObjectFilter:
    return ObjectFilter(ids=(object_id,), include_revoked=True)


def _alarms_cli(pair: Pair) -> list[dict[str, Any]]:
    listed = run_cli("alarms", "list", "--json", db=pair.b.db)
    assert listed.returncode == 0, listed.stderr
    return orjson.loads(listed.stdout)


def test_b_proves_offline_to_a_third_party_that_a_shared_x(pair: Pair) -> None:
    """A signs X, B pulls it, B proves it, a third party checks with A's and B's public keys
    and nothing else; a changed byte in the proof, or an object changed on B, fails."""
    x = pair.author(pair.a, "Besham convoy attack")
    assert pair.sync().error is None
    proof_file = pair.tmp / "proof.json"
    proved = run_cli("prove", x["id"], "-o", str(proof_file), db=pair.b.db)
    assert proved.returncode == 0, proved.stderr
    size = orjson.loads(proof_file.read_bytes())["inclusion"]["tree_size"]
    elsewhere = pair.tmp / "third-party"
    elsewhere.mkdir()
    keys = ["--key", str(pair.a_keys), "--key", str(pair.b_keys)]
    checked = run_cli("check-proof", str(proof_file), *keys, cwd=elsewhere)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"of {size} in the log of {get_party(pair.b.store, 'AF-MOI').identity_id}" in \
        checked.stdout and "FAILED" not in checked.stdout
    only_a = run_cli("check-proof", str(proof_file), "--key", str(pair.a_keys), cwd=elsewhere)
    assert only_a.returncode == 6 and "FAILED" in only_a.stdout  # B's head needs B's key
    for path, value in ((("object", "name"), "Besham convoy attack (edited)"),
                        (("inclusion", "tree_size"), size + 1)):
        doc = orjson.loads(proof_file.read_bytes())
        doc[path[0]][path[1]] = value
        bad = pair.tmp / f"bad-{path[1]}.json"
        bad.write_bytes(orjson.dumps(doc))
        failed = run_cli("check-proof", str(bad), *keys, cwd=elsewhere)
        assert failed.returncode == 6 and "FAILED" in failed.stdout, (path, failed.stdout)
    edited = {**x, "name": "Besham convoy attack (edited on B)"}
    with pair.b.store.db.transaction():
        pair.b.store.db.execute("UPDATE object_versions SET json = ? WHERE id = ?",
                                (canonical(edited).decode(), x["id"]))
    again = run_cli("prove", x["id"], "-o", str(pair.tmp / "proof2.json"), db=pair.b.db)
    assert again.returncode == 0, again.stderr  # B can write it, but it proves nothing
    failed = run_cli("check-proof", str(pair.tmp / "proof2.json"), *keys, cwd=elsewhere)
    assert failed.returncode == 6 and "FAILED" in failed.stdout


def test_a_peer_that_stops_showing_its_signed_head_is_an_alarm(pair: Pair) -> None:
    pair.author(pair.a, "Peshawar mosque attack")
    assert pair.sync().error is None
    peers.set_peer(pair.b.store, "pk", url=f"{pair.a.url}/elsewhere/taxii2/")  # no head there
    stopped = pair.sync()
    assert stopped.trust_failed and stopped.exit_code == 6
    assert "publishes no signed tree head" in (stopped.error or "")
    assert "showed a signed head at size" in (stopped.error or "")
    assert kinds(pair.b) == ["peer-bad-head"]
