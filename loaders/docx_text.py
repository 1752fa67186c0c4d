"""The text of a .docx file: paragraphs and tables in reading order.

The body's block items (paragraphs, tables, content controls) are walked in
document order. A paragraph gives its text with the label Word's automatic
numbering draws in front of it (``1.``, ``a)``, ``Điều 3.``...), because legal
texts often number their items that way and the label is part of what is read.
A table gives one ``| a | b |`` line per row (:func:`~luocdo.loaders.formats.table_lines`);
a cell merged across columns is written once, the columns it covers stay as
empty cells so that the following cells keep their column; a cell merged over
rows is written on each row it covers (it is each row's). Header and signature blocks, and
narrow tables holding other tables, lay out the page: their cells' lines are
written one after the other. Deleted revisions, field codes,
text boxes and headers/footers are not part of the text.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import docx

from luocdo.errors import InputError
from luocdo.loaders.formats import is_layout_table, table_lines
from luocdo.loaders.limits import ReadLimits

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MAX_UNCOMPRESSED = 256 * 1024 * 1024
_LEVELS = 9
# A table this narrow that holds other tables lays out the page.
_MAX_LAYOUT_COLUMNS = 3
# Word tables have at most 63 columns: a larger gridSpan or gridBefore is broken
# or hostile, and spelling it out would multiply a few bytes into millions of cells.
_MAX_SPAN = 64
# A list label is a few characters ("Điều %1.", "%1.%2.", "a)"); a longer level
# text would be repeated in front of every paragraph of the list.
_MAX_LABEL = 64
# Letters and Roman numerals past these are written in decimal (Word's own
# Roman numerals stop at 3999; "zzzzzzzzzz" is already item 260).
_MAX_LETTERS = 260
_MAX_ROMAN = 3999

# Subtrees whose text is not part of the reading text.
_SKIP = {
    f"{_W}pPr", f"{_W}rPr", f"{_W}del", f"{_W}moveFrom", f"{_W}instrText",
    f"{_W}drawing", f"{_W}pict", f"{_W}object",
    "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent",
    f"{_W}footnoteReference", f"{_W}endnoteReference", f"{_W}commentReference",
}
_CHARS = {f"{_W}tab": "\t", f"{_W}br": "\n", f"{_W}cr": "\n", f"{_W}noBreakHyphen": "-"}


def docx_text(data: bytes, source: str,
              limits: ReadLimits | None = None) -> tuple[str, list[str]]:
    """The reading text of a .docx file, and warnings."""
    _check_package(data, source)
    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
    except Exception as exc:  # a broken package can fail anywhere inside python-docx
        raise InputError(f"not a readable .docx file ({type(exc).__name__}: {exc})",
                         source=source) from None
    warnings: list[str] = []
    numbering = _Numbering.of(document, warnings, source)
    lines: list[str] = []
    _blocks(body, lines, numbering)
    return "\n".join(lines), warnings


def _check_package(data: bytes, source: str) -> None:
    """Refuse what is not a zip with a Word main part, or would inflate too much."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            infos = package.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError) as exc:
        raise InputError(f"not a .docx file: not a zip package ({exc})", source=source) from None
    names = {info.filename for info in infos}
    if "word/document.xml" not in names and not any(n.startswith("word/") for n in names):
        raise InputError("not a .docx file: the package has no word/document.xml part",
                         source=source)
    if sum(info.file_size for info in infos) > _MAX_UNCOMPRESSED:
        raise InputError("the .docx package inflates to more than 256 MB; refusing to read it",
                         source=source)


def _children(element: Any) -> Iterator[Any]:
    """Block-level children, looking through content controls and custom XML."""
    for child in element:
        if child.tag in (f"{_W}sdt", f"{_W}customXml"):
            content = child.find(f"{_W}sdtContent") if child.tag == f"{_W}sdt" else child
            if content is not None:
                yield from _children(content)
        else:
            yield child


def _blocks(container: Any, lines: list[str], numbering: _Numbering) -> None:
    """Append the lines of the paragraphs and tables of ``container``."""
    for child in _children(container):
        if child.tag == f"{_W}p":
            lines.extend(_paragraph(child, numbering).split("\n"))
        elif child.tag == f"{_W}tbl":
            lines.extend(_table(child, numbering))


def _table(tbl: Any, numbering: _Numbering) -> list[str]:
    """A table's lines; a narrow table holding other tables lays out the page.

    In a data table a cell merged over several rows is written on each of them: it
    belongs to each (a lead cell spanning three tasks leads each, issue 15), and a
    number and task cell written on two rows are read as one task. A layout table
    writes it once."""
    rows, continued = _table_rows(tbl, numbering)
    nested = tbl.find(f".//{_W}tc//{_W}tbl") is not None
    narrow = max((len(row) for row in rows), default=0) <= _MAX_LAYOUT_COLUMNS
    layout = nested and narrow
    if not layout and continued and not is_layout_table(rows):
        for r, c in continued:  # in row order: a cell merged over three rows reaches each
            if r > 0 and c < len(rows[r - 1]):
                rows[r][c] = rows[r - 1][c]
    return table_lines(rows, layout=layout)


