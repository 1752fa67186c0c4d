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

import dataclasses
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from luocdo.loaders import patterns
from luocdo.loaders.task_tables import is_table_line
from luocdo.loaders.timeframes import find_folded_deadline
from luocdo.loaders.vietnamese import fold, strip_diacritics

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
    # the word that names the assignee when the issuer asks ("giao", "de nghi", "yeu cau",
    # "trach nhiem cua", folded), else ""
    requested: str = ""


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
    deadline: tuple[int, int] | None = None  # absolute span of the time frame printed
    report: tuple[int, int] | None = None  # what is to be reported ("kết quả thực hiện")


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
def _assignee_starts_by_initial() -> dict[str, tuple[str, ...]]:
    """First letter -> the assignee starts a folded text of that letter may begin with, in
    the order of :func:`_assignee_starts` (an empty start, were there one, begins any text)."""
    starts = _assignee_starts()
    return {initial: tuple(s for s in starts if s[:1] in (initial, ""))
            for initial in {s[:1] for s in starts}}


@functools.cache
def _collective_unit_res() -> tuple[re.Pattern[str], ...]:
    """A collective unit after a head word, after a comma or not ("Bộ, ngành", "Bộ ngành")."""
    return tuple(re.compile(rf",?\s*{re.escape(u)}(?![a-z])") for u in _data()["collective_units"])


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


_ORGANIZATION_AFTER = re.compile(r"[ \t]+(?:đảng|chính trị|đoàn thể|xã hội|tín dụng|kinh tế|"
                                 r"cơ sở đảng|thành viên)(?!\w)|,[ \t]*cá nhân\b")
_NOUN_BEFORE = re.compile(r"(?:các|những|Các|Những)\s+$")
_RELATIVE_BEFORE = re.compile(r"(?:các|những|Các|Những)\s+[^\W\d][^,;:]{0,25}?\s+có\s+$")


def _lead_end(body: str, pos: int) -> int | None:
    """Where the assignee phrase starting before ``pos`` ends (a verb or ':'), or None."""
    for m in _lead_end_re().finditer(body, pos):
        if m.group() != ":" and _NOUN_BEFORE.search(body[max(0, m.start() - 8):m.start()]):
            continue  # "các tổ chức": a noun, not the verb "tổ chức"
        if m.group() != ":" and _RELATIVE_BEFORE.search(body[max(0, m.start() - 40):m.start()]):
            continue  # "các tổ chức có triển khai các nhiệm vụ khoa học": which carry out
        if m.group() == "tổ chức" and _ORGANIZATION_AFTER.match(body, m.end()):
            continue  # "Các cấp ủy, tổ chức đảng, chính quyền …": a noun in a list of bodies
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
    if _WHEN.match(stripped):
        return False  # "Quý I/2027, ...": a time ("Quỹ", a fund, folds the same)
    key = fold(text[:80])
    by_initial = _assignee_starts_by_initial()
    for start in by_initial.get(key[:1], by_initial.get("", ())):
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
                unit.match(rest_key) for unit in _collective_unit_res()):
            return True  # "Bộ, ngành liên quan", "Bộ ngành liên quan": a collective
        if " " in start and start not in _data()["ambiguous_starts"]:
            return True  # "Tổ đảng ở ...", "Người đứng đầu các ...": a noun phrase
        if re.match(r"và\s+\w", rest) and rest[3:].lstrip()[:1].isupper():
            return True  # "Báo và Đài Phát thanh, Truyền hình Lâm Đồng" (corpus 052)
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
    opening = _ASSIGNING.match(body) if sentence else None
    if opening and starts_with_assignee(body[opening.end():], sentence=False):
        # "Giao Sở X chủ trì ...", "Đề nghị Ủy ban MTTQ tỉnh ...": the issuer assigns
        found = parse_assignment(text, start + opening.end(), end, sentence=False)
        word = " ".join(fold(opening.group()).split()[:3])
        return dataclasses.replace(found, requested=word) if found else None
    if not starts_with_assignee(body, sentence=sentence):
        if not sentence:
            return None
        return _fronted_assignment(text, start, end) or _requested_assignment(text, start, end)
    m = _lead_end(body, 0)
    lead_end = m if m is not None else len(body)
    lead_text = body[:lead_end].rstrip(_TRIM + " ")
    if lead_text.endswith(" có"):
        lead_text = lead_text[:-3].rstrip(_TRIM)
    if not lead_text or len(lead_text) > 300:
        return None
    asked = _asked(text, start, start + len(lead_text), end)
    if asked is not None:
        return asked  # "Bộ Nội vụ đề nghị các bộ, ...": the bodies asked lead, not the asker
    if _ASKS_BELOW.match(text, start + len(lead_text), end):
        return None  # "Văn phòng Chính phủ trân trọng đề nghị:": the asker of what follows
    if _NOT_LEAD.search(lead_text):
        return None  # "Sở Nội vụ đã tổng hợp ...": what was done, not what is to be done
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

