"""``luocdo trace down|up SYMBOL_OR_IRI``: what carries a document out, or what is above it."""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections import Counter
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.text import Text
from rich.tree import Tree

from luocdo.cli import EXIT_BAD_INPUT, StoreOption, app
from luocdo.cli.errors import handled

if TYPE_CHECKING:
    from luocdo.trace import Evidence, Hop, Node, Trace


class TraceDirection(StrEnum):
    down = "down"
    up = "up"


class TraceFormat(StrEnum):
    text = "text"
    json = "json"


QUOTE = 160  # characters of quoted text shown per line


def _cut(text: str | None, limit: int = QUOTE) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _place(node: Node) -> str:
    parts = [node.jurisdiction] if node.jurisdiction else []
    if node.kind == "document" and not node.ingested:
        parts.append("chỉ biết qua trích dẫn")
    return f" ({', '.join(parts)})" if parts else ""


def evidence_line(evidence: Evidence, trace: Trace) -> str:
    """``bằng chứng: 2502/KH-UBND [120–160] «…»`` (and who stated it)."""
    where = evidence.symbol or evidence.document or "?"
    line = f"bằng chứng: {where} [{evidence.start}–{evidence.end}] «{_cut(evidence.text)}»"
    if evidence.stated_in:
        stater = trace.nodes.get(evidence.stated_in)
        line += f" — nêu tại {stater.label if stater else evidence.stated_in}"
    return line


def _task_details(node: Node) -> list[str]:
    lines = []
    if node.leads:
        lines.append("chủ trì: " + "; ".join(node.leads))
    if node.coordinators:
        lines.append("phối hợp: " + "; ".join(node.coordinators))
    extra = []
    if node.timeframe:
        extra.append(f"thời gian: {node.timeframe}")
    if node.product:
        extra.append(f"sản phẩm: {_cut(node.product, 80)}")
    if extra:
        lines.append("; ".join(extra))
    return lines


@functools.lru_cache(maxsize=4096)
def _lead_as_of(name: str, province: str | None, day: dt.date) -> dict[str, Any] | None:
    """A lead named in a document followed to ``day`` through the 2025 reorganization
    (``luocdo.succession``), in the form ``luocdo tasks --as-of`` prints; None when no
    change touched it."""
    from luocdo import succession
    from luocdo.cli.tasks import lead_json

    found = succession.responsible_as_of(name, day, province=province)
    return lead_json(name, found) if found is not None and found.changed else None


def leads_as_of(node: Node, day: dt.date) -> list[dict[str, Any]]:
    """The leads of a task that another body answers for on ``day``, with the chain of
    changes and their legal basis (issue 16)."""
    found = (_lead_as_of(lead, node.jurisdiction, day) for lead in node.leads)
    return [lead for lead in found if lead is not None]


def responsible_lines(node: Node, day: dt.date) -> list[str]:
    """``nay (01/01/2026) Sở Thông tin và Truyền thông → …`` with its chain and legal
    basis, for each lead of ``node`` that another body answers for on ``day``."""
    from luocdo.cli.tasks import now_line

    return [line.strip() if i == 0 else "  " + line.strip()
            for lead in leads_as_of(node, day)
            for i, line in enumerate(now_line(lead, day).splitlines())]


def status_line(node: Node) -> str | None:
    """``trạng thái: hoàn thành — theo 402-CV/VPĐU ngày 25/05/2025, mục 7: «Hoàn thành»``
    (issue 16): what the newest report by the day says, else the due date alone."""
    status = node.status
    if status is None:
        return None
    line = f"trạng thái: {status.label}"
    if status.statement is not None:
        said = f"theo {status.report_symbol or status.report or '?'}"
        if status.statement_date:
            said += f" ngày {_day(status.statement_date)}"
        if status.reported_number:
            said += f", mục {status.reported_number}"
        if status.status_text:
            said += f": «{_cut(status.status_text, 60)}»"
        line += f" — {said}"
        if status.status == "overdue" and status.reported_status != "late" and status.due:
            line += f"; hạn {_day(status.due)} đã qua"
        if status.products:
            line += f"; đã ban hành: {', '.join(status.products)}"
    elif status.status == "overdue" and status.due:
        line += f" — hạn {_day(status.due)} đã qua, chưa có báo cáo hoàn thành"
    elif status.status == "not_yet_due" and status.due:
        line += f" — hạn {_day(status.due)}"
    return line


