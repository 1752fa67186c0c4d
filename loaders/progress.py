"""Progress from reports: what a report says became of the tasks it reports on (issue 16).

Reports (báo cáo) say what was done in two ways:

- a *progress table*: a task table with a status column (``Tiến độ``, ``Kết quả hiện
  nay``, ``Kết quả thực hiện``, ``Tình hình thực hiện``; the column roles are those of
  ``patterns/task_columns.json``). Each row with a status is one statement about the
  row's task; the document whose tasks the table lists is named in the heading above
  the table (``Phụ lục 1: DANH MỤC NHIỆM VỤ THỰC HIỆN NGHỊ QUYẾT 71/NQ-CP …``), else
  it is the document the report carries out;
- *prose*, in a report only: a clause such as ``Ủy ban nhân dân tỉnh đã ban hành Kế
  hoạch số 213/KH-UBND …``, ``Hoàn thành lắp đặt …``, ``… đang triển khai …``,
  ``… chưa thực hiện …``. A clause states progress on the document it says it carries
  out (``Thực hiện Nghị quyết số 68-NQ/TW …, … đã ban hành …``), else on the document
  the report carries out; it names no single task.

The status words, the words that mark a clause as no statement of progress (``dự kiến
hoàn thành``) and the words after which a named document is a product (``đã ban hành
Kế hoạch số …``) are data: ``patterns/progress.json``, with examples a test runs.

A status is what the report says, never inferred: a row marked ``Hoàn thành`` is done
even when its result says the decision is still to be signed.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from luocdo.loaders import patterns, relations
from luocdo.loaders.task_tables import (
    TaskTable,
    find_block_tables,
    find_layout_tables,
    find_task_tables,
)
from luocdo.loaders.tasks import effective_exclusions
from luocdo.loaders.vietnamese import fold, nfc
from luocdo.model import DocumentInfo, Progress, Reference, Section, Span, Task

# Cheap test before the tables are looked for again: a progress table's header says one of
# these (lower case; a header in capitals is lowered first). The status columns of
# patterns/task_columns.json: without it, 15% more time to parse seeds and corpus.
_STATUS_HEADER_WORDS = ("tiến độ", "kết quả hiện nay", "tình hình thực hiện",
                        "kết quả thực hiện", "kết quả đạt được", "mức độ hoàn thành")
# How far before a table's header its heading is looked for the reported document.
_HEADING_WINDOW = 1500
# How far before a named document an 'issued' word makes it a product.
_ISSUED_WINDOW = 30
_QUOTES = frozenset("“\"'‘«")
# A clause of prose longer than this is not one statement (a table laid out in spaces).
_MAX_CLAUSE = 1200
# Where prose is cut into clauses: after . ; ! ? (then a space), at a blank line, before a
# bullet or a numbered heading on a new line.
_CLAUSE_BREAK = re.compile(
    r"(?<=[.;!?])\s+|\n[ \t]*\n|\n(?=[ \t]*(?:[-+•*]\s|\d+(?:\.\d+)*\.?\s|[a-zđ]\)\s|[IVX]+\.\s))")
# A line laid out in columns (a statistics table as PDF text): three runs of 3+ spaces.
_COLUMNS = re.compile(r"\S {3,}\S.* {3,}\S.* {3,}\S|\S {3,}\S.* {3,}\d")


def _words(phrases: Sequence[str]) -> re.Pattern[str]:
    body = relations.by_first_letter(r"\s+".join(map(re.escape, p.split()))
                                     for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)")


@functools.cache
def _data() -> dict[str, Any]:
    return patterns.load("progress")


@functools.cache
def _status_rules() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((rule["status"], _words([nfc(w).lower() for w in rule["words"]]))
                 for rule in _data()["statuses"])


@functools.cache
def _not_before() -> re.Pattern[str]:
    return _words([w.lower() for w in _data()["not_before"]])


@functools.cache
def _issued() -> re.Pattern[str]:
    return _words([w.lower() for w in _data()["issued"]])


@functools.cache
def _report_titles() -> re.Pattern[str]:
    return _words([fold(w) for w in _data()["report_titles"]])


def _negated(lower: str, pos: int) -> bool:
    """Whether a 'not a statement' word stands within the five words before ``pos``, or
    an opening quote right before it."""
    if lower[max(0, pos - 1):pos] in _QUOTES:
        return True
    before = lower[max(0, pos - 60):pos].split()[-5:]
    return bool(_not_before().search(" ".join(before)))


def status_of(text: str, *, prose: bool = False) -> tuple[str, int, int] | None:
    """The status ``text`` states (done, in_progress, not_started, late) and where its
    words are in ``text``; None when it states none.

    In ``prose`` a bare ``hoàn thành`` only counts at the start of the clause (``Hoàn
    thành lắp đặt …``): elsewhere it names an aim as often as a result.

    >>> status_of("Hoàn thành")[0], status_of("Đang thực hiện, quá hạn")[0]
    ('done', 'late')
    >>> status_of("dự kiến hoàn thành trong quý 2/2026") is None
    True
    """
    lower = text.lower()
    lead = len(text) - len(text.lstrip(" \t\n-+•*"))
    for status, pattern in _status_rules():
        for m in pattern.finditer(lower):
            if _negated(lower, m.start()):
                continue
            if prose and status == "done" and m.group().startswith("hoàn") \
                    and m.start() > lead:
                continue
            return status, m.start(), m.end()
    return None


def is_report(info: DocumentInfo) -> bool:
    """Whether a document is a report: type Báo cáo, or a title that says it reports."""
    if info.type_code and fold(info.type_code) == "bc":
        return True
    return bool(info.title and _report_titles().search(fold(info.title)))


# ---------------------------------------------------------------------------- tables


def _tables(text: str) -> list[TaskTable]:
    lower = text.lower()
    if not any(word in lower for word in _STATUS_HEADER_WORDS):
        return []
    laid_out, _wrapped = find_layout_tables(text)
    found = [*find_task_tables(text), *find_block_tables(text), *laid_out]
    return sorted((t for t in found if "status" in t.roles.values()),
                  key=lambda t: t.header.start)


def _row_task(tasks: Sequence[Task], start: int) -> int | None:
    for index, task in enumerate(tasks):
        if task.source == "table" and task.start <= start < max(task.end, task.start + 1):
            return index
    return None


def _reported_in_heading(start: int, structure: Sequence[Section],
                         references: Sequence[Reference], own: str | None) -> str | None:
    """The document a table lists the tasks of: the first one named in the heading of the
    unit holding the table, before its header."""
    lower = start - _HEADING_WINDOW
    for unit in structure:
        if unit.start <= start < unit.end and unit.kind == "appendix":
            lower = max(lower, unit.start)
    for ref in sorted(references, key=lambda r: r.start):
        if lower <= ref.start < start and not ref.in_table and ref.symbol != own:
            return ref.symbol
    return None


def _products(text: str, cells: Sequence[Span], references: Sequence[Reference]) -> list[str]:
    """Documents the cells say were issued: named after an 'issued' word, or first thing
    of a cell (``Quyết định số 682/QĐ-BKHCN ngày 25/4/2025 công nhận …``)."""
    out: list[str] = []
    for cell in cells:
        lead = cell.start + len(cell.text) - len(cell.text.lstrip(" -+•*("))
        previous = cell.start  # the cue must stand after the document named before
        for ref in sorted(references, key=lambda r: r.start):
            if not (cell.start <= ref.start and ref.end <= cell.end):
                continue
            before = text[max(previous, ref.start - _ISSUED_WINDOW):ref.start].lower()
            if (ref.start - lead <= 2 or _issued().search(before)) and ref.symbol not in out:
                out.append(ref.symbol)
            previous = max(previous, ref.end)
    return out


def _table_progress(text: str, table: TaskTable, tasks: Sequence[Task],
                    references: Sequence[Reference], reported: str | None,
                    date: str | None, section_at: Callable[[int], str | None]
                    ) -> list[Progress]:
    columns = sorted(i for i, role in table.roles.items() if role == "status")
    out: list[Progress] = []
    for row in table.rows:
        cells = [row.cells[i] for i in columns if i < len(row.cells) and row.cells[i].text]
        found: tuple[Span, tuple[str, int, int]] | None = None
        for cell in cells:
            read = status_of(cell.text)
            if read is not None:
                found = (cell, read)
                break
        if found is None:
            continue
        status_cell, (status, lo, hi) = found
        others = [c for c in cells if c is not status_cell]
        result = max(others, key=lambda c: len(c.text)) if others else (
            status_cell if len(status_cell.text) > hi - lo + 20 else None)
        index = _row_task(tasks, row.start)
        task = tasks[index] if index is not None else None
        start, end = (task.start, task.end) if task is not None else (row.start, row.end)
        spans = {"status": Span(status_cell.start, status_cell.end, status_cell.text)}
        if result is not None:
            spans["result"] = Span(result.start, result.end, result.text)
        out.append(Progress(
            status=status, status_text=status_cell.text[lo:hi] if len(status_cell.text) > 40
            else status_cell.text, start=start, end=end, source="table",
            reported_document=reported, task_index=index,
            task_number=task.number if task is not None else (
                row.cells[0].text.rstrip(".") if row.cells else None),
            task_content=task.content if task is not None else None,
            result=result.text if result is not None else None,
            products=tuple(_products(text, cells, references)), date=date,
            section=section_at(start), spans=spans))
    return out


# ---------------------------------------------------------------------------- prose


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pos = start
    for m in _CLAUSE_BREAK.finditer(text, start, end):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, end))
    return [(a, b) for a, b in out if b > a]


def _blocked(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(a < end and start < b for a, b in spans)


def _prose_progress(text: str, info: DocumentInfo, references: Sequence[Reference],
                    skip: Sequence[tuple[int, int]], body_start: int,
                    section_at: Callable[[int], str | None]) -> list[Progress]:
    out: list[Progress] = []
    default = info.implements[0] if info.implements else None
    refs = sorted(references, key=lambda r: r.start)
    for a, b in _clauses(text, body_start, len(text)):
        clause = text[a:b]
        stripped = clause.strip()
        if len(stripped) < 12 or len(stripped) > _MAX_CLAUSE or "|" in clause \
                or _COLUMNS.search(clause) or _blocked(a, b, skip):
            continue
        found = status_of(clause, prose=True)
        if found is None:
            continue
        status, lo, hi = found
        lead = len(clause) - len(clause.lstrip())
        start, end = a + lead, a + len(clause.rstrip())
        inside = [r for r in refs if start <= r.start and r.end <= end]
        products = _products(text, [Span(start, end, text[start:end])], inside)
        carried = [r.symbol for r in inside
                   if r.relation == "implements" and r.symbol not in products
                   and r.symbol != info.symbol]
        out.append(Progress(
            status=status, status_text=clause[lo:hi], start=start, end=end, source="prose",
            reported_document=carried[0] if carried else default, products=tuple(products),
            date=info.date, section=section_at(start),
            spans={"status": Span(a + lo, a + hi, clause[lo:hi])}))
    return out


# ---------------------------------------------------------------------------- the stage


def _states_progress(table: TaskTable, rows: Sequence[Progress]) -> bool:
    """Whether a table with a status column reports progress: a status is read on at
    least half the rows whose status cells hold text (a plan's ``Tiến độ`` column of
    milestones, ``Quý I/2026``, states none)."""
    columns = [i for i, role in table.roles.items() if role == "status"]
    filled = sum(1 for row in table.rows
                 if any(i < len(row.cells) and row.cells[i].text for i in columns))
    return bool(rows) and 2 * len(rows) >= filled


def _set_apart(tasks: Sequence[Task], found: Sequence[Progress],
               spans: Sequence[tuple[int, int]]) -> tuple[list[Task], list[Progress]]:
    """The tasks without the table rows inside ``spans``, and the statements with each such
    row as their ``task`` (their ``task_index`` into the tasks kept)."""
    kept = [t for t in tasks if t.source != "table" or not _blocked(t.start, t.start + 1, spans)]
    index_of = {id(t): k for k, t in enumerate(kept)}
    out: list[Progress] = []
    for item in found:
        if item.task_index is not None:
            task = tasks[item.task_index]
            k = index_of.get(id(task))
            item = replace(item, task_index=k, task=task if k is None else None)
        out.append(item)
    return kept, out


def find_progress(text: str, *, info: DocumentInfo, tasks: Sequence[Task] = (),
                  references: Sequence[Reference] = (), structure: Sequence[Section] = (),
                  exclude: Sequence[tuple[int, int]] = (), body_start: int = 0,
                  section_at: Callable[..., str | None] | None = None
                  ) -> tuple[tuple[Progress, ...], tuple[Task, ...]]:
    """The statements of progress of ``text``: rows of its progress tables (any document)
    and, in a report, clauses of its prose; and ``tasks`` without the rows of progress
    tables on another document.

    ``tasks`` and ``references`` are what the earlier stages found in the same text
    (a row's task is the table task whose span holds the row); ``exclude`` lists spans
    with no prose statement (recipients, signature).

    A progress table lists another document's tasks with what became of them (corpus 004,
    a report's Phụ lục 1 on the tasks of Nghị quyết 71/NQ-CP): its rows are statements on
    that document's tasks, not tasks of the report, and the row read as a task goes with
    its statement (``Progress.task``). A table is one when it has a status column, a status
    is read on at least half its rows, it names the document it reports on (in the heading
    above it, or the document the report carries out) and the document is a report, or
    the heading names that document. A plan's ``Kết quả``/``Sản phẩm`` column is the
    product to deliver, no status: its rows stay tasks.
    """
    def where(offset: int) -> str | None:
        return section_at(tuple(structure), offset) if section_at is not None else None

    own = info.symbol
    fallback = info.implements[0] if info.implements else None
    # An exclusion stops at an appendix heading (appendices follow the signature).
    skip = effective_exclusions(text, exclude)
    out: list[Progress] = []
    table_spans: list[tuple[int, int]] = []
    apart: list[tuple[int, int]] = []
    report = is_report(info)
    for table in _tables(text):
        if _blocked(table.header.start, table.header.end, skip):
            continue
        named = _reported_in_heading(table.header.start, structure, references, own)
        reported = named or fallback
        rows = _table_progress(text, table, tasks, references,
                               None if reported == own else reported, info.date, where)
        out.extend(rows)
        span = (table.header.start, max([table.header.end, *(r.end for r in table.rows)]))
        table_spans.append(span)
        if reported not in (None, own) and (report or named) and _states_progress(table, rows):
            apart.append(span)
    if is_report(info):
        task_spans = [(t.start, t.end) for t in tasks if t.source == "table"]
        out.extend(_prose_progress(text, info, references,
                                   [*skip, *table_spans, *task_spans], body_start, where))
    kept, out = _set_apart(tasks, out, apart)
    return tuple(sorted(out, key=lambda p: (p.start, p.end))), tuple(kept)
