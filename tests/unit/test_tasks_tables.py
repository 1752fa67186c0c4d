"""Task tables: header words, rows, groups, continuation rows, real appendices.

Expected values were read off the documents in ../shared by hand.
"""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

from luocdo.loaders import patterns, task_tables
from luocdo.loaders.task_tables import column_role, find_task_tables, split_row
from luocdo.loaders.tasks import find_tasks
from luocdo.loaders.vietnamese import fold
from luocdo.model import Task
from tests.unit.tasks_support import normalized, references

CORPUS_002 = "corpus/002_nq-03-nqcp-2025-chuong-trinh-hanh-dong-nq57-phu-luc.txt"
CORPUS_004 = "corpus/004_cv-402-vpdu-2025-bao-cao-thuc-hien-nq57.txt"
CORPUS_011 = "corpus/011_kh-du-thao-ubnd-lao-cai-2026-trien-khai-ct-11-ct-tu-khoang-san.txt"
SEED_000 = "seeds/000_d593de9037b50973.txt"
COLUMN_EXAMPLES = patterns.load("task_columns")["examples"]


def table_tasks(shared_dir: Path, name: str, **relations: str) -> dict[str, Task]:
    text = normalized(shared_dir / name)
    found, _ = find_tasks(text, province=None, references=references(text, relations))
    tasks = [t for t in found if t.source == "table"]
    by_number = {t.number: t for t in tasks if t.number}
    assert len(by_number) == len(tasks), "table task numbers are unique"
    return by_number


def names(agencies) -> list[str]:
    return [fold(a.name) for a in agencies]


# --- header words -------------------------------------------------------------------------


@pytest.mark.parametrize(("header", "role"), COLUMN_EXAMPLES, ids=[e[0] for e in COLUMN_EXAMPLES])
def test_every_column_example_of_the_data_file(header, role):
    assert column_role(header) == role


def test_split_row_keeps_absolute_spans_and_empty_cells():
    text = "xx\n1 | Nội dung | Sở Tài chính |  | Hằng năm |\n"
    row = split_row(text, 3, len(text) - 1)
    assert [c.text for c in row.cells] == ["1", "Nội dung", "Sở Tài chính", "", "Hằng năm"]
    assert all(text[c.start:c.end] == c.text for c in row.cells)
    markdown = "| 2. | A | B |"
    assert [c.text for c in split_row(markdown, 0, len(markdown)).cells] == ["2.", "A", "B"]


def test_a_header_in_any_order_and_wording_is_a_task_table():
    text = ("STT | Thời hạn hoàn thành | Đơn vị chủ trì | Nội dung công việc | Ghi chú\n"
            "1 | Tháng 8/2024 | Sở Nội vụ | Rà soát quy chế | \n"
            "2 | Hằng năm |  | Báo cáo kết quả | \n")
    tasks, warnings = find_tasks(text)
    assert [t.number for t in tasks] == ["1", "2"]
    assert tasks[0].content == "Rà soát quy chế" and tasks[0].due == "2024-08-31"
    assert names(tasks[0].lead) == ["so noi vu"] and tasks[1].lead == ()
    assert tasks[1].recurrence == "annual" and tasks[1].product is None
    assert warnings == []


@pytest.mark.parametrize(
    "header",
    [
        "TT | Chỉ tiêu | Đơn vị | Kết quả | Cơ quan chủ trì theo dõi, đánh giá",  # indicators
        "STT | Các văn bản cần sửa đổi, bổ sung | Điều, khoản, điểm | Cơ quan chủ trì soạn thảo",
        "TT | Họ và tên | Năm sinh | Chức vụ",  # a form
    ],
)
def test_tables_that_are_not_task_tables_give_no_tasks(header):
    text = f"{header}\n1 | Tỉ lệ dịch vụ công | % | 80 | Văn phòng Chính phủ\n"
    assert find_task_tables(text) == []
    assert find_tasks(text)[0] == ()