def _day(iso: str) -> str:
    """``2025-05-25`` -> ``25/05/2025`` (dates are dd/mm/yyyy in Vietnamese)."""
    parts = iso.split("-")
    return "/".join(reversed(parts)) if len(parts) == 3 else iso


def hop_label(hop: Hop, node: Node, trace: Trace, as_of: dt.date | None = None) -> Text:
    """What one line of the tree says about the node a hop reaches; with ``as_of``, who
    answers on that day for a lead the 2025 reorganization changed."""
    from luocdo.trace import SAME_SYMBOL, TASK_OF, relation_label

    text = Text()
    if node.kind == "task":
        text.append(node.label, style="bold")
        if hop.relation != TASK_OF or trace.direction == "up":
            plan = trace.nodes.get(node.document or "")
            if plan is not None:
                text.append(f" của {plan.label}{_place(plan)}")
        if hop.relation != TASK_OF:
            text.append(f" — {relation_label(hop.relation)}", style="cyan")
        text.append(f": {_cut(node.content, 120)}")
    elif hop.relation == TASK_OF:
        text.append("thuộc ", style="cyan")
        text.append(node.label, style="bold")
        text.append(_place(node))
    elif hop.relation == SAME_SYMBOL:
        text.append("cùng số, ký hiệu: ", style="cyan")
        text.append(node.label, style="bold")
        text.append(f"{_place(node)} — trích dẫn không ghi năm, {node.iri}")
    else:
        if trace.direction == "up":
            text.append(f"{relation_label(hop.relation)} ", style="cyan")
        text.append(node.label, style="bold")
        text.append(_place(node))
        if node.date:
            text.append(f", ngày {node.date}")
        if trace.direction == "down":
            text.append(f" — {relation_label(hop.relation)}", style="cyan")
    for line in _task_details(node) if node.kind == "task" else ():
        text.append("\n" + line, style="green")
    for line in responsible_lines(node, as_of) if node.kind == "task" and as_of else ():
        text.append("\n" + line, style="yellow")
    status = status_line(node) if node.kind == "task" else None
    if status is not None:
        text.append("\n" + status, style="magenta")
    for evidence in hop.evidence[:1]:
        text.append("\n" + evidence_line(evidence, trace), style="dim")
    if len(hop.evidence) > 1:
        text.append(f"\n(+{len(hop.evidence) - 1} chỗ khác)", style="dim")
    return text


def _reading_order(node: Node) -> tuple[object, ...]:
    """Documents first, then table tasks by number (2 before 10), then prose tasks."""
    from luocdo.trace import natural

    number = node.number or (node.status.reported_number if node.status else None)
    return (node.kind == "task", node.source != "table", natural(number), node.label)


def render(trace: Trace, as_of: dt.date | None = None) -> Tree:
    """The trace as a tree: each node under the node it was reached from; with ``as_of``,
    each task's leads that another body answers for on that day, and who."""
    from luocdo.trace import relation_label

    first = trace.nodes[trace.roots[0]]
    heading = "Truy vết xuống từ" if trace.direction == "down" else "Truy vết lên từ"
    title = Text(f"{heading} ")
    title.append(first.label, style="bold")
    if first.kind == "task" and first.document in trace.nodes:
        title.append(f" của {trace.nodes[first.document].label}")
    title.append(_place(first))
    title.append("\nquan hệ: " + ", ".join(relation_label(r) for r in trace.relations),
                 style="dim")
    tree = Tree(title)
    children = trace.children()
    seen: set[str] = set(trace.roots)

    def add(branch: Tree, hop: Hop, subtasks: dict[str, list[Hop]]) -> None:
        reached = trace.reached(hop)
        if reached in seen:
            return
        seen.add(reached)
        node = trace.nodes[reached]
        label = hop_label(hop, node, trace, as_of)
        for other in trace.own_relations(reached):
            target = trace.nodes.get(other.target)
            label.append(f"\ncũng {relation_label(other.relation)} "
                         f"{target.label if target else other.target}", style="cyan")
            for evidence in other.evidence[:1]:
                label.append("\n" + evidence_line(evidence, trace), style="dim")
        twig = branch.add(label)
        for sub in subtasks.get(reached, []):
            add(twig, sub, subtasks)
        grow(twig, reached)

    def grow(branch: Tree, iri: str) -> None:
        hops = children.get(iri, [])
        # Sub-tasks (3.1 under 3) hang under their parent task when both are listed here.
        listed = {trace.reached(h) for h in hops}
        subtasks: dict[str, list[Hop]] = {}
        top = []
        for hop in hops:
            node = trace.nodes[trace.reached(hop)]
            if node.parent_task in listed:
                subtasks.setdefault(node.parent_task, []).append(hop)
            else:
                top.append(hop)
        for hop in sorted(top, key=lambda h: _reading_order(trace.nodes[trace.reached(h)])):
            add(branch, hop, subtasks)

    for root in trace.roots:
        grow(tree, root)
    return tree


