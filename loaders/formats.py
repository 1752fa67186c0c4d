"""File formats: which one a file is, plain-text decoding, and how tables become lines.

The format readers (:mod:`~luocdo.loaders.docx_text`, :mod:`~luocdo.loaders.html_text`,
:mod:`~luocdo.loaders.pdf_text`) all write a table the same way, through
:func:`table_lines`, so that later stages see one shape of table row whatever
the source: ``| 1 | Nội dung | Sở X |  | 2025 | Báo cáo |`` (see
:mod:`luocdo.loaders.tables`).
"""

from __future__ import annotations

import codecs
import functools
import re
from collections.abc import Sequence
from pathlib import PurePath

from luocdo.errors import InputError
from luocdo.loaders import patterns
from luocdo.loaders.vietnamese import fold

FORMATS: tuple[str, ...] = ("txt", "docx", "html", "pdf")

# File name suffix -> format.
_BY_SUFFIX: dict[str, str] = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "txt",
    ".docx": "docx",
    ".docm": "docx",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
}
# Formats we recognize but do not read, with what to do instead.
_UNSUPPORTED: dict[str, str] = {
    ".doc": "a Word 97-2003 .doc file; save it as .docx",
    ".rtf": "an RTF file; save it as .docx or UTF-8 text",
    ".odt": "an OpenDocument file; save it as .docx",
    ".xls": "a spreadsheet; export the text as UTF-8",
    ".xlsx": "a spreadsheet; export the text as UTF-8",
}
_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|div|table|p)\b",
    re.IGNORECASE | re.DOTALL,
)


def format_of(name: str, data: bytes) -> str:
    """The format of a file: from its name's suffix, else sniffed from its bytes.

    Sniffing: ``%PDF`` is a PDF, a zip holding ``word/`` parts a .docx, a
    document starting with ``<!DOCTYPE html``, ``<html``, ``<body``, ``<div``,
    ``<table`` or ``<p`` an HTML page (or fragment); anything else is text.
    """
    suffix = PurePath(name).suffix.lower()
    if suffix in _UNSUPPORTED:
        raise InputError(f"cannot read {_UNSUPPORTED[suffix]}", source=name)
    if suffix in _BY_SUFFIX:
        return _BY_SUFFIX[suffix]
    return sniff(data)


def format_by_name(name: str) -> str | None:
    """The format a file's name says (its suffix), or None when it says none."""
    return _BY_SUFFIX.get(PurePath(name).suffix.lower())


def sniff(data: bytes) -> str:
    """The format the bytes look like: "pdf", "docx", "html" or "txt"."""
    head = data[:2048]
    if head.lstrip(b"\x00\t\n\r ").startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04") and b"word/" in data[:65536]:
        return "docx"
    text_head = _ascii_head(head)
    if _HTML_START.match(text_head):
        return "html"
    return "txt"


def _ascii_head(head: bytes) -> bytes:
    """The start of ``head`` with a BOM or UTF-16 NULs removed, for sniffing markup."""
    for bom in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        if head.startswith(bom):
            head = head[len(bom):]
            break
    return head.replace(b"\x00", b"")


# ---------------------------------------------------------------------------
# Plain text
# ---------------------------------------------------------------------------

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32 LE"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32 BE"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8 with BOM"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16 LE"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16 BE"),
)
# Bytes looked at to recognize UTF-16 without a BOM by its NUL bytes.
_SNIFF_BYTES = 4096


