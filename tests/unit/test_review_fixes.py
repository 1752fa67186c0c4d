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