def _paragraph(p: Any, numbering: _Numbering) -> str:
    """A paragraph's text with its numbering label."""
    return numbering.label(p) + _run_text(p)


def _run_text(p: Any) -> str:
    """The text of a paragraph's runs (hyperlinks, fields and insertions included)."""
    parts: list[str] = []
    stack = list(reversed(p))
    while stack:
        el = stack.pop()
        tag = el.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == f"{_W}t":
            parts.append(el.text or "")
        elif tag in _CHARS:
            parts.append(_CHARS[tag])
        elif tag == f"{_W}p":  # a nested paragraph (text box content reached otherwise)
            continue
        else:
            stack.extend(reversed(el))
    return "".join(parts)


def _attr(el: Any, path: str) -> str | None:
    """The ``w:val`` of the element at ``path`` under ``el``."""
    found = el.find(path)
    return None if found is None else found.get(f"{_W}val")


def _table_rows(tbl: Any, numbering: _Numbering
                ) -> tuple[list[list[str]], list[tuple[int, int]]]:
    """The cell texts of a table, one list per row, merged cells written once; and the
    (row, column) of the cells that continue a cell merged from the row above."""
    rows: list[list[str]] = []
    continuing: list[tuple[int, int]] = []
    for tr in _children(tbl):
        if tr.tag != f"{_W}tr":
            continue
        row: list[str] = [""] * min(_MAX_SPAN, _int(_attr(tr, f"{_W}trPr/{_W}gridBefore"), 0, 0))
        for tc in _children(tr):
            if tc.tag != f"{_W}tc":
                continue
            span = min(_MAX_SPAN, _int(_attr(tc, f"{_W}tcPr/{_W}gridSpan"), 1, 1))
            vmerge = tc.find(f"{_W}tcPr/{_W}vMerge")
            continued = vmerge is not None and vmerge.get(f"{_W}val") != "restart"
            if continued:
                continuing.append((len(rows), len(row)))
            row.append("" if continued else _cell_text(tc, numbering))
            row.extend([""] * (span - 1))
        rows.append(row)
    return rows, continuing


def _cell_text(tc: Any, numbering: _Numbering) -> str:
    """A cell's paragraphs, one per line; a nested table's rows as lines."""
    lines: list[str] = []
    for child in _children(tc):
        if child.tag == f"{_W}p":
            lines.append(_paragraph(child, numbering))
        elif child.tag == f"{_W}tbl":
            lines.extend(_table(child, numbering))
    return "\n".join(lines)


def _int(value: str | None, default: int, minimum: int) -> int:
    """``value`` as an int no smaller than ``minimum``; ``default`` when unreadable."""
    try:
        return max(minimum, int(value)) if value is not None else default
    except ValueError:
        return default


# ---------------------------------------------------------------------------
# Automatic numbering
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class _Level:
    """One level of a list definition (w:lvl)."""

    start: int
    fmt: str
    text: str
    legal: bool  # w:isLgl: every number of the label in decimal


