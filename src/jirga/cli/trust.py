"""Trust commands: keys, the log, proofs, verification, alarms."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import orjson
import typer

from jirga.cli import context
from jirga.cli.output import json_out, note, progress, table, warn
from jirga.errors import Invalid, TrustError
from jirga.store import Visibility
from jirga.trust import alarms, heads, history, manage, proofs, verify
from jirga.trust.keyring import Keyring, keyring_of
from jirga.trust.keys import read_public_key_file

LOCAL = Visibility.everything()


def register(app: typer.Typer) -> None:
    keys = typer.Typer(help="Party signing keys (Ed25519): create, rotate, list, export, import.",
                       no_args_is_help=True)
    keys.command("create")(create_key)
    keys.command("rotate")(rotate_key)
    keys.command("list")(list_keys)
    keys.command("export")(export_keys)
    keys.command("import")(import_keys)
    app.add_typer(keys, name="keys")
    tlog = typer.Typer(help="This node's Merkle log: tree heads and proofs.", no_args_is_help=True)
    tlog.command("head")(log_head)
    tlog.command("inclusion")(log_inclusion)
    tlog.command("consistency")(log_consistency)
    app.add_typer(tlog, name="log")
    app.command("prove")(prove)
    app.command("check-proof")(check_proof)
    app.command("verify")(verify_command)
    group = typer.Typer(help="Trust alarms administrators must look at.", no_args_is_help=True)
    group.command("list")(list_alarms)
    group.command("ack")(ack_alarm)
    app.add_typer(group, name="alarms")


def _keyring(ctx: typer.Context) -> Keyring:
    cli = context.get(ctx)
    ring = keyring_of(cli.store)
    assert ring is not None  # the CLI context attaches one
    return ring


def _passphrase(ctx: typer.Context, no_passphrase: bool) -> str | None:
    if no_passphrase:
        return None
    given = context.get(ctx).settings.key_passphrase
    if given:
        return given
    if not sys.stdin.isatty():
        raise Invalid("no passphrase: set JIRGA_KEY_PASSPHRASE, run in a terminal to be asked, or "
                      "pass --no-passphrase for an unattended server (key file mode 0600)")
    return str(typer.prompt("passphrase for the new private key", hide_input=True,
                            confirmation_prompt=True))


def create_key(
    ctx: typer.Context,
    party: str = typer.Option(..., "--party", help="Party code (x_jirga_party_code), e.g. PK-MOI."),
    no_passphrase: bool = typer.Option(False, "--no-passphrase", help="Store the private key "
                                       "unencrypted in a 0600 file (unattended servers)."),
) -> None:
    """Create the party's signing key and publish it in the party's identity."""
    ring = _keyring(ctx)
    key = manage.create_key(context.get(ctx).store, ring, party,
                            passphrase=_passphrase(ctx, no_passphrase), unattended=no_passphrase)
    print(key.kid)
    note(f"created key {key.kid} for {party} in {ring.keys_dir}; published in {key.party_ref}")


def rotate_key(
    ctx: typer.Context,
    party: str = typer.Option(..., "--party", help="Party code."),
    no_passphrase: bool = typer.Option(False, "--no-passphrase", help="Store the new private key "
                                       "unencrypted in a 0600 file."),
) -> None:
    """Replace the party's key: the old one stops signing now but still verifies its past."""
    ring = _keyring(ctx)
    new, retired = manage.rotate_key(context.get(ctx).store, ring, party,
                                     passphrase=_passphrase(ctx, no_passphrase),
                                     unattended=no_passphrase)
    print(new.kid)
    for key in retired:
        note(f"retired {key.kid} (valid until {key.valid_until}); its file may be deleted once no "
             "one needs it to countersign")
    note(f"new key {new.kid} for {party}, published in {new.party_ref}")


