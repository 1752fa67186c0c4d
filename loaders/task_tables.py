"""Task tables: find them by their header row and read each data row as a task.

A task table is recognized by what its header cells say, not by their order
(``TT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian thực
hiện | Sản phẩm``; ``TT | Tên nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Kết
quả | Thời gian hoàn thành``; ``TT | NHIỆM VỤ | KẾT QUẢ YÊU CẦU | THỜI GIAN HOÀN
THÀNH | CƠ QUAN THỰC HIỆN | ...``). The header words of each column role live in
``loaders/patterns/task_columns.json``. Tables of indicators (``Chỉ tiêu``),
amendments or forms have no task-content column and give no tasks.

Input is the normalized text of ``read``: one table row per line, cells separated
by ``|`` (a leading and a trailing ``|`` are optional). Rows numbered ``I``, ``II``,
``A`` are group headings (a task too when they name a lead); ``3.1``, ``a)`` and
``-`` rows are sub-tasks of the row above; a row with an empty number continues the
row above (a page break in the source), unless it assigns work under a heading row
that assigns none or names its own lead for a task that opens with a capital letter
(its number cell merged with the row above). A numbering that restarts under each
group is qualified by the group (``II.1``, corpus 040); a row repeating the number
and task of the row above is one task (a merged cell written on each row); a period
or date in the number column (``10-11/2019``) is never a row number. A ``Theo dõi,
kiểm tra, đôn đốc`` column names who monitors, not who leads. :func:`unread_tables`
lists the tables that look like task tables but cannot be read, for the extraction's
warnings.

Text layers of PDF files write tables without ``|``: :func:`find_block_tables` reads
tables written one cell per block of lines, :func:`find_layout_tables` tables laid
out in columns of spaces (``pdftotext -layout``); both give the same
:class:`TaskTable` as a ``|`` table, read by :func:`read_rows`. A timeline of blocks
(``Thời gian`` first) opens each row with its period; any other header of either kind
with no number column first is named in the warnings (its rows cannot be told apart),
and so is an indicator table with values that gave no target
(:func:`unread_indicator_tables`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Sequence
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
# A cell of the number column that is a period or a date: "10-11/2019", "6/2025",
# "Quý III/2023", "Trước ngày 15/10/2026", "2025".
_PERIOD = re.compile(r"\d\s*[/-]\s*\d|(?<!\d)(?:19|20)\d\d(?!\d)|\b(?:quý|tháng|năm|ngày)\b",
                     re.IGNORECASE)


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
    leaf: bool = False  # an unnumbered row under a heading row, numbered "<heading>-<k>"
    # cells of rows that repeat this row's number and content (a merged cell), role -> cell
    merged: list[dict[str, Cell]] = field(default_factory=list)
    merged_starts: list[int] = field(default_factory=list)  # where each merged row starts
    # pieces of cells wrapped onto later lines (a table laid out in columns), role -> pieces;
    # the same for each merged row
    wrapped: dict[str, list[Cell]] = field(default_factory=dict)
    merged_wrapped: list[dict[str, list[Cell]]] = field(default_factory=list)


@dataclass(frozen=True)
class TaskTable:
    """A task table: its header row, the role of each column, its data rows."""

    header: Row
    roles: dict[int, str]
    rows: tuple[Row, ...]
    bordered: bool = False  # rows written "| a | b |": a short row lost a merged cell


# --- column roles -------------------------------------------------------------------------


@functools.cache
def _cues() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    data = patterns.load("task_columns")
    return tuple((c["role"], c["match"], tuple(c["words"])) for c in data["cues"])


def _header_key(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", fold(text)).split())


# Every cell of a table's first rows is asked, and the same headers recur table after table.
@functools.lru_cache(maxsize=1 << 13)
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


# Tasks, progress and the unread-table warnings each read a document's tables again: its
# lines are split once.
@functools.lru_cache(maxsize=2)
def _lines(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of every line of ``text``, line breaks excluded."""
    spans = []
    pos = 0
    for line in text.splitlines(keepends=True):
        spans.append((pos, pos + len(line.rstrip("\r\n"))))
        pos += len(line)
    return tuple(spans)


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
    pieces: list[tuple[int, int]] = []
    prev = 0
    while (b := line.find("|", prev)) >= 0:
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
            tables.append(TaskTable(header, roles, tuple(rows), bordered))
        header, roles, rows = None, {}, []

    lines = list(_lines(text))
    for n, (start, end) in enumerate(lines):
        line = text[start:end]
        if not line.strip():
            continue
        if not is_table_line(line):
            if header is None or not rows or not _resumes(text, lines, n, bordered):
                close()
            continue  # else a running header or note between two pages of the table
        row = split_row(text, start, end, bordered=bordered if header is not None else None)
        if not row.cells or _is_separator(row):
            continue
        candidate = {} if _looks_numbered(row) else header_roles(row)
        if len(candidate) >= 2:
            if header is not None and not rows:
                # a second header line ("Chủ trì | Phối hợp" under "Cơ quan thực hiện"),
                # with the cells merged over both lines written again (a .docx table)
                roles = {**roles, **candidate}
                continue
            if header is not None and set(candidate.values()) <= set(roles.values()) and rows:
                continue  # the header repeated after a page break
            close()
            if is_task_header(candidate) and not _amendment_list(row):
                header, roles = row, candidate
                bordered = line.strip().startswith("|")
            continue
        if header is not None:
            rows.append(row)
    close()
    return tables


def _resumes(text: str, lines: list[tuple[int, int]], n: int, bordered: bool) -> bool:
    """Whether the table goes on with a numbered row after at most two lines of other
    text from ``lines[n]`` (a page's running header or footer inside the table). A new
    header after the text starts another table."""
    seen = 0
    for start, end in lines[n:n + 6]:
        line = text[start:end]
        if not line.strip():
            continue
        if is_table_line(line):
            return _looks_numbered(split_row(text, start, end, bordered=bordered))
        seen += 1
        if seen > 2:
            return False
    return False


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


