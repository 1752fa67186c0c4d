"""Time frames as time (issue 16): the kind of deadline, its RRULE, the next due date.

The examples of ``loaders/patterns/timeframes.json`` (``schedule_examples``) are
run first; then the table tasks of two real plans, with values read from their
appendices: seed 000 (2502/KH-UBND of Tây Ninh, 08/8/2023) and corpus 002
(03/NQ-CP, 09/01/2025).
"""

from __future__ import annotations

import datetime as dt
import doctest
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from luocdo.loaders import parse, patterns, read, timeframes
from luocdo.loaders.timeframes import last_due, next_due, schedule
from luocdo.model import Document

EXAMPLES = patterns.load("timeframes")["schedule_examples"]
SHARED = Path("/work/shared")
SEED_000 = SHARED / "seeds" / "000_d593de9037b50973.txt"
CORPUS_002 = SHARED / "corpus" / "002_nq-03-nqcp-2025-chuong-trinh-hanh-dong-nq57-phu-luc.txt"


@pytest.mark.parametrize(("printed", "issued", "kind", "due", "rule", "rule_start", "inferred"),
                         EXAMPLES, ids=[f"{e[0] or '<empty>'}@{e[1]}" for e in EXAMPLES])
def test_every_schedule_example_of_the_data_file(printed, issued, kind, due, rule, rule_start,
                                                 inferred):
    found = schedule(printed, issued)
    assert (found.kind, found.frame.due, found.rrule, found.rrule_start,
            found.year_inferred) == (kind, due, rule, rule_start, inferred)


def test_doctests():
    assert doctest.testmod(timeframes).failed == 0


@pytest.mark.parametrize(
    ("rule", "start", "day", "expected_next", "expected_last"),
    [
        # Hằng năm in a plan of 08/8/2023: due 31/12 each year from 2023
        ("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31", "2023-08-08", dt.date(2025, 1, 1),
         dt.date(2025, 12, 31), dt.date(2024, 12, 31)),
        # the due day itself is not past: it is the next due date on that day
        ("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31", "2023-08-08", dt.date(2024, 12, 31),
         dt.date(2024, 12, 31), dt.date(2023, 12, 31)),
        # before the first occurrence there is no last one
        ("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=5", "2023-08-08", dt.date(2023, 9, 1),
         dt.date(2023, 12, 5), None),
        # Định kỳ 6 tháng: 30/6 and 31/12
        ("FREQ=MONTHLY;BYMONTH=6,12;BYMONTHDAY=-1", "2024-12-22", dt.date(2025, 3, 1),
         dt.date(2025, 6, 30), dt.date(2024, 12, 31)),
        # Hằng tháng: the last day of the month, February included
        ("FREQ=MONTHLY;BYMONTHDAY=-1", "2023-08-08", dt.date(2024, 2, 10),
         dt.date(2024, 2, 29), dt.date(2024, 1, 31)),
        # Hằng năm, giai đoạn 2023-2025: nothing due after 2025
        ("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31;UNTIL=20251231", "2023-08-08",
         dt.date(2026, 1, 1), None, dt.date(2025, 12, 31)),
    ],
)
def test_next_and_last_due(rule, start, day, expected_next, expected_last):
    assert next_due(rule, start, day) == expected_next
    assert last_due(rule, start, day) == expected_last


@pytest.fixture(scope="module")
def seed_000() -> Document:
    return parse(read(SEED_000))


@pytest.fixture(scope="module")
def nq_03() -> Document:
    return parse(read(CORPUS_002))


ANNUAL = "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31"


def _by_number(doc: Document) -> dict[str, object]:
    return {t.number: t for t in doc.tasks if t.source == "table"}


