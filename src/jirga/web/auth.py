"""Who is behind a request: HTTP Basic or Bearer for programs, a server-side session for people.

Sessions live in the database (`sharing.sessions`); the cookie holds only a random id, HttpOnly,
SameSite=Lax, Secure when `secure_cookies` is set. Every form POST carries a CSRF token: the
session's, or before sign-in a double-submit cookie. `require_csrf` is attached to every POST
page route (a test walks the routes to make sure).
"""

from __future__ import annotations

import base64
import binascii
from urllib.parse import quote, urlsplit

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from jirga.errors import Forbidden, Unauthorized
from jirga.sharing import authn, secrets, sessions
from jirga.sharing.principal import Principal
from jirga.web import deps

SESSION_COOKIE = "jirga_session"
CSRF_COOKIE = "jirga_csrf"
CSRF_FIELD = "csrf_token"


def install(app: FastAPI) -> None:
    """Per-app state and what templates need to show the user and fill in forms."""
    app.state.password_cache = authn.PasswordCache()
    app.state.templates.env.globals.update(csrf_token=csrf_token, current_principal=current,
                                           csrf_field=CSRF_FIELD)


def from_headers(request: Request) -> Principal | None:
    """The principal of an `Authorization: Basic|Bearer` header, None when there is none."""
    header = request.headers.get("authorization")
    if not header:
        return None
    scheme, _, value = header.strip().partition(" ")
    store = deps.store(request)
    if scheme.lower() in ("bearer", "token"):  # taxii2-client's TokenAuth says "Token"
        return authn.by_token(store, value.strip())
    if scheme.lower() == "basic":
        user, password = _basic(value.strip())
        return authn.by_password(store, user, password, request.app.state.password_cache)
    raise Unauthorized(f"authorization scheme '{scheme[:20]}' is not supported; use Basic or Bearer")


def _basic(value: str) -> tuple[str, str]:
    try:
        user, sep, password = base64.b64decode(value, validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise Unauthorized("the Basic credentials are not base64 of user:password") from exc
    if not sep:
        raise Unauthorized("the Basic credentials are not base64 of user:password")
    return user, password


def session(request: Request) -> sessions.Session | None:
    if not hasattr(request.state, "session"):
        cookie = request.cookies.get(SESSION_COOKIE)
        request.state.session = sessions.resume(deps.store(request), cookie) if cookie else None
    return request.state.session


def principal(request: Request, *, allow_session: bool = True) -> Principal:
    """The signed-in principal (cached on the request); Unauthorized when there is none."""
    if not hasattr(request.state, "principal"):
        found = from_headers(request)
        if found is None and allow_session:
            live = session(request)
            found = live.principal if live else None
        request.state.principal = found
    if request.state.principal is None:
        raise Unauthorized("sign in, or send a token (Authorization: Bearer …)")
    return request.state.principal


def current(request: Request) -> Principal | None:
    """The principal if the request has one, for templates (never raises)."""
    try:
        return principal(request)
    except Unauthorized:
        return None


def csrf_token(request: Request) -> str:
    """The token forms on this page must send back."""
    live = session(request)
    if live is not None:
        return live.csrf
    if not hasattr(request.state, "csrf"):
        request.state.csrf = request.cookies.get(CSRF_COOKIE) or secrets.new_secret()
    return request.state.csrf


async def require_csrf(request: Request) -> None:
    """Every form POST: the token must match the session's (or the pre-sign-in cookie)."""
    form = await request.form()
    sent = form.get(CSRF_FIELD)
    live = session(request)
    expected = live.csrf if live else request.cookies.get(CSRF_COOKIE)
    if not isinstance(sent, str) or not expected or not secrets.same(sent, expected):
        raise Forbidden("the form has expired or did not come from this site; reload the page "
                        "and submit it again")


def set_csrf_cookie(request: Request, response: Response) -> None:
    if session(request) is None:
        response.set_cookie(CSRF_COOKIE, csrf_token(request), httponly=True, samesite="strict",
                            secure=deps.settings(request).secure_cookies, path="/")


def sign_in_redirect(request: Request) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/signin?next={quote(target)}", status_code=303)


def safe_next(target: str | None) -> str:
    """Only a path on this site: never an absolute URL an attacker could slip in."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return "/"
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else "/"


# -- pages --------------------------------------------------------------------------------------

def signin_page(request: Request, next: str | None = None, error: str | None = None,
                status: int = 200) -> Response:
    response = request.app.state.templates.TemplateResponse(
        request, "signin.html", {"next": safe_next(next), "error": error}, status_code=status)
    set_csrf_cookie(request, response)
    return response


async def signin(request: Request) -> Response:
    """POST /signin: check the password, start a session, rotate the cookie."""
    form = await request.form()
    name, password = str(form.get("username", "")), str(form.get("password", ""))
    target = safe_next(str(form.get("next") or "/"))
    store, settings = deps.store(request), deps.settings(request)
    try:
        who = await run_in_threadpool(authn.by_password, store, name, password)
    except Unauthorized as exc:
        return signin_page(request, target, exc.message, status=401)
    started = await run_in_threadpool(sessions.start, store, who, settings.session_hours)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(SESSION_COOKIE, started.id, httponly=True, samesite="lax",
                        secure=settings.secure_cookies, path="/",
                        max_age=settings.session_hours * 3600)
    response.delete_cookie(CSRF_COOKIE, path="/")
    return response


def signout(request: Request) -> Response:
    """POST /signout: end the session on the server and drop the cookie."""
    live = session(request)
    if live is not None:
        sessions.end(deps.store(request), live.id)
    response = RedirectResponse("/signin", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
