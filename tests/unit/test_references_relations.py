"""Relations read from cue words: short phrases, table-driven, and every relations.json example."""

from __future__ import annotations

import pytest

from luocdo.loaders import patterns
from luocdo.loaders.references import find_references
from luocdo.model import RELATIONS


def relations_of(text: str, symbol: str) -> set[str]:
    refs, _, _ = find_references(text, info=None)
    return {r.relation for r in refs if r.symbol == symbol}


def stated_of(text: str) -> set[tuple[str, str, str]]:
    _, _, stated = find_references(text, info=None)
    return {(s.subject, s.relation, s.object) for s in stated}


@pytest.mark.parametrize(
    ("text", "symbol", "relation"),
    [
        # implements: the citing document (or its task) carries the document out
        ("Thực hiện Nghị quyết số 08-NQ/TU ngày 31/3/2023", "08-NQ/TU", "implements"),
        ("Triển khai thực hiện Chỉ thị số 11-CT/TU", "11-CT/TU", "implements"),
        ("Tiếp tục triển khai Chỉ thị số 25/CT-TTg ngày 05/10/2023", "25/CT-TTg", "implements"),
        ("Cụ thể hóa các nội dung của Kết luận số 69-KL/TW", "69-KL/TW", "implements"),
        ("Cụ thể hoá Kết luận số 69-KL/TW", "69-KL/TW", "implements"),  # old tone placement
        ("Kế hoạch thực hiện Nghị quyết số 08-NQ/TU", "08-NQ/TU", "implements"),
        ("THỰC HIỆN NGHỊ QUYẾT SỐ 08-NQ/TU NGÀY 31/3/2023", "08-NQ/TU", "implements"),
        # aligns_with
        ("bảo đảm gắn với Quyết định số 569/QĐ-TTg", "569/QĐ-TTg", "aligns_with"),
        ("phù hợp với Nghị quyết số 29-NQ/TW", "29-NQ/TW", "aligns_with"),
        ("theo định hướng của Quyết định số 569/QĐ-TTg", "569/QĐ-TTg", "aligns_with"),
        ("ở gần với Quyết định số 569/QĐ-TTg", "569/QĐ-TTg", "cites"),  # "gần" is not "gắn"
        # replaces, amends, repeals, guides, corrects, consolidates
        ("thay thế Kế hoạch số 431/KH-UBND", "431/KH-UBND", "replaces"),
        ("Sửa đổi, bổ sung Nghị định số 109/2022/NĐ-CP", "109/2022/NĐ-CP", "amends"),
        ("sửa đổi, bổ sung khoản 2 Điều 5 của Nghị định số 32/2024/NĐ-CP", "32/2024/NĐ-CP",
         "amends"),
        ("Bãi bỏ Thông tư số 28/2020/TT-BCT", "28/2020/TT-BCT", "repeals"),
        ("Nghị định số 68/2017/NĐ-CP hết hiệu lực kể từ ngày", "68/2017/NĐ-CP", "repeals"),
        ("hướng dẫn thi hành một số điều của Nghị định số 32/2024/NĐ-CP", "32/2024/NĐ-CP",
         "guides"),
        ("quy định chi tiết Luật số 54/2024/QH15", "54/2024/QH15", "guides"),
        ("Đính chính Nghị định số 30/2020/NĐ-CP", "30/2020/NĐ-CP", "corrects"),
        ("hợp nhất Thông tư số 14/2024/TT-BCT", "14/2024/TT-BCT", "consolidates"),
        # a verb acting on something else is no relation to the document
        ("theo hướng dẫn của Sở tại văn bản số 1297/SNNMT-KS", "1297/SNNMT-KS", "cites"),
        ("theo quy định tại Quyết định 229/QĐ-TTg", "229/QĐ-TTg", "cites"),
        ("phổ biến các nội dung của Kết luận số 69-KL/TW", "69-KL/TW", "cites"),
        # based_on: every reference of a "Căn cứ" paragraph
        ("Căn cứ Nghị định số 40/2025/NĐ-CP ngày 26 tháng 02 năm 2025 của Chính phủ;",
         "40/2025/NĐ-CP", "based_on"),
        ("Căn cứ Luật Thanh tra số 84/2025/QH15;", "84/2025/QH15", "based_on"),
        ("Theo đề nghị của Giám đốc Sở tại Tờ trình số 3499/TTr-SCT", "3499/TTr-SCT", "cites"),
    ],
)
def test_relation_cue(text: str, symbol: str, relation: str) -> None:
    assert relations_of(text, symbol) == {relation}


