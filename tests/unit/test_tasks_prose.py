"""Tasks assigned in prose: leads before "phối hợp", introductions and bullets, agency headings.

Expected values were read off the documents in ../shared by hand.
"""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from luocdo.loaders import patterns, prose_tasks
from luocdo.loaders.prose_tasks import parse_assignment, task_regions
from luocdo.loaders.tasks import find_tasks
from luocdo.loaders.vietnamese import fold
from luocdo.model import Task
from tests.unit.tasks_support import normalized, references

SEED_000 = "seeds/000_d593de9037b50973.txt"
SEED_002 = "seeds/002_562158e10022e258.txt"
PROSE_EXAMPLES = patterns.load("prose_tasks")["examples"]


def prose(shared_dir: Path, name: str) -> dict[str, Task]:
    text = normalized(shared_dir / name)
    found, _ = find_tasks(text, province=None, references=references(text))
    tasks = [t for t in found if t.source == "prose"]
    by_number = {t.number: t for t in tasks}
    assert len(by_number) == len(tasks) and None not in by_number, "prose numbers are unique"
    return by_number


def names(agencies) -> list[str]:
    return [fold(a.name) for a in agencies]


@pytest.mark.parametrize(("sentence", "lead", "coordinators", "intro"), PROSE_EXAMPLES,
                         ids=[e[0][:40] for e in PROSE_EXAMPLES])
def test_every_assignment_example_of_the_data_file(sentence, lead, coordinators, intro):
    found = parse_assignment(sentence, 0, len(sentence))
    if lead is None:
        assert found is None
        return
    assert found is not None
    assert sentence[found.lead[0]:found.lead[1]] == lead
    got = sentence[found.coordinators[0]:found.coordinators[1]] if found.coordinators else None
    assert got == coordinators
    assert found.intro is intro


def test_doctests():
    assert doctest.testmod(prose_tasks).failed == 0


def test_a_small_plan():
    text = ("KẾ HOẠCH\nI. MỤC TIÊU\n1. Sở Y tế chủ trì nâng cao chất lượng khám bệnh.\n"
            "II. NHIỆM VỤ, GIẢI PHÁP\n1. Hoàn thiện thể chế\n"
            "a) Sở Tư pháp phối hợp Sở Nội vụ và các cơ quan liên quan rà soát văn bản, "
            "hoàn thành trước ngày 30/6/2025.\n"
            "b) Sở Tài chính chủ trì, phối hợp với các sở, ngành liên quan:\n"
            "- Bố trí kinh phí thực hiện.\n- Hướng dẫn thanh quyết toán.\n"
            "Nơi nhận:\n- Sở Tư pháp chủ trì lưu hồ sơ.\n")
    tasks = {t.number: t for t in find_tasks(text)[0]}
    assert sorted(tasks) == ["II.1.a", "II.1.b-1", "II.1.b-2"]
    a = tasks["II.1.a"]
    assert names(a.lead) == ["so tu phap"] and "so noi vu" in names(a.coordinators)
    assert a.timeframe == "hoàn thành trước ngày 30/6/2025" and a.due == "2025-06-30"
    assert a.group == "II.1" and fold(a.group_title or "") == "hoan thien the che"
    b1 = tasks["II.1.b-1"]
    assert names(b1.lead) == ["so tai chinh"] and b1.content == "Bố trí kinh phí thực hiện."
    assert all(t.source == "prose" and t.product is None for t in tasks.values())
    for task in tasks.values():
        for span in task.spans.values():
            assert text[span.start:span.end] == span.text


# --- seed 002: Kế hoạch 386/KH-UBND of Đồng Nai (no task table) ----------------------------


def test_seed_002_section_iii_point_c_leads_with_sở_tài_chính(shared_dir):
    task = prose(shared_dir, SEED_002)["III.2.c"]
    assert names(task.lead) == ["so tai chinh"]
    assert "so khoa hoc va cong nghe" in names(task.coordinators)
    assert "quan ly va su dung tai san hinh thanh" in fold(task.content)
    assert task.group == "III.2"


