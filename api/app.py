"""The FastAPI application: SPARQL endpoint, REST API and their documentation.

``create_app(store_dir=...)`` builds it; ``luocdo serve`` runs it with uvicorn.
Safe by default: read-only, no CORS, a time limit and a result limit on every
query, which runs in a killable worker process.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any

import anyio.to_thread
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

import luocdo
from luocdo import settings
from luocdo.api import errors
from luocdo.api import limits as limiting
from luocdo.api.export_routes import router as export_router
from luocdo.api.pages import pages_router
from luocdo.api.rest import rest_router
from luocdo.api.sparql import EndpointConfig, sparql_router
from luocdo.api.worker import QueryPool

STATIC = Path(__file__).parent / "static"

DESCRIPTION = """\
Named traceability questions over the knowledge graph of Vietnamese legal documents
(`/queries/...`), a SPARQL 1.1 endpoint (`/sparql`), and documents (`/documents`).

Every query runs with a time limit and a result limit; a cut result says so
(`"truncated": true`, header `X-Luocdo-Truncated`). Errors are
`{"error": {"code": ..., "message": ...}}` with a stable code.
"""


def _swagger_assets() -> Path | None:
    """The Swagger UI files shipped by the swagger-ui-py package, when installed."""
    try:
        import swagger_ui
    except ImportError:
        return None
    path = Path(swagger_ui.__file__).parent / "static"
    return path if (path / "swagger-ui-bundle.js").is_file() else None


def create_app(
    store_dir: str | os.PathLike[str] | None = None,
    *,
    workers: int = 2,
    timeout: float = 30.0,
    max_rows: int = 10_000,
    enable_update: bool = False,
    token: str | None = None,
    cors_origins: Sequence[str] = (),
    limits: limiting.Limits | None = None,
) -> FastAPI:
    """The luocdo web application over the store in ``store_dir``.

    ``workers`` query processes answer at once; a query running past ``timeout``
    seconds is stopped (its worker is killed); results are cut at ``max_rows``.
    Writes (SPARQL Update, storing uploaded documents) need ``enable_update``
    and ``token``. ``limits`` bounds queues, bodies, clients and uploads
    (:class:`luocdo.api.limits.Limits`, whose defaults apply when not given).
    """
    if enable_update and not token:
        raise ValueError("enable_update needs a token (clients send Authorization: Bearer <token>)")
    directory: str | Path = settings.store_url(store_dir) or settings.store_dir(store_dir)
    config = EndpointConfig(store_dir=directory, max_rows=max_rows,
                            enable_update=enable_update, token=token)
    limits = limits or limiting.Limits()
    pool = QueryPool(directory, size=workers, timeout=timeout, limits=limits)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # every job admitted to a pool holds a thread while it runs or waits
        threads = anyio.to_thread.current_default_thread_limiter()
        threads.total_tokens = max(threads.total_tokens, pool.threads + 16)
        pool.warm()
        yield
        pool.close()

    app = FastAPI(
        title="luocdo",
        version=luocdo.__version__,
        description=DESCRIPTION,
        docs_url=None,  # the default pages load their scripts from a CDN; see /docs below
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.pool = pool
    app.state.config = config
    app.state.limits = limits
    errors.install(app)
    app.add_middleware(limiting.per_client, limit=limits.per_client,
                       counted=limiting.needs_worker)
    app.add_middleware(limiting.body_limit, caps=_body_caps(limits))
    if cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(cors_origins),
                           allow_methods=["GET", "POST"], allow_headers=["*"],
                           expose_headers=["X-Luocdo-Truncated", "X-Luocdo-Result-Limit"])

    def get_pool() -> QueryPool:
        return pool

    app.include_router(sparql_router(get_pool, config))
    app.include_router(rest_router(get_pool, config, limits))
    app.include_router(export_router)

    assets = _swagger_assets()
    if assets is not None:
        app.mount("/static/swagger", StaticFiles(directory=assets), name="swagger")
    app.mount("/static/luocdo", StaticFiles(directory=STATIC), name="luocdo-static")

    @app.get("/docs", include_in_schema=False)
    async def docs() -> Any:
        if assets is None:
            return RedirectResponse("/openapi.json")
        return FileResponse(STATIC / "docs.html", media_type="text/html")

    app.include_router(pages_router())  # the pages for people, at / and /app/<page>

    return app


def _body_caps(limits: limiting.Limits) -> limiting.Caps:
    """The byte cap of each request's body: uploads have theirs, everything else one."""
    upload = max(limits.upload, limits.preview) + 65_536  # the multipart envelope

    def caps(scope: limiting.Scope) -> int:
        return upload if scope.get("path") == "/documents" else limits.body

    return caps