@pytest.mark.parametrize(
    ("number", "printed", "kind", "due", "rule", "rule_start"),
    [
        # Phụ lục of 2502/KH-UBND, column "Thời gian thực hiện"
        ("1", "Quý III/2023", "deadline", "2023-09-30", None, None),
        ("2", "Hằng năm", "recurring", None, ANNUAL, "2023-08-08"),
        ("6", "Giai đoạn 2025-2030", "interval", "2030-12-31", None, None),
        ("8", "Thực hiện từ năm 2023", "ongoing", None, None, None),
        ("9", "Sau khi được UBND tỉnh phê duyệt Kế hoạch", "after_event", None, None, None),
        ("12", "2025-2030", "interval", "2030-12-31", None, None),
        ("14", "Năm 2023 và các năm tiếp theo trong giai đoạn ký kết", "recurring", None, ANNUAL,
         "2023-08-08"),
        ("21", "Sau khi Bộ KH&CN tham mưu Thủ tướng Chính phủ ban hành Quy hoạch",
         "after_event", None, None, None),
        ("22", "2023", "deadline", "2023-12-31", None, None),
        ("27", "2023 và các năm tiếp theo", "recurring", None, ANNUAL, "2023-08-08"),
        ("29", "2023 - 2025", "interval", "2025-12-31", None, None),
        ("30", "Hằng tháng Hằng quý", "recurring", None, "FREQ=MONTHLY;BYMONTHDAY=-1",
         "2023-08-08"),
    ],
)
def test_seed_000_rows(seed_000, number, printed, kind, due, rule, rule_start):
    task = _by_number(seed_000)[number]
    assert (task.timeframe, task.timeframe_kind, task.due, task.rrule, task.rrule_start) == (
        printed, kind, due, rule, rule_start)


def test_seed_000_every_table_task_has_a_kind(seed_000):
    tasks = _by_number(seed_000)
    assert len(tasks) == 34  # rows 1-32 with 3.1 and 3.2
    assert [n for n, t in tasks.items() if t.timeframe_kind is None] == []
    # row 3 prints no time frame: it is done through 3.1 and 3.2, both "Hằng năm"
    three = tasks["3"]
    assert three.timeframe is None
    assert (three.timeframe_kind, three.rrule) == ("recurring", ANNUAL)
    assert any("task 3: no time frame printed" in w for w in seed_000.warnings)


@pytest.mark.parametrize(
    ("number", "printed", "kind", "due", "rule"),
    [
        # Phụ lục of 03/NQ-CP, column "Thời hạn hoàn thành"
        ("1", "6/2025", "deadline", "2025-06-30", None),
        ("2", "Thường xuyên", "ongoing", None, None),
        ("9", "Nhiệm vụ thường xuyên", "ongoing", None, None),
        ("41", "2025", "deadline", "2025-12-31", None),
        ("49", "Hằng năm", "recurring", None, ANNUAL),
        ("76", "2025 và những năm tiếp theo", "recurring", None, ANNUAL),
    ],
)
def test_nq_03_rows(nq_03, number, printed, kind, due, rule):
    task = _by_number(nq_03)[number]
    assert (task.timeframe, task.timeframe_kind, task.due, task.rrule) == (printed, kind, due,
                                                                           rule)


def test_nq_03_every_table_task_has_a_kind_but_row_42(nq_03):
    tasks = _by_number(nq_03)
    # row 42 (Đề án huy động hạ tầng viễn thông ..., Bộ Công an) leaves the
    # "Thời hạn hoàn thành" cell empty in the document: nothing to read
    assert [n for n, t in tasks.items() if t.timeframe_kind is None] == ["42"]
    assert tasks["42"].timeframe is None
    kinds = {t.timeframe_kind for t in tasks.values()}
    assert kinds == {"deadline", "interval", "recurring", "ongoing", None}


