"""``luocdo tasks``: what is due or late on a day, by agency, province or plan (issue 16).

A thin wrapper over the named query ``tasks`` (``queries/tasks.rq``): the query
finds the tasks and their time frames; here a recurring task's last and next
due dates are computed from its iCalendar rule (``dateutil.rrule``) and every
task gets a status as of the day asked for.

As of the day, each lead agency is followed through the 2025 reorganization
(``luocdo.succession``): beside the agency the document names stands the body
responsible on that day, with the chain of changes and their legal basis; a
province merged into another is read with it (Tây Ninh from 1 July 2025 includes
the plans of former Long An).
"""

from __future__ import annotations

import base64
import binascii
import bisect
import csv
import datetime as dt
import functools
import io
import json
import re
from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from luocdo.cli import StoreOption, app
from luocdo.cli.errors import handled
from luocdo.errors import InputError

if TYPE_CHECKING:  # imported where used: every command loads this module, few need it
    from luocdo import succession


class TasksFormat(StrEnum):
    text = "text"
    json = "json"
    csv = "csv"


class TaskRole(StrEnum):
    """The role of the agency asked for (tasks.rq's role parameter)."""

    lead = "lead"
    coordinator = "coordinator"


# Statuses as of a day: the JSON/CSV value and the Vietnamese label of the text form.
STATUS_LABELS = {
    "overdue": "quá hạn",
    "not_due": "chưa đến hạn",
    "recurring": "định kỳ",
    "ongoing": "thường xuyên",
    "after_event": "sau sự kiện",
    "unknown": "không rõ thời hạn",
}
# Under --overdue: the late tasks, then those that recur or go on (never "late" here).
_OVERDUE_LISTED = ("overdue", "recurring", "ongoing")
_ORDER = {status: n for n, status in enumerate(STATUS_LABELS)}
CONTENT = 120  # characters of a task's content shown in the text form
PAGE_SIZE = 100  # rows of a page when only --after is given


@dataclass(frozen=True)
class TaskRow:
    """One task as of a day (one row per role when an agency is asked for)."""

    status: str
    symbol: str | None
    document: str
    province: str | None
    task: str
    number: str | None
    content: str | None
    role: str | None
    lead: str | None
    coordinators: str | None
    timeframe: str | None
    kind: str | None
    due: str | None  # the due date as a day (a year or month as its last day)
    rrule: str | None
    rrule_start: str | None
    last_due: str | None  # a recurring task: its latest due date before the day
    next_due: str | None  # a recurring task: its first due date on or after the day
    # the bodies responsible on the day for the leads the 2025 reorganization changed
    # ("; " between leads, " | " between the shares of a split); None when none changed
    responsible: str | None = None
    # per lead: the agency named, the body or bodies responsible on the day, the chain of
    # changes and their legal basis (JSON only)
    leads_as_of: tuple[dict[str, Any], ...] = ()


