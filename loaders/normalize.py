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

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

from luocdo.loaders.vietnamese import nfc

# Line breaks other than \n, mapped to \n.  \f is handled as a page break.
_LINE_BREAKS = re.compile(r"\r\n|[\r\v\x85\u2028\u2029]")
# Every "space separator" (Zs) other than the plain space: U+00A0, U+1680,
# U+2000-U+200A, U+202F, U+205F, U+3000.
_SPACES = re.compile(
    "[" + "".join(ch for ch in map(chr, range(0x80, 0x3001)) if unicodedata.category(ch) == "Zs")
    + "]"
)
_TRAILING_BLANKS = re.compile(r"[ \t]+$", re.MULTILINE)


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
    text = _LINE_BREAKS.sub("\n", text)
    text = _INVISIBLE.sub("", text)
    text = nfc(text)
    text = _SPACES.sub(" ", text)
    return _TRAILING_BLANKS.sub("", text)


# ---------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------

# A line that is only a page number: "3", "- 3 -", "– 3 –", "Trang 3", "Trang 3/10",
# "Trang 3 / 10", "3/10", "Page 3 of 10".
_PAGE_NUMBER = re.compile(
    r"""^(?:
        [-–—]?\s*\d{1,3}\s*[-–—]?                          # 3   - 3 -
      | (?:trang|page)\s*\d{1,4}(?:\s*(?:/|trên|of)\s*\d{1,4})?  # Trang 3/10
      | \d{1,3}\s*/\s*\d{1,3}                              # 3/10
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
# How many non-blank lines at each end of a page are looked at.
_PAGE_NUMBER_ZONE = 2
_RUNNING_ZONE = 3
_DIGITS = re.compile(r"\d+")
_BLANKS = re.compile(r"\s+")


def split_pages(text: str) -> list[str]:
    """The pages of ``text``, split at form feeds (one page when there is none)."""
    return _LINE_BREAKS.sub("\n", text).split("\f")


def is_page_number(line: str) -> bool:
    """Whether ``line`` is only a page number (``3``, ``- 3 -``, ``Trang 3/10``).

    >>> [is_page_number(s) for s in ("  12 ", "- 3 -", "Trang 3/10", "Điều 3", "3.")]
    [True, True, True, False, False]
    """
    return bool(_PAGE_NUMBER.match(line.strip()))


def _furniture_key(line: str) -> str:
    """A comparison key for running headers: digits masked, blanks collapsed, NFC."""
    return _DIGITS.sub("#", _BLANKS.sub(" ", nfc(line)).strip()).casefold()


def _edge_indexes(lines: Sequence[str], zone: int) -> tuple[list[int], list[int]]:
    """Indexes of the first and of the last ``zone`` non-blank lines of a page."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return filled[:zone], filled[-zone:] if zone else []


def drop_page_furniture(pages: Sequence[str]) -> list[str]:
    """``pages`` without page numbers and running headers/footers.

    A page number is dropped when it is one of the first or last two non-blank
    lines of a page. A running header/footer is a line among the first or last
    three non-blank lines of a page whose text (digits masked) occurs there on at
    least two pages and on more than half of them. Blank lines that only
    separated a dropped line from the text are dropped with it.
    """
    split = [page.split("\n") for page in pages]
    running: set[str] = set()
    if len(split) >= 2:
        counts: Counter[str] = Counter()
        for lines in split:
            top, bottom = _edge_indexes(lines, _RUNNING_ZONE)
            counts.update({_furniture_key(lines[i]) for i in top + bottom})
        threshold = max(2, len(split) // 2 + 1)
        running = {key for key, n in counts.items() if n >= threshold and key}
    out: list[str] = []
    for lines in split:
        drop: set[int] = set()
        top, bottom = _edge_indexes(lines, _PAGE_NUMBER_ZONE)
        drop.update(i for i in top + bottom if is_page_number(lines[i]))
        if running:
            top, bottom = _edge_indexes(lines, _RUNNING_ZONE)
            drop.update(i for i in top + bottom if _furniture_key(lines[i]) in running)
        out.append("\n".join(_without(lines, drop)))
    return out


def _without(lines: list[str], drop: set[int]) -> list[str]:
    """``lines`` minus ``drop`` and the blank lines that separated a dropped edge line."""
    if not drop:
        return lines
    kept = [line for i, line in enumerate(lines) if i not in drop]
    first_dropped, last_dropped = min(drop), max(drop)
    filled = [i for i, line in enumerate(lines) if line.strip()]
    # Blank lines between the top furniture and the first kept text line go too.
    head = 0
    if filled and first_dropped == filled[0]:
        while head < len(kept) and not kept[head].strip():
            head += 1
    tail = len(kept)
    if filled and last_dropped == filled[-1]:
        while tail > head and not kept[tail - 1].strip():
            tail -= 1
    return kept[head:tail]


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
