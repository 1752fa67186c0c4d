"""Document structure: parts, items, points, bullets, appendices, chapters, articles...

Expected titles and numbering were checked against the document text by hand.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from luocdo.loaders import header
from luocdo.loaders.structure import parse_structure, section_at
from luocdo.model import Section


def _read(path: Path) -> str:
    return unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))


def _file(shared_dir: Path, prefix: str) -> Path:
    folder, start = prefix.split("/")
    (found,) = sorted((shared_dir / folder).glob(f"{start}*.txt"))
    return found


def _structure(text: str) -> tuple[Section, ...]:
    return parse_structure(text, body_start=header.body_start(text))


def _by_path(structure: tuple[Section, ...]) -> dict[str, Section]:
    return {s.path: s for s in structure}


def _check_tree(text: str, structure: tuple[Section, ...]) -> None:
    """Every unit lies inside its parent, and the path extends the parent's."""
    paths = [s.path for s in structure]
    assert len(paths) == len(set(paths)), "paths are unique"
    starts = [s.start for s in structure]
    assert starts == sorted(starts)
    for i, s in enumerate(structure):
        assert 0 <= s.start < s.end <= len(text)
        line_end = text.find("\n", s.start)
        assert " | " not in text[s.start:line_end if line_end >= 0 else len(text)]
        if s.parent is not None:
            p = structure[s.parent]
            assert s.parent < i
            assert p.start <= s.start and s.end <= p.end
            assert s.path.startswith(p.path.rsplit("/", 1)[0])


# --------------------------------------------------------------------------- seed 000 (a plan)


@pytest.fixture(scope="module")
def tay_ninh(shared_dir) -> tuple[str, tuple[Section, ...]]:
    text = _read(_file(shared_dir, "seeds/000_"))
    return text, _structure(text)


def test_seed_parts_and_titles(tay_ninh):
    _, structure = tay_ninh
    parts = [(s.label, s.title) for s in structure if s.kind == "part"]
    assert parts == [
        ("I", "MỤC ĐÍCH, YÊU CẦU"),
        ("II", "MỤC TIÊU"),
        ("III", "NHIỆM VỤ VÀ GIẢI PHÁP CHỦ YẾU"),
        ("IV", "KINH PHÍ THỰC HIỆN"),
        ("V", "TỔ CHỨC THỰC HIỆN"),
    ]
    assert all(s.parent is None for s in structure if s.kind == "part")


def test_seed_item_4_1_1_nests_under_4_1_under_4(tay_ninh):
    _, structure = tay_ninh
    units = _by_path(structure)
    item = units["III/4.1.1"]
    assert (item.kind, item.label, item.title) == ("item", "4.1.1", "Sở Khoa học và Công nghệ")
    parent = structure[item.parent]  # type: ignore[index]
    assert parent.label == "4.1"
    grandparent = structure[parent.parent]  # type: ignore[index]
    assert grandparent.label == "4" and structure[grandparent.parent].label == "III"  # type: ignore[index]
    # "5." is missing in the text: 5.1 hangs from part III, not from item 4
    assert structure[units["III/5.1"].parent].label == "III"  # type: ignore[index]


def test_seed_units_cover_their_content(tay_ninh):
    text, structure = tay_ninh
    units = _by_path(structure)
    assert units["I"].end == units["II"].start
    assert units["III/4"].end == units["III/5.1"].start
    assert text[units["III/1.2"].start:].startswith("1.2 Sở Khoa học và Công nghệ")
    # the last part stops at the signature, the appendix starts at "PHỤ LỤC"
    assert units["V"].end <= text.index("TM. ỦY BAN NHÂN DÂN")
    appendix = units["PHỤ LỤC"]
    assert appendix.kind == "appendix"
    assert appendix.start == text.index("\nPHỤ LỤC\n") + 1
    assert appendix.title.startswith("NỘI DUNG NHIỆM VỤ TRỌNG TÂM")
    assert appendix.end == len(text)


def test_seed_table_rows_are_not_structure(tay_ninh):
    text, structure = tay_ninh
    for s in structure:
        line = text[s.start:text.find("\n", s.start)]
        assert " | " not in line, line
    # the task table's rows "1 | …", "3.1 | …" and groups "I | …" make no units
    assert not [s for s in structure if s.start > text.index("\nPHỤ LỤC\n") + 1]
    _check_tree(text, structure)


