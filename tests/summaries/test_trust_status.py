"""The trust page's picture after `jirga demo --keys` and `jirga verify`, run as a user would."""

from __future__ import annotations

from pathlib import Path

from jirga.store import open_store
from jirga.summaries import trust_status
from tests.helpers import run_cli


def test_demo_keys_sign_the_demo_and_verify_is_recorded(tmp_path: Path) -> None:
    db = str(tmp_path / "node.db")
    env = {"JIRGA_KEYS_DIR": str(tmp_path / "keys"), "JIRGA_PARTY": "PK-MOI"}
    demo = run_cli("demo", "--keys", db=db, env=env)
    assert demo.returncode == 0, demo.stderr
    assert "demo signing keys for PK-MOI, AF-MOI" in demo.stderr
    assert run_cli("demo", "--keys", db=db, env=env).returncode == 0  # again: nothing new
    verified = run_cli("verify", "--workers", "1", db=db, env=env)
    assert verified.returncode == 0, verified.stderr
    store = open_store(db)
    try:
        shown = trust_status.status(store, node_party="PK-MOI")
    finally:
        store.close()
    assert {k["party"] for k in shown.keys} == {"PK-MOI", "AF-MOI"}
    assert shown.latest is not None and shown.latest.signed_by == "PK-MOI"
    assert shown.log_size == shown.latest.tree_size
    assert len(shown.runs) == 1 and shown.runs[0].by_user == "local operator"
    assert shown.runs[0].errors == 0 and shown.runs[0].signed > 0
    assert [p.code for p in shown.partners] == ["AF-MOI"] and shown.partners[0].head is None
