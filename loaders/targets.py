"""Targets (chỉ tiêu): what is measured, its value, unit and the year it is due.

Targets are read where the genre states them (DOMAIN.md, "Layout"):

- the objectives part and its items (``II. MỤC TIÊU``, ``2. Mục tiêu cụ thể đến
  năm 2030``, ``1. Đến năm 2030``, ``Chỉ tiêu``): one target per stated
  quantity (a number with a unit, or a number after a cue such as ``đạt``,
  ``trên``, ``≥``), its text the clause that holds it;
- indicator tables (``TT | Chỉ tiêu | Đơn vị | Kết quả | ...``): one target per
  row with a result; group rows (``I | Đến năm 2030``) give the year. Report
  forms with the same header and empty results give none.

The year is, in order: the one the clause states (``vào năm 2025``, ``đến năm
2025 (trong giai đoạn 2021-2025)``); the one of the nearest heading or group
row (``Mục tiêu cụ thể đến năm 2030``); the one shared by the clause's run of
targets. A list that states its targets twice, for two years, without a
heading between (seed 000: ``Hình thành 09 vùng …`` then ``Hình thành 20 vùng
…``) is cut into runs where an indicator comes back; each run takes the year
its clauses state. Values keep their printed form (``1,5``, ``10 - 20``,
``39.000``); ``value_min``/``value_max`` read the Vietnamese decimal comma
and thousands dot, and a lower or upper bound word (``tối thiểu``, ``≤``)
leaves the other end open.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from luocdo.loaders import patterns
from luocdo.loaders.prose_tasks import task_regions
from luocdo.loaders.vietnamese import fold, squash
from luocdo.model import Section, Target

_NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_QUANTITY = re.compile(
    rf"(?<![\w/.,\-])(?P<a>{_NUM})[ \t]*(?P<ua>%)?"
    rf"(?:[ \t]*(?:-|–|đến)[ \t]*(?P<b>{_NUM}))?"
    r"(?![\w/]|[.,]\d|\s*-\s*[A-Za-zĐđ]|\s*/\s*[A-Za-zĐđ])"
)
_YEAR_STATED = re.compile(r"(?:(?:đến|vào|tới|trong|của)\s+)?năm\s+((?:19|20)\d{2})(?!\d)",
                          re.IGNORECASE)
_TARGET_YEAR = re.compile(r"(?:đến|vào|tới|trong|hết)\s+năm\s+(?:19|20)\d{2}",
                          re.IGNORECASE)
_PERIOD = re.compile(r"giai\s+đoạn\s+(?:19|20)\d{2}\s*[-–]\s*((?:19|20)\d{2})", re.IGNORECASE)
_HEADING = re.compile(
    r"^[ \t]*(?P<label>[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])[ \t]*[.)\-–][ \t]*(?P<title>\S.*)$",
    re.MULTILINE,
)
_ROMAN = re.compile(r"^[IVXLC]+$")
# "Mục tiêu cụ thể:", "Các chỉ tiêu chủ yếu đến năm 2030:" printed as a line of their own
_PLAIN_HEADING = re.compile(
    r"^[ \t]*(?:mục\s+tiêu\s+cụ\s+thể|các\s+chỉ\s+tiêu|chỉ\s+tiêu\s+cụ\s+thể"
    r"|chỉ\s+tiêu\s+chủ\s+yếu)"
    r"[^\n.;]{0,60}:?[ \t]*$", re.MULTILINE | re.IGNORECASE)
# "- Đến năm 2025:", "Giai đoạn đến năm 2030:" : a short line naming the year of what follows
_YEAR_LINE = re.compile(
    r"^[ \t]*(?:[-+•*][ \t]*)?(?:mục\s+tiêu\s+)?(?:giai\s+đoạn\s+)?(?:tầm\s+nhìn\s+)?"
    r"(?:đến|tới|vào)\s+năm\s+(?P<year>(?:19|20)\d{2})[ \t]*:?[ \t]*$",
    re.MULTILINE | re.IGNORECASE)
_LEADING_PERIOD = re.compile(
    r"^(?:(?:giai\s+đoạn|trong\s+giai\s+đoạn)\s+(?:19|20)\d{2}\s*[-–]\s*(?:19|20)\d{2}"
    r"|(?:đến|vào)\s+năm\s+(?:19|20)\d{2})\s*,?\s*", re.IGNORECASE)


@dataclass(frozen=True)
class _Region:
    start: int
    end: int
    year: int | None  # from the heading


# ---------------------------------------------------------------- data


def _data() -> dict[str, Any]:
    return patterns.load("targets")


@functools.cache
def _units() -> re.Pattern[str]:
    units = sorted(_data()["units"], key=len, reverse=True)
    alternatives = "|".join(re.escape(u).replace(r"\ ", r"\s+") for u in units)
    return re.compile(rf"[ \t]*(?P<unit>{alternatives})(?![\w])", re.IGNORECASE)


@functools.cache
def _cues() -> tuple[tuple[str, str], ...]:
    """(folded cue, "min"|"max"|"exact"), longest first."""
    cues = [(fold(c), "min") for c in _data()["lower_bound"]]
    cues += [(fold(c), "max") for c in _data()["upper_bound"]]
    cues += [(fold(c), "exact") for c in _data()["exact"]]
    return tuple(sorted(cues, key=lambda c: len(c[0]), reverse=True))


@functools.cache
def _not_values() -> tuple[str, ...]:
    """Lower case, diacritics kept: ``mục`` (a heading) is not ``mức`` (a level)."""
    return tuple(sorted((w.lower() for w in _data()["not_values"]), key=len, reverse=True))


@functools.cache
def _lead_words() -> tuple[str, ...]:
    return tuple(sorted((fold(w) for w in _data()["lead_words"]), key=len, reverse=True))


@functools.cache
def _heading_words() -> tuple[str, ...]:
    return tuple(fold(w) for w in _data()["headings"])


# ---------------------------------------------------------------- numbers


def number(printed: str) -> float | None:
    """A printed Vietnamese number: ``39.000`` -> 39000, ``62,8`` -> 62.8."""
    text = printed.strip()
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", text):
        text = text.replace(".", "")
    text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


@dataclass(frozen=True)
class Quantity:
    """A value stated in a clause."""

    start: int  # of the first number
    end: int  # after the unit
    value: str
    unit: str | None
    value_min: float | None
    value_max: float | None


def find_quantities(text: str, lo: int = 0, hi: int | None = None) -> list[Quantity]:
    """The stated values of ``text[lo:hi]``: numbers with a unit or after a cue."""
    hi = len(text) if hi is None else hi
    out: list[Quantity] = []
    for m in _QUANTITY.finditer(text, lo, hi):
        before = fold(text[max(lo, m.start() - 24):m.start()])
        printed_before = text[max(lo, m.start() - 24):m.start()].lower().rstrip()
        if any(printed_before.endswith(w) and (len(printed_before) == len(w) or not
                                               printed_before[-len(w) - 1].isalnum())
               for w in _not_values()):
            continue
        unit: str | None = None
        end = m.end()
        unit_at = m.start("ua") if m["ua"] and not m["b"] else m.end()
        um = _units().match(text, unit_at, hi)
        if um is not None:
            unit, end = squash(um["unit"]), max(um.end(), m.end())
        elif m["ua"]:
            unit = "%"
        cue = _cue(before)
        if unit is None and cue is None:
            continue
        if unit is None and re.fullmatch(r"(?:19|20)\d{2}", m["a"]):
            continue  # a year
        a, b = number(m["a"]), number(m["b"]) if m["b"] else None
        low: float | None
        high: float | None
        if b is not None:
            value = f"{m['a']} - {m['b']}"
            low, high = a, b
        else:
            value = m["a"]
            low = None if cue == "max" else a
            high = None if cue == "min" else a
        out.append(Quantity(m.start(), end, value, unit, low, high))
    return out


def _cue(before: str) -> str | None:
    """The bound a cue right before a value sets: "min", "max", "exact" or None."""
    before = before.rstrip()
    for cue, kind in _cues():
        if before.endswith(cue) and (len(before) == len(cue)
                                     or not before[-len(cue) - 1].isalnum()):
            if kind == "exact":  # "tối thiểu đạt 25%": the bound before the verb holds
                return _cue(before[:-len(cue)]) if _bound_before(before[:-len(cue)]) else kind
            return kind
    return None


def _bound_before(before: str) -> bool:
    found = _cue(before)
    return found is not None and found != "exact"


# ---------------------------------------------------------------- regions


def _heading_year(title: str) -> int | None:
    m = re.search(r"năm\s+((?:19|20)\d{2})", title, re.IGNORECASE)
    return int(m.group(1)) if m else None


def _is_target_heading(title: str) -> bool:
    # Only the start of a title can match: folding all of it (thousands of article titles in
    # a long decree) costs most of the targets stage.
    folded = fold(title[:_heading_reach()])
    return folded.startswith(_heading_words())


@functools.cache
def _heading_reach() -> int:
    return max(len(w) for w in _heading_words()) + 1


def _depth(label: str) -> int:
    if _ROMAN.match(label):
        return 0
    if label.isdigit() or "." in label:
        return 1 + label.count(".")
    return 9  # a) b) points


def _regions(text: str) -> list[_Region]:
    """The objectives parts and items, each with the year its heading states."""
    headings = [(m.start(), m.end(), m["label"], m["title"]) for m in _HEADING.finditer(text)
                if len(m["title"]) < 200]
    regions: list[_Region] = []
    for i, (start, _end, label, title) in enumerate(headings):
        if not _is_target_heading(title):
            continue
        depth = _depth(label)
        stop = len(text)
        for j_start, _j_end, j_label, _j_title in headings[i + 1:]:
            if _depth(j_label) <= depth:
                stop = j_start
                break
        regions.append(_Region(start, stop, _heading_year(title)))
    for m in _PLAIN_HEADING.finditer(text):
        # an unnumbered "Mục tiêu cụ thể:" line: up to the next part, or the next numbered
        # item that is neither a target nor a year heading
        stop = min(len(text), m.end() + 6000)
        for j_start, _j_end, j_label, j_title in headings:
            if j_start <= m.start():
                continue
            if _depth(j_label) == 0 or not (_is_target_heading(j_title)
                                            or _heading_year(j_title)):
                stop = min(stop, j_start)
                break
        regions.append(_Region(m.start(), stop, _heading_year(m.group(0))))
    return regions


def _sub_years(text: str, region: _Region) -> list[tuple[int, int | None]]:
    """(offset, year) of every heading inside a region (``1. Đến năm 2030``)."""
    out: list[tuple[int, int | None]] = [(region.start, region.year)]
    for m in _HEADING.finditer(text, region.start, region.end):
        if m.start() == region.start:
            continue
        year = _heading_year(m["title"]) if len(m["title"]) < 120 else None
        if year is not None:
            out.append((m.start(), year))
    for m in _YEAR_LINE.finditer(text, region.start, region.end):
        if m.start() != region.start:
            out.append((m.start(), int(m["year"])))
    return sorted(out)


# ---------------------------------------------------------------- clauses


# ";", a line end, "." not after a digit (before a space), "." after one (before a capital).
# Each alternative opens with its character and looks behind after it, so that re scans for
# them in its fast loop (the same matches as "(?<!\d)\.", 3 times faster).
_CLAUSE_END = re.compile(r"[;\n]|\.(?<!\d\.)(?=\s)|\.(?<=\d\.)(?=\s+[A-ZĐ])")


def _clauses(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Sentences and list items of ``text[lo:hi]``: cut at ``;``, line ends and ``. ``."""
    cuts = [lo]
    for m in _CLAUSE_END.finditer(text[lo:hi]):
        cuts.append(lo + m.end())
    cuts.append(hi)
    out = []
    for a, b in itertools.pairwise(cuts):
        while a < b and text[a] in " \t\n":
            a += 1
        while b > a and text[b - 1] in " \t\n":
            b -= 1
        if a < b:
            out.append((a, b))
    return out