@pytest.mark.parametrize(
    ("header", "roles"),
    [
        ("TT | Nội dung | Đơn vị | Tiến độ", ["number", "content", "lead", "timeframe"]),
        ("TT | NHIỆM VỤ | THỜI GIAN HOÀN THÀNH | CƠ QUAN THỰC HIỆN | TIẾN ĐỘ",
         ["number", "content", "timeframe", "lead", "status"]),
        ("TT | Chỉ tiêu | Đơn vị | Kết quả", ["number", "indicator", "unit", "product"]),
    ],
)
def test_ambiguous_header_words_take_the_missing_role(header, roles):
    row = split_row(header, 0, len(header))
    assert [task_tables.header_roles(row).get(i) for i in range(len(row.cells))] == roles


def test_a_header_over_two_rows_and_letter_groups():
    text = ("STT | Nội dung công việc | Cơ quan thực hiện |  | Thời gian hoàn thành | Sản phẩm\n"
            " |  | Chủ trì | Phối hợp |  | \n"
            "A | NHÓM NHIỆM VỤ CHUNG |  |  |  | \n"
            "1 | Xây dựng kế hoạch | Sở Nội vụ | Sở Tài chính | Quý I/2025 | Kế hoạch\n"
            "a | Việc con | Sở Nội vụ |  | 2025 | \n"
            " | tiếp theo của việc con |  |  |  | \n")
    tasks = {t.number: t for t in find_tasks(text)[0]}
    assert sorted(tasks) == ["1", "1.a"]
    one, sub = tasks["1"], tasks["1.a"]
    assert names(one.lead) == ["so noi vu"] and names(one.coordinators) == ["so tai chinh"]
    assert one.group == "A" and one.group_title == "NHÓM NHIỆM VỤ CHUNG"
    assert sub.parent == "1" and sub.content == "Việc con tiếp theo của việc con"
    assert sub.coordinators == () and sub.product is None and sub.due == "2025-12-31"


def test_an_empty_cell_is_never_filled_from_a_neighbour():
    text = ("TT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian | Sản phẩm\n"
            "1 | Việc một | Sở Y tế | Sở Nội vụ | 2025 | Báo cáo\n"
            "2 | Việc hai | Sở Y tế |  | 2025 | \n"
            "3 | Việc ba |  |  |  | Kế hoạch\n")
    tasks = {t.number: t for t in find_tasks(text)[0]}
    assert tasks["2"].coordinators == () and tasks["2"].product is None
    assert tasks["3"].lead == () and tasks["3"].timeframe is None and tasks["3"].due is None


def test_continuation_rows_extend_the_task_above():
    text = ("| TT | Tên nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Kết quả | Thời gian |\n"
            "| 7. | Xây dựng nền tảng số; | Bộ Y tế |  | Nền tảng | 2025 |\n"
            "|  | kết nối dữ liệu khám chữa bệnh |  |  |  |  |\n"
            "|  | kết nối dữ liệu khám chữa bệnh |  | Bộ Công an |  |  |\n"
            "| 8. | Việc khác | Bộ Tài chính |  |  | 2026 |\n")
    tasks, warnings = find_tasks(text)
    assert [t.number for t in tasks] == ["7", "8"]
    assert tasks[0].content == "Xây dựng nền tảng số; kết nối dữ liệu khám chữa bệnh"
    assert tasks[0].coordinators == ()  # a stray cell of a page break fills nothing
    assert tasks[0].end > text.index("Bộ Công an")
    assert any("not appended" in w for w in warnings)
    assert any("coordinators cell continues task 7" in w for w in warnings)


def test_doctests():
    assert doctest.testmod(task_tables).failed == 0


# --- seed 000: the appendix of Kế hoạch 2502/KH-UBND ---------------------------------------


def test_seed_000_appendix_gives_34_tasks_in_groups(shared_dir):
    tasks = table_tasks(shared_dir, SEED_000)
    assert sorted(tasks) == sorted([str(n) for n in range(1, 33)] + ["3.1", "3.2"])
    groups = {t.group for t in tasks.values()}
    assert groups == {"I", "II", "III", "IV", "V"}
    assert tasks["1"].group == "I" and tasks["9"].group == "II" and tasks["13"].group == "III"
    assert tasks["14"].group == "IV" and tasks["29"].group == "IV" and tasks["30"].group == "V"
    assert fold(tasks["10"].group_title or "") == "xay dung he sinh thai doi moi sang tao"
    assert tasks["3.1"].parent == "3" and tasks["3.2"].parent == "3" and tasks["3"].parent is None


