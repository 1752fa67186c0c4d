"""read(path) -> Text: a file in any supported format as normalized text.

Formats: plain text (UTF-8, UTF-8 with BOM, UTF-16 with or without BOM),
``.docx``, ``.html`` (a legal portal's page) and ``.pdf`` with a text layer.
Every format ends in :func:`normalize`, so that offsets of all later stages
point into one kind of text: NFC, ``Đ`` repaired, plain spaces and ``\\n`` line
breaks, no invisible characters, page furniture dropped, table rows rebuilt
(see :mod:`luocdo.loaders.normalize` and :mod:`luocdo.loaders.tables`).
"""

from __future__ import annotations

from pathlib import Path

from luocdo.errors import InputError
from luocdo.loaders.docx_text import docx_text
from luocdo.loaders.formats import decode_text, format_of
from luocdo.loaders.html_text import html_text
from luocdo.loaders.normalize import (
    drop_page_furniture,
    join_pages,
    normalize_characters,
    split_pages,
)
from luocdo.loaders.pdf_text import pdf_text
from luocdo.loaders.tables import rebuild_rows
from luocdo.model import Text

# Files larger than this are refused rather than read into memory.
MAX_BYTES = 200 * 1024 * 1024


def normalize(text: str) -> str:
    """``text`` as every later stage expects it; pure and idempotent.

    Line endings become ``\\n``; where form feeds mark pages, page numbers and
    running headers/footers are dropped; text is NFC with ``Ð`` (U+00D0) read as
    ``Đ``; Unicode spaces become spaces; zero-width, soft-hyphen and control
    characters (but ``\\n``, ``\\t``) are removed; trailing blanks are trimmed;
    table rows split over several lines are rebuilt. Nothing else changes.

    >>> normalize("Ð\\u00a0ỦY BAN\\u200b\\r\\n")
    'Đ ỦY BAN\\n'
    """
    pages = split_pages(text)
    if len(pages) > 1:
        text = join_pages(drop_page_furniture(pages))
    return rebuild_rows(normalize_characters(text))


def read_bytes(data: bytes, name: str = "<bytes>", *, encoding: str | None = None) -> Text:
    """The normalized text of file content ``data``.

    The format comes from ``name``'s extension (``.txt``, ``.docx``, ``.html``,
    ``.pdf``...), else from the bytes (``%PDF``, a Word zip, ``<html``), else
    plain text. ``encoding`` forces the decoding of plain text. Unreadable
    content raises :class:`~luocdo.errors.InputError`.
    """
    fmt = format_of(name, data)
    if fmt == "docx":
        raw, warnings = docx_text(data, name)
    elif fmt == "html":
        raw, warnings = html_text(data, name)
    elif fmt == "pdf":
        raw, warnings = pdf_text(data, name)
    else:
        raw, warnings = decode_text(data, name, encoding)
    return Text(text=normalize(raw), source=name, format=fmt, warnings=tuple(warnings))


def read(path: str | Path, *, encoding: str | None = None) -> Text:
    """The normalized text of the file at ``path`` (see :func:`read_bytes`)."""
    source = str(path)
    file = Path(path)
    try:
        size = file.stat().st_size
        if file.is_dir():
            raise InputError("is a folder, expected a file", source=source)
        if size > MAX_BYTES:
            raise InputError(f"file of {size} bytes is larger than {MAX_BYTES}; not read",
                             source=source)
        data = file.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", source=source) from None
    except PermissionError:
        raise InputError("permission denied", source=source) from None
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror or exc})", source=source) from None
    return read_bytes(data, source, encoding=encoding)
