"""SQL for parties, users, API tokens and web sessions (tables from m030_accounts).

Plain functions over a `Database`: the sharing package decides what is allowed and hashes the
secrets; this module only reads and writes rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from jirga.store.db import Database


@dataclass(frozen=True)
class PartyRow:
    code: str
    identity_id: str
    name: str
    created_at: str


@dataclass(frozen=True)
class UserRow:
    name: str
    party_code: str
    role: str
    password_hash: str
    disabled: bool
    created_at: str
    password_changed_at: str
    party_identity: str


@dataclass(frozen=True)
class TokenRow:
    prefix: str
    digest: str
    user_name: str
    label: str | None
    created_at: str
    expires_at: str | None
    revoked_at: str | None
    last_used_at: str | None


@dataclass(frozen=True)
class SessionRow:
    digest: str
    user_name: str
    csrf: str
    created_at: str
    expires_at: str


# -- parties ------------------------------------------------------------------------------------

def insert_party(db: Database, party: PartyRow) -> None:
    db.execute("INSERT INTO parties (code, identity_id, name, created_at) VALUES (?, ?, ?, ?)",
               (party.code, party.identity_id, party.name, party.created_at))


def party(db: Database, code: str) -> PartyRow | None:
    row = db.query_one("SELECT code, identity_id, name, created_at FROM parties WHERE code = ?",
                       (code,))
    return PartyRow(*row) if row else None


def party_by_identity(db: Database, identity_id: str) -> PartyRow | None:
    row = db.query_one("SELECT code, identity_id, name, created_at FROM parties "
                       "WHERE identity_id = ?", (identity_id,))
    return PartyRow(*row) if row else None


def parties(db: Database) -> list[PartyRow]:
    return [PartyRow(*r) for r in db.query(
        "SELECT code, identity_id, name, created_at FROM parties ORDER BY code")]


# -- users --------------------------------------------------------------------------------------

_USER_SQL = ("SELECT u.name, u.party_code, u.role, u.password_hash, u.disabled, u.created_at, "
             "u.password_changed_at, p.identity_id FROM users u "
             "JOIN parties p ON p.code = u.party_code")


def _user(row: tuple) -> UserRow:
    return UserRow(row[0], row[1], row[2], row[3], bool(row[4]), row[5], row[6], row[7])


def insert_user(db: Database, name: str, party_code: str, role: str, password_hash: str,
                at: str) -> None:
    db.execute("INSERT INTO users (name, party_code, role, password_hash, disabled, created_at, "
               "password_changed_at) VALUES (?, ?, ?, ?, 0, ?, ?)",
               (name, party_code, role, password_hash, at, at))


def user(db: Database, name: str) -> UserRow | None:
    row = db.query_one(f"{_USER_SQL} WHERE u.name = ?", (name,))
    return _user(row) if row else None


def users(db: Database, party_code: str | None = None) -> list[UserRow]:
    if party_code:
        rows = db.query(f"{_USER_SQL} WHERE u.party_code = ? ORDER BY u.name", (party_code,))
    else:
        rows = db.query(f"{_USER_SQL} ORDER BY u.name")
    return [_user(r) for r in rows]


def set_password(db: Database, name: str, password_hash: str, at: str) -> None:
    db.execute("UPDATE users SET password_hash = ?, password_changed_at = ? WHERE name = ?",
               (password_hash, at, name))


def set_disabled(db: Database, name: str, disabled: bool) -> None:
    db.execute("UPDATE users SET disabled = ? WHERE name = ?", (int(disabled), name))


def set_role(db: Database, name: str, role: str) -> None:
    db.execute("UPDATE users SET role = ? WHERE name = ?", (role, name))


# -- tokens -------------------------------------------------------------------------------------

_TOKEN_SQL = ("SELECT prefix, digest, user_name, label, created_at, expires_at, revoked_at, "
              "last_used_at FROM tokens")


def insert_token(db: Database, token: TokenRow) -> None:
    db.execute("INSERT INTO tokens (prefix, digest, user_name, label, created_at, expires_at) "
               "VALUES (?, ?, ?, ?, ?, ?)",
               (token.prefix, token.digest, token.user_name, token.label, token.created_at,
                token.expires_at))


def token(db: Database, prefix: str) -> TokenRow | None:
    row = db.query_one(f"{_TOKEN_SQL} WHERE prefix = ?", (prefix,))
    return TokenRow(*row) if row else None


def tokens(db: Database, user_name: str | None = None) -> list[TokenRow]:
    if user_name:
        rows = db.query(f"{_TOKEN_SQL} WHERE user_name = ? ORDER BY created_at", (user_name,))
    else:
        rows = db.query(f"{_TOKEN_SQL} ORDER BY user_name, created_at")
    return [TokenRow(*r) for r in rows]


def revoke_token(db: Database, prefix: str, at: str) -> None:
    db.execute("UPDATE tokens SET revoked_at = ? WHERE prefix = ? AND revoked_at IS NULL",
               (at, prefix))


def touch_token(db: Database, prefix: str, at: str) -> None:
    db.execute("UPDATE tokens SET last_used_at = ? WHERE prefix = ?", (at, prefix))


# -- sessions -----------------------------------------------------------------------------------

def insert_session(db: Database, session: SessionRow) -> None:
    db.execute("INSERT INTO sessions (digest, user_name, csrf, created_at, expires_at) "
               "VALUES (?, ?, ?, ?, ?)",
               (session.digest, session.user_name, session.csrf, session.created_at,
                session.expires_at))


def session(db: Database, digest: str) -> SessionRow | None:
    row = db.query_one("SELECT digest, user_name, csrf, created_at, expires_at FROM sessions "
                       "WHERE digest = ?", (digest,))
    return SessionRow(*row) if row else None


def delete_session(db: Database, digest: str) -> None:
    db.execute("DELETE FROM sessions WHERE digest = ?", (digest,))


def delete_sessions_of(db: Database, user_name: str) -> None:
    db.execute("DELETE FROM sessions WHERE user_name = ?", (user_name,))


def delete_expired_sessions(db: Database, now: str) -> None:
    db.execute("DELETE FROM sessions WHERE expires_at <= ?", (now,))
