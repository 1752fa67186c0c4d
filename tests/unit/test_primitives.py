"""Symbols, dates and Vietnamese folding, table-driven, plus every pattern example."""

from __future__ import annotations

import doctest

import pytest

from luocdo.loaders import dates, patterns, symbols, vietnamese
from luocdo.loaders.symbols import parse_symbol


@pytest.mark.parametrize(
    ("printed", "canonical", "number", "year", "type_name", "issuer_code", "party"),
    [
        ("569/QĐ-TTg", "569/QĐ-TTg", "569", None, "Quyết định", "TTg", False),
        ("709/QĐ-TTG", "709/QĐ-TTg", "709", None, "Quyết định", "TTg", False),
        ("348/KH-TU", "348-KH/TU", "348", None, "Kế hoạch", "TU", True),
        ("348-KH/TU", "348-KH/TU", "348", None, "Kế hoạch", "TU", True),
        ("16/2021/NQ-HĐND", "16/2021/NQ-HĐND", "16", 2021, "Nghị quyết", "HĐND", False),
        ("16/2021/NQ-H\u00d0ND", "16/2021/NQ-HĐND", "16", 2021, "Nghị quyết", "HĐND", False),
        ("66.19/2026/NQ-CP", "66.19/2026/NQ-CP", "66.19", 2026, "Nghị quyết", "CP", False),
        ("147/2025/QH15", "147/2025/QH15", "147", 2025, None, "QH15", False),
        ("9387/UBND-KT", "9387/UBND-KT", "9387", None, "Công văn", "UBND", False),
        ("57-NQ/TW", "57-NQ/TW", "57", None, "Nghị quyết", "TW", True),
        ("180-CTr/TU", "180-CTr/TU", "180", None, "Chương trình", "TU", True),
        ("16 /2026/QĐ-UBND", "16/2026/QĐ-UBND", "16", 2026, "Quyết định", "UBND", False),
        ("…/KH-UBND", "/KH-UBND", None, None, "Kế hoạch", "UBND", False),
    ],
)
def test_parse_symbol(printed, canonical, number, year, type_name, issuer_code, party):
    sym = parse_symbol(printed)
    assert sym is not None
    assert (sym.canonical, sym.number, sym.year, sym.type, sym.issuer_code, sym.party) == (
        canonical, number, year, type_name, issuer_code, party)


@pytest.mark.parametrize("text", ["", "2022", "KH-UBND", "ngày 11/5/2022", "a/b/c/d"])
def test_not_a_symbol(text):
    assert parse_symbol(text) is None


def test_symbol_broken_over_a_line_is_found():
    found = [symbols.from_match(m).canonical
             for m in symbols.SYMBOL_RE.finditer("Quyết định số 569/QĐ-\nTTg ngày 11/5/2022")]
    assert found == ["569/QĐ-TTg"]


def test_every_pattern_example_parses_to_its_code():
    for entry in patterns.load("doctypes")["types"]:
        for example in entry["examples"]:
            sym = parse_symbol(example)
            assert sym is not None and sym.type_code == entry["code"], example
    for entry in patterns.load("issuers")["issuers"]:
        for example in entry["examples"]:
            sym = parse_symbol(example)
            assert sym is not None, example
            digits = "0123456789"
            assert (sym.issuer_code.rstrip(digits) == entry["code"].rstrip(digits)
                    or sym.issuer_code == entry["code"]), example


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Tây Ninh, ngày 08 tháng 8 năm 2023", "2023-08-08"),
        ("ngày 02 tháng 5 năm 2024", "2024-05-02"),
        ("ngày 11/5/2022 của Thủ tướng", "2022-05-11"),
        ("ngày 09/05/2024", "2024-05-09"),
        ("ngày 31/2/2023", None),
        ("Lào Cai, ngày       tháng      năm 2026", None),
    ],
)
def test_parse_date(text, iso):
    assert dates.parse_date(text) == iso


def test_fold_handles_d_with_stroke_and_nfd():
    import unicodedata

    nfd = unicodedata.normalize("NFD", "Đồng Nai")
    assert vietnamese.fold(nfd) == "dong nai"
    assert vietnamese.fold("\u00d0ồng Nai") == "dong nai"
    assert vietnamese.nfc("\u00d0") == "Đ"


@pytest.mark.parametrize("module", [symbols, dates, vietnamese])
def test_doctests(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0


def test_symbol_broken_by_a_page_break_is_found():
    # corpus 012, footnote: "Nghị quyết số 10-" at a page end, "NQ/TW ngày 10/02/2022" after it.
    found = [symbols.from_match(m).canonical
             for m in symbols.SYMBOL_RE.finditer("Nghị quyết số 10-\n\nNQ/TW ngày 10/02/2022")]
    assert found == ["10-NQ/TW"]
