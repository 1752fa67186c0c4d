"""Task tables in the layouts of the genre (issue 15): groups, restarting numbers, merged
cells, monitor columns, period columns, schedules, several tables, unreadable tables.

Fixtures are short invented tables in the shape of the real ones; the real documents
(corpus 040 and 041) are read from ../shared and checked against their text.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from luocdo.loaders.task_tables import find_task_tables, unread_tables
from luocdo.loaders.tasks import find_tasks
from luocdo.loaders.vietnamese import fold
from luocdo.model import Task
from tests.unit.tasks_support import normalized, references

CORPUS_040 = "corpus/040_kh-du-thao-ubnd-lam-dong-2026-cai-cach-hanh-chinh-2026-2030.txt"
CORPUS_041 = "corpus/041_kh-du-thao-ubnd-lam-dong-2026-tuyen-truyen-cchc.txt"
CORPUS_011 = "corpus/011_kh-du-thao-ubnd-lao-cai-2026-trien-khai-ct-11-ct-tu-khoang-san.txt"

HEADER_040 = ("| STT | Nhiệm vụ | Sản phẩm | Thời gian hoàn thành | Chủ trì thực hiện "
              "| Phối hợp thực hiện | Theo dõi, kiểm tra, đôn đốc |\n")


def table(text: str) -> tuple[dict[str, Task], list[str]]:
    found, warnings = find_tasks(text)
    tasks = [t for t in found if t.source == "table"]
    by_number = {t.number: t for t in tasks if t.number}
    assert len(by_number) == len(tasks), "every table task has its own number"
    return by_number, warnings


def names(agencies) -> list[str]:
    return [fold(a.name) for a in agencies]


# --- groups and numbering -----------------------------------------------------------------


def test_numbering_that_restarts_under_each_group_is_qualified_by_the_group():
    text = (HEADER_040
            + "| I | Cải cách thể chế |  |  |  |  |  |\n"
            + "| 1 | Rà soát văn bản | Danh mục | Hằng năm | Sở Tư pháp |  | Sở Tư pháp |\n"
            + "| 2 | Công bố danh mục | Quyết định | Năm 2026 | Sở Tư pháp | Sở Nội vụ "
              "| Sở Tư pháp |\n"
            + "| II | Cải cách thủ tục hành chính |  |  |  |  |  |\n"
            + "| 1 | Kiểm soát thủ tục | Báo cáo | Hằng năm | Văn phòng UBND tỉnh |  "
              "| Sở Nội vụ |\n"
            + "| 09 | Thanh tra công vụ | Kết luận | Quý III/2026 | Thanh tra tỉnh |  "
              "| Sở Nội vụ |\n")
    tasks, _ = table(text)
    assert sorted(tasks) == ["I.1", "I.2", "II.1", "II.9"]
    assert tasks["II.1"].group == "II"
    assert tasks["II.1"].group_title == "Cải cách thủ tục hành chính"
    assert tasks["II.9"].due == "2026-09-30"  # "09" is row 9; its time frame is a quarter
    # the group rows give no task: they name no one
    assert not any(t.content.startswith("Cải cách") for t in tasks.values())


def test_sub_rows_of_a_restarting_numbering_keep_their_parent_in_the_group():
    text = ("TT | Nội dung nhiệm vụ | Cơ quan chủ trì | Thời hạn\n"
            "A | Nhóm thứ nhất |  | \n"
            "1 | Việc một | Sở Y tế | 2025\n"
            "1.1 | Việc một một | Sở Y tế | 2025\n"
            "B | Nhóm thứ hai |  | \n"
            "1 | Việc khác | Sở Tài chính | 2026\n"
            "- | Việc con gạch đầu dòng | Sở Tài chính | 2026\n")
    tasks, _ = table(text)
    assert sorted(tasks) == ["A.1", "A.1.1", "B.1", "B.1-1"]
    assert tasks["A.1.1"].parent == "A.1" and tasks["B.1-1"].parent == "B.1"
    assert names(tasks["B.1-1"].lead) == ["so tai chinh"]


def test_a_numbering_that_runs_on_across_groups_is_kept_as_printed():
    text = ("TT | Nội dung nhiệm vụ | Cơ quan chủ trì | Thời hạn\n"
            "I | Nhóm một |  | \n"
            "1 | Việc một | Sở Y tế | 2025\n"
            "II | Nhóm hai |  | \n"
            "2 | Việc hai | Sở Y tế | 2025\n")
    tasks, warnings = table(text)
    assert sorted(tasks) == ["1", "2"] and tasks["2"].group == "II"
    assert warnings == []


def test_a_group_row_that_names_its_lead_is_a_task_and_a_group():
    text = ("TT | Nội dung nhiệm vụ | Cơ quan chủ trì | Thời hạn\n"
            "I | Xây dựng đề án | Sở Nội vụ | 2025\n"
            "1 | Lấy ý kiến | Sở Nội vụ | 2025\n")
    tasks, _ = table(text)
    assert sorted(tasks) == ["1", "I"]
    assert names(tasks["I"].lead) == ["so noi vu"] and tasks["1"].group == "I"


def test_unnumbered_rows_under_a_heading_row_are_its_sub_tasks():
    text = ("| TT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời hạn |\n"
            "| 1 | Nâng cao năng lực số, gồm: |  |  |  |\n"
            "|  | Đào tạo kỹ năng số | Sở Nội vụ | Sở Y tế | 2025 |\n"
            "|  | Bồi dưỡng chuyên gia | Sở Khoa học và Công nghệ |  | 2026 |\n"
            "| 2 | Việc khác | Sở Tài chính |  | 2026 |\n"
            "|  | còn tiếp của việc khác |  |  |  |\n")
    tasks, _ = table(text)
    assert sorted(tasks) == ["1", "1-1", "1-2", "2"]
    assert tasks["1-1"].parent == "1" and names(tasks["1-2"].lead) == ["so khoa hoc va cong nghe"]
    assert tasks["2"].content == "Việc khác còn tiếp của việc khác"  # a continuation row


def test_a_table_that_prints_no_numbers_numbers_its_rows_in_order():
    text = ("Nội dung công việc | Đơn vị thực hiện | Thời gian\n"
            "Tổ chức hội nghị | Sở Nội vụ | Quý I/2026\n"
            "Kiểm tra | Sở Tư pháp | Quý II/2026\n")
    tasks, _ = table(text)
    assert sorted(tasks) == ["1", "2"]
    assert names(tasks["2"].lead) == ["so tu phap"] and tasks["2"].due == "2026-06-30"


# --- columns ------------------------------------------------------------------------------


def test_a_first_column_of_periods_never_gives_row_numbers():
    text = ("Thời gian | Nội dung | Cơ quan thực hiện\n"
            "10-11/2019 | Khảo sát thực trạng | Sở Công Thương\n"
            "Quý III/2023 | Xây dựng đề án | Sở Tài chính\n"
            "Trước ngày 15/10/2026 | Báo cáo kết quả | Sở Nội vụ\n")
    tasks, _ = table(text)
    assert sorted(tasks) == ["1", "2", "3"]
    assert tasks["1"].timeframe == "10-11/2019" and tasks["1"].due == "2019-11-30"
    assert tasks["3"].due == "2026-10-15" and names(tasks["3"].lead) == ["so noi vu"]


def test_a_period_in_an_unlabelled_number_column_is_not_a_number():
    text = ("|  | Nội dung | Cơ quan chủ trì |\n"
            "| 1 | Việc một | Sở Y tế |\n"
            "| 6/2025 | Việc hai | Sở Tài chính |\n")
    tasks, warnings = table(text)
    assert "6/2025" not in tasks
    assert any("'6/2025' in the number column is a period" in w for w in warnings)


def test_a_monitoring_column_is_not_a_lead():
    text = (HEADER_040
            + "| 1 | Rà soát văn bản | Danh mục | Hằng năm | Sở Tư pháp | Sở Y tế "
              "| Văn phòng UBND tỉnh |\n")
    (found,) = find_task_tables(text)
    assert sorted(found.roles.values()) == ["content", "coordinators", "lead", "monitor",
                                            "number", "product", "timeframe"]
    tasks, _ = table(text)
    assert names(tasks["1"].lead) == ["so tu phap"]
    assert names(tasks["1"].coordinators) == ["so y te"]


def test_a_schedule_table_names_the_agency_responsible():
    text = ("| TT | Nội dung | Trách nhiệm thực hiện | Thời gian (Năm 2026) |\n"
            "| 1 | Giải đáp về thủ tục | Lãnh đạo Sở Công Thương | Ngày 23 tháng 1 |\n"
            "| 2 | Giải đáp về đất đai | Lãnh đạo UBND xã Đức Trọng | Ngày 13 tháng 3 |\n")
    tasks, _ = table(text)
    assert names(tasks["1"].lead) == ["so cong thuong"]
    assert tasks["2"].timeframe == "Ngày 13 tháng 3"
    assert len(tasks["2"].lead) == 1 and "duc trong" in names(tasks["2"].lead)[0]


def test_a_lead_cell_that_points_to_another_document_names_no_agency():
    text = ("TT | Nội dung nhiệm vụ | Chủ trì thực hiện | Phối hợp thực hiện\n"
            "1 | Thực hiện Quyết định số 1441/QĐ-UBND | Theo phân công tại Quyết định số "
            "1441/QĐ-UBND | Văn phòng UBND tỉnh\n")
    tasks, _ = table(text)
    assert tasks["1"].lead == ()
    assert tasks["1"].spans["lead"].text.startswith("Theo phân công")


# --- merged cells -------------------------------------------------------------------------


def test_a_row_repeated_by_merged_cells_is_one_task_with_both_assignments():
    text = (HEADER_040
            + "| VII | Chỉ đạo, điều hành |  |  |  |  |  |\n"
            + "| 1 | Xây dựng kế hoạch | Kế hoạch | Quý I/2026 | Sở Nội vụ |  | Sở Nội vụ |\n"
            + "| 2 | Ban hành kế hoạch kiểm tra | Kế hoạch của tỉnh | Tháng 01 hằng năm "
              "| Sở Nội vụ | Các cơ quan, đơn vị, địa phương | Sở Nội vụ |\n"
            + "| 2 | Ban hành kế hoạch kiểm tra | Kế hoạch của cơ quan | Tháng 6 hằng năm "
              "| Các cơ quan, đơn vị, địa phương |  | Sở Nội vụ |\n"
            + "| 3 | Tổng kết | Báo cáo | Hằng năm | Sở Nội vụ |  | Sở Nội vụ |\n")
    tasks, warnings = table(text)
    assert sorted(tasks) == ["1", "2", "3"]
    two = tasks["2"]
    assert names(two.lead) == ["so noi vu", "cac co quan, don vi, dia phuong"]
    assert two.coordinators == ()  # the second row's lead is not also a coordinator
    assert two.product == "Kế hoạch của tỉnh; Kế hoạch của cơ quan"
    assert two.timeframe == "Tháng 01 hằng năm; Tháng 6 hằng năm" and two.recurrence == "annual"
    assert two.end == text.index("| 3 |") - 1  # the task spans both rows
    assert warnings == []


def test_a_number_printed_twice_with_other_content_stays_two_tasks_and_warns():
    text = ("TT | Nội dung nhiệm vụ | Cơ quan chủ trì\n"
            "1 | Việc một | Sở Y tế\n"
            "1 | Việc khác | Sở Nội vụ\n")
    found, warnings = find_tasks(text)
    assert [t.content for t in found] == ["Việc một", "Việc khác"]
    assert len({t.number for t in found}) == 2
    assert any("'1' is printed on more than one row" in w for w in warnings)


# --- several tables -----------------------------------------------------------------------


def test_two_tables_numbered_from_one_get_numbers_of_their_own():
    head = "| TT | Nội dung | Trách nhiệm thực hiện | Thời gian |\n"
    text = ("a) Các sở:\n\n" + head + "| 1 | Chuyên mục một | Sở Y tế | Tháng 1/2026 |\n"
            "| 2 | Chuyên mục hai | Sở Tư pháp | Tháng 2/2026 |\n\n"
            "b) Các xã:\n\n" + head + "| 1 | Chuyên mục ba | UBND xã Hòa Ninh | Tháng 3/2026 |\n")
    tasks, _ = table(text)
    assert sorted(tasks) == ["table1.1", "table1.2", "table2.1"]
    assert names(tasks["table1.2"].lead) == ["so tu phap"]


# --- what the reader cannot read ----------------------------------------------------------


def test_a_table_with_a_lead_column_and_no_task_column_is_reported():
    text = ("Kế hoạch như sau:\n"
            "STT | Hạng mục | Cơ quan chủ trì | Thời hạn\n"
            "1 | Rà soát | Sở Y tế | 2025\n")
    assert find_task_tables(text) == []
    tasks, warnings = find_tasks(text)
    assert not [t for t in tasks if t.source == "table"]
    assert any(w.startswith("table at 18 (line 2): a header names who leads") for w in warnings)


def test_numbered_rows_naming_agencies_under_no_known_header_are_reported():
    text = ("Phân công:\n"
            "| 1 | Rà soát quy chế | Sở Nội vụ | 2025 |\n"
            "| 2 | Kiểm tra | Sở Tư pháp | 2026 |\n"
            "| 3 | Tổng kết | Văn phòng UBND tỉnh | 2026 |\n")
    warnings = [w for _s, w in unread_tables(text)]
    assert warnings == ["3 numbered rows name agencies in one column under no header the "
                        "reader knows"]


def test_layout_indicator_and_amendment_tables_are_not_reported():
    text = ("| ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
            "| Số: /KH-UBND | Lâm Đồng, ngày tháng năm 2026 |\n\n"
            "TT | Chỉ tiêu | Đơn vị | Kết quả | Cơ quan chủ trì theo dõi\n"
            "1 | Tỉ lệ hồ sơ trực tuyến | % | 80 | Sở Nội vụ\n\n"
            "Căn cứ:\n"
            "STT | Các văn bản cần sửa đổi, bổ sung | Cơ quan chủ trì soạn thảo\n"
            "1 | Nghị định số 32/2024/NĐ-CP | Bộ Công Thương\n")
    assert unread_tables(text) == []


def test_a_row_with_cells_beyond_the_header_says_so():
    text = ("TT | Nội dung nhiệm vụ | Cơ quan chủ trì\n"
            "1 | Việc một | Sở Y tế | Sở Nội vụ\n")
    tasks, warnings = table(text)
    assert names(tasks["1"].lead) == ["so y te"]
    assert any("1 cell(s) beyond the header's 3 columns" in w for w in warnings)


# --- corpus 040: Phụ lục of the 2026-2030 administrative reform plan (Lâm Đồng) -------------


def test_corpus_040_gives_one_task_per_numbered_row_qualified_by_group(shared_dir: Path):
    text = normalized(shared_dir / CORPUS_040)
    found, warnings = find_tasks(text, references=references(text))
    tasks = {t.number: t for t in found if t.source == "table"}
    # counted in the text: I 1-4, II 1-12, III 1-5, IV 1-4, V 1-6, VI 1-12, VII 1-13 (printed
    # on 16 rows: 2, 3 and 5 twice each, with the same number and task)
    expected = {g: n for g, n in [("I", 4), ("II", 12), ("III", 5), ("IV", 4), ("V", 6),
                                  ("VI", 12), ("VII", 13)]}
    assert sorted(tasks) == sorted(f"{g}.{k}" for g, n in expected.items()
                                   for k in range(1, n + 1))
    assert len([t for t in found if t.source == "table"]) == 56
    assert tasks["VII.9"].content.startswith("Thường xuyên thực hiện khảo sát")  # printed "09"
    # a row's lead and coordinators as printed; the monitoring column is neither
    assert names(tasks["I.4"].lead) == ["so tu phap"]
    assert names(tasks["I.4"].coordinators) == ["so khoa hoc va cong nghe"]
    assert names(tasks["II.1"].lead) == ["cac so, ban, nganh"]
    assert names(tasks["II.9"].lead) == ["thanh tra tinh"]
    assert names(tasks["VI.11"].lead) == ["cong an tinh"]
    assert tasks["VI.7"].timeframe == "Trong quý I năm 2026" and tasks["VI.7"].due == "2026-03-31"
    # VII.2: two rows of one task, the province's plan (Sở Nội vụ) and each body's own
    two = tasks["VII.2"]
    assert names(two.lead) == ["so noi vu", "cac co quan, don vi, dia phuong"]
    assert fold(two.product or "").count("ke hoach") == 2
    # II.5 is assigned "Theo phân công tại Quyết định số 1441/QĐ-UBND": no agency leads it
    assert tasks["II.5"].lead == ()
    # rows of 6 cells under the 7 columns (a cell merged across two columns) are reported
    short = [w for w in warnings if "6 cells under a header of 7 columns" in w]
    assert len(short) == 4


def test_corpus_041_two_schedules_give_21_tasks_with_their_agencies(shared_dir: Path):
    text = normalized(shared_dir / CORPUS_041)
    found, warnings = find_tasks(text, references=references(text))
    tasks = [t for t in found if t.source == "table"]
    assert len(tasks) == 21 and len({t.number for t in tasks}) == 21
    first, second = tasks[:11], tasks[11:]
    assert [names(t.lead) for t in first[:3]] == [["so cong thuong"],
                                                 ["so giao duc va dao tao"], ["cong an tinh"]]
    assert names(first[-1].lead) == ["ban quan ly cac khu cong nghiep"]
    assert all(len(t.lead) == 1 and "uy ban nhan dan" in names(t.lead)[0] for t in second)
    assert "hoa ninh" in names(second[-1].lead)[0]
    assert first[0].timeframe is not None and "ngày 23 tháng 1" in first[0].timeframe
    assert not [w for w in warnings if "table" in w]


# --- one cell per block (PDF text layers without ruling) ------------------------------------

BLOCK_TABLE = """PHỤ LỤC
DANH MỤC NHIỆM VỤ

