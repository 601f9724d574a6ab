"""Ed25519 keys: generation, private key files, public keys as JWK (RFC 8037), key ids.

Private keys live in files under the `keys_dir` setting, never in the database: PKCS#8 PEM,
encrypted with the node's passphrase (`cryptography`'s best available PKCS#8 encryption) or,
for unattended servers, unencrypted with mode 0600. A key id is the key's RFC 7638 JWK
thumbprint, so an id names exactly one public key and cannot be moved to another.

Signing and verifying use libsodium through PyNaCl: the same Ed25519 signatures as OpenSSL's,
measured here at 1.1x OpenSSL's signing rate and 1.8x its verifying rate (bench/trust.py).
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nacl.bindings
import nacl.exceptions
import nacl.signing
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from jirga.errors import Invalid, TrustError
from jirga.model import timestamps

ALG = "EdDSA"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str, what: str = "value") -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, TypeError) as exc:
        raise Invalid(f"{what} '{str(text)[:20]}' is not base64url") from exc


def thumbprint(public_key: bytes) -> str:
    """RFC 7638 JWK thumbprint of an Ed25519 public key: the key id jirga uses."""
    canonical = f'{{"crv":"Ed25519","kty":"OKP","x":"{b64url(public_key)}"}}'.encode()
    return b64url(hashlib.sha256(canonical).digest())


@dataclass(frozen=True)
class PublicKey:
    """A party's public key and the period in which signatures by it count."""

    kid: str
    party_ref: str
    raw: bytes
    valid_from: str
    valid_until: str | None = None
    party_code: str | None = None
    status: str = "active"
    origin: str = "local"

    def valid_at(self, timestamp: str) -> bool:
        """True when `timestamp` falls in [valid_from, valid_until] and the key is not revoked."""
        if self.status == "revoked":
            return False
        moment = timestamps.version_key(timestamp)
        if moment < timestamps.version_key(self.valid_from):
            return False
        return self.valid_until is None or moment <= timestamps.version_key(self.valid_until)

    def jwk(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kty": "OKP", "crv": "Ed25519", "x": b64url(self.raw),
                               "kid": self.kid, "alg": ALG, "use": "sig",
                               "valid_from": self.valid_from}
        if self.valid_until:
            out["valid_until"] = self.valid_until
        if self.status == "revoked":
            out["revoked"] = True
        return out

    def verifier(self) -> nacl.signing.VerifyKey:
        return nacl.signing.VerifyKey(self.raw)

    def pem(self) -> bytes:
        return Ed25519PublicKey.from_public_bytes(self.raw).public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def from_jwk(jwk: dict[str, Any], party_ref: str, *, origin: str = "published",
             party_code: str | None = None) -> PublicKey:
    """A PublicKey from a JWK as jirga publishes it; Invalid names what is wrong."""
    if jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519" or not isinstance(jwk.get("x"), str):
        raise Invalid(f"key {jwk.get('kid', '?')}: only Ed25519 JWKs (kty OKP, crv Ed25519) are "
                      "accepted")
    raw = unb64url(jwk["x"], "JWK x")
    if len(raw) != 32:
        raise Invalid(f"key {jwk.get('kid', '?')}: an Ed25519 public key is 32 bytes, not {len(raw)}")
    kid = thumbprint(raw)
    if jwk.get("kid") not in (None, kid):
        raise Invalid(f"key '{jwk.get('kid')}': its kid is not its RFC 7638 thumbprint ({kid})")
    valid_from = jwk.get("valid_from") or "1970-01-01T00:00:00.000Z"
    status = "revoked" if jwk.get("revoked") else ("retired" if jwk.get("valid_until") else "active")
    return PublicKey(kid, party_ref, raw, valid_from, jwk.get("valid_until"), party_code, status,
                     origin)


def read_public_key_file(path: Path) -> list[dict[str, Any]]:
    """JWKs from a file: a JWK, a JWK Set (`{"keys": [...]}`), or a PEM public key."""
    import orjson

    if not path.is_file():
        raise Invalid(f"{path}: no such key file")
    data = path.read_bytes()
    if data.lstrip().startswith(b"-----BEGIN"):
        try:
            key = serialization.load_pem_public_key(data)
        except ValueError as exc:
            raise Invalid(f"{path}: not a PEM public key ({exc})") from exc
        if not isinstance(key, Ed25519PublicKey):
            raise Invalid(f"{path}: not an Ed25519 public key")
        raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return [{"kty": "OKP", "crv": "Ed25519", "x": b64url(raw), "kid": thumbprint(raw)}]
    try:
        doc = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise Invalid(f"{path}: neither PEM nor JSON ({exc})") from exc
    found = doc.get("keys") if isinstance(doc, dict) and "keys" in doc else [doc]
    if not isinstance(found, list) or not all(isinstance(k, dict) for k in found):
        raise Invalid(f"{path}: expected a JWK or a JWK Set")
    return found


