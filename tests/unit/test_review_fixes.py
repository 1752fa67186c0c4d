"""Fixes found while reviewing the golden files against the documents (issue 2).

Each test names the document and line it was read from; the expected values were
read off the text in ../shared by hand, not copied from the extractor's output.
"""

from __future__ import annotations

import functools
from pathlib import Path

from luocdo import loaders
from luocdo.loaders.references import find_references
from luocdo.model import Document
from tests.conftest import SHARED


@functools.cache
def parsed(relative: str) -> Document:
    """The model of a document of ../shared (parsed once per test run)."""
    return loaders.parse(loaders.read(Path(SHARED) / relative))


C002 = "corpus/002_nq-03-nqcp-2025-chuong-trinh-hanh-dong-nq57-phu-luc.txt"
C012 = "corpus/012_cv-5973-ubnd-kt-2026-lao-cai-thanh-kiem-tra-khoang-san.txt"


def refs_by_symbol(doc: Document, symbol: str) -> list:
    return [r for r in doc.references if r.symbol == symbol]


# --- references -----------------------------------------------------------------------------


def test_issuer_after_cua_at_a_line_end_is_read() -> None:
    # 012 (PDF text), item 1: "Kế hoạch số 218/KH-UBND ngày 13/5/2026 của\nỦy ban nhân dân
    # tỉnh triển khai thực hiện Chỉ thị số 11-CT/TU": the issuer is on the next line, and the
    # verb after it is the plan's, so the text states 218/KH-UBND implements 11-CT/TU.
    doc = parsed(C012)
    (plan,) = refs_by_symbol(doc, "218/KH-UBND")
    assert plan.issuer == "Ủy ban nhân dân tỉnh"
    assert ("218/KH-UBND", "implements", "11-CT/TU") in {
        (s.subject, s.relation, s.object) for s in doc.stated_relations}


def test_law_names_with_so_and_with_a_capital_after_a_comma() -> None:
    # 002, II.1.đ and g: "Luật Khoa học và Công nghệ (2013) ... dự án xây dựng Luật Khoa học,
    # Công nghệ và Đổi mới sáng tạo"; "hoàn thiện Luật Công nghiệp công nghệ số".
    names = {u.name for u in parsed(C002).unnumbered_references}
    assert {"Khoa học và Công nghệ", "Khoa học, Công nghệ và Đổi mới sáng tạo",
            "Công nghiệp công nghệ số"} <= names
    assert "Khoa học" not in names and "Công nghiệp công nghệ" not in names


def test_law_name_leaves_out_a_template_ellipsis() -> None:
    # 021, form Mẫu số 03: "Căn cứ Luật Tổ chức chính quyền địa phương …;"
    _refs, unnumbered, _ = find_references("Căn cứ Luật Tổ chức chính quyền địa phương …;",
                                           info=None)
    assert [u.name for u in unnumbered] == ["Tổ chức chính quyền địa phương"]


# --- relations ------------------------------------------------------------------------------

C011 = "corpus/011_kh-du-thao-ubnd-lao-cai-2026-trien-khai-ct-11-ct-tu-khoang-san.txt"
C019 = "corpus/019_qd-16-2026-qd-ubnd-lao-cai-quy-che-cum-cong-nghiep-ocr.txt"


def test_a_cue_opening_a_list_governs_its_items() -> None:
    # 019, Điều 2 khoản 2: "Bãi bỏ toàn bộ các quyết định sau:" then a) 03/2025/QĐ-UBND of
    # Yên Bái and b) 162/QĐ-UBND of Lào Cai: both are repealed.
    doc = parsed(C019)
    assert {r.symbol: r.relation for r in doc.references
            if r.symbol in ("03/2025/QĐ-UBND", "162/QĐ-UBND")} == {
        "03/2025/QĐ-UBND": "repeals", "162/QĐ-UBND": "repeals"}


def test_done_according_to_a_law_cites_it() -> None:
    # 019, Điều 8 khoản 1: "quy hoạch chi tiết xây dựng 1/500 thực hiện theo Luật Xây dựng số
    # 50/2014/QH13 ...; Luật Quy hoạch đô thị và nông thôn số 47/2024/QH15 ...": the rules it
    # follows, not documents the regulation carries out.
    doc = parsed(C019)
    assert {r.relation for r in doc.references
            if r.symbol in ("50/2014/QH13", "47/2024/QH15")} == {"cites"}