def test_section_at(tay_ninh):
    text, structure = tay_ninh
    inside = text.index("4.1.1 Sở Khoa học và Công nghệ") + 40
    assert section_at(structure, inside) == "III/4.1.1"
    assert section_at(structure, 0) is None  # the header
    assert section_at(structure, text.index("TT | Nội dung nhiệm vụ")) == "PHỤ LỤC"
    bullet = next(s for s in structure if s.kind == "bullet" and s.path.startswith("III/4.2.1/"))
    assert section_at(structure, bullet.start + 5) == bullet.path
    assert section_at((), 10) is None


# ----------------------------------------------------------------------- seed 002 (points, prose)


def test_seed_dong_nai_points_and_recipients(shared_dir):
    text = _read(_file(shared_dir, "seeds/002_"))
    structure = _structure(text)
    units = _by_path(structure)
    assert [s.label for s in structure if s.kind == "part"] == ["I", "II", "III", "IV"]
    point = units["III/2/b"]
    assert point.kind == "point"
    assert point.title.startswith("Sở Khoa học và Công nghệ chủ trì")
    assert [structure[i].label for i in [units["III/2/b/-1"].parent]] == ["b"]  # type: ignore[list-item]
    # "1.Thủ trưởng ..." (no space after the dot) is still item 1 of part IV
    assert units["IV/1"].title.startswith("Thủ trưởng các sở")
    # the recipients' bullets ("- Bộ Khoa học và Công nghệ (báo cáo);") are not units
    recipients = text.index("Nơi nhận:")
    assert all(s.start < recipients for s in structure)
    assert units["IV"].end == recipients
    _check_tree(text, structure)


# --------------------------------------------------------------------------- normative texts


def test_decree_chapters_sections_articles(shared_dir):
    # Nghị định 32/2024/NĐ-CP
    text = _read(_file(shared_dir, "corpus/017_"))
    structure = _structure(text)
    units = _by_path(structure)
    chapters = [s for s in structure if s.kind == "chapter"]
    assert [c.label for c in chapters] == [f"Chương {r}" for r in
                                           ("I", "II", "III", "IV", "V", "VI", "VII")]
    assert units["Chương II"].title == "PHƯƠNG ÁN PHÁT TRIỂN, THÀNH LẬP, MỞ RỘNG CỤM CÔNG NGHIỆP"
    assert units["Chương VII"].title == "ĐIỀU KHOẢN THI HÀNH"
    assert units["Chương II/Mục 1"].title == "PHƯƠNG ÁN PHÁT TRIỂN CỤM CÔNG NGHIỆP"
    assert units["Chương II/Mục 2/Điều 9"].title == (
        "Hồ sơ đề nghị thành lập, mở rộng cụm công nghiệp")
    assert units["Chương VII/Điều 35"].title == "Quy định chuyển tiếp"
    assert units["Chương I/Điều 1/2"].kind == "clause"
    assert units["Chương I/Điều 1/2/a"].title.startswith("Các doanh nghiệp, hợp tác xã")
    articles = [int(s.label.split()[1]) for s in structure if s.kind == "article"]
    assert articles == list(range(1, 39))
    _check_tree(text, structure)


def test_law_sections_and_articles(shared_dir):
    # Luật Hóa chất 69/2025/QH15: 48 articles, Chương VI in three sections
    text = _read(_file(shared_dir, "corpus/022_"))
    structure = _structure(text)
    units = _by_path(structure)
    articles = [s for s in structure if s.kind == "article"]
    assert [int(a.label.split()[1]) for a in articles] == list(range(1, 49))
    assert [s.label for s in structure if s.kind == "section"] == ["Mục 1", "Mục 2", "Mục 3"]
    assert units["Chương I/Điều 2"].title == "Giải thích từ ngữ"
    assert units["Chương VII/Điều 47"].title == "Hiệu lực thi hành"
    assert units["Chương I/Điều 2/1"].title.startswith("Hóa chất là chất, hỗn hợp chất")


def test_amending_law_quoted_clauses_do_not_break_numbering(shared_dir):
    # Luật 147/2025/QH15 quotes the new wording: “23. Khai thác khoáng sản là …”
    text = _read(_file(shared_dir, "corpus/016_"))
    structure = _structure(text)
    units = _by_path(structure)
    article1 = next(i for i, s in enumerate(structure) if s.path == "Điều 1")
    clauses = [s.label for s in structure if s.parent == article1]
    assert clauses == [str(n) for n in range(1, 36)]
    assert units["Điều 1/1"].title == "Sửa đổi, bổ sung khoản 23 Điều 2 như sau:"
    assert units["Điều 1/2/a"].title == "Sửa đổi, bổ sung khoản 7 như sau:"
    quoted = text.index("“23. Khai thác khoáng sản")
    assert section_at(structure, quoted) == "Điều 1/1"
    assert [s.label for s in structure if s.kind == "article"] == [
        "Điều 1", "Điều 2", "Điều 3", "Điều 4"]


