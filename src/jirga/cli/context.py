"""What every command gets: the settings and, opened on first use, the store."""

from __future__ import annotations

from dataclasses import dataclass, field

import typer

from jirga.config import Settings
from jirga.store import Store, open_store
from jirga.trust.keyring import attach


@dataclass
class CliContext:
    settings: Settings
    _store: Store | None = field(default=None, repr=False)

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = attach(open_store(self.settings.db), self.settings)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def get(ctx: typer.Context) -> CliContext:
    root = ctx.find_root()
    assert isinstance(root.obj, CliContext)
    return root.obj