def test_reviewing_problems_of_a_plan_does_not_carry_out_its_decision() -> None:
    # 011, II.3: "Thực hiện rà soát các khó khăn, vướng mắc, bất cập về Quy hoạch ... đã được
    # Thủ tướng Chính phủ phê duyệt tại Quyết định số 866/QĐ-Tg ngày 18/7/2023"
    doc = parsed(C011)
    assert {r.relation for r in doc.references
            if r.symbol in ("866/QĐ-Tg", "1626/QĐ-TTg")} == {"cites"}


def test_wrapped_pdf_lines_keep_a_stated_relation_in_one_clause() -> None:
    # 012, footnote 1: "Nghị quyết số 88/NQ-CP ngày 22/7/2022 của Chính phủ ban hành\nChương
    # trình hành động của Chính phủ thực hiện Nghị quyết số 10-NQ/TW; Quyết định số
    # 334/QĐ-TTg": the letter lists its sources, it does not carry out 10-NQ/TW itself.
    doc = parsed(C012)
    stated = {(s.subject, s.relation, s.object) for s in doc.stated_relations}
    assert ("88/NQ-CP", "implements", "10-NQ/TW") in stated
    assert all(r.relation == "cites" for r in doc.references
               if r.symbol in ("10-NQ/TW", "334/QĐ-TTg"))
    # item 1: "... theo Kế hoạch số 200/KH-UBND ...; Kế hoạch số 218/KH-UBND ... của Ủy ban
    # nhân dân tỉnh triển khai thực hiện Chỉ thị số 11-CT/TU": both plans are carried out.
    assert {r.symbol: r.relation for r in doc.references
            if r.symbol in ("200/KH-UBND", "218/KH-UBND")} == {
        "200/KH-UBND": "implements", "218/KH-UBND": "implements"}


# --- tasks ----------------------------------------------------------------------------------

SEED_002 = "seeds/002_562158e10022e258.txt"


def _prose_task(doc: Document, opening: str):
    return next(t for t in doc.tasks if t.source == "prose" and t.content.startswith(opening))


def test_task_implements_every_document_of_its_list_and_not_what_it_aligns_with() -> None:
    doc = parsed(SEED_002)
    # III.1.a: "Tiếp tục triển khai Chương trình hành động số 47-CTr/TU ... về thực hiện Nghị
    # quyết số 29-NQ/TW ..., Kế hoạch 329-KH/TU ... của Tỉnh ủy thực hiện Nghị quyết số
    # 45-NQ/TW ...": the two provincial Party documents, not the resolutions they carry out.
    assert _prose_task(doc, "Tiếp tục triển khai Chương trình hành động").implements == (
        "47-CTr/TU", "329-KH/TU")
    # III.2.a: "Tổ chức thực hiện tốt Chiến lược ... theo Quyết định số 569/QĐ-TTg ... gắn với
    # Nghị quyết số 29-NQ/TW ...; Nghị quyết số 45-NQ/TW ...": 29 and 45 are aligned with.
    assert _prose_task(doc, "Tổ chức thực hiện tốt Chiến lược").implements == ("569/QĐ-TTg",)


def test_a_prose_coordinator_wrapped_over_a_line_is_one_body() -> None:
    # 012, item 9: "Phối hợp chặt chẽ với Công an tỉnh, Sở Nông nghiệp và Môi trường và\ncác cơ
    # quan liên quan trong việc kiểm tra ..."
    task = _prose_task(parsed(C012), "Phối hợp chặt chẽ với Công an tỉnh")
    assert [a.name for a in task.coordinators] == [
        "Công an tỉnh", "Sở Nông nghiệp và Môi trường", "Các cơ quan liên quan"]


# --- agencies -------------------------------------------------------------------------------

SEED_000 = "seeds/000_d593de9037b50973.txt"
C001 = "corpus/001_nq-57-ntw-2024-bo-chinh-tri-khcn-dmst-cds.txt"


def _agency_names(doc: Document) -> set[str]:
    return {a.name for a in doc.agencies}


def test_generic_collectives_in_a_row_stay_one_collective() -> None:
    # seed 000, III.1.1: "- Người đứng đầu các cấp, các ngành chịu trách nhiệm ..."
    task = _prose_task(parsed(SEED_000), "Người đứng đầu các cấp")
    assert [(a.name, a.collective) for a in task.lead] == [("Các cấp, các ngành", True)]


def test_a_body_bound_by_thuoc_belongs_to_the_collective() -> None:
    # seed 002, III.3.b: "- Các cơ sở giáo dục đại học thuộc UBND tỉnh quản lý: Thực hiện ..."
    task = _prose_task(parsed(SEED_002), "Các cơ sở giáo dục đại học")
    assert len(task.lead) == 1 and task.lead[0].collective
    assert task.lead[0].name.startswith("Các cơ sở giáo dục đại học thuộc Ủy ban nhân dân tỉnh")
    assert next(a for a in parsed(SEED_002).agencies
                if a.name.startswith("Các cơ sở giáo dục")).kind == "other"