def summary(trace: Trace) -> str:
    """``Tổng: 1 văn bản, 73 nhiệm vụ (34 trong bảng, 39 trong văn bản); Tây Ninh``, and
    how many tasks have each status on the trace's day (``Trạng thái ngày 25/05/2025: 42
    hoàn thành, …``)."""
    docs = [n for n in trace.documents() if n.mode != "root"]
    tasks = [n for n in trace.tasks() if n.mode != "root"]
    table = sum(1 for n in tasks if n.source == "table")
    places = sorted({n.jurisdiction for n in (*docs, *tasks) if n.jurisdiction})
    line = f"Tổng: {len(docs)} văn bản, {len(tasks)} nhiệm vụ"
    if tasks:
        line += f" ({table} trong bảng, {len(tasks) - table} trong văn bản)"
    line += f"; {', '.join(places)}" if places else ""
    statuses = Counter(n.status.status for n in tasks if n.status is not None)
    if statuses:  # in the order of luocdo.progress.STATUSES
        from luocdo.progress import STATUS_LABELS, STATUSES

        first = next(n.status for n in tasks if n.status is not None)
        line += "\nTrạng thái ngày " + _day(first.as_of) + ": " + ", ".join(
            f"{statuses[s]} {STATUS_LABELS[s]}" for s in STATUSES if statuses[s])
    return line


@app.command("trace")
def trace_command(
    direction: Annotated[TraceDirection, typer.Argument(
        help="down: what carries the document out; up: the documents above it.")],
    target: Annotated[str, typer.Argument(
        metavar="SYMBOL_OR_IRI", help="A number and symbol (08-NQ/TU) or a document/task IRI.")],
    relation: Annotated[list[str] | None, typer.Option(
        "--relation", "-r",
        help="Relation to follow (repeatable): implements, alignsWith, basedOn, cites, "
             "replaces, amends, repeals, guides, corrects, consolidates. "
             "Default: implements and alignsWith.")] = None,
    province: Annotated[str | None, typer.Option(
        "--province", help="The province of a local symbol (2502/KH-UBND) when several match.",
    )] = None,
    depth: Annotated[int | None, typer.Option("--depth", help="At most this many hops.")] = None,
    format: Annotated[TraceFormat, typer.Option("--format", "-f")] = TraceFormat.text,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", help="The day of each task's status (YYYY-MM-DD); today by default.",
    )] = None,
    store: Path | None = StoreOption,
) -> None:
    """Trace a document down to what carries it out (plans, tasks, lead agencies), or up.

    Each hop shows its relation and where it was read (document, characters,
    quoted text); going down, each task shows its status on --as-of (hoàn thành,
    đang thực hiện, quá hạn, chưa đến hạn, chưa có thông tin) and the report that
    says so. A symbol that several documents share is listed: give the
    IRI or --province (exit 2).
    """
    from luocdo.store import Store
    from luocdo.trace import DEFAULT_RELATIONS, AmbiguousSymbolError, trace

    relations = tuple(relation) if relation else DEFAULT_RELATIONS
    with handled(), Store.open(store, read_only=True) as source:
        try:
            result = trace(source, direction.value, target, relations=relations,
                           province=province, max_depth=depth, with_status=True,
                           as_of=as_of)
        except AmbiguousSymbolError as exc:
            typer.echo(f"{target}: nhiều văn bản có số, ký hiệu này; chọn một IRI "
                       "(hoặc --province):", err=True)
            for c in exc.candidates:
                typer.echo(f"  {c.iri}  {c.label}", err=True)
            raise typer.Exit(EXIT_BAD_INPUT) from exc
    day = dt.date.fromisoformat(as_of) if as_of else dt.date.today()
    if format is TraceFormat.json:
        data = result.to_json()
        for node in data["nodes"]:  # who answers on the day for leads changed by then
            if node["kind"] == "task":
                node["leads_as_of"] = leads_as_of(result.nodes[node["iri"]], day)
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    console = Console(highlight=False, width=max(Console().width, 160))
    console.print(render(result, day))
    console.print(summary(result))
