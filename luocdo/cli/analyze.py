"""``luocdo analyze``: rankings, chains and data errors of the implementation graph."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from luocdo.cli import EXIT_NONCONFORMING, StoreOption, app
from luocdo.cli.errors import handled

analyze_app = typer.Typer(
    name="analyze", no_args_is_help=True,
    help="Analytics of the implementation graph: directives, chain A B, agencies, cycles.")
app.add_typer(analyze_app)


class Output(StrEnum):
    table = "table"
    json = "json"


FormatOption = Annotated[Output, typer.Option("--format", "-f")]
TopOption = Annotated[int | None, typer.Option("--top", min=1, help="Show the first N only.")]
RelationsOption = Annotated[str, typer.Option(
    "--relations", help="Relations that count as carrying out (comma-separated, or all).")]


def _console() -> Console:
    return Console(highlight=False, soft_wrap=False, width=max(Console().width, 140))


def _relations(text: str) -> tuple[str, ...]:
    from luocdo.export import relation_names

    return relation_names(text)


def _json(items: Any) -> None:
    typer.echo(json.dumps(items, ensure_ascii=False, indent=2))


@analyze_app.command()
def directives(
    top: TopOption = 20,
    relations: RelationsOption = "implements,alignsWith",
    format: FormatOption = Output.table,
    store: Path | None = StoreOption,
) -> None:
    """Documents carried out by the most plans and tasks (in-degree, documents below, PageRank)."""
    from luocdo import analytics
    from luocdo.store import Store

    with handled(), Store.open(store, read_only=True) as source:
        ranks = analytics.directives(source, top=top, relation_names=_relations(relations))
    if format is Output.json:
        _json([r.to_json() for r in ranks])
        return
    table = Table("văn bản", "kế hoạch", "nhiệm vụ", "văn bản bên dưới", "PageRank")
    for r in ranks:
        table.add_row(Text(r.label), str(r.plans), str(r.tasks), str(r.below), f"{r.pagerank:.4f}")
    _console().print(table)


@analyze_app.command()
def chain(
    source: Annotated[str, typer.Argument(help="A document: 2502/KH-UBND or its IRI.")],
    target: Annotated[str, typer.Argument(help="Another document: 57-NQ/TW or its IRI.")],
    relations: RelationsOption = "implements,alignsWith",
    format: FormatOption = Output.table,
    store: Path | None = StoreOption,
) -> None:
    """The shortest chain of relations between two documents (exit 1 when there is none)."""
    from luocdo import analytics
    from luocdo.store import Store

    with handled(), Store.open(store, read_only=True) as source_store:
        found = analytics.chain(source_store, source, target,
                                relation_names=_relations(relations))
    if format is Output.json:
        _json(found.to_json())
    elif not found.found:
        typer.echo(f"không có chuỗi quan hệ giữa {source} và {target}")
    else:
        kind = "một chiều" if found.directed else "hai chiều (có bước ngược)"
        typer.echo(f"{len(found.hops)} bước, {kind}:")
        for hop in found.hops:
            via = f" (qua {len(hop.tasks)} nhiệm vụ)" if hop.tasks else ""
            back = "" if hop.forward else "  [ngược chiều]"
            typer.echo(f"  {hop.source_label} —{hop.relation_label}{via}→ {hop.target_label}"
                       f"{back}")
    if not found.found:
        raise typer.Exit(EXIT_NONCONFORMING)


@analyze_app.command()
def agencies(
    top: TopOption = 20,
    format: FormatOption = Output.table,
    store: Path | None = StoreOption,
) -> None:
    """Agencies by task load: tasks led, tasks coordinated, documents."""
    from luocdo import analytics
    from luocdo.store import Store

    with handled(), Store.open(store, read_only=True) as source:
        loads = analytics.agencies(source, top=top)
    if format is Output.json:
        _json([a.to_json() for a in loads])
        return
    table = Table("cơ quan", "chủ trì", "phối hợp", "tổng", "văn bản")
    for a in loads:
        table.add_row(Text(a.label), str(a.lead), str(a.coordinator), str(a.total),
                      str(a.documents))
    _console().print(table)


@analyze_app.command()
def cycles(
    relations: RelationsOption = "implements,alignsWith",
    format: FormatOption = Output.table,
    store: Path | None = StoreOption,
) -> None:
    """Cycles in the implementation graph, reported as data errors (exit 1 when any)."""
    from luocdo import analytics
    from luocdo.store import Store

    with handled(), Store.open(store, read_only=True) as source:
        found = analytics.cycles(source, relation_names=_relations(relations))
    if format is Output.json:
        _json([c.to_json() for c in found])
    elif not found:
        typer.echo("không có vòng lặp")
    else:
        for cycle in found:
            typer.echo(cycle.message)
    if found:
        raise typer.Exit(EXIT_NONCONFORMING)
