"""Node-level commands: init, demo, serve."""

from __future__ import annotations

import typer

from jirga.cli import context
from jirga.cli.output import note
from jirga.demo import demo_objects
from jirga.incidents.datasets import import_sample
from jirga.objects.authoring import save
from jirga.store import ObjectFilter, Visibility


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


def demo(ctx: typer.Context) -> None:
    """Load the demo content set (safe to run again: nothing changes the second time)."""
    cli = context.get(ctx)
    result = save(cli.store, demo_objects(), source="demo")
    counts = ", ".join(f"{n} {k}" for k, n in result.as_dict().items() if n)
    note(f"demo content in {cli.settings.db}: {counts}")
    sample = import_sample(cli.store)
    sample_counts = ", ".join(f"{n} {k}" for k, n in (("added", sample.added),
                                                       ("unchanged", sample.unchanged)) if n)
    note(f"sample register dataset: {sample_counts}")


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