TT

Nhiệm vụ

Cơ quan chủ trì

Cơ quan phối hợp

Thời hạn hoàn thành

Sản phẩm

I

Hoàn thiện thể chế

1

Xây dựng kế hoạch
triển khai chuyển đổi số

Sở Khoa học và Công nghệ

Các sở, ngành

Quý I/2026

Kế hoạch

2

Rà soát thủ tục hành chính

Văn phòng UBND tỉnh

Hằng năm

7

TT

Nhiệm vụ

Cơ quan chủ trì

Cơ quan phối hợp

Thời hạn hoàn thành

Sản phẩm

II

Tổ chức thực hiện

1

Tổng kết

Sở Nội vụ

Tháng 12/2026

Báo cáo

Nơi nhận:
- Như trên;
"""


def test_a_table_of_one_cell_per_block_is_read_by_its_header_and_numbers():
    tasks, warnings = table(BLOCK_TABLE)
    assert warnings == []
    assert sorted(tasks) == ["I.1", "I.2", "II.1"]  # "7" is a page number, not a row
    one = tasks["I.1"]
    assert one.content == "Xây dựng kế hoạch triển khai chuyển đổi số"
    assert names(one.lead) == ["so khoa hoc va cong nghe"]
    assert names(one.coordinators) == ["cac so, nganh"]
    assert one.due == "2026-03-31" and one.product == "Kế hoạch"
    # a short row: its cells are placed by what they hold, the empty ones stay empty
    two = tasks["I.2"]
    assert names(two.lead) == ["van phong uy ban nhan dan tinh"] and two.coordinators == ()
    assert two.recurrence == "annual" and two.product is None
    last = tasks["II.1"]
    assert last.group == "II" and last.due == "2026-12-31" and last.product == "Báo cáo"
    assert all(BLOCK_TABLE[s.start:s.end] == s.text for t in tasks.values()
               for s in t.spans.values())


def test_cells_of_a_block_table_give_no_prose_task():
    text = BLOCK_TABLE.replace("Rà soát thủ tục hành chính",
                               "Giao Sở Tư pháp chủ trì rà soát thủ tục hành chính")
    found, _ = find_tasks(text)
    assert [t.source for t in found] == ["table"] * 3


def test_a_block_table_numbered_across_groups_with_labels_on_the_task_line():
    text = ("STT\n\nNội dung công việc\n\nĐơn vị chủ trì\n\nThời gian thực hiện\n\n"
            "A\n\nNhóm thứ nhất\n\n1\nTổ chức hội nghị\n\nSở Nội vụ\n\nQuý I/2026\n\n"
            "B\n\nNhóm thứ hai\n\n2\nKiểm tra việc thực hiện\n\nQuý IV/2026\n\n"
            "3\n\nTổng kết\n\nSở Nội vụ\n\n2027\n")
    tasks, warnings = table(text)
    assert sorted(tasks) == ["1", "2", "3"] and warnings == []
    assert tasks["2"].group == "B" and tasks["2"].content == "Kiểm tra việc thực hiện"
    assert tasks["2"].lead == () and tasks["2"].due == "2026-12-31"  # the empty lead cell
    assert names(tasks["3"].lead) == ["so noi vu"] and tasks["3"].due == "2027-12-31"
    assert all(text[s.start:s.end] == s.text for t in tasks.values() for s in t.spans.values())


def test_a_running_header_between_block_rows_is_skipped_and_reported():
    text = ("TT\n\nNhiệm vụ\n\nCơ quan chủ trì\n\nThời hạn\n\n"
            "1\n\nViệc một\n\nSở Y tế\n\n2026\n\nTÀI LIỆU HỘI NGHỊ\n\n"
            "2\n\nViệc hai\n\nSở Tài chính\n\n2026\n")
    tasks, warnings = table(text)
    assert sorted(tasks) == ["1", "2"] and names(tasks["2"].lead) == ["so tai chinh"]
    assert any("fits no column of row '1'; skipped" in w for w in warnings)


def test_a_block_table_that_loses_its_rows_says_so():
    text = ("TT\n\nNhiệm vụ\n\nCơ quan chủ trì\n\nThời hạn\n\n"
            "1\n\nViệc một\n\nSở Y tế\n\n2026\n\nGhi chú một\n\nGhi chú hai\n\n"
            "Ghi chú ba\n\n2\n\nViệc hai\n\nSở Tài chính\n\n2026\n")
    tasks, warnings = table(text)
    assert sorted(tasks) == ["1"]
    assert any("fits no column of row '1'" in w and "are not read" in w for w in warnings)


def test_a_row_under_merged_number_and_task_cells_written_once_joins_the_task():
    text = ("| TT | Nhiệm vụ | Sản phẩm | Chủ trì | Phối hợp |\n"
            "| 1 | Ban hành kế hoạch kiểm tra | Kế hoạch của tỉnh | Sở Nội vụ | Sở Tư pháp |\n"
            "|  |  | Kế hoạch của cơ quan | Các cơ quan, đơn vị |  |\n"
            "| 2 | Tổng kết | Báo cáo | Sở Nội vụ |  |\n")
    tasks, warnings = table(text)
    assert sorted(tasks) == ["1", "2"] and warnings == []
    assert names(tasks["1"].lead) == ["so noi vu", "cac co quan, don vi"]
    assert names(tasks["1"].coordinators) == ["so tu phap"]
    assert tasks["1"].product == "Kế hoạch của tỉnh; Kế hoạch của cơ quan"


# --- columns of spaces (pdftotext -layout) --------------------------------------------------

LAYOUT_TABLE = """PHỤ LỤC
TT   Nội dung nhiệm vụ                 Cơ quan chủ trì        Cơ quan phối hợp      Thời hạn
I    HOÀN THIỆN THỂ CHẾ
1    Xây dựng kế hoạch triển khai      Sở Khoa học và         Các sở, ngành         Quý I/2026
     chuyển đổi số của tỉnh            Công nghệ
