"""``luocdo serve``: the SPARQL endpoint and the REST API over the store."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from luocdo.cli import EXIT_BAD_INPUT, StoreOption, app

TOKEN_ENV = "LUOCDO_TOKEN"


@app.command()
def serve(
    store: Path | None = StoreOption,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    workers: int = typer.Option(2, "--workers", help="Query worker processes (answering at once)."),
    timeout: float = typer.Option(30.0, "--timeout", help="Seconds a query may run."),
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
    application = create_app(directory, workers=workers, timeout=timeout, max_rows=limit,
                             enable_update=enable_update, token=token,
                             cors_origins=cors_origin or ())
    typer.echo(f"luocdo: serving {directory} on http://{host}:{port}/ "
               f"(SPARQL at /sparql, docs at /docs{', updates on' if enable_update else ''})",
               err=True)
    uvicorn.run(application, host=host, port=port, log_level="info")