def _day(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError as exc:
        raise InputError(f"--as-of {value!r} is not a date; expected YYYY-MM-DD") from exc


def _natural(value: str | None) -> tuple[Any, ...]:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", value or ""))


def _status(row: dict[str, Any], day: dt.date) -> tuple[str, str | None, str | None]:
    """The status of a query row on ``day``, with a recurring task's last and next due."""
    from luocdo.loaders.timeframes import last_due, next_due

    kind, due, rule = row.get("timeframeKind"), row.get("dueBy"), row.get("rrule")
    if kind == "recurring":
        if not rule:
            return "recurring", None, None
        # a draft has no date to count from: its rule's dates are counted from the day
        start = row.get("rruleStart") or day.isoformat()
        last, following = last_due(rule, start, day), next_due(rule, start, day)
        return ("recurring", last.isoformat() if last else None,
                following.isoformat() if following else None)
    if kind in ("ongoing", "after_event"):
        return kind, None, None
    if due:
        return ("overdue" if due < day.isoformat() else "not_due"), None, None
    return "unknown", None, None


def _same_document(symbol: str | None, document: str, wanted: str) -> bool:
    from luocdo import queries  # type: ignore[attr-defined]  # mapped from queries/

    if wanted.strip() == document:
        return True
    if not symbol:
        return False
    return bool(set(queries.symbol_keys(symbol)) & set(queries.symbol_keys(wanted.strip())))


def _basis_json(basis: succession.LegalBasis) -> dict[str, Any]:
    return {"symbol": basis.symbol, "cite": basis.cite(), "title": basis.title,
            "date": basis.date.isoformat(),
            "review": basis.review,
            "evidence": [asdict(e) for e in basis.evidence]}


def lead_json(name: str, found: succession.Succession) -> dict[str, Any]:
    """One lead as of the day: the agency named, who answers now and how it came to."""
    return {
        "agency": name, "iri": found.agency.iri, "changed": found.changed,
        "split": found.split, "certain": found.certain,
        "responsible": [{
            "body": o.body.label, "iri": o.body.iri, "scope": o.scope,
            "steps": [{"on": st.on.isoformat(), "kind": st.change.kind,
                       "before": st.before.label, "after": st.after.label,
                       "scope": st.scope, "change": st.change.iri,
                       "note": st.change.note,
                       "basis": [_basis_json(b) for b in st.basis]} for st in o.steps],
        } for o in found.outcomes],
    }


@functools.lru_cache(maxsize=4096)
def _lead_as_of(iri: str, name: str, day: dt.date) -> dict[str, Any] | None:
    # one look-up per agency and day: many tasks share a lead
    from luocdo import succession

    found = succession.responsible_as_of(iri, day, name=name or None)
    return lead_json(name or iri, found) if found is not None else None


def _leads_as_of(agencies: str | None, day: dt.date) -> tuple[dict[str, Any], ...]:
    """The leads of a query row ("IRI name" lines) followed to ``day``."""
    out = []
    for line in sorted((agencies or "").splitlines()):
        iri, _, name = line.partition(" ")
        lead = _lead_as_of(iri, name, day) if iri else None
        if lead is not None:
            out.append(lead)
    return tuple(out)


def _responsible_text(leads: tuple[dict[str, Any], ...]) -> str | None:
    changed = [lead for lead in leads if lead["changed"]]
    if not changed:
        return None
    return "; ".join(" | ".join(r["body"] for r in lead["responsible"]) for lead in changed)


def due_rows(source: Any, day: dt.date, *, overdue: bool, agency: str | None = None,
             province: str | None = None, document: str | None = None,
             role: str | None = None) -> list[TaskRow]:
    """The tasks of ``source`` as of ``day``: all of them, or (``overdue``) the late ones
    followed by the recurring and ongoing ones with their next due date.

    A province is taken as it stands on ``day``: with the provinces merged into it by
    then (``succession.provinces_as_of``); an agency with the bodies whose duties it had
    taken over by then (``succession.former_names``: Sở Tài chính from 1 March 2025 with
    Sở Kế hoạch và Đầu tư). Each row's leads are followed to ``day``. A ``role``
    ("lead", "coordinator") keeps the rows where the agency has it.
    """
    import luocdo.succession as succession
    from luocdo import queries  # type: ignore[attr-defined]  # mapped from queries/

    if role and not agency:
        raise InputError("--role is the role of the agency asked for: give --agency too")
    places: tuple[str | None, ...] = (
        succession.provinces_as_of(province, day) if province else (None,))
    # an agency stands for the bodies whose duties it had taken over by the day too
    agencies: tuple[str | None, ...] = (
        (agency, *succession.former_names(agency, day)) if agency else (None,))
    rows: list[dict[str, Any]] = []
    seen: set[tuple[str, str | None]] = set()
    for place in places:
        for who in agencies:
            for row in queries.run(source, "tasks", agency=who, province=place,
                                   role=role).rows:
                key = (row["task"], row.get("role"))
                if key not in seen:
                    seen.add(key)
                    rows.append(row)
    out: list[TaskRow] = []
    for row in rows:
        if document and not _same_document(row.get("symbol"), row["document"], document):
            continue
        status, last, following = _status(row, day)
        if overdue and status not in _OVERDUE_LISTED:
            continue
        leads = _leads_as_of(row.get("leadAgencies"), day)
        out.append(TaskRow(
            status=status, symbol=row.get("symbol"), document=row["document"],
            province=row.get("provinceName"), task=row["task"], number=row.get("taskNumber"),
            content=row.get("content"), role=row.get("role"), lead=row.get("lead") or None,
            coordinators=row.get("coordinators") or None, timeframe=row.get("timeframe"),
            kind=row.get("timeframeKind"), due=row.get("dueBy"), rrule=row.get("rrule"),
            rrule_start=row.get("rruleStart"), last_due=last, next_due=following,
            responsible=_responsible_text(leads), leads_as_of=leads))
    out.sort(key=_sort_key)
    return out


def _sort_key(row: TaskRow) -> tuple[Any, ...]:
    """The order of ``luocdo tasks``: status, due date, plan, task number, role, task."""
    return (_ORDER[row.status], row.due or row.next_due or "9999", row.symbol or "",
            row.document, _natural(row.number), row.role or "", row.task)


def _cursor(row: TaskRow) -> str:
    """The opaque ``--after`` of the page after ``row``: its place in the order, as JSON."""
    place = [row.status, row.due or row.next_due or "9999", row.symbol or "", row.document,
             row.number or "", row.role or "", row.task]
    text = json.dumps(place, ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode("utf-8")).decode("ascii").rstrip("=")


def _cursor_key(text: str) -> tuple[Any, ...]:
    bad = InputError(f"--after {text[:80]!r} is not a cursor of luocdo tasks; give the one "
                     "the page before printed, with the same other options")
    try:
        place = json.loads(base64.urlsafe_b64decode(text.strip() + "=" * (-len(text.strip()) % 4)))
    except (ValueError, binascii.Error) as exc:
        raise bad from exc
    if (not isinstance(place, list) or len(place) != 7 or place[0] not in _ORDER
            or not all(isinstance(v, str) for v in place)):
        raise bad
    status, due, symbol, document, number, role, task = place
    return (_ORDER[status], due, symbol, document, _natural(number), role, task)


def page_of(rows: list[TaskRow], size: int | None, after: str | None
            ) -> tuple[list[TaskRow], str | None]:
    """The ``size`` rows after the cursor ``after`` (rows in :func:`due_rows`'s order), and
    the cursor of the next page (None on the last one)."""
    start = 0
    if after:
        bound = _cursor_key(after)
        start = bisect.bisect_right([_sort_key(r) for r in rows], bound)
    size = size or PAGE_SIZE
    page = rows[start:start + size]
    following = _cursor(page[-1]) if page and start + size < len(rows) else None
    return page, following


def _vi(iso: str | None) -> str:
    """``2025-12-31`` → ``31/12/2025`` (dates as Vietnamese texts print them)."""
    if not iso:
        return ""
    year, month, day = iso.split("-")
    return f"{day}/{month}/{year}"


def _cut(text: str | None, limit: int = CONTENT) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _text_line(row: TaskRow, day: dt.date) -> str:
    where = f"{row.symbol or row.document} nhiệm vụ {row.number or '?'}"
    when = f"«{row.timeframe}»" if row.timeframe else "(không ghi thời gian)"
    if row.status in ("overdue", "not_due"):
        when = f"hạn {_vi(row.due)} {when}"
    elif row.status == "recurring":
        following = f"kỳ hạn tới {_vi(row.next_due)}" if row.next_due else "đã hết các kỳ"
        last = f", kỳ trước {_vi(row.last_due)}" if row.last_due else ""
        when = f"{following}{last} {when}"
    parts = [f"  {where}: {when}"]
    if row.lead:
        parts.append(f"chủ trì: {row.lead}")
    if row.role:
        parts.append(f"vai trò: {'chủ trì' if row.role == 'lead' else 'phối hợp'}")
    lines = [" — ".join(parts) + f"\n    {_cut(row.content)}"]
    lines.extend(now_line(lead, day) for lead in row.leads_as_of if lead["changed"])
    return "\n".join(lines)


def now_line(lead: dict[str, Any], day: dt.date) -> str:
    """``nay (01/01/2026): Sở Tài chính tỉnh Tây Ninh ← Sở Kế hoạch và Đầu tư (01/03/2025,
    Nghị định số 45/2025/NĐ-CP ngày 28/02/2025 ...)``, one line per lead."""
    from luocdo import succession

    bodies = []
    for r in lead["responsible"]:
        bodies.append(f"{r['body']} [{_cut(r['scope'], 80)}]" if lead["split"] and r["scope"]
                      else r["body"])
    head = "chia theo lĩnh vực: " if lead["split"] else ""
    chain: list[str] = []
    bases: dict[str, dict[str, Any]] = {}
    for r in lead["responsible"]:
        for st in r["steps"]:
            link = f"{st['before']} → {st['after']} ({_vi(st['on'])})"
            if link not in chain:
                chain.append(link)
            for b in st["basis"]:
                bases.setdefault(b["symbol"], b)
    cited = ", ".join(
        b["cite"] + (" (chưa đối chiếu văn bản)" if b["review"] == succession.NOT_REVIEWED else "")
        for b in bases.values())
    unsure = "; chưa chắc chắn, xem ghi chú" if not lead["certain"] else ""
    return (f"    nay ({_vi(day.isoformat())}) {lead['agency']} → {head}{'; '.join(bodies)}"
            f"\n      qua: {'; '.join(chain)}\n      căn cứ: {cited}{unsure}")


def _render_text(rows: list[TaskRow], day: dt.date, overdue: bool) -> str:
    lines = [f"Nhiệm vụ {'quá hạn ' if overdue else ''}tính đến ngày {_vi(day.isoformat())}"]
    for status in STATUS_LABELS:
        group = [r for r in rows if r.status == status]
        if not group:
            continue
        heading = f"{STATUS_LABELS[status]} ({len(group)})"
        if status in ("recurring", "ongoing"):
            heading += ": không tính là quá hạn khi chưa có thông tin tiến độ"
        lines.append("")
        lines.append(heading)
        lines.extend(_text_line(r, day) for r in group)
    if not rows:
        lines.append("(không có nhiệm vụ nào)")
    return "\n".join(lines) + "\n"


def _render_csv(rows: list[TaskRow]) -> str:
    out = io.StringIO()
    names = [n for n in TaskRow.__dataclass_fields__ if n != "leads_as_of"]
    writer = csv.DictWriter(out, fieldnames=names, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else v for k, v in asdict(row).items()
                         if k in names})
    return out.getvalue()