# "Giao Sở X chủ trì, phối hợp với ...", "Đề nghị Ủy ban Mặt trận Tổ quốc tỉnh ...",
# "Trách nhiệm của các sở, ban, ngành" (a heading): the body named after them is assigned.
_ASSIGNING = re.compile(r"(?:Giao(?:\s+cho)?|Đề nghị|Yêu cầu|(?:Trách nhiệm|Nhiệm vụ)"
                        r"(?:\s+(?:chung|cụ thể|chính))?\s+của)\s+(?=\S)")
# "Bộ Nội vụ đề nghị các bộ ...", "..., giao Sở Nội vụ chủ trì ...": a request in a sentence
_REQUEST = re.compile(r"(?<!\w)(?:trân trọng\s+|kính\s+)?(?:đề nghị|yêu cầu|giao(?:\s+cho)?)"
                      r"\s+(?=\S)")
# Words before a request that make it no request: "theo đề nghị của", "đã giao", "được giao"
_NOT_REQUEST_BEFORE = re.compile(r"(?<!\w)(?:đã|được|đang|theo|của|có|và|hồ sơ|tờ trình|văn bản|"
                                 r"các|những|khi|việc|phương án|đề xuất|nghiên cứu|kiến nghị|"
                                 r"xem xét|cơ chế|thí điểm|nội dung|quy định|bàn|chuyển|phân)\s*$",
                                 re.IGNORECASE)
_NOT_LEAD = re.compile(r"(?<!\w)(?:đã|đang|vừa|chưa|nhận được)(?!\w)")
_REQUEST_REACH = 250
_ASKS_BELOW = re.compile(r"[\s,]*(?:trân trọng\s+|kính\s+)?(?:đề nghị|yêu cầu)\s*:")


def _asked(text: str, start: int, lead_end: int, end: int) -> Assignment | None:
    """The bodies a request right after the asker names: ``Bộ Nội vụ đề nghị các bộ, ...``."""
    m = _REQUEST.match(text, lead_end + len(text[lead_end:end]) - len(text[lead_end:end].lstrip(
        " ,")), end)
    if m is None or not starts_with_assignee(text[m.end():end], sentence=False):
        return None
    found = parse_assignment(text, m.end(), end, sentence=False)
    return dataclasses.replace(found, requested=_word(m.group())) if found else None


def _requested_assignment(text: str, start: int, end: int) -> Assignment | None:
    """A request inside a sentence that does not open with an assignee: ``Khi có kết quả
    đánh giá ..., giao Sở Nội vụ chủ trì ...``, ``Để ..., Bộ Nội vụ đề nghị các bộ ...``."""
    for m in _REQUEST.finditer(text, start, min(end, start + _REQUEST_REACH)):
        if _NOT_REQUEST_BEFORE.search(text, max(start, m.start() - 12), m.start()):
            continue
        if not _NAMED.match(text, m.end()) or not starts_with_assignee(text[m.end():end],
                                                                       sentence=False):
            continue
        found = parse_assignment(text, m.end(), end, sentence=False)
        if found is not None:
            return dataclasses.replace(found, requested=_word(m.group()))
    return None


# What a request inside a sentence names: a capitalized body or a collective ("các bộ");
# "giao ban, hội thảo" (a meeting) names no one.
_NAMED = re.compile(r"[A-ZĐÀ-Ỹ]|(?:các|những|mỗi|từng|toàn bộ|tất cả)\s")


def _word(request: str) -> str:
    """The request word of a match of ``_REQUEST``, folded: "giao", "de nghi", "yeu cau"."""
    key = fold(request).strip()
    return next(w for w in ("giao", "de nghi", "yeu cau") if w in key)