def test_seed_002_other_points(shared_dir):
    tasks = prose(shared_dir, SEED_002)
    assert names(tasks["III.2.d"].lead) == ["so noi vu"]
    assert "so khoa hoc va cong nghe" in names(tasks["III.2.d"].coordinators)
    assert names(tasks["III.6.b"].lead) == ["so noi vu"]
    assert {"so ngoai vu", "so tai chinh"} <= set(names(tasks["III.6.b"].coordinators))
    assert names(tasks["III.5.b"].lead) == ["so cong thuong"]
    assert names(tasks["III.1.b"].lead) == ["so thong tin va truyen thong"]
    assert names(tasks["III.5.c"].lead) == ["so nong nghiep va phat trien nong thon"]


def test_seed_002_bullets_of_an_introduction(shared_dir):
    tasks = prose(shared_dir, SEED_002)
    # "b) Sở Khoa học và Công nghệ chủ trì, phối hợp với các cơ quan liên quan:" + 3 bullets
    bullets = [t for n, t in tasks.items() if n.startswith("III.2.b-")]
    assert len(bullets) == 3
    assert all(names(t.lead) == ["so khoa hoc va cong nghe"] for t in bullets)
    assert fold(bullets[2].content).startswith("tiep tuc khuyen khich, thuc day khu vuc tu nhan")
    # "a) Các sở, ban, ngành, UBND các huyện, ..." + 3 bullets: the collective leads
    first = [t for n, t in tasks.items() if n.startswith("III.1.a-")]
    assert len(first) == 3 and all(any(a.collective for a in t.lead) for t in first)
    # a bullet that names its own body: "- Các cơ sở giáo dục đại học thuộc UBND tỉnh ..."
    assert "truong dai hoc" in fold(" ".join(names(tasks["III.3.b-1"].lead)))


def test_seed_002_only_the_task_parts(shared_dir):
    tasks = prose(shared_dir, SEED_002)
    assert all(n.startswith(("III.", "IV.")) for n in tasks)  # not I (purpose), II (targets)
    assert not any("tren day la" in fold(t.content) for t in tasks.values())
    assert not any("luu vt" in fold(t.content) for t in tasks.values())  # Nơi nhận
    assert names(tasks["IV.2"].lead) == ["so khoa hoc va cong nghe"]


def test_seed_002_task_implements_what_it_continues(shared_dir):
    text = normalized(shared_dir / SEED_002)
    found, _ = find_tasks(text, references=references(text))
    task = next(t for t in found if fold(t.content).startswith("tiep tuc trien khai chi thi so 25"))
    assert task.implements == ("25/CT-TTg",)


# --- seed 000: agency headings in section III ----------------------------------------------


def test_seed_000_agency_headings(shared_dir):
    tasks = prose(shared_dir, SEED_000)
    assert names(tasks["III.1.2-1"].lead) == ["so khoa hoc va cong nghe"]
    assert names(tasks["III.4.2.2-1"].lead) == ["so nong nghiep va phat trien nong thon"]
    assert names(tasks["III.4.2.2-1"].coordinators) == ["so khoa hoc va cong nghe"]
    # "Sở Khoa học và Công nghệ chủ trì, phối hợp ... thực hiện các nội dung sau:" + 4 bullets
    section3 = [t for n, t in tasks.items() if n.startswith("III.3-")]
    assert len(section3) == 4
    assert all(names(t.lead) == ["so khoa hoc va cong nghe"] for t in section3)
    assert all(n.startswith(("III.", "V.")) for n in tasks)
    table = [t for t in find_tasks(normalized(shared_dir / SEED_000))[0] if t.source == "table"]
    assert len(table) == 34  # the appendix rows, counted apart from the prose


# --- corpus -------------------------------------------------------------------------------


