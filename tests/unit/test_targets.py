"""Targets of the seeds and of the corpus, checked by hand against the text."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from luocdo.loaders import patterns
from luocdo.loaders.targets import find_quantities, find_targets, number
from luocdo.loaders.vietnamese import nfc
from luocdo.model import Target


def _targets(path: Path) -> tuple[str, tuple[Target, ...]]:
    text = nfc(path.read_text(encoding="utf-8"))
    return text, find_targets(text, structure=(), exclude=[], section_at=None)


def _by_year(targets: tuple[Target, ...]) -> dict[int | None, list[str | None]]:
    out: dict[int | None, list[str | None]] = {}
    for t in targets:
        out.setdefault(t.year, []).append(t.value)
    return out


@pytest.mark.parametrize(
    ("printed", "value"),
    [("39.000", 39000.0), ("62,8", 62.8), ("1,5", 1.5), ("05", 5.0), ("1.234,5", 1234.5)],
)
def test_number(printed: str, value: float) -> None:
    assert number(printed) == value


@pytest.mark.parametrize("example", patterns.load("targets")["examples"])
def test_pattern_examples(example: dict) -> None:
    quantities = find_quantities(example["text"])
    assert len(quantities) == 1
    q = quantities[0]
    assert (q.value, q.unit, q.value_min, q.value_max) == (
        example["value"], example["unit"], example["min"], example["max"])


@pytest.mark.parametrize(
    "text",
    ["Nghị quyết số 57-NQ/TW ngày 22 tháng 12 năm 2024", "giai đoạn 2021 - 2030",
     "thông tin di động 5G, 6G", "1. Đến năm 2030", "Điều 5. Mục tiêu"],
)
def test_no_value(text: str) -> None:
    assert find_quantities(text) == []


def test_seed_tay_ninh(seed_files: list[Path]) -> None:
    # II. MỤC TIÊU lists the 2025 targets, then the same measures for 2030
    # (TFP 40% then 45%, 09 then 20 zones, 05 then 10 patents, 12 then 14 awards).
    text, targets = _targets(seed_files[0])
    assert _by_year(targets) == {
        2025: ["40", "1,5", "09", "05", "12", "39.000"],
        2030: ["45", "2", "20", "10", "10", "10", "10 - 20", "10", "14", "50.000"],
    }
    for t in targets:
        assert text[t.start:t.end] == t.text
    by_value = {(t.year, t.value, t.unit): t for t in targets}
    measured = by_value[(2025, "39.000", "phương tiện đo")]
    assert (measured.value_min, measured.value_max) == (39000.0, 39000.0)
    share = by_value[(2030, "10 - 20", "%")]
    assert (share.value_min, share.value_max) == (10.0, 20.0)
    assert by_value[(2025, "1,5", "%")].value_min == 1.5
    assert by_value[(2025, "09", "vùng")].indicator == "vùng nông nghiệp ứng dụng công nghệ cao"


def test_seed_dong_nai(seed_files: list[Path]) -> None:
    # "2. Mục tiêu cụ thể đến năm 2030": every bullet is due in 2030.
    _, targets = _targets(seed_files[1])
    assert [(t.year, t.value, t.unit) for t in targets] == [
        (2030, "62,8", "%"), (2030, "45", "%"), (2030, "10 - 15", "%"),
        (2030, "12", "người/vạn dân"), (2030, "20", "%/năm"), (2030, "1,5 - 2", "%"),
        (2030, "75", "%"), (2030, "10 - 15", "giải thưởng"), (2030, "50", "%"),
        (2030, "50", "%"), (2030, "7", "%"),
    ]
    minimum = targets[1]  # "đạt từ tối thiểu 45%"
    assert (minimum.value_min, minimum.value_max) == (45.0, None)
    assert targets[3].indicator.startswith("Nhân lực xã hội")


def test_indicator_table(shared_dir: Path) -> None:
    # corpus 002, Phụ lục I: group rows "I | Đến năm 2030" (rows 1-35 with 11.1-11.12 and
    # 23.1-23.4; row 11 has no result) and "II | Đến năm 2045" (rows 36-41).
    path = next((shared_dir / "corpus").glob("002_*.txt"))
    text, found = _targets(path)
    targets = tuple(t for t in found if "|" in t.text)
    assert Counter(t.year for t in targets) == {2030: 50, 2045: 6}
    # and two targets the programme's tasks state (II.1.i, II.3.b; issue 15)
    assert [(t.value, t.unit, t.year, t.value_min) for t in found if "|" not in t.text] == [
        ("25", "%", None, 25.0), ("05", "dự án", 2030, 5.0)]
    rows = {t.indicator: t for t in targets}
    digital = [t for t in targets if t.indicator == "Quy mô kinh tế số"]
    assert [(t.year, t.value, t.unit, t.value_min) for t in digital] == [
        (2030, "30", "% GDP", 30.0), (2045, "50", "% GDP", 50.0)]
    assert rows["Xếp hạng về an toàn thông tin mạng"].value_max == 10.0
    last = targets[-1]
    assert (last.value, last.value_min, last.value_max) == ("20 - 50", 20.0, 50.0)
    assert all(text[t.start:t.end] == t.text for t in targets)


def test_prose_objectives_by_heading(shared_dir: Path) -> None:
    # corpus 001 (57-NQ/TW): "1. Đến năm 2030" and "2. Tầm nhìn đến năm 2045".
    path = next((shared_dir / "corpus").glob("001_*.txt"))
    _, targets = _targets(path)
    by_year = _by_year(targets)
    assert by_year[2045] == ["50", "30", "10", "5"]
    assert "55" in by_year[2030] and "16 - 18" in by_year[2030]


def test_report_forms_are_no_targets(shared_dir: Path) -> None:
    # corpus 021: "TT | Chỉ tiêu | Đơn vị tính | Kết quả | Ghi chú" forms with empty results.
    path = next((shared_dir / "corpus").glob("021_*.txt"))
    assert _targets(path)[1] == ()


def test_every_file_runs(corpus_files: list[Path], seed_files: list[Path]) -> None:
    for path in [*corpus_files, *seed_files]:
        text, targets = _targets(path)
        for t in targets:
            assert text[t.start:t.end] == t.text, path.name


@given(st.lists(st.sampled_from(["II. MỤC TIÊU\n", "đạt ", "10", ",5", "%", " - ", "năm 2030",
                                 "| Chỉ tiêu | Đơn vị | Kết quả |\n", "| 1 | x | % | ≥ 5 |\n",
                                 "Đến năm 2025\n", "- ", "tối thiểu ", "39.000", " đơn", "\n"]),
                max_size=40).map("".join) | st.text(max_size=300))
@settings(max_examples=200, deadline=None)
def test_never_raises(text: str) -> None:
    for t in find_targets(text, structure=(), exclude=[], section_at=None):
        assert text[t.start:t.end] == t.text


def test_unnumbered_heading_and_year_lines() -> None:
    # A decision's objectives written without numbers: "Mục tiêu cụ thể:" then
    # "- Đến năm 2025:" / "- Đến năm 2030:" lines; the tasks after "2." hold no target.
    text = ("Điều 1. Phê duyệt Đề án\n1. Mục tiêu chung\nPhát triển mạnh.\nMục tiêu cụ thể:\n"
            "- Đến năm 2025:\n+ Tỷ lệ doanh nghiệp ứng dụng đạt 30%.\n"
            "+ Có 5 doanh nghiệp đạt chuẩn.\n- Đến năm 2030:\n"
            "+ Tỷ lệ doanh nghiệp ứng dụng đạt 50%.\n2. Nhiệm vụ\na) Hỗ trợ 10 doanh nghiệp.\n")
    targets = find_targets(text, structure=(), exclude=[], section_at=None)
    assert [(t.year, t.value, t.unit, t.text) for t in targets] == [
        (2025, "30", "%", "Tỷ lệ doanh nghiệp ứng dụng đạt 30%"),
        (2025, "5", "doanh nghiệp", "Có 5 doanh nghiệp đạt chuẩn"),
        (2030, "50", "%", "Tỷ lệ doanh nghiệp ứng dụng đạt 50%"),
    ]


# --- issue 15: targets stated in the tasks of a plan (invented fixtures) --------------------


def _plan_targets(text: str) -> list[tuple[str | None, str | None, int | None, float | None,
                                           float | None]]:
    found = find_targets(nfc(text), structure=(), exclude=[], section_at=None)
    return [(t.value, t.unit, t.year, t.value_min, t.value_max) for t in found]


def test_targets_inside_the_tasks_of_a_plan() -> None:
    text = ("KẾ HOẠCH\nI. MỤC ĐÍCH, YÊU CẦU\n1. Bảo đảm thực hiện đúng quy định.\n"
            "II. CHỈ TIÊU NĂM 2026\n- Xây dựng mới 35 địa bàn cấp xã không ma túy.\n"
            "III. NHIỆM VỤ, GIẢI PHÁP\n1. Công an tỉnh\n"
            "- Triển khai chuyển hóa địa bàn, phấn đấu xây dựng được ít nhất 40% xã không ma "
            "túy trong năm 2026 và đến năm 2030, ít nhất 60% xã không ma túy.\n"
            "- Tổ chức cho 100% cấp xã ký cam kết không tham gia tệ nạn.\n"
            "- Bảo đảm mỗi học kỳ tổ chức ít nhất 1 buổi tuyên truyền tại mỗi trường.\n"
            "- Tổ chức kiểm tra 12 cơ sở kinh doanh có điều kiện.\n")
    assert _plan_targets(text) == [
        ("35", "địa bàn", 2026, 35.0, 35.0),
        ("40", "%", 2026, 40.0, None),
        ("60", "%", 2030, 60.0, None),
        ("100", "%", None, 100.0, 100.0),
        ("1", "buổi", None, 1.0, None),
    ]


def test_the_subject_of_a_share_printed_after_it() -> None:
    text = ("KẾ HOẠCH\nIII. NHIỆM VỤ\n1. Sở Giáo dục và Đào tạo\n"
            "- Tuyên truyền cho giáo viên, bảo đảm 100% cán bộ, giáo viên được tập huấn.\n")
    (target,) = find_targets(text)
    assert target.indicator == "cán bộ, giáo viên được tập huấn"


@pytest.mark.parametrize("text", [
    # a result in a report part, a past achievement, a law's condition
    "BÁO CÁO\nI. KẾT QUẢ THỰC HIỆN\n1. Sở Nội vụ\n- Bảo đảm 100% hồ sơ giải quyết đúng hạn.\n",
    "KẾ HOẠCH\nIII. NHIỆM VỤ\n1. Sở Tài chính\n- Năm 2025 đã thu hồi 100% số tiền.\n",
    "NGHỊ ĐỊNH\nĐiều 1. Điều kiện\nĐiều 2. Nhân sự\nTổ chức phải có ít nhất 05 cán bộ.\n",
    "KẾ HOẠCH\nIII. NHIỆM VỤ\n1. Sở Tài chính\n- Bố trí 100% kinh phí theo dự toán.\n",
])
def test_no_target_outside_what_a_plan_strives_for(text: str) -> None:
    assert find_targets(text) == ()


def test_a_bound_before_the_verb_holds() -> None:
    # corpus 002, II.1.i: "hướng tới tối thiểu đạt 25%"
    (q,) = find_quantities("hướng tới tối thiểu đạt 25%")
    assert (q.value, q.unit, q.value_min, q.value_max) == ("25", "%", 25.0, None)


def test_indicator_table_with_a_column_per_year() -> None:
    text = ("KẾ HOẠCH\nII. MỤC TIÊU\nMột số chỉ tiêu chủ yếu:\n\n"
            "| TT | Tên chỉ tiêu | Đơn vị tính | Năm 2025 | Năm 2030 |\n"
            "| 1 | Tỷ lệ hồ sơ trực tuyến | % | ≥ 60 | 80 |\n"
            "| 2 | Số doanh nghiệp khoa học | doanh nghiệp | 20 | |\n")
    targets = [(t.indicator, t.value, t.unit, t.year, t.value_min, t.value_max)
               for t in find_targets(text)]
    assert targets == [
        ("Tỷ lệ hồ sơ trực tuyến", "60", "%", 2025, 60.0, None),
        ("Tỷ lệ hồ sơ trực tuyến", "80", "%", 2030, 80.0, 80.0),
        ("Số doanh nghiệp khoa học", "20", "doanh nghiệp", 2025, 20.0, 20.0),
    ]


def test_the_year_of_each_value_of_a_clause() -> None:
    text = ("KẾ HOẠCH\nII. CHỈ TIÊU ĐẾN NĂM 2030\n"
            "- Phấn đấu đến năm 2030 đạt ít nhất 50% số xã không có ma túy, riêng năm 2025 "
            "phấn đấu xây dựng được ít nhất 20% xã không có ma túy.\n"
            "III. CHỈ TIÊU NĂM 2026\n- Giữ vững 29 xã có Quyết định công nhận năm 2025.\n")
    assert [(t.value, t.year) for t in find_targets(text)] == [
        ("50", 2030), ("20", 2025), ("29", 2026)]


def test_a_share_to_reach_in_a_task() -> None:
    text = ("KẾ HOẠCH\nIII. NHIỆM VỤ\n1. Văn phòng UBND tỉnh\n"
            "- Nâng tỷ lệ hồ sơ trực tuyến toàn trình đạt trên 80% trong năm 2026.\n"
            "- Hướng dẫn trẻ em dưới 6 tuổi tiêm chủng.\n")
    assert _plan_targets(text) == [("80", "%", 2026, 80.0, None)]