def _own_or_inherited(own: Assignment | None, inherited: Assignment | None
                      ) -> Assignment | None:
    """A point under a lead that asks others (``- Yêu cầu các đơn vị khai thác lắp đặt trạm
    cân``) is the lead's task: the lead is to require it (corpus 011, IV.2)."""
    if own is not None and inherited is not None and own.requested in ("de nghi", "yeu cau"):
        return None
    return own


# A clause before the assignee: a purpose, a basis, or a time ("Quý I/2027, các cơ quan ...
# đánh giá", corpus 052; "Sau khi ..., Văn phòng ... có trách nhiệm", corpus 044).
_FRONTED = re.compile(r"(?:Trên cơ sở|Căn cứ|Để|Nhằm|Quý|Trong|Hằng|Hàng|Sau khi|Khi|Định kỳ|"
                      r"Trước|Từ|Đến)\s")
_PURPOSES = ("tren co so", "can cu", "de", "nham")
_WHEN = re.compile(r"(?:Quý|Tháng|Năm|Ngày)\s+(?:[IVX]+|\d)")
_FRONTED_REACH = 250
_NOT_ASSIGNING = re.compile(r"\s*(?:yêu cầu|đề nghị|chỉ đạo|quyết định|giao)\b")


def _fronted_assignment(text: str, start: int, end: int) -> Assignment | None:
    """An assignment after a fronted clause: ``Trên cơ sở nội dung Nghị quyết ..., các Bộ
    trưởng, ... xây dựng ...`` (the assignee follows one of the clause's commas)."""
    body = text[start:end]
    opening = _FRONTED.match(body)
    if not opening:
        return None
    # a time ("Định kỳ hằng tháng, công khai ... doanh nghiệp") ends at its first comma
    commas = list(re.finditer(",", body[:_FRONTED_REACH]))
    if not fold(opening.group()).startswith(_PURPOSES):
        commas = commas[:1]
    for comma in commas:
        rest = body[comma.end():]
        offset = comma.end() + len(rest) - len(rest.lstrip())
        if not _NAMED.match(rest.lstrip()) or not starts_with_assignee(rest.lstrip(),
                                                                       sentence=False):
            continue
        found = parse_assignment(text, start + offset, end, sentence=False)
        if found is not None and found.requested:
            return found  # "Để ..., Bộ Nội vụ đề nghị các bộ ... góp ý"
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
    return fold(line[:40]).startswith(_closings())


@functools.cache
def _closings() -> tuple[str, ...]:
    return tuple(_data()["closing"])


@functools.cache
def _directive_re() -> re.Pattern[str]:
    subjects = "|".join(re.escape(w) for w in _data()["directive_subjects"])
    cues = "|".join(re.escape(w) for w in _data()["directive_cues"])
    return re.compile(rf"\b(?:{subjects})\b[^.;:]{{0,40}}?\b(?:{cues})\b")


def task_regions(text: str) -> list[tuple[int, int]]:
    """Where ``text`` assigns tasks in prose: its task parts, else after a directive line.

    Cached for the last few texts: the tasks and the targets stages both ask.
    """
    return list(_task_regions(text))


