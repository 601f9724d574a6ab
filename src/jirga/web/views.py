"""What every page shares: rendering (whole page or the htmx fragment), the header's user and
party, the navigation, flash messages after an action, and links that keep a page's filters.

Pages are thin handlers: they read the request, call one or two service functions and hand the
result to `render`. Nothing here queries more than the signed-in user's party name.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from starlette.templating import Jinja2Templates

from jirga.errors import Forbidden
from jirga.model import tlp
from jirga.sharing.principal import Principal
from jirga.summaries.memo import Memo
from jirga.web import auth, deps

FLASH_COOKIE = "jirga_flash"
ACTING_ROLES = ("admin", "analyst", "liaison")
AUTHORING_ROLES = ("admin", "analyst")


@dataclass(frozen=True)
class NavItem:
    href: str
    label: str
    prefix: str  # the paths this item is current for


NAV: tuple[NavItem, ...] = (
    NavItem("/", "Dashboard", "/"),
    NavItem("/incidents", "Incidents", "/incidents"),
    NavItem("/map", "Map", "/map"),
    NavItem("/review", "Review", "/review"),
    NavItem("/intel", "Intelligence", "/intel"),
    NavItem("/cooperation", "Cooperation", "/cooperation"),
    NavItem("/briefing", "Briefing", "/briefing"),
    NavItem("/trust", "Trust", "/trust"),
)


def install(app: FastAPI) -> None:
    """Template globals and filters every page uses."""
    app.state.memo = Memo()
    templates: Jinja2Templates = app.state.templates
    templates.env.globals.update(
        who=who, node_name=lambda request: deps.settings(request).node_name,
        nav_items=NAV, nav_current=nav_current, strictest=tlp.strictest,
        flash_message=flash_message, vocab_label=vocab_label)
    templates.env.filters["thousands"] = lambda n: "–" if n is None else f"{n:,}"
    templates.env.filters["short_id"] = lambda oid: (oid or "").split("--")[-1][:8]
    templates.env.filters["day"] = lambda stamp: (stamp or "")[:10]


def memo(request: Request) -> Memo:
    """The app's store of summaries computed since the last write (summaries/memo.py)."""
    return request.app.state.memo  # type: ignore[no-any-return]


def render(request: Request, template: str, context: Mapping[str, Any], *,
           fragment: str | None = None, status: int = 200) -> Response:
    """The page, or only `fragment` (a partial template) when htmx asks for it."""
    name = fragment if fragment and request.headers.get("hx-request") else template
    response = request.app.state.templates.TemplateResponse(request, name, dict(context),
                                                             status_code=status)
    if FLASH_COOKIE in request.cookies:
        response.delete_cookie(FLASH_COOKIE, path="/")
    return response


def who(request: Request) -> dict[str, Any] | None:
    """The signed-in user, their party (code and name) and role, for the header."""
    if not hasattr(request.state, "who"):
        principal = auth.current(request)
        request.state.who = None if principal is None else {
            "user": principal.user, "role": principal.role, "party_code": principal.party_code,
            "party_name": _party_name(request, principal)}
    return request.state.who


def _party_name(request: Request, principal: Principal) -> str:
    from jirga.store import accounts

    row = accounts.party(deps.store(request).db, principal.party_code or "")
    return row.name if row else (principal.party_code or "")


def nav_current(request: Request, item: NavItem) -> bool:
    path = request.url.path
    return path == "/" if item.prefix == "/" else path.startswith(item.prefix)


def vocab_label(table: Mapping[str, str], key: str | None) -> str:
    return table.get(key or "", key or "")


# -- actions ------------------------------------------------------------------------------------

def acting(request: Request, roles: tuple[str, ...] = ACTING_ROLES, *, what: str) -> Principal:
    """The signed-in principal if their role may do `what`; Forbidden with the reason otherwise."""
    principal = auth.principal(request)
    if principal.role not in roles:
        raise Forbidden(f"{principal.label} cannot {what}: only {', '.join(roles)} users can")
    return principal


def done(target: str, message: str, *, error: bool = False) -> RedirectResponse:
    """After a POST: back to a page (303, so a reload does not post again) with a message."""
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(FLASH_COOKIE, quote(("!" if error else "") + message[:500]),
                        httponly=True, samesite="lax", path="/", max_age=60)
    return response


def flash_message(request: Request) -> dict[str, Any] | None:
    from urllib.parse import unquote

    raw = request.cookies.get(FLASH_COOKIE)
    if not raw:
        return None
    text = unquote(raw)
    return {"text": text.lstrip("!"), "error": text.startswith("!")}


# -- links --------------------------------------------------------------------------------------

def link_builder(path: str, params: Mapping[str, Any]) -> Callable[..., str]:
    """`href_for(sort="-killed", offset=0)`: this page's address with some parameters changed
    (empty values are left out, lists repeat the parameter)."""

    def href_for(**changes: Any) -> str:
        merged = {**params, **changes}
        pairs: list[tuple[str, str]] = []
        for key, value in merged.items():
            values = value if isinstance(value, (list, tuple)) else [value]
            pairs += [(key, str(v)) for v in values if v not in (None, "", 0)]
        return path + ("?" + urlencode(pairs) if pairs else "")

    return href_for


def form_list(values: list[str]) -> list[str]:
    """Repeated form or query values, blanks dropped."""
    return [v.strip() for v in values if v and v.strip()]