def test_coordinated_documents_share_the_verb() -> None:
    text = ("Đẩy mạnh triển khai thực hiện hỗ trợ theo Nghị quyết số 17/2023/NQ-HĐND và "
            "Nghị quyết số 31/2023/NQ-HĐND")
    assert relations_of(text, "17/2023/NQ-HĐND") == {"implements"}
    assert relations_of(text, "31/2023/NQ-HĐND") == {"implements"}


def test_the_clause_verb_carries_over_a_description() -> None:
    # Seed 002, III.1.a: "Tiếp tục triển khai" governs 47-CTr/TU and, after its description,
    # 329-KH/TU; each of them carries out a central resolution (stated relations).
    text = ("- Tiếp tục triển khai Chương trình hành động số 47-CTr/TU ngày 06/6/2023 của Tỉnh ủy "
            "về thực hiện Nghị quyết số 29-NQ/TW ngày 17/11/2022 của Ban Chấp hành Trung ương "
            "Đảng về tiếp tục đẩy mạnh công nghiệp hóa đến năm 2030, Kế hoạch 329-KH/TU ngày "
            "09/05/2024 của Tỉnh ủy thực hiện Nghị quyết số 45-NQ/TW ngày 24/11/2023")
    refs, _, stated = find_references(text, info=None)
    by_symbol = {r.symbol: r.relation for r in refs}
    assert by_symbol == {"47-CTr/TU": "implements", "29-NQ/TW": "cites",
                         "329-KH/TU": "implements", "45-NQ/TW": "cites"}
    assert {(s.subject, s.relation, s.object) for s in stated} == {
        ("47-CTr/TU", "implements", "29-NQ/TW"), ("329-KH/TU", "implements", "45-NQ/TW")}


def test_a_list_after_a_relative_clause_is_not_its_object() -> None:
    # corpus 012: "... 39-CTr/TU ... thực hiện Nghị quyết số 10-NQ/TW; Chỉ thị số 38/CT-TTg ..."
    text = ("Chương trình hành động số 39-CTr/TU ngày 29/01/2026 của BTV Tỉnh ủy Lào Cai "
            "thực hiện Nghị quyết số 10-NQ/TW; Chỉ thị số 38/CT-TTg ngày 29/9/2020")
    assert stated_of(text) == {("39-CTr/TU", "implements", "10-NQ/TW")}


def test_a_sentence_ends_the_verb() -> None:
    text = "Thực hiện Nghị quyết số 08-NQ/TU. Các sở báo cáo theo Công văn số 9387/UBND-KT."
    assert relations_of(text, "08-NQ/TU") == {"implements"}
    assert relations_of(text, "9387/UBND-KT") == {"cites"}


def test_the_citing_document_itself_is_no_subject() -> None:
    # An appendix heading names the plan itself: its verb is the plan's own relation.
    from luocdo.model import DocumentInfo

    info = DocumentInfo(symbol="2502/KH-UBND", number="2502", year=2023, type="Kế hoạch",
                        type_code="KH", date=None, place=None, issuer=None, title=None)
    refs, _, stated = find_references(
        "Kế hoạch số 2502/KH-UBND ngày 08/8/2023 thực hiện Nghị quyết số 08-NQ/TU", info=info)
    assert [(r.symbol, r.relation) for r in refs] == [("08-NQ/TU", "implements")]
    assert stated == ()


def _examples() -> list[dict]:
    data = patterns.load("relations")
    out = [e for entry in data["relations"] for e in entry["examples"]]
    out += data["based_on"]["examples"]
    return out


@pytest.mark.parametrize("example", _examples(), ids=lambda e: e["symbol"])
def test_every_relations_json_example(example: dict) -> None:
    assert example["relation"] in RELATIONS
    assert relations_of(example["text"], example["symbol"]) == {example["relation"]}
    expected = {tuple(t) for t in example.get("stated", [])}
    assert expected <= stated_of(example["text"])


def test_every_relation_has_cues_and_examples() -> None:
    data = patterns.load("relations")
    covered = {e["relation"] for e in data["relations"]}
    assert covered == set(RELATIONS) - {"based_on"}
    for entry in data["relations"]:
        assert entry["cues"] and entry["examples"], entry["relation"]
        assert entry["scope"] in ("clause", "near")