def test_official_letter_with_numbered_agencies(shared_dir):
    # "Chủ tịch Ủy ban nhân dân tỉnh yêu cầu:" then "2. Thanh tra tỉnh" and bullets
    tasks = prose(shared_dir,
                  "corpus/012_cv-5973-ubnd-kt-2026-lao-cai-thanh-kiem-tra-khoang-san.txt")
    inspectors = [t for n, t in tasks.items() if n.startswith("2-")]
    assert len(inspectors) == 4 and all(names(t.lead) == ["thanh tra tinh"] for t in inspectors)
    assert "cac so, ban, nganh va dia phuong" in fold(inspectors[0].spans["coordinators"].text)
    # "1. Trách nhiệm chung của các cơ quan, đơn vị": its five bullets are theirs (issue 15)
    common = [t for n, t in tasks.items() if n.startswith("1-")]
    assert len(common) == 5 and all(names(t.lead) == ["cac co quan, don vi"] for t in common)


def test_directive_with_points_under_ministries(shared_dir):
    tasks = prose(shared_dir, "corpus/020_ct-07-2012-cttg-chan-chinh-kkt-kcn-ccn.txt")
    assert names(tasks["1.a"].lead) == ["bo ke hoach va dau tu"]
    assert "1" not in tasks  # "1. Bộ Kế hoạch và Đầu tư:" only introduces a) to đ)
    assert names(tasks["6.b"].lead) == ["bo noi vu"]


@pytest.mark.parametrize("name", [
    "corpus/016_luat-147-2025-qh15-sua-doi-luat-dia-chat-khoang-san.txt",
    "corpus/017_nd-32-2024-ndcp-quan-ly-phat-trien-cum-cong-nghiep.txt",
    "corpus/022_luat-69-2025-qh15-hoa-chat.txt",
    "corpus/031_nd-193-2025-ndcp-chi-tiet-luat-dia-chat-khoang-san.txt",
])
def test_laws_and_decrees_assign_no_prose_tasks(shared_dir, name):
    assert task_regions(normalized(shared_dir / name)) == []


def test_party_plan_assigns_to_party_groups(shared_dir):
    # "a) Tổ đảng ở Thường trực Ủy ban KH,CN&MT" then six bullets
    tasks = prose(shared_dir, "corpus/003_kh-3260-dang-doan-quoc-hoi-2025-trien-khai-nq57.txt")
    first = [t for n, t in tasks.items() if n.startswith("II.2.2.a-")]
    assert len(first) == 6
    assert all(fold(t.lead[0].name).startswith("to dang o thuong truc uy ban kh") for t in first)
    assert fold(first[1].content).startswith("chu tri tham tra cac du an luat")
    assert not any(n.startswith("I.") for n in tasks)  # "I. MỤC ĐÍCH, YÊU CẦU"


def test_a_subject_line_is_not_a_part():
    # "V/v ..." (về việc) is not part V; the unnumbered title then makes the task part
    text = "V/v tăng cường quản lý\nTỔ CHỨC THỰC HIỆN\n1. Sở Y tế chủ trì rà soát quy trình.\n"
    tasks, _ = find_tasks(text)
    assert [(t.number, names(t.lead)) for t in tasks] == [("1", ["so y te"])]


# --- issue 15: the forms of assignment in prose (invented fixtures of each shape) -----------


def _prose_of(text: str) -> dict[str, Task]:
    return {t.number: t for t in find_tasks(text)[0] if t.source == "prose" and t.number}


