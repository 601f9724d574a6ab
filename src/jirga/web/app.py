"""`create_app(settings)`: everything the web interface needs is built here, nothing at import."""

from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from jirga import __version__
from jirga.config import Settings
from jirga.model import vocab
from jirga.store import Store, open_store
from jirga.trust.keyring import attach
from jirga.web import errors, routes

HERE = Path(__file__).parent


def create_app(settings: Settings, store: Store | None = None) -> FastAPI:
    """The web app for one node; `store` lets tests pass one in (closed by its owner then)."""
    own_store = store is None
    the_store = store or open_store(settings.db)
    if the_store.signer is None:
        attach(the_store, settings)  # the node's keys sign tree heads and authored objects

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> Any:
        yield
        if own_store:
            the_store.close()

    app = FastAPI(title="jirga", version=__version__, lifespan=lifespan, docs_url="/api/docs",
                  redoc_url=None, openapi_url="/api/openapi.json")
    app.state.settings = settings
    app.state.store = the_store
    app.state.templates = make_templates()
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    routes.add_routes(app)
    errors.install(app)
    return app


def make_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals.update(version=__version__, vocab=vocab)
    templates.env.filters["tlp_class"] = lambda level: f"tlp-{(level or 'none').replace('+', '-')}"
    return templates
