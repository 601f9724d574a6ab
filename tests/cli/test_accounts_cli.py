"""`jirga party|user|token` as an administrator runs them: real processes, a real file."""

from __future__ import annotations

import json
from pathlib import Path

from jirga.sharing import authn
from jirga.store import open_store
from tests.factories import PASSWORD
from tests.helpers import run_cli


def test_party_user_token_from_the_command_line(tmp_path: Path) -> None:
    db = str(tmp_path / "node.db")
    assert run_cli("party", "add", "PK-MOI", "--name", "Pakistan MoI", db=db).returncode == 0
    added = run_cli("user", "add", "amina", "--party", "PK-MOI", "--role", "admin", db=db,
                    input=PASSWORD + "\n")
    assert added.returncode == 0, added.stderr
    created = run_cli("token", "create", "--user", "amina", "--expires", "30d", db=db)
    assert created.returncode == 0, created.stderr
    token = created.stdout.strip()
    assert token.startswith("jirga_") and "shown only this once" in created.stderr
    listed = json.loads(run_cli("token", "list", "--json", db=db).stdout)
    assert [t["prefix"] for t in listed] == [token.split("_")[1]]
    assert token not in json.dumps(listed)
    store = open_store(db)
    try:
        assert authn.by_token(store, token).party_code == "PK-MOI"
        assert authn.by_password(store, "amina", PASSWORD).role == "admin"
    finally:
        store.close()
    assert run_cli("token", "revoke", listed[0]["prefix"], db=db).returncode == 0
    assert json.loads(run_cli("token", "list", "--json", db=db).stdout)[0]["state"] == "revoked"
    assert run_cli("user", "disable", "amina", db=db).returncode == 0
    users = json.loads(run_cli("user", "list", "--json", db=db).stdout)
    assert users[0]["disabled"] is True


def test_account_errors_are_one_line_and_a_nonzero_exit(tmp_path: Path) -> None:
    db = str(tmp_path / "node.db")
    no_party = run_cli("user", "add", "amina", "--party", "XX", "--role", "admin", db=db,
                       input=PASSWORD + "\n")
    assert no_party.returncode == 3
    assert "party 'XX' not found" in no_party.stderr
    run_cli("party", "add", "PK-MOI", "--name", "Pakistan MoI", db=db)
    empty = run_cli("user", "add", "amina", "--party", "PK-MOI", "--role", "admin", db=db,
                    input="")
    assert empty.returncode == 2 and "no password" in empty.stderr
    bad_role = run_cli("user", "add", "amina", "--party", "PK-MOI", "--role", "king", db=db,
                       input=PASSWORD + "\n")
    assert bad_role.returncode == 2 and "role 'king'" in bad_role.stderr
    assert run_cli("token", "create", "--user", "ghost", db=db).returncode == 3
    assert run_cli("token", "revoke", "deadbeef", db=db).returncode == 3
