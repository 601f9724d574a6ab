"""Signatures inside STIX objects, in the manner of ITU-T X.590 (JSON Signature Scheme).

An object carries `jirga_signatures` (the SIGNATURES toplevel-property-extension of
`model/extensions.py`): a list of `{alg, kid, sig, signer_ref, signed}`. Entry i signs the RFC
8785 bytes of the object whose `jirga_signatures` holds entries 0..i-1 whole and entry i
without its `sig`: as in X.590, the signature's own metadata (key, signer, time) is signed, and
entry 0 (the author's) covers nothing but the object and itself. A receiving party appends an
entry to countersign: it signs the object and every signature before its own.

A signed object also names the extension in `extensions`, as STIX 2.1 §7.3 asks of an object
that uses a toplevel-property-extension; that entry is part of what is signed.

The key must belong to `signer_ref` and be valid at `signed`; the first signer must be the
object's `created_by_ref` when the object names one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import nacl.exceptions
import nacl.signing

from jirga.errors import JirgaError
from jirga.model import timestamps
from jirga.model.canonical import canonical, canonical_with_path, fast_again
from jirga.model.extensions import SIGNATURE_EXT_ID, SIGNATURES_PROPERTY
from jirga.trust.keys import ALG, PublicKey, SigningKey, b64url, unb64url


class KeyIndex:
    """Public keys by key id, with their verifiers made once."""

    def __init__(self, keys: Iterable[PublicKey] = ()) -> None:
        self._keys: dict[str, PublicKey] = {}
        self._verifiers: dict[str, nacl.signing.VerifyKey] = {}
        for key in keys:
            self.add(key)

    def add(self, key: PublicKey) -> None:
        self._keys[key.kid] = key
        self._verifiers.pop(key.kid, None)

    def get(self, kid: str) -> PublicKey | None:
        return self._keys.get(kid)

    def __iter__(self) -> Any:
        return iter(self._keys.values())

    def __len__(self) -> int:
        return len(self._keys)

    def of_party(self, party_ref: str) -> list[PublicKey]:
        return [k for k in self._keys.values() if k.party_ref == party_ref]

    def verify(self, key: PublicKey, message: bytes, sig: bytes) -> bool:
        verifier = self._verifiers.get(key.kid)
        if verifier is None:
            verifier = self._verifiers[key.kid] = nacl.signing.VerifyKey(key.raw)
        try:
            verifier.verify(message, sig)
        except (nacl.exceptions.BadSignatureError, ValueError, TypeError):
            return False
        return True


@dataclass(frozen=True)
class SignatureCheck:
    """The verdict on one object version's signatures; each problem is `(kind, message)` with
    kind `unknown-key` (cannot be checked here), `bad-signature`, `wrong-signer`,
    `key-not-valid` or `malformed`."""

    object_id: str
    signed: bool  # carries at least one signature
    problems: tuple[tuple[str, str], ...] = ()
    signers: tuple[str, ...] = ()  # signer_ref of each valid entry, in order

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def forged(self) -> bool:
        """A problem other than an unknown key: the object or a signature was altered."""
        return any(kind != "unknown-key" for kind, _ in self.problems)

    def describe(self) -> str:
        return "; ".join(message for _, message in self.problems)


MARKER = {"extension_type": "toplevel-property-extension"}


def base(obj: dict[str, Any]) -> dict[str, Any]:
    """The object without `jirga_signatures`: what every signature covers, with its metadata."""
    if SIGNATURES_PROPERTY not in obj:
        return obj
    return {k: v for k, v in obj.items() if k != SIGNATURES_PROPERTY}


def unsigned(obj: dict[str, Any]) -> dict[str, Any]:
    """The object as it was before anyone signed it: no signatures, no extension entry."""
    bare = base(obj)
    exts = bare.get("extensions")
    if isinstance(exts, dict) and SIGNATURE_EXT_ID in exts:
        rest = {k: v for k, v in exts.items() if k != SIGNATURE_EXT_ID}
        bare = {k: v for k, v in bare.items() if k != "extensions"}
        if rest:
            bare["extensions"] = rest
    return bare


def _with_marker(obj: dict[str, Any]) -> dict[str, Any]:
    exts = obj.get("extensions")
    return {**obj, "extensions": {**(exts if isinstance(exts, dict) else {}),
                                  SIGNATURE_EXT_ID: MARKER}}


def message(obj: dict[str, Any], prior: list[dict[str, Any]], meta: dict[str, Any]) -> bytes:
    """The bytes signature entry `meta` signs (see the module docstring); `obj`'s own
    signatures, if any, are replaced by `prior` and `meta`."""
    return canonical({**obj, SIGNATURES_PROPERTY: [*prior, meta]})


def sign(obj: dict[str, Any], key: SigningKey, *, signed_at: str | None = None) -> dict[str, Any]:
    """A copy of `obj` carrying only the author's signature (earlier signatures are dropped:
    they belonged to another version or to content that is about to change)."""
    return sign_canonical(obj, key, signed_at=signed_at)[0]


def sign_canonical(obj: dict[str, Any], key: SigningKey, *,
                   signed_at: str | None = None) -> tuple[dict[str, Any], bytes]:
    """`sign`, and the RFC 8785 bytes of the signed object (what its log leaf hashes)."""
    bare = unsigned(obj)
    exts = bare.get("extensions")
    meta = {"alg": ALG, "kid": key.kid, "signer_ref": key.party_ref,
            "signed": signed_at or timestamps.now()}
    doc = {**bare, "extensions": {**(exts if isinstance(exts, dict) else {}),
                                  SIGNATURE_EXT_ID: MARKER},
           SIGNATURES_PROPERTY: [meta]}
    signed_message, fast = canonical_with_path(doc)
    entry = {**meta, "sig": b64url(key.sign(signed_message))}
    doc[SIGNATURES_PROPERTY] = [entry]
    return doc, fast_again(doc) if fast else canonical(doc)


def countersign(obj: dict[str, Any], key: SigningKey, *,
                signed_at: str | None = None) -> dict[str, Any]:
    """A copy of `obj` with one more signature, over the object and every signature before it."""
    prior = list(obj.get(SIGNATURES_PROPERTY) or [])
    bare = _with_marker(base(obj))
    meta = {"alg": ALG, "kid": key.kid, "signer_ref": key.party_ref,
            "signed": signed_at or timestamps.now()}
    sig = key.sign(message(bare, prior, meta))
    return {**bare, SIGNATURES_PROPERTY: [*prior, {**meta, "sig": b64url(sig)}]}


def check(obj: dict[str, Any], keys: KeyIndex) -> SignatureCheck:
    """Check every signature an object version carries against the keys known."""
    return check_canonical(obj, keys)[0]


def check_canonical(obj: dict[str, Any], keys: KeyIndex) -> tuple[SignatureCheck, bytes | None]:
    """`check`, and the RFC 8785 bytes of the whole object when they came for free (a single
    signature, whose message differs from them only by the entry's `sig`), else None."""
    oid = str(obj.get("id"))
    entries = obj.get(SIGNATURES_PROPERTY)
    if entries is None:
        return SignatureCheck(oid, signed=False), None
    if not isinstance(entries, list) or not entries:
        return SignatureCheck(oid, True, (("malformed",
                                           f"'{SIGNATURES_PROPERTY}' must be a non-empty list"),)), None
    covered = obj  # message() puts the entries it signs in place of the object's own
    problems: list[tuple[str, str]] = []
    signers: list[str] = []
    whole: bytes | None = None
    for index, entry in enumerate(entries):
        problem, fast = _check_entry(covered, entries, index, keys, obj.get("created_by_ref"))
        if problem:
            problems.append((problem[0], f"signature #{index + 1}: {problem[1]}"))
        else:
            signers.append(entry["signer_ref"])
        if len(entries) == 1 and fast and entry["sig"].isascii():
            whole = fast_again(obj)  # the message with the entry's sig: same checks hold
    return SignatureCheck(oid, True, tuple(problems), tuple(signers)), whole


def _check_entry(covered: dict[str, Any], entries: list[Any], index: int, keys: KeyIndex,
                 author: Any) -> tuple[tuple[str, str] | None, bool]:
    """The problem with one entry (None when it holds), and whether the fast canonical path
    wrote the message it signs."""
    problem, pending, fast = _prepare_entry(covered, entries, index, keys, author)
    if pending is not None and not keys.verify(*pending):
        return _bad_signature(pending[0]), fast
    return problem, fast


Pending = tuple[PublicKey, bytes, bytes]  # a key, the message and the signature to verify
Step = tuple[tuple[str, str] | None, int, str]  # problem so far, index in pending (or -1), signer


def _prepare_entry(covered: dict[str, Any], entries: list[Any], index: int, keys: KeyIndex,
                   author: Any) -> tuple[tuple[str, str] | None, Pending | None, bool]:
    """Everything about one entry but the Ed25519 verification: its problem, or the
    verification still to run; and whether the fast canonical path wrote its message."""
    entry = entries[index]
    problem = _entry_shape(entry, index, author)
    if problem:
        return problem, None, False
    key = keys.get(entry["kid"])
    problem = _key_problem(entry, key)
    if problem or key is None:
        return problem, None, False
    meta = {k: v for k, v in entry.items() if k != "sig"}
    try:
        sig = unb64url(entry["sig"], "sig")
        msg, fast = canonical_with_path({**covered, SIGNATURES_PROPERTY: [*entries[:index], meta]})
    except JirgaError as exc:  # not canonicalisable, or not base64url: it cannot verify
        return ("malformed", str(exc)), None, False
    return None, (key, msg, sig), fast


def _bad_signature(key: PublicKey) -> tuple[str, str]:
    return ("bad-signature", f"does not verify with key {key.kid} of {key.party_ref} "
                             "(forged, or the object was altered after signing)")


VERIFY_THREADS = 2  # libsodium verifies with the GIL released: this many cores at once
VERIFY_BATCH = 64  # verifications handed to a thread at a time
_pool: ThreadPoolExecutor | None = None


def check_many(objects: Sequence[dict[str, Any]], keys: KeyIndex) -> list[SignatureCheck]:
    """`check` of each object, verified as `start_checks` does."""
    return start_checks(objects, keys).results()


class BatchCheck:
    """The signature checks of a batch under way (`start_checks`); `results` waits for them."""

    def __init__(self, keys: KeyIndex, plans: list[SignatureCheck | tuple[str, list[Step]]],
                 pending: list[Pending], futures: list[Future[list[bool]]], sent: int) -> None:
        self._keys, self._plans, self._pending = keys, plans, pending
        self._futures, self._sent = futures, sent

    def results(self) -> list[SignatureCheck]:
        held = [ok for future in self._futures for ok in future.result()]
        held += _verify_all(self._keys, self._pending[self._sent:])
        return [_verdict(plan, self._pending, held) for plan in self._plans]


def start_checks(objects: Sequence[dict[str, Any]], keys: KeyIndex) -> BatchCheck:
    """Write the canonical message of every signature of `objects` here and hand their Ed25519
    verifications, VERIFY_BATCH at a time, to VERIFY_THREADS threads (cffi calls into libsodium
    release the GIL): they run while this thread writes the next messages and, until the
    caller asks for the results, does its other work (the TAXII add path validates the
    envelope meanwhile). Every signature is still verified; a batch of at most VERIFY_BATCH
    objects is verified in `results`, on the caller's thread."""
    plans: list[SignatureCheck | tuple[str, list[Step]]] = []
    pending: list[Pending] = []
    futures: list[Future[list[bool]]] = []
    sent = 0
    threaded = len(objects) > VERIFY_BATCH
    for obj in objects:
        plans.append(_plan(obj, keys, pending))
        if threaded and len(pending) - sent >= VERIFY_BATCH:
            futures.append(_verifiers().submit(_verify_all, keys, pending[sent:]))
            sent = len(pending)
    if threaded and sent < len(pending):
        futures.append(_verifiers().submit(_verify_all, keys, pending[sent:]))
        sent = len(pending)
    return BatchCheck(keys, plans, pending, futures, sent)


def _verifiers() -> ThreadPoolExecutor:
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(VERIFY_THREADS, thread_name_prefix="jirga-verify")
    return _pool


def _verify_all(keys: KeyIndex, pending: Sequence[Pending]) -> list[bool]:
    return [keys.verify(key, msg, sig) for key, msg, sig in pending]


def _plan(obj: dict[str, Any], keys: KeyIndex,
          pending: list[Pending]) -> SignatureCheck | tuple[str, list[Step]]:
    """One object's verdict when no verification is needed, else its entries as steps, their
    verifications appended to `pending`."""
    oid = str(obj.get("id"))
    entries = obj.get(SIGNATURES_PROPERTY)
    if entries is None:
        return SignatureCheck(oid, signed=False)
    if not isinstance(entries, list) or not entries:
        return SignatureCheck(oid, True, (("malformed",
                                           f"'{SIGNATURES_PROPERTY}' must be a non-empty list"),))
    steps: list[Step] = []
    for index, entry in enumerate(entries):
        problem, job, _ = _prepare_entry(obj, entries, index, keys, obj.get("created_by_ref"))
        if job is not None:
            pending.append(job)
        steps.append((problem, len(pending) - 1 if job is not None else -1,
                      entry["signer_ref"] if problem is None else ""))
    return oid, steps


def _verdict(plan: SignatureCheck | tuple[str, list[Step]], pending: Sequence[Pending],
             held: Sequence[bool]) -> SignatureCheck:
    if isinstance(plan, SignatureCheck):
        return plan
    oid, steps = plan
    problems: list[tuple[str, str]] = []
    signers: list[str] = []
    for index, (problem, job, signer) in enumerate(steps):
        if problem is None and job >= 0 and not held[job]:
            problem = _bad_signature(pending[job][0])
        if problem:
            problems.append((problem[0], f"signature #{index + 1}: {problem[1]}"))
        else:
            signers.append(signer)
    return SignatureCheck(oid, True, tuple(problems), tuple(signers))


def _entry_shape(entry: Any, index: int, author: Any) -> tuple[str, str] | None:
    if not isinstance(entry, dict):
        return "malformed", "is not an object"
    missing = [k for k in ("alg", "kid", "sig", "signer_ref", "signed") if
               not isinstance(entry.get(k), str)]
    if missing:
        return "malformed", f"lacks {', '.join(missing)}"
    if entry["alg"] != ALG:
        return "malformed", f"algorithm '{entry['alg']}' is not accepted (only {ALG}, Ed25519)"
    if index == 0 and isinstance(author, str) and entry["signer_ref"] != author:
        return "wrong-signer", f"the first signer {entry['signer_ref']} is not the author {author}"
    if not timestamps.is_timestamp(entry["signed"]):
        return "malformed", f"'signed' {entry['signed']!r} is not a timestamp"
    return None


def _key_problem(entry: dict[str, Any], key: PublicKey | None) -> tuple[str, str] | None:
    if key is None:
        return "unknown-key", f"key {entry['kid']} of {entry['signer_ref']} is not known here"
    if key.party_ref != entry["signer_ref"]:
        return "wrong-signer", f"key {key.kid} belongs to {key.party_ref}, not {entry['signer_ref']}"
    if not key.valid_at(entry["signed"]):
        until = f" to {key.valid_until}" if key.valid_until else ""
        revoked = ", revoked" if key.status == "revoked" else ""
        return "key-not-valid", (f"key {key.kid} was not valid at {entry['signed']} (valid from "
                                 f"{key.valid_from}{until}{revoked})")
    return None
