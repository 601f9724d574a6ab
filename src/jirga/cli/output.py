"""Where the CLI writes: data to standard output, messages and progress to standard error."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import orjson
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

err = Console(stderr=True, highlight=False)
out = Console(highlight=False, soft_wrap=True)


def json_out(value: Any) -> None:
    sys.stdout.write(orjson.dumps(value, option=orjson.OPT_INDENT_2).decode() + "\n")


def json_lines(values: Iterable[Any]) -> None:
    for value in values:
        sys.stdout.write(orjson.dumps(value).decode() + "\n")


def table(title: str | None, columns: list[str], rows: Iterable[Iterable[Any]],
          caption: str | None = None) -> None:
    grid = Table(title=title, caption=caption, show_lines=False, header_style="bold")
    for column in columns:
        grid.add_column(column, overflow="fold")
    for row in rows:
        grid.add_row(*("" if v is None else str(v) for v in row))
    out.print(grid)


@contextmanager
def progress(description: str, total: int | None) -> Iterator[Any]:
    """A progress bar on stderr (hidden when stderr is not a terminal); yields `advance(n)`."""
    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TimeRemainingColumn(), console=err, transient=True,
                   disable=not err.is_terminal)
    with bar:
        task = bar.add_task(description, total=total)
        yield lambda n=1: bar.advance(task, n)


def warn(message: str) -> None:
    err.print(f"[yellow]warning:[/] {message}")


def note(message: str) -> None:
    err.print(message)


def fail(message: str) -> None:
    """One clear line (or block, for a list of problems) on stderr; markup-free for the message."""
    err.print("[bold red]error:[/] ", end="")
    err.print(message, markup=False, soft_wrap=True)