2    Rà soát thủ tục hành chính        Văn phòng UBND                               Hằng năm
                                       tỉnh
                                                                                           5
TT   Nội dung nhiệm vụ                 Cơ quan chủ trì        Cơ quan phối hợp      Thời hạn
3    Tổng kết                          Sở Nội vụ              Sở Tư pháp            Tháng 12/2026
Nơi nhận:
- Như trên;
"""


def test_a_table_laid_out_in_columns_of_spaces_is_read_by_column():
    tasks, warnings = table(LAYOUT_TABLE)
    assert sorted(tasks) == ["1", "2", "3"] and warnings == []
    one = tasks["1"]
    assert one.group == "I" and one.group_title == "HOÀN THIỆN THỂ CHẾ"
    assert one.content == "Xây dựng kế hoạch triển khai chuyển đổi số của tỉnh"
    assert names(one.lead) == ["so khoa hoc va cong nghe"]  # wrapped over two lines
    assert names(one.coordinators) == ["cac so, nganh"] and one.due == "2026-03-31"
    two = tasks["2"]
    assert names(two.lead) == ["van phong uy ban nhan dan tinh"] and two.coordinators == ()
    assert two.timeframe == "Hằng năm"  # the page number "5" is not part of it
    assert names(tasks["3"].coordinators) == ["so tu phap"] and tasks["3"].due == "2026-12-31"
    for task in tasks.values():
        for agency in (*task.lead, *task.coordinators):
            assert agency.start is not None and task.start <= agency.start < task.end
            assert LAYOUT_TABLE[agency.start:agency.end].startswith(agency.text.split()[0])


def test_prose_laid_out_with_wide_gaps_is_no_table():
    text = ("TT  Nội dung  Ghi chú\n"
            "1   Báo cáo   Không\n"
            "Các sở, ngành    chủ trì thực hiện.\n")
    assert find_task_tables(text) == []
    assert [t for t in find_tasks(text)[0] if t.source == "table"] == []


def test_a_pipe_table_goes_on_after_a_running_header_between_its_pages():
    text = ("| TT | Nội dung nhiệm vụ | Cơ quan chủ trì |\n"
            "| 1 | Việc một | Sở Y tế |\n"
            "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH\n"
            "| 2 | Việc hai | Sở Tài chính |\n\n"
            "Phần tiếp theo của văn bản.\n\n"
            "| TT | Nội dung nhiệm vụ | Cơ quan chủ trì |\n"
            "| 1 | Việc ba | Sở Nội vụ |\n")
    tables = find_task_tables(text)
    assert [len(t.rows) for t in tables] == [2, 1]  # the second header opens a new table
    tasks, _ = table(text)
    assert len(tasks) == 3 and names(tasks["table1.2"].lead) == ["so tai chinh"]


def test_a_list_of_documents_to_draft_is_a_task_table_but_one_of_amendments_is_not():
    drafts = ("TT | Tên văn bản | Cơ quan chủ trì soạn thảo | Thời gian trình\n"
              "1 | Nghị quyết về phí thẩm định | Sở Tài chính | Quý III/2026\n")
    tasks, _ = table(drafts)
    assert names(tasks["1"].lead) == ["so tai chinh"] and tasks["1"].due == "2026-09-30"
    amendments = ("STT | Tên văn bản cần sửa đổi, bổ sung | Cơ quan chủ trì soạn thảo\n"
                  "1 | Nghị định số 32/2024/NĐ-CP | Bộ Công Thương\n")
    assert find_task_tables(amendments) == [] and unread_tables(amendments) == []


# --- corpus 040's appendix written in the other layouts -----------------------------------


def _appendix_040(shared_dir: Path) -> tuple[list[str], list[list[str]]]:
    """The header and rows of corpus 040's appendix (cells as printed)."""
    text = normalized(shared_dir / CORPUS_040)
    (found,) = find_task_tables(text)
    header = [c.text for c in found.header.cells]
    rows = [[c.text for c in row.cells] for row in found.rows]
    return header, rows


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _as_blocks(header: list[str], rows: list[list[str]]) -> str:
    """One cell per block, long cells wrapped at 40 characters, empty cells left out, a page
    number and the repeated header after every 20th row (a PDF text layer)."""
    out = ["PHỤ LỤC", *header]
    for k, row in enumerate(rows, start=1):
        out += ["\n".join(_wrap(cell, 40)) for cell in row if cell]
        if k % 20 == 0:
            out += [str(k // 20 + 1), *header]
    return "\n\n".join(out) + "\n"


def _as_columns(header: list[str], rows: list[list[str]]) -> str:
    """Columns of spaces (pdftotext -layout): each cell wrapped to its column's width."""
    widths = [6, 44, 30, 28, 24, 30, 24]
    def lines_of(cells: list[str]) -> list[str]:
        wrapped = [_wrap(c, w - 2) if c else [""] for c, w in zip(cells, widths, strict=False)]
        height = max(len(w) for w in wrapped)
        return ["".join((w[i] if i < len(w) else "").ljust(width)
                        for w, width in zip(wrapped, widths, strict=False)).rstrip()
                for i in range(height)]
    out = ["PHỤ LỤC", *lines_of(header)]
    for row in rows:
        out += lines_of(row + [""] * (len(header) - len(row)))
    return "\n".join(out) + "\n\nNơi nhận:\n"


def _leads(tasks: dict[str, Task]) -> dict[str, list[str]]:
    return {n: names(t.lead) for n, t in tasks.items()}


def test_corpus_040_as_blocks_gives_the_tasks_of_the_table(shared_dir: Path):
    header, rows = _appendix_040(shared_dir)
    pipe, _ = table(normalized(shared_dir / CORPUS_040))
    blocks, _ = table(_as_blocks(header, rows))
    assert sorted(blocks) == sorted(pipe) and len(blocks) == 56
    # only the 4 rows of 6 cells (a cell merged over two columns) may place a cell elsewhere
    short = {"II.5", "III.3", "VI.8", "VII.1"}
    assert {n for n in pipe if _leads(pipe)[n] != _leads(blocks)[n]} <= short
    assert {n for n in pipe if pipe[n].timeframe != blocks[n].timeframe} <= short
    assert {n for n in pipe if pipe[n].product != blocks[n].product} <= short
    assert all(names(pipe[n].coordinators) == names(blocks[n].coordinators)
               for n in pipe if n not in short)


def test_corpus_040_as_columns_gives_the_tasks_of_the_table(shared_dir: Path):
    header, rows = _appendix_040(shared_dir)
    pipe, _ = table(normalized(shared_dir / CORPUS_040))
    columns, _ = table(_as_columns(header, rows))
    assert sorted(columns) == sorted(pipe)
    assert all(_leads(pipe)[n] == _leads(columns)[n] for n in pipe)
    assert all(names(pipe[n].coordinators) == names(columns[n].coordinators) for n in pipe)
    assert all(pipe[n].timeframe == columns[n].timeframe for n in pipe)
    assert all(pipe[n].product == columns[n].product for n in pipe)
    assert all(pipe[n].content == columns[n].content for n in pipe)


def test_corpus_011_as_blocks_and_columns_skips_the_row_numbering_the_columns(shared_dir: Path):
    text = normalized(shared_dir / CORPUS_011)
    (found,) = find_task_tables(text)
    header = [c.text for c in found.header.cells]
    rows = [[c.text for c in row.cells] for row in found.rows]
    assert "(1)" in rows[0] and "(2)" in rows[0]  # the source numbers its columns
    pipe, _ = table(text)
    for layout in (_as_blocks, _as_columns):
        got, warnings = table(layout(header, rows))
        assert sorted(got) == sorted(pipe) == [str(n) for n in sorted(range(1, 15), key=str)]
        assert all(_leads(got)[n] == _leads(pipe)[n] for n in pipe) and warnings == []


def test_without_a_number_column_the_task_cell_may_carry_its_number():
    text = ("Nội dung công việc | Đơn vị thực hiện | Thời gian\n"
            "I. Tuyên truyền |  | \n"
            "1. Tổ chức hội nghị | Sở Nội vụ | Quý I/2026\n"
            "2. Kiểm tra | Sở Tư pháp | Quý II/2026\n"
            "II. Tổng kết |  | \n"
            "3. Báo cáo tổng kết | Sở Nội vụ | 2026\n")
    tasks, _ = table(text)
    assert sorted(tasks) == ["1", "2", "3"]
    assert tasks["2"].content == "Kiểm tra" and tasks["3"].group == "II"
    assert tasks["3"].spans["content"].text == "Báo cáo tổng kết"


def test_one_cell_of_implementing_bodies_splits_into_lead_and_coordinators():
    text = ("TT | Nhiệm vụ | Cơ quan thực hiện | Thời hạn\n"
            "1 | Việc một | Chủ trì: Sở Nội vụ; phối hợp: Sở Tư pháp, Sở Y tế | 2026\n"
            "2 | Việc hai | Sở Tài chính chủ trì, phối hợp với Sở Xây dựng | 2026\n"
            "3 | Việc ba | Sở Công Thương chủ trì; Sở Xây dựng phối hợp | 2026\n"
            "4 | Việc bốn | Sở Y tế; Sở Nội vụ | 2026\n")
    tasks, _ = table(text)
    assert names(tasks["1"].lead) == ["so noi vu"]
    assert names(tasks["1"].coordinators) == ["so tu phap", "so y te"]
    assert names(tasks["2"].lead) == ["so tai chinh"]
    assert names(tasks["2"].coordinators) == ["so xay dung"]
    assert names(tasks["3"].lead) == ["so cong thuong"]
    assert names(tasks["3"].coordinators) == ["so xay dung"]
    assert names(tasks["4"].lead) == ["so y te", "so noi vu"] and tasks["4"].coordinators == ()
    for task in tasks.values():
        for agency in (*task.lead, *task.coordinators):
            assert agency.start is not None and text[agency.start:agency.end] == agency.text


# --- progress tables (a report's rows on another document's tasks) -------------------------

REPORT_HEAD = """ỦY BAN NHÂN DÂN
TỈNH TÂY NINH
Số: 15/BC-UBND
Tây Ninh, ngày 30 tháng 6 năm 2024

BÁO CÁO
Kết quả thực hiện chuyển đổi số 6 tháng đầu năm 2024

Ủy ban nhân dân tỉnh báo cáo như sau.

"""
PLAN_HEAD = """ỦY BAN NHÂN DÂN
TỈNH TÂY NINH
Số: 30/KH-UBND
Tây Ninh, ngày 10 tháng 1 năm 2024

KẾ HOẠCH
Triển khai chuyển đổi số năm 2024

Căn cứ Kế hoạch số 2502/KH-UBND ngày 08/8/2023 của UBND tỉnh, UBND tỉnh ban hành kế hoạch.

"""
PROGRESS_ROWS = ("| TT | Nhiệm vụ | Cơ quan chủ trì | Thời gian hoàn thành | Tiến độ "
                 "| Kết quả thực hiện |\n"
                 "| 1 | Tổ chức tuyên truyền | Sở Nội vụ | Quý I/2024 | Hoàn thành "
                 "| Đã tổ chức 12 hội nghị |\n"
                 "| 2 | Xây dựng cơ sở dữ liệu | Sở Tư pháp | Năm 2024 | Đang thực hiện |  |\n"
                 "| 3 | Tổng kết | Sở Nội vụ | Quý IV/2024 |  |  |\n")


def parsed_tasks(text: str) -> tuple[list[Task], list[object]]:
    from luocdo.loaders import parse

    doc = parse(text)
    return [t for t in doc.tasks if t.source == "table"], list(doc.progress)


def test_a_report_s_progress_table_on_a_plan_gives_statements_not_tasks_of_the_report():
    heading = "PHỤ LỤC\nTIẾN ĐỘ THỰC HIỆN KẾ HOẠCH SỐ 2502/KH-UBND NGÀY 08/8/2023\n\n"
    tasks, progress = parsed_tasks(REPORT_HEAD + heading + PROGRESS_ROWS)
    assert tasks == []  # not the report's: each row was counted twice (corpus 004)
    assert [(p.task_number, p.status, p.reported_document) for p in progress] == [
        ("1", "done", "2502/KH-UBND"), ("2", "in_progress", "2502/KH-UBND")]
    # each statement keeps its row read as a task (its lead and due date) for the plan
    one = progress[0].task
    assert one is not None and names(one.lead) == ["so noi vu"] and one.due == "2024-03-31"


def test_a_plan_s_result_and_product_columns_are_what_to_deliver_and_stay_tasks():
    for column in ("Kết quả", "Sản phẩm", "Kết quả đầu ra"):
        table_text = (f"| TT | Nhiệm vụ | Cơ quan chủ trì | Thời gian hoàn thành | {column} |\n"
                      "| 1 | Tổ chức tuyên truyền | Sở Nội vụ | Quý I/2024 | Hoàn thành tuyên "
                      "truyền |\n"
                      "| 2 | Xây dựng cơ sở dữ liệu | Sở Tư pháp | Năm 2024 | Phần mềm |\n")
        tasks, progress = parsed_tasks(PLAN_HEAD + table_text)
        assert [t.number for t in tasks] == ["1", "2"] and progress == []
        assert tasks[0].product == "Hoàn thành tuyên truyền"


def test_a_plan_s_progress_column_of_milestones_states_no_progress_and_rows_stay_tasks():
    table_text = ("| TT | Nhiệm vụ | Cơ quan chủ trì | Thời gian hoàn thành | Tiến độ |\n"
                  "| 1 | Tổ chức tuyên truyền | Sở Nội vụ | Năm 2024 | Quý I/2024: kế hoạch |\n"
                  "| 2 | Xây dựng cơ sở dữ liệu | Sở Tư pháp | Năm 2024 | Quý III/2024 |\n")
    tasks, progress = parsed_tasks(PLAN_HEAD + table_text)
    assert [t.number for t in tasks] == ["1", "2"] and progress == []


def test_a_report_s_status_table_on_no_other_document_keeps_its_rows_as_its_tasks():
    tasks, progress = parsed_tasks(REPORT_HEAD + "PHỤ LỤC\n\n" + PROGRESS_ROWS)
    assert [t.number for t in tasks] == ["1", "2", "3"]
    assert [p.task_index for p in progress] == [0, 1] and all(p.task is None for p in progress)


# --- indicator tables the targets reader cannot read -------------------------------------


def test_an_indicator_table_with_values_and_no_target_read_is_named_in_the_warnings():
    from luocdo.loaders import parse

    table_text = ("II. MỤC TIÊU\n\n"
                  "| TT | Tên các chỉ tiêu chủ yếu | Đơn vị tính | Giá trị |\n"
                  "| 1 | Tỉ lệ hồ sơ trực tuyến toàn trình | % | 80 |\n"
                  "| 2 | Số xã đạt chuẩn | Xã | 35 |\n")
    doc = parse(PLAN_HEAD + table_text)
    at = (PLAN_HEAD + table_text).index("| TT |")
    assert doc.targets == ()  # "Tên các chỉ tiêu" is no column the targets reader knows
    assert [w for w in doc.warnings if w.startswith("indicator table")] == [
        f"indicator table at {at} (line 13): 2 row(s) with values under 'TT | Tên các chỉ "
        "tiêu chủ yếu | Đơn vị tính | Giá trị' but no target read from it"]
    read = table_text.replace("Tên các chỉ tiêu chủ yếu", "Chỉ tiêu")
    doc = parse(PLAN_HEAD + read)
    assert len(doc.targets) == 2 and not [w for w in doc.warnings if "indicator" in w]


def test_the_empty_report_forms_of_corpus_021_are_not_reported(shared_dir: Path):
    from luocdo.loaders import parse, read

    text = read(shared_dir / "corpus/021_tt-14-2024-tt-bct-che-do-bao-cao-cum-cong-nghiep.txt")
    assert text.text.count("| TT | Chỉ tiêu | Đơn vị tính | Kết quả") == 4  # forms to fill in
    assert not [w for w in parse(text).warnings if "indicator" in w]


# --- .docx tables with merged cells (built here with python-docx) ---------------------------


def _docx_plan() -> bytes:
    """A plan's task table as Word writes it: a two-line header ("Cơ quan thực hiện" over
    "Chủ trì | Phối hợp", the other header cells merged over both lines), a group row merged
    across the columns, a lead cell merged over tasks 1 and 2, task 3's number and task cells
    merged over two rows with a lead each, and a cell merged across the lead and coordinators
    columns."""
    import io

    import docx

    d = docx.Document()
    d.add_paragraph("PHỤ LỤC")
    grid = d.add_table(rows=8, cols=5)
    values = [
        ["TT", "Nhiệm vụ", "Cơ quan thực hiện", "", "Thời hạn"],
        ["", "", "Chủ trì", "Phối hợp", ""],
        ["I", "Hoàn thiện thể chế", "", "", ""],
        ["1", "Rà soát quy chế", "Sở Tư pháp", "Sở Nội vụ", "Quý I/2026"],
        ["2", "Công bố danh mục", "", "Văn phòng UBND tỉnh", "Quý II/2026"],
        ["3", "Ban hành kế hoạch kiểm tra", "Sở Nội vụ", "", "Tháng 01 hằng năm"],
        ["", "", "Các cơ quan, đơn vị", "", "Tháng 6 hằng năm"],
        ["4", "Tổng kết", "Các sở, ngành theo chức năng", "", "Năm 2026"],
    ]
    for r, row in enumerate(values):
        for c, value in enumerate(row):
            if value:
                grid.cell(r, c).text = value
    for c in (0, 1, 4):  # TT, Nhiệm vụ, Thời hạn over both header lines
        grid.cell(0, c).merge(grid.cell(1, c))
    grid.cell(0, 2).merge(grid.cell(0, 3))  # Cơ quan thực hiện over Chủ trì | Phối hợp
    grid.cell(2, 1).merge(grid.cell(2, 4))  # the group's title across the columns
    grid.cell(3, 2).merge(grid.cell(4, 2))  # Sở Tư pháp leads tasks 1 and 2
    grid.cell(5, 0).merge(grid.cell(6, 0))  # task 3 over two rows
    grid.cell(5, 1).merge(grid.cell(6, 1))
    grid.cell(7, 2).merge(grid.cell(7, 3))  # one cell across lead and coordinators
    d.add_paragraph("Nơi nhận:")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def test_a_docx_table_with_merged_cells_gives_each_row_its_lead():
    from luocdo.loaders import read_bytes

    text = read_bytes(_docx_plan(), "ke-hoach.docx").text
    tasks, warnings = table(text)
    assert sorted(tasks) == ["1", "2", "3", "4"] and warnings == []
    assert tasks["1"].group == "I" and tasks["1"].group_title == "Hoàn thiện thể chế"
    # the lead cell merged over two rows leads both tasks
    assert names(tasks["1"].lead) == names(tasks["2"].lead) == ["so tu phap"]
    assert names(tasks["2"].coordinators) == ["van phong uy ban nhan dan tinh"]
    assert tasks["2"].due == "2026-06-30"  # the time frame is the row's own, not merged
    # a task written over two rows: one task, both leads, both time frames
    three = tasks["3"]
    assert names(three.lead) == ["so noi vu", "cac co quan, don vi"]
    assert three.timeframe == "Tháng 01 hằng năm; Tháng 6 hằng năm"
    # a cell across the lead and coordinators columns is the lead
    assert names(tasks["4"].lead) == ["cac so, nganh theo chuc nang"]
    assert tasks["4"].coordinators == ()
    assert all(text[s.start:s.end] == s.text for t in tasks.values() for s in t.spans.values())


# --- .pdf read with its layout (built here with reportlab) ----------------------------------

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # as test_read_formats
PDF_HEADER = ["TT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp",
              "Thời gian hoàn thành"]


def _ruled_pdf() -> bytes:
    """A ruled task table over two pages, as a word processor prints it: the header row
    repeated on page 2, task 2's cell continued in an unnumbered row at the top of page 2,
    the numbering restarting under group II, a running header and page numbers."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(TTFont("DejaVu", str(DEJAVU)))
    style = ParagraphStyle("cell", fontName="DejaVu", fontSize=9, leading=11)

    def page(canvas, doc) -> None:
        canvas.setFont("DejaVu", 8)
        canvas.drawString(250, 815, "KẾ HOẠCH CHUYỂN ĐỔI SỐ NĂM 2026")
        canvas.drawString(295, 20, str(doc.page))

    def grid(rows: list[list[str]]) -> Table:
        found = Table([[Paragraph(c, style) for c in r] for r in rows],
                      colWidths=[30, 200, 100, 90, 90])
        found.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black")]))
        return found

    first = [PDF_HEADER, ["I", "Hoàn thiện thể chế", "", "", ""],
             ["1", "Rà soát quy chế làm việc", "Sở Tư pháp", "Sở Nội vụ", "Quý I/2026"],
             ["2", "Xây dựng và vận hành nền tảng dữ liệu dùng chung của tỉnh, kết nối với",
              "Sở Khoa học và Công nghệ", "Các sở, ngành", "Tháng 10-11/2026"]]
    second = [PDF_HEADER, ["", "Cổng dữ liệu quốc gia", "", "", ""],
              ["II", "Tổ chức thực hiện", "", "", ""],
              ["1", "Tổng kết", "Sở Nội vụ", "", "Trước ngày 15/12/2026"]]
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, topMargin=50, bottomMargin=50)
    doc.build([Paragraph("PHỤ LỤC", style), grid(first), PageBreak(), grid(second),
               Paragraph("Nơi nhận:", style)], onFirstPage=page, onLaterPages=page)
    return out.getvalue()


def _unruled_pdf() -> bytes:
    """A task table without rules, its columns set by where the words stand, cells wrapped
    over two lines, the header repeated on page 2, page numbers."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas as pdfcanvas

    pdfmetrics.registerFont(TTFont("DejaVu", str(DEJAVU)))
    head = ["TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn"]
    pages = [
        ["PHỤ LỤC", head, ["I", "HOÀN THIỆN THỂ CHẾ", "", "", ""],
         ["1", "Rà soát quy chế làm việc\ncủa các sở, ngành", "Sở Tư pháp", "Sở Nội vụ",
          "Quý I/2026"],
         ["2", "Xây dựng nền tảng dữ liệu", "Sở Khoa học và\nCông nghệ", "", "Năm 2026"]],
        [head, ["3", "Tổng kết", "Sở Nội vụ", "Sở Tư pháp", "Tháng 12/2026"], "Nơi nhận:"],
    ]
    out = io.BytesIO()
    c = pdfcanvas.Canvas(out, pagesize=A4)
    for number, lines in enumerate(pages, start=1):
        c.setFont("DejaVu", 9)
        y = 780.0
        for line in lines:
            if isinstance(line, str):
                c.drawString(40, y, line)
                y -= 20
                continue
            for x, cell in zip([40, 75, 280, 400, 500], line, strict=True):
                for k, piece in enumerate(cell.split("\n") if cell else []):
                    c.drawString(x, y - 11 * k, piece)
            y -= 11 * max(len(cell.split("\n")) for cell in line) + 9
        c.drawString(295, 30, str(number))
        c.showPage()
    c.save()
    return out.getvalue()


def test_a_ruled_pdf_table_split_over_two_pages_gives_each_row_once():
    from luocdo.loaders import read_bytes

    text = read_bytes(_ruled_pdf(), "ke-hoach.pdf").text
    assert text.count("| TT | Nội dung nhiệm vụ |") == 2  # the header printed on each page
    tasks, warnings = table(text)
    assert sorted(tasks) == ["I.1", "I.2", "II.1"] and warnings == []
    two = tasks["I.2"]  # its task cell continued at the top of page 2
    assert two.content == ("Xây dựng và vận hành nền tảng dữ liệu dùng chung của tỉnh, kết "
                           "nối với Cổng dữ liệu quốc gia")
    assert names(two.lead) == ["so khoa hoc va cong nghe"]
    assert names(two.coordinators) == ["cac so, nganh"]
    assert two.timeframe == "Tháng 10-11/2026" and two.due == "2026-11-30"
    assert tasks["II.1"].due == "2026-12-15" and tasks["II.1"].group_title == "Tổ chức thực hiện"


def test_a_pdf_table_without_rules_is_read_by_where_its_words_stand():
    from luocdo.loaders import read_bytes

    text = read_bytes(_unruled_pdf(), "ke-hoach.pdf").text
    tasks, warnings = table(text)
    assert sorted(tasks) == ["1", "2", "3"] and warnings == []
    assert tasks["1"].content == "Rà soát quy chế làm việc của các sở, ngành"  # wrapped
    assert tasks["1"].group == "I" and tasks["1"].due == "2026-03-31"
    assert names(tasks["2"].lead) == ["so khoa hoc va cong nghe"]  # wrapped in its column
    assert tasks["2"].coordinators == () and tasks["2"].due == "2026-12-31"
    assert names(tasks["3"].lead) == ["so noi vu"] and names(tasks["3"].coordinators) == [
        "so tu phap"]


# --- header words of the genre, in | rows and one cell per block -----------------------------

HEADER_VARIANTS = {
    "number": ["TT", "STT", "Số TT"],
    "content": ["Nhiệm vụ", "Nội dung", "Nội dung công việc", "Tên nhiệm vụ"],
    "lead": ["Cơ quan chủ trì", "Đơn vị chủ trì", "Cơ quan chủ trì thực hiện"],
    "coordinators": ["Cơ quan phối hợp", "Đơn vị phối hợp"],
    "person": ["Cá nhân phụ trách", None],
    "timeframe": ["Thời hạn", "Thời gian hoàn thành", "Tiến độ", "Thời gian thực hiện"],
    "product": ["Sản phẩm", "Kết quả", "Hình thức văn bản", "Kết quả yêu cầu"],
}


def _variant_text(head: list[str], rows: list[list[str]], layout: str) -> str:
    if layout == "pipe":
        return "\n".join("| " + " | ".join(r) + " |" for r in [head, *rows]) + "\n"
    return "\n\n".join(cell for r in [head, *rows] for cell in r if cell) + "\n"


def test_every_header_wording_of_the_genre_reads_the_same_rows():
    # every wording of each column at least once, beside varied wordings of the others
    variants = list(HEADER_VARIANTS.values())
    checked = 0
    for k in range(2 * max(len(v) for v in variants)):
        words = [v[(k + i) % len(v)] for i, v in enumerate(variants)]
        number, content, lead, coordinators, person, timeframe, product = words
        with_person = person is not None
        head = [number, content, lead, coordinators, *([person] if with_person else []),
                timeframe, product]
        rows = [["1", "Rà soát quy chế", "Sở Tư pháp", "Sở Nội vụ",
                 *(["Ông Nguyễn Văn A"] if with_person else []), "Quý I/2026", "Quyết định"],
                ["2", "Tổng kết", "Sở Y tế", "", *([""] if with_person else []), "Năm 2026",
                 "Báo cáo"]]
        for layout in ("pipe", "blocks"):
            found, warnings = find_tasks(_variant_text(head, rows, layout))
            one, two = [t for t in found if t.source == "table"]
            got = (names(one.lead), names(one.coordinators), one.due, one.product,
                   names(two.lead), two.coordinators, two.due, two.product, warnings)
            assert got == (["so tu phap"], ["so noi vu"], "2026-03-31", "Quyết định",
                           ["so y te"], (), "2026-12-31", "Báo cáo", []), (layout, head)
            checked += 1
    assert checked == 16  # the person is never a lead


# --- group rows above numbered, lettered and unnumbered rows ---------------------------------

GROUPED = [["TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời hạn"],
           ["A", "PHẦN CHUNG", "", ""],
           ["1.", "Nhóm thể chế", "", ""],
           ["1.1", "Rà soát quy chế", "Sở Tư pháp", "2026"],
           ["a)", "Rà soát quy chế nội bộ", "Sở Nội vụ", "2026"],
           ["b)", "Công bố quy chế", "Sở Nội vụ", "2027"],
           ["1.2", "Ban hành đề án", "Sở Y tế", "2026"],
           ["", "Tổ chức hội nghị", "Sở Y tế", "Quý I/2026"],
           ["2.", "Kiểm tra", "Thanh tra tỉnh", "Hằng năm"],
           ["B", "TỔ CHỨC THỰC HIỆN", "Sở Nội vụ", "2030"]]


def test_group_rows_letters_and_unnumbered_rows_in_both_layouts():
    for layout in ("pipe", "blocks"):
        text = _variant_text(GROUPED[0], GROUPED[1:], layout)
        tasks, warnings = table(text)
        assert warnings == [], layout
        assert list(tasks) == ["1", "1.1", "1.1.a", "1.1.b", "1.2", "1.2-1", "2", "B"], layout
        # "1." heads its sub-rows; "a)" rows are items of 1.1; the unnumbered row with its
        # own lead is a task under 1.2; group B names its lead and is a task itself
        assert [tasks[n].parent for n in ("1.1", "1.1.a", "1.2-1")] == ["1", "1.1", "1.2"]
        assert tasks["1.1.b"].due == "2027-12-31" and tasks["1.2-1"].due == "2026-03-31"
        assert tasks["1.2"].content == "Ban hành đề án"  # the row below is not appended
        assert tasks["2"].group == "A" and names(tasks["B"].lead) == ["so noi vu"]


def test_an_unnumbered_row_cut_by_a_page_break_continues_the_task_above():
    text = ("| TT | Nội dung nhiệm vụ | Cơ quan chủ trì | Thời hạn |\n"
            "| 1 | Xây dựng cơ sở dữ liệu dùng chung | Sở Khoa học | Năm 2026 |\n"
            "|  | của tỉnh | và Công nghệ |  |\n")
    tasks, _ = table(text)
    assert list(tasks) == ["1"] and tasks["1"].content.endswith("dùng chung của tỉnh")


def test_a_block_cell_cut_by_a_page_break_goes_on_after_the_repeated_header():
    head = "TT\n\nNhiệm vụ\n\nCơ quan chủ trì\n\nCơ quan phối hợp\n\nThời hạn\n\n"
    text = (head + "1\n\nRà soát quy chế\n\nSở Tư pháp\n\nSở Nội vụ\n\nQuý I/2026\n\n"
            "2\n\nXây dựng và vận hành nền tảng dữ liệu\ndùng chung của tỉnh, kết nối với\n\n"
            "7\n\n" + head + "Cổng dữ liệu quốc gia\n\nSở Khoa học và Công nghệ\n\n"
            "Các sở, ngành\n\nNăm 2026\n\n"
            "3\n\nTổng kết\n\nSở Nội vụ\n\n12\n\n" + head + "Sở Tư pháp\n\nTháng 12/2026\n\n"
            "Nơi nhận:\n")
    tasks, warnings = table(text)
    assert sorted(tasks) == ["1", "2", "3"] and warnings == []
    two = tasks["2"]  # the task cell cut by the page break: its rest is no lead
    assert two.content == ("Xây dựng và vận hành nền tảng dữ liệu dùng chung của tỉnh, kết "
                           "nối với Cổng dữ liệu quốc gia")
    assert names(two.lead) == ["so khoa hoc va cong nghe"]
    assert names(two.coordinators) == ["cac so, nganh"] and two.due == "2026-12-31"
    # a break between two cells cuts none: the coordinators after it are the row's
    assert names(tasks["3"].coordinators) == ["so tu phap"] and tasks["3"].due == "2026-12-31"


def test_a_table_without_a_number_column_in_blocks_or_columns_is_named_not_dropped():
    blocks = ("Lịch tuyên truyền như sau:\n\nNội dung\n\nCơ quan thực hiện\n\nThời gian\n\n"
              "Khảo sát thực trạng\n\nSở Công Thương\n\n10-11/2019\n\n"
              "Xây dựng đề án\n\nSở Tài chính\n\nQuý III/2023\n")
    tasks, warnings = table(blocks)
    assert tasks == {}
    assert warnings == ["table at 28 (line 3): a task header written one cell per block "
                        "with no number column (TT) first; its rows are not read"]
    columns = ("Lịch tuyên truyền như sau:\n"
               "Thời gian        Nội dung                 Cơ quan thực hiện\n"
               "10-11/2019       Khảo sát thực trạng      Sở Công Thương\n")
    tasks, warnings = table(columns)
    assert tasks == {}
    assert warnings == ["table at 27 (line 2): a task header laid out in columns with no "
                        "number column (TT) first; its rows are not read"]


def test_a_letter_s_table_on_the_progress_of_a_plan_named_above_it_is_no_task_list():
    letter = ("ỦY BAN NHÂN DÂN\nTỈNH TÂY NINH\nSố: 77/UBND-VX\n"
              "Tây Ninh, ngày 30 tháng 6 năm 2024\n\nV/v phối hợp thực hiện chuyển đổi số\n\n"
              "Kính gửi: Bộ Khoa học và Công nghệ\n\nỦy ban nhân dân tỉnh gửi kèm phụ lục.\n\n"
              "PHỤ LỤC\nTÌNH HÌNH THỰC HIỆN KẾ HOẠCH SỐ 2502/KH-UBND NGÀY 08/8/2023\n\n")
    tasks, progress = parsed_tasks(letter + PROGRESS_ROWS)
    assert tasks == [] and {p.reported_document for p in progress} == {"2502/KH-UBND"}
    assert [p.task.number for p in progress if p.task is not None] == ["1", "2"]


CENTRED_TABLE = """PHỤ LỤC
                  Nội dung nhiệm vụ                 Cơ quan         Cơ quan          Thời hạn
TT                                                  chủ trì         phối hợp
      Xây dựng kế hoạch triển khai                  Sở Khoa học
1     chuyển đổi số của tỉnh                        và Công nghệ    Các sở, ngành    Quý I/2026
      năm 2026

2     Rà soát thủ tục hành chính                    Văn phòng                        Hằng năm
                                                    UBND tỉnh
      Tổ chức tuyên truyền về
3     chuyển đổi số                                 Sở Nội vụ       Sở Tư pháp       Tháng 12/2026
      trên báo chí
Nơi nhận:
"""


def test_a_layout_table_with_cells_centred_on_their_number_gives_each_line_its_row():
    # pdftotext -layout of a table whose cells are centred vertically: the header's "TT"
    # on its second line, each row's text above and below its number
    tasks, warnings = table(CENTRED_TABLE)
    assert sorted(tasks) == ["1", "2", "3"] and warnings == []
    one = tasks["1"]
    assert one.content == "Xây dựng kế hoạch triển khai chuyển đổi số của tỉnh năm 2026"
    assert names(one.lead) == ["so khoa hoc va cong nghe"] and one.due == "2026-03-31"
    assert names(one.coordinators) == ["cac so, nganh"]
    two = tasks["2"]
    assert two.content == "Rà soát thủ tục hành chính" and two.recurrence == "annual"
    assert names(two.lead) == ["van phong uy ban nhan dan tinh"]
    three = tasks["3"]
    assert three.content == "Tổ chức tuyên truyền về chuyển đổi số trên báo chí"
    assert names(three.coordinators) == ["so tu phap"] and three.due == "2026-12-31"


def _merged_pdf() -> bytes:
    """A ruled table with a group title merged across the columns, a lead cell merged over
    tasks 1 and 2, and one cell merged across the lead and coordinators columns."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(TTFont("DejaVu", str(DEJAVU)))
    style = ParagraphStyle("cell", fontName="DejaVu", fontSize=9, leading=11)
    rows = [["TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn"],
            ["I", "Hoàn thiện thể chế", "", "", ""],
            ["1", "Rà soát quy chế", "Sở Tư pháp", "Sở Nội vụ", "Quý I/2026"],
            ["2", "Công bố danh mục", "", "Văn phòng UBND tỉnh", "Quý II/2026"],
            ["3", "Tổng kết", "Các sở, ngành theo chức năng", "", "Năm 2026"]]
    grid = Table([[Paragraph(c, style) for c in r] for r in rows],
                 colWidths=[30, 150, 110, 110, 80])
    grid.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"),
                              ("SPAN", (1, 1), (4, 1)), ("SPAN", (2, 2), (2, 3)),
                              ("SPAN", (2, 4), (3, 4))]))
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build([Paragraph("PHỤ LỤC", style), grid])
    return out.getvalue()


def test_a_ruled_pdf_table_s_lead_merged_over_two_rows_leads_both():
    from luocdo.loaders import read_bytes

    text = read_bytes(_merged_pdf(), "ke-hoach.pdf").text
    tasks, warnings = table(text)
    assert sorted(tasks) == ["1", "2", "3"] and warnings == []
    assert names(tasks["1"].lead) == names(tasks["2"].lead) == ["so tu phap"]
    assert names(tasks["2"].coordinators) == ["van phong uy ban nhan dan tinh"]
    assert tasks["1"].group_title == "Hoàn thiện thể chế"
    # merged across columns: written once, in the lead column
    assert names(tasks["3"].lead) == ["cac so, nganh theo chuc nang"]
    assert tasks["3"].coordinators == ()


# --- any arrangement of table pieces reads without error ---------------------------------

_TABLE_PIECES = ["TT", "STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan", "chủ trì",
                 "Cơ quan phối hợp", "Thời hạn", "Tiến độ", "Sản phẩm", "Chỉ tiêu", "I", "II",
                 "A", "1", "2", "2.1", "a)", "1.", "7", "12", "Sở Nội vụ", "Sở Khoa học và",
                 "Công nghệ", "Quý I/2026", "10-11/2019", "Hoàn thành", "Đang thực hiện",
                 "Rà soát quy chế", "của tỉnh", "80", "%", "Nơi nhận:", "PHỤ LỤC", "", " ",
                 "(1)", "|", "| 1 |", "-"]


def _arranged(draw_lines: list[list[str]], joints: list[str]) -> str:
    return "\n".join(joint.join(line) for line, joint in zip(draw_lines, joints, strict=False))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_TABLE_PIECES), min_size=1, max_size=6), max_size=30),
       st.lists(st.sampled_from([" | ", "      ", "\n\n", "   ", " "]), min_size=30,
                max_size=30))
def test_any_arrangement_of_table_pieces_reads_without_error(lines, joints):
    from luocdo.errors import ExtractionError
    from luocdo.loaders import parse
    from luocdo.loaders.read import normalize

    text = _arranged(lines, joints) or "x"
    found, _warnings = find_tasks(text)
    for task in found:
        for span in task.spans.values():
            assert text[span.start:span.end] == span.text
    try:
        parse(text)  # progress and targets read the same tables
    except ExtractionError:  # the one error parse raises: nothing left to read
        assert not normalize(text).strip()


def test_a_layout_table_with_letter_items_and_a_row_without_a_number():
    text = ("PHỤ LỤC\n"
            "TT   Nội dung nhiệm vụ                 Cơ quan chủ trì        Cơ quan phối hợp"
            "      Thời hạn\n"
            "1    Xây dựng kế hoạch triển khai      Sở Khoa học và         Các sở, ngành"
            "         Quý I/2026\n"
            "     chuyển đổi số của tỉnh            Công nghệ\n"
            "a)   Lập danh mục dữ liệu              Sở Nội vụ                             "
            "       Quý II/2026\n"
            "     Tổ chức hội nghị                  Sở Y tế                               "
            "       Quý III/2026\n"
            "2    Rà soát thủ tục hành chính        Văn phòng UBND                        "
            "       Hằng năm\n"
            "                                       tỉnh\n"
            "Nơi nhận:\n")
    tasks, warnings = table(text)
    assert list(tasks) == ["1", "1.a", "1.a-1", "2"] and warnings == []
    # a wrapped lead stays one lead; a line with its own task, lead and time frame is a row
    assert names(tasks["1"].lead) == ["so khoa hoc va cong nghe"]
    assert names(tasks["1.a-1"].lead) == ["so y te"] and tasks["1.a-1"].due == "2026-09-30"
    assert names(tasks["1.a"].lead) == ["so noi vu"] and tasks["1.a"].parent == "1"
    assert names(tasks["2"].lead) == ["van phong uy ban nhan dan tinh"]


def test_a_timeline_written_one_cell_per_block_opens_each_row_with_its_period():
    text = ("Lịch tuyên truyền như sau:\n\nThời gian\n\nNội dung\n\nCơ quan thực hiện\n\n"
            "10-11/2019\n\nKhảo sát thực trạng\n\nSở Công Thương\n\n"
            "Quý III/2023\n\nXây dựng đề án\n\n"
            "Trước ngày 15/10/2026\n\nBáo cáo kết quả\n\nSở Nội vụ\n\n5\n\n"
            "Năm 2027\n\nTổng kết\n\nSở Nội vụ\n\nNơi nhận:\n- Như trên;\n")
    tasks, warnings = table(text)
    assert sorted(tasks) == ["1", "2", "3", "4"] and warnings == []  # no period is a number
    assert tasks["1"].timeframe == "10-11/2019" and tasks["1"].due == "2019-11-30"
    assert names(tasks["1"].lead) == ["so cong thuong"]
    assert tasks["2"].lead == () and tasks["2"].due == "2023-09-30"  # its lead cell empty
    assert tasks["3"].due == "2026-10-15" and tasks["3"].content == "Báo cáo kết quả"
    assert tasks["4"].due == "2027-12-31"  # the page number "5" is skipped
    assert all(text[s.start:s.end] == s.text for t in tasks.values() for s in t.spans.values())
