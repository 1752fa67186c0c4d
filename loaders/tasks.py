"""Tasks (nhiệm vụ): every row of a task table and every assignment written in prose.

:func:`find_tasks` is the stage the parser calls. Table rows come from
:mod:`luocdo.loaders.task_tables` (``|`` rows, one cell per block, columns of
spaces); tables that share numbers are told apart by the unit they sit in
(``III.1.a.1``); tables that cannot be read are named in the warnings. Prose
assignments come from
:mod:`luocdo.loaders.prose_tasks`; here each gets its agencies (through
:func:`luocdo.loaders.agencies.parse_assignees`), its time frame (through
:func:`luocdo.loaders.timeframes.normalize_timeframe`), the documents it says it
carries out, the structural unit it sits in, and spans for every field.

An empty cell stays empty: a task without a product has ``product=None`` and
nothing is ever copied from a neighbouring row. When a plan repeats its prose
tasks in an appendix table (seed 000), both are kept, marked by ``source``.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Iterable, Sequence

from luocdo.loaders import patterns
from luocdo.loaders.prose_tasks import ProseTask, find_prose_tasks
from luocdo.loaders.task_tables import (
    RowTask,
    find_block_tables,
    find_layout_tables,
    find_task_tables,
    read_rows,
    row_content,
    unread_tables,
)
from luocdo.loaders.timeframes import normalize_timeframe
from luocdo.loaders.vietnamese import fold, squash
from luocdo.model import AgencyRef, Reference, Section, Span, Task

# A relation the reference extractor found that a leading "Triển khai" does not override:
# a task that replaces or amends a document does not carry it out (seed 000, task 27).
_NOT_CARRIED_OUT = frozenset({"replaces", "amends", "repeals", "corrects", "consolidates"})
_APPENDIX_LINE = re.compile(r"^[ \t]*(?:PHỤ\s+LỤC|Phụ\s+lục)\b", re.MULTILINE)
_LEADING_MARK = re.compile(r"^[\s\-+•*–]+")
# Inside a lead cell: where the coordinators begin ("; phối hợp:", ", phối hợp với"),
# the word that opens the lead ("Chủ trì:") and the one that closes it ("… chủ trì").
_JOINING = re.compile(r"[\s;,.]*\b(?:các\s+)?(?:cơ quan\s+|đơn vị\s+)?phối hợp(?:\s+với)?"
                      r"\s*:?\s*", re.IGNORECASE)
_LEADING_WORD = re.compile(r"^\s*(?:cơ quan\s+|đơn vị\s+)?chủ trì\s*:\s*", re.IGNORECASE)
_LEADING_TAIL = re.compile(r"[\s,;:]*\(?chủ trì\)?[\s,;:.]*$", re.IGNORECASE)
# A lead cell that names no agency but where the assignment is written (folded text).
_ELSEWHERE = re.compile(r"^\s*theo (?:phan cong|quy dinh|chuc nang|ke hoach|quyet dinh|"
                        r"phuong an|van ban|huong dan)\b")


def find_tasks(text: str, *, structure: tuple[Section, ...] = (), province: str | None = None,
               exclude: Sequence[tuple[int, int]] = (), section_at: Callable[..., object] | None
               = None, references: tuple[Reference, ...] = ()
               ) -> tuple[tuple[Task, ...], list[str]]:
    """The tasks of ``text`` (table rows first, then prose assignments) and warnings.

    ``exclude`` lists spans that hold no tasks (page metadata, recipients,
    signature); an exclusion stops at an appendix heading, since appendices with
    task tables follow the signature. ``references`` are the document's
    references: a task implements those it says it carries out.
    """
    warnings: list[str] = []
    skip = effective_exclusions(text, exclude)
    used: set[str] = set()
    tasks: list[Task] = []
    tables: list[tuple[int, int, list[RowTask]]] = []
    cut: dict[int, dict[str, list[Span]]] = {}  # cells cut by a page break, by row start
    blocked = find_block_tables(text, warnings.append, cut)
    laid_out, wrapped = find_layout_tables(text, warnings.append)
    wrapped = {**cut, **wrapped}
    # tables without "|" rows: no prose task inside them
    skip_prose = [*skip, *((t.header.start, max([t.header.end, *(r.end for r in t.rows)]))
                            for t in [*blocked, *laid_out])]
    found_tables = sorted([*find_task_tables(text), *blocked, *laid_out],
                          key=lambda t: t.header.start)
    for k, table in enumerate(found_tables, start=1):
        if _inside(table.header.start, skip):
            continue
        rows = [r for r in read_rows(table, warnings.append) if not _inside(r.start, skip)]
        for r in rows:
            pieces = wrapped.get(r.start, {})
            r.extra_content.extend(pieces.get("content", []))
            r.wrapped = {role: p for role, p in pieces.items() if role != "content"}
            r.merged_wrapped = [wrapped.get(start, {}) for start in r.merged_starts]
        tables.append((k, table.header.start, rows))
        if not rows:
            warnings.append(f"task table at {table.header.start} (line "
                            f"{_line_of(text, table.header.start)}): a task header but no "
                            "row read as a task")
    _qualify_tables(tables, structure, section_at)
    for _k, _start, rows in tables:
        for row in rows:
            tasks.append(_table_task(text, row, province, references, structure, section_at,
                                     used, warnings))
    for start, reason in unread_tables(text):
        if not _inside(start, skip):
            warnings.append(f"table at {start} (line {_line_of(text, start)}): {reason}; "
                            "no task read from it")
    for found in find_prose_tasks(text, exclude=skip_prose, warn=warnings.append):
        tasks.append(_prose_task(text, found, province, references, structure, section_at,
                                 used, warnings))
    return tuple(tasks), warnings


# --- building tasks -----------------------------------------------------------------------


def _table_task(text: str, row: RowTask, province: str | None,
                references: tuple[Reference, ...], structure: tuple[Section, ...],
                section_at: Callable[..., object] | None, used: set[str],
                warnings: list[str]) -> Task:
    cells = row.cells
    spans = {role: Span(c.start, c.end, c.text) for role, c in cells.items()}
    for extra in row.merged:  # a repeated row's cells fill the roles the first left empty
        for role, c in extra.items():
            spans.setdefault(role, Span(c.start, c.end, c.text))
    content_cell = cells.get("content")
    content = squash(row_content(row))
    rows = [cells, *row.merged]
    more = [row.wrapped, *row.merged_wrapped]  # wrapped pieces of each row, role -> pieces
    more += [{}] * (len(rows) - len(more))
    lead_found: list[AgencyRef] = []
    coordinators_found: list[AgencyRef] = []
    for r, m in zip(rows, more, strict=True):
        if "lead" in r and not m.get("lead"):
            # "Chủ trì: Sở X; phối hợp: Sở Y" in one "Cơ quan thực hiện" cell
            leading, joining = _split_roles(r["lead"])
            if leading is not None:
                lead_found.extend(_cell_assignees(leading, province, warnings))
            if joining is not None:
                coordinators_found.extend(_cell_assignees(joining, province, warnings))
        elif "lead" in r:
            lead_found.extend(_cell_assignees(r["lead"], province, warnings, m["lead"]))
        if "coordinators" in r:
            coordinators_found.extend(_cell_assignees(r["coordinators"], province, warnings,
                                                      m.get("coordinators", ())))
    lead, coordinators = tuple(lead_found), tuple(coordinators_found)
    if row.merged:  # one agency named on two rows of a merged cell is named once
        lead = _dedupe(lead)
        leads = {fold(a.name) for a in lead}
        coordinators = _dedupe(a for a in coordinators if fold(a.name) not in leads)
    timeframe = _joined(_whole(r["timeframe"], m.get("timeframe", ()))
                        for r, m in zip(rows, more, strict=True) if "timeframe" in r)
    frame = normalize_timeframe(timeframe)
    product = _joined(_whole(r["product"], m.get("product", ()))
                      for r, m in zip(rows, more, strict=True) if "product" in r)
    implements: tuple[str, ...] = ()
    if content_cell is not None:
        last = row.extra_content[-1] if row.extra_content else content_cell
        implements = task_implements(text, content_cell.start, last.end, references)
    return Task(
        number=_unique(row.number, used), parent=row.parent, group=row.group,
        group_title=squash(row.group_title) if row.group_title else None, content=content,
        lead=lead, coordinators=coordinators, timeframe=timeframe, due=frame.due,
        start_date=frame.start_date, end_date=frame.end_date, recurrence=frame.recurrence,
        product=product, implements=implements, source="table", start=row.start,
        end=row.end, section=_section(structure, section_at, row.start), spans=spans)


def _prose_task(text: str, found: ProseTask, province: str | None,
                references: tuple[Reference, ...], structure: tuple[Section, ...],
                section_at: Callable[..., object] | None, used: set[str],
                warnings: list[str]) -> Task:
    c0, c1 = found.content
    spans = {"content": Span(c0, c1, text[c0:c1]),
             "lead": Span(found.lead[0], found.lead[1], text[found.lead[0]:found.lead[1]])}
    # A prose phrase wrapped over lines (a PDF text layer) is one phrase: the line break
    # is a space, not a list separator (same length, so offsets stay exact).
    lead = _assignees(_unwrap(text[found.lead[0]:found.lead[1]]), found.lead[0], province,
                      warnings)
    coordinators: list[AgencyRef] = []
    for a, b in found.coordinators:
        coordinators.extend(_assignees(_unwrap(text[a:b]), a, province, warnings))
        spans["coordinators"] = Span(a, b, text[a:b])
    timeframe = None
    if found.deadline is not None:  # prose_tasks.find_prose_deadline
        d0, d1 = found.deadline
        timeframe = squash(text[d0:d1])
        spans["timeframe"] = Span(d0, d1, text[d0:d1])
    frame = normalize_timeframe(timeframe)
    product = None
    if found.report is not None:  # what is to be reported (prose_tasks.find_report)
        r0, r1 = found.report
        product = squash(text[r0:r1])
        spans["product"] = Span(r0, r1, text[r0:r1])
    return Task(
        number=_unique(found.number, used), parent=found.parent, group=found.group,
        group_title=squash(found.group_title) if found.group_title else None,
        content=squash(text[c0:c1]), lead=lead, coordinators=tuple(coordinators),
        timeframe=timeframe, due=frame.due, start_date=frame.start_date,
        end_date=frame.end_date, recurrence=frame.recurrence, product=product,
        implements=task_implements(text, c0, c1, references), source="prose",
        start=found.start, end=found.end, section=_section(structure, section_at, found.start),
        spans=spans)


def _cell_assignees(cell: Span, province: str | None, warnings: list[str],
                    pieces: Sequence[Span] = ()) -> tuple[AgencyRef, ...]:
    """The agencies of a lead or coordinators cell; none when the cell points elsewhere
    (``Theo phân công tại Quyết định số 1441/QĐ-UBND``, corpus 040 II.5).

    ``pieces``: the cell's text wrapped onto later lines of a table laid out in columns;
    the phrase is read whole and each agency's span mapped back to the page."""
    if _ELSEWHERE.match(fold(cell.text)):
        return ()
    if not pieces:  # a cell wrapped over lines (one cell per block) is one phrase
        return _assignees(_unwrap(cell.text), cell.start, province, warnings)
    parts = [cell, *pieces]
    phrase = " ".join(_unwrap(p.text) for p in parts)
    found = _assignees(phrase, 0, province, warnings)
    offsets: list[tuple[int, Span]] = []  # offset of each part in the phrase
    pos = 0
    for part in parts:
        offsets.append((pos, part))
        pos += len(part.text) + 1

    def place(at: int) -> int:
        base, part = next((o, p) for o, p in reversed(offsets) if o <= at)
        return part.start + min(at - base, len(part.text))

    return tuple(dataclasses.replace(a, start=place(a.start), end=place(a.end - 1) + 1)
                 if a.start is not None and a.end is not None else a for a in found)


