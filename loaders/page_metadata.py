"""A legal portal's related-documents list, kept apart from the document's own text.

Portals append (or prepend) to a document a numbered list of "related documents",
one title per line in the portal's own style: the type word, the symbol without
``số``, then ``năm YYYY`` and the subject, sometimes ``do X ban hành``::

    - 2 Kế hoạch 431/KH-UBND năm 2021 thực hiện Chương trình ... do tỉnh Tây Ninh ban hành
    1 Luật ngân sách nhà nước 2015

Such a list sits at the very start (before the header) or at the very end (after
the signature). Its entries are page metadata, not references of the document.
"""

from __future__ import annotations

import re

from luocdo.loaders import patterns, symbols
from luocdo.loaders.vietnamese import fold
from luocdo.model import PageRelated

# "- 1 Kế hoạch ..." / "1 Kế hoạch ..." / "1. Kế hoạch ..."
_ENTRY = re.compile(r"^[ \t]*(?:[-–•*][ \t]*)?(?P<n>\d{1,3})\.?[ \t]+(?P<title>\S[^\n]*?)[ \t]*$")
# The portal's year: "431/KH-UBND năm 2021", or a bare year closing a title without number.
_PORTAL_YEAR = re.compile(r"\bn[ăa]m\s+(?:19|20)\d{2}\b", re.IGNORECASE)
_TRAILING_YEAR = re.compile(r"\b(?:19|20)\d{2}$")
_ISSUED_BY = re.compile(r"\bdo\s.+\sban\s+h[àa]nh$", re.IGNORECASE)
# Filler lines a converted page leaves around the list (empty table cells).
_FILLER = re.compile(r"^[\s|]*$")


def _type_names() -> tuple[str, ...]:
    names = set(patterns.doctype_by_name())
    return tuple(sorted(names, key=len, reverse=True))


def _entry(line: str) -> tuple[int, str, int] | None:
    """(list number, title, title offset in the line) when ``line`` is a portal entry."""
    if "|" in line:
        return None
    m = _ENTRY.match(line)
    if m is None:
        return None
    title = m.group("title")
    folded = fold(title)
    if not any(folded.startswith(name + " ") for name in _type_names()):
        return None
    sym = symbols.SYMBOL_RE.search(title)
    if sym is not None:
        # Portal style: the symbol right after the type word (no "số") and then "năm YYYY".
        before = fold(title[: sym.start()])
        if before.endswith(" so") or before.endswith(" so:"):
            return None
        dated = sym.group("year") is not None or _PORTAL_YEAR.match(title, sym.end() + 1)
        if not dated and not _ISSUED_BY.search(title):
            return None
    elif not (_TRAILING_YEAR.search(title) or _ISSUED_BY.search(title)):
        return None
    return int(m.group("n")), title, m.start("title")


def _lines(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _block(text: str, lines: list[tuple[int, int]]) -> tuple[list[tuple[str, int, int]], int]:
    """Entries of a run of lines numbered 1, 2, 3... in order, and how many lines the run takes."""
    entries: list[tuple[str, int, int]] = []
    used = 0
    for i, (start, end) in enumerate(lines):
        line = text[start:end]
        if _FILLER.match(line):
            continue
        parsed = _entry(line)
        if parsed is None or parsed[0] != len(entries) + 1:
            break
        _number, title, offset = parsed
        entries.append((title, start + offset, start + offset + len(title)))
        used = i + 1
    return entries, used


def page_related(text: str) -> tuple[tuple[PageRelated, ...], list[tuple[int, int]]]:
    """Entries of a portal's related-documents list at the start or end of ``text``.

    Returns the entries (with their symbol when there is one) and the character
    ranges of their lines, which the document's own references must skip.
    """
    lines = _lines(text)
    head, used = _block(text, lines)
    # The trailing list: the last run of entry (or filler) lines, read forwards.
    tail_start = len(lines)
    while tail_start > used:
        start, end = lines[tail_start - 1]
        line = text[start:end]
        if not (_FILLER.match(line) or _entry(line) is not None):
            break
        tail_start -= 1
    tail, _ = _block(text, lines[tail_start:])
    found: list[PageRelated] = []
    ranges: list[tuple[int, int]] = []
    for title, start, end in [*head, *tail]:
        sym = symbols.SYMBOL_RE.search(title)
        found.append(PageRelated(text=title, start=start, end=end,
                                 symbol=symbols.from_match(sym).canonical if sym else None))
        line_start = text.rfind("\n", 0, start) + 1
        ranges.append((line_start, end))
    return tuple(found), ranges
