"""The CLI reference (docs/cli.md), generated from the commands' own help.

`python -m jirga.cli.reference > docs/cli.md` rewrites it; a test fails when it is stale, so a
new command or option cannot land undocumented.
"""

from __future__ import annotations

from typing import Any

import typer.core
import typer.main

from jirga.cli.main import build_app


def _walk(command: Any, path: list[str]) -> list[tuple[list[str], Any]]:
    """Every command under `command`; groups are recognised by their `commands` (Typer ships
    its own copy of click, so isinstance checks against the `click` package fail)."""
    found = [(path, command)]
    for name in sorted(getattr(command, "commands", {}) or {}):
        found.extend(_walk(command.commands[name], [*path, name]))
    return found


def render() -> str:
    # Plain click help, not Rich boxes: stable text that diffs well in a Markdown file.
    typer.core.HAS_RICH = False
    root = typer.main.get_command(build_app())
    lines = ["# CLI reference", "",
             "Generated from `jirga --help` by `python -m jirga.cli.reference > docs/cli.md`.", ""]
    for path, command in _walk(root, ["jirga"]):
        ctx = command.context_class(command, info_name=" ".join(path), terminal_width=100,
                                    max_content_width=100)
        lines += [f"{'#' * min(len(path) + 1, 4)} `{' '.join(path)}`", "", "```text",
                  command.get_help(ctx).replace("\x08", "").rstrip(), "```", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    print(render(), end="")