# -- private keys -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SigningKey:
    """An unlocked private key of one party: libsodium's 64-byte secret (seed and public key),
    used through its binding directly, 10 µs a signature cheaper than the wrapper class."""

    public: PublicKey
    secret: bytes

    @classmethod
    def from_seed(cls, public: PublicKey, seed: bytes) -> SigningKey:
        derived, secret = nacl.bindings.crypto_sign_seed_keypair(seed)
        if derived != public.raw:
            raise TrustError(f"the private key given for {public.kid} belongs to another key")
        return cls(public, secret)

    @property
    def kid(self) -> str:
        return self.public.kid

    @property
    def party_ref(self) -> str:
        return self.public.party_ref

    def sign(self, message: bytes) -> bytes:
        return nacl.bindings.crypto_sign(message, self.secret)[:64]


def generate(party_ref: str, party_code: str | None, valid_from: str | None = None
             ) -> tuple[Ed25519PrivateKey, PublicKey]:
    private = Ed25519PrivateKey.generate()
    raw = private.public_key().public_bytes(serialization.Encoding.Raw,
                                            serialization.PublicFormat.Raw)
    public = PublicKey(thumbprint(raw), party_ref, raw, valid_from or timestamps.now(),
                       party_code=party_code)
    return private, public


def key_path(keys_dir: Path, kid: str) -> Path:
    return keys_dir / f"{kid}.pem"


def write_private_key(keys_dir: Path, kid: str, private: Ed25519PrivateKey,
                      passphrase: str | None) -> Path:
    """Write the key as PKCS#8 PEM, encrypted when a passphrase is given; always mode 0600."""
    keys_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(passphrase.encode()) if passphrase
        else serialization.NoEncryption())
    data = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                 encryption)
    path = key_path(keys_dir, kid)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    return path


def key_file_state(keys_dir: Path, kid: str) -> str:
    """`encrypted`, `unencrypted` or `absent`: what `keys list` shows for the private key."""
    path = key_path(keys_dir, kid)
    if not path.is_file():
        return "absent"
    return "encrypted" if b"ENCRYPTED" in path.read_bytes()[:64] else "unencrypted"


def load_private_key(keys_dir: Path, public: PublicKey, passphrase: str | None) -> SigningKey:
    """Unlock a party's private key file; TrustError says which key and what to do."""
    path = key_path(keys_dir, public.kid)
    if not path.is_file():
        raise TrustError(f"the private key {public.kid} of {public.party_code or public.party_ref} "
                         f"is not in {keys_dir}; set JIRGA_KEYS_DIR to the directory that holds it")
    data = path.read_bytes()
    encrypted = b"ENCRYPTED" in data[:64]
    if encrypted and not passphrase:
        raise TrustError(f"the private key {public.kid} of {public.party_code or public.party_ref} "
                         "is passphrase-protected; set JIRGA_KEY_PASSPHRASE")
    try:
        private = serialization.load_pem_private_key(data, passphrase.encode() if encrypted and
                                                     passphrase else None)
    except (ValueError, TypeError) as exc:
        raise TrustError(f"cannot unlock the private key {public.kid} in {path}: wrong passphrase "
                         "or a damaged file") from exc
    if not isinstance(private, Ed25519PrivateKey):
        raise TrustError(f"{path} does not hold an Ed25519 key")
    raw = private.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                serialization.NoEncryption())
    try:
        return SigningKey.from_seed(public, raw)
    except TrustError as exc:
        raise TrustError(f"{path} holds a different key than {public.kid}: the database and the "
                         "keys directory disagree") from exc


def public_from_file(keys_dir: Path, kid: str) -> bytes | None:
    """The public half of an unencrypted key file (None when encrypted or absent)."""
    path = key_path(keys_dir, kid)
    if not path.is_file():
        return None
    data = path.read_bytes()
    if b"ENCRYPTED" in data[:64]:
        return None
    private = serialization.load_pem_private_key(data, None)
    assert isinstance(private, Ed25519PrivateKey)
    return private.public_key().public_bytes(serialization.Encoding.Raw,
                                             serialization.PublicFormat.Raw)
