"""Passwords, API tokens and session ids: how they are made, hashed and checked.

Passwords are hashed with argon2id (argon2-cffi's defaults, RFC 9106's second recommendation).
Tokens and session ids are 256-bit random strings, so a SHA-256 digest is enough to store them:
nobody can guess one, and a digest lookup costs microseconds where argon2 costs ~50 ms, which
matters for a TAXII client making thousands of requests.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from jirga.errors import Invalid
from jirga.model.timestamps import format_ts

TOKEN_PREFIX = "jirga_"
MIN_PASSWORD = 10
_HASHER = PasswordHasher()
_DURATION_RE = re.compile(r"^(\d+)\s*([hdwy])$")
_UNITS = {"h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1),
          "y": timedelta(days=365)}


def hash_password(password: str) -> str:
    check_password_strength(password)
    return _HASHER.hash(password)


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise Invalid(f"the password has {len(password)} characters; use at least {MIN_PASSWORD}")
    if password.strip() != password:
        raise Invalid("the password starts or ends with white space; remove it")


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


def new_token() -> tuple[str, str]:
    """A fresh API token and its public prefix: `jirga_<prefix>_<secret>`."""
    prefix = secrets.token_hex(4)
    return f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}", prefix


def token_prefix(token: str) -> str | None:
    """The prefix of a token in jirga's shape, or None when it is not one."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    prefix, sep, rest = token[len(TOKEN_PREFIX):].partition("_")
    return prefix if sep and len(prefix) == 8 and rest else None


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def expiry(text: str | None, *, start: datetime | None = None) -> str | None:
    """'90d', '12h', '2w', '1y' → the STIX timestamp that far from now; 'never'/None → None."""
    if text is None or text.strip().lower() in ("never", "none", ""):
        return None
    match = _DURATION_RE.match(text.strip().lower())
    if not match or int(match.group(1)) == 0:
        raise Invalid(f"expiry '{text}' is not a duration; use e.g. 12h, 90d, 2w, 1y or never")
    moment = (start or datetime.now(UTC)) + int(match.group(1)) * _UNITS[match.group(2)]
    return format_ts(moment)