def _number(label: str) -> str:
    """A printed row number without leading zeros in its parts ("09" -> "9", "01.2" -> "1.2")."""
    return ".".join(part.lstrip("0") or "0" for part in label.split("."))


def _is_period(label: str) -> bool:
    """Whether a cell read as a row number is a period or a date (``10-11/2019``, ``Quý III``)."""
    return bool(_PERIOD.search(label))


def _repeats(task: RowTask, number: str, content: Cell | None) -> bool:
    """Whether a row repeats ``task``'s number and content: the cells of the row were
    merged vertically in the source and written out on each row (corpus 040, VII.2)."""
    first = task.cells.get("content")
    return (task.number == number and content is not None and first is not None
            and squash_key(first.text) == squash_key(content.text))


def squash_key(text: str) -> str:
    """``text`` folded with its whitespace runs as single spaces, to compare cells."""
    return " ".join(fold(text).split())


def read_rows(table: TaskTable, warn: Callable[[str], None]) -> list[RowTask]:
    """The tasks of one task table, in order.

    Group rows (``I``, ``A``) give no task unless they name who does it (a lead or
    coordinators cell of their own). When the numbering restarts under each group (corpus
    040: ``1``-``4`` under ``I``, ``1``-``12`` under ``II``), every number of the table
    is qualified by its group (``I.1``, ``II.1``) so that numbers stay unique; a
    numbering that runs on across groups (seed 000, corpus 002) is kept as printed.
    A row repeating the number and content of the row above (a merged cell written
    on each row) is the same task: its cells are added to it, not made a second task.
    """
    index_of = {role: i for i, role in sorted(table.roles.items(), reverse=True)}
    number_col = index_of.get("number")
    if number_col is None and 0 not in table.roles:
        number_col = 0  # an unlabelled first column holds the numbers
    group: str | None = None
    group_title: str | None = None
    last_top: str | None = None  # the last top-level number ("3")
    last_numbered: str | None = None  # the last arabic number at any depth ("3.1")
    tasks: list[RowTask] = []
    parent: str | None
    sub_counter = 0
    ordinal = 0  # unnumbered rows of a table that prints no numbers
    width = max((i for i, c in enumerate(table.header.cells) if c.text), default=0) + 1
    numbered = any(_ARABIC.match(_label(c.text)) for r in table.rows
                   if (c := _cell(r, number_col)) is not None)

    for row in table.rows:
        if _is_column_index(row):
            continue
        number_cell = _cell(row, number_col)
        label = _label(number_cell.text) if number_cell else ""
        content_cell = _cell(row, index_of.get("content"))
        if number_col is None and content_cell is not None:
            # no number column: the task cell may open with its number ("2. Rà soát …")
            m = _OPENING_LABEL.match(content_cell.text)
            if m:
                label = m.group(1)
                cut = Cell(content_cell.start + m.end(), content_cell.end,
                           content_cell.text[m.end():])
                row = Row(row.start, row.end, tuple(cut if c is content_cell else c
                                                    for c in row.cells))
        if label and _is_period(label):
            warn(f"table row at {row.start}: {label!r} in the number column is a period "
                 "or a date, not a row number")
            label = ""
        fields = {role: _cell(row, index_of.get(role)) for role in ROW_ROLES}
        content = fields["content"]
        others = [c for role, c in fields.items() if role != "content" and c]
        if not label and not content and not others:
            continue
        beyond = [c for c in row.cells[width:] if c.text]
        if beyond:
            warn(f"table row at {row.start}: {len(beyond)} cell(s) beyond the header's "
                 f"{width} columns, not read (at {beyond[0].start})")
        elif table.bordered and len(row.cells) < width and row.cells[-1].text:
            # a cell merged across columns is written once: which columns it spans is
            # not in the text (corpus 040 II.5: "Theo phân công ..." over two columns)
            warn(f"table row at {row.start}: {len(row.cells)} cells under a header of "
                 f"{width} columns (a merged cell?); read from the first column on")
        if label and _is_group_label(label):
            group = label
            title_cell = content or next((c for c in row.cells[1:] if c.text), None)
            group_title = title_cell.text if title_cell else None
            last_top = last_numbered = None
            sub_counter = ordinal = 0
            if content is not None and (fields["lead"] or fields["coordinators"]):
                # a group that is itself a task: it names who does it (a stray time
                # frame of a page break, corpus 002 row IV, does not make it one)
                tasks.append(RowTask(label, None, group, group_title, row.start, row.end,
                                     _task_cells(fields)))
            continue
        if not label and numbered:
            previous = tasks[-1] if tasks else None
            if previous is None:
                warn(f"table row at {row.start}: no number before the first task, ignored")
            elif content is None:
                # the number and task cells merged over this row and written once: the
                # row's own cells (another lead, product, time frame) belong to the task
                _merge_row(previous, row, fields)
            elif others and previous.number is not None and (
                    previous.leaf or not any(r != "content" for r in previous.cells)
                    or _own_task(content, fields)):
                # an unnumbered row that assigns work under a heading row, or that names
                # its own lead for a task of its own (its number cell merged with the row
                # above): a leaf task
                heading = previous.parent if previous.leaf else previous.number
                sub_counter = sub_counter + 1 if previous.leaf else 1
                tasks.append(RowTask(f"{heading}-{sub_counter}", heading, group, group_title,
                                     row.start, row.end, _task_cells(fields), leaf=True))
            else:
                _continue_row(previous, row, content, warn)
                for role, cell in fields.items():
                    if role != "content" and cell is not None:
                        warn(f"table row at {row.start}: a {role} cell continues task "
                             f"{previous.number}; not merged into another cell")
            continue
        if not label:
            if content is None:
                continue
            ordinal += 1
            number: str | None = str(ordinal)
            parent = None
        elif _BULLET.match(label):
            if content is None:
                continue
            sub_counter += 1
            parent = last_numbered
            number = f"{parent}-{sub_counter}" if parent else None
        elif _ARABIC.match(label):
            number = _number(label)
            parent = number.rsplit(".", 1)[0] if "." in number else None
            if tasks and _repeats(tasks[-1], number, content):
                _merge_row(tasks[-1], row, fields)
                continue
            if parent is None:
                last_top = number
            last_numbered = number
            sub_counter = 0
        elif _LETTER.match(label) and last_numbered:
            number, parent = f"{last_numbered}.{label}", last_numbered
        else:
            number, parent = label, last_top
        if content is None and not others:
            warn(f"table row {number!r} at {row.start}: no content, ignored")
            continue
        tasks.append(RowTask(number, parent, group, group_title, row.start, row.end,
                             _task_cells(fields)))
    _qualify_restarts(tasks, warn)
    return tasks