def test_unclosed_quotation_does_not_hide_the_rest(shared_dir):
    # Công văn 5973/UBND-KT: a footnote opens “Chiến lược … and never closes it
    text = _read(_file(shared_dir, "corpus/012_"))
    structure = _structure(text)
    items = [(s.label, s.title) for s in structure if s.kind == "item" and s.parent is None]
    assert [label for label, _ in items] == [str(n) for n in range(1, 10)]
    assert items[1] == ("2", "Thanh tra tỉnh")
    assert items[8] == ("9", "Ủy ban nhân dân các xã, phường")


def test_decision_and_the_regulation_it_issues(shared_dir):
    # QĐ 16/2026/QĐ-UBND (OCR): three articles, then the QUY CHẾ with its own chapters
    text = _read(_file(shared_dir, "corpus/019_"))
    structure = _structure(text)
    units = _by_path(structure)
    assert [s.path for s in structure if s.kind == "article"][:4] == [
        "Điều 1", "Điều 2", "Điều 3", "QUY CHẾ/Chương I/Điều 1"]
    regulation = units["QUY CHẾ"]
    assert regulation.kind == "appendix"
    assert "Quản lý các cụm công nghiệp" in regulation.title
    assert units["QUY CHẾ/Chương III"].title == "TỔ CHỨC THỰC HIỆN"
    _check_tree(text, structure)


def test_appendices_and_forms(shared_dir):
    # Thông tư 14/2024/TT-BCT: PHỤ LỤC I, II; forms "Mẫu số 01".."04" inside II, whose
    # template chapters do not mix with the circular's own numbering
    text = _read(_file(shared_dir, "corpus/021_"))
    structure = _structure(text)
    units = _by_path(structure)
    assert units["PHỤ LỤC I"].title == "CÁC BIỂU BÁO CÁO VỀ CỤM CÔNG NGHIỆP"
    own_articles = [s for s in structure if s.kind == "article" and s.path.startswith("Điều")]
    assert [a.label for a in own_articles] == [f"Điều {n}" for n in range(1, 7)]
    # PHỤ LỤC I holds four report forms "Biểu số 01. Tình hình …" .. "Biểu số 04."
    assert [s.path for s in structure if s.kind == "appendix"] == [
        "PHỤ LỤC I", "PHỤ LỤC I/Biểu số 01", "PHỤ LỤC I/Biểu số 02", "PHỤ LỤC I/Biểu số 03",
        "PHỤ LỤC I/Biểu số 04", "PHỤ LỤC II", "PHỤ LỤC II/Mẫu số 01", "PHỤ LỤC II/Mẫu số 02",
        "PHỤ LỤC II/Mẫu số 03", "PHỤ LỤC II/Mẫu số 04"]
    assert units["PHỤ LỤC I/Biểu số 03"].title == (
        "Tổng hợp tình hình cụm công nghiệp trên địa bàn cấp huyện")
    # the forms' list at the top of the appendix is a table, not the forms themselves
    assert units["PHỤ LỤC I/Biểu số 01"].start == text.index("\nBiểu số 01. ") + 1
    _check_tree(text, structure)


