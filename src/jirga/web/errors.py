"""One error shape: `{"error": {"status", "title", "detail"}}` for the API, an HTML page otherwise."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from jirga.errors import JirgaError

HINTS = {
    400: "Check the address and the values in the form, then try again.",
    401: "Sign in, then try again.",
    403: "Your party or role may not see this; ask an administrator if you need it.",
    404: "It may have been revoked, or the link is wrong. Search for it from the list.",
    409: "Someone changed it first. Reload to see the current version.",
    413: "The upload is too large; split it or ask for the limit to be raised.",
    422: "Correct what the message names and submit again; nothing was saved.",
}


def wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or "application/json" in request.headers.get("accept", "")


def error_response(request: Request, status: int, title: str, detail: str) -> Response:
    if request.url.path.startswith("/taxii2"):
        from jirga.web.taxii import error_response as taxii_error

        return taxii_error(status, title, detail)
    if status == 401 and not wants_json(request):
        from jirga.web.auth import sign_in_redirect

        return sign_in_redirect(request)
    if wants_json(request):
        headers = {"WWW-Authenticate": 'Bearer realm="jirga"'} if status == 401 else None
        return JSONResponse({"error": {"status": status, "title": title, "detail": detail}},
                            status_code=status, headers=headers)
    templates = request.app.state.templates
    return templates.TemplateResponse(
        request, "error.html",
        {"status": status, "title": title, "detail": detail, "hint": HINTS.get(status, "")},
        status_code=status)


def install(app: FastAPI) -> None:
    @app.exception_handler(JirgaError)
    async def jirga_error(request: Request, exc: JirgaError) -> Response:
        return error_response(request, exc.status, exc.title, exc.message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        title = {404: "Not found", 405: "Method not allowed"}.get(exc.status_code, "Error")
        return error_response(request, exc.status_code, title, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("query", "body"))
        detail = f"{where}: {first.get('msg', 'invalid value')}" if where else "invalid request"
        return error_response(request, 400, "Bad request", detail)