@pytest.mark.parametrize(
    ("path", "due", "rule", "rule_start"),
    [
        # seed 000 (2502/KH-UBND, 08/8/2023), V: "báo cáo định kỳ hằng năm ... gửi Sở Khoa
        # học và Công nghệ trước ngày 05/12": every year, 5 December
        (SEED_000, "trước ngày 05/12", "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=5", "2023-08-08"),
        # corpus 021 (14/2024/TT-BCT, 15/8/2024), Điều 3.3 a)
        (SHARED / "corpus" / "021_tt-14-2024-tt-bct-che-do-bao-cao-cum-cong-nghiep.txt",
         "trước ngày 20 tháng 6 và trước ngày 20 tháng 12 hằng năm",
         "FREQ=YEARLY;BYMONTH=6,12;BYMONTHDAY=20", "2024-08-15"),
        # corpus 002 (03/NQ-CP): two days that differ need two rules: none is given
        (CORPUS_002, "trước ngày 15 tháng 6 và trước ngày 01 tháng 12", None, None),
    ],
)
def test_reporting_duties_recur(path, due, rule, rule_start):
    duty = next(d for d in parse(read(path)).reporting if d.due == due)
    assert (duty.rrule, duty.rrule_start) == (rule, rule_start)


def test_a_duty_said_once_does_not_recur():
    from luocdo.loaders.timeframes import date_duties
    from luocdo.model import ReportingDuty

    text = "gửi báo cáo một lần trước ngày 05/12"
    once = ReportingDuty(text=text, start=0, end=len(text), what=None, to=None,
                         due="trước ngày 05/12", day_month="12-05")
    assert date_duties([once], "2023-08-08")[0].rrule is None
    yearly = ReportingDuty(text="gửi báo cáo trước ngày 05/12", start=0, end=28, what=None,
                           to=None, due="trước ngày 05/12", day_month="12-05")
    assert date_duties([yearly], "2023-08-08")[0].rrule == "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=5"


def test_a_year_taken_from_the_document_date_is_a_warning():
    from tests.unit.factories import task

    text = "1 | Tổng kết | Sở Nội vụ | Quý IV | Báo cáo\n2 | Rà soát | Sở Tư pháp | Quý I | Báo cáo"
    one = task(text, "Tổng kết", timeframe="Quý IV")
    two = task(text, "Rà soát", number="2", timeframe="Quý I")
    dated, warnings = timeframes.date_tasks([one, two], "2023-08-08")
    # Quý IV of the plan's year; Quý I of 2023 ended before the plan was signed: 2024's
    assert [(t.timeframe_kind, t.start_date, t.due) for t in dated] == [
        ("deadline", "2023-10-01", "2023-12-31"), ("deadline", "2024-01-01", "2024-03-31")]
    assert warnings == [
        "task 1: time frame 'Quý IV' gives no year; due 2023-12-31, the year taken from the "
        "document's date (2023-08-08)",
        "task 2: time frame 'Quý I' gives no year; due 2024-03-31, the year taken from the "
        "document's date (2023-08-08)"]
    undated, none = timeframes.date_tasks([one], None)  # a draft without a date
    assert (undated[0].timeframe_kind, undated[0].due, none) == (None, None, [])


@given(st.text(max_size=80), st.dates(min_value=dt.date(1990, 1, 1),
                                      max_value=dt.date(2040, 12, 31)))
def test_schedule_never_fails_and_its_rules_parse(text, issued):
    found = schedule(text, issued.isoformat())
    assert found.kind in (*timeframes.KINDS, None)
    if found.rrule:
        assert found.kind == "recurring"
        assert next_due(found.rrule, found.rrule_start or issued.isoformat(), issued) is None or \
            next_due(found.rrule, found.rrule_start or issued.isoformat(), issued) >= issued


@pytest.mark.parametrize("printed", ["Quý IV hằng năm", "Tháng 6 hằng năm", "Trước ngày 05/12",
                                     "Định kỳ 6 tháng", "Hằng quý", "Hằng tuần", "Hằng tháng"])
def test_every_rule_given_has_a_next_due_date(printed):
    found = schedule(printed, "2023-08-08")
    assert found.kind == "recurring" and found.rrule
    assert next_due(found.rrule, found.rrule_start, dt.date(2030, 1, 1)) is not None