def _split_clause(text: str, lo: int, hi: int, quantities: Sequence[Quantity]) -> list[
        tuple[int, int, Quantity]]:
    """One (start, end, quantity) per value; a clause with several is cut at the
    first comma after each value (``đạt trên 10%, tỷ trọng … đạt 10 - 20 %``)."""
    out = []
    start = lo
    for i, q in enumerate(quantities):
        end = hi
        if i + 1 < len(quantities):
            nxt = quantities[i + 1]
            comma = text.find(",", q.end, nxt.start)
            end = comma if comma != -1 else nxt.start
        out.append((start, end, q))
        if i + 1 < len(quantities):
            comma = text.find(",", q.end, quantities[i + 1].start)
            start = comma + 1 if comma != -1 else start
            while start < hi and text[start] == " ":
                start += 1
    return out


def _trim_clause(text: str, lo: int, hi: int) -> tuple[int, int]:
    while lo < hi and text[lo] in " \t-–+•*":
        lo += 1
    while hi > lo and text[hi - 1] in " \t.,;:":
        hi -= 1
    return lo, hi


# A verb of two or three syllables before the value ("thay thế ít nhất 50% sản phẩm ...",
# "đóng góp 7% vào GDP") says what is done, not what is measured: what follows is added.
_SHORT_INDICATOR = 3


