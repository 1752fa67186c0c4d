"""Character-level normalization of read text, and the removal of page furniture.

Everything later stages point at (offsets, quoted spans) is the text these
functions return, so they change only what the read stage promises to change:

- line endings: ``\\r\\n`` and ``\\r`` become ``\\n``; vertical tab, NEL and the
  Unicode line/paragraph separators become ``\\n`` too;
- characters: NFC with the ``Ð`` (U+00D0) -> ``Đ`` repair, Unicode spaces
  (no-break, en/em, ideographic...) become a plain space, invisible format
  characters (zero-width spaces and joiners, soft hyphen, BOM, bidi marks) and
  control characters other than ``\\n`` and ``\\t`` are removed, trailing blanks of
  every line are trimmed;
- pages (text with form feeds, as pdftotext writes it, or a PDF read page by
  page): page numbers (``3``, ``- 3 -``, ``Trang 3/10``) and running headers or
  footers (a line repeated at the top or bottom of most pages) are dropped, and
  the pages are joined by a line break.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

from luocdo.loaders import patterns
from luocdo.loaders.vietnamese import nfc

# Line breaks other than \n, mapped to \n.  \f is handled as a page break.
_LINE_BREAKS = re.compile(r"\r\n|[\r\v\x85\u2028\u2029]")
_OTHER_BREAKS = "\r\v\x85\u2028\u2029"  # what _LINE_BREAKS can match first
# Every "space separator" (Zs) other than the plain space: U+00A0, U+1680,
# U+2000-U+200A, U+202F, U+205F, U+3000.
_SPACES = re.compile(
    "[" + "".join(ch for ch in map(chr, range(0x80, 0x3001)) if unicodedata.category(ch) == "Zs")
    + "]"
)


def _invisible_class() -> str:
    """A regex character class of the Cc, Cf and Cs characters, minus \\n and \\t."""
    codes = [
        cp
        for cp in range(0x10000)
        if unicodedata.category(chr(cp)) in ("Cc", "Cf", "Cs") and chr(cp) not in "\n\t"
    ]
    ranges: list[str] = []
    start = prev = codes[0]
    for cp in [*codes[1:], -1]:
        if cp != prev + 1:
            ranges.append(re.escape(chr(start)) if start == prev
                          else f"{re.escape(chr(start))}-{re.escape(chr(prev))}")
            start = cp
        prev = cp
    # Format characters outside the BMP (Unicode 15): Kaithi, Egyptian, shorthand,
    # musical symbols and tags.
    ranges.append("\U000110BD\U000110CD\U00013430-\U0001343F\U0001BCA0-\U0001BCA3"
                  "\U0001D173-\U0001D17A\U000E0001\U000E0020-\U000E007F")
    return "[" + "".join(ranges) + "]"


# Format (Cf: zero-width, soft hyphen, BOM, bidi marks), control (Cc, except \n
# and \t) and lone surrogate (Cs) characters: removed.
_INVISIBLE = re.compile(_invisible_class())


def normalize_characters(text: str) -> str:
    """``text`` with line endings, spaces, invisible characters and NFC normalized.

    Form feeds are removed like other control characters; use :func:`split_pages`
    and :func:`drop_page_furniture` first where they mark pages.

    >>> normalize_characters("H\\u00d0ND\\u00a0tỉnh\\u200b \\r\\n")
    'HĐND tỉnh\\n'
    """
    # Most texts have neither (the tests below take a tenth of the time of the regexes):
    text = _line_feeds(text)
    # str.isprintable() is false for every Cc, Cf and Cs character (and more)
    if not text.replace("\n", "").replace("\t", "").isprintable():
        text = _INVISIBLE.sub("", text)
    text = nfc(text)
    text = _SPACES.sub(" ", text)
    # Line by line, not with a regex such as r"[ \t]+$": that one tries every
    # start in a run of blanks, quadratic on a long run not at a line's end.
    return "\n".join(line.rstrip(" \t") for line in text.split("\n"))


# ---------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------

# How many page numbers may be peeled off each end of a page ("3" and "Trang 3/10").
_MAX_PEEL = 2
# A running header/footer is short.
_MAX_RUNNING_LENGTH = 160
_DIGITS = re.compile(r"\d+")
_BLANKS = re.compile(r"\s+")


def split_pages(text: str) -> list[str]:
    """The pages of ``text``, split at form feeds (one page when there is none)."""
    return _line_feeds(text).split("\f")


def _line_feeds(text: str) -> str:
    """``text`` with every line break a ``\\n``."""
    if any(ch in text for ch in _OTHER_BREAKS):
        return _LINE_BREAKS.sub("\n", text)
    return text


@functools.cache
def _page_number() -> re.Pattern[str]:
    """Lines that are only a page number (``loaders/patterns/page_layout.json``)."""
    alternatives = patterns.load("page_layout")["page_number"]["patterns"]
    return re.compile("^(?:" + "|".join(alternatives) + ")$", re.IGNORECASE)


def is_page_number(line: str) -> bool:
    """Whether ``line`` is only a page number (``3``, ``- 3 -``, ``Trang 3/10``).

    >>> [is_page_number(s) for s in ("  12 ", "- 3 -", "Trang 3/10", "Điều 3", "3.")]
    [True, True, True, False, False]
    """
    return bool(_page_number().match(line.strip()))


def _furniture_key(line: str) -> str:
    """A comparison key for running headers: digits masked, blanks collapsed, NFC."""
    return _DIGITS.sub("#", _BLANKS.sub(" ", nfc(line)).strip()).casefold()


class _Page:
    """A page's lines and the span of them still taken as text."""

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        filled = [i for i, line in enumerate(self.lines) if line.strip()]
        self.first = filled[0] if filled else len(self.lines)
        self.last = filled[-1] if filled else -1

    def edge(self, top: bool) -> str | None:
        """The first (``top``) or last non-blank line still kept, if any."""
        if self.first > self.last:
            return None
        return self.lines[self.first if top else self.last]

    def drop_edge(self, top: bool) -> None:
        """Drop the first/last kept line and the blank lines that separated it."""
        if top:
            self.first += 1
            while self.first <= self.last and not self.lines[self.first].strip():
                self.first += 1
        else:
            self.last -= 1
            while self.last >= self.first and not self.lines[self.last].strip():
                self.last -= 1

    def text(self, original: str) -> str:
        """The page with dropped edges removed (``original`` when nothing was)."""
        filled = [i for i, line in enumerate(self.lines) if line.strip()]
        if not filled or (filled[0] == self.first and filled[-1] == self.last):
            return original
        if self.first > self.last:
            return ""
        head = self.lines[: filled[0]] if filled[0] == self.first else []
        tail = self.lines[filled[-1] + 1 :] if filled[-1] == self.last else []
        return "\n".join(head + self.lines[self.first : self.last + 1] + tail)