def test_no_bodies_from_e_government_or_a_title() -> None:
    # 001: "chỉ số phát triển Chính phủ điện tử", "Phát triển Chính phủ số" name no body;
    # IV.1: "do đồng chí Tổng Bí thư Ban Chấp hành Trung ương Đảng làm Trưởng Ban"
    names = _agency_names(parsed(C001))
    assert "Chính phủ" not in names
    assert "Ban Chấp hành Trung ương Đảng" in names
    assert not any(n.endswith("làm Trưởng") for n in names)


def test_a_cell_cut_short_names_no_bare_ministry() -> None:
    # 002, appendix II task 3: coordinators "Bộ Thông tin và Truyền thông, Bộ Khoa học và Công
    # nghệ, Bộ " (the source cell ends there)
    task = next(t for t in parsed(C002).tasks if t.source == "table" and t.number == "3")
    assert [a.name for a in task.coordinators] == [
        "Bộ Thông tin và Truyền thông", "Bộ Khoa học và Công nghệ"]
    assert "Bộ" not in _agency_names(parsed(C002))


def test_academy_with_and_without_viet_nam_is_one_body() -> None:
    # 002, tasks 51 ("Viện Hàn lâm Khoa học và Công nghệ") and 83 ("Viện Hàn lâm Khoa học và
    # Công nghệ Việt Nam")
    names = [n for n in _agency_names(parsed(C002)) if n.startswith("Viện Hàn lâm Khoa học và")]
    assert names == ["Viện Hàn lâm Khoa học và Công nghệ Việt Nam"]


def test_names_broken_over_pdf_lines() -> None:
    # 012: "của Ban Thường vụ Tỉnh ủy Lào\nCai", "của Văn\nphòng Chính phủ"; the symbol
    # "4643/VPCP-CN" names no body by itself
    doc = parsed(C012)
    names = _agency_names(doc)
    assert "Ban Thường vụ Tỉnh ủy Lào Cai" in names and "Văn phòng Chính phủ" in names
    assert not any(n.endswith(" Lào") for n in names)
    office = next(a for a in doc.agencies if a.name == "Văn phòng Chính phủ")
    assert "VPCP" not in office.aliases


def test_ocr_header_symbol_and_title_case_line_make_no_bodies() -> None:
    # 019 (OCR): "Số: 16 /2026/QĐ-UBND   Lào Cai, ngày ..." is no "UBND Lào Cai";
    # "Thông tư số 14/2024/TT-BCT của Bộ trưởng Bộ Công Thương Quy\nđịnh chế độ báo cáo"
    names = _agency_names(parsed(C019))
    assert "Ủy ban nhân dân tỉnh Lào Cai" in names and "Ủy ban nhân dân Lào Cai" not in names
    assert "Bộ Công Thương" in names and "Bộ Công Thương Quy" not in names


# --- prose tasks ----------------------------------------------------------------------------

C020 = "corpus/020_ct-07-2012-cttg-chan-chinh-kkt-kcn-ccn.txt"


def test_coordinators_go_on_after_lien_quan() -> None:
    # seed 000, III.4.1.1: "Chủ trì, phối hợp với các sở, ban, ngành tỉnh có liên quan; UBND
    # huyện, thị xã, thành phố tăng cường hợp tác ..."
    task = _prose_task(parsed(SEED_000), "Chủ trì, phối hợp với các sở, ban, ngành tỉnh có")
    assert [a.name for a in task.coordinators] == [
        "Các sở, ban, ngành tỉnh có liên quan", "Ủy ban nhân dân huyện, thị xã, thành phố"]
    # 011, IV.4: "Chủ trì, phối hợp với các Sở, ngành liên quan và Ủy ban nhân dân cấp xã kiểm
    # tra, giám sát ..."
    task = _prose_task(parsed(C011), "Chủ trì, phối hợp với các Sở, ngành liên quan và")
    assert [a.name for a in task.coordinators] == [
        "Các Sở, ngành liên quan", "Ủy ban nhân dân cấp xã"]


