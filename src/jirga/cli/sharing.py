"""TAXII collections, peers and sync: `jirga collection …`, `jirga peer …`, `jirga sync`."""

from __future__ import annotations

import typer

from jirga.cli import context
from jirga.cli.output import json_out, note, table
from jirga.sharing import collections


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="TAXII collections and which parties may read or write them.",
                        no_args_is_help=True)
    group.command("add")(collection_add)
    group.command("list")(collection_list)
    group.command("grant")(collection_grant)
    app.add_typer(group, name="collection")


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