def _peel_page_numbers(page: _Page) -> None:
    """Drop page numbers from both ends of ``page``."""
    for top in (True, False):
        for _ in range(_MAX_PEEL):
            line = page.edge(top)
            if line is None or not is_page_number(line):
                break
            page.drop_edge(top)


def drop_page_furniture(pages: Sequence[str]) -> list[str]:
    """``pages`` without page numbers and running headers/footers.

    Page numbers are dropped from the ends of every page. A running header
    (footer) is the first (last) remaining line of a page when the same text,
    digits masked, is the first (last) line of at least two pages and of more
    than half of them. Blank lines that only separated a dropped line from the
    text are dropped with it.
    """
    state = [_Page(page) for page in pages]
    for page in state:
        _peel_page_numbers(page)
    if len(state) >= 2:
        threshold = max(2, len(state) // 2 + 1)
        for top in (True, False):
            keys = [_running_key(page.edge(top)) for page in state]
            counts = Counter(key for key in keys if key)
            for page, key in zip(state, keys, strict=True):
                if key and counts[key] >= threshold:
                    page.drop_edge(top)
        for page in state:
            _peel_page_numbers(page)
    return [page.text(original) for page, original in zip(state, pages, strict=True)]


def _running_key(line: str | None) -> str:
    """The comparison key of a possible running header line ("" when it cannot be one)."""
    if line is None or len(line.strip()) > _MAX_RUNNING_LENGTH:
        return ""
    return _furniture_key(line)


def join_pages(pages: Sequence[str]) -> str:
    """One text from ``pages``: each page starts on a new line; blank pages are left out."""
    parts: list[str] = []
    for page in pages:
        if not page.strip():
            continue
        if parts and not parts[-1].endswith("\n"):
            parts[-1] += "\n"
        parts.append(page)
    return "".join(parts)
