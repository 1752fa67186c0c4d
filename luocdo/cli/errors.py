"""Map library errors to exit codes and one-line messages on stderr."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import typer

from luocdo.cli import EXIT_BAD_INPUT, EXIT_INTERNAL
from luocdo.errors import InputError, LuocdoError, NotFoundError, QueryError


@contextlib.contextmanager
def handled() -> Iterator[None]:
    """Run a command body, turning luocdo errors into a message and an exit code."""
    try:
        yield
    except (InputError, QueryError, NotFoundError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from exc
    except LuocdoError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(EXIT_INTERNAL) from exc
