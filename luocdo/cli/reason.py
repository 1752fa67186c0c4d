"""``luocdo reason``: check consistency with HermiT and write what is inferred."""

from __future__ import annotations

import json
import time
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from luocdo.cli import EXIT_NONCONFORMING, StoreOption, WaitOption, app
from luocdo.cli.errors import handled, open_for_writing

if TYPE_CHECKING:
    from luocdo.reason import Consistency, Reasoning


class ReasonFormat(StrEnum):
    text = "text"
    json = "json"


def consistency_line(label: str, check: Consistency | None) -> str:
    """``toàn kho: nhất quán (7745 bộ ba, 5.0 s)`` (rich markup)."""
    if check is None:
        return f"  {label}: [dim]không kiểm tra[/]"
    verdict = "[green]nhất quán[/]" if check.consistent else "[bold red]MÂU THUẪN[/]"
    return f"  {label}: {verdict} ({check.triples} bộ ba, {check.seconds:.1f} s)"


def render_text(run: Reasoning, console: Console, *, graph: str, total: float) -> None:
    """What was inferred (counts by property and class), consistency, time per step."""
    console.print("[bold]Suy ra[/] (inferred)")
    width = max((len(k) for k in run.inferred), default=0)
    for key, count in run.inferred.items():
        console.print(f"  {escape(key):<{width}}  {count:>8}")
    console.print(f"  {'tổng':<{width}}  {run.triples:>8} bộ ba, ghi vào <{escape(graph)}>")
    console.print("[bold]Tính nhất quán[/] (HermiT)")
    console.print(consistency_line("văn bản và đơn vị hành chính", run.module))
    console.print(consistency_line("toàn kho", run.consistency))
    for check in (run.module, run.consistency):
        for individual, a, b in (check.clashes if check else ()):
            console.print(f"    [red]{escape(individual)}[/] vừa là {escape(a)} vừa là "
                          f"{escape(b)} (hai lớp không giao nhau)")
    steps = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in run.seconds.items())
    console.print(f"[bold]Thời gian[/]: {steps}; tổng {total:.1f} s")


@app.command()
def reason(
    store: Path | None = StoreOption,
    hermit: Annotated[bool, typer.Option(
        "--hermit/--no-hermit",
        help="Run HermiT for class membership (defined classes) and consistency.")] = True,
    consistency: Annotated[bool, typer.Option(
        "--consistency/--no-consistency",
        help="Check the consistency of everything stored (the slowest step).")] = True,
    format: Annotated[ReasonFormat, typer.Option("--format", "-f")] = ReasonFormat.text,
    wait: float = WaitOption,
) -> None:
    """Infer inverse relations, the lo:contributesTo closure and class membership; check
    consistency with HermiT. What is inferred goes to the graph lod:graph/inferred.

    Exit 1 when the store is inconsistent with the ontology.
    """
    from luocdo import identity
    from luocdo.reason import reason as run_reasoning

    started = time.perf_counter()
    with handled(), open_for_writing(store, wait) as target:
        run = run_reasoning(target, hermit=hermit, consistency=hermit and consistency)
    total = time.perf_counter() - started
    graph = str(identity.inferred_graph_iri())
    if format is ReasonFormat.json:
        checks = {name: None if c is None else {
            "consistent": c.consistent, "triples": c.triples, "seconds": round(c.seconds, 3),
            "clashes": [list(x) for x in c.clashes]}
            for name, c in (("module", run.module), ("store", run.consistency))}
        typer.echo(json.dumps({
            "graph": graph, "inferred": run.inferred, "triples": run.triples,
            "consistent": run.consistent, "checks": checks,
            "seconds": {k: round(v, 3) for k, v in run.seconds.items()},
            "total_seconds": round(total, 3)}, ensure_ascii=False, indent=2))
    else:
        render_text(run, Console(highlight=False, soft_wrap=True), graph=graph, total=total)
    if run.consistent is False:
        raise typer.Exit(EXIT_NONCONFORMING)
