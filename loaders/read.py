"""read(path) -> Text: a file in any supported format as normalized text.

Formats: plain text (UTF-8, UTF-8 with BOM, UTF-16 with or without BOM),
``.docx``, ``.html`` (a legal portal's page) and ``.pdf`` with a text layer.
Every format ends in :func:`normalize`, so that offsets of all later stages
point into one kind of text: NFC, ``Đ`` repaired, plain spaces and ``\\n`` line
breaks, no invisible characters, page furniture dropped, table rows rebuilt
(see :mod:`luocdo.loaders.normalize` and :mod:`luocdo.loaders.tables`).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from luocdo.errors import InputError
from luocdo.loaders.docx_text import docx_text
from luocdo.loaders.formats import decode_text, format_by_name, format_of
from luocdo.loaders.html_text import html_text
from luocdo.loaders.limits import ReadLimits, how_to_raise
from luocdo.loaders.normalize import (
    drop_page_furniture,
    join_pages,
    normalize_characters,
    split_pages,
)
from luocdo.loaders.pdf_text import pdf_text
from luocdo.loaders.tables import rebuild_rows
from luocdo.model import Text

# Bytes asked of the operating system at a time.
_CHUNK = 1024 * 1024
# Formats whose bytes are their text (an HTML page's markup included).
_TEXT_FORMATS = ("txt", "html")
# What a file that is not a regular file is, by its stat mode.
_KINDS: tuple[tuple[Callable[[int], bool], str], ...] = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


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


def read_bytes(data: bytes, name: str = "<bytes>", *, encoding: str | None = None,
               limits: ReadLimits | None = None) -> Text:
    """The normalized text of file content ``data``.

    The format comes from ``name``'s extension (``.txt``, ``.docx``, ``.html``,
    ``.pdf``...), else from the bytes (``%PDF``, a Word zip, ``<html``), else
    plain text. ``encoding`` forces the decoding of plain text. Unreadable
    content, or content over ``limits`` (by default the
    :class:`~luocdo.loaders.limits.ReadLimits` of the environment), raises
    :class:`~luocdo.errors.InputError`.
    """
    limits = limits or ReadLimits.from_environment()
    if len(data) > limits.max_bytes:
        raise InputError(f"file of {len(data)} bytes is larger than the limit of "
                         f"{limits.max_bytes} bytes; not read ({how_to_raise('max_bytes')})",
                         source=name)
    fmt = format_of(name, data)
    if fmt in _TEXT_FORMATS and len(data) > _text_byte_limit(limits):
        raise InputError(f"{fmt} file of {len(data)} bytes holds more than the limit of "
                         f"{limits.max_chars} characters; not read ({how_to_raise('max_chars')})",
                         source=name)
    if fmt == "docx":
        raw, warnings = docx_text(data, name, limits)
    elif fmt == "html":
        raw, warnings = html_text(data, name, limits)
    elif fmt == "pdf":
        raw, warnings = pdf_text(data, name, limits)
    else:
        raw, warnings = decode_text(data, name, encoding)
    _check_text(raw, name, limits)
    text = normalize(raw)
    _check_lines(text, name, limits)
    return Text(text=text, source=name, format=fmt, warnings=tuple(warnings))


def _check_text(text: str, source: str, limits: ReadLimits) -> None:
    """Refuse text longer than ``limits.max_chars``."""
    if len(text) > limits.max_chars:
        raise InputError(f"text of {len(text)} characters is longer than the limit of "
                         f"{limits.max_chars}; not read ({how_to_raise('max_chars')})",
                         source=source)


def _check_lines(text: str, source: str, limits: ReadLimits) -> None:
    """Refuse text with a line longer than ``limits.max_line_chars``, naming the line.

    Later stages match patterns line by line; a line far longer than any
    paragraph or table row of the genre is not a document.
    """
    limit = limits.max_line_chars
    if len(text) <= limit:
        return
    start = 0
    number = 1
    while start <= len(text):
        end = text.find("\n", start)
        if end < 0:
            end = len(text)
        if end - start > limit:
            raise InputError(f"line of {end - start} characters is longer than the limit of "
                             f"{limit}; not read ({how_to_raise('max_line_chars')})",
                             source=source, where=f"line {number}")
        start = end + 1
        number += 1


def read(path: str | Path, *, encoding: str | None = None,
         limits: ReadLimits | None = None) -> Text:
    """The normalized text of the file at ``path`` (see :func:`read_bytes`).

    Only a regular file is read (a link is followed); a named pipe, a device or
    a socket is refused without waiting on it. The bytes are counted as they
    are read, so a file that says it is small cannot grow past the limit.
    """
    limits = limits or ReadLimits.from_environment()
    source = str(path)
    limit, name = limits.max_bytes, "max_bytes"
    if format_by_name(source) in _TEXT_FORMATS and _text_byte_limit(limits) < limit:
        # Stop reading where the text limit is passed for sure.
        limit, name = _text_byte_limit(limits), "max_chars"
    data = _file_bytes(source, limit, name)
    return read_bytes(data, source, encoding=encoding, limits=limits)


def _text_byte_limit(limits: ReadLimits) -> int:
    """The most bytes a text or HTML file within ``limits.max_chars`` can have.

    No encoding read here spends more than 4 bytes on a character.
    """
    return 4 * limits.max_chars


def _file_bytes(source: str, limit: int, name: str) -> bytes:
    """The bytes of the regular file ``source``, at most ``limit`` (set by the limit ``name``)."""
    try:
        _check_regular(os.stat(source).st_mode, source)
        # O_NONBLOCK: should the path become a FIFO between stat and open, the
        # open returns at once instead of waiting for a writer (the fstat below
        # then refuses it).
        fd = os.open(source, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
                     | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        if os.path.islink(source):
            raise InputError("a link to a file that does not exist "
                             f"({os.readlink(source)})", source=source) from None
        raise InputError("no such file", source=source) from None
    except PermissionError:
        raise InputError("permission denied", source=source) from None
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror or exc})", source=source) from None
    try:
        info = os.fstat(fd)
        _check_regular(info.st_mode, source)
        if info.st_size > limit:
            _too_large(info.st_size, limit, name, source)
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # the size stat gave was not the size (/proc, a growing file)
                _too_large(total, limit, name, source, more=True)
        return b"".join(chunks)
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror or exc})", source=source) from None
    finally:
        os.close(fd)


def _check_regular(mode: int, source: str) -> None:
    """Refuse anything but a regular file, saying what it is."""
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise InputError("is a folder, expected a file", source=source)
    kind = next((name for test, name in _KINDS if test(mode)), "not a file")
    raise InputError(f"not a regular file ({kind}); only regular files are read",
                     source=source)


def _too_large(size: int, limit: int, name: str, source: str, *, more: bool = False) -> None:
    """Raise the error of a file over the size limit ``limit`` (set by the limit ``name``)."""
    size_text = f"more than {limit}" if more else str(size)
    why = "" if name == "max_bytes" else " (4 bytes for each character of the text limit)"
    raise InputError(f"file of {size_text} bytes is larger than the limit of {limit} bytes"
                     f"{why}; not read ({how_to_raise(name)})", source=source)