def _own_task(content: Cell, fields: dict[str, Cell | None]) -> bool:
    """Whether an unnumbered row is a task of its own rather than the rest of the row above
    cut by a page break: its task opens like a task (a capital letter) and its lead cell
    names an agency by itself (a cut cell goes on mid-phrase: ``và Công nghệ``)."""
    lead = fields.get("lead")
    first = _LEADING_BULLET.sub("", content.text)[:1]
    return (lead is not None and first.isupper()
            and _AGENCY_CELL.match(" ".join(lead.text.split())) is not None)


def _task_cells(fields: dict[str, Cell | None]) -> dict[str, Cell]:
    cells = {role: cell for role, cell in fields.items() if cell is not None}
    if "content" in cells:
        cells["content"] = _strip_bullet(cells["content"])
    return cells


def _merge_row(task: RowTask, row: Row, fields: dict[str, Cell | None]) -> None:
    """Add a repeated row's own cells (lead, product, ...) to ``task``."""
    task.end = max(task.end, row.end)
    task.merged.append({role: cell for role, cell in fields.items()
                        if cell is not None and role != "content"})
    task.merged_starts.append(row.start)


def _qualify_restarts(tasks: list[RowTask], warn: Callable[[str], None]) -> None:
    """Qualify numbers by their group when the numbering restarts under each group."""
    groups_of: dict[str, set[str | None]] = {}
    for task in tasks:
        if task.number is not None and task.number != task.group:
            groups_of.setdefault(task.number, set()).add(task.group)
    if not any(len(groups) > 1 for groups in groups_of.values()):
        for number in {t.number for t in tasks if t.number is not None}:
            if sum(1 for t in tasks if t.number == number) > 1:
                warn(f"table task number {number!r} is printed on more than one row")
        return
    for task in tasks:
        if task.group is None or task.number is None or task.number == task.group:
            continue
        task.number = f"{task.group}.{task.number}"
        if task.parent is not None:
            task.parent = f"{task.group}.{task.parent}"


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


# --- tables the reader cannot read --------------------------------------------------------

# A cell that names an agency: what a lead or coordinators column holds.
_AGENCY_CELL = re.compile(
    r"^(?:các\s+)?(?:sở|bộ|ubnd|ủy ban|uỷ ban|công an|văn phòng|ban(?!\s+hành)|cục|"
    r"thanh tra|chi cục|trung tâm|tổng cục|hội đồng|đài|báo(?!\s+cáo)|cơ quan|đơn vị|"
    r"địa phương|lãnh đạo|hđnd|mttq|mặt trận|liên đoàn|hội(?!\s+(?:nghị|thảo|thi))|"
    r"đoàn(?!\s+kiểm)|tỉnh đoàn|viện|trường(?!\s+hợp)|bệnh viện)\b", re.IGNORECASE)


def _blocks(text: str) -> Iterator[list[Row]]:
    """Runs of table lines (blank lines inside a run are skipped)."""
    block: list[Row] = []
    for start, end in _lines(text):
        line = text[start:end]
        if not line.strip():
            continue
        if not is_table_line(line):
            if block:
                yield block
            block = []
            continue
        row = split_row(text, start, end)
        if row.cells and not _is_separator(row):
            block.append(row)
    if block:
        yield block


def _amendment_list(row: Row) -> bool:
    """Whether a header row heads a list of documents to amend (corpus 028), not tasks."""
    words = patterns.load("task_columns")["other_tables"]["words"]
    return any(word in fold(cell.text) for cell in row.cells for word in words)


def _other_table(row: Row, roles: dict[int, str]) -> bool:
    """Whether a header row marks a table known not to hold tasks (indicators, amendments)."""
    rule = patterns.load("task_columns")["other_tables"]
    if set(rule["roles"]) & set(roles.values()):
        return True
    return any(word in fold(cell.text) for cell in row.cells for word in rule["words"])


def unread_tables(text: str) -> list[tuple[int, str]]:
    """Tables that look like task tables but that :func:`find_task_tables` cannot read:
    ``(offset, why)`` for each, so that the extraction says so instead of dropping them.

    A table is reported when a header cell names who leads or coordinates but no
    column holds the task, or when its numbered rows name agencies in one column
    under no header the reader knows.
    """
    found: list[tuple[int, str]] = []
    for block in _blocks(text):
        headers = [(row, roles) for row in block
                   if len(roles := ({} if _looks_numbered(row) else header_roles(row))) >= 2]
        if any(is_task_header(roles) for _row, roles in headers):
            continue
        if any(_other_table(row, roles) for row, roles in headers):
            continue
        assigning = next((row for row, roles in headers
                          if {"lead", "coordinators"} & set(roles.values())), None)
        if assigning is not None:
            found.append((assigning.start, "a header names who leads or coordinates but no "
                          "column the reader knows as the task (Nội dung, Nhiệm vụ)"))
            continue
        numbered = [row for row in block if _looks_numbered(row) and len(row.cells) >= 3]
        if headers or len(numbered) < 2:
            continue
        for index in range(1, max(len(r.cells) for r in numbered)):
            named = sum(1 for r in numbered
                        if index < len(r.cells) and _AGENCY_CELL.match(r.cells[index].text))
            if named * 2 >= len(numbered):
                found.append((block[0].start, f"{len(numbered)} numbered rows name agencies "
                              "in one column under no header the reader knows"))
                break
    return found


