"""API tokens for programs (TAXII clients, peers' sync): shown once, stored as a digest, listed
by their first characters, expiring, revocable."""

from __future__ import annotations

from dataclasses import dataclass

from jirga.errors import NotFound
from jirga.model.timestamps import now
from jirga.sharing import secrets
from jirga.sharing.users import get_user
from jirga.store import Store
from jirga.store import accounts as sql
from jirga.store.accounts import TokenRow

DEFAULT_EXPIRY = "90d"


@dataclass(frozen=True)
class NewToken:
    token: str  # the secret: shown once, never stored
    row: TokenRow


def create_token(store: Store, user_name: str, *, expires: str | None = DEFAULT_EXPIRY,
                 label: str | None = None) -> NewToken:
    expires_at = secrets.expiry(expires)
    with store.db.transaction():
        get_user(store, user_name)
        token, prefix = secrets.new_token()
        while sql.token(store.db, prefix) is not None:  # 2^32 prefixes: a clash is rare
            token, prefix = secrets.new_token()
        row = TokenRow(prefix, secrets.digest(token), user_name, label, now(), expires_at,
                       None, None)
        sql.insert_token(store.db, row)
    return NewToken(token, row)


def list_tokens(store: Store, user_name: str | None = None) -> list[TokenRow]:
    return sql.tokens(store.db, user_name)


def revoke_token(store: Store, prefix: str) -> TokenRow:
    """Revoke by prefix (the token itself also works: its prefix is read from it)."""
    prefix = secrets.token_prefix(prefix) or prefix
    with store.db.transaction():
        row = sql.token(store.db, prefix)
        if row is None:
            raise NotFound(f"token '{prefix}' not found; `jirga token list` shows prefixes")
        sql.revoke_token(store.db, prefix, now())
    return sql.token(store.db, prefix)  # type: ignore[return-value]


def state(row: TokenRow, at: str | None = None) -> str:
    """active, expired or revoked."""
    if row.revoked_at:
        return "revoked"
    if row.expires_at and row.expires_at <= (at or now()):
        return "expired"
    return "active"