def test_seed_000_empty_products_and_coordinators(shared_dir):
    tasks = table_tasks(shared_dir, SEED_000)
    assert {n for n, t in tasks.items() if t.product is None} == {"3", "10", "11", "21"}
    assert {n for n, t in tasks.items() if t.lead and not t.coordinators} == {
        "1", "2", "3.1", "3.2", "7", "30"}
    assert tasks["3"].lead == () and tasks["3"].coordinators == ()  # introduces 3.1 and 3.2
    assert fold(tasks["3"].content).endswith("thong qua cac nhiem vu:")


def test_seed_000_leads_as_printed(shared_dir):
    tasks = table_tasks(shared_dir, SEED_000)
    assert names(tasks["8"].lead) == ["so nong nghiep va phat trien nong thon"]
    assert names(tasks["26"].lead) == ["so tai chinh"]
    assert names(tasks["17"].lead) == ["so ke hoach va dau tu"]
    assert names(tasks["31"].lead) == ["lien hiep cac hoi khoa hoc va ky thuat"]
    lead30 = names(tasks["30"].lead)
    assert len(lead30) >= 3 and "so khoa hoc va cong nghe" in lead30
    assert "so thong tin va truyen thong" in lead30 and "bao tay ninh" in lead30
    assert len(tasks["1"].lead) == 2 and all(a.collective for a in tasks["1"].lead)
    assert "so noi vu" in names(tasks["5"].coordinators)
    assert "so y te" in names(tasks["9"].coordinators)


def test_seed_000_time_frames(shared_dir):
    tasks = table_tasks(shared_dir, SEED_000)
    one = tasks["1"]
    assert one.timeframe == "Quý III/2023"
    assert (one.start_date, one.end_date, one.due) == ("2023-07-01", "2023-09-30", "2023-09-30")
    assert tasks["2"].recurrence == "annual" and tasks["2"].due is None
    assert tasks["8"].timeframe == "Thực hiện từ năm 2023" and tasks["8"].start_date == "2023-01-01"
    assert tasks["8"].due is None
    assert (tasks["12"].start_date, tasks["12"].due) == ("2025-01-01", "2030-12-31")
    assert tasks["30"].recurrence == "monthly"
    assert tasks["9"].timeframe == "Sau khi được UBND tỉnh phê duyệt Kế hoạch"
    assert (tasks["9"].start_date, tasks["9"].due, tasks["9"].recurrence) == (None, None, None)


def test_seed_000_implements_read_from_the_content(shared_dir):
    tasks = table_tasks(shared_dir, SEED_000, **{"431/KH-UBND": "replaces"})
    assert tasks["11"].implements == ("16/2021/NQ-HĐND",)
    assert tasks["20"].implements == ("42/2022/NQ-HĐND",)
    # "Triển khai Kế hoạch thực hiện Chương trình hành động số 180-CTr/TU ... thực hiện
    # Nghị quyết số 36-NQ/TW": 36-NQ/TW is what 180-CTr/TU carries out, not the task.
    assert tasks["9"].implements == ("180-CTr/TU",)
    assert tasks["24"].implements == ("1962/KH-UBND",)
    assert tasks["27"].implements == ()  # "... thay thế Kế hoạch số 431/KH-UBND"
    assert tasks["4"].implements == ()


def test_seed_000_spans_point_at_their_text(shared_dir):
    text = normalized(shared_dir / SEED_000)
    for task in table_tasks(shared_dir, SEED_000).values():
        for span in task.spans.values():
            assert text[span.start:span.end] == span.text
        for agency in (*task.lead, *task.coordinators):
            assert agency.start is not None and task.start <= agency.start < task.end
        assert text[task.start:task.end].split("|")[0].strip().rstrip(".") == task.number


# --- corpus -------------------------------------------------------------------------------


