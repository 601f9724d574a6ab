"""TAXII collections, peers and sync: `jirga collection …`, `jirga peer …`, `jirga sync`."""

from __future__ import annotations

import typer

from jirga.cli import context
from jirga.cli.output import json_out, note, table, warn
from jirga.sharing import collections, peers
from jirga.sharing import sync as syncing


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="TAXII collections and which parties may read or write them.",
                        no_args_is_help=True)
    group.command("add")(collection_add)
    group.command("list")(collection_list)
    group.command("grant")(collection_grant)
    app.add_typer(group, name="collection")
    peer = typer.Typer(help="Other nodes this node pulls from.", no_args_is_help=True)
    peer.command("add")(peer_add)
    peer.command("list")(peer_list)
    peer.command("set")(peer_set)
    peer.command("remove")(peer_remove)
    app.add_typer(peer, name="peer")
    app.command("sync")(sync)


def collection_add(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Short name, e.g. shared."),
    title: str = typer.Option(None, "--title", help="Title TAXII clients show."),
    description: str = typer.Option(None, "--description", help="What the collection holds."),
    all_objects: bool = typer.Option(False, "--all", help="Serve every object on this node "
                                     "(as TLP allows) instead of only what was posted to it."),
) -> None:
    """Add a TAXII collection (it gets a UUID; clients address it by that id)."""
    found = collections.add_collection(context.get(ctx).store, name, title=title,
                                       description=description,
                                       scope="all" if all_objects else "posted")
    note(f"collection {found.name} added: {found.id} ({found.scope})")


def collection_list(ctx: typer.Context,
                    as_json: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """List collections with their grants."""
    store = context.get(ctx).store
    rows = []
    for found in collections.list_collections(store):
        grants = collections.grants(store, found.id)
        rows.append({"name": found.name, "id": found.id, "scope": found.scope,
                     "title": found.title,
                     "grants": {g.party_code: "".join(("r" if g.can_read else "",
                                                       "w" if g.can_write else ""))
                                for g in grants}})
    if as_json:
        json_out(rows)
        return
    table(None, ["name", "id", "scope", "grants"],
          [[r["name"], r["id"], r["scope"], " ".join(f"{p}:{m}" for p, m in r["grants"].items())]
           for r in rows])


def collection_grant(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Collection name or id."),
    party: str = typer.Option(..., "--party", help="Party code."),
    read: bool = typer.Option(False, "--read", help="May read objects."),
    write: bool = typer.Option(False, "--write", help="May add objects."),
) -> None:
    """Set a party's access to a collection (neither --read nor --write removes it)."""
    row = collections.grant(context.get(ctx).store, name, party, read=read, write=write)
    rights = " and ".join(r for r, ok in (("read", row.can_read), ("write", row.can_write)) if ok)
    note(f"{party} on {name}: {rights or 'no access'}")


def peer_add(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="A short name for the peer, e.g. af."),
    url: str = typer.Argument(..., help="The peer's address, e.g. https://jirga.af.example."),
    token: str = typer.Option(..., "--token", help="The token the peer's administrator "
                              "created for this node."),
    party: str = typer.Option(..., "--party", help="The peer's party code: the origin "
                              "recorded on what comes from it."),
    require_signatures: bool = typer.Option(
        False, "--require-signatures/--warn-unsigned",
        help="Refuse the peer's unsigned objects and ones signed with keys this node does not "
             "know, or accept them with a warning. Forged signatures are always refused."),
) -> None:
    """Add a peer to pull from with `jirga sync`."""
    found = peers.add_peer(context.get(ctx).store, name, url, token, party,
                           require_signatures=require_signatures)
    note(f"peer {found.name} added: {found.url} ({found.party_code}, {_rule(found)})")


def _rule(peer: peers.Peer) -> str:
    return "signatures required" if peer.require_signatures else "unsigned objects warned"



def peer_list(ctx: typer.Context,
              as_json: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """List peers, when they were last synced, and the last error (never their tokens)."""
    store = context.get(ctx).store
    rows = [{"name": p.name, "url": p.url, "party": p.party_code, "last_sync": p.last_sync_at,
             "last_error": p.last_error, "require_signatures": p.require_signatures,
             "objects": sum(c.objects for c in peers.cursors(store, p.name))}
            for p in peers.list_peers(store)]
    if as_json:
        json_out(rows)
        return
    table(None, ["name", "url", "party", "signatures", "last sync", "received", "last error"],
          [[r["name"], r["url"], r["party"], "required" if r["require_signatures"] else "warn",
            r["last_sync"], r["objects"], r["last_error"]] for r in rows])


def peer_set(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The peer."),
    url: str = typer.Option(None, "--url", help="A new address."),
    token: str = typer.Option(None, "--token", help="A new token."),
    require_signatures: bool = typer.Option(
        None, "--require-signatures/--warn-unsigned",
        help="Refuse the peer's unsigned objects, or accept them with a warning."),
) -> None:
    """Change a peer's address, token or signature rule (its sync cursors are kept)."""
    found = peers.set_peer(context.get(ctx).store, name, url=url, token=token,
                           require_signatures=require_signatures)
    note(f"peer {name} updated ({_rule(found)})")


def peer_remove(ctx: typer.Context, name: str = typer.Argument(..., help="The peer.")) -> None:
    """Remove a peer and its sync cursors (objects already received stay)."""
    peers.remove_peer(context.get(ctx).store, name)
    note(f"peer {name} removed")


def sync(
    ctx: typer.Context,
    name: str = typer.Argument(None, help="Only this peer (default: every peer)."),
    page_size: int = typer.Option(None, "--page-size", min=1, help="Objects per request."),
) -> None:
    """Pull new objects from peers' shared collections; resumes where the last run stopped."""
    cli = context.get(ctx)
    reports = syncing.sync(cli.store, cli.settings, name, page_size=page_size)
    rows = []
    for report in reports:
        for col in report.collections:
            counts = col.counts
            rows.append([report.peer, col.title, col.pages, col.received, counts["added"],
                         counts["newer-version"], counts["older-version"], counts["unchanged"],
                         counts["refused"]])
        _report_trust(report)
    table("sync", ["peer", "collection", "pages", "received", "added", "newer", "older",
                   "unchanged", "refused"], rows)
    code = max((r.exit_code for r in reports), default=0)
    if code:
        raise typer.Exit(code)


def _report_trust(report: syncing.PeerReport) -> None:
    """One line per refused object, warning and alarm, then the error that stopped the peer."""
    for line in report.refused[:50]:
        warn(f"peer {report.peer}: refused {line}")
    if len(report.refused) > 50:
        warn(f"peer {report.peer}: … and {len(report.refused) - 50} more refused")
    if report.unsigned:
        warn(f"peer {report.peer}: {report.unsigned} objects accepted without a signature this "
             "node could check (the peer is set to --warn-unsigned)")
    for line in report.warnings:
        warn(f"peer {report.peer}: {line}")
    for alarm in report.alarms:
        warn(f"peer {report.peer}: alarm #{alarm} raised (jirga alarms list)")
    if report.head_size is not None:
        note(f"peer {report.peer}: tree head at size {report.head_size} cross-checked and kept")
    if report.error:
        warn(f"peer {report.peer}: {report.error}")
