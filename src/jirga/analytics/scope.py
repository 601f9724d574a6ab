"""What a figure counted, in words: which incidents, which estimate, which filters, for whom.

Published counts disagree mostly by scope (terrorist attacks, militant attacks, violent
incidents including security operations), so every table jirga prints carries this line.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from jirga.store.incidents import IncidentFilter


@dataclass(frozen=True)
class Scope:
    """The filter as run, the reader, and the conditions in the words the user gave them."""

    flt: IncidentFilter
    reader: str
    where: Mapping[str, Sequence[str]] = field(default_factory=dict)

    @property
    def statuses(self) -> str:
        return " or ".join(self.flt.statuses) + " incidents" if self.flt.statuses \
            else "incidents of any review status"

    @property
    def period(self) -> str:
        if self.flt.date_from and self.flt.date_to:
            return f"from {self.flt.date_from} to {self.flt.date_to}"
        if self.flt.date_from:
            return f"from {self.flt.date_from}"
        if self.flt.date_to:
            return f"up to {self.flt.date_to}"
        return "all dates"

    @property
    def filters(self) -> str:
        parts = [f"{name} = {' or '.join(values)}" for name, values in sorted(self.where.items())
                 if name != "status"]
        return "; ".join(parts) if parts else "no other filters"

    def describe(self) -> str:
        return (f"Scope: {self.statuses}, {self.period}; {self.filters}; "
                f"{self.flt.estimate} estimates of killed and injured; "
                f"incidents the {self.reader} may read.")
