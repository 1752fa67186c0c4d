"""Reporting duties: who reports what, to whom, by when (``báo cáo … trước ngày …``).

A duty is a clause (cut at ``;``, sentence ends and line ends) that says
``báo cáo`` and either a deadline (``trước ngày 05/12``, ``trước ngày 20
tháng 12``, ``chậm nhất ngày …``) or a recurrence (``định kỳ hằng năm``,
``6 tháng``, ``hằng quý``). Mentions of a report as a document (``Báo cáo số
…``) and table rows (a task's product ``Báo cáo``) are not duties.

- ``to``: the bodies named after ``gửi``/``về``/``cho``/``với`` (else right after
  ``báo cáo``), canonical names joined with ``; ``, collectives included
  (``Ủy ban nhân dân cấp tỉnh``);
- ``what``: the words after ``báo cáo`` (and after an addressee printed right
  after it) up to the addressee or deadline;
- ``due``: the deadline as printed, with a following ``hằng năm``; several
  deadlines in one clause (``trước ngày 15 tháng 6 và trước ngày 15 tháng
  12``) stay in one duty, ``day_month`` is the first; a quarter or month
  (``trong quý III năm 2012``) when no day is given;
- ``reporter``: the bodies just before ``báo cáo`` in its clause, else those
  the sentence or its numbered item begins with (``Thủ trưởng các sở, ban,
  ngành tỉnh; Chủ tịch UBND các huyện …``), or the ``Đơn vị gửi báo cáo:``
  line of a report form.

Clauses run over wrapped lines of a PDF text layer.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Sequence
from typing import Any

from luocdo.loaders import agencies, patterns, relations, timeframes
from luocdo.loaders.vietnamese import squash
from luocdo.model import ReportingDuty, Section

# A regex that opens with a look-behind is tried at every position of a text; one that opens
# with a letter is scanned for in one fast loop. So the look-behind comes after the first
# letter ("." stands for it): the same matches as (?<!\w)báo, 3 times faster.
_REPORT = re.compile(r"b(?<!\w.)áo\s+cáo(?!\w)", re.IGNORECASE)
_DOCUMENT = re.compile(r"\s+(?:số|số:)\s*\d|\s+\d+\s*/\s*[A-ZĐ]", re.IGNORECASE)
_DEADLINE = re.compile(
    r"(?:trước|chậm\s+nhất(?:\s+(?:là|vào))?|không\s+muộn\s+hơn)\s+(?:ngày\s+)?"
    r"(?P<d>\d{1,2})(?:\s*/\s*|\s+tháng\s+)(?P<m>\d{1,2})"
    r"(?:(?:\s*/\s*|\s+năm\s+)(?P<y>(?:19|20)\d{2}))?"
    r"(?P<every>\s+(?:của\s+)?(?:hằng|hàng)\s+năm)?",
    re.IGNORECASE,
)
_DATE_MASK = re.compile(r"ngày\s+\d{1,2}(?:\s*/\s*\d{1,2}|\s+tháng\s+\d{1,2})", re.IGNORECASE)
_FORM_SENDER = re.compile(r"^[ \t]*Đơn\s+vị\s+gửi\s+báo\s+cáo\s*:\s*(?P<who>.+)$",
                          re.MULTILINE | re.IGNORECASE)
_FORM_RECEIVER = re.compile(r"^[ \t]*Đơn\s+vị\s+nhận\s+báo\s+cáo\s*:\s*(?P<who>.+)$",
                            re.MULTILINE | re.IGNORECASE)
_PERIODIC_VERB = re.compile(r"(?<!\w)định\s+kỳ\s+(?:\S+\s+){0,3}?báo\s+cáo(?!\w)",
                            re.IGNORECASE)
# "với" but not "đối với"; "đồng thời gửi" goes on with another addressee
_CUE_BEFORE = re.compile(r"(?<!\w)(?:gửi\s+về|gửi\s+đến|gửi\s+tới|gửi|về|cho|lên|tới|(?<!đối\s)với)"
                         r"\s+$", re.IGNORECASE)
# between two addressees; a remark may follow one: "Bộ Kế hoạch và Đầu tư (đối với KKT, KCN) và
# Bộ Công Thương (đối với CCN)"
_RECIPIENT_GAP = re.compile(
    r"(?:\s*\([^()]{1,60}\))?\s*(?:,|và|,?\s*đồng\s+thời\s+gửi(?:\s+về)?)\s*", re.IGNORECASE)
# A date before which something happened is no deadline: "giấy phép ... được cấp trước ngày
# 01 tháng 7 năm 2025" (corpus 016, a law's transition rule).
_PASSIVE_BEFORE = re.compile(r"(?<!\w)(?:được|đã)(?:\s+\S+){1,2}\s+$", re.IGNORECASE)
_AND_DEADLINE = re.compile(r"\s*,?\s*(?:và|hoặc)\s+" + _DEADLINE.pattern, re.IGNORECASE)
_LABEL = re.compile(r"[ \t]*(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])[ \t]*[.)][ \t]*|[ \t]*[-+•–][ \t]*")
# A remark after the addressee: "(qua Sở Nông nghiệp và Môi trường)", "(đối với CCN)"
_VIA = re.compile(r"\s*\([^()]{1,80}\)")
_REPORT_BEFORE = re.compile(r"(?<!\w)báo\s+cáo\s*,?\s+$", re.IGNORECASE)
_FORM_FIELD = re.compile(r"\(?\s*(?:kỳ|đơn\s+vị\s+(?:gửi|nhận))\s+báo\s+cáo\s*:",
                         re.IGNORECASE)
_PERIOD_ONLY = re.compile(
    r"(?:(?:6|06|sáu)\s+tháng(?:\s+đầu\s+năm)?|năm|quý(?:\s+[IV]+)?|tháng)\s*$", re.IGNORECASE)
_ITEM = re.compile(r"^[ \t]*(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])[ \t]*[.)][ \t]*", re.MULTILINE)


def _data() -> dict[str, Any]:
    return patterns.load("reporting")


@functools.cache
def _recurrences() -> tuple[tuple[re.Pattern[str], str], ...]:
    out = []
    for entry in _data()["recurrences"]:
        for word in entry["words"]:
            out.append((re.compile(_initials([word]) + r"(?<!\w)"
                                   + re.escape(word).replace(r"\ ", r"\s+") + r"(?!\w)",
                                   re.IGNORECASE), entry["recurrence"]))
    return tuple(out)


@functools.cache
def _any_recurrence() -> re.Pattern[str]:
    """Any word of :func:`_recurrences`: most clauses state none, which one search tells."""
    return _any_word([word for entry in _data()["recurrences"] for word in entry["words"]])


@functools.cache
def _stops(name: str) -> re.Pattern[str]:
    return _any_word(sorted(_data()[name], key=len, reverse=True))


def _any_word(words: list[str]) -> re.Pattern[str]:
    return re.compile(_initials(words) + r"(?<!\w)(?:"
                      + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
                      + r")(?!\w)", re.IGNORECASE)


def _initials(words: list[str]) -> str:
    """A lookahead for the first letters of ``words``: tested before the look-behind, it
    skips most positions in one test (the same matches). Nothing when a word starts with a
    space (written ``\\s+``)."""
    if any(not w[:1] or w[:1].isspace() for w in words):
        return ""
    return "(?=[" + re.escape("".join(sorted({w[0] for w in words}))) + "])"


def recurrence(text: str) -> str | None:
    """``annual``, ``semiannual``, ``quarterly`` or ``monthly`` as ``text`` states it."""
    masked = _DATE_MASK.sub(lambda m: " " * len(m.group(0)), text)
    if not _any_recurrence().search(masked):
        return None
    for regex, name in _recurrences():
        if regex.search(masked):
            return name
    return None


def deadline(text: str, lo: int = 0, hi: int | None = None) -> tuple[str, str, int, int] | None:
    """The first deadline of ``text[lo:hi]``: (as printed, MM-DD, start, end)."""
    hi = len(text) if hi is None else hi
    m = _DEADLINE.search(text, lo, hi)
    if m is None:
        return None
    day, month = int(m["d"]), int(m["m"])
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    return squash(m.group(0)), f"{month:02d}-{day:02d}", m.start(), m.end()


def _due(text: str, lo: int, hi: int) -> tuple[str, str | None, int, int] | None:
    """The deadline of a clause: (as printed, MM-DD or None, start, end).

    Deadlines joined by ``và`` stay one (``trước ngày 20 tháng 6 và trước ngày 20 tháng 12
    hằng năm``); a quarter, month or year (``trong quý III năm 2012``) counts when no day is
    given; a date something was done before (``được cấp trước ngày ...``) does not.
    """
    pos = lo
    while (found := deadline(text, pos, hi)) is not None:
        _printed, day_month, start, end = found
        if _PASSIVE_BEFORE.search(text[max(lo, start - 30):start]):
            pos = end
            continue
        while (more := _AND_DEADLINE.match(text, end, hi)) is not None:
            end = more.end()
        return squash(text[start:end]), day_month, start, end
    found_span = timeframes.find_deadline(text[lo:hi])
    if found_span is None:
        return None
    start, end = lo + found_span[0], lo + found_span[1]
    if _PASSIVE_BEFORE.search(text[max(lo, start - 30):start]):
        return None
    return squash(text[start:end]), None, start, end


# ";", "." after a letter or sign (before a space), "./." — each alternative opens with its
# character and looks behind after it, so that re scans for them in its fast loop (the same
# matches as "(?<=[^\d\s])\.", 3 times faster).
_CLAUSE_CUT = re.compile(r";|\.(?<=[^\d\s]\.)(?=\s)|\./\.")


def _clauses(text: str) -> list[tuple[int, int]]:
    """Clauses that say ``báo cáo``: paragraphs (a line wrapped in a PDF text layer goes on)
    cut at ``;`` and at sentence ends."""
    reports = [m.start() for m in _REPORT.finditer(text)]
    cuts = [0]
    for a, b in relations.paragraphs(text):
        i = bisect.bisect_left(reports, a)
        if i == len(reports) or reports[i] >= b:
            continue  # no report in this paragraph
        cuts.append(a)
        for m in _CLAUSE_CUT.finditer(text[a:b]):
            cuts.append(a + m.end())
        cuts.append(b)
    cuts.append(len(text))
    cuts = sorted(set(cuts))
    out = []
    for a, b in itertools.pairwise(cuts):
        while a < b and text[a] in " \t\n-–+•":
            a += 1
        while b > a and text[b - 1] in " \t\n.;":
            b -= 1
        if a < b:
            out.append((a, b))
    return out


def find_reporting(text: str, *, structure: Sequence[Section] = (),
                   exclude: Sequence[tuple[int, int]] = (),
                   province: str | None = None) -> tuple[ReportingDuty, ...]:
    """The reporting duties of ``text``: what, to whom, when, by whom."""
    del structure  # the enclosing item is read from the text itself
    duties: list[ReportingDuty] = []
    for lo, hi in _clauses(text):
        if any(a <= lo < b for a, b in exclude):
            continue
        clause = text[lo:hi]
        if "|" in clause:
            continue  # a table row
        if _FORM_FIELD.match(clause):
            continue  # "Kỳ báo cáo: 6 tháng/năm" describes a form
        report = next((m for m in _REPORT.finditer(clause)
                       if not _DOCUMENT.match(clause, m.end())
                       and not clause[m.end():].lstrip().startswith(":")), None)
        if report is None:
            continue
        due = _due(text, lo, hi)
        every = recurrence(clause)
        label = _LABEL.match(clause)
        opens = label is not None and report.start() == label.end()  # "4. Báo cáo định kỳ ..."
        if every == "periodic" and not _PERIODIC_VERB.search(clause) and not opens:
            every = None  # "báo cáo định kỳ" names a kind of report, it assigns nothing
        if due is None and every is None:
            continue
        to = _recipients(text, lo, hi, lo + report.start(), province)
        if due is None and to is None:
            continue  # a recurring report with no deadline and no addressee: a mention
        duties.append(ReportingDuty(
            text=clause, start=lo, end=hi,
            what=_what(text, lo + report.end(),
                       due[2] if due and due[2] > lo + report.end() else hi,
                       lo + report.start(), province),
            to=to,
            due=due[0] if due else None,
            reporter=_subject(text, lo, lo + report.start(), province)
            or _reporter(text, lo, province),
            recurrence=every,
            day_month=due[1] if due else None,
        ))
    return tuple(duties)


def _what(text: str, after: int, hi: int, report_start: int,
          province: str | None = None) -> str | None:
    """What is reported: the words after ``báo cáo`` up to the recipient or deadline.

    An addressee printed right after ``báo cáo`` (``báo cáo UBND tỉnh kết quả ...``,
    ``báo cáo Ủy ban nhân dân tỉnh (qua Sở ...) về tình hình ...``) is skipped.
    """
    skipped = _skip_addressee(text, after, hi, province)
    addressee = skipped != after
    after = skipped
    rest = text[after:hi]
    # "báo cáo định kỳ hằng năm về kết quả ..." : the recurrence and "về" come first
    lead = re.match(r"\s*(?:định\s+kỳ\s*)?(?:(?:hằng|hàng)\s+(?:năm|quý|tháng)\s*)?(?:về\s+)?",
                    rest, re.IGNORECASE)
    start = lead.end() if lead else 0
    stop = _stops("what_stops").search(rest, start)
    end = stop.start() if stop else len(rest)
    phrase = rest[start:end].strip(" ,;:.")
    if phrase and agencies.match_head(phrase, capitalized=True) is None and not _PERIOD_ONLY.match(
            phrase):
        return squash(phrase)
    if addressee:
        return None  # "báo cáo Thủ tướng Chính phủ trong quý III năm 2012": nothing named
    # "Báo cáo 6 tháng gửi …": the report names itself
    own = text[report_start:after] + rest[:end]
    own = squash(own).strip(" ,;:.")
    return own or None


def _skip_addressee(text: str, pos: int, hi: int, province: str | None) -> int:
    """``pos`` moved past bodies (and a ``(qua ...)`` remark) printed right after it."""
    start = pos + len(text[pos:hi]) - len(text[pos:hi].lstrip(" \t\n,"))
    moved = pos
    for body in agencies.mentions(text, start=start, end=hi, province=province,
                                  collectives=True):
        assert body.start is not None and body.end is not None
        if body.start != start:
            break
        moved = body.end
        gap = _RECIPIENT_GAP.match(text, body.end, hi)
        start = gap.end() if gap else body.end
        if gap is None:
            break
    if moved != pos and (via := _VIA.match(text, moved, hi)):
        moved = via.end()
    return moved


def _subject(text: str, lo: int, report_start: int, province: str | None) -> str | None:
    """The bodies the clause names right before ``báo cáo`` (its subject), if any:
    ``..., Ủy ban nhân dân cấp huyện báo cáo ...``, ``Các Sở, ngành, địa phương định kỳ hàng
    năm (...) hoặc đột xuất báo cáo ...``."""
    label = _LABEL.match(text, lo, report_start)
    first = label.end() if label else lo
    starts = [first] + [lo + m.end() for m in re.finditer(r",\s*", text[lo:report_start])
                        if lo + m.end() > first]
    for begin in starts:
        phrase = text[begin:report_start]
        for stop in _stops("reporter_stops").finditer(phrase):
            if not re.search(r"(?:các|những)\s+$", phrase[:stop.start()], re.IGNORECASE):
                phrase = phrase[:stop.start()]  # "các tổ chức, cá nhân": a noun, no verb
                break
        phrase = phrase.strip(" \t\n,;:")
        if not phrase or len(phrase) > 300 or not agencies.starts_agency(phrase):
            continue
        refs = agencies.parse_assignees(" ".join(phrase.split()), start=begin,
                                        province=province)
        names = [r.name for r in refs]
        if names:
            return "; ".join(dict.fromkeys(names))
    return None


def _recipients(text: str, lo: int, hi: int, report_start: int,
                province: str | None) -> str | None:
    """The bodies reported to: after ``gửi``/``về``/``cho``, else right after ``báo cáo``."""
    chosen: list[str] = []
    prev_end = 0
    for body in agencies.mentions(text, start=report_start, end=hi, province=province,
                                  collectives=True):
        assert body.start is not None and body.end is not None
        if not chosen:
            before = text[max(lo, body.start - 40):body.start]
            if not (_CUE_BEFORE.search(before) or _REPORT_BEFORE.search(before)):
                continue
        elif not _RECIPIENT_GAP.fullmatch(text, prev_end, body.start):
            break
        chosen.append(body.name)
        prev_end = body.end
    if not chosen:
        return _form_line(_FORM_RECEIVER, text, lo)
    return "; ".join(dict.fromkeys(chosen))


def _reporter(text: str, lo: int, province: str | None) -> str | None:
    """The bodies the sentence (or its numbered item, or a report form) begins with."""
    line_start = text.rfind("\n", 0, lo) + 1
    start = line_start
    line = text[line_start:text.find("\n", lo) if text.find("\n", lo) != -1 else len(text)]
    if line.lstrip().startswith(("-", "+", "•")):
        # a bullet: its subject is the item above it
        prev = text.rfind("\n", 0, max(0, line_start - 1)) + 1
        while prev > 0 and text[prev:line_start].lstrip().startswith(("-", "+", "•")):
            prev = text.rfind("\n", 0, max(0, prev - 1)) + 1
        start = prev
    form = _form_line(_FORM_SENDER, text, lo)
    if form:
        return form
    m = _ITEM.match(text, start)
    head_start = m.end() if m else start
    head_end = text.find("\n", head_start)
    head = text[head_start: len(text) if head_end == -1 else head_end]
    stop = _stops("reporter_stops").search(head)
    phrase = head[: stop.start()] if stop else ""
    if not phrase.strip() or len(phrase) > 300 or not agencies.starts_agency(phrase):
        return None
    refs = agencies.parse_assignees(phrase, start=head_start, province=province)
    names = [r.name for r in refs]
    return "; ".join(dict.fromkeys(names)) or None


def _form_line(regex: re.Pattern[str], text: str, lo: int) -> str | None:
    """``Đơn vị gửi/nhận báo cáo: …`` of the report form just above ``lo``."""
    found = list(regex.finditer(text, max(0, lo - 600), lo))
    if not found:
        return None
    return squash(found[-1]["who"]).rstrip(".;") or None
