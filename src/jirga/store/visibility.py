"""The row predicate every read goes through.

The store cannot tell who is reading; `jirga.sharing.policy` can. It turns a reader into a
`Visibility` — an SQL condition over the version row `v` (columns tlp, created_by_ref,
source_party, seq, id, type) — and every read method of the store takes one as a required
argument, so a read path that skipped the policy does not compile, and the default is to deny.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Visibility:
    where: str
    params: tuple[Any, ...] = ()
    label: str = ""
    # The same rule for rows already in memory (a version's metadata as a dict).
    allows: Callable[[dict[str, Any]], bool] = field(default=lambda row: False, compare=False)

    @classmethod
    def everything(cls, label: str = "local operator") -> Visibility:
        """For the node's own operator (CLI on the server): the file is theirs anyway."""
        return cls("1 = 1", (), label, lambda row: True)

    @classmethod
    def nothing(cls) -> Visibility:
        return cls("1 = 0", (), "nobody", lambda row: False)
