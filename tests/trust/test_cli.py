"""The trust commands as a user runs them: keys, verify, prove, check-proof, alarms."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jirga.config import Settings
from jirga.demo import AF_MOI, PK_MOI
from jirga.model.incident import make_incident, toll
from jirga.objects.authoring import save
from jirga.store import open_store
from jirga.trust.keyring import attach
from tests.helpers import run_cli


@pytest.fixture
def node(tmp_path: Path) -> dict[str, str]:
    """A SQLite node with the demo parties, keys for both, and one incident each signs."""
    env = {"JIRGA_DB": str(tmp_path / "node.db"), "JIRGA_KEYS_DIR": str(tmp_path / "keys"),
           "JIRGA_PARTY": "PK-MOI"}
    assert run_cli("demo", env=env).returncode == 0
    for code in ("PK-MOI", "AF-MOI"):
        created = run_cli("keys", "create", "--party", code, "--no-passphrase", env=env)
        assert created.returncode == 0, created.stderr
    settings = Settings.from_env(environ=env)
    store = attach(open_store(settings.db), settings)
    incident = make_incident(name="Kaaj centre bombing", occurred="2022-09-30", country="AF",
                             admin1="AF-KAB", killed=toll(53), created_by_ref=AF_MOI)
    save(store, [incident])
    store.close()
    env["INCIDENT"] = incident["id"]
    return env


def test_verify_passes_then_names_a_changed_byte_in_the_database_file(node: dict[str, str]) -> None:
    ok = run_cli("verify", env=node)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "0 errors" in ok.stderr
    path = Path(node["JIRGA_DB"])
    data = path.read_bytes()
    needle = b'"name":"Kaaj centre bombing"'
    assert data.count(needle) == 1
    path.write_bytes(data.replace(needle, needle.replace(b"bombing", b"bombinG")))
    bad = run_cli("verify", env=node)
    assert bad.returncode == 6
    assert f"error: {node['INCIDENT']}:" in bad.stdout
    assert "verification failed" in bad.stderr
    alarms = run_cli("alarms", "list", "--json", env=node)
    [alarm] = json.loads(alarms.stdout)
    assert alarm["kind"] == "verify-failed" and node["INCIDENT"] in " ".join(alarm["details"])
    assert run_cli("alarms", "ack", str(alarm["id"]), "--by", "admin", env=node).returncode == 0
    assert json.loads(run_cli("alarms", "list", "--json", env=node).stdout) == []


def test_prove_then_check_offline_with_public_keys_only(node: dict[str, str],
                                                       tmp_path: Path) -> None:
    proof = tmp_path / "proof.json"
    made = run_cli("prove", node["INCIDENT"], "-o", str(proof), env=node)
    assert made.returncode == 0, made.stderr
    for code, name in (("AF-MOI", "af.jwks"), ("PK-MOI", "pk.jwks")):
        assert run_cli("keys", "export", "--party", code, "-o", str(tmp_path / name),
                       env=node).returncode == 0
    assert run_cli("keys", "export", "--party", "PK-MOI", "--pem", "-o", str(tmp_path / "pk.pem"),
                   env=node).returncode == 0
    bare = {"PATH": "/usr/bin:/bin"}  # no database, no keys directory: a third party
    checked = run_cli("check-proof", str(proof), "--key", str(tmp_path / "af.jwks"),
                      "--key", str(tmp_path / "pk.pem"), env=bare)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"signed by {AF_MOI}" in checked.stdout and f"log of {PK_MOI}" in checked.stdout

    only_author = run_cli("check-proof", str(proof), "--key", str(tmp_path / "af.jwks"), env=bare)
    assert only_author.returncode == 6 and "unknown key" in only_author.stdout

    doc = json.loads(proof.read_text())
    from jirga.model.extensions import INCIDENT_EXT_ID

    doc["object"]["extensions"][INCIDENT_EXT_ID]["killed"]["best"] = 5
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps(doc))
    result = run_cli("check-proof", str(tampered), "--key", str(tmp_path / "af.jwks"),
                     "--key", str(tmp_path / "pk.jwks"), env=bare)
    assert result.returncode == 6
    assert "does not verify" in result.stdout and "leaf hash differs" in result.stdout


def test_keys_list_export_and_log_commands(node: dict[str, str]) -> None:
    listed = json.loads(run_cli("keys", "list", "--json", env=node).stdout)
    assert {k["party_code"] for k in listed} == {"PK-MOI", "AF-MOI"}
    assert all(k["private_key"] == "unencrypted" for k in listed)
    head = json.loads(run_cli("log", "head", env=node).stdout)
    assert head["signer_ref"] == PK_MOI and head["tree_size"] > 20
    consistency = json.loads(run_cli("log", "consistency", "5", env=node).stdout)
    assert consistency["second"] == head["tree_size"] and consistency["path"]
    inclusion = json.loads(run_cli("log", "inclusion", node["INCIDENT"], env=node).stdout)
    assert inclusion["tree_size"] == head["tree_size"]
    rotated = run_cli("keys", "rotate", "--party", "AF-MOI", "--no-passphrase", env=node)
    assert rotated.returncode == 0 and "retired" in rotated.stderr
    assert run_cli("verify", env=node).returncode == 0


def test_key_without_passphrase_in_a_script_is_refused(tmp_path: Path) -> None:
    env = {"JIRGA_DB": str(tmp_path / "n.db"), "JIRGA_KEYS_DIR": str(tmp_path / "keys")}
    assert run_cli("demo", env=env).returncode == 0
    refused = run_cli("keys", "create", "--party", "PK-MOI", env=env)
    assert refused.returncode == 2 and "--no-passphrase" in refused.stderr
    env["JIRGA_KEY_PASSPHRASE"] = "a long passphrase"
    made = run_cli("keys", "create", "--party", "PK-MOI", env=env)
    assert made.returncode == 0, made.stderr
    listed = json.loads(run_cli("keys", "list", "--json", env=env).stdout)
    assert listed[0]["private_key"] == "encrypted"
    unknown = run_cli("keys", "create", "--party", "XX", env=env)
    assert unknown.returncode == 3 and "AF-MOI, PK-MOI" in unknown.stderr
