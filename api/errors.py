"""HTTP errors: each library error maps to one status and a stable code, no internals.

The body is always ``{"error": {"code": ..., "message": ...}}``. Codes are part
of the API: clients may rely on them.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from luocdo.errors import (
    ExtractionError,
    InputError,
    LuocdoError,
    NotFoundError,
    QueryError,
    StoreError,
)

if TYPE_CHECKING:
    from fastapi import FastAPI

log = logging.getLogger("luocdo.api")

# status code -> the code used when only a status is known (routing errors)
_STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_parameters",
    429: "too_many_requests",
    500: "internal_error",
    501: "not_available",
    503: "unavailable",
}


class ApiError(Exception):
    """An error with its HTTP status, stable code and a message safe to show."""

    def __init__(self, status: int, code: str, message: str,
                 headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


class QueryTimeout(ApiError):
    """The query ran past the time limit; its worker was killed."""

    def __init__(self, seconds: float):
        super().__init__(503, "query_timeout",
                         f"the query ran longer than the limit of {seconds:g} s and was stopped; "
                         "narrow it (a LIMIT, a more selective pattern) and try again",
                         {"Retry-After": "1"})


class QueryRefused(ApiError):
    """A query this endpoint does not run (SERVICE, LOAD, FROM outside the store...)."""

    def __init__(self, message: str):
        super().__init__(400, "query_refused", message)


def status_of(exc: LuocdoError) -> int:
    """The HTTP status of a library error."""
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, ExtractionError):
        return 422
    if isinstance(exc, (QueryError, InputError)):
        return 400
    if isinstance(exc, StoreError):
        return 503
    return 500


def body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    """The JSON body of an error."""
    return {"error": {"code": code, "message": message, **extra}}


def install(app: FastAPI) -> None:
    """Register the handlers that turn every error into the stable JSON body."""
    # imported here: query workers import this module and need none of the web stack
    from fastapi import Request
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import JSONResponse
    from starlette.exceptions import HTTPException as StarletteHTTPException

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(body(exc.code, exc.message), status_code=exc.status,
                            headers=exc.headers)

    @app.exception_handler(LuocdoError)
    async def _luocdo_error(request: Request, exc: LuocdoError) -> JSONResponse:
        status = status_of(exc)
        if status >= 500:
            log.error("%s: %s", exc.code, exc)
            message = ("the store cannot be read; check that it exists and that no other "
                       "process is writing to it" if isinstance(exc, StoreError)
                       else "internal error")
            return JSONResponse(body(exc.code, message), status_code=status)
        return JSONResponse(body(exc.code, str(exc)), status_code=status)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [
            {"where": ".".join(str(p) for p in err.get("loc", ())), "problem": err.get("msg", "")}
            for err in exc.errors()
        ]
        return JSONResponse(body("invalid_parameters", "the request's parameters are invalid",
                                 details=problems), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _STATUS_CODES.get(exc.status_code, "error")
        message = exc.detail if isinstance(exc.detail, str) else code
        return JSONResponse(body(code, message), status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception) -> JSONResponse:
        log.exception("internal error on %s %s", request.method, request.url.path)
        return JSONResponse(body("internal_error", "internal error"), status_code=500)