def _utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" when NUL bytes sit in every other position, else None.

    Text in UTF-16 has a NUL byte in each ASCII character (Vietnamese text keeps
    its spaces, digits and many base letters in ASCII); UTF-8 text has none.
    """
    head = data[:_SNIFF_BYTES]
    pairs = len(head) // 2
    if pairs < 2:
        return None
    odd = head[1::2].count(0)
    even = head[0::2].count(0)
    if odd >= 0.3 * pairs and even <= 0.02 * pairs:
        return "utf-16-le"
    if even >= 0.3 * pairs and odd <= 0.02 * pairs:
        return "utf-16-be"
    return None


def decode_text(data: bytes, source: str, encoding: str | None = None) -> tuple[str, list[str]]:
    """The text of a plain-text file, and warnings about how it was decoded.

    UTF-8, UTF-8 with BOM, UTF-16/UTF-32 with BOM and UTF-16 without BOM are
    recognized; ``encoding`` forces one. Undecodable bytes raise
    :class:`~luocdo.errors.InputError` naming the byte offset and line, but for
    a character cut off by the end of the file (a truncated copy): the text
    before it is read, with a warning.
    """
    warnings: list[str] = []
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(f"unknown encoding {encoding!r}", source=source) from None
        return _decode(data, encoding, encoding, source, 0, warnings), warnings
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            return _decode(data[len(bom):], codec, label, source, len(bom), warnings), warnings
    guessed = _utf16_without_bom(data)
    if guessed is not None:
        label = "UTF-16 " + guessed[-2:].upper() + " without BOM"
        warnings.append(f"{source}: read as {label} "
                        "(no byte order mark; recognized by its NUL bytes)")
        return _decode(data, guessed, label, source, 0, warnings), warnings
    return _decode(data, "utf-8", "UTF-8", source, 0, warnings), warnings


# How a decoder says the bytes stop in the middle of a character.
_CUT_OFF = ("unexpected end of data", "truncated data")


def _decode(data: bytes, codec: str, label: str, source: str, skipped: int,
            warnings: list[str]) -> str:
    """``data`` decoded strictly, or an InputError saying where and what was expected.

    A last character cut off by the end of the file is dropped with a warning:
    the rest of a truncated file is still the document (issue 11).
    """
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        offset = skipped + exc.start
        if exc.end == len(data) and exc.reason in _CUT_OFF:
            text = _decode(data[: exc.start], codec, label, source, skipped, warnings)
            warnings.append(
                f"{source}: the file ends in the middle of a {label} character "
                f"(bytes {data[exc.start:].hex(' ')} at byte {offset}); "
                "it was left out -- the file may be truncated")
            return text
        line = data[: exc.start].count(b"\n") + 1
        bad = data[exc.start : exc.start + 4].hex(" ")
        raise InputError(
            f"not valid {label} text (bytes {bad}); expected UTF-8, UTF-8 with BOM or "
            "UTF-16 text -- re-save the file as UTF-8 (legacy Vietnamese encodings such as "
            "cp1258, TCVN3 or VNI are not read)",
            source=source,
            where=f"byte {offset} (line {line})",
        ) from None
    except (LookupError, ValueError) as exc:
        raise InputError(f"cannot decode as {label}: {exc}", source=source) from None


# ---------------------------------------------------------------------------
# Tables as lines
# ---------------------------------------------------------------------------

_WS = re.compile(r"\s+")
# A data cell holds a task or an indicator, not pages of text (the longest task
# cell of the seeds and corpus is under 2,000 characters).
_MAX_DATA_CELL = 4000


@functools.cache
def _layout() -> tuple[int, int, tuple[str, ...], re.Pattern[str]]:
    """Header/signature block cues (``loaders/patterns/page_layout.json``)."""
    data = patterns.load("page_layout")["layout_table"]
    return (data["max_rows"], data["max_columns"], tuple(data["folded_phrases"]),
            re.compile(data["pattern"]))


def cell_line(text: str) -> str:
    """A cell's text on one line: blanks collapsed, ``|`` written as ``¦``."""
    return _WS.sub(" ", text).strip().replace("|", "¦")


def is_layout_table(rows: Sequence[Sequence[str]]) -> bool:
    """Whether a table lays out the page instead of holding data.

    That is a small table holding a header or signature block, or a table with a
    cell longer than any data cell (a page laid out in a table: the document
    sits in one cell).
    """
    if not rows:
        return False
    if any(len(cell) > _MAX_DATA_CELL for row in rows for cell in row):
        return True
    max_rows, max_columns, phrases, pattern = _layout()
    if len(rows) > max_rows or max(len(r) for r in rows) > max_columns:
        return False
    text = "\n".join(c for r in rows for c in r)
    folded = fold(text)
    return any(phrase in folded for phrase in phrases) or bool(pattern.search(text))


def table_lines(rows: Sequence[Sequence[str]], *, layout: bool = False) -> list[str]:
    """A table as text lines (cells hold their lines separated by ``\\n``).

    A data table gives one bordered line per row (``| a | b |  |``), cells on
    one line, empty cells empty, rows without any text left out. A layout table
    (``layout``, or :func:`is_layout_table`) gives its cells' lines one after the
    other, a blank line between cells, as the corpus files converted from .docx
    have their header blocks.
    """
    if layout or is_layout_table(rows):
        out: list[str] = []
        for row in rows:
            for cell in row:
                lines = [ln.strip() for ln in cell.split("\n") if ln.strip()]
                if lines:
                    if out:
                        out.append("")
                    out.extend(lines)
        return out
    lines = []
    for row in rows:
        cells = [cell_line(c) for c in row]
        if any(cells):
            lines.append("| " + " | ".join(cells) + " |")
    return lines
