"""Authentication: a user name and password, an API token or a web session → a `Principal`.

Every check re-reads the user's row, so `jirga user disable` and a password change take effect
on the next request. `PasswordCache` lets a long-running server skip argon2 (~50 ms) for HTTP
Basic clients that send the same password with every request: it remembers, per process, a
keyed digest of the password next to the hash it verified against, and is void as soon as the
stored hash changes.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from datetime import UTC, datetime, timedelta

from jirga.errors import Unauthorized
from jirga.model.timestamps import format_ts, now
from jirga.sharing import secrets
from jirga.sharing.principal import Principal
from jirga.store import Store
from jirga.store import accounts as sql
from jirga.store.accounts import UserRow

BAD_LOGIN = "wrong user name or password"
TOUCH_EVERY = timedelta(minutes=1)


class PasswordCache:
    """Verified (user, password) pairs for this process, keyed so no password is held."""

    def __init__(self, size: int = 1024) -> None:
        self._key = os.urandom(32)
        self._size = size
        self._seen: dict[tuple[str, bytes], str] = {}

    def _mac(self, password: str) -> bytes:
        return hmac.new(self._key, password.encode(), hashlib.sha256).digest()

    def knows(self, user: UserRow, password: str) -> bool:
        cached = self._seen.get((user.name, self._mac(password)))
        return cached is not None and secrets.same(cached, user.password_hash)

    def remember(self, user: UserRow, password: str) -> None:
        if len(self._seen) >= self._size:
            self._seen.clear()
        self._seen[(user.name, self._mac(password))] = user.password_hash


def principal_of(user: UserRow) -> Principal:
    return Principal(user=user.name, party_id=user.party_identity, party_code=user.party_code,
                     role=user.role)


def active_user(store: Store, name: str) -> UserRow:
    """The user, if they exist and are not disabled; otherwise Unauthorized."""
    user = sql.user(store.db, name)
    if user is None:
        raise Unauthorized(BAD_LOGIN)
    if user.disabled:
        raise Unauthorized(f"user '{name}' is disabled; ask an administrator")
    return user


def by_password(store: Store, name: str, password: str,
                cache: PasswordCache | None = None) -> Principal:
    user = sql.user(store.db, name)
    if user is None:
        secrets.verify_password(_DUMMY_HASH, password)  # same time as a real check
        raise Unauthorized(BAD_LOGIN)
    if not (cache and cache.knows(user, password)):
        if not secrets.verify_password(user.password_hash, password):
            raise Unauthorized(BAD_LOGIN)
        if cache:
            cache.remember(user, password)
    return principal_of(active_user(store, name))


def by_token(store: Store, token: str) -> Principal:
    prefix = secrets.token_prefix(token.strip())
    row = sql.token(store.db, prefix) if prefix else None
    if row is None or not secrets.same(row.digest, secrets.digest(token.strip())):
        raise Unauthorized("the token is not valid; create one with `jirga token create`")
    stamp = now()
    if row.revoked_at:
        raise Unauthorized(f"token {prefix}… was revoked on {row.revoked_at}; create a new one")
    if row.expires_at and row.expires_at <= stamp:
        raise Unauthorized(f"token {prefix}… expired on {row.expires_at}; create a new one")
    principal = principal_of(active_user(store, row.user_name))
    if _stale(row.last_used_at):
        sql.touch_token(store.db, row.prefix, stamp)
    return principal


def _stale(last_used: str | None) -> bool:
    if last_used is None:
        return True
    return last_used <= format_ts(datetime.now(UTC) - TOUCH_EVERY)


_DUMMY_HASH = ("$argon2id$v=19$m=65536,t=3,p=4$j8Rfy67HbfyMYCOjce+UKQ$"
               "kdjlmDeGgv6Xj//36EsXf7j38E1uBBPqTtH0rdNeaRo")