@functools.lru_cache(maxsize=4)
def _task_regions(text: str) -> tuple[tuple[int, int], ...]:
    """See :func:`task_regions`.

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
            return ()
    parts: list[tuple[int, str]] = []
    titles: list[tuple[int, str]] = []
    numbered_parts = False
    stops: list[int] = []
    items: list[tuple[int, str]] = []  # "2. Tổ chức thực hiện": a short plan's parts
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
        elif (item := _TOP_ITEM.match(stripped)) is not None:
            items.append((a, item["title"]))
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
        return tuple(regions)
    # An official letter: "Chủ tịch UBND tỉnh yêu cầu:" then numbered assignments.
    for a, b in _lines(text, 0, body_end):
        key = fold(text[a:b])
        # only the sentence that ends in ':' ("... Chủ tịch UBND tỉnh yêu cầu:")
        if key.endswith(":") and _directive_re().search(key.rsplit(". ", 1)[-1]):
            end = min((s for s in stops if s > a), default=body_end)
            return ((b, end),)
    # A short plan without parts: its numbered items are its parts ("1. Mục đích, yêu cầu",
    # "2. Tổ chức thực hiện"), each up to the next one.
    # Only where at least two items are part titles (a wrapped line of a PDF text layer,
    # "2. Việc sáp nhập … giao nhiệm vụ có phạm", is none).
    words = tuple(_data()["task_parts"]) + tuple(_data()["not_task_parts"])
    parts = [(a, t) for a, t in items if fold(t).startswith(words)]
    if len(parts) < 2:
        return ()
    ends = [a for a, _ in parts] + stops
    return tuple((a, min(e for e in ends if e > a)) for a, title in parts
                 if _is_task_part(title))


# A numbered item that is only a short title: "2. Tổ chức thực hiện" (no final period)
_TOP_ITEM = re.compile(r"\d{1,2}\s*[.)]\s*(?P<title>[A-ZĐÀ-Ỹ][^.:;]{2,80})$")


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


def find_prose_tasks(text: str, *, exclude: list[tuple[int, int]],
                     warn: Callable[[str], None] | None = None) -> list[ProseTask]:
    """Every task assigned in prose in ``text`` (outside ``exclude``), in text order.

    ``warn`` hears of a task part whose points name no one, so that no task was read from
    it: the reader says so rather than dropping the part silently (issue 15)."""
    found: list[ProseTask] = []
    used: set[str] = set()
    regions = task_regions(text)
    for lo, hi in regions:
        tasks = list(_region_tasks(text, lo, hi, exclude, used))
        found.extend(tasks)
        if not tasks and warn is not None and not _excluded(lo, exclude):
            points = sum(1 for b in blocks(text, lo, hi) if b.kind in ("item", "point", "bullet")
                         and not _excluded(b.start, exclude))
            if points:
                title = text[lo:text.find("\n", lo) if "\n" in text[lo:hi] else hi].strip()
                warn(f"task part at {lo} (line {text.count(chr(10), 0, lo) + 1}, "
                     f"{title[:50]!r}): {points} points or bullets, none names who carries "
                     "it out; no task read from it")
    if regions:
        found.extend(_elsewhere(text, regions, exclude, used))
    if not regions and not _ARTICLE.search(text):
        letter = _letter_body(text)
        if letter is not None:
            lo, hi, addressees = letter
            paragraphs = [b for b in blocks(text, lo, hi) if not _excluded(b.start, exclude)]
            found.extend(t for t in _root_tasks(text, paragraphs, used, requested_only=True)
                         if _addressed(text[t.lead[0]:t.lead[1]], addressees))
    return found


# Parts that state aims, requirements, findings or criteria: what they say is no assignment.
_AIMS = ("muc dich", "yeu cau", "quan diem", "muc tieu", "ket qua", "tinh hinh", "danh gia",
         "thuc trang", "can cu", "tieu chuan", "doi tuong", "pham vi", "chi tieu", "kinh phi",
         "noi dung", "de xuat", "kien nghi")
_DUTY = re.compile(r"(?<!\w)(?:chịu trách nhiệm|có trách nhiệm)(?!\w)")


def _elsewhere(text: str, regions: list[tuple[int, int]], exclude: list[tuple[int, int]],
               used: set[str]) -> Iterator[ProseTask]:
    """Assignments outside the task parts of a plan that has them: a paragraph or bullet
    that names its assignee and either a deadline or a duty (``Ủy ban nhân dân các tỉnh
    … chịu trách nhiệm kết nối đường truyền`` in a meeting's "II. Địa điểm", corpus 047;
    ``Các cơ quan … gửi về Sở Nội vụ trước ngày 15/02/2027``, corpus 052 V)."""
    lines = list(_lines(text, 0, len(text)))
    heads = [(a, m.group("label"), text[a:b].strip()[m.end():])
             for a, b in lines if (m := _part_match(text[a:b].strip())) is not None
             and len(text[a:b].strip()) < 200]
    last = max(b for _, b in regions)
    for k, (a, label, title) in enumerate(heads):
        end = heads[k + 1][0] if k + 1 < len(heads) else last
        if a >= last or any(lo <= a < hi for lo, hi in regions):
            continue
        if fold(title).startswith(_AIMS) or any(w in fold(title) for w in ("ket qua", "danh gia")):
            continue
        rank = 0
        for block in blocks(text, a, min(end, last)):
            if block.kind == "part" or _excluded(block.start, exclude):
                continue
            own = parse_assignment(text, block.body_start, block.end)
            if own is None or own.intro:
                continue
            body = text[own.lead[1]:block.end]
            if not (_DUTY.search(body) or find_prose_deadline(text, own.lead[1], block.end)):
                continue
            rank += 1
            yield _task(text, block, own, own, _unique(f"{label}-{rank}", used), None, None)


def _addressed(lead: str, addressees: str) -> bool:
    """Whether a letter asks one of its addressees (``Kính gửi: Các bộ, ...``): a letter
    that quotes another body's request (``Sở Nội vụ ... đề nghị các hội ...``) asks no one."""
    words = re.findall(r"\w+", fold(lead))[:3]
    return bool(words) and " ".join(words) in " ".join(re.findall(r"\w+", addressees))