def _indicator(text: str, lo: int, q: Quantity, hi: int) -> str | None:
    """What is measured: the clause before the value, else the unit and what follows."""
    before = squash(text[lo:q.start])
    before = _strip_cues(before)
    if len(before.split()) > _SHORT_INDICATOR:
        return before
    after = squash(text[q.end:hi]).split(",")[0]
    after = _YEAR_STATED.sub("", after)
    after = re.sub(r"\(\s*trong\s+giai\s+đoạn[^)]*\)", "", after, flags=re.IGNORECASE)
    after = squash(after).strip(" ,.;:")
    unit = q.unit if q.unit and not q.unit.startswith("%") else ""
    phrase = squash(f"{before} {unit} {after}")
    return phrase or before or None


def _strip_cues(phrase: str) -> str:
    """``Phấn đấu đạt`` at the start and ``đạt từ tối thiểu`` at the end say nothing."""
    changed = True
    while changed and phrase:
        changed = False
        shorter = re.sub(r"^\([^()]*\)\s*,?\s*", "", _LEADING_PERIOD.sub("", phrase)).strip(" ,")
        if shorter != phrase:
            phrase, changed = shorter, True
            continue
        folded = fold(phrase)
        for w in _lead_words():
            if folded.startswith(w + " ") or folded == w:
                phrase = phrase[len(w):].strip(" ,")
                changed = True
                break
        folded = fold(phrase)
        for cue, _kind in _cues():
            if folded.endswith(" " + cue) or folded == cue:
                phrase = phrase[: len(phrase) - len(cue)].rstrip(" ,")
                changed = True
                break
    return phrase.strip(" ,:;-")


