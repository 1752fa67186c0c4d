"""The structure of a document: parts, items, points, bullets, appendices, and for
normative texts chapters, sections, articles, clauses and points.

How the genre marks its units (DOMAIN.md, "Layout of a document"; Nghị định
30/2020/NĐ-CP, Phụ lục I; Luật Ban hành văn bản quy phạm pháp luật):

============  ==========================================  ==============
unit          printed                                     kind
============  ==========================================  ==============
appendix      ``PHỤ LỤC``, ``PHỤ LỤC II``, ``Phụ lục 1:``  appendix
form          ``Mẫu số 01``, ``Biểu số 01``, ``Biểu mẫu   appendix
              1`` (inside an appendix; its rows number
              afresh: ``1.``, ``2.1.``)
attachment    ``QUY CHẾ`` issued with a decision, after   appendix
              the decision's signature block
part          ``Phần I``, ``A.``, ``I.``, ``II-``         part
chapter       ``Chương I``                                chapter
section       ``Mục 1``                                   section
article       ``Điều 5.``                                 article
item/clause   ``1.``, ``1.1``, ``1.1.``, ``4.1.1``        item (clause in an article)
point         ``a)``, ``đ)``, ``đ1)``                     point
bullet        ``-``, ``+``, ``•``                         bullet
============  ==========================================  ==============

Lines of tables (`` | ``) are not structure; nor are the recipients-and-signature
blocks, nor text inside quotation marks (an amending law quotes the new
wording of another law's clauses: “23. …”; those are skipped, best effort).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from luocdo.loaders import header
from luocdo.loaders.header import Line, iter_lines, type_name_of
from luocdo.loaders.vietnamese import squash
from luocdo.model import Section

# Nesting levels: a new unit closes every open unit of the same or a deeper level.
_LEVEL = {
    "appendix": 0.0,
    "form": 0.5,
    "phan": 0.8,  # "Phần I", "PHẦN THỨ NHẤT"
    "letter": 0.9,  # "A.", "B."
    "chapter": 1.0,
    "roman": 1.5,  # "I.", "II-"
    "section": 2.0,
    "article": 3.0,
    "item": 4.0,  # + 1 per dot: "1." 4, "1.1" 5, "4.1.1" 6
    "paren": 9.0,  # "(1).", "(2)" under an item
    "point": 10.0,
    "bullet": 20.0,  # "-" 20, "+" 22; deeper by indentation in Markdown-like sources
}
# A quotation opened at the start of a line and not closed within this many lines
# is taken as a missing closing mark (and only its first line is skipped).
_MAX_QUOTE_LINES = 150

_ROMAN = re.compile(r"^(?=[IVXL])(XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_APPENDIX = re.compile(
    r"(?P<word>PHỤ\s+LỤC|Phụ\s+lục)(?!\w)"
    r"(?:\s+(?:số\s+|SỐ\s+)?(?P<num>[IVXL]+|\d{1,2}(?:\.\d{1,2})?|[A-H])(?!\w))?"
    r"\s*(?P<sep>[.:\-–]?)\s*(?P<rest>.*)$")
# "Mẫu số 01", "Biểu số 01", "Biểu mẫu số 02", "Biểu mẫu 1": a report appendix holds
# several forms, each numbering its rows afresh (1., 2.1., 3.3.1.).
_FORM = re.compile(
    r"(?P<word>Biểu\s+mẫu|BIỂU\s+MẪU|Biểu|BIỂU|Mẫu|MẪU)\s+"
    r"(?:(?P<so>số|SỐ)\s+(?P<num>[\w.]+)|(?P<bare>\d{1,3}[a-z]?(?:\.\d{1,2})?)(?!\w))"
    r"\s*(?P<sep>[.:\-–]?)\s*(?P<rest>.*)$")
_PHAN = re.compile(
    r"(?P<word>PHẦN|Phần)\s+(?P<num>[IVXL]+|\d{1,2}|(?:THỨ|thứ)\s+\w+)(?!\w)\s*(?P<sep>[.:\-–]?)"
    r"\s*(?P<rest>.*)$")
_CHAPTER = re.compile(
    r"(?P<word>CHƯƠNG|Chương)\s+(?P<num>[IVXL]+|\d{1,2})(?!\w)\s*(?P<sep>[.:\-–]?)\s*(?P<rest>.*)$")
_SECTION = re.compile(
    r"(?P<word>MỤC|Mục)\s+(?P<num>\d{1,2}|[IVXL]+)(?!\w)\s*(?P<sep>[.:\-–]?)\s*(?P<rest>.*)$")
_ARTICLE = re.compile(r"(?P<word>Điều|ĐIỀU)\s+(?P<num>\d{1,3}[a-zđ]?)\s*[.:]\s*(?P<rest>.*)$")
_ROMAN_ITEM = re.compile(
    r"(?P<roman>[IVXL]{1,7})\.(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(?P<rest>\S.*)$")
_ROMAN_PART = re.compile(r"(?P<num>[IVXL]{1,7})\s*(?:\.\s*-|[.\-–)/])\s*(?P<rest>\S.*)$")
_LETTER_PART = re.compile(r"(?P<num>[A-H])\s*[.\-–)]\s+(?P<rest>\S.*)$")
_ITEM = re.compile(
    r"(?P<num>\d{1,3}(?:\.\d{1,2}){0,4})(?P<dot>\.?)(?:\s+|(?=[^\W\d_]))(?P<rest>\S.*)$")
_PAREN_ITEM = re.compile(r"\((?P<num>\d{1,2})\)\s*[.:]?\s*(?P<rest>\S.*)$")
_POINT = re.compile(r"(?P<num>[a-zđ]\d?)\s*\)\s*(?P<rest>\S.*)$")
_BULLET = re.compile(r"(?P<marker>[-+•–])\s*(?P<rest>[^\W\d_\-–].*|[“\"(].*)$")
# Lines that may open a unit (a cheap test before the heading patterns).
_MAY_OPEN = re.compile(
    r"[\dIVXLA-H(\-+•–]|[a-zđ]\d?\s*\)|(?:PHỤ|Phụ|PHẦN|Phần|CHƯƠNG|Chương|MỤC|Mục|MẪU|Mẫu|BIỂU|Biểu"
    r"|ĐIỀU|Điều)(?!\w)")
_MD_BULLET = re.compile(r"[-+•]\s{2,}\S")


@dataclass
class _Open:
    """A unit being built (its end is not known yet)."""

    kind: str
    label: str
    title: str
    start: int
    level: float
    parent: int | None
    path: str
    segment: str
    number: str = ""  # the numbering of items ("4.1"), for prefix checks
    children_bullets: dict[str, int] = field(default_factory=dict)
    children_segments: dict[str, int] = field(default_factory=dict)


def _starts_lower(text: str) -> bool:
    return bool(text) and text[0].isalpha() and text[0].islower()


def _next_title(text: str, pos: int) -> str:
    """The title printed on the lines after a heading (``Chương I`` / ``QUY ĐỊNH CHUNG``):
    the next upper-case lines (up to three; a title may wrap), or one line in brackets."""
    parts: list[str] = []
    for line in iter_lines(text, pos, min(len(text), pos + 3000)):
        if line.blank:
            if parts:
                break
            continue
        t = squash(line.text)
        if "|" in line.text or _HEADINGS_QUICK.match(t) or header.motto_re().match(t) \
                or header.SEPARATOR.fullmatch(t):
            break
        if header.is_upper(t):
            parts.append(t)
            if len(parts) == 3:
                break
            continue
        if not parts and t.startswith(("(", "[")):
            parts.append(t)
        break
    return " ".join(parts)


def _form_name(text: str, pos: int) -> str:
    """The name of a form printed in sentence case on the line after its number
    (``Biểu mẫu 1`` / ``Cải cách thể chế``), or "" when that line is no name (a
    motto, a heading, a table row, a blank to fill in: ``……… (1) ………``)."""
    for line in iter_lines(text, pos, min(len(text), pos + 2000)):
        if line.blank:
            continue
        t = squash(line.text)
        if "|" in line.text or len(t) > 120 or not t[0].isupper() or "…" in t or "..." in t \
                or _HEADINGS_QUICK.match(t) or header.motto_re().match(t):
            return ""
        return t
    return ""


_HEADINGS_QUICK = re.compile(
    r"(?:Điều|ĐIỀU|Mục|MỤC)\s+\d|(?:Chương|CHƯƠNG|PHẦN|Phần)\s+[IVXL\d]+(?!\w)|\d{1,3}\.\s"
    r"|[IVXL]+\.\s|(?:PHỤ\s+LỤC|Mẫu\s+số|Biểu\s+(?:mẫu\s+)?(?:số\s+)?\d)\b")


@dataclass(frozen=True)
class _Heading:
    kind: str  # Section.kind
    rank: str  # key of _LEVEL
    label: str
    segment: str  # how the unit appears in a path
    title: str
    number: str = ""
    sub: float = 0.0  # added to the level (item depth, bullet depth)


def _heading(line_text: str, *, in_appendix: bool, last_letter: str | None,
             markdown: bool, indent: int) -> _Heading | None:
    """The structural unit a line opens, or None."""
    t = line_text.strip()
    if not t:
        return None
    m = _APPENDIX.match(t)
    if m is not None:
        rest, num = m.group("rest"), m.group("num")
        # "Phụ lục kèm theo Kế hoạch này" opens a sentence, not an appendix
        if m.group("word").isupper() or not rest or m.group("sep") or (
                num and not _starts_lower(rest)):
            label = "PHỤ LỤC" + (f" {num}" if num else "")
            return _Heading("appendix", "appendix", label, label, squash(rest))
    if in_appendix:
        m = _FORM.match(t)
        if m is not None and (not m.group("rest") or m.group("sep")
                              or not _starts_lower(m.group("rest"))) and len(t) < 120:
            word = squash(m.group("word")).capitalize()
            num = m.group("num").rstrip(".") if m.group("so") else m.group("bare")
            label = f"{word} số {num}" if m.group("so") else f"{word} {num}"
            return _Heading("appendix", "form", label, label, squash(m.group("rest")))
    m = _PHAN.match(t)
    if m is not None and not _starts_lower(m.group("rest")):
        num = squash(m.group("num"))
        label = f"Phần {num}" if not num.lower().startswith("thứ") else f"Phần {num.lower()}"
        return _Heading("part", "phan", label, label, squash(m.group("rest")))
    m = _CHAPTER.match(t)
    if m is not None and not _starts_lower(m.group("rest")):
        label = f"Chương {m.group('num')}"
        return _Heading("chapter", "chapter", label, label, squash(m.group("rest")))
    m = _SECTION.match(t)
    if m is not None and not _starts_lower(m.group("rest")):
        label = f"Mục {m.group('num')}"
        return _Heading("section", "section", label, label, squash(m.group("rest")))
    m = _ARTICLE.match(t)
    if m is not None:
        label = f"Điều {m.group('num')}"
        return _Heading("article", "article", label, label, squash(m.group("rest")))
    m = _ROMAN_ITEM.match(t)
    if m is not None and _ROMAN.match(m.group("roman")):
        # "II.1. Mục tiêu chung": item 1 of part II
        num = f"{m.group('roman')}.{m.group('num')}"
        return _Heading("item", "item", num, num, squash(m.group("rest")), number=num,
                        sub=float(m.group("num").count(".")))
    m = _ROMAN_PART.match(t)
    if m is not None and _ROMAN.match(m.group("num")) and not _starts_lower(m.group("rest")):
        num = m.group("num")
        return _Heading("part", "roman", num, num, squash(m.group("rest")))
    m = _LETTER_PART.match(t)
    if m is not None and header.is_upper(m.group("rest")) and (
            m.group("num") == "A" or last_letter is not None):
        num = m.group("num")
        return _Heading("part", "letter", num, num, squash(m.group("rest")))
    m = _ITEM.match(t)
    if m is not None:
        num = m.group("num")
        dotted = "." in num
        if (dotted or m.group("dot")) and not m.group("rest")[0].isdigit():
            return _Heading("item", "item", num, num, squash(m.group("rest")), number=num,
                            sub=float(num.count(".")))
    m = _POINT.match(t)
    if m is not None:
        num = m.group("num")
        return _Heading("point", "point", num, num, squash(m.group("rest")))
    m = _PAREN_ITEM.match(t)
    if m is not None and not m.group("rest")[0].isdigit():
        label = f"({m.group('num')})"
        return _Heading("item", "paren", label, label, squash(m.group("rest")))
    m = _BULLET.match(t)
    if m is not None:
        rest = m.group("rest")
        # a Markdown-like list item wrapping a point: "-   a) Tại Trung ương:"
        p = _POINT.match(rest)
        if p is not None:
            return _Heading("point", "point", p.group("num"), p.group("num"),
                            squash(p.group("rest")))
        marker = m.group("marker")
        depth = (indent // 4) if markdown else 0
        sub = float(depth) + (2.0 if marker == "+" else 0.0)
        return _Heading("bullet", "bullet", marker, marker, squash(rest), sub=sub)
    return None


def _attachment(text: str, pos: int) -> tuple[int, _Heading] | None:
    """A document issued with the one before it ("QUY CHẾ", "CHƯƠNG TRÌNH HÀNH ĐỘNG …"),
    printed after the first one's signature block, possibly under its own header."""
    seen = 0
    first: int | None = None
    for line in iter_lines(text, pos, min(len(text), pos + 4000)):
        if line.blank:
            continue
        seen += 1
        if seen > 8:
            return None
        cell = line.cells[0]
        t = squash(cell.text)
        if _APPENDIX.match(t):
            return None
        if first is None:
            first = cell.start
        words = t.split()
        for n in range(min(len(words), 5), 0, -1):
            head = " ".join(words[:n])
            if head.upper() != head:
                continue
            found = type_name_of(head)
            if found is not None and len(line.cells) == 1:
                label = found[1].upper()
                rest = " ".join(words[n:])
                title = squash(t)
                if not rest:
                    nxt = _next_title(text, line.end)
                    title = squash(f"{t} {nxt}") if nxt else title
                    if not nxt:
                        title = squash(f"{t} {_plain_next(text, line.end)}")
                return first, _Heading("appendix", "appendix", label, label, title)
        if not header.header_like(line) and not _DATE_OR_SYMBOL.match(t):
            return None
    return None


