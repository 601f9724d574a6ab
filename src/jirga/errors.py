"""One error tree for the whole application.

Domain code raises these; `web/errors.py` maps them to HTTP answers (JSON or TAXII error
objects) and `cli/` to one line on stderr and an exit code. Messages name the thing, the value
and, where there is one, the fix.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where it is (file, object, property) and what is wrong."""

    message: str
    file: str | None = None
    object_id: str | None = None
    property: str | None = None
    index: int | None = None

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.index is not None and not self.object_id:
            where.append(f"object #{self.index + 1}")
        if self.object_id:
            where.append(self.object_id)
        if self.property:
            where.append(f"property '{self.property}'")
        return f"{': '.join(where)}: {self.message}" if where else self.message


class JirgaError(Exception):
    """Base of every error jirga raises on purpose; `status` is the HTTP answer it maps to."""

    status = 400
    exit_code = 1
    title = "Error"

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems or []

    def __str__(self) -> str:
        return self.message


class Invalid(JirgaError):
    """The input breaks a rule (STIX, a CSV layout, a form): nothing was written."""

    status = 422
    exit_code = 2
    title = "Invalid input"


class NotFound(JirgaError):
    status = 404
    exit_code = 3
    title = "Not found"


class Conflict(JirgaError):
    status = 409
    exit_code = 4
    title = "Conflict"


class Unauthorized(JirgaError):
    """No or bad credentials (a wrong password, an expired token)."""

    status = 401
    exit_code = 5
    title = "Not signed in"


class Forbidden(JirgaError):
    """Credentials are fine, but this reader or writer may not do this."""

    status = 403
    exit_code = 5
    title = "Forbidden"


class TrustError(JirgaError):
    """A signature, a log or a tree head does not check out."""

    status = 422
    exit_code = 6
    title = "Verification failed"


class ConfigError(JirgaError):
    """A setting has a value jirga cannot use."""

    exit_code = 2
    title = "Configuration error"