def unread_indicator_tables(text: str, targets: Sequence[tuple[int, int]]) -> list[str]:
    """Warnings for the indicator tables (a ``Chỉ tiêu`` column) that hold values but gave no
    target: ``targets`` are the spans of the targets read from ``text``. An empty form (a
    report form's ``Chỉ tiêu | Đơn vị | Kết quả`` with no value) is not reported."""
    out: list[str] = []
    lowered = text.lower()  # cheap: most texts have no indicator column at all
    if "chỉ tiêu" not in lowered and "chỉ số" not in lowered:
        return out
    for block in _blocks(text):
        found = next(((row, roles) for row in block if not _looks_numbered(row)
                      and "indicator" in (roles := header_roles(row)).values()), None)
        if found is None:
            continue
        header, roles = found
        # the cells that may hold a value: not the number, the indicator or its unit
        named = {i for i, role in roles.items() if role in ("number", "indicator", "unit")}
        valued = [row for row in block if row.start > header.start
                  and not _is_column_index(row)
                  and any(_VALUE_CELL.search(c.text) for i, c in enumerate(row.cells)
                          if i > 0 and i not in named)]
        if not valued or any(header.start <= a < block[-1].end for a, _b in targets):
            continue
        columns = " | ".join(c.text for c in header.cells if c.text)
        out.append(f"indicator table at {header.start} (line {_line(text, header.start)}): "
                   f"{len(valued)} row(s) with values under '{columns}' but no target read "
                   "from it")
    return out


# A cell holding a value: a number ("80", "95%", "1.200").
_VALUE_CELL = re.compile(r"\d")


def _line(text: str, pos: int) -> int:
    """The 1-based line number of offset ``pos``."""
    return text.count("\n", 0, pos) + 1


# --- tables written one cell per block (PDF text layers) ----------------------------------

# A block that is only a row label: "12", "3.1", "IV", "B", with an optional "." or ")",
# or a letter item "a)" under a numbered row.
_BLOCK_LABEL = re.compile(r"^(?:(?:\d{1,3}(?:\.\d{1,3}){0,3}|[IVXLC]{1,6}|[A-Z])[.)]?|[a-zđ]\))$")
# What a time-frame cell holds (folded text).
_TIME_CELL = re.compile(
    r"(?:19|20)\d\d|\bquy\b|\bthang\b|\bnam\b|hang nam|thuong xuyen|dinh ky|truoc ngay|"
    r"giai doan|hang quy|hang thang|lien tuc|\d{1,2}/\d{1,2}")
# A block that ends a table: a heading, an appendix, the recipients or the signature.
_TABLE_END = re.compile(r"^(?:PHỤ LỤC|Phụ lục|Nơi nhận|TM\.|KT\.|[IVX]{1,5}\.\s+[A-ZĐ]{2})")
_MAX_HEADER_CELL = 80
# A task cell that opens with its row number: "2. Rà soát", "1.1) Lập", "II. Nhóm".
_OPENING_LABEL = re.compile(r"^(\d{1,3}(?:\.\d{1,3}){0,3}|[IVXLC]{1,6})[.)]\s+(?=\S)")
# A cell of the row that numbers the columns under a header: "(1)", "(2)".
_NUMBERED_COLUMN = re.compile(r"^\(\d{1,2}\)$")


@dataclass(frozen=True)
class _Block:
    start: int
    end: int
    text: str


def _text_blocks(text: str) -> list[_Block]:
    """Runs of non-blank lines, with their spans (trailing blanks trimmed)."""
    out: list[_Block] = []
    for m in re.finditer(r"[^\n]*\S[^\n]*(?:\n[^\n]*\S[^\n]*)*", text):
        raw = m.group()
        lead = len(raw) - len(raw.lstrip())
        body = raw.strip()
        out.append(_Block(m.start() + lead, m.start() + lead + len(body), body))
    return out


def _split_label(block: _Block) -> list[_Block]:
    """A block whose first line is only a row label ("3" then the task on the next
    lines, no blank line between): the label and the rest as two blocks."""
    first, sep, rest = block.text.partition("\n")
    if not sep or not _BLOCK_LABEL.match(first.strip()) or not rest.strip():
        return [block]
    label_end = block.start + len(first.rstrip())
    rest_start = block.start + len(first) + 1 + (len(rest) - len(rest.lstrip()))
    return [_Block(block.start, label_end, first.strip()),
            _Block(rest_start, block.end, rest.strip())]


def _block_role(block: _Block) -> str | None:
    if len(block.text) > _MAX_HEADER_CELL or "|" in block.text:
        return None
    return column_role(" ".join(block.text.split()))


def _cell_score(text: str, role: str) -> int:
    """How well a cell's text fits a column role (order is fixed; this picks the gaps).

    An agency fits the lead best, then a monitoring column (filled on every row where
    the table has one, corpus 040), then the coordinators (often empty)."""
    key = fold(" ".join(text.split()))
    timely = bool(_TIME_CELL.search(key))
    agency = bool(_AGENCY_CELL.match(" ".join(text.split())))
    if role == "timeframe":
        return 6 if timely else -6
    if role in ("lead", "coordinators", "monitor"):
        if agency:
            return {"lead": 6, "monitor": 5, "coordinators": 4}[role]
        return -2 - (6 if timely else 0)
    if role == "content":
        return 2  # the task itself may say anything
    return -4 if timely or agency else 0


def _align(cells: list[_Block], roles: list[str]) -> list[int] | None:
    """Columns (indexes into ``roles``) for ``cells`` in order, best total fit; None when
    there are more cells than columns."""
    n, m = len(cells), len(roles)
    if n > m:
        return None
    best: dict[tuple[int, int], tuple[int, list[int]]] = {}

    def solve(i: int, j: int) -> tuple[int, list[int]]:
        if i == n:
            return 0, []
        if m - j < n - i:
            return -10**6, []
        if (i, j) not in best:
            here, rest = solve(i + 1, j + 1)
            take = (here + _cell_score(cells[i].text, roles[j]), [j, *rest])
            skip = solve(i, j + 1)
            best[(i, j)] = take if take[0] >= skip[0] else skip
        return best[(i, j)]

    return solve(0, 0)[1]


