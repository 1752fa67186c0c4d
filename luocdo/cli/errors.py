"""Map library errors to exit codes and one-line messages on stderr, and open the store
for writing the way every command that writes does (waiting for another writer)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from luocdo.cli import EXIT_BAD_INPUT, EXIT_INTERNAL
from luocdo.errors import (
    InputError,
    LuocdoError,
    NotFoundError,
    QueryError,
    ServerUnavailable,
    StoreBusy,
)

if TYPE_CHECKING:
    from luocdo.store import Store


@contextlib.contextmanager
def handled() -> Iterator[None]:
    """Run a command body, turning luocdo errors into a message and an exit code.

    A store that another process keeps writing to, or a SPARQL server that
    cannot be reached, is exit 2, like bad input: nothing is wrong inside
    luocdo, and running the command again later works.
    """
    try:
        yield
    except (InputError, QueryError, NotFoundError, StoreBusy, ServerUnavailable) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from exc
    except LuocdoError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(EXIT_INTERNAL) from exc


def open_for_writing(location: Path | None, wait: float) -> Store:
    """The store opened read-write, waiting up to ``wait`` seconds while another
    process writes to it (said once on stderr); raises :class:`StoreBusy` after that."""
    from luocdo import settings
    from luocdo.store import Store

    def waiting(holder: str | None) -> None:
        who = f" ({holder})" if holder else ""
        typer.echo(f"waiting up to {wait:g} s: another process{who} is writing to the store "
                   f"{settings.store_dir(location)}", err=True)

    return Store.open(location, wait=wait, on_wait=waiting)