def _split_roles(cell: Span) -> tuple[Span | None, Span | None]:
    """A lead cell that also names the coordinators (``Chủ trì: Sở Nội vụ; phối hợp: Sở
    Tư pháp``, ``Sở Nội vụ chủ trì, phối hợp với các sở``): the part that leads and the
    part that coordinates, each with its span; the cell itself when it says neither."""
    text = cell.text
    cut = _JOINING.search(text)
    if cut is not None and not text[cut.end():].strip():
        # "Sở Nội vụ chủ trì; các sở phối hợp": the coordinators stand before the word
        middle = re.search(r"\bchủ trì\b[\s,;:]*", text[:cut.start()], re.IGNORECASE)
        if middle is not None and middle.start() > 0:
            a, c, d = middle.start(), middle.end(), cut.start()
            lead_text = text[:a].rstrip(" ,;:")
            return (Span(cell.start, cell.start + len(lead_text), lead_text),
                    Span(cell.start + c, cell.start + d, text[c:d]) if text[c:d].strip()
                    else None)
    head = text[:cut.start()] if cut else text
    opening = _LEADING_WORD.match(head)
    a = opening.end() if opening else 0
    closing = _LEADING_TAIL.search(head, a)
    b = closing.start() if closing else len(head)
    leading = Span(cell.start + a, cell.start + b, text[a:b]) if text[a:b].strip() else None
    joining = None
    if cut is not None and text[cut.end():].strip():
        c = cut.end()
        joining = Span(cell.start + c, cell.end, text[c:])
    return leading, joining