_DATE_OR_SYMBOL = re.compile(r"(?:Số|SỐ)\b|[^\W\d_][^,]{0,30},\s*ngày\b")


def _plain_next(text: str, pos: int) -> str:
    for line in iter_lines(text, pos, min(len(text), pos + 2000)):
        if not line.blank:
            return squash(line.text) if "|" not in line.text else ""
    return ""


def _next_at_or_below(values: list[int]) -> list[int]:
    """For each k, the first index m > k with values[m] <= values[k] (len(values) if none)."""
    out = [len(values)] * len(values)
    stack: list[int] = []
    for m, v in enumerate(values):
        while stack and values[stack[-1]] >= v:
            out[stack.pop()] = m
        stack.append(m)
    return out


def _quoted_lines(lines: Sequence[Line]) -> set[int]:
    """Indexes of lines inside a quotation that opens at the start of a line.

    An amending text quotes the new wording of clauses, points or whole articles
    (“23. Khai thác khoáng sản là …”, “Điều 34. …” over several lines); their
    numbers belong to the amended text, not to this one. A quotation opened in the
    middle of a sentence is left alone: one left unclosed by a typo would hide the
    rest of the document. So is one not closed within ``_MAX_QUOTE_LINES`` lines
    (only its first line is skipped).
    """
    n = len(lines)
    # depth[k]: quotation marks “ minus ” before line k; straight[k]: '"' before line k
    depth = [0] * (n + 1)
    straight = [0] * (n + 1)
    for k, line in enumerate(lines):
        t = line.text
        depth[k + 1] = depth[k] + t.count("“") - t.count("”")
        straight[k + 1] = straight[k] + t.count('"')
    closes_curly = _next_at_or_below(depth)  # line k opens; closes on line closes[k] - 1
    next_parity: list[list[int]] = [[n + 1, n + 1] for _ in range(n + 2)]
    for k in range(n, -1, -1):
        next_parity[k] = list(next_parity[k + 1])
        next_parity[k][straight[k] % 2] = k
    quoted: set[int] = set()
    i = 0
    while i < n:
        head = lines[i].text.lstrip()
        if head.startswith("“"):
            end = closes_curly[i]  # first prefix index after i back at the opening depth
        elif head.startswith('"'):
            end = next_parity[i + 1][straight[i] % 2]
        else:
            i += 1
            continue
        closed = end <= n and end - 1 < i + _MAX_QUOTE_LINES
        last = end - 1 if closed else i
        quoted.update(range(i, max(i, last) + 1))
        i = max(i, last) + 1
    return quoted


