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
    """What the person behind this request may see.

    Until sign-in exists the web interface serves only the local operator on loopback; the
    sharing layer replaces this with the TLP policy for the signed-in user.
    """
    return Visibility.everything("local operator")
