"""Time frames as task tables print them, table-driven from the pattern data file."""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given
from hypothesis import strategies as st

from luocdo.loaders import patterns, timeframes
from luocdo.loaders.timeframes import Timeframe, find_deadline, normalize_timeframe

EXAMPLES = patterns.load("timeframes")["examples"]


@pytest.mark.parametrize(("printed", "start", "end", "due", "recurrence"), EXAMPLES,
                         ids=[e[0] or "<empty>" for e in EXAMPLES])
def test_every_example_of_the_data_file(printed, start, end, due, recurrence):
    assert normalize_timeframe(printed) == Timeframe(start, end, due, recurrence)


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        # seed 000, task 1 (appendix) and task 8
        ("Quý III/2023", Timeframe("2023-07-01", "2023-09-30", "2023-09-30", None)),
        ("Thực hiện từ năm 2023", Timeframe("2023-01-01", None, None, None)),
        # seed 000, task 30: two recurrences, the finer wins
        ("Hằng tháng Hằng quý", Timeframe(None, None, None, "monthly")),
        # corpus 002, Phụ lục II
        ("Tháng 10/2025", Timeframe("2025-10-01", "2025-10-31", "2025-10-31", None)),
        ("2025-2026", Timeframe("2025-01-01", "2026-12-31", "2026-12-31", None)),
        # NFD input and the eth look-alike are read like NFC
        ("Qu\u0079\u0301 IV n\u0103\u0300m 2025".replace("\u0103\u0300", "a\u0306\u0300"),
         Timeframe("2025-10-01", "2025-12-31", "2025-12-31", None)),
        ("Trước tháng 8/2024", Timeframe(None, "2024-07-31", "2024-07-31", None)),
        ("Từ ngày 01/7/2024", Timeframe("2024-07-01", None, None, None)),
        (None, Timeframe(None, None, None, None)),
    ],
)
def test_normalize(printed, expected):
    assert normalize_timeframe(printed) == expected


def test_a_document_symbol_is_not_a_year():
    # "16/2021/NQ-HĐND" carries a year of a document, not of the task
    assert normalize_timeframe("Theo Nghị quyết 16/2021/NQ-HĐND") == Timeframe(None, None, None,
                                                                               None)


@pytest.mark.parametrize(
    ("sentence", "phrase"),
    [
        ("Sở Nội vụ tham mưu ban hành quy chế trước ngày 30/6/2025.", "trước ngày 30/6/2025"),
        ("xây dựng đề án, hoàn thành trong quý III/2024;", "hoàn thành trong quý III/2024"),
        ("Triển khai chương trình phát triển đến năm 2030.", None),
    ],
)
def test_find_deadline(sentence, phrase):
    found = find_deadline(sentence)
    assert (sentence[found[0]:found[1]] if found else None) == phrase


def test_doctests():
    assert doctest.testmod(timeframes).failed == 0


@given(st.text())
def test_never_raises(text):
    result = normalize_timeframe(text)
    assert isinstance(result, Timeframe)
    find_deadline(text)
