"""Tasks assigned in prose: who leads, who coordinates, what is to be done.

Plans without a task table assign work in their ``NHIỆM VỤ`` / ``TỔ CHỨC THỰC
HIỆN`` parts (DOMAIN.md, "in assignments"), in a few shapes:

- a point that names the lead and the work: ``c) Sở Tài chính phối hợp Sở Khoa
  học và Công nghệ và các sở, ngành liên quan rà soát, ...`` (the first body is
  the LEAD, the bodies after ``phối hợp`` coordinate);
- an introduction followed by bullets, each bullet a task of that lead:
  ``b) Sở Khoa học và Công nghệ chủ trì, phối hợp với các cơ quan liên quan:``;
- a heading that is only an agency (``1.2 Sở Khoa học và Công nghệ``, ``2. Thanh
  tra tỉnh``) followed by paragraphs or bullets;
- a bullet that names its own lead (``- Các Trường Đại học ... xây dựng ...``).

Tasks are numbered by the printed labels of the units they sit in (``III.2.c``);
a bullet or paragraph adds its rank after a dash (``III.2.b-1``), which no
printed label uses, so numbers stay unique. The words that start an assignee,
end it, or close a list of coordinators live in ``loaders/patterns/prose_tasks.json``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from luocdo.loaders import patterns
from luocdo.loaders.task_tables import is_table_line
from luocdo.loaders.vietnamese import fold

# "III. NHIỆM VỤ", "V- TỔ CHỨC", "I/ Các nhiệm vụ"; not "V/v tăng cường" (the title starts
# with a capital letter: see _part_match)
_PART = re.compile(r"(?P<label>[IVX]{1,5})\s*[.)/-]\s*(?=\S)")
_ITEM = re.compile(
    r"(?P<label>\d{1,2}(?:\.\d{1,2}){1,3})\.?(?=\s|[^\W\d_])"
    r"|(?P<label1>\d{1,2})[.)](?!\d)\s*(?=\S)"
)
_POINT = re.compile(r"(?P<label>[a-zđ])\)\s*(?=\S)")
_SUBPOINT = re.compile(r"\((?P<label>\d{1,2}|[ivx]{1,4})\)\s*(?=\S)")
_BULLET = re.compile(r"[-+•*–]\s*(?=\S)")
_APPENDIX = re.compile(r"^\s*(?:PHỤ LỤC|Phụ lục|PHỤ\s+LỤC)\b")
_RECIPIENTS = re.compile(r"^\s*(?:Nơi nhận|NƠI NHẬN)\s*:?")
_ARTICLE = re.compile(r"^\s*Điều\s+\d+\s*[.:]", re.MULTILINE)
_TERMINAL = ".:;!?"
_TRIM = " \t,;:.-–"

LEVEL_PART, LEVEL_POINT, LEVEL_SUBPOINT = 0, 5, 6


@dataclass
class Block:
    """A paragraph of the task part: a heading, a bullet or a plain paragraph."""

    kind: str  # "part", "item", "point", "subpoint", "bullet", "para"
    label: str | None
    level: int | None  # headings only
    start: int  # of the block, label included
    end: int
    body_start: int  # after the label or bullet mark
    children: list[Block] = field(default_factory=list)


@dataclass(frozen=True)
class Assignment:
    """Who a sentence assigns work to: lead phrase, coordinators phrase, where the work starts."""

    lead: tuple[int, int]  # absolute span of the lead phrase
    coordinators: tuple[int, int] | None
    action: int  # absolute start of what is to be done
    intro: bool  # only introduces bullets ("... chủ trì, phối hợp với ...:")


@dataclass(frozen=True)
class ProseTask:
    """A task read from prose, before agencies and references are attached."""

    number: str
    parent: str | None
    group: str | None
    group_title: str | None
    start: int
    end: int
    content: tuple[int, int]
    lead: tuple[int, int]
    coordinators: tuple[tuple[int, int], ...]


# --- data ---------------------------------------------------------------------------------


def _data() -> dict[str, Any]:
    return patterns.load("prose_tasks")


@functools.cache
def _assignee_starts() -> tuple[str, ...]:
    words = list(_data()["assignee_starts"])
    try:
        agencies = patterns.load("agencies")
    except (OSError, ValueError):
        agencies = {}
    for key in ("heads", "roles"):
        for item in agencies.get(key, []):
            words.append(item["head"] if isinstance(item, dict) else str(item))
    keys = {fold(w): w for w in words if w.strip()}
    return tuple(sorted(keys, key=len, reverse=True))


@functools.cache
def _lowercase_after_head() -> frozenset[str]:
    return frozenset({"tinh", "huyen", "thanh pho", "xa", "phuong", "cac", "nhan dan", "thi xa"})


@functools.cache
def _lead_end_re() -> re.Pattern[str]:
    words = sorted(_data()["lead_ends"], key=len, reverse=True)
    alternation = "|".join(re.escape(w) for w in words)
    # Case-sensitive on purpose: "Sở Xây dựng" is a name, "xây dựng" a verb.
    return re.compile(rf"(?<![\w&])(?:{alternation})(?![\w])|:")


@functools.cache
def _coordinator_end_re() -> re.Pattern[str]:
    words = sorted(_data()["coordinator_ends"], key=len, reverse=True)
    alternation = "|".join(re.escape(w) for w in words)
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)")


@functools.cache
def _coordinator_stop_re() -> re.Pattern[str]:
    words = sorted(_data()["coordinator_stops"], key=len, reverse=True)
    alternation = "|".join(re.escape(w) for w in words)
    return re.compile(rf"(?<=\s)(?:{alternation})(?!\w)")


_COORDINATE = re.compile(r"(?<!\w)(?:chủ trì\s*,?\s*)?phối hợp(?:\s+chặt chẽ)?(?:\s+với)?(?!\w)",
                         re.IGNORECASE)
_LEADS = re.compile(r"(?<!\w)chủ trì(?!\w)\s*,?\s*", re.IGNORECASE)


_NOUN_BEFORE = re.compile(r"(?:các|những|Các|Những)\s+$")
_RELATIVE_BEFORE = re.compile(r"(?:các|những|Các|Những)\s+[^\W\d][^,;:]{0,25}?\s+có\s+$")


def _lead_end(body: str, pos: int) -> int | None:
    """Where the assignee phrase starting before ``pos`` ends (a verb or ':'), or None."""
    for m in _lead_end_re().finditer(body, pos):
        if m.group() != ":" and _NOUN_BEFORE.search(body[max(0, m.start() - 8):m.start()]):
            continue  # "các tổ chức": a noun, not the verb "tổ chức"
        if m.group() != ":" and _RELATIVE_BEFORE.search(body[max(0, m.start() - 40):m.start()]):
            continue  # "các tổ chức có triển khai các nhiệm vụ khoa học": which carry out
        return m.start()
    return None


# --- recognizing an assignee at the start of a sentence -----------------------------------


def starts_with_assignee(text: str, *, sentence: bool = True) -> bool:
    """Whether ``text`` begins with a body (or collective) that work can be assigned to.

    >>> starts_with_assignee("Sở Tài chính phối hợp ..."), starts_with_assignee("Ban hành quy chế")
    (True, False)
    """
    stripped = text.lstrip()
    if sentence and not stripped[:1].isupper():
        return False  # an assignee opens a sentence
    key = fold(text[:80])
    for start in _assignee_starts():
        if not key.startswith(start) or (len(key) > len(start) and key[len(start)].isalnum()):
            continue
        rest = text.lstrip()[len(start):].lstrip()
        rest_key = fold(rest[:30])
        if start in ("cac", "nhung", "moi", "toan bo", "tat ca"):
            units = _data()["collective_units"]
            if any(rest_key.startswith(u) and not rest_key[len(u):len(u) + 1].isalnum()
                   for u in units):
                return True
            continue
        if start.upper() == start or text.lstrip()[:len(start)].isupper():
            return True  # an abbreviation: "UBND tỉnh", "HĐND"
        if " " not in start and re.match(r",?\s*", rest_key) and any(
                re.match(rf",?\s*{re.escape(u)}(?![a-z])", rest_key)
                for u in _data()["collective_units"]):
            return True  # "Bộ, ngành liên quan", "Bộ ngành liên quan": a collective
        if " " in start and start not in _data()["ambiguous_starts"]:
            return True  # "Tổ đảng ở ...", "Người đứng đầu các ...": a noun phrase
        if rest[:1].isupper() or any(rest_key.startswith(w) and
                                     not rest_key[len(w):len(w) + 1].isalnum()
                                     for w in _lowercase_after_head()):
            return True
    return False


def parse_assignment(text: str, start: int, end: int, *,
                     sentence: bool = True) -> Assignment | None:
    """Read ``text[start:end]`` as an assignment sentence, or None if it names no assignee
    (``sentence``: the assignee opens a sentence, so it starts with a capital)."""
    body = text[start:end]
    if not starts_with_assignee(body, sentence=sentence):
        return _fronted_assignment(text, start, end) if sentence else None
    m = _lead_end(body, 0)
    lead_end = m if m is not None else len(body)
    lead_text = body[:lead_end].rstrip(_TRIM + " ")
    if lead_text.endswith(" có"):
        lead_text = lead_text[:-3].rstrip(_TRIM)
    if not lead_text or len(lead_text) > 300:
        return None
    lead = (start, start + len(lead_text))
    pos = lead_end
    coordinators: tuple[int, int] | None = None
    chair = _LEADS.match(body, pos)
    if chair:
        pos = chair.end()
    coordinate = _COORDINATE.match(body, pos)
    if coordinate:
        coordinators, pos = _coordinator_list(body, coordinate.end())
        if coordinators is not None:
            coordinators = (start + coordinators[0], start + coordinators[1])
    rest = body[pos:].strip(_TRIM)
    words = len(rest.split())
    intro = not rest or body.rstrip().endswith(":") or words <= _data()["intro_max_words"]
    return Assignment(lead, coordinators, start + pos, intro)


_LIST_GOES_ON = re.compile(r"\s*(?:;|,|và)\s*")


_FRONTED = re.compile(r"(?:Trên cơ sở|Căn cứ|Để|Nhằm)\s")
_FRONTED_REACH = 250
_NOT_ASSIGNING = re.compile(r"\s*(?:yêu cầu|đề nghị|chỉ đạo|quyết định|giao)\b")


def _fronted_assignment(text: str, start: int, end: int) -> Assignment | None:
    """An assignment after a fronted clause: ``Trên cơ sở nội dung Nghị quyết ..., các Bộ
    trưởng, ... xây dựng ...`` (the assignee follows one of the clause's commas)."""
    body = text[start:end]
    if not _FRONTED.match(body):
        return None
    for comma in re.finditer(",", body[:_FRONTED_REACH]):
        rest = body[comma.end():]
        offset = comma.end() + len(rest) - len(rest.lstrip())
        if not rest.lstrip()[:1].isalpha() or not starts_with_assignee(rest.lstrip(),
                                                                       sentence=False):
            continue
        found = parse_assignment(text, start + offset, end, sentence=False)
        if found is None or _NOT_ASSIGNING.match(text, found.lead[1]):
            return None  # "Để ..., Chủ tịch UBND tỉnh yêu cầu:" introduces, it assigns nothing
        return found
    return None


def _coordinator_list(body: str, pos: int) -> tuple[tuple[int, int] | None, int]:
    """The list of coordinating bodies that starts at ``pos``: (span or None, end of it)."""
    stop = len(body)
    verb = _lead_end(body, pos)
    if verb is not None:
        stop = min(stop, verb)
    search = pos
    while (closing := _coordinator_end_re().search(body, search)) and closing.end() <= stop + 1:
        more = _LIST_GOES_ON.match(body, closing.end())
        if more and more.end() < stop and starts_with_assignee(body[more.end():stop],
                                                               sentence=False):
            search = more.end()  # "các sở, ban, ngành có liên quan; UBND huyện, ..."
            continue
        stop = closing.end()
        break
    found = body.find(".", pos, stop)
    if found != -1:
        stop = found
    search = pos
    while (found := body.find(";", search, stop)) != -1:
        if not starts_with_assignee(body[found + 1:stop].lstrip(), sentence=False):
            stop = found  # "các sở, ban, ngành; UBND huyện, ..." goes on, a clause does not
            break
        search = found + 1
    stop_word = _coordinator_stop_re().search(body, pos, stop)
    if stop_word:
        stop = stop_word.start()
    a = pos + len(body[pos:stop]) - len(body[pos:stop].lstrip(_TRIM))
    b = pos + len(body[pos:stop].rstrip(_TRIM))
    if b <= a or not starts_with_assignee(body[a:b], sentence=False):
        return None, pos
    return (a, b), stop


def leading_coordination(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Coordinators of a bullet of a lead's list: ``- Chủ trì, phối hợp với Sở X ...``."""
    body = text[start:end]
    chair = _LEADS.match(body)
    pos = chair.end() if chair else 0
    coordinate = _COORDINATE.match(body, pos)
    if not coordinate:
        return None
    span, _ = _coordinator_list(body, coordinate.end())
    return (start + span[0], start + span[1]) if span else None


# --- blocks -------------------------------------------------------------------------------


def _part_match(line: str) -> re.Match[str] | None:
    m = _PART.match(line)
    return m if m and line[m.end():m.end() + 1].isupper() else None


def _lines(text: str, lo: int, hi: int) -> Iterator[tuple[int, int]]:
    pos = lo
    while pos < hi:
        nl = text.find("\n", pos, hi)
        end = hi if nl == -1 else nl
        yield pos, end
        pos = end + 1


def _classify(text: str, start: int, end: int) -> Block:
    line = text[start:end]
    indent = len(line) - len(line.lstrip())
    s = line.lstrip()
    base = start + indent
    for kind, pattern in (("part", _PART), ("item", _ITEM), ("point", _POINT),
                          ("subpoint", _SUBPOINT)):
        m = _part_match(s) if kind == "part" else pattern.match(s)
        if not m:
            continue
        label = m.group("label") or (m.groupdict().get("label1") or "")
        if kind == "item" and re.match(r"\d+[.)]?\s*(?:%|/|năm|tháng|ngày)", s):
            break
        level = {"part": LEVEL_PART, "point": LEVEL_POINT, "subpoint": LEVEL_SUBPOINT}.get(
            kind, label.count(".") + 1)
        body = base + m.end()
        while body < end and text[body] in " \t":
            body += 1
        return Block(kind, label, level, start, end, body)
    m = _BULLET.match(s)
    if m:
        return Block("bullet", None, None, start, end, base + m.end())
    return Block("para", None, None, start, end, base)


def _wrapped(text: str, lo: int, hi: int) -> tuple[bool, int]:
    """Whether the region is a PDF text layer with wrapped lines, and its usual width."""
    lengths = sorted(len(text[a:b].rstrip()) for a, b in _lines(text, lo, hi) if text[a:b].strip())
    if len(lengths) < 10:
        return False, 0
    long_share = sum(1 for n in lengths if n > 130) / len(lengths)
    width = lengths[int(len(lengths) * 0.9) - 1]
    return long_share < 0.03, width


def blocks(text: str, lo: int, hi: int) -> list[Block]:
    """The paragraphs of ``text[lo:hi]`` (wrapped lines of a PDF text layer joined)."""
    wrapped, width = _wrapped(text, lo, hi)
    out: list[Block] = []
    prev_line = ""
    for a, b in _lines(text, lo, hi):
        line = text[a:b]
        stripped = line.strip()
        if not stripped:
            prev_line = "" if not wrapped else prev_line
            continue
        if stripped.isdigit() and len(stripped) <= 3:
            continue  # a page number left in a PDF text layer
        if is_table_line(stripped):
            prev_line = ""
            continue  # table rows are read by task_tables
        block = _classify(text, a, b)
        continues = out and block.kind == "para" and (
            stripped[:1].islower()
            or (wrapped and prev_line and prev_line.rstrip()[-1:] not in _TERMINAL
                and len(prev_line.rstrip()) >= 0.7 * width))
        if continues:
            out[-1].end = b
        else:
            out.append(block)
        prev_line = line
    return out


# --- regions ------------------------------------------------------------------------------


def _is_task_part(title: str) -> bool:
    key = fold(title)
    if any(w in key for w in _data()["not_task_parts"]):
        return False
    return any(w in key for w in _data()["task_parts"])


def _is_closing(line: str) -> bool:
    key = fold(line[:40])
    return any(key.startswith(c) for c in _data()["closing"])


@functools.cache
def _directive_re() -> re.Pattern[str]:
    subjects = "|".join(re.escape(w) for w in _data()["directive_subjects"])
    cues = "|".join(re.escape(w) for w in _data()["directive_cues"])
    return re.compile(rf"\b(?:{subjects})\b[^.;:]{{0,40}}?\b(?:{cues})\b")


def task_regions(text: str) -> list[tuple[int, int]]:
    """Where ``text`` assigns tasks in prose: its task parts, else after a directive line.

    Only the body counts: nothing after the first appendix heading, the recipients
    (``Nơi nhận:``) or the closing sentence (``Trên đây là ...``); a text with
    articles (``Điều 1.``) has none.
    """
    articles = list(_ARTICLE.finditer(text))
    # A text with articles assigns no prose tasks in them; a programme or plan it issues and
    # prints after them (003/NQ-CP: "CHƯƠNG TRÌNH HÀNH ĐỘNG ... III. TỔ CHỨC THỰC HIỆN") does.
    floor = 0
    if len(articles) >= 2:
        floor = text.find("\n", articles[-1].start())
        if floor < 0:
            return []
    parts: list[tuple[int, str]] = []
    titles: list[tuple[int, str]] = []
    numbered_parts = False
    stops: list[int] = []
    body_end = len(text)
    for a, b in _lines(text, floor, len(text)):
        line = text[a:b]
        stripped = line.strip()
        if _APPENDIX.match(line):
            body_end = a
            break
        if _RECIPIENTS.match(line) or _is_closing(stripped):
            stops.append(a)
            continue
        m = _part_match(stripped)
        if m and len(stripped) < 200:
            parts.append((a, stripped[m.end():]))
            stops.append(a)
            numbered_parts = True
        elif stripped and stripped.isupper() and len(stripped) < 120 and _is_task_part(stripped):
            titles.append((a, stripped))  # "TỔ CHỨC THỰC HIỆN" without a number
            stops.append(a)
    stops.append(body_end)
    if not numbered_parts:  # upper-case titles are parts only where no part is numbered
        parts = titles
    regions = []
    for a, title in parts:
        if not _is_task_part(title):
            continue
        b = min(s for s in stops if s > a)
        regions.append((a, b))
    if regions or floor:
        return regions
    # An official letter: "Chủ tịch UBND tỉnh yêu cầu:" then numbered assignments.
    for a, b in _lines(text, 0, body_end):
        key = fold(text[a:b])
        # only the sentence that ends in ':' ("... Chủ tịch UBND tỉnh yêu cầu:")
        if key.endswith(":") and _directive_re().search(key.rsplit(". ", 1)[-1]):
            end = min((s for s in stops if s > a), default=body_end)
            return [(b, end)]
    return []


# --- tasks --------------------------------------------------------------------------------


@dataclass
class _Frame:
    block: Block
    path: str
    assignment: Assignment | None
    effective: Assignment | None
    title: str


def _path(stack: list[_Frame], block: Block) -> str:
    """The label path of a heading: "III.2.c"; a dotted item keeps its own label ("III.4.1.1")."""
    label = block.label or ""
    if block.kind == "item" and "." in label:
        base = next((f.path for f in reversed(stack) if f.block.kind != "item"), "")
    else:
        base = stack[-1].path if stack else ""
    return f"{base}.{label}" if base else label


def _pop(stack: list[_Frame], block: Block) -> None:
    """Leave the units that ``block`` does not sit in."""
    level = block.level or 0
    while stack and (stack[-1].block.level or 0) >= level:
        stack.pop()
    if block.kind == "item" and block.label and "." in block.label:
        # "5.1" right after "4.2.7" (the heading "5." is missing) does not sit in "4"
        while stack and stack[-1].block.kind == "item" and \
                not block.label.startswith(f"{stack[-1].block.label}."):
            stack.pop()


def _words(text: str) -> int:
    return len(text.split())


def find_prose_tasks(text: str, *, exclude: list[tuple[int, int]]) -> list[ProseTask]:
    """Every task assigned in prose in ``text`` (outside ``exclude``), in text order."""
    found: list[ProseTask] = []
    used: set[str] = set()
    for lo, hi in task_regions(text):
        found.extend(_region_tasks(text, lo, hi, exclude, used))
    return found


def _excluded(pos: int, exclude: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in exclude)


def _unique(number: str, used: set[str]) -> str:
    candidate, k = number, 1
    while candidate in used:
        k += 1
        candidate = f"{number}#{k}"
    used.add(candidate)
    return candidate


def _region_tasks(text: str, lo: int, hi: int, exclude: list[tuple[int, int]],
                  used: set[str]) -> Iterator[ProseTask]:
    items = [b for b in blocks(text, lo, hi) if not _excluded(b.start, exclude)]
    heading: Block | None = None
    for block in items:  # bullets and paragraphs belong to the heading above them
        if block.level is not None:
            heading = block
        elif heading is not None:
            heading.children.append(block)
    headings = [b for b in items if b.level is not None]
    stack: list[_Frame] = []
    for index, block in enumerate(headings):
        following = headings[index + 1] if index + 1 < len(headings) else None
        has_units = following is not None and (following.level or 0) > (block.level or 0)
        _pop(stack, block)
        own = parse_assignment(text, block.body_start, block.end)
        inherited = next((f.effective for f in reversed(stack) if f.effective), None)
        frame = _Frame(block, _path(stack, block), own, own or inherited,
                       text[block.body_start:block.end].strip())
        group = next((f for f in reversed(stack) if f.assignment is None), None)
        stack.append(frame)
        if block.kind == "part":
            continue
        heading_is_task = False
        if own is not None and own.intro:
            pass  # "1. Bộ Kế hoạch và Đầu tư:" only names who does what follows
        elif not block.children and not has_units:
            heading_is_task = frame.effective is not None
        elif own is not None:
            rest = text[own.action:block.end].strip(_TRIM)
            heading_is_task = (_words(rest) >= _data()["container_task_min_words"]
                               and not frame.title.endswith(":"))
        if heading_is_task and frame.effective is not None:
            yield _task(text, block, frame.effective, own, _unique(frame.path, used), None,
                        group)
        child_group = frame if own is None else group
        yield from _children(text, frame, used, child_group, heading_is_task)


def _children(text: str, frame: _Frame, used: set[str], group: _Frame | None,
              heading_is_task: bool) -> Iterator[ProseTask]:
    local = frame.effective
    if frame.assignment is None and local is not None:
        # "đ) Phối hợp với các Bộ, ngành ... chỉ đạo, hướng dẫn triển khai:" then bullets
        stated = leading_coordination(text, frame.block.body_start, frame.block.end)
        if stated:
            local = Assignment(local.lead, stated, local.action, True)
    rank = 0
    for child in frame.block.children:
        remark = text[child.body_start:child.end].strip()
        if remark.startswith("(") and remark.endswith(")"):
            continue  # "(Một số nhiệm vụ trọng tâm thực hiện có Phụ lục kèm theo)"
        own = parse_assignment(text, child.body_start, child.end)
        if own is not None and child.kind == "para" and own.intro:
            local = own  # "Sở X chủ trì, phối hợp ... thực hiện các nội dung sau:"
            continue
        assignment = own or local
        if assignment is None:
            continue
        rank += 1
        parent = frame.path if heading_is_task else None
        yield _task(text, child, assignment, own, _unique(f"{frame.path}-{rank}", used),
                    parent, group)


def _task(text: str, block: Block, assignment: Assignment, own: Assignment | None,
          number: str, parent: str | None, group: _Frame | None) -> ProseTask:
    content_end = block.body_start + len(text[block.body_start:block.end].rstrip())
    coordinators: tuple[tuple[int, int], ...] = ()
    if assignment.coordinators:
        coordinators = (assignment.coordinators,)
    if own is None:
        stated = leading_coordination(text, block.body_start, block.end)
        if stated:
            coordinators = (stated,)
    return ProseTask(number, parent, group.path if group else None,
                     group.title if group else None, block.start, content_end,
                     (block.body_start, content_end), assignment.lead, coordinators)
