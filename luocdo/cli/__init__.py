"""The ``luocdo`` command line.

A thin wrapper over the library: each command lives in its own module of this
package and registers itself on :data:`app`.

Exit codes (documented in the README):
  0  success
  1  the data does not conform (validation found violations) or some input files failed
  2  bad input: unreadable file, bad query, unknown symbol; or another process kept
     writing to the store for longer than --wait
  3  internal error
"""

from __future__ import annotations

import sys

import typer

EXIT_OK = 0
EXIT_NONCONFORMING = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 3

app = typer.Typer(
    name="luocdo",
    help="Knowledge graph of Vietnamese legal documents: extract, ingest, trace, validate, serve.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

StoreOption = typer.Option(
    None,
    "--store",
    help="Store directory (default: $LUOCDO_STORE, else ~/.local/share/luocdo/store).",
)

# One process writes to a store at a time; the others wait for it this long.
DEFAULT_WAIT = 60.0
WaitOption = typer.Option(
    DEFAULT_WAIT,
    "--wait",
    min=0,
    metavar="SECONDS",
    help="While another process writes to the store, wait this long for it, then give up "
         "(exit 2).",
)

# Command modules register themselves on `app` when imported.
from luocdo.cli import analyze as _analyze  # noqa: E402,F401
from luocdo.cli import export as _export  # noqa: E402,F401
from luocdo.cli import extract as _extract  # noqa: E402,F401
from luocdo.cli import ingest as _ingest  # noqa: E402,F401
from luocdo.cli import reason as _reason  # noqa: E402,F401
from luocdo.cli import serve as _serve  # noqa: E402,F401
from luocdo.cli import sparql as _sparql  # noqa: E402,F401
from luocdo.cli import stats as _stats  # noqa: E402,F401
from luocdo.cli import succession as _succession  # noqa: E402,F401
from luocdo.cli import tasks as _tasks  # noqa: E402,F401
from luocdo.cli import trace as _trace  # noqa: E402,F401
from luocdo.cli import validate as _validate  # noqa: E402,F401


def main() -> None:
    """Entry point of the ``luocdo`` script."""
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