def test_giao_introduction_under_a_heading_leads_the_points_below_it():
    text = ("THÔNG BÁO\nII. NHIỆM VỤ TRỌNG TÂM\n1. Về cải cách thể chế\n"
            "Giao Sở Tư pháp chủ trì, phối hợp với các cơ quan, đơn vị liên quan:\n"
            "a) Rà soát văn bản quy phạm pháp luật của tỉnh.\n"
            "b) Tham mưu bãi bỏ văn bản không còn phù hợp.\n"
            "2. Về tài chính công\nGiao Sở Tài chính:\n"
            "a) Tham mưu bố trí kinh phí, hoàn thành trong tháng 12/2025.\n"
            "Nơi nhận:\n- Như trên.\n")
    tasks = _prose_of(text)
    assert sorted(tasks) == ["II.1.a", "II.1.b", "II.2.a"]
    assert names(tasks["II.1.a"].lead) == ["so tu phap"]
    assert names(tasks["II.1.b"].coordinators) == ["cac co quan, don vi lien quan"]
    assert names(tasks["II.2.a"].lead) == ["so tai chinh"]
    assert tasks["II.2.a"].due == "2025-12-31"
    assert tasks["II.1.a"].group == "II.1"


def test_giao_point_with_bullets_and_giao_bullets():
    text = ("KẾ HOẠCH\nIII. TỔ CHỨC THỰC HIỆN\n1. Nhiệm vụ cụ thể\nb) Giao Sở Nội vụ:\n"
            "- Chủ trì, phối hợp với các cơ quan liên quan đánh giá chỉ số hằng tháng.\n"
            "- Định kỳ hằng quý tổng hợp, báo cáo Ủy ban nhân dân tỉnh.\n"
            "c) Nhiệm vụ khác\n- Giao Công an tỉnh tham mưu triển khai ứng dụng AI.\n")
    tasks = _prose_of(text)
    assert names(tasks["III.1.b-1"].lead) == ["so noi vu"]
    assert names(tasks["III.1.b-1"].coordinators) == ["cac co quan lien quan"]
    assert tasks["III.1.b-2"].recurrence == "quarterly"
    assert tasks["III.1.b-2"].timeframe == "Định kỳ hằng quý"
    assert names(tasks["III.1.c-1"].lead) == ["cong an tinh"]


def test_agency_colon_blocks_and_de_nghi_items():
    text = ("CÔNG ĐIỆN\nIII. Văn phòng Chính phủ trân trọng đề nghị:\n1. Bộ Công an:\n"
            "- Gửi tài liệu đến các điểm cầu trước Hội nghị.\n"
            "2. Bộ Y tế: Tổng hợp danh sách đại biểu gửi Văn phòng Chính phủ trước 14 giờ "
            "ngày 08 tháng 10 năm 2025.\n"
            "3. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh tăng cường giám sát.\n"
            "Nơi nhận:\n- Như trên;\n")
    tasks = _prose_of(text)
    assert names(tasks["III.1-1"].lead) == ["bo cong an"]
    assert names(tasks["III.2"].lead) == ["bo y te"]
    assert tasks["III.2"].due == "2025-10-08"
    assert tasks["III.2"].timeframe == "trước 14 giờ ngày 08 tháng 10 năm 2025"
    assert names(tasks["III.3"].lead) == ["uy ban mat tran to quoc viet nam tinh"]


def test_a_letter_asks_its_addressees_with_a_deadline_in_the_next_paragraph():
    text = ("BỘ NỘI VỤ\nSố: 81/BNV-CCHC\nV/v lấy ý kiến\nKính gửi:\n"
            "- Các bộ, cơ quan ngang bộ;\n- Ủy ban nhân dân các tỉnh, thành phố.\n"
            "Bộ Nội vụ đã xây dựng dự thảo Báo cáo sơ kết.\n"
            "Để hoàn thiện dự thảo, Bộ Nội vụ đề nghị các bộ, cơ quan ngang bộ, Ủy ban nhân "
            "dân các tỉnh, thành phố nghiên cứu, góp ý dự thảo.\n"
            "Văn bản góp ý đề nghị gửi về Bộ Nội vụ trước ngày 30/9/2025 để tổng hợp./.\n"
            "Nơi nhận:\n- Như trên;\n")
    tasks = _prose_of(text)
    assert list(tasks) == ["P1"]
    task = tasks["P1"]
    assert names(task.lead) == ["cac bo, co quan ngang bo",
                                "uy ban nhan dan cac tinh, thanh pho"]
    assert task.due == "2025-09-30"
    assert text[task.spans["timeframe"].start:task.spans["timeframe"].end] == \
        "trước ngày 30/9/2025"


