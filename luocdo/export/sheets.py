"""Spreadsheets of a selection: the tasks table (XLSX and CSV) and the references table (XLSX).

Every cell holds text, headed in Vietnamese. Texts read from documents often
start with ``-``, ``+`` or ``=`` (list items, "+ Đến năm 2025"), which a
spreadsheet would take for a formula: in XLSX each cell is typed as a string
(and marked with a quote prefix, so that editing it keeps it text); in CSV such
a value gets a leading apostrophe, as OWASP advises against CSV injection.
CSV is UTF-8 with a byte order mark so that Excel reads Vietnamese correctly.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO

from luocdo.export.selection import Selection, rows
from luocdo.export.visual import clean, term_label
from luocdo.store import Store

# What a spreadsheet would read as the start of a formula (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NATURAL = re.compile(r"(\d+)")


@dataclass(frozen=True)
class Column:
    """One column: Vietnamese heading, width in characters, how to get its value from a row."""

    heading: str
    width: int
    value: Callable[[Mapping[str, Any]], Any]
    wrap: bool = False


def _get(name: str) -> Callable[[Mapping[str, Any]], Any]:
    return lambda row: row.get(name)


def _relation(row: Mapping[str, Any]) -> str | None:
    return term_label(row["relation"]) if row.get("relation") else None


TASK_COLUMNS: tuple[Column, ...] = (
    Column("Văn bản", 18, _get("symbol")),
    Column("Số TT", 9, _get("taskNumber")),
    Column("Nội dung nhiệm vụ", 70, _get("content"), wrap=True),
    Column("Cơ quan chủ trì", 30, _get("lead"), wrap=True),
    Column("Cơ quan phối hợp", 40, _get("coordinators"), wrap=True),
    Column("Thời gian thực hiện", 20, _get("timeframe"), wrap=True),
    Column("Thời hạn", 12, _get("dueDate")),
    Column("Sản phẩm", 30, _get("product"), wrap=True),
    Column("Thực hiện văn bản", 22, _get("implements"), wrap=True),
    Column("Địa phương", 14, _get("province")),
    Column("Trích yếu văn bản", 40, _get("title"), wrap=True),
    Column("IRI nhiệm vụ", 30, _get("task")),
)

REFERENCE_COLUMNS: tuple[Column, ...] = (
    Column("Văn bản", 18, _get("symbol")),
    Column("Số, ký hiệu được dẫn", 22, _get("citedAs")),
    Column("Quan hệ", 16, _relation),
    Column("Văn bản được dẫn", 22, _get("citedSymbol")),
    Column("Trích yếu văn bản được dẫn", 40, _get("citedTitle"), wrap=True),
    Column("Mục", 12, _get("section")),
    Column("Trích dẫn nguyên văn", 60, _get("text"), wrap=True),
    Column("IRI văn bản được dẫn", 30, _get("cited")),
    Column("IRI văn bản", 30, _get("document")),
)

TASK_SHEET = "Nhiệm vụ"
REFERENCE_SHEET = "Trích dẫn"


def _natural(value: Any) -> tuple[tuple[int, Any], ...]:
    """A sort key putting "2" before "10" and "3.1" before "3.10"."""
    return tuple((0, int(p)) if p.isdigit() else (1, p)
                 for p in _NATURAL.split(str(value or "")) if p)


def task_rows(store: Store, selection: Selection) -> list[dict[str, Any]]:
    """The selection's tasks (``queries/export_tasks.rq``), by document and place in its text."""
    restrict = None if selection.whole else selection.nodes
    found = [r for r in rows(store, "export_tasks", "task", restrict) if r["task"] in selection]
    unique = {r["task"]: r for r in reversed(found)}  # one row per task, the first kept
    return sorted(unique.values(), key=lambda r: (str(r.get("symbol") or "~"), r["document"],
                                                  r.get("start") if r.get("start") is not None
                                                  else 1 << 62,
                                                  _natural(r.get("taskNumber")), r["task"]))


def reference_rows(store: Store, selection: Selection) -> list[dict[str, Any]]:
    """The citations made by the selection's documents (``queries/export_references.rq``)."""
    restrict = None if selection.whole else selection.nodes
    found = rows(store, "export_references", "document", restrict)
    unique = {r["citation"]: r for r in reversed(found)}
    return sorted(unique.values(), key=lambda r: (str(r.get("symbol") or "~"), r["document"],
                                                  r.get("start") if r.get("start") is not None
                                                  else 1 << 62, r["citation"]))


def cell_text(value: Any) -> str:
    """The text of a cell: cleaned of control characters; None is empty."""
    return "" if value is None else clean(value)


def _fill(sheet: Any, columns: Sequence[Column], data: Sequence[Mapping[str, Any]]) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    for col, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=col)
        cell.value = column.heading
        cell.data_type = "s"
        cell.font = bold
        cell.alignment = Alignment(vertical="top", wrap_text=True)
        sheet.column_dimensions[get_column_letter(col)].width = column.width
    wrap = Alignment(vertical="top", wrap_text=True)
    top = Alignment(vertical="top")
    for index, row in enumerate(data, start=2):
        for col, column in enumerate(columns, start=1):
            text = cell_text(column.value(row))
            if not text:
                continue
            cell = sheet.cell(row=index, column=col)
            cell.value = text
            cell.data_type = "s"  # text, even when it starts with '=' or '-'
            if text.startswith(FORMULA_START):
                cell.quotePrefix = True
            cell.alignment = wrap if column.wrap else top
    sheet.freeze_panes = "A2"
    if data:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(data) + 1}"


def write_xlsx(store: Store, selection: Selection, out: BinaryIO) -> dict[str, int]:
    """The tasks sheet and the references sheet; returns the data rows of each."""
    tasks = task_rows(store, selection)
    references = reference_rows(store, selection)
    from openpyxl import Workbook  # imported when a workbook is written (0.13 s)

    book = Workbook()
    sheet = book.active
    sheet.title = TASK_SHEET
    _fill(sheet, TASK_COLUMNS, tasks)
    _fill(book.create_sheet(REFERENCE_SHEET), REFERENCE_COLUMNS, references)
    book.properties.title = clean(f"luocdo: {selection.description}")
    buffer = io.BytesIO()
    book.save(buffer)
    out.write(buffer.getvalue())
    return {TASK_SHEET: len(tasks), REFERENCE_SHEET: len(references)}


def csv_text(value: Any) -> str:
    """A CSV value that no spreadsheet runs as a formula: a leading apostrophe when needed."""
    text = cell_text(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def write_csv(store: Store, selection: Selection, out: BinaryIO) -> dict[str, int]:
    """The tasks table as CSV (UTF-8 with BOM, CRLF line ends); returns its data rows."""
    tasks = task_rows(store, selection)
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow([c.heading for c in TASK_COLUMNS])
    for row in tasks:
        writer.writerow([csv_text(c.value(row)) for c in TASK_COLUMNS])
    out.write(text.getvalue().encode("utf-8-sig"))
    return {TASK_SHEET: len(tasks)}