def _stated_year(clause: str) -> int | None:
    m = _YEAR_STATED.search(clause)
    return int(m.group(1)) if m else None


def _indicator_key(text: str) -> str:
    """The first words of a clause without numbers: the same measure twice gives one key."""
    words = [w for w in re.findall(r"[^\W\d_]+", fold(text)) if w not in ("phan", "dau", "dat")]
    return " ".join(words[:6])


# ---------------------------------------------------------------- tables

_CELL_VALUE = re.compile(
    rf"\s*(?P<op>[≥≤<>]=?)?\s*(?P<a>{_NUM})\s*%?(?:\s*[-–]\s*(?P<b>{_NUM})\s*%?)?\s*")


def _cells(line: str, offset: int) -> list[tuple[str, int, int]]:
    """The cells of a ``|`` row with absolute spans."""
    out = []
    pos = 0
    parts = line.split("|")
    for part in parts:
        a = pos
        b = pos + len(part)
        pos = b + 1
        la, lb = a, b
        while la < lb and line[la] in " \t":
            la += 1
        while lb > la and line[lb - 1] in " \t":
            lb -= 1
        out.append((line[la:lb], offset + la, offset + lb))
    if line.lstrip().startswith("|"):
        out = out[1:]
    if out and not out[-1][0] and line.rstrip().endswith("|"):
        out = out[:-1]
    return out