def test_ministries_and_sectors_coordinate() -> None:
    # 020, 1.a: "Chủ trì, phối hợp với Bộ, ngành liên quan rà soát ..."; 3: "Chủ trì, phối hợp
    # với Bộ ngành liên quan đánh giá ..."
    doc = parsed(C020)
    first = next(t for t in doc.tasks if t.number == "1.a")
    assert [(a.name, a.collective) for a in first.coordinators] == [("Bộ, ngành liên quan", True)]
    third = next(t for t in doc.tasks if t.number == "3-1")
    assert [a.collective for a in third.coordinators] == [True]


def test_remarks_and_closing_sentences_are_no_tasks() -> None:
    # 011, end of IV: "(Một số nhiệm vụ trọng tâm thực hiện có Phụ lục kèm theo)"
    assert not any(t.content.startswith("(") for t in parsed(C011).tasks)
    # 012, last line: "Căn cứ ý kiến chỉ đạo trên, các cơ quan, đơn vị liên quan nghiêm túc
    # triển khai thực hiện./."
    assert not any(t.content.startswith("Căn cứ ý kiến chỉ đạo") for t in parsed(C012).tasks)


def test_a_programme_issued_after_articles_assigns_tasks_in_prose() -> None:
    # 002 (03/NQ-CP): Điều 1-3, then the programme; its "III. TỔ CHỨC THỰC HIỆN" assigns:
    # 1. "Trên cơ sở nội dung ..., các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ, Ủy ban
    # nhân dân các tỉnh, thành phố trực thuộc Trung ương ... trong tháng 01 năm 2025";
    # 3. "Bộ trưởng, Thủ trưởng cơ quan ngang bộ, cơ quan thuộc Chính phủ, Chủ tịch ..."
    # 5. "Bộ Tài chính chủ trì, phối hợp với các bộ, ngành, địa phương bảo đảm nguồn kinh phí"
    prose = {t.number: t for t in parsed(C002).tasks if t.source == "prose"}
    assert [a.name for a in prose["III.1"].lead] == [
        "Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ",
        "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"]
    assert prose["III.1"].due == "2025-01-31"
    assert prose["III.3"].lead[0].name == "Các bộ"
    assert [a.name for a in prose["III.5"].lead] == ["Bộ Tài chính"]
    assert len([t for t in parsed(C002).tasks if t.source == "table"]) == 140


# --- reporting ------------------------------------------------------------------------------

C016 = "corpus/016_luat-147-2025-qh15-sua-doi-luat-dia-chat-khoang-san.txt"
C021 = "corpus/021_tt-14-2024-tt-bct-che-do-bao-cao-cum-cong-nghiep.txt"


def test_two_deadlines_addressees_and_subject_of_a_periodic_report() -> None:
    # 021, Điều 3 khoản 3 c): "Định kỳ trước ngày 25 tháng 6 và trước ngày 25 tháng 12 hằng
    # năm, Ủy ban nhân dân cấp huyện báo cáo tình hình cụm công nghiệp trên địa bàn ... gửi Ủy
    # ban nhân dân cấp tỉnh và Sở Công Thương;"
    duty = next(d for d in parsed(C021).reporting if d.text.startswith("c) Định kỳ"))
    assert duty.due == "trước ngày 25 tháng 6 và trước ngày 25 tháng 12 hằng năm"
    assert (duty.day_month, duty.recurrence) == ("06-25", "semiannual")
    assert duty.to == "Ủy ban nhân dân cấp tỉnh; Sở Công Thương"
    assert duty.reporter == "Ủy ban nhân dân cấp huyện"
    assert duty.what is not None and duty.what.startswith("tình hình cụm công nghiệp")


def test_addressee_right_after_bao_cao_is_not_what_is_reported() -> None:
    # seed 002, IV.2: "Định kỳ báo cáo UBND tỉnh kết quả thực hiện và kiến nghị, đề xuất ..."
    duty = next(d for d in parsed(SEED_002).reporting if d.recurrence == "periodic")
    assert duty.what is not None and duty.what.startswith("kết quả thực hiện và kiến nghị")
    # 011, V: "- Các Sở, ngành, địa phương định kỳ hàng năm (trước ngày 10/12) hoặc đột xuất báo
    # cáo Ủy ban nhân dân tỉnh (qua Sở Nông nghiệp và Môi trường) về tình hình, kết quả ..."
    (duty,) = parsed(C011).reporting
    assert duty.what is not None and duty.what.startswith("tình hình, kết quả triển khai")
    assert (duty.reporter, duty.due) == ("Các Sở, ngành, địa phương", "trước ngày 10/12")


