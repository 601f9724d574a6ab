"""The `jirga` command: a Typer app assembled from one module per command group."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from jirga.cli import (
    accounts,
    analytics,
    context,
    cooperation,
    evaluate,
    incidents,
    objects,
    review,
    scorecard,
    sharing,
    system,
    trust,
)
from jirga.cli import ingest as ingest_commands
from jirga.cli.output import err, fail
from jirga.config import Settings, default_db_path
from jirga.errors import JirgaError

# One line per command group; each module's register(app) adds its commands.
COMMAND_MODULES = (
    system,
    objects,
    accounts,
    sharing,
    ingest_commands,
    review,
    evaluate,
    incidents,
    analytics,
    cooperation,
    scorecard,
    trust,
)


def build_app() -> typer.Typer:
    app = typer.Typer(
        name="jirga",
        help="Verifiable counter-terrorism cooperation: a signed, shared STIX 2.1 register.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )

    @app.callback()
    def root(
        ctx: typer.Context,
        db: str = typer.Option(
            None, "--db", envvar="JIRGA_DB", show_envvar=True,
            help=f"SQLite file or postgresql:// URL. Default: {_home(default_db_path())}"),
    ) -> None:
        ctx.obj = context.CliContext(Settings.from_env(db=db))
        ctx.call_on_close(ctx.obj.close)

    for module in COMMAND_MODULES:
        module.register(app)
    return app


def _home(path: Path) -> str:
    """The path with the home directory written as ~, as people read it."""
    try:
        return "~/" + str(path.relative_to(Path.home()))
    except ValueError:
        return str(path)


def main() -> None:
    try:
        build_app()(prog_name="jirga")
    except JirgaError as exc:
        fail(exc.message)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)


if __name__ == "__main__":
    main()
