"""Time frames of tasks: the printed ``Thời gian thực hiện`` read as dates.

A task table prints its time frame in many ways (``Quý III/2023``, ``Hằng năm``,
``2025-2030``, ``Tháng 8/2024``, ``Trước ngày 30/6/2025``, ``Thực hiện từ năm
2023``, ``Năm 2023 và các năm tiếp theo``, ``Sau khi được UBND tỉnh phê duyệt Kế
hoạch``). :func:`normalize_timeframe` turns one into a start date, an end date,
the date the task is due and a recurrence; whatever cannot be read stays None,
and the printed text is always kept by the caller. The cue words live in
``loaders/patterns/timeframes.json`` with examples that a test runs.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from typing import Any, NamedTuple

from luocdo.loaders import patterns
from luocdo.loaders.dates import iso_date
from luocdo.loaders.vietnamese import fold, strip_diacritics


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
_DEADLINE = re.compile(
    r"(?:(?:hoan thanh|xong|thuc hien)\s+)?"
    r"(?:truoc ngay|cham nhat (?:la )?(?:ngay|trong)?|truoc|trong)\s+"
    r"(?:(?:ngay\s+)?\d{1,2}\s*/\s*\d{1,2}\s*/\s*(?:19|20)\d{2}"
    r"|ngay\s+\d{1,2}\s+thang\s+\d{1,2}\s+nam\s+(?:19|20)\d{2}"
    r"|quy\s*(?:iv|i{1,3}|[1-4])(?:\s*(?:,|va|-)\s*(?:iv|i{1,3}|[1-4]))*\s*(?:/|nam)\s*(?:19|20)\d{2}"
    r"|thang\s*\d{1,2}\s*(?:/|nam)\s*(?:19|20)\d{2}"
    r"|nam\s+(?:19|20)\d{2})(?!\d)"
    r"|thoi gian (?:thuc hien|hoan thanh)\s*:\s*[^.;\n]{1,60}"
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
    m = _DEADLINE.search(lowered)
    if m is None:
        return None
    return m.start(), m.end()
