"""``luocdo serve``: the SPARQL endpoint and the REST API over the store."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from luocdo.api.limits import Limits
from luocdo.cli import EXIT_BAD_INPUT, StoreOption, app

TOKEN_ENV = "LUOCDO_TOKEN"
DEFAULTS = Limits()


@app.command()
def serve(
    store: Path | None = StoreOption,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    workers: int = typer.Option(
        2, "--workers", help="Query worker processes for slow queries and validation."),
    timeout: float = typer.Option(30.0, "--timeout", help="Seconds a query may run."),
    quick_workers: int = typer.Option(
        DEFAULTS.quick_workers, "--quick-workers",
        help="Worker processes for named queries and quick SPARQL queries."),
    quick_budget: float = typer.Option(
        DEFAULTS.quick_budget, "--quick-budget",
        help="Seconds a query may take among the quick ones before it moves to the slow "
             "workers (and is remembered as slow)."),
    queue: int = typer.Option(
        DEFAULTS.queue, "--queue",
        help="Requests that may wait for a worker, per pool; more are answered 503 at once."),
    queue_wait: float = typer.Option(
        DEFAULTS.queue_wait, "--queue-wait",
        help="Seconds a request may wait for a worker before a 503."),
    per_client: int = typer.Option(
        DEFAULTS.per_client, "--per-client",
        help="Requests at once from one client address; more are answered 429 (0: no limit)."),
    max_body: int = typer.Option(
        DEFAULTS.body, "--max-body", help="Bytes of a request body (a SPARQL query or update)."),
    max_upload: int = typer.Option(
        DEFAULTS.upload, "--max-upload", help="Bytes of a document uploaded with the token."),
    max_preview: int = typer.Option(
        DEFAULTS.preview, "--max-preview",
        help="Bytes of a document uploaded without the token (dry_run=true); 0 refuses them."),
    previews_per_minute: int = typer.Option(
        DEFAULTS.previews_per_minute, "--previews-per-minute",
        help="Uploads without the token per client address and minute."),
    extract_workers: int = typer.Option(
        DEFAULTS.extract_workers, "--extract-workers",
        help="Worker processes reading uploaded documents."),
    extract_timeout: float = typer.Option(
        DEFAULTS.extract_timeout, "--extract-timeout",
        help="Seconds an uploaded document may take to be read."),
    extract_memory: int = typer.Option(
        DEFAULTS.extract_memory // 2**20, "--extract-memory",
        help="MiB of memory the reader of an uploaded document may take."),
    shutdown_wait: int = typer.Option(
        5, "--shutdown-wait",
        help="Seconds running requests get to finish after SIGTERM or Ctrl-C."),
    limit: int = typer.Option(10_000, "--limit", help="Rows (or triples) a result may have."),
    enable_update: bool = typer.Option(
        False, "--enable-update", help="Allow SPARQL Update and storing uploaded documents."),
    token: str | None = typer.Option(
        None, "--token", help=f"Bearer token writes need (default: ${TOKEN_ENV})."),
    cors_origin: Annotated[list[str] | None, typer.Option(
        "--cors-origin", help="Origin allowed by CORS (repeat); none by default.")] = None,
) -> None:
    """Serve /sparql, the named queries (/queries/...) and /documents; docs at /docs."""
    import uvicorn

    from luocdo import settings
    from luocdo.api.app import create_app

    token = token or os.environ.get(TOKEN_ENV)
    if enable_update and not token:
        typer.echo(f"error: --enable-update needs --token or ${TOKEN_ENV}", err=True)
        raise typer.Exit(EXIT_BAD_INPUT)
    directory = settings.store_dir(store)
    limits = Limits(quick_workers=quick_workers, quick_budget=quick_budget, queue=queue,
                    queue_wait=queue_wait, per_client=per_client, body=max_body,
                    upload=max_upload, preview=max_preview,
                    previews_per_minute=previews_per_minute, extract_workers=extract_workers,
                    extract_timeout=extract_timeout, extract_memory=extract_memory * 2**20)
    application = create_app(directory, workers=workers, timeout=timeout, max_rows=limit,
                             enable_update=enable_update, token=token,
                             cors_origins=cors_origin or (), limits=limits)
    typer.echo(f"luocdo: serving {directory} on http://{host}:{port}/ "
               f"(SPARQL at /sparql, docs at /docs{', updates on' if enable_update else ''})",
               err=True)
    # after SIGTERM, requests still running get shutdown_wait seconds; then the
    # workers are killed and their requests answered, so the server does stop
    uvicorn.run(application, host=host, port=port, log_level="info",
                timeout_graceful_shutdown=shutdown_wait)
