"""``luocdo sparql QUERY_OR_@FILE``: run a SPARQL query over the store."""

from __future__ import annotations

import csv
import io
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import pyoxigraph as ox
import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from luocdo.cli import StoreOption, app
from luocdo.cli.errors import handled
from luocdo.errors import InputError


class SparqlFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def query_text(argument: str) -> str:
    """The query itself, or the content of the file named after ``@`` (``-`` for stdin)."""
    if not argument.startswith("@"):
        return argument
    name = argument[1:]
    if name == "-":
        return sys.stdin.read()
    try:
        return Path(name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the query file: {exc}", source=name) from exc


def short(term: Any) -> str:
    """A term as a person reads it: prefixed IRIs, bare literal values."""
    from luocdo.store import PREFIXES

    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, namespace in PREFIXES.items():
            if term.value.startswith(namespace):
                return f"{prefix}:{term.value[len(namespace):]}"
        return f"<{term.value}>"
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def _text(data: bytes | None) -> str:
    return (data or b"").decode("utf-8")


def _triples_csv(triples: list[ox.Triple]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["subject", "predicate", "object"])
    for t in triples:
        writer.writerow([getattr(t.subject, "value", str(t.subject)), t.predicate.value,
                         getattr(t.object, "value", str(t.object))])
    return out.getvalue()


@app.command()
def sparql(
    query: Annotated[str, typer.Argument(
        help="A SPARQL query, or @FILE to read it from a file (@- for stdin).")],
    format: Annotated[SparqlFormat, typer.Option("--format", "-f")] = SparqlFormat.table,
    store: Path | None = StoreOption,
) -> None:
    """Run a SELECT, ASK, CONSTRUCT or DESCRIBE query over all documents (exit 2 on a bad query).

    The prefixes lo:, lod:, eli:, org:, prov:, oa:, skos:, dcterms:, rdf:,
    rdfs:, owl:, xsd: and time: need no declaration.
    """
    from luocdo.store import Store

    with handled():
        text = query_text(query)
        with Store.open(store, read_only=True) as source:
            result = source.query(text)
            if isinstance(result, ox.QuerySolutions):
                _print_solutions(result, format)
            elif isinstance(result, ox.QueryBoolean):
                if format is SparqlFormat.json:
                    typer.echo(_text(result.serialize(format=ox.QueryResultsFormat.JSON)))
                elif format is SparqlFormat.csv:
                    typer.echo(f"boolean\n{'true' if bool(result) else 'false'}")
                else:
                    typer.echo("true" if bool(result) else "false")
            else:
                triples = list(result)
                if format is SparqlFormat.json:
                    data = ox.serialize(triples, format=ox.RdfFormat.JSON_LD)
                    typer.echo(json.dumps(json.loads(data or b"[]"), ensure_ascii=False, indent=2))
                elif format is SparqlFormat.csv:
                    typer.echo(_triples_csv(triples), nl=False)
                else:
                    from luocdo.store import PREFIXES

                    data = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
                    typer.echo((data or b"").decode())


def _print_solutions(result: ox.QuerySolutions, format: SparqlFormat) -> None:
    if format is SparqlFormat.json:
        typer.echo(_text(result.serialize(format=ox.QueryResultsFormat.JSON)))
        return
    if format is SparqlFormat.csv:
        typer.echo(_text(result.serialize(format=ox.QueryResultsFormat.CSV)), nl=False)
        return
    names = [v.value for v in result.variables]
    table = Table(*names, show_lines=False)
    count = 0
    for row in result:
        table.add_row(*(Text(short(row[n])) for n in names))
        count += 1
    console = Console(highlight=False, soft_wrap=False, width=max(Console().width, 160))
    console.print(table)
    console.print(f"{count} rows")