def test_a_letter_that_quotes_another_request_assigns_nothing():
    text = ("BỘ NỘI VỤ\nKính gửi: Sở Nội vụ tỉnh A\n"
            "Bộ Nội vụ nhận được Công văn của Sở Nội vụ tỉnh A về việc đề nghị UBND tỉnh A "
            "công nhận chức danh các hội.\n"
            "Do đó, Sở Nội vụ tỉnh A đề nghị các hội báo cáo Ban Thường trực.\n"
            "Nơi nhận:\n- Như trên;\n")
    assert _prose_of(text) == {}


def test_a_heading_responsibility_of_collectives():
    text = ("THÔNG BÁO\nII. NHIỆM VỤ\n7. Trách nhiệm của các sở, ban, ngành, UBND các xã\n"
            "a) Chủ động xây dựng kế hoạch khắc phục hạn chế.\n"
            "b) Khi có kết quả đánh giá, giao Sở Nội vụ chủ trì phân tích từng chỉ tiêu.\n")
    tasks = _prose_of(text)
    assert names(tasks["II.7.a"].lead) == ["cac so, ban, nganh", "uy ban nhan dan cac xa"]
    assert names(tasks["II.7.b"].lead) == ["so noi vu"]


@pytest.mark.parametrize("sentence", [
    "Đẩy mạnh các hoạt động giao ban, hội thảo, chia sẻ kinh nghiệm.",
    "Nghiên cứu phương án giao Bộ Giáo dục và Đào tạo quản lý các cơ sở.",
    "Sở Nội vụ đã tổng hợp, xây dựng dự thảo Báo cáo.",
    "Quý I/2027 các cơ quan tổng kết.",
    "Định kỳ hằng tháng, công khai kết quả phục vụ người dân, doanh nghiệp trong tỉnh.",
])
def test_sentences_that_assign_no_one(sentence):
    assert parse_assignment(sentence, 0, len(sentence)) is None


def test_a_request_under_a_lead_stays_the_leads_task():
    text = ("KẾ HOẠCH\nIV. TỔ CHỨC THỰC HIỆN\n2. Sở Nông nghiệp và Môi trường\n"
            "- Tổ chức kiểm tra hoạt động khai thác; yêu cầu các đơn vị lắp đặt trạm cân.\n"
            "- Yêu cầu các đơn vị khai thác khoáng sản lắp đặt camera giám sát.\n")
    tasks = _prose_of(text)
    assert [names(t.lead) for t in tasks.values()] == [["so nong nghiep va moi truong"]] * 2


def test_a_time_before_the_assignee():
    text = ("KẾ HOẠCH\nIV. TIẾN ĐỘ THỰC HIỆN\n2. Tiến độ\n"
            "b) Quý I/2027, các cơ quan, đơn vị, địa phương đánh giá kết quả thi đua.\n")
    tasks = _prose_of(text)
    assert names(tasks["IV.2.b"].lead) == ["cac co quan, don vi, dia phuong"]
    assert tasks["IV.2.b"].due == "2027-03-31"


