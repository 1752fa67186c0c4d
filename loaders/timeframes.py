"""Time frames of tasks: the printed ``Thời gian thực hiện`` read as dates.

A task table prints its time frame in many ways (``Quý III/2023``, ``Hằng năm``,
``2025-2030``, ``Tháng 8/2024``, ``Trước ngày 30/6/2025``, ``Thực hiện từ năm
2023``, ``Năm 2023 và các năm tiếp theo``, ``Sau khi được UBND tỉnh phê duyệt Kế
hoạch``). :func:`normalize_timeframe` turns one into a start date, an end date,
the date the task is due and a recurrence; whatever cannot be read stays None,
and the printed text is always kept by the caller. The cue words live in
``loaders/patterns/timeframes.json`` with examples that a test runs.

:func:`schedule` then makes the time frame a kind of deadline (issue 16): a date
(``deadline``), a span of years due at its end (``interval``), a recurrence given
as an iCalendar RRULE whose first occurrence is counted from the document's date
(``recurring``), work without an end (``ongoing``), or a time bound to an event
(``after_event``). :func:`date_tasks` applies it to a document's tasks, and
:func:`next_due` / :func:`last_due` compute occurrences with ``dateutil.rrule``.

Choices where the text is silent:

- ``Trước ngày 15/10/2026`` is due on 15/10/2026 itself: a task is overdue from the
  day after. Read as "by", so that nothing is called late that may not be.
- A period without a year (``Quý IV``, ``Tháng 10``, ``trước ngày 05/02 ... một
  lần``) is the first such period ending on or after the document's date; the
  extraction's warnings say so.
- A day and month without a year (``trước ngày 05/12``) recur every year unless
  the text says once (``một lần``).
- Each recurring period is due by its last day (``Hằng năm`` by 31/12, ``Hằng
  quý`` by the end of March, June, September and December).
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import functools
import re
from collections.abc import Sequence
from typing import Any, Literal, NamedTuple

from dateutil.rrule import rrule, rrulestr

from luocdo.loaders import patterns
from luocdo.loaders.dates import iso_date
from luocdo.loaders.vietnamese import fold, strip_diacritics
from luocdo.model import ReportingDuty, Task


class Timeframe(NamedTuple):
    """A time frame read from its printed form (dates as ``YYYY-MM-DD``)."""

    start_date: str | None
    end_date: str | None
    due: str | None  # the date the task must be done by
    recurrence: str | None  # "monthly", "quarterly", "annual", "ongoing", ...


NONE = Timeframe(None, None, None, None)

_YEAR = r"(?:19|20)\d{2}"
_ROMAN_QUARTER = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
# Dates in folded text: "30/6/2025", "ngay 15 thang 10 nam 2024".
_DATE = re.compile(
    rf"(?<![\d/])(?P<d>\d{{1,2}})\s*([/.-])\s*(?P<m>\d{{1,2}})\s*\2\s*(?P<y>{_YEAR})(?![\d/])"
    rf"|ngay\s+(?P<d2>\d{{1,2}})\s+thang\s+(?P<m2>\d{{1,2}})\s+nam\s+(?P<y2>{_YEAR})"
)
# "quy iii/2023", "quy iv nam 2025", "quy iii va iv/2024", "quy 1/2025"
_QUARTER = re.compile(
    rf"\bquy\s*(?P<qs>(?:iv|i{{1,3}}|[1-4])(?:\s*(?:,|va|-|den)\s*(?:iv|i{{1,3}}|[1-4]))*)"
    rf"\s*(?:/|nam|-)\s*(?P<y>{_YEAR})(?!\d)"
)
_QUARTER_PART = re.compile(r"iv|i{1,3}|[1-4]")
# "6 thang dau nam 2025", "6 thang cuoi nam 2025"
_HALF = re.compile(rf"\b6\s*thang\s*(?P<h>dau|cuoi)\s*(?:nam\s*)?(?P<y>{_YEAR})(?!\d)")
# "thang 8-9/2024", "thang 8 va 9/2024"
_MONTHS = re.compile(
    rf"(?<![\d/])(?:thang\s*)?(?P<m1>\d{{1,2}})\s*(?:-|den|va)\s*(?:thang\s*)?(?P<m2>\d{{1,2}})"
    rf"\s*(?:/|nam)\s*(?P<y>{_YEAR})(?![\d/])"
)
# "thang 8/2024", "6/2025", "01/2025", "thang 8 nam 2024"
_MONTH = re.compile(
    rf"(?<![\d/])(?:(?P<word>thang)\s*)?(?P<m>\d{{1,2}})\s*(?P<sep>/|nam)\s*(?P<y>{_YEAR})(?![\d/])"
)
_YEAR_RE = re.compile(rf"(?<![\d/.,])(?P<y>{_YEAR})(?![\d/])")
_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2212": "-"})


@functools.cache
def _data() -> dict[str, Any]:
    return patterns.load("timeframes")


@functools.cache
def _recurrence_cues() -> tuple[tuple[re.Pattern[str], str], ...]:
    entries = _data()["recurrence"]
    return tuple((re.compile(rf"\b{re.escape(e['cue'])}\b"), e["value"]) for e in entries)


@functools.cache
def _cue_re(name: str, *, at_end: bool) -> re.Pattern[str]:
    cues: list[str] = sorted(_data()[name], key=len, reverse=True)
    alternation = "|".join(re.escape(c) for c in cues)
    return re.compile(rf"\b(?:{alternation})\s*$" if at_end else rf"^\s*(?:{alternation})\b")


def _key(text: str) -> str:
    return fold(text.translate(_DASHES))


def recurrence_of(text: str) -> str | None:
    """The recurrence a time frame states (the finest one when several are printed)."""
    key = _key(text)
    found = {value for pattern, value in _recurrence_cues() if pattern.search(key)}
    if not found:
        return None
    order: list[str] = _data()["recurrence_order"]
    return min(found, key=lambda v: order.index(v) if v in order else len(order))


def _last_day(year: int, month: int) -> str:
    return dt.date(year, month, calendar.monthrange(year, month)[1]).isoformat()


def _day_before(iso: str) -> str:
    return (dt.date.fromisoformat(iso) - dt.timedelta(days=1)).isoformat()


def _period(key: str) -> tuple[str | None, str | None, int, int] | None:
    """The first period printed in ``key``: (start, end, match start, match end)."""
    m = _QUARTER.search(key)
    if m:
        year = int(m["y"])
        quarters = [_ROMAN_QUARTER[q] for q in _QUARTER_PART.findall(m["qs"])]
        first, last = min(quarters), max(quarters)
        return (dt.date(year, 3 * first - 2, 1).isoformat(), _last_day(year, 3 * last),
                m.start(), m.end())
    m = _HALF.search(key)
    if m:
        year = int(m["y"])
        if m["h"] == "dau":
            return f"{year}-01-01", f"{year}-06-30", m.start(), m.end()
        return f"{year}-07-01", f"{year}-12-31", m.start(), m.end()
    m = _MONTHS.search(key)
    if m and 1 <= int(m["m1"]) <= int(m["m2"]) <= 12:
        year = int(m["y"])
        return (dt.date(year, int(m["m1"]), 1).isoformat(), _last_day(year, int(m["m2"])),
                m.start(), m.end())
    for m in _MONTH.finditer(key):
        # "8 nam 2024" without "thang" is not a month ("trong 8 nam 2024" is rare noise).
        if m["sep"] == "nam" and not m["word"]:
            continue
        month, year = int(m["m"]), int(m["y"])
        if 1 <= month <= 12:
            return dt.date(year, month, 1).isoformat(), _last_day(year, month), m.start(), m.end()
    return None


def normalize_timeframe(text: str | None) -> Timeframe:
    """Read a printed time frame into start, end, due date and recurrence.

    >>> normalize_timeframe("Quý III/2023")
    Timeframe(start_date='2023-07-01', end_date='2023-09-30', due='2023-09-30', recurrence=None)
    >>> normalize_timeframe("Hằng năm").recurrence
    'annual'
    >>> normalize_timeframe("Sau khi được UBND tỉnh phê duyệt Kế hoạch")
    Timeframe(start_date=None, end_date=None, due=None, recurrence=None)
    """
    if not text or not text.strip():
        return NONE
    key = _key(text)
    recurrence = recurrence_of(text)

    dates = []
    for m in _DATE.finditer(key):
        iso = iso_date(m["d"] or m["d2"], m["m"] or m["m2"], m["y"] or m["y2"])
        if iso:
            dates.append((iso, m.start(), m.end()))
    if dates:
        if len(dates) >= 2:
            return Timeframe(dates[0][0], dates[-1][0], dates[-1][0], recurrence)
        iso, s, _e = dates[0]
        if _cue_re("open_start", at_end=True).search(key[:s].replace("ngay", "").rstrip()):
            return Timeframe(iso, None, None, recurrence)
        return Timeframe(None, iso, iso, recurrence)

    period = _period(key)
    if period is not None:
        start, end, s, _e = period
        if _cue_re("before", at_end=True).search(key[:s]) and start:
            due = _day_before(start)
            return Timeframe(None, due, due, recurrence)
        return Timeframe(start, end, end, recurrence)

    years = [(int(m["y"]), m.start(), m.end()) for m in _YEAR_RE.finditer(key)]
    if not years:
        return Timeframe(None, None, None, recurrence)
    first, s, e = years[0]
    last = years[-1][0]
    before = key[:s].replace("nam", " ").rstrip()
    before = re.sub(r"\s+", " ", before)
    if len(years) >= 2 and last >= first:
        return Timeframe(f"{first}-01-01", f"{last}-12-31", f"{last}-12-31", recurrence)
    if _cue_re("open_end", at_end=False).search(key[e:]) or re.match(
            r"^\s*va (?:cac|nhung) nam", key[e:]):
        return Timeframe(f"{first}-01-01", None, None, recurrence or "annual")
    if _cue_re("open_start", at_end=True).search(before):
        return Timeframe(f"{first}-01-01", None, None, recurrence)
    if _cue_re("before", at_end=True).search(before):
        due = f"{first - 1}-12-31"
        return Timeframe(None, due, due, recurrence)
    if _cue_re("until", at_end=True).search(before):
        return Timeframe(None, f"{first}-12-31", f"{first}-12-31", recurrence)
    return Timeframe(f"{first}-01-01", f"{first}-12-31", f"{first}-12-31", recurrence)


# Deadline phrases inside running text (prose tasks): "trước ngày 30/6/2025",
# "hoàn thành trong quý III/2024", "trong năm 2025", "thời gian thực hiện: 2025-2026".
# Every phrase opens with c, h, t or x: the lookahead skips other positions in one test
# (the same matches, twice as fast).
_DEADLINE = re.compile(
    r"(?=[chtx])(?:"
    r"(?:(?:hoan thanh|xong|thuc hien)\s+)?"
    r"(?:truoc ngay|cham nhat (?:la )?(?:ngay|trong)?|truoc|trong)\s+"
    r"(?:(?:ngay\s+)?\d{1,2}\s*/\s*\d{1,2}\s*/\s*(?:19|20)\d{2}"
    r"|ngay\s+\d{1,2}\s+thang\s+\d{1,2}\s+nam\s+(?:19|20)\d{2}"
    r"|quy\s*(?:iv|i{1,3}|[1-4])(?:\s*(?:,|va|-)\s*(?:iv|i{1,3}|[1-4]))*\s*(?:/|nam)\s*(?:19|20)\d{2}"
    r"|thang\s*\d{1,2}\s*(?:/|nam)\s*(?:19|20)\d{2}"
    r"|nam\s+(?:19|20)\d{2})(?!\d)"
    r"|thoi gian (?:thuc hien|hoan thanh)\s*:\s*[^.;\n]{1,60}"
    r")"
)


def find_deadline(text: str) -> tuple[int, int] | None:
    """Where running text states a task's deadline (start, end), or None.

    >>> s = "Sở Nội vụ tham mưu ban hành quy chế, hoàn thành trước ngày 30/6/2025."
    >>> start, end = find_deadline(s); s[start:end]
    'hoàn thành trước ngày 30/6/2025'
    """
    lowered = strip_diacritics(text).lower()
    if len(lowered) != len(text):  # decomposed input: offsets would not line up
        return None
    return find_folded_deadline(lowered)


def find_folded_deadline(lowered: str) -> tuple[int, int] | None:
    """:func:`find_deadline` in text already without diacritics and in lower case."""
    m = _DEADLINE.search(lowered)
    if m is None:
        return None
    return m.start(), m.end()


# --- deadlines as time (issue 16) ------------------------------------------------------------

TimeframeKind = Literal["deadline", "interval", "recurring", "ongoing", "after_event"]
KINDS: tuple[str, ...] = ("deadline", "interval", "recurring", "ongoing", "after_event")


class Schedule(NamedTuple):
    """A time frame as a kind of deadline, with its recurrence rule when it recurs."""

    frame: Timeframe
    kind: TimeframeKind | None
    rrule: str | None  # iCalendar RRULE value (RFC 5545, 3.3.10), without DTSTART
    rrule_start: str | None  # DTSTART: the document's date, or a later start printed
    year_inferred: bool  # the year was taken from the document's date


# A day and month, a month, a quarter without a year after them (folded text).
_YEARLESS_DAY = re.compile(
    r"(?<![\d/])(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})(?!\s*/\s*\d)(?!\d)"
    r"|ngay\s+(?P<d2>\d{1,2})\s+thang\s+(?P<m2>\d{1,2})(?!\d)(?!\s*(?:/|nam)\s*\d)")
_YEARLESS_MONTH = re.compile(r"\bthang\s*(?P<m>\d{1,2})(?!\d)(?!\s*(?:/|-|nam)\s*\d)")
_YEARLESS_QUARTER = re.compile(r"\bquy\s*(?P<q>iv|i{1,3}|[1-4])\b(?!\s*(?:/|-|nam)\s*\d)")


def _rrules() -> dict[str, str]:
    rules: dict[str, str] = _data()["rrule"]
    return rules


def _has_cue(key: str, name: str, *, at_start: bool = False) -> bool:
    cues: list[str] = _data()[name]
    if at_start:
        return any(re.match(rf"\s*{re.escape(c)}\b", key) for c in cues)
    return any(re.search(rf"\b{re.escape(c)}\b", key) for c in cues)


def _first_on_or_after(issued: dt.date, month: int, day: int | None) -> dt.date | None:
    """The first ``day``/``month`` (the month's last day when None) not before ``issued``."""
    for year in (issued.year, issued.year + 1):
        last = calendar.monthrange(year, month)[1]
        if day is not None and day > last:
            continue
        when = dt.date(year, month, day if day is not None else last)
        if when >= issued:
            return when
    return None


def _yearless(key: str, recurrence: str | None, once: bool,
              issued: dt.date | None) -> tuple[Timeframe, str | None, bool] | None:
    """A day, month or quarter printed without a year: a yearly rule, or one date.

    Returns the time frame read, a yearly RRULE (or None) and whether the year was
    taken from ``issued``; None when no such form is printed.
    """
    days = sorted({(int(d["m"] or d["m2"]), int(d["d"] or d["d2"]))
                   for d in _YEARLESS_DAY.finditer(key)})
    month: int | None = None
    day: int | None = None
    first_month: int | None = None
    if days:
        month, day = days[0]
        if not all(1 <= mo <= 12 and 1 <= d <= 31 for mo, d in days):
            return None
        first_month = month
        if len(days) > 1 and recurrence not in ("ongoing",) and not once:
            # "trước ngày 20 tháng 6 và trước ngày 20 tháng 12 hằng năm": one rule when
            # the days agree; days that differ (15/6 and 01/12) need two rules, which one
            # RRULE value cannot hold: recurring, without a rule
            frame = NONE._replace(recurrence=recurrence or "annual")
            months = ",".join(str(mo) for mo, _d in days)
            if all(d >= calendar.monthrange(2001, mo)[1] for mo, d in days):
                # "trước ngày 30 tháng 6 và trước ngày 31 tháng 12": each month's last day
                return frame, f"FREQ=YEARLY;BYMONTH={months};BYMONTHDAY=-1", False
            if len({d for _mo, d in days}) > 1:
                return frame, None, False
            return frame, f"FREQ=YEARLY;BYMONTH={months};BYMONTHDAY={day}", False
    elif (m := _YEARLESS_QUARTER.search(key)) is not None:
        month = 3 * _ROMAN_QUARTER[m["q"]]
        first_month = month - 2
    elif (m := _YEARLESS_MONTH.search(key)) is not None and 1 <= int(m["m"]) <= 12:
        month = first_month = int(m["m"])
    if month is None or first_month is None:
        return None
    yearly = recurrence == "annual" or (recurrence in (None, "semiannual", "periodic")
                                        and day is not None and not once)
    if yearly:
        by_day = str(day) if day is not None else "-1"
        return NONE._replace(recurrence="annual"), \
            f"FREQ=YEARLY;BYMONTH={month};BYMONTHDAY={by_day}", False
    if recurrence is not None or issued is None:
        return None
    due = _first_on_or_after(issued, month, day)
    if due is None:
        return None
    start = None if day is not None else dt.date(due.year, first_month, 1).isoformat()
    return Timeframe(start, due.isoformat(), due.isoformat(), None), None, True


@functools.cache
def _next_month_re() -> re.Pattern[str]:
    cues: list[str] = sorted(_data()["next_month"], key=len, reverse=True)
    alternation = "|".join(re.escape(c) for c in cues)
    return re.compile(rf"\bngay\s+(?P<d>\d{{1,2}})\s+(?:cua\s+)?(?:{alternation})\b")


def _next_month_day(key: str) -> int | None:
    """The day of the following month a time frame names (``ngày 05 của tháng liền kề``)."""
    m = _next_month_re().search(key)
    return int(m["d"]) if m and 1 <= int(m["d"]) <= 31 else None


def schedule(text: str | None, issued: str | None = None, *,
             recurrence: str | None = None, once: bool | None = None) -> Schedule:
    """The kind of deadline ``text`` states, with its RRULE when it recurs.

    ``issued`` is the document's date (``YYYY-MM-DD``): the start of a recurrence
    and the year of a period printed without one. ``recurrence`` and ``once`` say
    what the sentence around ``text`` states (a reporting duty's ``định kỳ hằng năm``
    or ``một lần`` before its deadline), when ``text`` is only the deadline.

    >>> schedule("Hằng năm", "2023-08-08")[1:]
    ('recurring', 'FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31', '2023-08-08', False)
    >>> schedule("Quý IV", "2023-08-08").frame.due
    '2023-12-31'
    """
    frame = normalize_timeframe(text)
    if not text or not text.strip():
        return Schedule(frame, None, None, None, False)
    key = _key(text)
    day = dt.date.fromisoformat(issued) if issued else None
    if recurrence is not None and frame.recurrence is None:
        frame = frame._replace(recurrence=recurrence)
    rule: str | None = None
    inferred = read_rule = False
    following = _next_month_day(key) if frame.due is None and frame.start_date is None \
        else None
    if following is not None:  # "Trước ngày 05 của tháng liền kề": every month, by the 5th
        frame = frame._replace(recurrence="monthly")
        rule, read_rule = f"FREQ=MONTHLY;BYMONTHDAY={following}", True
    elif frame.due is None and frame.start_date is None and frame.recurrence != "ongoing":
        found = _yearless(key, frame.recurrence,
                          _has_cue(key, "once") if once is None else once, day)
        if found is not None:
            frame, rule, inferred = found
            read_rule = True  # the printed days make the rule, or make one impossible
    recurrence = frame.recurrence
    if recurrence == "ongoing":
        return Schedule(frame, "ongoing", None, None, inferred)
    if recurrence is not None:
        if not read_rule:
            rule = _rrules().get(recurrence)
        if rule is not None and frame.end_date:
            rule += ";UNTIL=" + frame.end_date.replace("-", "")
        starts = [d for d in (issued, frame.start_date) if d]
        return Schedule(frame, "recurring", rule, max(starts) if starts and rule else None,
                        inferred)
    if frame.due:
        spans_years = frame.start_date is not None and frame.start_date[:4] != frame.due[:4]
        return Schedule(frame, "interval" if spans_years else "deadline", None, None, inferred)
    if frame.start_date:  # "Thực hiện từ năm 2023": from then on, without an end
        return Schedule(frame, "ongoing", None, None, inferred)
    if _has_cue(key, "after_event", at_start=True):
        return Schedule(frame, "after_event", None, None, inferred)
    return Schedule(frame, None, None, None, inferred)


def date_tasks(tasks: Sequence[Task], issued: str | None) -> tuple[tuple[Task, ...], list[str]]:
    """``tasks`` with the kind, RRULE and start of their time frames, and warnings.

    A table task printed without a time frame whose sub-tasks (``3.1``, ``3.2`` of
    ``3``) share one kind and rule takes theirs, due when the last of them is due.
    """
    warnings: list[str] = []
    out: list[Task] = []
    for task in tasks:
        found = schedule(task.timeframe, issued)
        changes: dict[str, Any] = {"timeframe_kind": found.kind, "rrule": found.rrule,
                                   "rrule_start": found.rrule_start}
        if found.year_inferred:
            changes.update(due=found.frame.due, start_date=found.frame.start_date,
                           end_date=found.frame.end_date)
            warnings.append(
                f"task {task.number or '(prose)'}: time frame {task.timeframe!r} gives no year;"
                f" due {found.frame.due}, the year taken from the document's date ({issued})")
        out.append(dataclasses.replace(task, **changes))
    for i, task in enumerate(out):
        if task.timeframe or task.timeframe_kind or not task.number or task.source != "table":
            continue
        children = [c for c in out if c.parent == task.number and c.source == "table"]
        shared = {(c.timeframe_kind, c.rrule, c.rrule_start) for c in children}
        if len(shared) != 1 or next(iter(shared))[0] is None:
            continue
        kind, rule, start = next(iter(shared))
        dues = [c.due for c in children if c.due]
        due = max(dues) if len(dues) == len(children) and dues else None
        out[i] = dataclasses.replace(task, timeframe_kind=kind, rrule=rule, rrule_start=start,
                                     due=due)
        warnings.append(f"task {task.number}: no time frame printed; taken from its sub-tasks "
                        + ", ".join(c.number or "" for c in children))
    return tuple(out), warnings


def date_duties(duties: Sequence[ReportingDuty], issued: str | None
                ) -> tuple[ReportingDuty, ...]:
    """``duties`` with the RRULE and start of those that recur.

    A deadline with a day and month and no year (``trước ngày 05/12``) recurs every
    year unless the sentence says once (``một lần``).
    """
    out = []
    for duty in duties:
        printed = duty.due or ""
        if not printed and duty.recurrence not in _rrules():
            out.append(duty)
            continue
        found = schedule(printed or "định kỳ", issued, recurrence=duty.recurrence,
                         once=_has_cue(_key(duty.text), "once"))
        if found.kind == "recurring" and found.rrule:
            duty = dataclasses.replace(duty, rrule=found.rrule, rrule_start=found.rrule_start)
        out.append(duty)
    return tuple(out)


def _occurrences(rule: str, start: str) -> rrule:
    return rrulestr(rule, dtstart=dt.datetime.fromisoformat(start))  # type: ignore[return-value]


def next_due(rule: str, start: str, on_or_after: dt.date) -> dt.date | None:
    """The first due date of a recurrence on or after ``on_or_after`` (None once it ended).

    >>> next_due("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31", "2023-08-08", dt.date(2025, 1, 1))
    datetime.date(2025, 12, 31)
    """
    found = _occurrences(rule, start).after(
        dt.datetime.combine(on_or_after, dt.time()), inc=True)
    return found.date() if found is not None else None


def last_due(rule: str, start: str, before: dt.date) -> dt.date | None:
    """The latest due date of a recurrence strictly before ``before`` (None if none yet).

    >>> last_due("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31", "2023-08-08", dt.date(2025, 1, 1))
    datetime.date(2024, 12, 31)
    """
    found = _occurrences(rule, start).before(dt.datetime.combine(before, dt.time()))
    return found.date() if found is not None else None
