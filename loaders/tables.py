"""Table rows written as text lines: how to split them, and rebuilding split rows.

Read text carries tables as one line per row, cells separated by ``|``, in one
of two styles:

- *bordered*: ``| 1 | Nội dung | Sở X |  | 2025 | Báo cáo |`` -- the line starts
  and ends with ``|`` (the corpus files converted from .docx, and what
  :mod:`luocdo.loaders.formats` writes for .docx, .html and .pdf tables);
- *open*: ``1 | Nội dung | Sở X |  | 2025 | Báo cáo`` -- no outer border, so a
  trailing ``|`` means the last cell is empty (the legal portal text of seed
  ``000_…``).

An empty cell is written as an empty string between two separators and stays
empty: nothing here fills a cell from a neighbour.

Some sources break a row over several lines, where a cell was empty or held a
line break, and pad rows with ``||||``::

    1 | Tổ chức tuyên truyền … | Các sở, ban, ngành tỉnh; UBND huyện, thị xã, thành phố |
    | Quý III/2023 | Báo cáo | ||||

:func:`rebuild_rows` joins such lines into one row with the table's column
count (taken from its header row), drops the padding and drops lines made of
``|`` alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The first cell of a line that starts a new row: "12", "3.1", "4.1.1", "12.", "IV".
_ROW_LABEL = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*\.?|[IVXLC]{1,6}\.?)$")
# A line of pipes and blanks only: no cell has text.
_PIPES_ONLY = re.compile(r"^[ \t]*\|[ \t|]*$")
# How many lines after an incomplete row are looked at for its continuation.
_MAX_CONTINUATION_LINES = 8


@dataclass(frozen=True)
class Row:
    """A line read as a table row: its cells (unstripped pieces) and its style."""

    pieces: tuple[str, ...]  # text between separators, as printed
    bordered: bool  # the line starts with "|"
    closed: bool  # a bordered line that also ends with "|"

    @property
    def cells(self) -> list[str]:
        """The cell texts, stripped."""
        return [p.strip() for p in self.pieces]

    @property
    def width(self) -> int:
        """How many cells up to the last one with text (0 when none has text)."""
        cells = self.cells
        for k in range(len(cells), 0, -1):
            if cells[k - 1]:
                return k
        return 0


def read_row(line: str) -> Row | None:
    """``line`` as a table row, or None when it has no ``|``.

    >>> read_row("| 1 | Sở X |  |").cells
    ['1', 'Sở X', '']
    >>> read_row("1 | Sở X |").cells
    ['1', 'Sở X', '']
    """
    if "|" not in line:
        return None
    body = line.strip()
    bordered = body.startswith("|")
    closed = bordered and len(body) > 1 and body.endswith("|")
    if bordered:
        body = body[1:-1] if closed else body[1:]
    return Row(tuple(body.split("|")), bordered, closed)


def split_row(line: str) -> list[str]:
    """The stripped cells of a table-row line (empty list for a line without ``|``).

    >>> split_row("TT | Nội dung nhiệm vụ | Cơ quan chủ trì")
    ['TT', 'Nội dung nhiệm vụ', 'Cơ quan chủ trì']
    >>> split_row("|  | Tổng số |  |")
    ['', 'Tổng số', '']
    """
    row = read_row(line)
    return row.cells if row else []


def cell_spans(line: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each stripped cell of a row line, as offsets into ``line``.

    An empty cell gets an empty span at its separator.

    >>> line = "| 1 | Sở X |  |"
    >>> [line[a:b] for a, b in cell_spans(line)]
    ['1', 'Sở X', '']
    """
    row = read_row(line)
    if row is None:
        return []
    pos = line.index("|") + 1 if row.bordered else 0
    spans: list[tuple[int, int]] = []
    for piece in row.pieces:
        text = piece.strip()
        start = pos + (piece.index(text) if text else 0)
        spans.append((start, start + len(text)))
        pos += len(piece) + 1
    return spans


def is_row(line: str) -> bool:
    """Whether ``line`` reads as a table row with at least two cells holding text."""
    row = read_row(line)
    return row is not None and sum(1 for c in row.cells if c) >= 2


def _merge(pieces: tuple[str, ...], more: tuple[str, ...]) -> tuple[str, ...]:
    """Cells of a row continued by the cells of its next line.

    The line break falls inside the last cell of ``pieces``: it is joined, by a
    space, to the first cell of ``more``.
    """
    return (*pieces[:-1], f"{pieces[-1]} {more[0]}", *more[1:])


