"""The text of a PDF with a text layer, page by page in reading order.

Each page's words are grouped into lines top to bottom, words left to right; a
wide gap between words (the two columns of a header block) is kept as several
spaces, as ``pdftotext -layout`` does. A ruled table gives one ``| a | b |``
line per row (:func:`~luocdo.loaders.formats.table_lines`) in its place on the
page. Pages are separated by form feeds; :func:`luocdo.loaders.read.normalize`
then drops page numbers and running headers/footers. A PDF without a text
layer (scanned pages) is refused: it needs OCR first.
"""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass, field
from typing import Any

import pdfplumber

from luocdo.errors import InputError
from luocdo.loaders.formats import table_lines
from luocdo.loaders.limits import ReadLimits, how_to_raise

# A gap wider than this many character widths is kept as several spaces.
_WIDE_GAP = 3.0
_MAX_GAP_SPACES = 40
_MAX_INDENT = 160
# A line with this many wide gaps is laid out in columns (a table without rules).
_COLUMN_GAPS = 2
_MAX_PAGES = 5000


@dataclass
class _Line:
    """Words that share a baseline band."""

    top: float
    bottom: float
    words: list[dict[str, Any]] = field(default_factory=list)


def pdf_text(data: bytes, source: str,
             limits: ReadLimits | None = None) -> tuple[str, list[str]]:
    """The pages' text separated by form feeds, and warnings."""
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer's errors on broken or encrypted files vary
        raise InputError(f"not a readable PDF ({_describe(exc)})", source=source) from None
    pages: list[str] = []
    try:
        try:
            page_list = pdf.pages
        except Exception as exc:
            raise InputError(f"not a readable PDF ({_describe(exc)})", source=source) from None
        if len(page_list) > _MAX_PAGES:
            raise InputError(f"the PDF has {len(page_list)} pages; at most {_MAX_PAGES} are read",
                             source=source)
        limit = (limits or ReadLimits()).max_chars
        total = 0
        for number, page in enumerate(page_list, start=1):
            try:
                pages.append(_page_text(page))
            except Exception as exc:
                raise InputError(f"cannot read the page's text ({_describe(exc)})",
                                 source=source, where=f"page {number}") from None
            finally:
                page.close()
            total += len(pages[-1]) + 1
            if total > limit:  # stop here rather than read the remaining pages
                raise InputError(f"text longer than the limit of {limit} characters; not "
                                 f"read ({how_to_raise('max_chars')})",
                                 source=source, where=f"page {number}")
    finally:
        _close(pdf)
    if not any(page.strip() for page in pages):
        raise InputError(
            "the PDF has no text layer (scanned pages); run OCR on it first "
            "(e.g. ocrmypdf -l vie) and read the result",
            source=source,
        )
    warnings: list[str] = []
    text = "\f".join(pages)
    if text.count("(cid:") > 20:
        warnings.append(f"{source}: some PDF fonts have no Unicode mapping; parts of the "
                        "text may be unreadable ((cid:NN) codes)")
    return text, warnings


def _close(pdf: Any) -> None:
    """Close ``pdf``; closing walks the pages again, which fails as reading them did."""
    # The reading error, already raised, is the one to report.
    with contextlib.suppress(Exception):
        pdf.close()


def _describe(exc: BaseException) -> str:
    """A short description of a library exception."""
    message = str(exc)
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def _inside(word: dict[str, Any], bbox: tuple[float, float, float, float]) -> bool:
    """Whether the centre of ``word`` lies in ``bbox``."""
    x = (word["x0"] + word["x1"]) / 2
    y = (word["top"] + word["bottom"]) / 2
    return bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]


