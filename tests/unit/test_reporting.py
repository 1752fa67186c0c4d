"""Reporting duties of the seeds and the corpus, checked by hand against the text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from luocdo.loaders import patterns
from luocdo.loaders.reporting import deadline, find_reporting, recurrence
from luocdo.loaders.vietnamese import nfc
from luocdo.model import ReportingDuty


def _duties(path: Path, province: str | None) -> tuple[str, tuple[ReportingDuty, ...]]:
    text = nfc(path.read_text(encoding="utf-8"))
    return text, find_reporting(text, structure=(), exclude=[], province=province)


@pytest.mark.parametrize("example", patterns.load("reporting")["examples"])
def test_pattern_examples(example: dict) -> None:
    due = deadline(example["text"])
    assert due is not None
    assert (due[0], due[1]) == (example["due"], example["day_month"])
    assert recurrence(example["text"]) == example["recurrence"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("ngày 6 tháng 12", None), ("trước ngày 20 tháng 6", None), ("hằng quý", "quarterly"),
     ("định kỳ 6 tháng báo cáo", "semiannual"), ("hàng tháng", "monthly")],
)
def test_recurrence(text: str, expected: str | None) -> None:
    assert recurrence(text) == expected


def test_seed_tay_ninh(seed_files: list[Path]) -> None:
    # V.1: "... báo cáo định kỳ hằng năm về kết quả thực hiện ..., gửi Sở Khoa học và Công
    # nghệ trước ngày 05/12 để tổng hợp, báo cáo UBND tỉnh." under "1. Thủ trưởng các sở ..."
    text, duties = _duties(seed_files[0], "Tây Ninh")
    assert len(duties) == 1
    duty = duties[0]
    assert text[duty.start:duty.end] == duty.text
    assert duty.text.startswith("Thường xuyên kiểm tra")
    assert (duty.to, duty.due, duty.recurrence, duty.day_month) == (
        "Sở Khoa học và Công nghệ", "trước ngày 05/12", "annual", "12-05")
    assert duty.what is not None and duty.what.startswith("kết quả thực hiện")
    assert duty.reporter is not None and duty.reporter.startswith("Các sở, ban, ngành tỉnh")


def test_seed_dong_nai(seed_files: list[Path]) -> None:
    # IV.1: "định kỳ hàng năm trước ngày 05/12 tổng hợp, báo cáo kết quả thực hiện gửi Sở
    # Khoa học và Công nghệ"; IV.2: "Định kỳ báo cáo UBND tỉnh kết quả thực hiện ...".
    text, duties = _duties(seed_files[1], "Đồng Nai")
    annual, periodic = duties
    assert (annual.to, annual.due, annual.recurrence, annual.day_month, annual.what) == (
        "Sở Khoa học và Công nghệ", "trước ngày 05/12", "annual", "12-05", "kết quả thực hiện")
    assert (periodic.to, periodic.reporter, periodic.due) == (
        "Ủy ban nhân dân tỉnh Đồng Nai", "Sở Khoa học và Công nghệ", None)
    assert all(text[d.start:d.end] == d.text for d in duties)


def test_semiannual_to_two_ministries(shared_dir: Path) -> None:
    # corpus 002 (03/NQ-CP), part III.3: "định kỳ 6 tháng báo cáo kết quả thực hiện về Bộ
    # Khoa học và Công nghệ, Bộ Thông tin và Truyền thông trước ngày 15 tháng 6 ..."
    path = next((shared_dir / "corpus").glob("002_*.txt"))
    _, duties = _duties(path, None)
    assert [(d.to, d.recurrence, d.day_month) for d in duties] == [
        ("Bộ Khoa học và Công nghệ; Bộ Thông tin và Truyền thông", "semiannual", "06-15")]


def test_report_form_deadlines(shared_dir: Path) -> None:
    # corpus 021 (14/2024/TT-BCT), Biểu số 01: "Đơn vị gửi báo cáo: Tổ chức, cá nhân ...",
    # "Báo cáo 6 tháng gửi trước ngày 20 tháng 6 hằng năm; Báo cáo năm gửi trước ngày 20
    # tháng 12 hằng năm".
    path = next((shared_dir / "corpus").glob("021_*.txt"))
    _, duties = _duties(path, None)
    first_form = [d for d in duties if d.reporter and d.reporter.startswith("Tổ chức, cá nhân")]
    assert [(d.day_month, d.recurrence) for d in first_form] == [
        ("06-20", "semiannual"), ("12-20", "annual")]
    assert first_form[0].to == "Cơ quan thống kê cấp huyện, Ủy ban nhân dân cấp huyện"


def test_no_duty_in_a_product_cell() -> None:
    text = "| 1 | Tổ chức tuyên truyền | Các sở | | Quý III/2023 | Báo cáo |"
    assert find_reporting(text, structure=(), exclude=[], province=None) == ()


def test_every_file_runs(corpus_files: list[Path], seed_files: list[Path]) -> None:
    for path in [*corpus_files, *seed_files]:
        text, duties = _duties(path, None)
        for d in duties:
            assert text[d.start:d.end] == d.text, path.name
            assert d.due is not None or d.to is not None, path.name


@given(st.lists(st.sampled_from(["báo cáo ", "trước ngày ", "05/12", " tháng 6", "hằng năm",
                                 "gửi ", "Sở KH&CN", "; ", ".\n", "1. Các sở ", "định kỳ ",
                                 "Đơn vị gửi báo cáo: ", "Kỳ báo cáo: ", "|"]),
                max_size=40).map("".join) | st.text(max_size=300))
@settings(max_examples=200, deadline=None)
def test_never_raises(text: str) -> None:
    for d in find_reporting(text, structure=(), exclude=[], province=None):
        assert text[d.start:d.end] == d.text