_YEAR_COLUMN = re.compile(r"^(?:(?:chi tieu|muc tieu|ke hoach)\s+)?(?:(?:den|nam|den nam)\s+)?"
                          r"((?:19|20)\d{2})\b")


def _header_columns(names: list[str]) -> dict[str, Any] | None:
    """The columns of an indicator table's header row, or None if it is not one: the
    indicator (``Chỉ tiêu``, ``Tên chỉ tiêu``), the unit, and one or more value columns
    (``Kết quả``, ``Giá trị``, ``Mục tiêu``, ``Kế hoạch``, or a year: ``Năm 2030``)."""
    indicator = next((i for i, n in enumerate(names)
                      if n.startswith(("chi tieu", "ten chi tieu", "noi dung chi tieu"))), None)
    if indicator is None:
        return None
    values: list[tuple[int, int | None]] = []
    unit = None
    for i, n in enumerate(names):
        if i == indicator:
            continue
        year = _YEAR_COLUMN.match(n)
        if n.startswith("don vi") and unit is None:
            unit = i
        elif year:
            values.append((i, int(year.group(1))))
        elif n.startswith(("ket qua", "gia tri", "muc tieu", "ke hoach")) and not any(
                v[1] is None for v in values):
            values.append((i, None))
    if not values and unit is None:
        return None
    return {"indicator": indicator, "unit": unit, "values": values}


def _table_targets(text: str, lo: int, hi: int) -> list[tuple[Target, int | None]]:
    """Targets of indicator tables (header ``Chỉ tiêu`` with a result column, or a column
    per year: ``Chỉ tiêu | Đơn vị | Năm 2025 | Năm 2030`` gives one target per year)."""
    out: list[tuple[Target, int | None]] = []
    columns: dict[str, Any] | None = None
    group_year: int | None = None
    pos = lo
    for line in text[lo:hi].split("\n"):
        line_start = pos
        pos += len(line) + 1
        if "|" not in line:
            if line.strip():
                columns = None if columns is not None and not line.strip().startswith(
                    ("(", "…")) else columns
            continue
        cells = _cells(line, line_start)
        header = _header_columns([fold(c[0]) for c in cells])
        if header is not None:
            columns = header
            group_year = None
            continue
        if columns is None or not columns["values"]:
            continue
        label = cells[0][0] if cells else ""
        if len(cells) > columns["indicator"] and _ROMAN.match(label.strip(" .")) and (
                year := _heading_year(cells[columns["indicator"]][0])):
            group_year = year
            continue
        if len(cells) <= columns["indicator"]:
            continue
        indicator = cells[columns["indicator"]][0]
        unit_cell = cells[columns["unit"]][0] if columns["unit"] is not None and len(
            cells) > columns["unit"] else ""
        for index, column_year in columns["values"]:
            if len(cells) <= index:
                continue
            value_cell = cells[index]
            if not value_cell[0] or not indicator or re.fullmatch(r"\(\d+\)", value_cell[0]):
                continue  # empty (a report form) or the column numbers "(1) | (2) | ..."
            target = _cell_target(text, line, line_start, indicator, value_cell, unit_cell,
                                  column_year or _heading_year(indicator) or group_year)
            if target is not None:
                out.append((target, group_year))
    return out