def _plausible_label(label: str, last: str | None, after_group: bool) -> bool:
    """Whether a number block opens the next row (else it is a page number)."""
    if _ROMAN.match(label) or (len(label) == 1 and label.isupper()):
        return True
    if _LETTER.match(label):  # "a)" under a numbered row
        return last is not None
    if last is None or label == last:  # the same number again: a row of merged cells
        return True
    top = int(last.split(".")[0])
    parts = label.split(".")
    if len(parts) == 1:
        # the next number, or 1 again under a new group (numbering restarts)
        return int(parts[0]) == top + 1 or (after_group and parts[0] == "1")
    return int(parts[0]) == top or (after_group and parts[0] == "1")


def _unnumbered_row(run: list[_Block], roles: list[str]) -> bool:
    """Whether blocks past a full row make a row of their own without a number: a task
    opening with a capital letter and an agency in the lead column, all before the next
    row label or the end of the table."""
    if not 2 <= len(run) <= len(roles) or not run[0].text[:1].isupper():
        return False
    if any(_TABLE_END.match(b.text) for b in run):
        return False
    placed = _align(run, roles)
    if placed is None or roles[placed[0]] != "content":
        return False
    return any(roles[k] == "lead" and _AGENCY_CELL.match(" ".join(b.text.split()))
               for b, k in zip(run, placed, strict=True))


def find_block_tables(text: str, warn: Callable[[str], None] | None = None,
                      wrapped: dict[int, dict[str, list[Cell]]] | None = None
                      ) -> list[TaskTable]:
    """Task tables written one cell per block of lines (a PDF text layer without ruling):
    a run of header blocks (``TT``, ``Nội dung``, ``Cơ quan chủ trì`` …) and then rows,
    each opened by its number block, their cells in column order. Empty cells leave no
    block: the cells of a short row are placed by what they hold (a period goes to the
    time frame, an agency to the lead). Page numbers inside the table (a number that is
    not the next row's) and the header repeated on a new page are skipped; a cell cut by
    the page break goes on after the repeated header, and its second piece is put, by row
    start and role, in ``wrapped`` (as :func:`find_layout_tables` gives them)."""
    blocks = [piece for block in _text_blocks(text) for piece in _split_label(block)]
    tables: list[TaskTable] = []
    i = 0
    while i < len(blocks):
        if len(blocks[i].text) > 8 or fold(blocks[i].text) not in ("tt", "stt", "so tt",
                                                                     "thu tu"):
            timeline = _timeline_header(blocks, i)
            if timeline is not None:
                header_blocks = blocks[i:timeline]
                header = Row(header_blocks[0].start, header_blocks[-1].end,
                             tuple(Cell(b.start, b.end, b.text) for b in header_blocks))
                rows, i = _timeline_rows(blocks, timeline, header_blocks, header_roles(header))
                tables.append(TaskTable(header, header_roles(header), tuple(rows)))
                continue
            unread = _unnumbered_block_header(blocks, i) if warn is not None else None
            if warn is not None and unread is not None:
                start = blocks[i].start
                warn(f"table at {start} (line {_line(text, start)}): a task header written "
                     "one cell per block with no number column (TT) first; its rows are not "
                     "read")
                i = unread
                continue
            i += 1
            continue
        j = i + 1
        while j < len(blocks) and _block_role(blocks[j]) is not None:
            j += 1
        header_blocks = blocks[i:j]
        header = Row(header_blocks[0].start, header_blocks[-1].end,
                     tuple(Cell(b.start, b.end, b.text) for b in header_blocks))
        roles = header_roles(header)
        if len(header_blocks) < 3 or not is_task_header(roles) or roles.get(0) != "number":
            i += 1
            continue
        rows, i = _block_rows(blocks, j, header_blocks, roles, warn or (lambda _m: None),
                              {} if wrapped is None else wrapped)
        tables.append(TaskTable(header, roles, tuple(rows), bordered=False))
    return tables


def _header_run(blocks: list[_Block], i: int) -> tuple[int, dict[int, str]] | None:
    """Where a run of three header blocks or more starting at ``blocks[i]`` ends, and its
    roles, when it is a task header; None otherwise."""
    if _block_role(blocks[i]) is None or (i > 0 and _block_role(blocks[i - 1]) is not None):
        return None
    j = i + 1
    while j < len(blocks) and _block_role(blocks[j]) is not None:
        j += 1
    if j - i < 3:
        return None
    run = blocks[i:j]
    roles = header_roles(Row(run[0].start, run[-1].end,
                             tuple(Cell(b.start, b.end, b.text) for b in run)))
    return (j, roles) if is_task_header(roles) else None


def _timeline_header(blocks: list[_Block], i: int) -> int | None:
    """Where a block header whose first column is the time frame (``Thời gian``,
    ``Nội dung``, ``Cơ quan thực hiện``: a timeline) ends; None if ``blocks[i]`` opens none."""
    found = _header_run(blocks, i) if len(blocks[i].text) <= _MAX_HEADER_CELL else None
    if found is None or found[1].get(0) != "timeframe" or "number" in found[1].values():
        return None
    return found[0]


def _period_block(text: str) -> bool:
    """Whether a block is a period or a date (``10-11/2019``, ``Quý III/2023``)."""
    return len(text) <= 40 and bool(_PERIOD.search(text)) and not _AGENCY_CELL.match(text)