_GREETING = re.compile(r"^[ \t]*Kính gửi\s*:?", re.MULTILINE)


def _letter_body(text: str) -> tuple[int, int, str] | None:
    """A letter's body (after the ``Kính gửi:`` list, up to the recipients or the closing)
    and its addressees, folded."""
    greeting = _GREETING.search(text)
    if greeting is None:
        return None
    start = None
    for a, b in _lines(text, greeting.end(), len(text)):
        line = text[a:b].strip()
        if a == greeting.end() or not line or _BULLET.match(line) or line[:1].islower():
            continue  # the addressees: "- Các bộ, ...;", their wrapped lines
        start = a
        break
    if start is None:
        return None
    end = len(text)
    for a, b in _lines(text, start, len(text)):
        if _RECIPIENTS.match(text[a:b]) or _APPENDIX.match(text[a:b]) or _is_closing(
                text[a:b].strip()):
            end = a
            break
    return start, end, fold(text[greeting.end():start])


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
    root: list[Block] = []
    for block in items:  # bullets and paragraphs belong to the heading above them
        if block.level is not None:
            heading = block
        elif heading is not None:
            heading.children.append(block)
        else:
            root.append(block)
    yield from _root_tasks(text, root, used)
    headings = [b for b in items if b.level is not None]
    stated = _responsibilities(text, headings)
    stack: list[_Frame] = []
    for index, block in enumerate(headings):
        following = headings[index + 1] if index + 1 < len(headings) else None
        has_units = following is not None and (following.level or 0) > (block.level or 0)
        _pop(stack, block)
        inherited = next((f.effective for f in reversed(stack) if f.effective), None)
        own = parse_assignment(text, block.body_start, block.end)
        inherited = stated.get(id(block), inherited)
        if own is None and has_units:
            # "1. Về cải cách thể chế" / "Giao Sở Tư pháp chủ trì, ...:" / "a) ...": the
            # introduction under the heading names who does the points below it
            inherited = _introduction(text, block) or inherited
        frame = _Frame(block, _path(stack, block), own, own or inherited,
                       text[block.body_start:block.end].strip())
        group = next((f for f in reversed(stack) if f.assignment is None), None)
        stack.append(frame)
        if block.kind == "part":
            # "III. TỔ CHỨC THỰC HIỆN" then "Sở Nội vụ: …", "- Các sở, ngành …" with no item
            yield from _children(text, frame, used, frame if own is None else group, False,
                                 stated)
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
        yield from _children(text, frame, used, child_group, heading_is_task, stated)


# "Trách nhiệm chỉ đạo thực hiện: Sở X, UBND các huyện" after a block of measures: who carries
# out the measures above it (the points of the same heading, or the bullets before it).
_RESPONSIBLE = re.compile(
    r"(?:Trách nhiệm(?:\s+chỉ đạo)?(?:\s+(?:thực hiện|triển khai|chủ trì))?"
    r"|(?:Cơ quan|Đơn vị)\s+(?:chủ trì|thực hiện|chịu trách nhiệm)|Phân công thực hiện)"
    r"\s*:\s*(?=\S)")


def _responsibility(text: str, block: Block) -> Assignment | None:
    m = _RESPONSIBLE.match(text, block.body_start, block.end)
    if m is None:
        return None
    found = parse_assignment(text, m.end(), block.end, sentence=False)
    if found is None:
        return None
    joining = _JOINING.search(text, found.lead[1], block.end)  # "…; phối hợp: các sở, …"
    if found.coordinators is None and joining is not None:
        b = joining.end() + len(text[joining.end():block.end].rstrip(_TRIM))
        if b > joining.end() and starts_with_assignee(text[joining.end():b], sentence=False):
            found = dataclasses.replace(found, coordinators=(joining.end(), b))
    return dataclasses.replace(found, intro=False)