def _cell_target(text: str, line: str, line_start: int, indicator: str,
                 value_cell: tuple[str, int, int], unit_cell: str,
                 year: int | None) -> Target | None:
    """The target of one value cell of an indicator table row."""
    quantities = find_quantities(text, value_cell[1], value_cell[2])
    bare = _CELL_VALUE.fullmatch(value_cell[0])
    value: str | None = None
    low = high = None
    if bare:
        value = f"{bare['a']} - {bare['b']}" if bare["b"] else bare["a"]
        low, high = number(bare["a"]), number(bare["b"] or bare["a"])
        if bare["op"] and bare["op"][0] in "≥>":
            high = None
        elif bare["op"] and bare["op"][0] in "≤<":
            low = None
    elif quantities:
        q = quantities[0]
        value, low, high = q.value, q.value_min, q.value_max
    row_end = line_start + len(line.rstrip())
    row_start = line_start + (len(line) - len(line.lstrip()))
    unit = unit_cell or (quantities[0].unit if quantities else None)
    if len(_value_parts(text, value_cell[1], value_cell[2])) >= 2:
        # "≤ 3 Đông Nam Á; ≤ 50 Thế giới": two values for two scopes; the row stays one
        # target, its value as printed, with no single range
        value, low, high = squash(value_cell[0]), None, None
    return Target(text=text[row_start:row_end], start=row_start, end=row_end,
                  indicator=squash(indicator), value=value, unit=unit or None,
                  year=year, value_min=low, value_max=high)


def _value_parts(text: str, lo: int, hi: int) -> list[tuple[str, Quantity]]:
    """The ``;``-separated parts of a result cell that each state a value and a scope."""
    parts = []
    start = lo
    for end in [*(lo + m.start() for m in re.finditer(";", text[lo:hi])), hi]:
        found = find_quantities(text, start, end)
        if len(found) == 1:
            q = found[0]
            scope = squash(text[start:q.start] + " " + text[q.end:end]).strip(" ≤≥<>=,.")
            if scope and not re.fullmatch(r"[\d.,%\s]*", scope):
                parts.append((scope, q))
        start = end + 1
    return parts


# ---------------------------------------------------------------- the verb


def find_targets(text: str, *, structure: Sequence[Section] = (),
                 exclude: Sequence[tuple[int, int]] = (),
                 section_at: Callable[..., Any] | None = None) -> tuple[Target, ...]:
    """Targets stated in the objectives parts and indicator tables of ``text``.

    Objectives parts are found by their headings in the text and, when given,
    among the units of ``structure``; ``section_at(structure, offset)`` names
    the unit a target sits in (else the innermost unit of ``structure``).
    """
    found: list[Target] = []
    regions = _regions(text) + [
        _Region(s.start, s.end, _heading_year(s.title)) for s in structure
        if s.kind not in ("bullet", "appendix") and _is_target_heading(s.title)]
    merged = _merge(regions)
    for region in merged:
        found.extend(_region_targets(text, region))
    found.extend(_stated_targets(text, merged))
    table_spans = [(t.start, t.end) for t in found]
    for target, _year in _table_targets(text, 0, len(text)):
        if not any(a <= target.start < b for a, b in table_spans):
            found.append(target)
    found = [t for t in found if not any(a <= t.start < b for a, b in exclude)]
    found.sort(key=lambda t: (t.start, t.end))
    unique: list[Target] = []
    for t in found:
        if unique and (unique[-1].start, unique[-1].end, unique[-1].value) == (
                t.start, t.end, t.value):
            continue
        unique.append(t)
    return tuple(replace(t, section=_section(structure, section_at, t.start)) for t in unique)


# Outside the objectives parts, a clause states a target when it strives for a value
# ("phấn đấu xây dựng được ít nhất 40% xã … trong năm 2026"), bounds one ("tổ chức ít nhất 1
# buổi", "tối thiểu 90%") or ensures all ("bảo đảm 100% cán bộ, giáo viên …", "cho 100% cấp
# xã"): corpus 043, 052. What a report says was done ("100% hồ sơ được giải quyết") is no
# target: parts about results are skipped, and a clause needs one of these cues.
_STRIVE = re.compile(r"\b(?:phan dau|muc tieu)\b")
_ENSURE_ALL = re.compile(r"\b(?:bao dam|dam bao|cho|dat|phan dau|toi thieu|it nhat)\s+100\s*%")
_LABEL = re.compile(r"(?:[a-zđ]\)|\d{1,2}(?:\.\d{1,2})*\.|[IVX]+\.)\s+")
_DIGIT = re.compile(r"\d")
_DONE = re.compile(r"\b(?:da|dat duoc)\s")
_NOT_TARGET_PARTS = ("ket qua", "tinh hinh", "danh gia", "thuc trang", "can cu", "tieu chuan",
                     "ho so", "doi tuong", "pham vi")