def test_report_forms_number_their_rows_afresh(shared_dir):
    # Báo cáo 329/BC-UBND (PDF text layer): the appendix holds seven statistics forms
    # "Biểu mẫu 1" .. "Biểu mẫu 7", each a table whose rows restart at "1.", "1.1."
    text = _read(_file(shared_dir, "corpus/046_"))
    structure = _structure(text)
    units = _by_path(structure)
    forms = [(s.path, s.title) for s in structure if s.kind == "appendix"]
    assert forms == [
        ("PHỤ LỤC", "BIỂU MẪU THỐNG KÊ SỐ LIỆU BÁO CÁO CẢI CÁCH HÀNH CHÍNH NĂM 2025 "
                    "CỦA ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG"),
        ("PHỤ LỤC/Biểu mẫu 1", "Công tác chỉ đạo điều hành CCHC"),
        ("PHỤ LỤC/Biểu mẫu 2", "Cải cách thể chế"),
        ("PHỤ LỤC/Biểu mẫu 3", "Cải cách thủ tục hành chính"),
        ("PHỤ LỤC/Biểu mẫu 4", "Cải cách tổ chức bộ máy"),
        ("PHỤ LỤC/Biểu mẫu 5", "Cải cách chế độ công vụ"),
        ("PHỤ LỤC/Biểu mẫu 6", "Cải cách tài chính công"),
        ("PHỤ LỤC/Biểu mẫu 7", "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số")]
    assert units["PHỤ LỤC/Biểu mẫu 2/1"].title.startswith(
        "Tổng số VBQPPL do địa phương ban hành")
    assert units["PHỤ LỤC/Biểu mẫu 3/1"].title == "Thống kê TTHC"
    # "4.1.3." continues item 4.1 of Biểu mẫu 1 after a page break and a repeated header
    row = units["PHỤ LỤC/Biểu mẫu 1/4.1.3"]
    assert structure[row.parent].path == "PHỤ LỤC/Biểu mẫu 1/4.1"  # type: ignore[index]
    assert section_at(structure, text.index("Số TTHC ngành dọc")) == "PHỤ LỤC/Biểu mẫu 3/1.4.3"
    _check_tree(text, structure)


# --------------------------------------------------------------------------- every file


def test_every_file_gives_a_consistent_tree(shared_dir, corpus_files, seed_files):
    for path in [*seed_files, *corpus_files]:
        text = _read(path)
        structure = _structure(text)
        assert structure, path.name
        _check_tree(text, structure)
        for s in structure:
            assert section_at(structure, s.start) == s.path


# --------------------------------------------------------------------------- small texts


def test_forms_of_headings():
    text = ("A. PHẦN CHUNG\nI- CÔNG TÁC CHỈ ĐẠO\n1. Mục đích\n1.1. Nội dung\n"
            "a) Sở Tài chính chủ trì:\n- Việc một;\n+ ý phụ;\n• ý khác\n"
            "(2). Về sổ sách\nđ1) Điểm bổ sung\nPhụ lục 2: DANH MỤC\n")
    structure = parse_structure(text)
    assert [(s.kind, s.path) for s in structure] == [
        ("part", "A"), ("part", "A/I"), ("item", "A/I/1"), ("item", "A/I/1.1"),
        ("point", "A/I/1.1/a"), ("bullet", "A/I/1.1/a/-1"), ("bullet", "A/I/1.1/a/-1/+1"),
        ("bullet", "A/I/1.1/a/•1"), ("item", "A/I/1.1/(2)"), ("point", "A/I/1.1/(2)/đ1"),
        ("appendix", "PHỤ LỤC 2")]


@pytest.mark.parametrize(
    "line",
    ["Phụ lục kèm theo Kế hoạch này gồm các nhiệm vụ", "Chương trình hành động của Chính phủ",
     "CHƯƠNG TRÌNH HÀNH ĐỘNG", "Mục tiêu chung", "Điều 12 Luật Hóa chất quy định",
     "2024 là năm bản lề", "1 Kế hoạch 179/KH-UBND năm 2023", "1.500 tấn than",
     "Sở Tài chính | Hằng năm", "---------------"],
)
def test_lines_that_are_not_headings(line):
    assert parse_structure(line + "\n") == ()


def test_roman_numbered_items():
    structure = parse_structure("II. MỤC TIÊU\nII.1. Mục tiêu chung\nII.1.1 Chỉ tiêu\n"
                                "II.2. Mục tiêu cụ thể\nIII. NHIỆM VỤ\n")
    assert [s.path for s in structure] == ["II", "II/II.1", "II/II.1.1", "II/II.2", "III"]
    assert structure[2].parent == 1


