"""``luocdo ingest PATH...``: read, parse and store files and folders."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from luocdo.cli import EXIT_NONCONFORMING, StoreOption, WaitOption, app
from luocdo.cli.errors import handled, open_for_writing

if TYPE_CHECKING:  # luocdo.ingest imports every reader: not needed for --help
    from luocdo.ingest import FileResult

_MARK = {"added": "[green]+[/]", "replaced": "[yellow]~[/]", "unchanged": "[dim]=[/]",
         "duplicate": "[yellow]≡[/]", "failed": "[red]✗[/]"}


def summary_line(result: FileResult) -> str:
    """One line per file: status, file, symbol, tasks, references (rich markup)."""
    mark = _MARK.get(result.status, "?")
    name = escape(Path(result.path).name)
    if result.failed:
        return f"{mark} {result.status:<9} {name}: {escape(result.error or '')}"
    if result.status == "duplicate":
        return f"{mark} {result.status:<9} {name}: {escape(result.note or '')}"
    symbol = escape(result.symbol or "(không số)")
    line = (f"{mark} {result.status:<9} {name}  {symbol}  "
            f"{result.tasks} tasks  {result.references} references  {result.triples} triples")
    return f"{line}  ({escape(result.note)})" if result.note else line


SHOWN_WARNINGS = 5  # of one file, under its line; `luocdo extract FILE` gives them all


def warning_lines(result: FileResult) -> list[str]:
    """What the reader could not read in one file, and where (rich markup)."""
    shown = [f"    ⚠ {escape(w)}" for w in result.warnings[:SHOWN_WARNINGS]]
    more = len(result.warnings) - SHOWN_WARNINGS
    if more > 0:
        shown.append(f"    ⚠ … +{more} (luocdo extract {escape(Path(result.path).name)})")
    return shown


def print_validation(console: Console, files: list[FileResult]) -> None:
    """Per document, the counts of its validation; then the totals."""
    totals = {"violation": 0, "warning": 0, "info": 0}
    checked = [f for f in files if f.validation is not None]
    for f in checked:
        counts = f.validation or {}
        for key in totals:
            totals[key] += counts.get(key, 0)
        mark = "[red]✗[/]" if counts.get("violation") else "[green]✓[/]"
        console.print(f"{mark} kiểm tra  {escape(f.symbol or Path(f.path).name)}  "
                      f"{counts.get('violation', 0)} vi phạm, {counts.get('warning', 0)} cảnh báo, "
                      f"{counts.get('info', 0)} thông tin")
    if checked:
        console.print(f"kiểm tra {len(checked)} văn bản: {totals['violation']} vi phạm, "
                      f"{totals['warning']} cảnh báo, {totals['info']} thông tin "
                      "(chi tiết: luocdo validate)")


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(
        help="Files (.txt .docx .html .htm .pdf) or folders.")],
    store: Path | None = StoreOption,
    validate: bool = typer.Option(
        True, "--validate/--no-validate",
        help="Check each stored document (luocdo validate) and report its counts."),
    wait: float = WaitOption,
    jobs: int | None = typer.Option(
        None, "--jobs", "-j", min=1, metavar="N",
        help="Worker processes that read files and validate documents "
             "(default: the cores available)."),
    bulk: bool = typer.Option(
        False, "--bulk",
        help="Add new documents with the bulk loader: several times faster for a large "
             "archive, but not transactional (if interrupted, run the same command again)."),
) -> None:
    """Ingest files and folders into the store, one named graph per document.

    Files are read by --jobs worker processes and stored in transactions (new
    documents several at a time): a file that fails is reported and the others
    are still stored. Each stored document is then validated and
    its counts of violations, warnings and information reported (details:
    ``luocdo validate``). Exit 1 when any file failed.

    A document is replaced only when what it states changed. Two files of one
    document in a run: the first in the run's order (the paths as given,
    folders walked in name order) is stored, the others are reported as
    duplicates, which do not fail the run. While another process writes to the
    store, wait for it up to --wait seconds, then exit 2.
    """
    from luocdo.ingest import STATUSES, ingest_paths
    from luocdo.workers import default_jobs

    console = Console(highlight=False, soft_wrap=True)
    with handled(), open_for_writing(store, wait) as target:
        with Progress(TextColumn("[progress.description]{task.description}"), BarColumn(),
                      MofNCompleteColumn(), TimeElapsedColumn(), console=console,
                      transient=True) as progress:
            bar = progress.add_task("ingest", total=None)

            def on_progress(done: int, total: int, result: FileResult) -> None:
                progress.update(bar, completed=done, total=total,
                                description=escape(Path(result.path).name))
                progress.console.print(summary_line(result))
                for line in warning_lines(result):
                    progress.console.print(line)

            report = ingest_paths(paths, target, on_progress=on_progress, validate=validate,
                                  jobs=jobs or default_jobs(), bulk=bulk)
        if validate:
            print_validation(console, report.files)
        counts = ", ".join(f"{report.count(s)} {s}" for s in STATUSES)
        console.print(f"{len(report.files)} files: {counts}; store {escape(target.location)}")
    if not report.ok:
        raise typer.Exit(EXIT_NONCONFORMING)
