"""``luocdo stats``: what the store holds, and what failed in the last ingest run."""

from __future__ import annotations

import dataclasses
import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from luocdo.cli import StoreOption, app
from luocdo.cli.errors import handled


class StatsFormat(StrEnum):
    text = "text"
    json = "json"


@app.command()
def stats(
    store: Path | None = StoreOption,
    format: Annotated[StatsFormat, typer.Option("--format", "-f")] = StatsFormat.text,
) -> None:
    """Count documents, tasks, agencies, triples and graphs; report the last ingest run."""
    from luocdo.ingest import STATUSES, IngestReport
    from luocdo.store import Store

    with handled(), Store.open(store, read_only=True) as source:
        counts = source.stats()
        log = source.read_log()
        location = source.location
    last = IngestReport.from_json(log) if log else None
    if format is StatsFormat.json:
        typer.echo(json.dumps({"store": location, **dataclasses.asdict(counts),
                               "last_ingest": log}, ensure_ascii=False, indent=2))
        return
    typer.echo(f"store                 {location}")
    typer.echo(f"documents ingested    {counts.documents}")
    typer.echo(f"cited-only documents  {counts.cited_only}")
    typer.echo(f"tasks                 {counts.tasks}")
    typer.echo(f"agencies              {counts.agencies}")
    typer.echo(f"collective assignees  {counts.collectives}")
    typer.echo(f"triples               {counts.triples}")
    typer.echo(f"quads (named graphs)  {counts.quads}")
    typer.echo(f"named graphs          {counts.graphs}")
    if last is None:
        typer.echo("last ingest           (none recorded)")
        return
    parts = ", ".join(f"{last.count(s)} {s}" for s in STATUSES)
    typer.echo(f"last ingest           {last.started}: {len(last.files)} files: {parts}")
    for failure in last.failed:
        typer.echo(f"  failed: {failure.path}: {failure.error}")