_JOINING = re.compile(r"[\s;,]*(?:các\s+)?(?:cơ quan\s+|đơn vị\s+)?phối hợp(?:\s+với)?\s*:\s*",
                      re.IGNORECASE)


def _responsibilities(text: str, headings: list[Block]) -> dict[int, Assignment]:
    """The measures each ``Trách nhiệm … thực hiện:`` line applies to (by ``id`` of the
    block): the bullets before it under its heading, else its heading and the headings of the
    same rank before it, back to the previous such line or a higher heading. The lines
    themselves leave their heading's children."""
    out: dict[int, Assignment] = {}
    for index, heading in enumerate(headings):
        for k, child in enumerate(list(heading.children)):
            found = _responsibility(text, child)
            if found is None:
                continue
            heading.children.remove(child)
            before = [c for c in heading.children[:k] if id(c) not in out]
            for c in before:
                out[id(c)] = found
            if before:
                continue
            for j in range(index, -1, -1):
                other = headings[j]
                if (other.level or 0) < (heading.level or 0) or id(other) in out:
                    break
                if other.level == heading.level:
                    out[id(other)] = found
    return out


def _introduction(text: str, block: Block) -> Assignment | None:
    """The last paragraph under a heading that only introduces who does what follows."""
    found = None
    for child in block.children:
        if child.kind != "para":
            continue
        own = parse_assignment(text, child.body_start, child.end)
        if own is not None and own.intro:
            found = own
    return found


def _root_tasks(text: str, root: list[Block], used: set[str], *,
                requested_only: bool = False) -> Iterator[ProseTask]:
    """Paragraphs before the first heading of a region that assign work themselves (a
    letter: ``Bộ Nội vụ đề nghị các bộ, ... góp ý ...``); a following paragraph that only
    says by when (``Văn bản ... đề nghị gửi về Bộ Nội vụ trước ngày 30/9/2025``) gives the
    deadline of the task before it."""
    rank = 0
    previous: ProseTask | None = None
    local: Assignment | None = None  # "Bộ X đề nghị các đơn vị:" then bullets
    for block in root:
        own = parse_assignment(text, block.body_start, block.end)
        if own is not None and requested_only and not own.requested:
            own = None  # a letter's body: only what it asks of the addressees
        if own is not None and own.intro:
            local = own if text[block.body_start:block.end].rstrip().endswith(":") else None
            continue
        if own is None and block.kind == "bullet" and local is not None:
            assignment: Assignment | None = local
        else:
            assignment = own
            local = None if block.kind != "bullet" else local
        if assignment is None:
            if previous is not None and previous.deadline is None:
                when = find_prose_deadline(text, block.body_start, block.end)
                if when is not None and _SENT.search(text, block.body_start, block.end):
                    previous = dataclasses.replace(previous, deadline=when)
            continue
        if previous is not None:
            yield previous
        rank += 1
        previous = _task(text, block, assignment, own, _unique(f"P{rank}", used), None, None)
    if previous is not None:
        yield previous


def _children(text: str, frame: _Frame, used: set[str], group: _Frame | None,
              heading_is_task: bool, responsible: dict[int, Assignment] | None = None
              ) -> Iterator[ProseTask]:
    responsible = responsible or {}
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
        read = parse_assignment(text, child.body_start, child.end)
        if read is not None and child.kind == "para" and read.intro:
            local = read  # "Sở X chủ trì, phối hợp ... thực hiện các nội dung sau:"
            continue
        own = _own_or_inherited(read, local)
        assignment = own or responsible.get(id(child)) or local
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
                     (block.body_start, content_end), assignment.lead, coordinators,
                     find_prose_deadline(text, block.body_start, content_end),
                     find_report(text, block.body_start, content_end))


# What a task is to report: "báo cáo kết quả thực hiện về Sở Nội vụ", "báo cáo cho lãnh đạo
# UBND tỉnh tình hình giải quyết hồ sơ …" (the recipient may come first), cut before the
# recipient, the deadline or the purpose that follow it.
_REPORT = re.compile(
    r"(?<!\w)[Bb]áo cáo(?:\s+(?:cho|về|gửi|lên)?\s*[^.;:,()]{0,50}?)??\s+"
    r"(?P<what>(?:kết quả|tình hình|tiến độ|việc thực hiện|số liệu)[^.;:,()]{0,120}?)"
    r"(?=\s+(?:về|cho|gửi|trước|để|định kỳ|hằng|hàng|theo|lên|qua|chậm nhất|trong|với|tới|đến)"
    r"\b|\s*[.;:,()]|\s*$)")


