"""The `jirga` command: Typer wiring over the service functions; only this package prints."""