def _timeline_rows(blocks: list[_Block], j: int, header_blocks: list[_Block],
                   roles: dict[int, str]) -> tuple[list[Row], int]:
    """The rows of a timeline written one cell per block: each opened by its period (the
    first column), its other cells placed by what they hold; and where the table ends."""
    width = len(header_blocks)
    data_roles = [roles.get(k, "other") for k in range(1, width)]
    head_keys = [fold(b.text) for b in header_blocks]
    rows: list[Row] = []
    opener: _Block | None = None
    current: list[_Block] = []

    def close() -> None:
        if opener is None:
            return
        cells = [Cell(opener.start, opener.end, opener.text)]
        cells += [Cell(opener.end, opener.end, "")] * (width - 1)
        for block, column in zip(current, _align(current, data_roles) or range(len(current)),
                                 strict=False):
            cells[column + 1] = Cell(block.start, block.end, block.text)
        rows.append(Row(opener.start, current[-1].end if current else opener.end,
                        tuple(cells)))

    while j < len(blocks):
        block = blocks[j]
        if [fold(b.text) for b in blocks[j:j + width]] == head_keys:
            j += width  # the header repeated on a new page
            continue
        if _TABLE_END.match(block.text):
            break
        if block.text.isdigit() and len(block.text) <= 3:
            j += 1  # a page number
            continue
        if _period_block(block.text) and (opener is None or current):
            close()
            opener, current = block, []
        elif opener is None or len(current) >= width - 1:
            break  # text that fits no row: the table has ended
        else:
            current.append(block)
        j += 1
    close()
    return rows, j


def _unnumbered_block_header(blocks: list[_Block], i: int) -> int | None:
    """Where a run of header blocks starting at ``blocks[i]`` ends, when it is a task
    header without a number column (``Thời gian``, ``Nội dung``, ``Cơ quan thực hiện``):
    rows cannot be told apart without their numbers. None otherwise."""
    found = _header_run(blocks, i)
    return found[0] if found is not None and "number" not in found[1].values() else None


def _fit(cells: list[_Block], placed: list[int], roles: list[str]) -> int:
    return sum(_cell_score(c.text, roles[k]) for c, k in zip(cells, placed, strict=True))


def _block_rows(blocks: list[_Block], j: int, header_blocks: list[_Block],
                roles: dict[int, str], warn: Callable[[str], None],
                wrapped: dict[int, dict[str, list[Cell]]]) -> tuple[list[Row], int]:
    """The rows after a block header starting at ``blocks[j]``, and where the table ends."""
    width = len(header_blocks)
    data_roles = [roles.get(k, "other") for k in range(1, width)]
    head_keys = [fold(b.text) for b in header_blocks]
    rows: list[Row] = []
    current: list[_Block] = []
    label_block: _Block | None = None
    last: str | None = None
    after_group = False
    cut: int | None = None  # where in the row a page break fell (the header repeated)

    def close() -> None:
        nonlocal current, label_block, cut
        if label_block is None:
            return
        cells = [Cell(label_block.start, label_block.end, label_block.text)]
        cells += [Cell(label_block.end, label_block.end, "")] * (width - 1)
        placed = _align(current, data_roles)
        if cut is not None and 0 < cut < len(current):
            # the block after the break may be the rest of the cell cut by it: so read
            # when the row fits its columns better that way
            rest = [*current[:cut], *current[cut + 1:]]
            fitted = _align(rest, data_roles)
            if fitted is not None and (placed is None or _fit(rest, fitted, data_roles)
                                       > _fit(current, placed, data_roles)):
                piece = current[cut]
                role = data_roles[fitted[cut - 1]]
                wrapped.setdefault(label_block.start, {}).setdefault(role, []).append(
                    Cell(piece.start, piece.end, piece.text))
                current, placed = rest, fitted
        for block, column in zip(current, placed or range(len(current)), strict=False):
            cells[column + 1] = Cell(block.start, block.end, block.text)
        end = current[-1].end if current else label_block.end
        rows.append(Row(label_block.start, end, tuple(cells)))
        current, label_block, cut = [], None, None

    while j < len(blocks):
        block = blocks[j]
        if [fold(b.text) for b in blocks[j:j + width]] == head_keys:
            if label_block is not None and current:
                cut = len(current)
            j += width  # the header repeated on a new page
            continue
        if _TABLE_END.match(block.text):
            break
        label = block.text.rstrip(".)")
        if _BLOCK_LABEL.match(block.text):
            if [fold(b.text) for b in blocks[j + 1:j + 1 + width]] == head_keys:
                j += 1  # a page number just before the header repeated on the next page
                continue
            if _plausible_label(label, last, after_group):
                close()
                label_block = block
                group = bool(_ROMAN.match(label)) or (len(label) == 1 and label.isupper())
                after_group = group
                if not group and not _LETTER.match(label):
                    last = label
                j += 1
                continue
            if not block.text.isdigit():
                warn(f"table at {header_blocks[0].start}: row label {block.text!r} at "
                     f"{block.start} does not follow {last!r}; read as a page number")
            j += 1  # a page number
            continue
        if label_block is None:
            if _NUMBERED_COLUMN.match(block.text):
                j += 1  # the row numbering the columns: "(1)", "(2)" …
                continue
            break  # text before any row: not this table
        if len(current) >= width - 1 + (cut is not None):
            # more cells than columns (one more after a cut): the table has ended, unless
            # rows follow
            ahead = [k for k in range(j + 1, min(len(blocks), j + 2 * width))
                     if _BLOCK_LABEL.match(blocks[k].text)
                     and _plausible_label(blocks[k].text.rstrip(".)"), last, after_group)]
            run = blocks[j:ahead[0] if ahead else min(len(blocks), j + width)]
            if _unnumbered_row(run, data_roles):
                # a row without a number (its number cell merged with the row above)
                close()
                label_block = _Block(block.start, block.start, "")
                continue
            if ahead and ahead[0] <= j + 2:
                # a running header or footnote between two rows: skipped, said
                warn(f"table at {header_blocks[0].start}: text at {block.start} fits no "
                     f"column of row {label_block.text!r}; skipped")
                j += 1
                continue
            if ahead:
                warn(f"table at {header_blocks[0].start}: text at {block.start} fits no "
                     f"column of row {label_block.text!r}; the rows after it (from "
                     f"{blocks[ahead[0]].start}) are not read")
            break
        current.append(block)
        j += 1
    close()
    return rows, j


