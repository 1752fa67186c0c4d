"""References, named documents, stated relations and page metadata, on the seeds and the corpus.

Expected values were read off the documents in ../shared by hand.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from luocdo.loaders import patterns, read
from luocdo.loaders.header import parse_header
from luocdo.loaders.references import document_implements, find_references, page_related
from luocdo.loaders.symbols import parse_symbol
from luocdo.model import (
    RELATIONS,
    DocumentInfo,
    Issuer,
    Reference,
    Section,
    StatedRelation,
    UnnumberedReference,
)
from tests.conftest import SEED_DONG_NAI, SEED_TAY_NINH

Found = tuple[tuple[Reference, ...], tuple[UnnumberedReference, ...], tuple[StatedRelation, ...]]


def info_of(symbol: str | None, province: str | None) -> DocumentInfo:
    issuer = Issuer(name=f"Ủy ban nhân dân tỉnh {province}", code="UBND", province=province)
    return DocumentInfo(symbol=symbol, number=None, year=None, type=None, type_code=None,
                        date=None, place=province, issuer=issuer, title=None)


def section_path(structure: tuple[Section, ...], offset: int) -> str | None:
    """The innermost section holding ``offset`` (what the structure helper provides)."""
    inside = [s for s in structure if s.start <= offset < s.end]
    return inside[-1].path if inside else None


def extract(text: str, symbol: str | None, province: str | None,
            structure: tuple[Section, ...] = ()) -> Found:
    _entries, exclude = page_related(text)
    return find_references(text, info=info_of(symbol, province), structure=structure,
                           exclude=exclude, section_at=section_path)


@pytest.fixture(scope="module")
def tay_ninh_text() -> str:
    return read(SEED_TAY_NINH).text


@pytest.fixture(scope="module")
def tay_ninh(tay_ninh_text: str) -> Found:
    return extract(tay_ninh_text, "2502/KH-UBND", "Tây Ninh")


@pytest.fixture(scope="module")
def dong_nai_text() -> str:
    return read(SEED_DONG_NAI).text


@pytest.fixture(scope="module")
def dong_nai(dong_nai_text: str) -> Found:
    return extract(dong_nai_text, "386/KH-UBND", "Đồng Nai")


def by_symbol(refs: tuple[Reference, ...], symbol: str) -> list[Reference]:
    return [r for r in refs if r.symbol == symbol]


# --- seed 000: Kế hoạch 2502/KH-UBND of Tây Ninh ----------------------------------------------


def test_tay_ninh_sixteen_numbered_documents(tay_ninh: Found) -> None:
    refs = tay_ninh[0]
    # Read off the plan: title and opening (08-NQ/TU), I.3 (569, 2667), the appendix tasks
    # 8, 9, 10, 11, 19, 20, 22, 23, 24, 27, 28. Not the portal list, not 2502 itself.
    assert {r.symbol for r in refs} == {
        "08-NQ/TU", "569/QĐ-TTg", "2667/QĐ-BKHCN", "94/QĐ-UBND", "180-CTr/TU", "36-NQ/TW",
        "2721/KH-UBND", "16/2021/NQ-HĐND", "5008/KH-UBND", "42/2022/NQ-HĐND", "75/NQ-HĐND",
        "2383/KH-UBND", "1962/KH-UBND", "696/QĐ-TTg", "431/KH-UBND", "939/KH-UBND",
    }


def test_tay_ninh_mentions_keep_date_issuer_and_span(tay_ninh: Found, tay_ninh_text: str) -> None:
    refs = tay_ninh[0]
    (qd569,) = by_symbol(refs, "569/QĐ-TTg")
    assert qd569.text == "Quyết định số 569/QĐ-TTg ngày 11/5/2022 của Thủ tướng Chính phủ"
    assert (qd569.date, qd569.issuer, qd569.type, qd569.type_code, qd569.issuer_code) == (
        "2022-05-11", "Thủ tướng Chính phủ", "Quyết định", "QĐ", "TTg")
    assert qd569.year == 2022 and qd569.number == "569" and qd569.province is None
    assert qd569.relation == "aligns_with"
    for ref in refs:
        assert tay_ninh_text[ref.start:ref.end] == ref.text
    # 08-NQ/TU is printed 13 times (title, three times in the opening, I.1-3, III.1.1, III.1.3,
    # V.1, the closing line, the appendix title and task 1): every mention is kept.
    assert len(by_symbol(refs, "08-NQ/TU")) == 13


def test_tay_ninh_relations(tay_ninh: Found) -> None:
    refs = tay_ninh[0]
    assert {r.relation for r in by_symbol(refs, "08-NQ/TU")} == {"implements"}
    assert {r.relation for r in by_symbol(refs, "2667/QĐ-BKHCN")} == {"aligns_with"}
    assert [r.relation for r in by_symbol(refs, "431/KH-UBND")] == ["replaces"]
    # Appendix tasks "Triển khai Kế hoạch/Nghị quyết ...".
    for symbol in ("2721/KH-UBND", "16/2021/NQ-HĐND", "42/2022/NQ-HĐND", "939/KH-UBND",
                   "1962/KH-UBND", "180-CTr/TU"):
        assert [r.relation for r in by_symbol(refs, symbol)] == ["implements"], symbol
    # 696/QĐ-TTg and 36-NQ/TW are carried out by other documents, not by this plan.
    assert [r.relation for r in by_symbol(refs, "696/QĐ-TTg")] == ["cites"]
    assert [r.relation for r in by_symbol(refs, "36-NQ/TW")] == ["cites"]


def test_tay_ninh_local_symbols_take_the_province(tay_ninh: Found) -> None:
    refs = tay_ninh[0]
    hdnd = by_symbol(refs, "16/2021/NQ-HĐND")
    assert hdnd and all(r.province == "Tây Ninh" for r in hdnd)
    assert hdnd[0].issuer == "HĐND tỉnh" and hdnd[0].in_table
    assert all(r.province == "Tây Ninh" for r in by_symbol(refs, "08-NQ/TU"))
    assert all(r.province is None for r in by_symbol(refs, "36-NQ/TW"))
    assert by_symbol(refs, "180-CTr/TU")[0].party
    assert by_symbol(refs, "180-CTr/TU")[0].type == "Chương trình"


def test_tay_ninh_stated_relations(tay_ninh: Found) -> None:
    stated = {(s.subject, s.relation, s.object) for s in tay_ninh[2]}
    assert stated == {("180-CTr/TU", "implements", "36-NQ/TW"),
                      ("1962/KH-UBND", "implements", "696/QĐ-TTg")}
    for s in tay_ninh[2]:
        assert s.subject in s.text and s.object in s.text


def test_tay_ninh_unnumbered_references(tay_ninh: Found) -> None:
    unnumbered = {(u.type, u.name) for u in tay_ninh[1]}
    assert unnumbered == {("Luật", "ngân sách nhà nước"),
                          ("Nghị quyết", "Hội nghị trung ương 6 khóa IX")}


def test_tay_ninh_implements(tay_ninh: Found, tay_ninh_text: str) -> None:
    info = info_of("2502/KH-UBND", "Tây Ninh")
    body = tay_ninh_text.index("I. MỤC ĐÍCH")
    assert document_implements(tay_ninh[0], info, body) == ("08-NQ/TU",)


def test_own_symbol_from_the_header_when_the_caller_has_none(tay_ninh_text: str) -> None:
    refs = find_references(tay_ninh_text, info=None, exclude=page_related(tay_ninh_text)[1])[0]
    symbols = {r.symbol for r in refs}
    assert "2502/KH-UBND" not in symbols and len(symbols) == 16


def test_tay_ninh_page_metadata(tay_ninh_text: str) -> None:
    entries, exclude = page_related(tay_ninh_text)
    assert [e.symbol for e in entries] == [
        None, "431/KH-UBND", "939/KH-UBND", "16/2021/NQ-HĐND", "569/QĐ-TTg", "154/NQ-CP",
        "42/2022/NQ-HĐND", "2667/QĐ-BKHCN", "75/NQ-HĐND", "179/KH-UBND"]
    assert entries[0].text == "Luật ngân sách nhà nước 2015"
    header = tay_ninh_text.index("ỦY BAN NHÂN DÂN")
    assert all(end <= header for _, end in exclude[:-1])
    assert exclude[-1][1] == len(tay_ninh_text.rstrip("\n"))
    for entry in entries:
        assert tay_ninh_text[entry.start:entry.end] == entry.text


def test_sections_come_from_section_at(tay_ninh_text: str) -> None:
    part = tay_ninh_text.index("I. MỤC ĐÍCH")
    end = tay_ninh_text.index("II. MỤC TIÊU")
    structure = (Section(kind="part", label="I", title="MỤC ĐÍCH, YÊU CẦU", start=part,
                         end=end, path="I"),)
    refs = extract(tay_ninh_text, "2502/KH-UBND", "Tây Ninh", structure)[0]
    assert by_symbol(refs, "569/QĐ-TTg")[0].section == "I"
    assert by_symbol(refs, "431/KH-UBND")[0].section is None


# --- seed 002: Kế hoạch 386/KH-UBND of Đồng Nai -----------------------------------------------


def test_dong_nai_fifteen_numbered_documents(dong_nai: Found) -> None:
    refs = dong_nai[0]
    assert {r.symbol for r in refs} == {
        "709/QĐ-TTg", "348-KH/TU", "69-KL/TW", "20-NQ/TW", "47-CTr/TU", "29-NQ/TW",
        "329-KH/TU", "45-NQ/TW", "569/QĐ-TTg", "01/2024/TT-BGDĐT", "109/2022/NĐ-CP",
        "229/QĐ-TTg", "25/CT-TTg", "17/2023/NQ-HĐND", "31/2023/NQ-HĐND",
    }
    printed = {r.text.split(" NGÀY")[0] for r in by_symbol(refs, "709/QĐ-TTg")}
    assert "QUYẾT ĐỊNH SỐ 709/QĐ-TTG" in printed  # upper case in the title
    printed_348 = {r.text.split(" ngày")[0] for r in by_symbol(refs, "348-KH/TU")}
    assert {"Kế hoạch số 348/KH-TU", "Kế hoạch số 348-KH/TU"} <= printed_348


def test_dong_nai_stated_relations(dong_nai: Found) -> None:
    stated = {(s.subject, s.relation, s.object) for s in dong_nai[2]}
    assert stated == {
        ("709/QĐ-TTg", "implements", "69-KL/TW"),  # title, and "ban hành Kế hoạch thực hiện"
        ("348-KH/TU", "implements", "69-KL/TW"),
        ("69-KL/TW", "implements", "20-NQ/TW"),  # "về tiếp tục thực hiện"
        ("47-CTr/TU", "implements", "29-NQ/TW"),
        ("329-KH/TU", "implements", "45-NQ/TW"),
    }
    assert len(dong_nai[2]) == len(stated)  # one per triple, the first span kept
    first = dong_nai[2][0]
    assert first.start < 500  # in the title


def test_dong_nai_implements_and_provinces(dong_nai: Found, dong_nai_text: str) -> None:
    refs = dong_nai[0]
    body = dong_nai_text.index("I. MỤC ĐÍCH")
    info = info_of("386/KH-UBND", "Đồng Nai")
    assert document_implements(refs, info, body) == ("709/QĐ-TTg", "348-KH/TU")
    assert all(r.province == "Đồng Nai" for r in by_symbol(refs, "348-KH/TU"))
    assert all(r.province == "Đồng Nai" for r in by_symbol(refs, "17/2023/NQ-HĐND"))
    assert [r.relation for r in by_symbol(refs, "229/QĐ-TTg")] == ["cites"]
    assert {r.relation for r in by_symbol(refs, "29-NQ/TW")} == {"cites", "aligns_with"}
    assert by_symbol(refs, "01/2024/TT-BGDĐT")[0].issuer == "Bộ trưởng Bộ Giáo dục và Đào tạo"


def test_dong_nai_recipients_are_not_references(dong_nai_text: str) -> None:
    # A recipient naming a document, put inside the plan's "Nơi nhận:" block.
    assert "- Lưu VT, KGVX." in dong_nai_text
    text = dong_nai_text.replace("- Lưu VT, KGVX.",
                                 "- Sở Tư pháp (Công văn số 12/STP-VP);\n- Lưu VT, KGVX.")
    refs = extract(text, "386/KH-UBND", "Đồng Nai")[0]
    assert "12/STP-VP" not in {r.symbol for r in refs}
    refs = extract(text.replace("Nơi nhận:", "Gửi:"), "386/KH-UBND", "Đồng Nai")[0]
    assert "12/STP-VP" in {r.symbol for r in refs}


def test_recipients_block_in_a_table_layout() -> None:
    text = ("Trên đây là Kế hoạch.\n| Nơi nhận: | TM. ỦY BAN NHÂN DÂN |\n"
            "| - Sở Tư pháp (Văn bản số 5/STP-VP); |\n| - Lưu: VT. |\n"
            "PHỤ LỤC\nTriển khai Kế hoạch số 7/KH-UBND")
    assert [r.symbol for r in find_references(text, info=None)[0]] == ["7/KH-UBND"]


# --- the corpus --------------------------------------------------------------------------------


def test_every_corpus_file(corpus_files: list[Path], seed_files: list[Path]) -> None:
    for path in [*seed_files, *corpus_files]:
        text = read(path).text
        refs, unnumbered, stated = extract(text, None, None)
        for item in [*refs, *unnumbered]:
            assert text[item.start:item.end] == item.text, path.name
            assert item.relation in RELATIONS, path.name
        for ref in refs:
            assert parse_symbol(ref.symbol) is not None, (path.name, ref.symbol)
            assert ref.date is None or len(ref.date) == 10
        for s in stated:
            assert s.subject != s.object and s.relation in RELATIONS
            assert text[s.start:s.end] == s.text


def corpus_file(shared_dir: Path, prefix: str) -> str:
    (path,) = sorted((shared_dir / "corpus").glob(f"{prefix}_*.txt"))
    return read(path).text


@pytest.mark.parametrize(
    ("prefix", "own", "based_on"),
    [
        # "Căn cứ Nghị định số 139/2025/NĐ-CP ...; ... 146/2025/NĐ-CP ...; Thông tư số
        # 38/2025/TT-BCT ...; Quyết định số 05/2025/QĐ-UNBD ..." (the source's typo kept).
        ("026", None, {"139/2025/NĐ-CP", "146/2025/NĐ-CP", "38/2025/TT-BCT", "05/2025/QĐ-UNBD"}),
        ("024", "217/2025/NĐ-CP", {"63/2025/QH15", "84/2025/QH15"}),
        # 019 (OCR): bases broken over lines, and "Luật ... số 64/2025" without its legislature.
        ("019", "16/2026/QĐ-UBND", {"72/2025/QH15", "64/2025/QH15", "87/2025/QH15",
                                    "32/2024/NĐ-CP", "78/2025/NĐ-CP", "187/2025/NĐ-CP",
                                    "139/2025/NĐ-CP", "14/2024/TT-BCT", "37/2025/TT-BCT",
                                    "38/2025/TT-BCT"}),
    ],
)
def test_legal_basis_lines(shared_dir: Path, prefix: str, own: str | None,
                           based_on: set[str]) -> None:
    refs = extract(corpus_file(shared_dir, prefix), own, "Lào Cai")[0]
    assert {r.symbol for r in refs if r.relation == "based_on"} == based_on


def test_own_symbol_cut_over_two_lines_is_not_a_reference(shared_dir: Path) -> None:
    # 050: "Số: 24 /HDLN-BCA-BQP-BYT-" (date beside it) / "ВСТ-ВТC-VKSNDTC-TANDTC"; the
    # first line alone reads as a symbol, which is the document itself, cut.
    text = corpus_file(shared_dir, "050")
    info, _ = parse_header(text)
    refs = find_references(text, info=info)[0]
    assert not any(r.symbol.startswith("24/HDLN") for r in refs)
    assert "173/2024/QH15" in {r.symbol for r in refs}  # "Nghị quyết số 173/2024/QH15"


def test_legal_basis_ends_before_the_proposal(shared_dir: Path) -> None:
    refs = extract(corpus_file(shared_dir, "026"), None, "Lào Cai")[0]
    # "Theo đề nghị của Giám đốc Sở Công Thương tại Tờ trình số 2205/TTr-SCT ..."
    assert [r.relation for r in by_symbol(refs, "2205/TTr-SCT")] == ["cites"]


def test_passive_amendment_in_a_basis(shared_dir: Path) -> None:
    # 019: "Luật Ban hành văn bản quy phạm pháp luật số 64/2025 được sửa đổi, bổ sung bởi
    # Luật số 87/2025/QH15"; "Nghị định số 78/2025/NĐ-CP ... được sửa đổi, bổ sung bởi
    # Nghị định số 187/2025/NĐ-CP".
    stated = {(s.subject, s.relation, s.object)
              for s in extract(corpus_file(shared_dir, "019"), "16/2026/QĐ-UBND", "Lào Cai")[2]}
    assert ("87/2025/QH15", "amends", "64/2025/QH15") in stated
    assert ("187/2025/NĐ-CP", "amends", "78/2025/NĐ-CP") in stated


def test_law_amends_and_repeals(shared_dir: Path) -> None:
    refs, _, stated = extract(corpus_file(shared_dir, "016"), "147/2025/QH15", None)
    first = by_symbol(refs, "54/2024/QH15")[0]
    assert first.text == "Luật Địa chất và khoáng sản số 54/2024/QH15"
    assert (first.relation, first.type) == ("amends", "Luật")
    refs, _, stated = extract(corpus_file(shared_dir, "022"), "69/2025/QH15", None)
    # Điều 47: "Luật Hóa chất số 06/2007/QH12 đã được sửa đổi, bổ sung một số điều theo
    # Luật số 28/2018/QH14 và Luật số 18/2023/QH15 (...) hết hiệu lực kể từ ngày ..."
    assert "repeals" in {r.relation for r in by_symbol(refs, "06/2007/QH12")}
    assert {(s.subject, s.object) for s in stated if s.relation == "amends"} == {
        ("28/2018/QH14", "06/2007/QH12"), ("18/2023/QH15", "06/2007/QH12")}


def test_short_names_resolve_to_the_defined_document(shared_dir: Path) -> None:
    # 011: "Chỉ thị số 11-CT/TU ... (viết tắt là Chỉ thị 11)", then "Chỉ thị 11" throughout.
    refs = extract(corpus_file(shared_dir, "011"), None, "Lào Cai")[0]
    short = [r for r in refs if r.text.startswith("Chỉ thị 11")]
    assert len(short) >= 4 and {r.symbol for r in short} == {"11-CT/TU"}
    assert all(r.province == "Lào Cai" for r in short)
    assert "(viết tắt là Chỉ thị 11)" not in {r.text for r in refs}


def test_symbol_broken_over_a_line_and_stated_province(shared_dir: Path) -> None:
    refs = extract(corpus_file(shared_dir, "012"), "5973/UBND-KT", "Lào Cai")[0]
    broken = [r for r in refs if "11-\nCT/TU" in r.text]
    assert broken and broken[0].symbol == "11-CT/TU"
    refs = extract(corpus_file(shared_dir, "014"), None, "Lào Cai")[0]
    # "văn bản số 3900/UBND-NLN ngày 15/12/2020 của UBND tỉnh Yên Bái": the mention's province.
    assert by_symbol(refs, "3900/UBND-NLN")[0].province == "Yên Bái"
    assert by_symbol(refs, "5529/UBND-KT")[0].province == "Lào Cai"
    # "Quyết định số 1626/QĐTTg": the hyphen left out.
    assert by_symbol(refs, "1626/QĐ-TTg")


def test_a_wrapped_issuer_keeps_the_clause(shared_dir: Path) -> None:
    # 012 (PDF text): "Thực hiện Văn bản số 4250/BNNMT-ĐCKS ngày 29/4/2026 của Bộ\nNông nghiệp
    # và Môi trường về việc ... và Văn bản số 4643/VPCP-CN ngày 20/5/2026 của Văn\nphòng
    # Chính phủ ...": the letter carries out both.
    refs = extract(corpus_file(shared_dir, "012"), "5973/UBND-KT", "Lào Cai")[0]
    first = by_symbol(refs, "4250/BNNMT-ĐCKS")[0]
    assert first.issuer == "Bộ Nông nghiệp và Môi trường" and first.relation == "implements"
    assert [r.relation for r in by_symbol(refs, "4643/VPCP-CN")] == ["implements"]


def test_law_names_stop_where_the_document_names_them(shared_dir: Path) -> None:
    # 031 cites "Luật Địa chất và khoáng sản" ~150 times, some followed by a verb
    # ("... của Luật Địa chất và khoáng sản lập hồ sơ"): the name stops where it usually does.
    unnumbered = extract(corpus_file(shared_dir, "031"), "193/2025/NĐ-CP", None)[1]
    names = {u.name for u in unnumbered if u.name and u.name.startswith("Địa chất")}
    assert names == {"Địa chất và khoáng sản"}
    assert len(unnumbered) > 100


# --- named_documents.json examples -------------------------------------------------------------


def _named() -> dict:
    return patterns.load("named_documents")


@pytest.mark.parametrize("example", _named()["type_words"]["examples"], ids=lambda e: e["text"])
def test_type_word_examples(example: dict) -> None:
    refs = find_references(example["text"], info=None)[0]
    assert [(r.text, r.type) for r in refs] == [(example["mention"], example["type"])]


@pytest.mark.parametrize("example", _named()["issuer_heads"]["examples"],
                         ids=lambda e: e["issuer"])
def test_issuer_examples(example: dict) -> None:
    refs = find_references(example["text"], info=info_of(None, "Lâm Đồng"))[0]
    ref = refs[0]
    assert (ref.issuer, ref.date) == (example["issuer"], example["date"])
    sym = parse_symbol(ref.symbol)
    assert sym is not None
    if sym.local:
        assert ref.province == (example["province"] or "Lâm Đồng")
    else:
        assert ref.province is None


@pytest.mark.parametrize("example", _named()["unnumbered"]["examples"], ids=lambda e: e["mention"])
def test_unnumbered_examples(example: dict) -> None:
    found = find_references(example["text"], info=None)[1]
    match = [u for u in found if u.text == example["mention"]]
    assert match, [u.text for u in found]
    assert (match[0].type, match[0].name) == (example["type"], example["name"])
    if "relation" in example:
        assert match[0].relation == example["relation"]


@pytest.mark.parametrize("text", _named()["unnumbered"]["not_references"])
def test_not_unnumbered_references(text: str) -> None:
    assert find_references(text, info=None)[1] == ()


@pytest.mark.parametrize("example", _named()["short_names"]["examples"], ids=lambda e: e["short"])
def test_short_name_examples(example: dict) -> None:
    refs = find_references(example["text"], info=None)[0]
    short = [r for r in refs if r.text.startswith(example["short"])]
    assert short and {r.symbol for r in short} == {example["symbol"]}


def test_portal_list_genre_not_file() -> None:
    text = ("- 1 Luật Đất đai 2024\n"
            "- 2 Nghị định 102/2024/NĐ-CP quy định chi tiết thi hành Luật Đất đai\n"
            "UBND TỈNH X | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
            "Căn cứ Nghị định số 102/2024/NĐ-CP ngày 30 tháng 7 năm 2024 của Chính phủ;\n"
            "1. Kế hoạch số 12/KH-UBND ngày 01/02/2024 được triển khai.\n"
            "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n"
            "1 Quyết định 5/QĐ-UBND năm 2020 về việc khác do tỉnh X ban hành\n")
    entries, exclude = page_related(text)
    assert [e.symbol for e in entries] == [None, "102/2024/NĐ-CP", "5/QĐ-UBND"]
    refs = find_references(text, info=None, exclude=exclude)[0]
    assert [(r.symbol, r.relation) for r in refs] == [
        ("102/2024/NĐ-CP", "based_on"), ("12/KH-UBND", "cites")]


def test_glued_type_and_issuer_codes() -> None:
    for printed, canonical in [("1626/QĐTTg", "1626/QĐ-TTg"), ("08/2022/NĐCP", "08/2022/NĐ-CP")]:
        sym = parse_symbol(printed)
        assert sym is not None and sym.canonical == canonical
    sym = parse_symbol("5141/SNNMT-KS")
    assert sym is not None and sym.canonical == "5141/SNNMT-KS"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Số 12/2024/NĐ-CP ngày của Luật Căn cứ thực hiện"
                                             "\n|;,.()-/ĐđKHQTUWqh0123456789")) | st.characters(),
               max_size=300))
def test_find_references_never_raises(text: str) -> None:
    _entries, exclude = page_related(text)
    refs, unnumbered, _stated = find_references(text, info=info_of("1/KH-UBND", "X"),
                                               exclude=exclude, section_at=section_path)
    for item in [*refs, *unnumbered]:
        assert text[item.start:item.end] == item.text
    document_implements(refs, None, len(text))


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_find_references_never_raises_on_any_text(text: str) -> None:
    find_references(text, info=None)
    page_related(text)