def find_report(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Where ``text[start:end]`` says what is to be reported, or None.

    >>> s = "Định kỳ hằng quý báo cáo kết quả thực hiện về Sở Nội vụ trước ngày 15/12."
    >>> a, b = find_report(s, 0, len(s)); s[a:b]
    'kết quả thực hiện'
    """
    m = _REPORT.search(text, start, end)
    return (m.start("what"), m.end("what")) if m is not None else None


# --- deadlines ----------------------------------------------------------------------------

# Beyond timeframes.find_deadline (folded text): an hour before the day ("trước 14 giờ ngày
# 08 tháng 10 năm 2025", corpus 047), a quarter or month opening the sentence ("Quý I/2027,
# các cơ quan ... đánh giá", corpus 052), a recurrence ("định kỳ hằng quý", "hằng tháng").
_DATED = re.compile(  # every phrase opens with b, c, h, q or t: skip other positions at once
    r"(?=[bchqt])(?:"
    r"(?:hoan thanh\s+|bao cao\s+)?(?:truoc|cham nhat)\s+\d{1,2}\s*(?:gio|h)(?:\s*\d{1,2})?\s*,?\s*"
    r"(?:ngay\s+\d{1,2}\s+thang\s+\d{1,2}\s+nam\s+(?:19|20)\d{2}"
    r"|(?:ngay\s+)?\d{1,2}\s*/\s*\d{1,2}\s*/\s*(?:19|20)\d{2})"
    r"|^(?:trong\s+)?(?:quy\s*(?:iv|i{1,3}|[1-4])|thang\s*\d{1,2})\s*/\s*(?:19|20)\d{2}(?=\s*,)"
    r")")
# A bare "hằng năm" counts only where it opens a clause ("Hằng tuần, báo cáo ..."): inside one
# it qualifies a noun ("kế hoạch công tác hằng năm").
_RECURRING = re.compile(r"(?:(?<=^)|(?<=[,;] ))(?:hang|moi)\s+(?:tuan|thang|quy|nam)(?!\w)")
# A day in each period: "chậm nhất vào ngày 05 hằng tháng", "trước 16 giờ ngày thứ Sáu hằng
# tuần", "trước ngày 15/12 hằng năm", "trước ngày 05 của tháng liền kề" (folded text).
_DAY_OF_PERIOD = re.compile(
    r"(?:truoc|cham nhat(?:\s+(?:vao|la))?)\s+(?:\d{1,2}\s*(?:gio|h)(?:\s*\d{1,2})?\s+)?ngay\s+"
    r"(?:\d{1,2}(?:\s*/\s*\d{1,2})?|thu\s+\w+)\s+(?:(?:cua\s+)?(?:hang|moi)\s+(?:tuan|thang|quy|nam)"
    r"|cua\s+thang\s+(?:lien ke|tiep theo|sau|cuoi quy))(?!\w)")
_PERIODIC = re.compile(r"dinh ky\s+(?:(?:hang|moi)\s+(?:tuan|thang|quy|nam)|6 thang|nam)(?!\w)")
_SENT = re.compile(r"(?<!\w)(?:gửi|báo cáo)(?!\w)", re.IGNORECASE)


def find_prose_deadline(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Where ``text[start:end]`` says by when (or how often) the work is due, or None.

    >>> s = "Bộ Y tế gửi danh sách trước 14 giờ ngày 08 tháng 10 năm 2025 để tổng hợp."
    >>> a, b = find_prose_deadline(s, 0, len(s)); s[a:b]
    'trước 14 giờ ngày 08 tháng 10 năm 2025'
    """
    piece = text[start:end]
    key = strip_diacritics(piece).lower()
    if len(key) != len(piece):
        return None
    m = _DATED.search(key)
    if m is not None:
        return start + m.start(), start + m.end()
    found = find_folded_deadline(key)  # find_deadline(piece), which would fold it again
    if found is not None:
        return start + found[0], start + found[1]
    m = (_DAY_OF_PERIOD.search(key) or _PERIODIC.search(key)  # "định kỳ": the work recurs
         or _RECURRING.search(key))
    return (start + m.start(), start + m.end()) if m is not None else None
