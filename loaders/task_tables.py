"""Task tables: find them by their header row and read each data row as a task.

A task table is recognized by what its header cells say, not by their order
(``TT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian thực
hiện | Sản phẩm``; ``TT | Tên nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Kết
quả | Thời gian hoàn thành``; ``TT | NHIỆM VỤ | KẾT QUẢ YÊU CẦU | THỜI GIAN HOÀN
THÀNH | CƠ QUAN THỰC HIỆN | ...``). The header words of each column role live in
``loaders/patterns/task_columns.json``. Tables of indicators (``Chỉ tiêu``),
amendments or forms have no task-content column and give no tasks.

Input is the normalized text of ``read``: one table row per line, cells separated
by ``|`` (a leading and a trailing ``|`` are optional). Rows numbered ``I``, ``II``
are group headings; ``3.1`` is a sub-task of ``3``; a row with an empty number
continues the row above (a page break in the source).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from luocdo.loaders import patterns
from luocdo.loaders.vietnamese import fold
from luocdo.model import Span

# Column roles a task row is read from.
ROW_ROLES = ("content", "lead", "coordinators", "timeframe", "product")
_SEPARATOR_CELL = re.compile(r"^:?-{2,}:?$")
_COLUMN_INDEX = re.compile(r"^\(?\s*(?:\d{1,2}|[A-Za-z])\s*\)?(?:\s*=.*)?$")
_ARABIC = re.compile(r"^\d{1,3}(?:\.\d{1,3}){0,4}$")
_ROMAN = re.compile(r"^(?=[IVXLC])M{0,3}(?:C[MD]|D?C{0,3})(?:X[CL]|L?X{0,3})(?:I[XV]|V?I{0,3})$")
_LETTER = re.compile(r"^[a-zđ]$")
_BULLET = re.compile(r"^[-+•*–]$")
_LEADING_BULLET = re.compile(r"^[-+•*–]\s*")


# A cell of a line (between "|" or wide spacing): its stripped text and absolute span.
Cell = Span


@dataclass(frozen=True)
class Row:
    """One table row (one line of the normalized text)."""

    start: int
    end: int
    cells: tuple[Cell, ...]


@dataclass
class RowTask:
    """A task read from a table row, before agencies and references are attached."""

    number: str | None
    parent: str | None
    group: str | None
    group_title: str | None
    start: int
    end: int
    cells: dict[str, Cell] = field(default_factory=dict)  # role -> cell
    extra_content: list[Cell] = field(default_factory=list)  # continuation rows


@dataclass(frozen=True)
class TaskTable:
    """A task table: its header row, the role of each column, its data rows."""

    header: Row
    roles: dict[int, str]
    rows: tuple[Row, ...]


# --- column roles -------------------------------------------------------------------------


@functools.cache
def _cues() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    data = patterns.load("task_columns")
    return tuple((c["role"], c["match"], tuple(c["words"])) for c in data["cues"])


def _header_key(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", fold(text)).split())


def column_role(header: str) -> str | None:
    """The role a header cell gives its column ("lead", "timeframe", ...), or None.

    >>> column_role("Sở, ngành chủ trì tham mưu"), column_role("Đơn vị phối hợp thực hiện")
    ('lead', 'coordinators')
    """
    if len(header) > 150:
        return None  # a header cell is short; long cells are data
    key = _header_key(header)
    if not key:
        return None
    padded = f" {key} "
    for role, match, words in _cues():
        for word in words:
            if key == word if match == "exact" else f" {word} " in padded:
                return role
    return None


def header_roles(row: Row) -> dict[int, str]:
    """Column index -> role for a header row (first column of a role wins)."""
    roles: dict[int, str] = {}
    seen: set[str] = set()
    for index, cell in enumerate(row.cells):
        role = column_role(cell.text)
        if role is None or (role in seen and role != "status"):
            continue
        roles[index] = role
        seen.add(role)
    for rule in patterns.load("task_columns")["fallbacks"]["rules"]:
        if rule["missing"] in seen or "content" not in seen:
            continue
        for index, role in roles.items():
            if role == rule["from"] and _header_key(row.cells[index].text) in rule["headers"]:
                roles[index] = rule["missing"]
                seen.add(rule["missing"])
                break
    return roles


def is_task_header(roles: dict[int, str]) -> bool:
    """Whether header roles describe a task table."""
    rule = patterns.load("task_columns")["task_table"]
    present = set(roles.values())
    return all(r in present for r in rule["requires"]) and any(r in present for r in rule["any_of"])


# --- rows and tables ----------------------------------------------------------------------


def _lines(text: str) -> Iterator[tuple[int, int]]:
    pos = 0
    for line in text.splitlines(keepends=True):
        end = pos + len(line.rstrip("\r\n"))
        yield pos, end
        pos += len(line)


def is_table_line(line: str) -> bool:
    """Whether a line of normalized text is a table row (cells separated by ``|``)."""
    stripped = line.strip()
    return "|" in stripped and (stripped.startswith("|") or " | " in stripped
                                or stripped.count("|") >= 2)


def split_row(text: str, start: int, end: int, *, bordered: bool | None = None) -> Row:
    """The cells of the row ``text[start:end]`` with absolute spans.

    ``bordered``: the table writes a ``|`` before its first cell (Markdown); in a
    table that does not, a leading ``|`` means an empty first cell. None: guess
    from this line.
    """
    line = text[start:end]
    if bordered is None:
        bordered = line.strip().startswith("|")
    bounds = [i for i, ch in enumerate(line) if ch == "|"]
    pieces: list[tuple[int, int]] = []
    prev = 0
    for b in bounds:
        pieces.append((prev, b))
        prev = b + 1
    pieces.append((prev, len(line)))
    if bordered and line.strip().startswith("|"):
        pieces = pieces[1:]
    if pieces and not line[pieces[-1][0]:pieces[-1][1]].strip():
        pieces = pieces[:-1]
    cells = []
    for a, b in pieces:
        raw = line[a:b]
        lead = len(raw) - len(raw.lstrip())
        stripped = raw.strip()
        s = start + a + lead
        cells.append(Cell(s, s + len(stripped), stripped))
    return Row(start, end, tuple(cells))


def _is_separator(row: Row) -> bool:
    filled = [c.text for c in row.cells if c.text]
    return bool(filled) and all(_SEPARATOR_CELL.match(t.replace(" ", "")) for t in filled)


def _is_column_index(row: Row) -> bool:
    filled = [c.text for c in row.cells if c.text]
    return len(filled) >= 2 and all(_COLUMN_INDEX.match(t) for t in filled)


def _looks_numbered(row: Row) -> bool:
    first = row.cells[0].text.rstrip(".)") if row.cells else ""
    return bool(_ARABIC.match(first) or _ROMAN.match(first))


def find_task_tables(text: str) -> list[TaskTable]:
    """Every task table of ``text`` (rows of other tables are left alone)."""
    tables: list[TaskTable] = []
    header: Row | None = None
    bordered = False
    roles: dict[int, str] = {}
    rows: list[Row] = []

    def close() -> None:
        nonlocal header, roles, rows
        if header is not None:
            tables.append(TaskTable(header, roles, tuple(rows)))
        header, roles, rows = None, {}, []

    for start, end in _lines(text):
        line = text[start:end]
        if not line.strip():
            continue
        if not is_table_line(line):
            close()
            continue
        row = split_row(text, start, end, bordered=bordered if header is not None else None)
        if not row.cells or _is_separator(row):
            continue
        candidate = {} if _looks_numbered(row) else header_roles(row)
        if len(candidate) >= 2:
            if header is not None and not rows and not is_task_header(candidate):
                # a second header line ("Chủ trì | Phối hợp" under "Cơ quan thực hiện")
                roles = {**roles, **candidate}
                continue
            if header is not None and set(candidate.values()) <= set(roles.values()) and rows:
                continue  # the header repeated after a page break
            close()
            if is_task_header(candidate):
                header, roles = row, candidate
                bordered = line.strip().startswith("|")
            continue
        if header is not None:
            rows.append(row)
    close()
    return tables


# --- reading rows -------------------------------------------------------------------------


def _cell(row: Row, index: int | None) -> Cell | None:
    if index is None or index >= len(row.cells):
        return None
    cell = row.cells[index]
    return cell if cell.text else None


def _label(text: str) -> str:
    return text.strip().rstrip(".):").strip()


def _is_group_label(label: str) -> bool:
    return bool(_ROMAN.match(label)) or (len(label) == 1 and label.isalpha() and label.isupper())


def _strip_bullet(cell: Cell) -> Cell:
    m = _LEADING_BULLET.match(cell.text)
    if not m or len(cell.text) == m.end():
        return cell
    return Cell(cell.start + m.end(), cell.end, cell.text[m.end():])


def read_rows(table: TaskTable, warn: Callable[[str], None]) -> list[RowTask]:
    """The tasks of one task table, in order (group rows give no task)."""
    index_of = {role: i for i, role in sorted(table.roles.items(), reverse=True)}
    number_col = index_of.get("number")
    content_col = index_of.get("content")
    if number_col is None and content_col != 0:
        number_col = 0
    group: str | None = None
    group_title: str | None = None
    last_top: str | None = None
    tasks: list[RowTask] = []
    sub_counter = 0
    numbered = any(_ARABIC.match(_label(c.text)) for r in table.rows
                   if (c := _cell(r, number_col)) is not None)

    for row in table.rows:
        if _is_column_index(row):
            continue
        number_cell = _cell(row, number_col)
        label = _label(number_cell.text) if number_cell else ""
        fields = {role: _cell(row, index_of.get(role)) for role in ROW_ROLES}
        content = fields["content"]
        others = [c for role, c in fields.items() if role != "content" and c]
        if not label and not content and not others:
            continue
        if label and _is_group_label(label):
            group = label
            title_cell = content or next((c for c in row.cells[1:] if c.text), None)
            group_title = title_cell.text if title_cell else None
            last_top = None
            continue
        if not label and numbered:
            if not tasks:
                warn(f"table row at {row.start}: no number before the first task, ignored")
            elif content is None:
                warn(f"table row at {row.start}: cells without a number or content, ignored")
            else:
                _continue_row(tasks[-1], row, content, warn)
                for role, cell in fields.items():
                    if role != "content" and cell is not None:
                        warn(f"table row at {row.start}: a {role} cell continues task "
                             f"{tasks[-1].number}; not merged into another cell")
            continue
        if not label or _BULLET.match(label):
            if content is None:
                continue
            sub_counter += 1
            parent = last_top if label else None
            number = f"{parent}-{sub_counter}" if parent else None
        elif _ARABIC.match(label):
            number = label
            parent = label.rsplit(".", 1)[0] if "." in label else None
            if parent is None:
                last_top = label
                sub_counter = 0
        elif _LETTER.match(label) and last_top:
            number, parent = f"{last_top}.{label}", last_top
        else:
            number, parent = label, last_top
        if content is None and not others:
            warn(f"table row {number!r} at {row.start}: no content, ignored")
            continue
        cells = {role: cell for role, cell in fields.items() if cell is not None}
        if "content" in cells:
            cells["content"] = _strip_bullet(cells["content"])
        tasks.append(RowTask(number, parent, group, group_title, row.start, row.end, cells))
    return tasks


def _continue_row(task: RowTask, row: Row, content: Cell | None,
                  warn: Callable[[str], None]) -> None:
    """Extend ``task`` with a continuation row (same task, next line of the source)."""
    task.end = max(task.end, row.end)
    if content is None:
        return
    previous = task.extra_content[-1] if task.extra_content else task.cells.get("content")
    if previous is not None and fold(previous.text).endswith(fold(content.text)):
        warn(f"table row at {row.start}: repeats the end of task {task.number}, not appended")
        return
    if "content" not in task.cells:
        task.cells["content"] = content
    else:
        task.extra_content.append(content)


def row_content(task: RowTask) -> str:
    """The content of a row task, continuation rows included."""
    parts = [c.text for c in [task.cells.get("content"), *task.extra_content] if c is not None]
    return " ".join(parts)
