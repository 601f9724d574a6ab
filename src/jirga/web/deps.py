"""Request-scoped helpers shared by pages and the API: the store, settings, who is reading."""

from __future__ import annotations

from fastapi import Request

from jirga.config import Settings
from jirga.store import Store, Visibility


def store(request: Request) -> Store:
    return request.app.state.store


def settings(request: Request) -> Settings:
    return request.app.state.settings


def visibility(request: Request) -> Visibility:
    """What the person behind this request may see: the TLP policy for the signed-in user (or
    the token's); Unauthorized (401, or the sign-in page) when nobody is signed in."""
    from jirga.sharing.policy import Channel
    from jirga.sharing.policy import visibility as policy
    from jirga.web.auth import principal

    return policy(principal(request), settings(request), Channel.VIEW)