def _has_padding(row: Row) -> bool:
    """Whether the empty cells after the row's last text are ``||`` padding."""
    tail = row.pieces[row.width:]
    return bool(tail) and "||" in "|" + "|".join(tail)


def _write(row_cells: list[str], bordered: bool) -> str:
    """A row line in the given style."""
    inner = " | ".join(row_cells)
    return f"| {inner} |" if bordered else inner.rstrip()


@dataclass
class _Table:
    """The table being walked: its column counts."""

    columns: int  # cells up to the last header cell with text (grows with wider rows)
    full: int  # cells of the header row, empty ones included


def _continuation(
    lines: list[str], i: int, row: Row, table: _Table
) -> tuple[tuple[str, ...], int] | None:
    """The merged cells of the incomplete row at ``lines[i]`` and the index of
    its last line, when the following lines complete it; None otherwise."""
    pieces = row.pieces
    # A bordered header may end with empty cells of its own ("| TT | … | Ghi chú |  |").
    limit = max(table.columns, table.full) if row.bordered else table.columns
    for j in range(i + 1, min(len(lines), i + 1 + _MAX_CONTINUATION_LINES)):
        line = lines[j]
        if not line.strip():
            # A blank line inside a row only where the row clearly goes on after it
            # (an empty cell written as a blank line, then "| next cell").
            if row.bordered or not _next_filled_starts_with_bar(lines, j):
                return None
            pieces = _merge(pieces, ("",))
            continue
        starts_with_bar = line.lstrip().startswith("|")
        if row.bordered and starts_with_bar:
            return None  # a new bordered row
        if not starts_with_bar and "|" in line:
            first = line.split("|", 1)[0].strip()
            if _ROW_LABEL.match(first):
                return None  # a new numbered row
        pieces = _merge(pieces, tuple(line.split("|")))
        if Row(pieces, row.bordered, False).width > limit:
            return None  # text beyond the table's last column: not this row
        if row.bordered:
            if line.rstrip().endswith("|"):
                cells = pieces[:-1]  # the closing border
                if len(cells) >= table.columns:
                    return cells, j
                return None
        elif len(pieces) >= table.columns:
            return pieces, j
    return None


def _next_filled_starts_with_bar(lines: list[str], j: int) -> bool:
    """Whether the first non-blank line after ``lines[j]`` starts with ``|``."""
    for line in lines[j + 1 : j + _MAX_CONTINUATION_LINES]:
        if line.strip():
            return line.lstrip().startswith("|")
    return False


def _trimmed(cells: list[str], columns: int) -> list[str]:
    """``cells`` without empty cells beyond ``columns`` (cells with text are kept)."""
    keep = len(cells)
    while keep > columns and not cells[keep - 1]:
        keep -= 1
    return cells[:keep]


def rebuild_rows(text: str) -> str:
    """``text`` with every table row on one line and no ``|``-only lines.

    A row is continued on the next lines when it has fewer cells than its
    table's header (open style) or lacks its closing ``|`` (bordered style) and
    the next lines supply the missing cells without running past the last
    column; the pieces are joined by a space. Trailing ``||`` padding is cut
    back to the header's column count. Other lines are returned unchanged.
    """
    if "|" not in text:
        return text
    lines = text.split("\n")
    out: list[str] = []
    table: _Table | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        if _PIPES_ONLY.match(line):
            i += 1
            continue
        row = read_row(line)
        if row is None:
            table = None
            out.append(line)
            i += 1
            continue
        if table is None:
            if sum(1 for c in row.cells if c) < 2:
                out.append(line)
                i += 1
                continue
            table = _Table(row.width, len(row.pieces))
        incomplete = (
            not row.closed if row.bordered else len(row.pieces) < table.columns
        )
        found = _continuation(lines, i, row, table) if incomplete else None
        if found is not None:
            pieces, last = found
            cells = _trimmed([p.strip() for p in pieces], table.columns)
            out.append(_write(cells, row.bordered))
            i = last + 1
            continue
        if not row.bordered and _has_padding(row):
            table.columns = max(table.columns, row.width)
            out.append(_write(_trimmed(row.cells, table.columns), bordered=False))
        else:
            table.columns = max(table.columns, row.width)
            out.append(line)
        i += 1
    return "\n".join(out)