def _stated_targets(text: str, regions: Sequence[_Region]) -> list[Target]:
    """Targets stated in clauses outside the objectives parts (see ``_STRIVE``)."""
    out: list[Target] = []
    parts = [(m.start(), fold(m["title"][:60])) for m in _HEADING.finditer(text)
             if _ROMAN.match(m["label"]) and len(m["title"]) < 200]
    part_index = 0
    part_title = ""
    # only where the text assigns work (a plan's tasks, a directive's points): a law's or a
    # decree's conditions ("phải có ít nhất 05 năm kinh nghiệm") are rules, not targets
    clauses = [c for lo, hi in task_regions(text) for c in _clauses(text, lo, hi)]
    for c_lo, c_hi in clauses:
        while part_index < len(parts) and parts[part_index][0] <= c_lo:
            part_title = parts[part_index][1]
            part_index += 1
        if any(r.start <= c_lo < r.end for r in regions) or "|" in text[c_lo:c_hi]:
            continue
        if any(w in part_title for w in _NOT_TARGET_PARTS) or not _DIGIT.search(text, c_lo,
                                                                                 c_hi):
            continue  # no value in it: not worth folding
        key = fold(text[c_lo:c_hi])
        if _DONE.search(key):
            continue  # "Năm 2025, đã đôn đốc thu hồi 100% ...": a result
        strive = _STRIVE.search(key) is not None
        quantities = [q for q in find_quantities(text, c_lo, c_hi)
                      if strive or _bounded(text, c_lo, q)]
        if not quantities:
            continue
        for p_lo, p_hi, q in _split_clause(text, c_lo, c_hi, quantities):
            lo, hi = _trim_clause(text, p_lo, p_hi)
            label = _LABEL.match(text, lo, hi)
            lo = label.end() if label else lo
            stated = _year_for(text, c_lo, c_hi, q)
            out.append(Target(text=text[lo:hi], start=lo, end=hi,
                              indicator=_subject_after(text, q, hi) or _indicator(text, lo, q, hi),
                              value=q.value, unit=q.unit, year=stated, value_min=q.value_min,
                              value_max=q.value_max))
    return out


_AFTER_SHARE = re.compile(r"\s+(?!trở\b|so\b|trên\b|/)(?P<phrase>[a-zđà-ỹ][^.;:()]{3,160})")


def _subject_after(text: str, q: Quantity, hi: int) -> str | None:
    """What a share counts when it is printed after it: ``bảo đảm 100% cán bộ, giáo viên …
    được tuyên truyền`` -> ``cán bộ, giáo viên … được tuyên truyền``."""
    if not (q.unit or "").startswith("%"):
        return None
    m = _AFTER_SHARE.match(text, q.end, hi)
    if m is None:
        return None
    words = squash(m["phrase"]).split()
    return " ".join(words[:20]).rstrip(" ,") or None


def _year_for(text: str, lo: int, hi: int, q: Quantity) -> int | None:
    """The year a clause states for one of its values: the one stated last before it ("…
    trong năm 2025 và … đến năm 2030, ít nhất 50% …" is 2030), else the first after it."""
    years = [int(m.group(1)) for m in _YEAR_STATED.finditer(text, lo, q.start)]
    return years[-1] if years else _stated_year(text[q.end:hi])


def _bounded(text: str, lo: int, q: Quantity) -> bool:
    """A value with a lower bound cue before it, or 100% after a verb that ensures it."""
    before = fold(text[max(lo, q.start - 24):q.end])
    if re.search(r"\b(?:it nhat|toi thieu|khong duoi|khong it hon)\s+[\d.,]+\s*(?:%|\w)",
                 before + " x"):
        return True
    if q.unit is not None and q.unit.startswith("%") and re.search(
            r"\b(?:dat|dat tren|dat tu|tren|tang|giam|duoi|khong qua|toi da)\s+[\d.,]+\s*%",
            before):
        return True  # "nâng tỷ lệ … đạt trên 80%", "giảm 10%": a share to reach
    return q.value == "100" and q.unit is not None and q.unit.startswith("%") and \
        _ENSURE_ALL.search(before) is not None


