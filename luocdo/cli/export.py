"""``luocdo export``: the graph for Gephi, Cytoscape and Graphviz, spreadsheets, RDF."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from luocdo.cli import StoreOption, app
from luocdo.cli.errors import handled


class ExportFormat(StrEnum):
    graphml = "graphml"
    gexf = "gexf"
    cyjs = "cyjs"
    dot = "dot"
    xlsx = "xlsx"
    csv = "csv"
    turtle = "turtle"
    nt = "nt"
    jsonld = "jsonld"


@app.command()
def export(
    output: Annotated[Path, typer.Option("--output", "-o", help="The file to write.")],
    format: Annotated[ExportFormat, typer.Option(
        "--format", "-f", help="graphml, gexf, cyjs (Cytoscape), dot (Graphviz), xlsx, csv "
                               "(tasks), turtle, nt or jsonld (the selection's RDF).")
    ] = ExportFormat.graphml,
    focus: Annotated[str | None, typer.Option(
        "--focus", help="Only this document (569/QĐ-TTg or its IRI) and the documents within "
                        "--depth hops above and below it, with their tasks and agencies.")
    ] = None,
    depth: Annotated[int, typer.Option("--depth", help="Hops around --focus.", min=0, max=20)
                     ] = 3,
    relations: Annotated[str, typer.Option(
        "--relations", help="Relations --focus follows (comma-separated local names, or all).")
    ] = "implements,alignsWith",
    province: Annotated[str | None, typer.Option(
        "--province", help="Only the documents of this province (Tây Ninh), with their tasks.")
    ] = None,
    agency: Annotated[str | None, typer.Option(
        "--agency", help="Only the tasks this agency leads or coordinates (name, abbreviation "
                         "or IRI) and their documents; with --province, in that province.")
    ] = None,
    store: Path | None = StoreOption,
) -> None:
    """Export the whole store, or a focus, a province or an agency, to a file (exit 2 on bad input).

    The graph formats hold documents, tasks, targets and agencies with Vietnamese labels,
    typed edges and the IRIs as attributes; xlsx has a tasks sheet and a references sheet.
    """
    from luocdo.export import export_file, relation_names, select
    from luocdo.store import Store

    with handled(), Store.open(store, read_only=True) as source:
        selection = select(source, focus_on=focus, depth=depth,
                           relation_names=relation_names(relations), province_name=province,
                           agency_name=agency)
        written = export_file(source, selection, format.value, output)
    if written.rows:
        counts = ", ".join(f"{sheet}: {n} dòng" for sheet, n in written.rows)
    elif written.format in ("turtle", "nt", "jsonld"):
        counts = f"{written.edges} triples, {written.nodes} subjects"
    else:
        counts = f"{written.nodes} nodes, {written.edges} edges"
    typer.echo(f"{output}: {written.format}, {selection.description}: {counts}, "
               f"{written.bytes} bytes", err=True)
