"""``luocdo extract FILE``: read and parse one file, print the model."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from luocdo.cli import app
from luocdo.cli.errors import handled


class ExtractFormat(StrEnum):
    json = "json"
    turtle = "turtle"


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="A .txt, .docx, .html or .pdf file.")],
    format: Annotated[ExtractFormat, typer.Option("--format", "-f")] = ExtractFormat.json,
) -> None:
    """Extract the document model of FILE (JSON) or its graph (Turtle)."""
    from luocdo import loaders
    from luocdo.model import to_json

    with handled():
        text = loaders.read(file)
        doc = loaders.parse(text)
        if format is ExtractFormat.json:
            typer.echo(json.dumps(to_json(doc), ensure_ascii=False, indent=2))
        else:
            from luocdo.graph import to_graph

            typer.echo(to_graph(doc, text=text.text).serialize(format="turtle"))
