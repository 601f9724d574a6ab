"""Server-side web sessions: a random id in an HttpOnly cookie, its digest and a CSRF token in
the database, an absolute lifetime. Signing out, a password change or disabling the user ends
them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from jirga.model.timestamps import format_ts, now
from jirga.sharing import secrets
from jirga.sharing.authn import active_user, principal_of
from jirga.sharing.principal import Principal
from jirga.store import Store
from jirga.store import accounts as sql
from jirga.store.accounts import SessionRow

DEFAULT_HOURS = 12


@dataclass(frozen=True)
class Session:
    id: str  # the cookie value: never stored
    csrf: str
    principal: Principal
    expires_at: str


def start(store: Store, principal: Principal, hours: int = DEFAULT_HOURS) -> Session:
    """A new session for a user already authenticated (by password)."""
    assert principal.user is not None
    session_id, csrf = secrets.new_secret(), secrets.new_secret()
    expires = format_ts(datetime.now(UTC) + timedelta(hours=hours))
    with store.db.transaction():
        sql.delete_expired_sessions(store.db, now())
        sql.insert_session(store.db, SessionRow(secrets.digest(session_id), principal.user,
                                                csrf, now(), expires))
    return Session(session_id, csrf, principal, expires)


def resume(store: Store, session_id: str) -> Session | None:
    """The live session for a cookie value, or None (unknown, expired, user disabled)."""
    row = sql.session(store.db, secrets.digest(session_id))
    if row is None or row.expires_at <= now():
        return None
    user = sql.user(store.db, row.user_name)
    if user is None or user.disabled:
        return None
    return Session(session_id, row.csrf, principal_of(active_user(store, user.name)),
                   row.expires_at)


def end(store: Store, session_id: str) -> None:
    with store.db.transaction():
        sql.delete_session(store.db, secrets.digest(session_id))