def _roman(n: int) -> str:
    """``n`` in upper-case Roman numerals."""
    out = []
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                           (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"),
                           (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def _letters(n: int) -> str:
    """``n`` as Word writes letter numbering: a..z, aa..zz, ..."""
    if n < 1:
        return str(n)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _number(n: int, fmt: str) -> str:
    """``n`` written in the numbering format ``fmt``."""
    if fmt == "none":
        return ""
    if n < 1 or fmt in ("decimal", "ordinal", "cardinalText", "ordinalText"):
        return str(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "upperRoman" and n <= _MAX_ROMAN:
        return _roman(n)
    if fmt == "lowerRoman" and n <= _MAX_ROMAN:
        return _roman(n).lower()
    if fmt == "upperLetter" and n <= _MAX_LETTERS:
        return _letters(n).upper()
    if fmt == "lowerLetter" and n <= _MAX_LETTERS:
        return _letters(n)
    return str(n)


def _bullet(text: str) -> str:
    """A bullet label: symbol-font glyphs (private use area) become ``•``."""
    return "".join("•" if 0xE000 <= ord(ch) <= 0xF8FF else ch for ch in text).strip()


class _Numbering:
    """Word's list numbering: the label each numbered paragraph shows."""

    def __init__(self, numbering: Any | None, styles: Any | None) -> None:
        self.levels: dict[str, dict[int, _Level]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.style_num: dict[str, tuple[str, int]] = {}
        self.counters: dict[str, list[int | None]] = {}
        self.started: set[str] = set()
        if numbering is not None:
            self._read_numbering(numbering)
        if styles is not None:
            self._read_styles(styles)

    @classmethod
    def of(cls, document: Any, warnings: list[str], source: str) -> _Numbering:
        """The numbering of ``document``; none (with a warning) when it cannot be read."""
        numbering = styles = None
        try:
            part = document.part
            rels = {rel.reltype.rsplit("/", 1)[-1]: rel for rel in part.rels.values()}
            if "numbering" in rels:
                numbering = part.numbering_part.element
            if "styles" in rels:
                styles = document.styles.element
            return cls(numbering, styles)
        except Exception as exc:  # numbering is an extra: the text is still read without it
            warnings.append(f"{source}: list numbering not read ({type(exc).__name__}); "
                            "automatic item numbers are missing from the text")
            return cls(None, None)

    def _read_numbering(self, root: Any) -> None:
        for abstract in root.findall(f"{_W}abstractNum"):
            levels: dict[int, _Level] = {}
            for lvl in abstract.findall(f"{_W}lvl"):
                ilvl = _int(lvl.get(f"{_W}ilvl"), -1, -1)
                if not 0 <= ilvl < _LEVELS:
                    continue
                levels[ilvl] = _Level(
                    start=_int(_attr(lvl, f"{_W}start"), 1, 0),
                    fmt=_attr(lvl, f"{_W}numFmt") or "decimal",
                    text=(_attr(lvl, f"{_W}lvlText") or "")[:_MAX_LABEL],
                    legal=lvl.find(f"{_W}isLgl") is not None,
                )
            self.levels[abstract.get(f"{_W}abstractNumId") or ""] = levels
        for num in root.findall(f"{_W}num"):
            overrides = {}
            for override in num.findall(f"{_W}lvlOverride"):
                start = _attr(override, f"{_W}startOverride")
                if start is not None:
                    overrides[_int(override.get(f"{_W}ilvl"), 0, 0)] = _int(start, 1, 0)
            abstract_id = _attr(num, f"{_W}abstractNumId") or ""
            self.nums[num.get(f"{_W}numId") or ""] = (abstract_id, overrides)

    def _read_styles(self, root: Any) -> None:
        own: dict[str, tuple[str | None, int | None]] = {}
        based_on: dict[str, str] = {}
        for style in root.findall(f"{_W}style"):
            style_id = style.get(f"{_W}styleId") or ""
            own_num = _attr(style, f"{_W}pPr/{_W}numPr/{_W}numId")
            own_lvl = _attr(style, f"{_W}pPr/{_W}numPr/{_W}ilvl")
            own[style_id] = (own_num, _int(own_lvl, 0, 0) if own_lvl is not None else None)
            parent = _attr(style, f"{_W}basedOn")
            if parent:
                based_on[style_id] = parent
        for style_id in own:
            num_id: str | None = None
            ilvl: int | None = None
            current, seen = style_id, set()
            while current in own and current not in seen:
                seen.add(current)
                cur_num, cur_lvl = own[current]
                num_id = num_id if num_id is not None else cur_num
                ilvl = ilvl if ilvl is not None else cur_lvl
                current = based_on.get(current, "")
            if num_id is not None:
                self.style_num[style_id] = (num_id, ilvl or 0)

    def label(self, p: Any) -> str:
        """The label Word shows before paragraph ``p`` (with a trailing space), or ""."""
        num_id = _attr(p, f"{_W}pPr/{_W}numPr/{_W}numId")
        ilvl_text = _attr(p, f"{_W}pPr/{_W}numPr/{_W}ilvl")
        style = _attr(p, f"{_W}pPr/{_W}pStyle")
        ilvl = _int(ilvl_text, 0, 0) if ilvl_text is not None else None
        if num_id is None and style in self.style_num:
            num_id, style_lvl = self.style_num[style]
            ilvl = style_lvl if ilvl is None else ilvl
        ilvl = ilvl or 0
        if num_id is None or num_id == "0" or num_id not in self.nums or ilvl >= _LEVELS:
            return ""
        abstract_id, overrides = self.nums[num_id]
        levels = self.levels.get(abstract_id, {})
        level = levels.get(ilvl)
        if level is None:
            return ""
        counters = self.counters.setdefault(abstract_id, [None] * _LEVELS)
        if num_id not in self.started:
            self.started.add(num_id)
            for k, start in overrides.items():
                if k < _LEVELS:
                    counters[k] = start - 1
        current = counters[ilvl]
        counters[ilvl] = (level.start - 1 if current is None else current) + 1
        for deeper in range(ilvl + 1, _LEVELS):
            counters[deeper] = None
        if level.fmt == "bullet":
            text = _bullet(level.text)
        else:
            text = level.text
            for k in range(_LEVELS, 0, -1):
                placeholder = f"%{k}"
                if placeholder in text:
                    lvl = levels.get(k - 1, level)
                    value = counters[k - 1]
                    value = lvl.start if value is None else value
                    fmt = "decimal" if level.legal and lvl.fmt != "none" else lvl.fmt
                    text = text.replace(placeholder, _number(value, fmt))
        return f"{text} " if text.strip() else ""