def list_keys(
    ctx: typer.Context,
    party: str = typer.Option(None, "--party", help="Only this party's keys."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """List the keys this node knows: its parties' own, imported and learned ones."""
    found = manage.list_keys(context.get(ctx).store, _keyring(ctx), party)
    if as_json:
        json_out([{**k.key.jwk(), "party_ref": k.key.party_ref, "party_code": k.key.party_code,
                   "origin": k.key.origin, "status": k.key.status, "private_key": k.private}
                  for k in found])
        return
    table(None, ["kid", "party", "status", "origin", "valid from", "valid until", "private key"],
          [[k.key.kid, k.key.party_code or k.key.party_ref, k.key.status, k.key.origin,
            k.key.valid_from, k.key.valid_until or "", k.private] for k in found],
          caption=f"{len(found)} keys")


def export_keys(
    ctx: typer.Context,
    party: str = typer.Option(..., "--party", help="Party code."),
    output: Path = typer.Option(None, "--output", "-o", help="Write here instead of stdout."),
    pem: bool = typer.Option(False, "--pem", help="The active key as a PEM public key instead "
                             "of a JWK Set."),
) -> None:
    """Export the party's public keys (JWK Set with validity periods, or PEM) for peers."""
    jwks = manage.export_keys(context.get(ctx).store, party)
    if pem:
        from jirga.trust.keys import from_jwk

        active = [j for j in jwks["keys"] if "valid_until" not in j] or jwks["keys"][-1:]
        data = from_jwk(active[-1], active[-1]["party_ref"]).pem()
    else:
        data = orjson.dumps(jwks, option=orjson.OPT_INDENT_2) + b"\n"
    _write(data, output)


def import_keys(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="A `keys export` file, a JWK or a PEM public key."),
    party: str = typer.Option(None, "--party", help="Party code the keys belong to (needed "
                              "when the file does not name it)."),
) -> None:
    """Trust a peer party's public keys (compare the fingerprint with the peer first)."""
    added = manage.import_keys(context.get(ctx).store, file, party)
    for key in added:
        print(key.kid)
    note(f"imported {len(added)} keys" + (f" for {party}" if party else ""))


def log_head(
    ctx: typer.Context,
    size: int = typer.Option(None, "--size", help="The head at this size (default: the latest)."),
) -> None:
    """Print this node's latest tree head (or the one at --size) as JSON."""
    store = context.get(ctx).store
    head = proofs.proof_head(store, size, signed=False)
    json_out(heads.head_json(head))
    if not head.signed:
        warn(f"the tree head at size {head.tree_size} is unsigned")


def log_inclusion(
    ctx: typer.Context,
    object_id: str = typer.Argument(..., help="STIX id."),
    version: str = typer.Option(None, "--version", help="The version's `modified` (default: "
                                "the current version)."),
    size: int = typer.Option(None, "--size", help="Prove against the head at this size."),
) -> None:
    """Print the inclusion proof of an object version in this node's log."""
    json_out(proofs.inclusion_proof(context.get(ctx).store, object_id, visibility=LOCAL,
                                    version=version, tree_size=size))


def log_consistency(
    ctx: typer.Context,
    first: int = typer.Argument(..., help="The older tree size."),
    second: int = typer.Argument(None, help="The newer tree size (default: the latest head)."),
) -> None:
    """Print the consistency proof between two tree sizes of this node's log."""
    json_out(proofs.consistency_proof(context.get(ctx).store, first, second))


def prove(
    ctx: typer.Context,
    object_id: str = typer.Argument(..., help="STIX id."),
    output: Path = typer.Option(..., "--output", "-o", help="Proof file to write."),
    version: str = typer.Option(None, "--version", help="The version's `modified` (default: "
                                "the current version)."),
) -> None:
    """Write an offline proof that the author signed the object and this node's log holds it."""
    proof = proofs.offline_proof(context.get(ctx).store, object_id, visibility=LOCAL,
                                 version=version)
    _write(orjson.dumps(proof, option=orjson.OPT_INDENT_2) + b"\n", output)
    inc = proof["inclusion"]
    note(f"{object_id}: leaf {inc['leaf_index']} of tree size {inc['tree_size']}; check with "
         f"`jirga check-proof {output} --key AUTHOR_KEY --key LOG_KEY`")


def check_proof(
    file: Path = typer.Argument(..., help="A proof file from `jirga prove`, or a saved TAXII "
                                "add-objects status carrying receipts."),
    key: list[Path] = typer.Option(..., "--key", "-k", help="A public key you trust (JWK, JWK "
                                   "Set or PEM); repeat for the author's and the log's."),
    objects: Path = typer.Option(None, "--objects", help="With a status: the envelope or bundle "
                                 "sent, so each receipt is checked against the object it names."),
) -> None:
    """Check an offline proof, or the receipts of an add-objects status, with nothing but
    public keys; exit 6 when any step fails."""
    proof = _read_json(file, "a proof")
    jwks = [jwk for path in key for jwk in read_public_key_file(path)]
    if isinstance(proof, dict) and "x_jirga_receipts" in proof:
        sent = _read_json(objects, "objects").get("objects") if objects else None
        if objects and not isinstance(sent, list):
            raise Invalid(f"{objects}: expected a TAXII envelope or a STIX bundle ('objects')")
        report = proofs.check_receipts(proof, proofs.keys_for_check(jwks, proof), sent)
    else:
        report = proofs.check_proof(proof, proofs.keys_for_check(jwks, proof))
    for line in report.lines:
        print(f"ok: {line}")
    for problem in report.problems:
        print(f"FAILED: {problem}")
    if not report.ok:
        raise TrustError(f"{file}: the proof does not hold ({len(report.problems)} problems)")
    note(f"{file}: the proof holds")


def _read_json(file: Path, what: str) -> Any:
    try:
        return orjson.loads(file.read_bytes())
    except (OSError, orjson.JSONDecodeError) as exc:
        raise Invalid(f"{file}: cannot read {what} ({exc})") from exc


def verify_command(
    ctx: typer.Context,
    workers: int = typer.Option(None, "--workers", "-w", help="Processes that check objects in "
                                "parallel [default: the number of cores]."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    no_alarm: bool = typer.Option(False, "--no-alarm", help="Do not raise an alarm on errors."),
) -> None:
    """Re-check the whole store against the log: every object's hash, leaf and signatures, the
    tree, the tree heads, the keys. Names each mismatch; exit 6 on any error."""
    cli = context.get(ctx)
    store = cli.store
    with progress("verifying", store.version_count()) as advance:
        report = verify.verify_store(store, keyring_of(store), workers=workers or os.cpu_count() or 1,
                                     progress=advance)
    if as_json:
        json_out({"ok": report.ok, "versions": report.versions, "signed": report.signed,
                  "unsigned": report.unsigned, "leaves": report.leaves, "heads": report.heads,
                  "signed_heads": report.signed_heads,
                  "findings": [f.__dict__ for f in report.findings]})
    else:
        for finding in report.findings:
            print(finding)
    history.record(store, report, "local operator")
    note(f"{report.versions} versions ({report.signed} signed, {report.unsigned} unsigned), "
         f"{report.leaves} leaves, {report.heads} tree heads ({report.signed_heads} signed): "
         f"{len(report.errors)} errors, {len(report.warnings)} warnings")
    if not report.ok:
        if not no_alarm:
            alarms.raise_alarm(store, "verify-failed", "store",
                               f"jirga verify found {len(report.errors)} errors",
                               [str(f) for f in report.errors[:100]])
        raise TrustError(f"verification failed: {len(report.errors)} errors")


def list_alarms(
    ctx: typer.Context,
    all_: bool = typer.Option(False, "--all", help="Acknowledged alarms too."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """List open trust alarms, newest first."""
    found = alarms.open_alarms(context.get(ctx).store, include_acknowledged=all_)
    if as_json:
        json_out([alarms.as_dict(a) for a in found])
        return
    table(None, ["id", "raised", "kind", "subject", "message", "acknowledged"],
          [[a.id, a.raised_at, a.kind, a.subject or "", a.message, a.acknowledged_by or ""]
           for a in found], caption=f"{len(found)} alarms")


def ack_alarm(
    ctx: typer.Context,
    alarm_id: int = typer.Argument(..., help="The alarm's number."),
    by: str = typer.Option(None, "--by", help="Who acknowledges [default: $USER]."),
) -> None:
    """Acknowledge an alarm once it has been looked into."""
    alarms.acknowledge(context.get(ctx).store, alarm_id, by or os.environ.get("USER", "operator"))
    note(f"alarm #{alarm_id} acknowledged")


def _write(data: bytes, output: Path | None) -> None:
    if output is None:
        sys.stdout.buffer.write(data)
        return
    tmp = output.with_name(output.name + ".partial")
    tmp.write_bytes(data)
    tmp.replace(output)
    note(f"wrote {output}")