# --- tables laid out in columns of spaces (pdftotext -layout) -----------------------------

# Cells of a line laid out in columns: runs of text separated by two spaces or more.
_LAYOUT_PIECE = re.compile(r"\S+(?: \S+)*")
_MIN_LAYOUT_COLUMNS = 3


def _pieces(text: str, start: int, end: int) -> list[Cell]:
    return [Cell(m.start(), m.end(), m.group()) for m in _LAYOUT_PIECE.finditer(text, start, end)]


@dataclass(frozen=True)
class _Grid:
    """Columns of a layout table: the left border of each (offsets within a line)."""

    borders: tuple[float, ...]

    def column(self, x: int) -> int:
        k = 0
        for i, border in enumerate(self.borders):
            if x >= border:
                k = i
        return k


def _header_line(text: str, start: int, end: int) -> list[Cell] | None:
    """The pieces of a line above a ``TT`` line that is part of its header (a header
    centred vertically: ``Nội dung nhiệm vụ   Cơ quan   Cơ quan   Thời hạn`` above ``TT
    chủ trì   phối hợp``): two pieces or more, each a header word; else None."""
    if "|" in text[start:end] or end - start > 300:
        return None
    pieces = _pieces(text, start, end)
    if len(pieces) < 2 or any(len(p.text) > _MAX_HEADER_CELL or column_role(p.text) is None
                              for p in pieces):
        return None
    return pieces


def _header_piece(piece: str) -> bool:
    """Whether a piece below a header line goes on with it: a header word, the rest of one
    (``chủ trì``, ``hoàn thành``: lower case) or a header in capitals; a row's text opens
    with a capital letter (``Xây dựng``, ``Sở Nội vụ``)."""
    return piece[:1].islower() or piece.isupper() or column_role(piece) is not None


def _layout_header(text: str, lines: list[tuple[int, int]], i: int
                   ) -> tuple[Row, dict[int, str], _Grid, int] | None:
    """A header whose number cell (``TT``) is on ``lines[i]`` (over up to two lines above
    and two below it), its roles, columns and the index of its last line; None when the
    line does not open a task table. The columns are where the header's pieces stand,
    line over line."""
    start, end = lines[i]
    head = _pieces(text, start, end)
    if not head or fold(head[0].text) not in ("tt", "stt", "so tt"):
        return None
    parts: list[tuple[int, list[Cell]]] = [(i, head)]  # header lines and their pieces
    for k in (i - 1, i - 2):
        above = _header_line(text, *lines[k]) if k >= 0 else None
        if above is None:
            break
        parts.insert(0, (k, above))
    last = i
    for k in range(i + 1, min(i + 3, len(lines))):
        s, e = lines[k]
        more = _pieces(text, s, e)
        if not more or _BLOCK_LABEL.match(more[0].text) or not text[s:e].strip():
            break
        if all(_NUMBERED_COLUMN.match(p.text) for p in more):
            last = k
            continue  # the row numbering the columns: "(1)  (2)  (3)"
        if not all(_header_piece(p.text) for p in more):
            break  # a row's first line, its number further down (cells centred)
        last = k
        parts.append((k, more))
    # columns: pieces that overlap across lines stand in one column
    spans = sorted((p.start - lines[k][0], p.end - lines[k][0], n, p)
                   for n, (k, pieces) in enumerate(parts) for p in pieces)
    columns: list[list[tuple[int, int, int, Cell]]] = []
    for piece in spans:
        if columns and piece[0] < max(x[1] for x in columns[-1]):
            columns[-1].append(piece)
        else:
            columns.append([piece])
    if len(columns) < _MIN_LAYOUT_COLUMNS:
        return None
    borders = [0.0, *((max(x[1] for x in columns[k - 1]) + min(x[0] for x in columns[k])) / 2
                      for k in range(1, len(columns)))]
    # the number column holds short labels only: a header centred over a wide task column
    # must not push the task's text, left-aligned, into the number column
    borders[1] = min(borders[1], max(x[1] for x in columns[0]) + 3)
    cells = []
    for column in columns:
        ordered = sorted(column, key=lambda x: (x[2], x[0]))
        first = ordered[0][3]
        cells.append(Cell(first.start, first.end, " ".join(x[3].text for x in ordered)))
    header = Row(lines[parts[0][0]][0], lines[last][1], tuple(cells))
    roles = header_roles(header)
    if not is_task_header(roles) or roles.get(0) != "number":
        return None
    return header, roles, _Grid(tuple(borders)), last


def _unnumbered_layout_header(text: str, start: int, end: int) -> bool:
    """Whether a line laid out in columns is a task header without a number column."""
    if end - start > 300 or text.count("  ", start, end) < 2:
        return False
    pieces = _pieces(text, start, end)
    if len(pieces) < _MIN_LAYOUT_COLUMNS or any(len(p.text) > _MAX_HEADER_CELL for p in pieces):
        return False
    row = Row(start, end, tuple(pieces))
    roles = header_roles(row)
    return (len(roles) == len(pieces) and is_task_header(roles)
            and "number" not in roles.values())


