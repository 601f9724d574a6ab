"""People who sign in: a user belongs to one party and has one role (admin, analyst, liaison,
observer). Passwords are argon2 hashes; disabling a user ends their sessions and stops their
tokens at once (every request re-reads the user)."""

from __future__ import annotations

import re

from jirga.errors import Conflict, Invalid, NotFound
from jirga.model.timestamps import now
from jirga.sharing import secrets
from jirga.sharing.parties import get_party
from jirga.sharing.principal import ROLES
from jirga.store import Store
from jirga.store import accounts as sql
from jirga.store.accounts import UserRow

NAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
User = UserRow


def check_name(name: str) -> str:
    if not NAME_RE.match(name):
        raise Invalid(f"user name '{name}' is not valid; use 2-64 lower-case letters, digits, "
                      "'.', '_' or '-', starting with a letter or digit")
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise Invalid(f"role '{role}' is not known; use one of {', '.join(ROLES)}")
    return role


def add_user(store: Store, name: str, party_code: str, role: str, password: str) -> User:
    check_name(name)
    check_role(role)
    password_hash = secrets.hash_password(password)
    with store.db.transaction():
        get_party(store, party_code)
        if sql.user(store.db, name):
            raise Conflict(f"user '{name}' already exists; change it with `jirga user passwd`")
        sql.insert_user(store.db, name, party_code, role, password_hash, now())
    return get_user(store, name)


def get_user(store: Store, name: str) -> User:
    found = sql.user(store.db, name)
    if found is None:
        raise NotFound(f"user '{name}' not found; see `jirga user list`")
    return found


def list_users(store: Store, party_code: str | None = None) -> list[User]:
    return sql.users(store.db, party_code)


def set_password(store: Store, name: str, password: str) -> None:
    """A new password; the user's open sessions end (tokens stay, revoke them separately)."""
    password_hash = secrets.hash_password(password)
    with store.db.transaction():
        get_user(store, name)
        sql.set_password(store.db, name, password_hash, now())
        sql.delete_sessions_of(store.db, name)


def set_disabled(store: Store, name: str, disabled: bool = True) -> None:
    """Disable (or re-enable) a user: sign-in, sessions and tokens stop working at once."""
    with store.db.transaction():
        get_user(store, name)
        sql.set_disabled(store.db, name, disabled)
        if disabled:
            sql.delete_sessions_of(store.db, name)


def set_role(store: Store, name: str, role: str) -> None:
    check_role(role)
    with store.db.transaction():
        get_user(store, name)
        sql.set_role(store.db, name, role)
