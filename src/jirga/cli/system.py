"""Node-level commands: init, demo, serve."""

from __future__ import annotations

import typer

from jirga.cli import context
from jirga.cli.output import note
from jirga.demo import demo_objects
from jirga.incidents.datasets import import_sample
from jirga.objects.authoring import save
from jirga.review.demo import ingest_demo_documents
from jirga.sharing import parties, secrets, users
from jirga.store import ObjectFilter, Store, Visibility
from jirga.workflows.demo import load_cooperation


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.command("demo")(demo)
    app.command("serve")(serve)


def init(ctx: typer.Context) -> None:
    """Create the database (or bring its schema up to date)."""
    cli = context.get(ctx)
    store = cli.store
    count = store.count(ObjectFilter(include_revoked=True), visibility=Visibility.everything())
    note(f"database ready: {cli.settings.db} ({count} objects)")


def demo(
    ctx: typer.Context,
    keys: bool = typer.Option(False, "--keys", help="Also give both demo parties an unencrypted "
                              "signing key in keys_dir (when they have none), so the demo "
                              "content is signed."),
) -> None:
    """Load the demo content set and its two parties; the first time, also a user `demo`
    (PK-MOI analyst) whose random password is printed once (safe to run again)."""
    cli = context.get(ctx)
    objects = demo_objects()
    save(cli.store, [o for o in objects if o["type"] in FIRST_TYPES], source="demo")
    password = demo_accounts(cli.store)
    if keys:
        made = demo_keys(cli.store)
        if made:
            note(f"demo signing keys for {', '.join(made)} in {cli.settings.keys_dir}")
    result = save(cli.store, objects, source="demo")
    counts = ", ".join(f"{n} {k}" for k, n in result.as_dict().items() if n) or "already there"
    note(f"demo content in {cli.settings.db}: {counts}")
    sample = import_sample(cli.store)
    sample_counts = ", ".join(f"{n} {k}" for k, n in (("added", sample.added),
                                                       ("unchanged", sample.unchanged)) if n)
    note(f"sample register dataset: {sample_counts}")
    note(load_cooperation(cli.store))
    documents = ingest_demo_documents(cli.store)
    note(f"demo news reports: {documents.count('added')} read into the review queue "
         f"({documents.count('duplicate')} already there)")
    if password:
        note(f"sign in as user 'demo' (PK-MOI, analyst) with password: {password}")
    else:
        note("user 'demo' exists (its password was printed the first time); give it a new one "
             f"with: jirga --db {cli.settings.db} user passwd demo")


def serve(
    ctx: typer.Context,
    host: str = typer.Option(None, help="Address to listen on [default: 127.0.0.1]."),
    port: int = typer.Option(None, help="Port to listen on [default: 8000]."),
) -> None:
    """Serve the web application, the JSON API and TAXII 2.1."""
    import uvicorn

    from jirga.web.app import create_app

    cli = context.get(ctx)
    settings = cli.settings.replace(host=host or cli.settings.host, port=port or cli.settings.port)
    cli.store.migrate()
    cli.close()
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port,
                log_level="info", proxy_headers=False)


FIRST_TYPES = ("identity", "marking-definition", "extension-definition")


def demo_keys(store: Store) -> list[str]:
    """An unencrypted key for each demo party that has no active key yet (codes it made)."""
    from jirga.trust import manage
    from jirga.trust.keyring import keyring_of

    keyring = keyring_of(store)
    if keyring is None:
        return []
    listed = {k.key.party_code for k in manage.list_keys(store, keyring)
              if k.key.valid_until is None}
    made = []
    for code in ("PK-MOI", "AF-MOI"):
        if code not in listed:
            manage.create_key(store, keyring, code, passphrase=None, unattended=True)
            made.append(code)
    return made


def demo_accounts(store: Store) -> str | None:
    """The demo's parties and, unless it exists, a `demo` user; returns its new password."""
    registered = {p.code for p in parties.list_parties(store)}
    for code, name in (("PK-MOI", "Pakistan Ministry of Interior"),
                       ("AF-MOI", "Afghanistan Ministry of Interior")):
        if code not in registered:
            parties.add_party(store, code, name)
    if any(u.name == "demo" for u in users.list_users(store)):
        return None
    password = secrets.new_secret()[:20]
    users.add_user(store, "demo", "PK-MOI", "analyst", password)
    return password