def _merge(regions: list[_Region]) -> list[_Region]:
    """Nested regions (``2. Mục tiêu cụ thể`` inside ``II. MỤC TIÊU``): keep the outer."""
    out: list[_Region] = []
    for r in sorted(regions, key=lambda r: (r.start, -r.end)):
        if out and r.start < out[-1].end:
            continue
        out.append(r)
    return out


def _region_targets(text: str, region: _Region) -> list[Target]:
    sub_years = _sub_years(text, region)
    items: list[tuple[int, int, Quantity, int | None, int | None]] = []
    for c_lo, c_hi in _clauses(text, region.start, region.end):
        if "|" in text[c_lo:c_hi]:
            continue  # a table row: read as a table
        quantities = find_quantities(text, c_lo, c_hi)
        if not quantities:
            continue
        heading_year = None
        for offset, year in sub_years:
            if offset <= c_lo and year is not None:
                heading_year = year
        if c_lo == region.start or any(off == c_lo for off, _ in sub_years):
            continue  # the heading itself
        clause_years = {int(m.group(1)) for m in _YEAR_STATED.finditer(text, c_lo, c_hi)}
        for p_lo, p_hi, q in _split_clause(text, c_lo, c_hi, quantities):
            lo, hi = _trim_clause(text, p_lo, p_hi)
            stated = _stated_year(text[c_lo:c_hi])
            if len(clause_years) > 1:  # "đến năm 2030 … 50%, riêng năm 2025 … 20%"
                stated = _year_for(text, c_lo, c_hi, q) or stated
            if stated and heading_year and stated < heading_year and not _TARGET_YEAR.search(
                    text, c_lo, c_hi):
                stated = None  # "29 xã … có Quyết định công nhận … năm 2025": a past event
            items.append((lo, hi, q, stated, heading_year))
    years = _run_years(text, items)
    targets = []
    for (lo, hi, q, stated, heading_year), run_year in zip(items, years, strict=True):
        period = _PERIOD.search(text, lo, hi)
        year = stated or heading_year or run_year or (int(period.group(1)) if period else None)
        targets.append(Target(
            text=text[lo:hi], start=lo, end=hi, indicator=_indicator(text, lo, q, hi),
            value=q.value, unit=q.unit, year=year, value_min=q.value_min,
            value_max=q.value_max))
    return targets


def _run_years(text: str, items: Sequence[tuple[int, int, Quantity, int | None, int | None]],
               ) -> list[int | None]:
    """The year of each target's run: runs are cut where an indicator comes back."""
    runs: list[list[int]] = []
    seen: set[str] = set()
    last_line = -1
    for i, (lo, _hi, _q, _stated, _heading) in enumerate(items):
        line_start = text.rfind("\n", 0, lo) + 1
        key = _indicator_key(_line_of(text, lo))
        new_line = line_start != last_line
        last_line = line_start
        if not runs or (new_line and key and key in seen):
            runs.append([])
            seen = set()
        runs[-1].append(i)
        if key:
            seen.add(key)
    out: list[int | None] = [None] * len(items)
    for run in runs:
        stated = Counter(items[i][3] for i in run if items[i][3] is not None)
        year = stated.most_common(1)[0][0] if len(stated) == 1 else None
        for i in run:
            out[i] = year
    return out


def _line_of(text: str, pos: int) -> str:
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    return text[a: len(text) if b == -1 else b]


def _section(structure: Sequence[Section], section_at: Callable[..., Any] | None,
             offset: int) -> str | None:
    if section_at is not None and structure:
        found = section_at(tuple(structure), offset)
        return found if isinstance(found, str) else None
    best: Section | None = None
    for s in structure:
        if s.start <= offset < s.end and (best is None or s.start >= best.start):
            best = s
    return best.path or None if best is not None else None


def quantities_in(text: str) -> Iterable[Quantity]:
    """Every stated value of ``text`` (used by tests and by the examples of targets.json)."""
    return find_quantities(text)