def _whole(cell: Span, pieces: Sequence[Span]) -> str:
    """A cell's text with its pieces wrapped onto later lines."""
    return " ".join(p.text for p in (cell, *pieces))


def _dedupe(agencies: Iterable[AgencyRef]) -> tuple[AgencyRef, ...]:
    """``agencies`` without a second mention of the same name (first kept)."""
    out: dict[str, AgencyRef] = {}
    for agency in agencies:
        out.setdefault(fold(agency.name), agency)
    return tuple(out.values())


def _joined(texts: Iterable[str]) -> str | None:
    """The distinct cell texts of one role, squashed and joined by ``; `` (None if none)."""
    out: list[str] = []
    for text in texts:
        text = squash(text)
        if text and text not in out:
            out.append(text)
    return "; ".join(out) or None


def _unwrap(phrase: str) -> str:
    """``phrase`` with its line breaks as spaces, unless a line opens a list item."""
    if "\n" not in phrase or re.search(r"\n[ \t]*[-+•;]", phrase):
        return phrase
    return phrase.replace("\n", " ")


def _assignees(phrase: str, start: int, province: str | None,
               warnings: list[str]) -> tuple[AgencyRef, ...]:
    """The assignees of a lead or coordinators phrase (agencies.parse_assignees)."""
    try:
        from luocdo.loaders.agencies import parse_assignees
    except ImportError:  # the agencies stage is not there: keep the phrase whole
        return _split_assignees(phrase, start, province)
    try:
        return parse_assignees(phrase, start=start, province=province)
    except Exception as exc:  # one bad cell must not lose the document's other tasks
        warnings.append(f"assignees at {start} ({phrase[:40]!r}) not split: {exc}")
        return _split_assignees(phrase, start, province)


