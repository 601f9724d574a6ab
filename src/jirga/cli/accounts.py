"""Parties, users and API tokens: `jirga party …`, `jirga user …`, `jirga token …`."""

from __future__ import annotations

import sys

import typer

from jirga.cli import context
from jirga.cli.output import json_out, note, table
from jirga.errors import Invalid
from jirga.sharing import parties, tokens, users
from jirga.sharing.principal import ROLES


def register(app: typer.Typer) -> None:
    party = typer.Typer(help="The parties this node shares with.", no_args_is_help=True)
    party.command("add")(party_add)
    party.command("list")(party_list)
    app.add_typer(party, name="party")
    user = typer.Typer(help="People who sign in: one party and one role each.",
                       no_args_is_help=True)
    user.command("add")(user_add)
    user.command("list")(user_list)
    user.command("passwd")(user_passwd)
    user.command("disable")(user_disable)
    user.command("enable")(user_enable)
    user.command("role")(user_role)
    app.add_typer(user, name="user")
    token = typer.Typer(help="API tokens for TAXII clients and peers.", no_args_is_help=True)
    token.command("create")(token_create)
    token.command("list")(token_list)
    token.command("revoke")(token_revoke)
    app.add_typer(token, name="token")


def party_add(
    ctx: typer.Context,
    code: str = typer.Argument(..., help="Short code, e.g. PK-MOI."),
    name: str = typer.Option(..., "--name", help="Full name of the organisation."),
    country: str = typer.Option(None, "--country", help="ISO 3166-1 alpha-2 code, e.g. PK."),
    identity: str = typer.Option(None, "--identity", help="Use this existing STIX identity id."),
) -> None:
    """Register a party (a STIX identity of class organization carrying its code)."""
    party = parties.add_party(context.get(ctx).store, code, name, identity_id=identity,
                              country=country)
    note(f"party {party.code} added: {party.identity_id}")


def party_list(ctx: typer.Context,
               as_json: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """List the registered parties."""
    rows = parties.list_parties(context.get(ctx).store)
    if as_json:
        json_out([{"code": p.code, "name": p.name, "identity": p.identity_id} for p in rows])
        return
    table(None, ["code", "name", "identity"], [[p.code, p.name, p.identity_id] for p in rows])


def read_password(prompt: str = "Password") -> str:
    """The first line of standard input when it is not a terminal, else a hidden prompt."""
    if not sys.stdin.isatty():
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise Invalid("no password on standard input; pipe one in or run in a terminal")
        return line
    return typer.prompt(prompt, hide_input=True, confirmation_prompt=True)


def user_add(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Sign-in name, e.g. amina.k"),
    party: str = typer.Option(..., "--party", help="Code of the user's party."),
    role: str = typer.Option(..., "--role", help=f"One of {', '.join(ROLES)}."),
) -> None:
    """Add a user; the password is read from standard input or prompted for."""
    store = context.get(ctx).store
    parties.get_party(store, party)
    users.check_name(name)
    users.check_role(role)
    user = users.add_user(store, name, party, role, read_password())
    note(f"user {user.name} added ({user.party_code}, {user.role})")


def user_list(ctx: typer.Context, party: str = typer.Option(None, "--party", help="Only this party."),
              as_json: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """List users with their party, role and state."""
    rows = users.list_users(context.get(ctx).store, party)
    if as_json:
        json_out([{"name": u.name, "party": u.party_code, "role": u.role,
                   "disabled": u.disabled, "created": u.created_at} for u in rows])
        return
    table(None, ["name", "party", "role", "state", "created"],
          [[u.name, u.party_code, u.role, "disabled" if u.disabled else "active", u.created_at]
           for u in rows])


def user_passwd(ctx: typer.Context, name: str = typer.Argument(..., help="The user.")) -> None:
    """Set a new password (from standard input or a prompt); open sessions end."""
    store = context.get(ctx).store
    users.get_user(store, name)
    users.set_password(store, name, read_password("New password"))
    note(f"password of {name} changed; their web sessions were ended")


def user_disable(ctx: typer.Context, name: str = typer.Argument(..., help="The user.")) -> None:
    """Disable a user: sign-in, sessions and tokens stop working at once."""
    users.set_disabled(context.get(ctx).store, name, True)
    note(f"user {name} disabled")


def user_enable(ctx: typer.Context, name: str = typer.Argument(..., help="The user.")) -> None:
    """Re-enable a disabled user."""
    users.set_disabled(context.get(ctx).store, name, False)
    note(f"user {name} enabled")


def user_role(ctx: typer.Context, name: str = typer.Argument(..., help="The user."),
              role: str = typer.Argument(..., help=f"One of {', '.join(ROLES)}.")) -> None:
    """Change a user's role."""
    users.set_role(context.get(ctx).store, name, role)
    note(f"user {name} is now {role}")


def token_create(
    ctx: typer.Context,
    user: str = typer.Option(..., "--user", help="The user the token acts as."),
    expires: str = typer.Option(tokens.DEFAULT_EXPIRY, "--expires",
                                help="Lifetime: 12h, 90d, 2w, 1y or never."),
    label: str = typer.Option(None, "--label", help="What the token is for."),
) -> None:
    """Create an API token and print it once on standard output (only its digest is kept)."""
    new = tokens.create_token(context.get(ctx).store, user, expires=expires, label=label)
    sys.stdout.write(new.token + "\n")
    until = f"until {new.row.expires_at}" if new.row.expires_at else "with no expiry"
    note(f"token {new.row.prefix}… for {user}, valid {until}; it is shown only this once")


def token_list(ctx: typer.Context, user: str = typer.Option(None, "--user", help="Only this user."),
               as_json: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """List tokens by their prefix, with owner, expiry and state (never the token itself)."""
    rows = tokens.list_tokens(context.get(ctx).store, user)
    data = [{"prefix": t.prefix, "user": t.user_name, "label": t.label, "created": t.created_at,
             "expires": t.expires_at, "last_used": t.last_used_at, "state": tokens.state(t)}
            for t in rows]
    if as_json:
        json_out(data)
        return
    table(None, ["prefix", "user", "label", "created", "expires", "last used", "state"],
          [list(d.values()) for d in data])


def token_revoke(ctx: typer.Context,
                 prefix: str = typer.Argument(..., help="The token's prefix (or the token).")) -> None:
    """Revoke a token: it stops working at once."""
    row = tokens.revoke_token(context.get(ctx).store, prefix)
    note(f"token {row.prefix}… of {row.user_name} revoked")