def find_layout_tables(text: str, warn: Callable[[str], None] | None = None
                       ) -> tuple[list[TaskTable], dict[int, dict[str, list[Cell]]]]:
    """Task tables laid out in columns of spaces (a PDF text layer read with its layout):
    a header line (``TT   Nội dung   Cơ quan chủ trì   Thời hạn``, possibly wrapped over
    two or three lines) gives the columns; a line whose first column holds the next row
    number opens a row, the lines below it add to its cells. Also returns, by row start,
    the pieces of cells wrapped onto later lines (role -> pieces), for the task reader."""
    say = warn or (lambda _m: None)
    lines = list(_lines(text))
    tables: list[TaskTable] = []
    wrapped: dict[int, dict[str, list[Cell]]] = {}
    i = 0
    while i < len(lines):
        line = text[lines[i][0]:lines[i][1]]
        opening = line.lstrip()[:6].upper()
        found = (_layout_header(text, lines, i) if "|" not in line and (opening.startswith(
            ("TT ", "STT ", "SỐ TT")) or opening.rstrip() in ("TT", "STT")) else None)
        if found is None:
            if warn is not None and "|" not in line and _unnumbered_layout_header(text,
                                                                                 *lines[i]):
                warn(f"table at {lines[i][0]} (line {i + 1}): a task header laid out in "
                     "columns with no number column (TT) first; its rows are not read")
            i += 1
            continue
        header, roles, grid, i = found
        rows, i = _layout_rows(text, lines, i + 1, header, roles, grid, wrapped, say)
        tables.append(TaskTable(header, roles, tuple(rows), bordered=False))
    return tables, wrapped


def _layout_rows(text: str, lines: list[tuple[int, int]], i: int, header: Row,
                 roles: dict[int, str], grid: _Grid,
                 wrapped: dict[int, dict[str, list[Cell]]], warn: Callable[[str], None]
                 ) -> tuple[list[Row], int]:
    """The rows under a header laid out in columns, and where the table ends.

    A row is opened by a line with a row number in the first column; the lines after it
    add to its cells. When lines of cells stand between the header and the first number
    the cells are centred vertically on their number (a row's text above and below it):
    then a line between two numbers goes to the nearer one."""
    width = len(header.cells)
    head_keys = [fold(c.text.split()[0]) for c in header.cells]
    groups: list[list[int]] = []  # the lines of each row, its number line included
    numbered_at: list[int] = []  # the number line of each row
    pending: list[int] = []  # lines of cells since the last number line (or the header)
    centred = False
    last: str | None = None
    after_group = False

    while i < len(lines):
        start, end = lines[i]
        line = text[start:end]
        if not line.strip():
            i += 1
            continue
        pieces = _pieces(text, start, end)
        first = pieces[0]
        if _TABLE_END.match(line.strip()):
            break
        if [fold(p.text.split()[0]) for p in pieces[:width]] == head_keys:
            i += 1  # the header repeated on a new page
            continue
        column = grid.column(first.start - start)
        label = first.text.rstrip(".)")
        if column > 0 and len(pieces) == 1 and first.text.isdigit() and len(first.text) <= 3:
            i += 1  # a page number in the margin
            continue
        if column == 0 and _BLOCK_LABEL.match(first.text):
            if len(pieces) == 1 and first.text.isdigit() and not _plausible_label(
                    label, last, after_group):
                i += 1  # a page number
                continue
            opening: list[int] = []
            if not groups:
                centred = bool(pending)
                opening = pending
            elif centred:
                before = numbered_at[-1]
                groups[-1].extend(t for t in pending if t - before <= i - t)
                opening = [t for t in pending if t - before > i - t]
            else:
                groups[-1].extend(pending)
            groups.append([*opening, i])
            numbered_at.append(i)
            pending = []
            group = bool(_ROMAN.match(label)) or (len(label) == 1 and label.isupper())
            after_group = group
            if not group and not _LETTER.match(label):
                last = label
            i += 1
            continue
        if column == 0:
            if groups and len(pieces) == 1 and first.text.isdigit():
                i += 1  # a page number
                continue
            break  # text at the left margin: the table has ended
        if not groups and len(pending) >= _MAX_CENTRED_LINES:
            break  # no number under the header: no table
        if groups and not centred and _unnumbered_line(text, lines, [*groups[-1], *pending],
                                                       i, grid, roles):
            # a row without a number (its number cell merged with the row above)
            groups[-1].extend(pending)
            groups.append([i])
            numbered_at.append(i)
            pending = []
            i += 1
            continue
        pending.append(i)
        i += 1
    if groups:
        groups[-1].extend(pending)
    rows = [_layout_row(text, lines, sorted(group), width, roles, grid, wrapped)
            for group in groups]
    if not rows:
        warn(f"task table at {header.start}: a header laid out in columns but no numbered "
             "row under it")
    return rows, i


def _unnumbered_line(text: str, lines: list[tuple[int, int]], row: list[int], n: int,
                     grid: _Grid, roles: dict[int, str]) -> bool:
    """Whether ``lines[n]``, under the lines ``row`` of a row, opens a row of its own
    without a number: a task opening with a capital letter, an agency in the lead column
    and a time frame, where the row above has its time frame already (a wrapped cell
    does not fill the time frame twice)."""
    start, end = lines[n]
    found = {roles.get(grid.column(p.start - start)): p.text for p in _pieces(text, start, end)}
    content, lead = found.get("content"), found.get("lead")
    if not (content and content[:1].isupper() and lead and "timeframe" in found
            and _AGENCY_CELL.match(lead)):
        return False
    return any(roles.get(grid.column(p.start - lines[k][0])) == "timeframe"
               for k in row for p in _pieces(text, *lines[k]))


# How many lines of a centred first row may stand above its number.
_MAX_CENTRED_LINES = 8


def _layout_row(text: str, lines: list[tuple[int, int]], group: list[int], width: int,
                roles: dict[int, str], grid: _Grid,
                wrapped: dict[int, dict[str, list[Cell]]]) -> Row:
    """One row from its lines (in order): each piece in its column, the pieces after a
    cell's first in ``wrapped`` by row start and role."""
    row_start, row_end = lines[group[0]][0], lines[group[-1]][1]
    cells = [Cell(row_end, row_end, "")] * width
    more: dict[str, list[Cell]] = {}
    for n in group:
        start, end = lines[n]
        for piece in _pieces(text, start, end):
            k = grid.column(piece.start - start)
            if not cells[k].text:
                cells[k] = piece
            else:
                more.setdefault(roles.get(k, "other"), []).append(piece)
    if more:
        wrapped[row_start] = more
    return Row(row_start, row_end, tuple(cells))