def _split_assignees(phrase: str, start: int, province: str | None) -> tuple[AgencyRef, ...]:
    """A fallback split on ``;`` (each piece kept as printed)."""
    out = []
    for m in re.finditer(r"[^;\n]+", phrase):
        piece = m.group().strip(" ,.-–")
        if not piece:
            continue
        offset = start + m.start() + m.group().index(piece)
        out.append(AgencyRef(name=squash(piece), text=piece,
                             collective=fold(piece).startswith("cac "), province=province,
                             start=offset, end=offset + len(piece)))
    return tuple(out)


# --- what a task carries out --------------------------------------------------------------


@functools.cache
def _implement_cues() -> tuple[tuple[str, ...], tuple[str, ...], int]:
    data = patterns.load("task_columns")["implements"]
    return (tuple(sorted(data["leading"], key=len, reverse=True)), tuple(data["chain"]),
            int(data["max_words_before"]))


def task_implements(text: str, start: int, end: int,
                    references: Sequence[Reference]) -> tuple[str, ...]:
    """Canonical symbols of the documents a task's content says it carries out.

    The first document named counts when the reference extractor read it as
    ``implements`` or when the content opens with ``Triển khai`` / ``Thực hiện`` /
    ``Tiếp tục triển khai`` shortly before it (unless it is replaced or amended).
    A later one counts when the reference extractor read it as ``implements`` too (a
    list: ``Chương trình hành động số 47-CTr/TU ... về thực hiện Nghị quyết số 29-NQ/TW
    ..., Kế hoạch 329-KH/TU``), or as ``cites`` right after a counted one, and the text
    does not say that the document just before it carries it out (``Kế hoạch
    1962/KH-UBND ... về triển khai thực hiện Quyết định 696/QĐ-TTg`` belongs to that
    plan, not to the task); one the task aligns with (``gắn với Nghị quyết số
    29-NQ/TW``) does not count.
    """
    inside = sorted((r for r in references if start <= r.start < end), key=lambda r: r.start)
    if not inside:
        return ()
    leading, chain, max_words = _implement_cues()
    head = fold(_LEADING_MARK.sub("", text[start:inside[0].start]))
    cue = next((c for c in leading if head.startswith(c)), None)
    symbols: list[str] = []
    previous: Reference | None = None
    previous_counted = False
    for ref in inside:
        if previous is None:
            opens = cue is not None and len(head[len(cue):].split()) <= max_words
            ok = ref.relation == "implements" or (opens and ref.relation not in _NOT_CARRIED_OUT)
            if not ok:
                return ()
        else:
            if ref.relation in _NOT_CARRIED_OUT:
                break
            gap = f" {fold(text[previous.end:ref.start])} "
            listed = ref.relation == "implements" or (ref.relation == "cites"
                                                      and previous_counted)
            if not listed or any(f" {word} " in gap for word in chain):
                # a document the previous one carries out, or one the task aligns with
                # ("gắn với Nghị quyết số 29-NQ/TW"): not the task's; the list may go on
                # after it ("..., Kế hoạch 329-KH/TU ... thực hiện ...")
                previous, previous_counted = ref, False
                continue
        if ref.symbol not in symbols:
            symbols.append(ref.symbol)
        previous, previous_counted = ref, True
    return tuple(symbols)