def test_forms_in_an_appendix_restart_their_numbering():
    text = ("PHỤ LỤC\nBIỂU MẪU THỐNG KÊ\nBiểu mẫu 1\nCông tác chỉ đạo\n"
            "1. Số văn bản\n2. Tỷ lệ hoàn thành\n2.1. Số nhiệm vụ\n"
            "Biểu mẫu 2\nCải cách thể chế\n1. Tổng số văn bản\n2.1. Số văn bản\n"
            "BIỂU SỐ 03. Thời hạn\n1. Một\nMẫu số 04\n……… (1) ………\n")
    structure = parse_structure(text)
    assert [(s.kind, s.path, s.title) for s in structure] == [
        ("appendix", "PHỤ LỤC", "BIỂU MẪU THỐNG KÊ"),
        ("appendix", "PHỤ LỤC/Biểu mẫu 1", "Công tác chỉ đạo"),
        ("item", "PHỤ LỤC/Biểu mẫu 1/1", "Số văn bản"),
        ("item", "PHỤ LỤC/Biểu mẫu 1/2", "Tỷ lệ hoàn thành"),
        ("item", "PHỤ LỤC/Biểu mẫu 1/2.1", "Số nhiệm vụ"),
        ("appendix", "PHỤ LỤC/Biểu mẫu 2", "Cải cách thể chế"),
        ("item", "PHỤ LỤC/Biểu mẫu 2/1", "Tổng số văn bản"),
        ("item", "PHỤ LỤC/Biểu mẫu 2/2.1", "Số văn bản"),
        ("appendix", "PHỤ LỤC/Biểu số 03", "Thời hạn"),
        ("item", "PHỤ LỤC/Biểu số 03/1", "Một"),
        ("appendix", "PHỤ LỤC/Mẫu số 04", "")]
    # outside an appendix, and in a sentence, these words open no form
    assert parse_structure("Biểu mẫu 1\n") == ()
    assert [s.path for s in parse_structure("PHỤ LỤC\nBiểu mẫu 1 kèm theo\n")] == ["PHỤ LỤC"]


def test_a_restarted_list_keeps_its_sub_items_apart():
    # a second list "1., 2." under one parent: "2.1" of the second "2" is not the first "2.1"
    text = "I. NHIỆM VỤ\n1. Một\n2. Hai\n2.1. Con\n1. Một lại\n2. Hai lại\n2.1. Con lại\n"
    structure = parse_structure(text)
    assert [s.path for s in structure] == [
        "I", "I/1", "I/2", "I/2.1", "I/1#2", "I/2#2", "I/2.1#2"]
    assert structure[6].parent == 5
    _check_tree(text, structure)


def test_quoted_text_and_repeated_numbers():
    text = ("Điều 1. Sửa đổi\n1. Sửa đổi khoản 2 như sau:\n“2. Nội dung mới;\n"
            "a) điểm mới”.\n2. Bãi bỏ khoản 3.\na) Một\na) Lặp lại\n")
    structure = parse_structure(text)
    assert [s.path for s in structure] == [
        "Điều 1", "Điều 1/1", "Điều 1/2", "Điều 1/2/a", "Điều 1/2/a#2"]
    assert [s.kind for s in structure][:3] == ["article", "clause", "clause"]


def test_unclosed_quotation_at_the_end_hides_only_its_line():
    text = "1. Một\n“2. trích dẫn không đóng\n3. Ba\n\"4. thẳng\n5. Năm\n"
    assert [s.label for s in parse_structure(text)] == ["1", "3", "5"]


def test_body_start_skips_the_header():
    text = "ỦY BAN NHÂN DÂN\nSố: 5/KH-UBND\nTây Ninh, ngày 1 tháng 2 năm 2024\nKẾ HOẠCH\nVề x\n" \
           "I. MỤC TIÊU\n1. Một\n"
    structure = parse_structure(text, body_start=header.body_start(text))
    assert [s.path for s in structure] == ["I", "I/1"]
    assert re.match(r"I\. MỤC TIÊU", text[structure[0].start:])


# --------------------------------------------------------------------------- any input

_GENRE = st.sampled_from(["I. ", "II- ", "1. ", "1.1 ", "a) ", "- ", "+ ", "PHỤ LỤC", "Điều 1. ",
                          "Chương II", "Mục 1", "Nơi nhận:", "“", "”", '"', " | ", "\n", "A. ",
                          "Mẫu số 01", "Biểu mẫu 1", "QUY CHẾ", "(2). ", "2.1. ", "1.1.1 "])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=20), _GENRE), max_size=50).map("".join))
def test_any_text_gives_a_consistent_tree(text):
    structure = parse_structure(text)
    assert len({s.path for s in structure}) == len(structure), "paths are unique"
    for i, s in enumerate(structure):
        assert 0 <= s.start < s.end <= len(text)
        if s.parent is not None:
            assert s.parent < i
            parent = structure[s.parent]
            assert parent.start <= s.start and s.end <= parent.end
        assert section_at(structure, s.start) is not None
