"""Expensive summaries kept until the store changes: the dashboard's, the map's, the scorecard's
and a briefing's figures for one reader.

A key is the computation, its arguments and the reader's visibility (its SQL and parameters),
so two readers never share an entry; an entry is used only while the store's newest version
(`MAX(seq)`) is what it was when it was computed, so any write — an import, a sync, an
accepted candidate, a status change — makes the next read compute afresh. Reads between
writes, the common case on a dashboard, cost one indexed lookup.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from jirga.store import Store, Visibility
from jirga.store import summaries as sql

T = TypeVar("T")


class Memo:
    def __init__(self, size: int = 128) -> None:
        self.size = size
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, store: Store, visibility: Visibility, key: Hashable,
            compute: Callable[[], T]) -> T:
        full = (store.url, sql.store_version(store.db), visibility.where, visibility.params, key)
        with self._lock:
            if full in self._entries:
                self._entries.move_to_end(full)
                return self._entries[full]  # type: ignore[no-any-return]
        value = compute()
        with self._lock:
            self._entries[full] = value
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value


def remembered(memo: Memo | None, store: Store, visibility: Visibility, key: Hashable,
               compute: Callable[[], T]) -> T:
    """`compute()`, through `memo` when there is one."""
    return compute() if memo is None else memo.get(store, visibility, key, compute)