# --- places -------------------------------------------------------------------------------


def effective_exclusions(text: str, exclude: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """``exclude`` with each span cut at the first appendix heading inside it."""
    out = []
    for a, b in exclude:
        m = _APPENDIX_LINE.search(text, a, b) if 0 <= a < b else None
        out.append((a, m.start()) if m else (a, b))
    return out


def _inside(pos: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _section(structure: tuple[Section, ...], section_at: Callable[..., object] | None,
             pos: int) -> str | None:
    """The path of the innermost structural unit holding ``pos``."""
    if section_at is not None and structure:
        try:
            found = section_at(structure, pos)
        except Exception:  # a helper of another stage: a missing section is not an error
            found = None
        if isinstance(found, str):
            return found
    best: Section | None = None
    for unit in structure:
        if unit.start <= pos < unit.end and (best is None or unit.start >= best.start):
            best = unit
    return (best.path or best.label) if best is not None else None


def _qualify_tables(tables: list[tuple[int, int, list[RowTask]]],
                    structure: tuple[Section, ...],
                    section_at: Callable[..., object] | None) -> None:
    """Qualify the numbers of tables that share numbers with another table of the
    document (corpus 041: two schedules numbered 1-11 and 1-10) by the path of the
    unit each sits in (``III/1/a`` -> ``III.1.a.1``), else by ``table<k>``."""
    seen: dict[str, int] = {}
    shared: set[int] = set()
    for k, _start, rows in tables:
        for number in {r.number for r in rows if r.number is not None}:
            if number in seen and seen[number] != k:
                shared |= {seen[number], k}
            seen.setdefault(number, k)
    prefixes: set[str] = set()
    for k, start, rows in tables:
        if k not in shared:
            continue
        where = _section(structure, section_at, start)
        prefix = ".".join(p.strip() for p in (where or "").split("/") if p.strip())
        if not prefix or prefix in prefixes:
            prefix = f"table{k}"
        prefixes.add(prefix)
        for r in rows:
            r.number = f"{prefix}.{r.number}" if r.number is not None else None
            r.parent = f"{prefix}.{r.parent}" if r.parent is not None else None


def _line_of(text: str, pos: int) -> int:
    """The 1-based line number of offset ``pos``."""
    return text.count("\n", 0, pos) + 1


def _unique(number: str | None, used: set[str]) -> str | None:
    """``number``, or ``number-dup2``... when the document already has a task so numbered."""
    if number is None:
        return None
    candidate, k = number, 1
    while candidate in used:
        k += 1
        candidate = f"{number}-dup{k}"
    used.add(candidate)
    return candidate