@app.command()
def tasks(
    store: Path | None = StoreOption,
    overdue: Annotated[bool, typer.Option(
        "--overdue",
        help="Only what is late on the day: tasks whose due date is before it (the due day "
             "itself is not late). Recurring (Hằng năm, Định kỳ 6 tháng) and ongoing "
             "(Thường xuyên) tasks are never overdue without progress information: they "
             "are listed after the late ones, each recurring task with its next due date.")]
    = False,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", metavar="DATE",
        help="The day (YYYY-MM-DD); default today. Each lead the 2025 reorganization "
             "changed is shown with the body responsible on that day, the chain of "
             "changes and their legal basis.")] = None,
    agency: Annotated[str | None, typer.Option(
        "--agency",
        help="Lead or coordinating agency: part of its name or abbreviation (diacritics "
             "and case ignored), or its IRI; with the bodies whose duties it had taken "
             "over by the day (2025 reorganization).")] = None,
    province: Annotated[str | None, typer.Option(
        "--province", help="Province of the plan (\"Tây Ninh\"), as it stands on the day: "
                           "with the provinces merged into it by then (Tây Ninh from "
                           "2025-07-01 includes former Long An).")] = None,
    document: Annotated[str | None, typer.Option(
        "--document", metavar="SYMBOL", help="Only the tasks of this document "
                                             "(2502/KH-UBND) or IRI.")] = None,
    role: Annotated[TaskRole | None, typer.Option(
        "--role", help="Only the tasks the agency (--agency) leads (lead: chủ trì) or "
                       "coordinates (coordinator: phối hợp).")] = None,
    format: Annotated[TasksFormat, typer.Option("--format", "-f")] = TasksFormat.text,
    page_size: Annotated[int | None, typer.Option(
        "--page-size", min=1, max=1000, metavar="N",
        help="Print one page of N tasks, in the same order, and the --after that gives the "
             "next one (text: its last line; json: \"next\" and \"total\"; csv: on "
             "stderr). Every task is still read: the order (status, due date) is the "
             "command's own.")] = None,
    after: Annotated[str | None, typer.Option(
        "--after", metavar="CURSOR",
        help="The page after this cursor (printed by the page before; same other "
             "options). Alone: pages of 100.")] = None,
) -> None:
    """What is due or late on a day (today by default), with each task's status.

    Recurring (Hằng năm, Định kỳ 6 tháng) and ongoing (Thường xuyên) tasks are never
    overdue without progress information: they are listed with their next due date
    instead.

    A time frame printed as a year or month is due on its last day (Quý III/2023 by
    30/09/2023, 2023-2025 by 31/12/2025); "Trước ngày 15/10/2026" is due on 15/10/2026.
    Statuses: overdue, not_due, recurring (with the last and next due dates, counted
    from the document's date), ongoing, after_event (Sau khi ...), unknown.
    """
    from luocdo.store import Store

    with handled():
        day = _day(as_of)
        with Store.open(store, read_only=True) as source:
            rows = due_rows(source, day, overdue=overdue, agency=agency, province=province,
                            document=document, role=role.value if role else None)
        paged = page_size is not None or bool(after)
        total = len(rows)
        following: str | None = None
        if paged:
            rows, following = page_of(rows, page_size, after)
    if format is TasksFormat.json:
        body: dict[str, Any] = {"as_of": day.isoformat(), "overdue": overdue,
                                "tasks": [asdict(r) for r in rows]}
        if paged:
            body.update(next=following, total=total)
        typer.echo(json.dumps(body, ensure_ascii=False, indent=2))
    elif format is TasksFormat.csv:
        typer.echo(_render_csv(rows), nl=False)
        if following is not None:
            typer.echo(f"next page: --after {following}", err=True)
    else:
        typer.echo(_render_text(rows, day, overdue), nl=False)
        if paged:
            typer.echo(f"\n{len(rows)}/{total} nhiệm vụ"
                       + (f"; trang sau: --after {following}" if following else ""))
