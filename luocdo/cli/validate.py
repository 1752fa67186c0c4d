"""``luocdo validate [--doc SYMBOL]``: completeness checks, grouped by document and lead agency."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from luocdo.cli import EXIT_NONCONFORMING, StoreOption, app
from luocdo.cli.errors import handled

if TYPE_CHECKING:
    from luocdo.store import Store
    from luocdo.validate import Report, Result


class ValidateFormat(StrEnum):
    text = "text"
    json = "json"
    turtle = "turtle"


class Language(StrEnum):
    vi = "vi"
    en = "en"


SEVERITY_WORD = {
    "vi": {"violation": "vi phạm", "warning": "cảnh báo", "info": "thông tin"},
    "en": {"violation": "violation", "warning": "warning", "info": "information"},
}
_STYLE = {"violation": "bold red", "warning": "yellow", "info": "dim"}
QUOTE = 120  # characters of quoted evidence shown


def _cut(text: str | None, limit: int = QUOTE) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def counts_text(counts: Mapping[str, int], lang: str) -> str:
    """``0 vi phạm, 3 cảnh báo, 40 thông tin``."""
    words = SEVERITY_WORD[lang]
    return ", ".join(f"{counts.get(s, 0)} {words[s]}" for s in ("violation", "warning", "info"))


def result_lines(result: Result, lang: str) -> list[str]:
    """One finding (rich markup): severity, message, and where the text says it."""
    word = SEVERITY_WORD[lang][result.severity]
    lines = [f"  [{_STYLE[result.severity]}]{word:<10}[/] {escape(result.text(lang))}"]
    if result.span is not None:
        quote = f" «{escape(_cut(result.span.exact))}»" if result.span.exact else ""
        lines.append(f"  {'':<10} [dim][{result.span.start}–{result.span.end}][/]{quote}")
    return lines


def _infos_line(results: list[Result], lang: str) -> str:
    from luocdo.validate import check_label

    counted = Counter(r.check for r in results)
    parts = ", ".join(f"{n} × {check_label(check, lang)}" for check, n in sorted(counted.items()))
    hint = "--all để xem từng kết quả" if lang == "vi" else "--all to list them"
    return f"  [dim]{SEVERITY_WORD[lang]['info']:<10} {parts} ({hint})[/]"


def render_text(report: Report, console: Console, *, lang: str, show_all: bool) -> None:
    """The report as text: by document, then by lead agency, then the summary line."""
    from luocdo.validate import SEVERITIES

    by_doc = report.by_document()
    for doc, results in by_doc.items():
        counts: dict[str, int] = {s: sum(1 for r in results if r.severity == s)
                                  for s in SEVERITIES}
        name = report.names.get(doc, {}).get(lang) or report.symbols.get(doc) or doc
        console.print(f"[bold]{escape(name)}[/]  [dim]{escape(doc)}[/]  — "
                      f"{counts_text(counts, lang)}")
        shown = [r for r in results if show_all or r.severity != "info"]
        for r in shown:
            for line in result_lines(r, lang):
                console.print(line)
        hidden = [r for r in results if r not in shown]
        if hidden:
            console.print(_infos_line(hidden, lang))
    leads = {lead: rs for lead, rs in report.by_lead().items()
             if lead and any(show_all or r.severity != "info" for r in rs)}
    if leads:
        console.print()
        heading = "Theo cơ quan chủ trì" if lang == "vi" else "By lead agency"
        console.print(f"[bold]{heading}[/]")
        for lead, results in leads.items():
            per_lead: dict[str, int] = {s: sum(1 for r in results if r.severity == s)
                                        for s in SEVERITIES}
            console.print(f"[bold]{escape(lead)}[/] — {counts_text(per_lead, lang)}")
            for r in results:
                if show_all or r.severity != "info":
                    word = SEVERITY_WORD[lang][r.severity]
                    console.print(f"  [{_STYLE[r.severity]}]{word:<10}[/] {escape(r.text(lang))}")
    console.print()
    console.print(f"{report.summary(lang)} ({report.seconds:.1f} s)")


def documents_named(store: Store, symbol: str) -> list[str]:
    """The ingested document a user's symbol (or IRI) names."""
    from luocdo import identity
    from luocdo.errors import NotFoundError
    from luocdo.trace import resolve

    found = resolve(store, symbol)
    ingested = [d for d in found if identity.is_document_iri(d)
                and str(identity.graph_iri(d)) in set(store.graphs())]
    if not ingested:
        raise NotFoundError(f"{symbol}: known only from citations, not ingested; "
                            "ingest its file first (luocdo ingest FILE)")
    return ingested[:1]


@app.command()
def validate(
    doc: Annotated[str | None, typer.Option(
        "--doc", help="Validate one ingested document: its number and symbol, or its IRI.")] = None,
    format: Annotated[ValidateFormat, typer.Option("--format", "-f")] = ValidateFormat.text,
    lang: Annotated[Language, typer.Option("--lang", help="Language of the text report.")] =
        Language.vi,
    show_all: Annotated[bool, typer.Option(
        "--all", help="List information results one by one (text format).")] = False,
    store: Path | None = StoreOption,
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", min=1, metavar="N",
        help="Worker processes (default: the cores available).")] = None,
) -> None:
    """Check the completeness of ingested documents (SHACL shapes in shapes/).

    Reports every finding with its severity, grouped by document and by lead
    agency, and a summary line of counts. Exit 1 when there is a violation.
    """
    from luocdo.store import Store
    from luocdo.validate import validate as run_validation
    from luocdo.workers import default_jobs

    with handled(), Store.open(store, read_only=True) as source:
        if doc is not None:
            report = None
            for iri in documents_named(source, doc):
                report = run_validation(source, doc=iri)
        else:
            report = run_validation(source, jobs=jobs or default_jobs())
    assert report is not None
    if format is ValidateFormat.json:
        typer.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    elif format is ValidateFormat.turtle:
        typer.echo(report.to_graph().serialize(format="turtle"))
    else:
        render_text(report, Console(highlight=False, soft_wrap=True), lang=lang.value,
                    show_all=show_all)
    if not report.conforms:
        raise typer.Exit(EXIT_NONCONFORMING)