def test_corpus_002_annex_ii_has_140_tasks(shared_dir):
    tasks = table_tasks(shared_dir, CORPUS_002)
    assert sorted(tasks, key=int) == [str(n) for n in range(1, 141)]
    first, last = tasks["1"], tasks["140"]
    assert fold(first.content).startswith("xay dung, trinh thu tuong chinh phu ban hanh")
    assert names(first.lead) == ["bo thong tin va truyen thong"]
    assert first.timeframe == "6/2025" and first.due == "2025-06-30" and first.group == "I"
    assert fold(last.content).startswith("tich cuc, chu dong tham gia dinh hinh")
    assert names(last.lead) == ["bo khoa hoc va cong nghe"]
    assert names(last.coordinators) == ["bo thong tin va truyen thong"]
    assert last.timeframe == "Thường xuyên" and last.recurrence == "ongoing"
    assert last.group == "VII" and last.product == "Các hoạt động hợp tác"
    assert names(tasks["5"].lead) == ["bo noi vu"] and tasks["5"].product == "Đề án"
    assert names(tasks["49"].lead) == ["bo tai chinh"] and tasks["49"].recurrence == "annual"
    assert tasks["41"].product is None and tasks["41"].coordinators == ()
    assert tasks["123"].due == "2025-06-30"  # Quý II/2025
    assert {t.group for t in tasks.values()} == {"I", "II", "III", "IV", "V", "VI", "VII"}


def test_corpus_002_continuation_rows(shared_dir):
    tasks = table_tasks(shared_dir, CORPUS_002)
    # 108 goes on in a row without a number; its stray cell fills no empty coordinators
    assert "(5) ung dung du lieu dan cu" in fold(tasks["108"].content)
    assert tasks["108"].coordinators == ()
    # the row after 128 only repeats its last words (with a typo)
    assert fold(tasks["128"].content).count("dinh ky to chuc danh gia") == 1


def test_corpus_002_indicator_table_gives_no_tasks(shared_dir):
    text = normalized(shared_dir / CORPUS_002)
    found, _ = find_tasks(text, references=())
    assert not any("tiem luc, trinh do khoa hoc" in fold(t.content) for t in found)


def test_corpus_011_header_wording(shared_dir):
    text = normalized(shared_dir / CORPUS_011)
    tables = find_task_tables(text)
    assert len(tables) == 1
    headers = [c.text for c in tables[0].header.cells]
    roles = {headers[i]: role for i, role in tables[0].roles.items()}
    assert roles["Sở, ngành chủ trì tham mưu"] == "lead"
    assert roles["Đơn vị phối hợp thực hiện"] == "coordinators"
    assert roles["Thời gian thực hiện"] == "timeframe" and roles["Ghi chú"] == "note"
    tasks = table_tasks(shared_dir, CORPUS_011)
    assert sorted(tasks, key=int) == [str(n) for n in range(1, 15)]
    assert names(tasks["2"].lead) == ["so nong nghiep va moi truong"]
    assert names(tasks["6"].lead) == ["so cong thuong", "so xay dung"]
    assert names(tasks["9"].lead) == ["thanh tra tinh"]
    assert tasks["11"].timeframe == "Xong trong Quý II/2026" and tasks["11"].due == "2026-06-30"
    assert all(t.product is None for t in tasks.values())  # no product column


def test_corpus_004_annex_1(shared_dir):
    tasks = table_tasks(shared_dir, CORPUS_004)
    assert sorted(tasks, key=int) == [str(n) for n in range(1, 38)]
    t25 = tasks["25"]
    assert fold(t25.content).startswith("tham muu chinh phu thanh lap uy ban du lieu quoc gia")
    assert names(t25.lead) == ["bo cong an"]
    assert t25.product == "Báo cáo Chính phủ" and t25.timeframe == "Tháng 3/2025"
    assert t25.due == "2025-03-31"
    assert "qua han" not in fold(" ".join(s.text for s in t25.spans.values()))  # a status
    assert tasks["9"].group == "II" and tasks["37"].group == "VI"


@pytest.mark.parametrize("name", [
    "corpus/021_tt-14-2024-tt-bct-che-do-bao-cao-cum-cong-nghiep.txt",
    "corpus/028_nq-66-19-2026-nqcp-cat-giam-tthc-dia-chat-khoang-san.txt",
    "corpus/031_nd-193-2025-ndcp-chi-tiet-luat-dia-chat-khoang-san.txt",
])
def test_report_forms_and_amendment_tables_give_no_table_tasks(shared_dir, name):
    assert find_task_tables(normalized(shared_dir / name)) == []