def test_reporting_to_with_voi_and_a_quarter_deadline() -> None:
    # 001, IV.6: "định kỳ 6 tháng báo cáo kết quả với Ban Chỉ đạo Trung ương và Bộ Chính trị"
    (duty,) = parsed(C001).reporting
    assert (duty.what, duty.to, duty.recurrence) == (
        "kết quả", "Ban Chỉ đạo Trung ương; Bộ Chính trị", "semiannual")
    # 020, 8.a: "báo cáo Bộ Kế hoạch và Đầu tư (đối với KKT, KCN) và Bộ Công Thương (đối với
    # CCN) trong quý II năm 2012."
    duty = next(d for d in parsed(C020).reporting if d.text.startswith("a) Rà soát quy hoạch"))
    assert (duty.to, duty.due) == ("Bộ Kế hoạch và Đầu tư; Bộ Công Thương",
                                   "trong quý II năm 2012")


def test_a_date_something_was_granted_before_is_no_deadline() -> None:
    # 016, Điều 2 khoản 5: "giấy phép ... được cấp trước ngày 01 tháng 7 năm 2025 ... công nhận
    # báo cáo kết quả thăm dò": a transition rule, not a reporting duty
    assert parsed(C016).reporting == ()


def test_a_wrapped_pdf_line_does_not_cut_a_duty() -> None:
    # 019 (OCR), Điều 29 khoản 8: "định kỳ hoặc đột xuất báo cáo Uỷ ban nhân\ndân tỉnh và Sở
    # Công Thương về tình hình cụm công nghiệp trên địa bàn."
    duty = next(d for d in parsed(C019).reporting if "Uỷ ban nhân\ndân tỉnh" in d.text)
    assert duty.to == "Ủy ban nhân dân tỉnh Lào Cai; Sở Công Thương"
    assert duty.what == "tình hình cụm công nghiệp trên địa bàn"


# --- targets --------------------------------------------------------------------------------


def test_a_result_cell_with_two_scopes_keeps_both_values() -> None:
    # 002, Phụ lục I row 4: "Xếp hạng năng lực cạnh tranh số | Thứ bậc | ≤ 3 Đông Nam Á; ≤ 50
    # Thế giới": not the first value alone as if it were the whole target
    found = [(t.value, t.value_min, t.value_max) for t in parsed(C002).targets
             if t.indicator == "Xếp hạng năng lực cạnh tranh số"]
    assert found == [("≤ 3 Đông Nam Á; ≤ 50 Thế giới", None, None)]


def test_a_short_verb_before_the_value_is_completed_by_what_follows() -> None:
    # seed 002, II.2: "... thay thế ít nhất 50% sản phẩm công nghệ sinh học nhập khẩu; đóng góp
    # 7% vào GDP"
    indicators = {t.indicator for t in parsed(SEED_002).targets}
    assert {"thay thế sản phẩm công nghệ sinh học nhập khẩu", "đóng góp vào GDP"} <= indicators


def test_a_relative_clause_after_a_collective_is_part_of_its_name() -> None:
    # seed 000, III.2.1: "Các sở, ban, ngành tỉnh, UBND các huyện, thị xã, thành phố, các tổ
    # chức có triển khai các nhiệm vụ khoa học" (the same words as appendix task 6's cell)
    task = _prose_task(parsed(SEED_000), "Đẩy mạnh công tác phối hợp trong hoạt động KH&CN")
    assert task.lead[-1].name == "Các tổ chức có triển khai các nhiệm vụ khoa học"


def test_the_verb_of_unnumbered_documents_is_not_the_citing_documents() -> None:
    # 019, Điều 9 khoản 1: "theo Luật Bảo vệ môi trường số 72/2020/QH14 và các văn bản quy định
    # chi tiết một số điều của Luật Bảo vệ môi trường." : the regulation guides no law
    doc = parsed(C019)
    assert all(u.relation != "guides" for u in doc.unnumbered_references
               if u.name == "Bảo vệ môi trường")


def test_an_addressee_wrapped_before_a_lower_case_word() -> None:
    # 019, Điều 28 khoản 7: "Báo cáo định kỳ hoặc đột xuất với Bộ Công Thương, Ủy ban nhân dân\n
    # cấp tỉnh về tình hình cụm công nghiệp"
    duty = next(d for d in parsed(C019).reporting if d.text.startswith("7. Báo cáo định kỳ"))
    assert duty.to == "Bộ Công Thương; Ủy ban nhân dân cấp tỉnh"


def test_a_collective_of_three_provinces_belongs_to_none_of_them() -> None:
    # 002, appendix II task 111: coordinators "... Các địa phương Bắc Ninh, Bình Dương, An Giang"
    found = next(a for a in parsed(C002).agencies if a.name.startswith("Các địa phương Bắc Ninh"))
    assert (found.collective, found.province) == (True, None)
