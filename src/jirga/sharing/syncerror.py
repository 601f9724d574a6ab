"""The error of a sync that could not talk to its peer (its own module so that the TAXII and the
trust halves of a sync both raise it)."""

from jirga.errors import JirgaError


class SyncError(JirgaError):
    """A peer could not be reached or answered something this node will not take."""

    status = 502
    exit_code = 7
    title = "Sync failed"
