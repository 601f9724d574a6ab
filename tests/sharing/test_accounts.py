"""Parties, users, tokens and sessions on both backends: what an administrator and a client see."""

from __future__ import annotations

import pytest

from jirga.errors import Conflict, Invalid, NotFound, Unauthorized
from jirga.model.tlp import level_of
from jirga.sharing import authn, parties, secrets, sessions, tokens, users
from jirga.store import Store, Visibility
from jirga.store import accounts as sql
from tests.factories import PASSWORD, make_party, make_user

ALL = Visibility.everything()


def test_party_is_a_stix_identity_with_its_code(store: Store) -> None:
    party = parties.add_party(store, "PK-MOI", "Pakistan Ministry of Interior", country="pk")
    identity = store.get(party.identity_id, visibility=ALL).object()
    assert identity["type"] == "identity"
    assert identity["identity_class"] == "organization"
    assert identity["x_jirga_party_code"] == "PK-MOI"
    assert identity["x_jirga_country"] == "PK"
    assert level_of(identity) == "clear"
    assert [p.code for p in parties.list_parties(store)] == ["PK-MOI"]


def test_party_reuses_an_identity_that_carries_its_code(store: Store) -> None:
    from jirga.demo import AF_MOI, demo_objects
    from jirga.objects.authoring import save

    save(store, demo_objects())
    before = store.version_count()
    party = parties.add_party(store, "AF-MOI", "Afghanistan Ministry of Interior")
    assert party.identity_id == AF_MOI
    assert store.version_count() == before


def test_same_code_gives_the_same_identity_on_two_nodes(store: Store, tmp_path) -> None:
    from jirga.store import open_store

    other = open_store(str(tmp_path / "other.db"))
    try:
        assert (parties.add_party(store, "AF-MOI", "A").identity_id
                == parties.add_party(other, "AF-MOI", "B").identity_id)
    finally:
        other.close()


@pytest.mark.parametrize("code", ["pk-moi", "P", "PK MOI", "-PK"])
def test_bad_party_codes_are_refused(store: Store, code: str) -> None:
    with pytest.raises(Invalid, match="party code"):
        parties.add_party(store, code, "x")
    assert parties.list_parties(store) == []


def test_duplicate_party_and_user_conflict(store: Store) -> None:
    make_user(store, "amina")
    with pytest.raises(Conflict):
        make_party(store, "PK-MOI")
    with pytest.raises(Conflict):
        users.add_user(store, "amina", "PK-MOI", "admin", PASSWORD)


def test_user_needs_a_known_party_role_and_a_real_password(store: Store) -> None:
    make_party(store, "PK-MOI")
    with pytest.raises(NotFound, match="party 'XX-MOI'"):
        users.add_user(store, "amina", "XX-MOI", "analyst", PASSWORD)
    with pytest.raises(Invalid, match="role 'boss'"):
        users.add_user(store, "amina", "PK-MOI", "boss", PASSWORD)
    with pytest.raises(Invalid, match="at least"):
        users.add_user(store, "amina", "PK-MOI", "analyst", "short")
    assert users.list_users(store) == []


def test_password_is_stored_as_argon2_and_signs_in(store: Store) -> None:
    principal = make_user(store, "amina", "PK-MOI", "liaison")
    row = sql.user(store.db, "amina")
    assert row is not None and row.password_hash.startswith("$argon2id$")
    assert PASSWORD not in row.password_hash
    signed = authn.by_password(store, "amina", PASSWORD)
    assert signed == principal
    assert (signed.user, signed.party_code, signed.role) == ("amina", "PK-MOI", "liaison")
    assert signed.party_id == parties.get_party(store, "PK-MOI").identity_id
    with pytest.raises(Unauthorized, match="wrong user name or password"):
        authn.by_password(store, "amina", PASSWORD + "!")
    with pytest.raises(Unauthorized, match="wrong user name or password"):
        authn.by_password(store, "nobody", PASSWORD)


def test_password_change_and_disable_take_effect_at_once(store: Store) -> None:
    make_user(store, "amina")
    cache = authn.PasswordCache()
    authn.by_password(store, "amina", PASSWORD, cache)
    users.set_password(store, "amina", "another long password")
    with pytest.raises(Unauthorized):
        authn.by_password(store, "amina", PASSWORD, cache)
    authn.by_password(store, "amina", "another long password", cache)
    users.set_disabled(store, "amina")
    with pytest.raises(Unauthorized, match="disabled"):
        authn.by_password(store, "amina", "another long password", cache)
    users.set_disabled(store, "amina", False)
    assert authn.by_password(store, "amina", "another long password", cache).user == "amina"


def test_token_is_shown_once_stored_hashed_and_listed_by_prefix(store: Store) -> None:
    principal = make_user(store, "sync-af", "AF-MOI", "liaison")
    new = tokens.create_token(store, "sync-af", expires="90d", label="peer")
    assert new.token.startswith(f"jirga_{new.row.prefix}_")
    listed = tokens.list_tokens(store)
    assert [t.prefix for t in listed] == [new.row.prefix]
    assert new.token not in repr(listed)
    assert listed[0].digest == secrets.digest(new.token)
    assert tokens.state(listed[0]) == "active"
    assert authn.by_token(store, new.token) == principal
    assert tokens.list_tokens(store)[0].last_used_at is not None


def test_wrong_revoked_and_expired_tokens_are_refused(store: Store) -> None:
    make_user(store, "amina")
    live = tokens.create_token(store, "amina")
    with pytest.raises(Unauthorized, match="not valid"):
        authn.by_token(store, live.token[:-2] + "xx")
    with pytest.raises(Unauthorized, match="not valid"):
        authn.by_token(store, "Bearer nonsense")
    tokens.revoke_token(store, live.row.prefix)
    with pytest.raises(Unauthorized, match="revoked"):
        authn.by_token(store, live.token)
    old = tokens.create_token(store, "amina", expires="1h")
    store.db.execute("UPDATE tokens SET expires_at = ? WHERE prefix = ?",
                     ("2020-01-01T00:00:00.000Z", old.row.prefix))
    with pytest.raises(Unauthorized, match="expired"):
        authn.by_token(store, old.token)
    assert tokens.state(tokens.list_tokens(store, "amina")[1]) == "expired"
    forever = tokens.create_token(store, "amina", expires="never")
    assert forever.row.expires_at is None
    users.set_disabled(store, "amina")
    with pytest.raises(Unauthorized, match="disabled"):
        authn.by_token(store, forever.token)


@pytest.mark.parametrize("text", ["90", "0d", "soon", "3x"])
def test_bad_expiry_is_refused(store: Store, text: str) -> None:
    make_user(store, "amina")
    with pytest.raises(Invalid, match="duration"):
        tokens.create_token(store, "amina", expires=text)
    assert tokens.list_tokens(store) == []


def test_sessions_resume_and_end(store: Store) -> None:
    principal = make_user(store, "amina")
    session = sessions.start(store, principal)
    resumed = sessions.resume(store, session.id)
    assert resumed is not None and resumed.principal == principal
    assert resumed.csrf == session.csrf
    assert sessions.resume(store, "not-a-session") is None
    sessions.end(store, session.id)
    assert sessions.resume(store, session.id) is None
    again = sessions.start(store, principal)
    users.set_password(store, "amina", "a brand new password")
    assert sessions.resume(store, again.id) is None


def test_session_of_a_disabled_user_is_dead(store: Store) -> None:
    principal = make_user(store, "amina")
    session = sessions.start(store, principal)
    store.db.execute("UPDATE users SET disabled = 1 WHERE name = 'amina'")
    assert sessions.resume(store, session.id) is None