def _page_text(page: Any) -> str:
    """A page's lines and tables, top to bottom."""
    tables = []
    for table in page.find_tables():
        rows = _spread_merged(table)
        if len(rows) >= 2 and max(len(r) for r in rows) >= 2:
            tables.append((table.bbox, rows))
    words = [
        w for w in page.extract_words(keep_blank_chars=False, use_text_flow=False)
        if not any(_inside(w, bbox) for bbox, _ in tables)
    ]
    lines = _group_lines(words)
    margin = min((w["x0"] for w in words), default=0.0)
    widths = sorted((w["x1"] - w["x0"]) / max(1, len(w["text"])) for w in words)
    char = widths[len(widths) // 2] if widths else 0.0
    blocks: list[tuple[float, list[str]]] = []
    columns = False  # the line above is laid out in columns (or continues such a line)
    for line in lines:
        text, gaps = _line_text(line, margin, char, indent=columns)
        indented = text.startswith(" ")
        columns = gaps >= _COLUMN_GAPS or (columns and indented)
        blocks.append((line.top, [text]))
    blocks.extend((bbox[1], table_lines(rows)) for bbox, rows in tables)
    blocks.sort(key=lambda block: block[0])
    return "\n".join(line for _, lines in blocks for line in lines)


def _spread_merged(table: Any) -> list[list[str]]:
    """A ruled table's cell texts; a cell merged over several rows is written on each row
    it covers (a lead cell spanning two tasks leads both, issue 15), a cell merged across
    columns once, the columns it covers empty."""
    rows = [list(row) for row in table.extract()]
    boxes = [row.cells for row in table.rows]
    tops = [row.bbox[1] for row in table.rows]
    if len(boxes) != len(rows):
        return [[cell or "" for cell in row] for row in rows]
    for r in range(1, len(rows)):
        for c in range(len(rows[r])):
            if rows[r][c] is not None or c >= len(boxes[r]) or boxes[r][c] is not None:
                continue
            above = next((u for u in range(r - 1, -1, -1)
                          if c < len(boxes[u]) and boxes[u][c] is not None), None)
            if above is not None and boxes[above][c][3] > tops[r] + 1:
                rows[r][c] = rows[above][c]  # the cell above reaches down into this row
    return [[cell or "" for cell in row] for row in rows]


def _group_lines(words: list[dict[str, Any]]) -> list[_Line]:
    """Words grouped into lines: a word joins a line its vertical middle falls in."""
    lines: list[_Line] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        middle = (word["top"] + word["bottom"]) / 2
        for line in reversed(lines[-3:]):
            if line.top <= middle <= line.bottom:
                line.words.append(word)
                break
        else:
            lines.append(_Line(word["top"], word["bottom"], [word]))
    return lines


def _line_text(line: _Line, margin: float = 0.0, char: float = 0.0, *,
               indent: bool = False) -> tuple[str, int]:
    """A line's words left to right, and how many wide gaps it has.

    A wide gap is kept as several spaces, so that a word after it stands about where it
    stands on the page (``char``: the page's usual character width, ``margin``: its left
    edge), as ``pdftotext -layout`` writes it; the columns of a table without rules then
    line up from line to line. With ``indent`` (under a line laid out in columns), a line
    that starts right of the margin starts as far right: a task or agency cell wrapped
    onto a second line stays in its column (issue 15)."""
    parts: list[str] = []
    previous: dict[str, Any] | None = None
    pos = 0
    gaps = 0
    for word in sorted(line.words, key=lambda w: w["x0"]):
        column = round((word["x0"] - margin) / char) if char > 0 else 0
        if previous is not None:
            char_width = (previous["x1"] - previous["x0"]) / max(1, len(previous["text"]))
            gap = word["x0"] - previous["x1"]
            if char_width > 0 and gap > _WIDE_GAP * char_width:
                gaps += 1
                spaces = column - pos if char > 0 else round(gap / char_width)
                parts.append(" " * min(_MAX_GAP_SPACES, max(2, spaces)))
            else:
                parts.append(" ")
        elif indent and char > 0 and column > _WIDE_GAP:
            parts.append(" " * min(_MAX_INDENT, column))
        parts.append(word["text"])
        pos = sum(len(p) for p in parts)
        previous = word
    return "".join(parts), gaps