def parse_structure(text: str, *, body_start: int = 0) -> tuple[Section, ...]:
    """The structural units of ``text`` from ``body_start`` on, in reading order.

    Each unit covers its content: its ``end`` is the start of the next unit of
    the same or a higher level (or of the signature block, or the end of text).
    ``parent`` indexes the returned tuple; ``path`` names the unit ("III/4.1.1/a",
    "Chương II/Điều 5/1/a").
    """
    signature = header.signature_blocks(text, body_start)
    pending = list(signature)  # (start, end), in order
    out: list[Section | None] = []
    opened: list[_Open] = []  # every unit, by index; None in ``out`` until closed
    stack: list[int] = []
    markdown = "-   " in text and sum(  # most texts have no such bullet: no scan then
        1 for _ in re.finditer(r"(?m)^[ \t]*-   \S", text[body_start:])) >= 5
    last_letter: str | None = None
    skip_until = -1

    def close(idx: int, end: int) -> None:
        o = opened[idx]
        out[idx] = Section(o.kind, o.label, o.title, o.start, end, o.parent, o.path)

    def pop_to(level: float, end: int, number: str = "") -> None:
        while stack:
            top = opened[stack[-1]]
            if top.level >= level:
                close(stack.pop(), end)
                continue
            if number and "." in number and top.kind in ("item", "clause") and \
                    not number.startswith(top.number + "."):
                close(stack.pop(), end)
                continue
            break

    def push(h: _Heading, start: int) -> None:
        level = _LEVEL[h.rank] + h.sub
        pop_to(level, start, h.number if h.kind == "item" else "")
        parent = stack[-1] if stack else None
        kind = h.kind
        if kind == "item" and any(opened[i].kind == "article" for i in stack):
            kind = "clause"
        segment = h.segment
        if kind == "bullet":
            counter = opened[parent].children_bullets if parent is not None else root_bullets
            counter[h.label] = counter.get(h.label, 0) + 1
            segment = f"{h.label}{counter[h.label]}"
        # a document that numbers two siblings alike (a restart, a typo) still gets
        # distinct paths: the second "a" is "a#2"
        siblings = opened[parent].children_segments if parent is not None else root_segments
        seen = siblings.get(segment, 0) + 1
        siblings[segment] = seen
        if seen > 1:
            segment = f"{segment}#{seen}"
        if parent is None:
            path = segment
        else:
            p = opened[parent]
            if p.kind in ("item", "clause") and h.number.startswith(p.number + "."):
                path = p.path[: len(p.path) - len(p.segment)] + segment
            else:
                path = f"{p.path}/{segment}"
        # "2.1" under a restarted "2#2" takes the place of its parent's segment, which
        # drops the "#2": the second "2.1" of the parent's list is "2.1#2"
        if path in used_paths:
            k = 2
            while f"{path}#{k}" in used_paths:
                k += 1
            path, segment = f"{path}#{k}", f"{segment}#{k}"
        used_paths.add(path)
        opened.append(_Open(kind, h.label, h.title, start, level, parent, path, segment,
                            h.number))
        out.append(None)
        stack.append(len(opened) - 1)

    root_bullets: dict[str, int] = {}
    used_paths: set[str] = set()
    root_segments: dict[str, int] = {}
    lines = header.lines_from(text, body_start)
    quoted = _quoted_lines(lines)
    for n, line in enumerate(lines):
        if line.start < skip_until:
            continue
        while pending and pending[0][0] < line.start:
            pending.pop(0)
        if pending and pending[0][0] <= line.end:
            sig_at, sig_end = pending.pop(0)
            pop_to(_LEVEL["chapter"], sig_at)
            skip_until = sig_end
            att = _attachment(text, sig_end)
            if att is not None:
                at, h = att
                pop_to(_LEVEL["appendix"], at)
                push(h, at)
            continue
        if line.blank:
            continue
        raw = line.text
        stripped = raw.lstrip()
        if n in quoted or stripped.startswith("‘"):
            continue
        if "|" in raw or not _MAY_OPEN.match(stripped):
            continue
        in_appendix = any(opened[i].kind == "appendix" for i in stack)
        indent = len(raw) - len(stripped)
        found = _heading(stripped, in_appendix=in_appendix, last_letter=last_letter,
                         markdown=markdown, indent=indent)
        if found is None:
            continue
        h = found
        if h.rank == "letter":
            last_letter = h.label
        if h.kind in ("appendix", "chapter", "part", "section") and not h.title:
            title = _next_title(text, line.end)
            if not title and h.rank == "form":
                title = _form_name(text, line.end)
            h = _Heading(h.kind, h.rank, h.label, h.segment, title, h.number, h.sub)
        if h.rank == "appendix":
            last_letter = None
        push(h, line.start + indent)

    while stack:
        close(stack.pop(), len(text))
    return tuple(s for s in out if s is not None)


def section_at(structure: tuple[Section, ...] | list[Section], offset: int) -> str | None:
    """The path of the innermost unit containing ``offset``, or None."""
    if not structure:
        return None
    i = bisect.bisect_right(_starts(structure), offset) - 1
    while i is not None and i >= 0:
        unit = structure[i]
        if unit.start <= offset < unit.end:
            return unit.path
        i = unit.parent if unit.parent is not None else -1
    return None


# The stages ask for the section of every task, reference and target of a document: the
# starts of its (immutable) structure are listed once, not once per question.
_last_starts: tuple[tuple[Section, ...], list[int]] | None = None


def _starts(structure: tuple[Section, ...] | list[Section]) -> list[int]:
    """The start offsets of ``structure``'s units."""
    global _last_starts
    if not isinstance(structure, tuple):
        return [s.start for s in structure]
    cached = _last_starts  # read once: another thread may replace it meanwhile
    if cached is None or cached[0] is not structure:
        cached = _last_starts = (structure, [s.start for s in structure])
    return cached[1]