def test_responsibility_line_after_measures_applies_to_them():
    text = ("KẾ HOẠCH\nIII. NHIỆM VỤ, GIẢI PHÁP\n1. Giải pháp về tuyên truyền\n"
            "a) Tăng cường tuyên truyền pháp luật về phòng, chống ma túy.\n"
            "b) Tổ chức hội nghị chuyên đề tại các xã.\n"
            "Trách nhiệm chỉ đạo thực hiện: Sở Văn hóa, Thể thao và Du lịch; phối hợp: các "
            "sở, ngành liên quan.\n"
            "2. Giải pháp về y tế\n- Rà soát cơ sở cai nghiện.\n- Đào tạo cán bộ y tế.\n"
            "- Trách nhiệm thực hiện: Sở Y tế.\n"
            "3. Giải pháp khác\n- Kiểm tra định kỳ.\n")
    tasks = _prose_of(text)
    assert sorted(tasks) == ["III.1.a", "III.1.b", "III.2-1", "III.2-2"]
    for number in ("III.1.a", "III.1.b"):
        assert names(tasks[number].lead) == ["so van hoa, the thao va du lich"]
        assert names(tasks[number].coordinators) == ["cac so, nganh lien quan"]
    assert names(tasks["III.2-2"].lead) == ["so y te"]


def test_a_task_part_that_names_no_one_is_reported():
    text = ("BÁO CÁO\nIV. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026\n1. Tiếp tục cải cách thể chế.\n"
            "2. Đẩy mạnh chuyển đổi số.\n- Nâng cao chất lượng phục vụ.\nNơi nhận:\n- Như trên.\n")
    found, warnings = find_tasks(text)
    assert [t for t in found if t.source == "prose"] == []
    assert warnings == ["task part at 8 (line 2, 'IV. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026'): 3 "
                        "points or bullets, none names who carries it out; no task read from it"]


def test_what_a_task_is_to_report():
    text = ("KẾ HOẠCH\nV. TỔ CHỨC THỰC HIỆN\n1. Sở Nội vụ theo dõi, đôn đốc; định kỳ hằng quý "
            "báo cáo kết quả thực hiện về Ủy ban nhân dân tỉnh.\n"
            "2. Văn phòng Ủy ban nhân dân tỉnh báo cáo cho lãnh đạo Ủy ban nhân dân tỉnh tình "
            "hình giải quyết hồ sơ trước ngày 15/10/2026.\n")
    tasks = _prose_of(text)
    assert (tasks["V.1"].product, tasks["V.1"].recurrence) == ("kết quả thực hiện", "quarterly")
    assert (tasks["V.2"].product, tasks["V.2"].due) == ("tình hình giải quyết hồ sơ",
                                                        "2026-10-15")
    span = tasks["V.2"].spans["product"]
    assert text[span.start:span.end] == span.text


def test_a_letter_asking_its_addressees_in_bullets():
    text = ("SỞ NỘI VỤ\nKính gửi:\n- Các sở, ban, ngành tỉnh;\n- UBND các xã, phường.\n"
            "Để tổng hợp báo cáo, Sở Nội vụ đề nghị các sở, ban, ngành tỉnh, UBND các xã, "
            "phường:\n"
            "- Rà soát số liệu cải cách hành chính năm 2025.\n"
            "- Gửi báo cáo kết quả thực hiện về Sở Nội vụ trước ngày 10/12/2025.\n"
            "Sở Nội vụ trân trọng cảm ơn.\nNơi nhận:\n- Như trên;\n")
    tasks = _prose_of(text)
    assert list(tasks) == ["P1", "P2"]
    assert all(names(t.lead) == ["cac so, ban, nganh tinh", "uy ban nhan dan cac xa, phuong"]
               for t in tasks.values())
    assert (tasks["P2"].due, tasks["P2"].product) == ("2025-12-10", "kết quả thực hiện")


@pytest.mark.parametrize(("sentence", "printed", "recurrence"), [
    ("Sở Nội vụ công khai kết quả chậm nhất vào ngày 05 hằng tháng.",
     "chậm nhất vào ngày 05 hằng tháng", "monthly"),
    ("Văn phòng UBND tỉnh báo cáo trước 16 giờ ngày thứ Sáu hằng tuần.",
     "trước 16 giờ ngày thứ Sáu hằng tuần", "weekly"),
    ("Các sở định kỳ hằng tháng tổng hợp, gửi Sở Nội vụ trước ngày 20 hằng tháng.",
     "trước ngày 20 hằng tháng", "monthly"),
])
def test_a_day_in_each_period(sentence, printed, recurrence):
    text = f"KẾ HOẠCH\nIII. TỔ CHỨC THỰC HIỆN\n1. {sentence}\n"
    (task,) = _prose_of(text).values()
    assert (task.timeframe, task.recurrence) == (printed, recurrence)


def test_handing_over_is_no_request():
    sentence = "Hoàn thành việc bàn giao Sở Nội vụ các hồ sơ lưu trữ."
    assert parse_assignment(sentence, 0, len(sentence)) is None


def test_paragraphs_and_bullets_right_under_a_part():
    text = ("KẾ HOẠCH\nIII. TỔ CHỨC THỰC HIỆN\n"
            "Sở Nội vụ: chủ trì theo dõi, đôn đốc các cơ quan thực hiện Kế hoạch này.\n"
            "Sở Tài chính: tham mưu bố trí kinh phí thực hiện Kế hoạch.\n"
            "- Các sở, ngành chủ động xây dựng kế hoạch triển khai.\nNơi nhận:\n")
    found, warnings = find_tasks(text)
    assert [(t.number, names(t.lead)) for t in found] == [
        ("III-1", ["so noi vu"]), ("III-2", ["so tai chinh"]), ("III-3", ["cac so, nganh"])]
    assert warnings == []


def test_a_short_plan_whose_parts_are_numbered_items():
    text = ("KẾ HOẠCH\n1. Mục đích, yêu cầu\nBảo đảm hiệu quả.\n2. Tổ chức thực hiện\n"
            "a) Sở Nội vụ chủ trì rà soát tổ chức bộ máy các cơ quan.\n"
            "b) Sở Tài chính bố trí kinh phí thực hiện.\n3. Kinh phí\nSở Tài chính cân đối.\n")
    tasks = _prose_of(text)
    assert [(n, names(t.lead)) for n, t in tasks.items()] == [
        ("2.a", ["so noi vu"]), ("2.b", ["so tai chinh"])]


_PIECES = ["III. TỔ CHỨC THỰC HIỆN\n", "1. ", "a) ", "- ", "Giao ", "Đề nghị ", "Sở Nội vụ",
           " chủ trì, phối hợp với ", "các sở, ngành", ":", "\n", " báo cáo kết quả ", " về ",
           "trước ngày 15/10/2026", " định kỳ hằng quý", "Trách nhiệm thực hiện: ", "Kính gửi:",
           "Bộ Nội vụ đề nghị ", ", ", ".", "Quý I/2027, ", "Nơi nhận:\n", "tổ chức đảng"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40))
def test_any_arrangement_of_the_forms_reads_without_error(pieces):
    text = "".join(pieces)
    found, warnings = find_tasks(text)
    for task in found:
        assert 0 <= task.start <= task.end <= len(text)
        for span in task.spans.values():
            assert text[span.start:span.end] == span.text
    assert all(isinstance(w, str) for w in warnings)


def test_a_duty_outside_the_task_parts():
    text = ("CÔNG ĐIỆN\nI. Thời gian: 08 giờ, ngày 09 tháng 10 năm 2025.\n"
            "II. Địa điểm: Trụ sở Chính phủ và trụ sở Ủy ban nhân dân các tỉnh.\n"
            "- Chủ tịch Ủy ban nhân dân các tỉnh dự tại điểm cầu tỉnh.\n"
            "- Ủy ban nhân dân các tỉnh chịu trách nhiệm kết nối đường truyền đến cấp xã.\n"
            "III. Văn phòng Chính phủ trân trọng đề nghị:\n"
            "1. Bộ Y tế: Gửi danh sách đại biểu trước 14 giờ ngày 08 tháng 10 năm 2025.\n"
            "Nơi nhận:\n")
    tasks = _prose_of(text)
    assert [(n, names(t.lead)) for n, t in tasks.items()] == [
        ("III.1", ["bo y te"]), ("II-1", ["uy ban nhan dan cac tinh"])]
