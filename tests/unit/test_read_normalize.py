"""normalize(), table rows and page furniture: table-driven cases and properties."""

from __future__ import annotations

import doctest
import importlib
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from luocdo.errors import InputError
from luocdo.loaders import formats, patterns, read_bytes
from luocdo.loaders.formats import is_layout_table
from luocdo.loaders.normalize import drop_page_furniture, is_page_number
from luocdo.loaders.read import normalize
from luocdo.loaders.tables import cell_spans, rebuild_rows, split_row


@pytest.mark.parametrize("module", ["normalize", "tables", "read", "formats"])
def test_doctests(module):
    result = doctest.testmod(importlib.import_module(f"luocdo.loaders.{module}"))
    assert result.failed == 0


# --- characters -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a\r\nb\rc", "a\nb\nc"),
        ("a\u2028b\u2029c\x85d\x0be", "a\nb\nc\nd\ne"),
        ("Sở\u00a0Tài\u202fchính\u3000tỉnh\u2009X", "Sở Tài chính tỉnh X"),
        ("Kế\u200b hoạch\u200d\ufeff số\u00ad 12\u2060", "Kế hoạch số 12"),
        ("x\x00y\x07z\x1b[0m\tw", "xyz[0m\tw"),
        ("\u200eQuyết\u202b định\u202c", "Quyết định"),
        ("dòng   \t\ncuối  ", "dòng\ncuối"),
        ("\u00d0ảng \u00f0oàn H\u00d0ND", "Đảng đoàn HĐND"),
        (unicodedata.normalize("NFD", "Quyết định số 569/QĐ-TTg"), "Quyết định số 569/QĐ-TTg"),
        # A zero-width space between a letter and its mark must not stop NFC.
        ("Vie\u200b\u0302\u0323t", "Việt"),
    ],
)
def test_characters_are_normalized(raw, expected):
    assert normalize(raw) == expected


def test_other_characters_are_left_alone():
    text = "  Điều 5.\tKhoản 1 – “trích dẫn” … ≥ 50% ¦ © 2025 ・ Ω\n\n\nx"
    assert normalize(text) == text


# --- table rows ----------------------------------------------------------------------------------

HEADER = "TT | Nội dung | Chủ trì | Phối hợp | Thời gian | Sản phẩm | ||||"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # An empty cell that broke the row: joined, the cell stays empty.
        (f"{HEADER}\n1 | Việc một | Sở X |\n| Quý III/2023 | Báo cáo | ||||",
         ["1 | Việc một | Sở X |  | Quý III/2023 | Báo cáo"]),
        # A complete row followed by padding only: the padding line goes.
        (f"{HEADER}\n2 | Việc hai | Sở X | Sở Y | Hằng năm |\n| ||||",
         ["2 | Việc hai | Sở X | Sở Y | Hằng năm |"]),
        # A group row: padding cut back to the header's six columns.
        (f"{HEADER}\nII | Nhóm hai | ||||||||", ["II | Nhóm hai |  |  |  |"]),
        # A cell holding a line break: the two pieces of the row are joined.
        (f"{HEADER}\n3 | Việc ba, dòng một\ndòng hai | Sở X | Sở Y | 2025 | Đề án",
         ["3 | Việc ba, dòng một dòng hai | Sở X | Sở Y | 2025 | Đề án"]),
        # Two empty cells in a row over three lines.
        (f"{HEADER}\n4 | Việc bốn | Sở X |\n|\n| Báo cáo | ||||",
         ["4 | Việc bốn | Sở X |  |  | Báo cáo"]),
        # An empty cell written as a blank line.
        (f"{HEADER}\n5 | Việc năm | Sở X |\n\n| 2025 | Báo cáo",
         ["5 | Việc năm | Sở X |  | 2025 | Báo cáo"]),
    ],
)
def test_open_rows_are_rebuilt(raw, expected):
    lines = normalize(raw).split("\n")
    assert lines[0] == "TT | Nội dung | Chủ trì | Phối hợp | Thời gian | Sản phẩm"
    assert lines[1:] == expected
    assert all(len(split_row(line)) == 6 for line in lines)


@pytest.mark.parametrize(
    "raw",
    [
        # The next line is a new numbered row, not a continuation.
        f"{HEADER}\nI | Nhóm một\n1 | Việc | Sở X | Sở Y | 2025 | Báo cáo",
        # Continuing would put text past the last column.
        f"{HEADER}\n5 | Việc | Sở X |\n| A | B | C | D",
        # A short row at the end of the table, then prose.
        f"{HEADER}\nTổng cộng | 12\n\nNơi nhận:",
        # A short row, a blank line, then the header of another table.
        f"{HEADER}\nI | Nhóm một\n\nSTT | Tên | Đơn vị | Số lượng | Ghi chú",
        # A header block laid out with "|": not a table with a broken row.
        "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nSố: 12/KH-UBND | Hà Nội |",
    ],
)
def test_lines_that_do_not_continue_a_row_are_kept(raw):
    kept = raw.replace(" | ||||", "").split("\n")
    assert normalize(raw).split("\n") == kept


BORDERED = "| TT | Nội dung | Chủ trì | Phối hợp | Thời gian |"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (f"{BORDERED}\n| 1 | Việc một, dòng một\ndòng hai | Sở X |  | 2025 |",
         [BORDERED, "| 1 | Việc một, dòng một dòng hai | Sở X |  | 2025 |"]),
        (f"{BORDERED}\n| 1 | Việc | Sở X |  | 2025 |\n| 2 | Việc | Sở Y | Sở Z | 2026 |",
         [BORDERED, "| 1 | Việc | Sở X |  | 2025 |", "| 2 | Việc | Sở Y | Sở Z | 2026 |"]),
        # Never completed: left as printed.
        (f"{BORDERED}\n| 1 | Việc\nđoạn văn\n\nsau",
         [BORDERED, "| 1 | Việc", "đoạn văn", "", "sau"]),
    ],
)
def test_bordered_rows(raw, expected):
    assert normalize(raw).split("\n") == expected


def test_pipe_only_lines_are_dropped():
    assert normalize("a | b | c\n|\n| |\n||||\nsau") == "a | b | c\nsau"


@pytest.mark.parametrize(
    ("line", "cells"),
    [
        ("| 1 | Sở X |  |", ["1", "Sở X", ""]),
        ("1 | Sở X |", ["1", "Sở X", ""]),
        ("1 | Sở X", ["1", "Sở X"]),
        ("|  | Tổng số |  |", ["", "Tổng số", ""]),
        ("| 11.1| Tỉ lệ  |", ["11.1", "Tỉ lệ"]),
        ("không có", []),
    ],
)
def test_split_row_and_cell_spans(line, cells):
    assert split_row(line) == cells
    assert [line[a:b] for a, b in cell_spans(line)] == cells


# --- page furniture ------------------------------------------------------------------------------


PAGE_LAYOUT = patterns.load("page_layout")


@pytest.mark.parametrize("line", PAGE_LAYOUT["page_number"]["examples"])
def test_page_number_examples(line):
    assert is_page_number(line)


@pytest.mark.parametrize("line", PAGE_LAYOUT["page_number"]["counter_examples"])
def test_page_number_counter_examples(line):
    assert not is_page_number(line)


@pytest.mark.parametrize("rows", PAGE_LAYOUT["layout_table"]["examples"])
def test_layout_table_examples(rows):
    assert is_layout_table(rows)


@pytest.mark.parametrize("rows", PAGE_LAYOUT["layout_table"]["counter_examples"])
def test_layout_table_counter_examples(rows):
    assert not is_layout_table(rows)


CONTENT = ["Điều 1. Phạm vi điều chỉnh", "Điều 2. Đối tượng áp dụng", "Điều 3. Giải thích từ ngữ",
           "Điều 4. Nguyên tắc", "Điều 5. Trách nhiệm"]


def test_running_header_and_footer_are_dropped_from_most_pages():
    pages = [f"CÔNG BÁO/Số {n + 40}/Ngày 13-02-2024\n\n{line}\nnội dung\n\n"
             f"Nghị định 32/2024/NĐ-CP\nTrang {n}/5"
             for n, line in enumerate(CONTENT, start=1)]
    assert drop_page_furniture(pages) == [f"{line}\nnội dung" for line in CONTENT]


def test_a_line_repeated_at_the_top_of_few_pages_is_kept():
    pages = ["Điều 1. Phạm vi\nA", "B\nC", "D\nE", "Điều 1. Phạm vi\nF", "G\nH"]
    assert drop_page_furniture(pages) == pages


def test_a_line_repeated_in_the_middle_of_pages_is_kept():
    pages = [f"{line}\nCăn cứ Luật Tổ chức Chính phủ;\n{end}"
             for line, end in zip(CONTENT, reversed(CONTENT), strict=True)]
    assert drop_page_furniture(pages) == pages


def test_page_numbers_are_dropped_only_at_page_ends():
    pages = ["a\n12\nb\n- 1 -", "2\n\nc\n3\nd"]
    assert drop_page_furniture(pages) == ["a\n12\nb", "c\n3\nd"]


def test_form_feed_pages_are_joined_without_their_numbers():
    text = "Đầu trang một\ncâu bị ngắt\n\f                2\n\ntiếp câu\nhết\n\f"
    assert normalize(text) == "Đầu trang một\ncâu bị ngắt\ntiếp câu\nhết\n"


# --- properties ----------------------------------------------------------------------------------

TABLE_ALPHABET = st.sampled_from(
    ["|", " | ", "||||", "\n", "\n|", "1 ", "3.1", "II", "Sở X", "Quý III/2023", " ", "\f",
     "\r\n", "\u00a0", "\u200b", "Ð", "e\u0302\u0301", "Trang 2", "- 3 -", "\t"])


def _check_normalized(out: str) -> None:
    assert unicodedata.is_normalized("NFC", out)
    assert "\u00d0" not in out and "\r" not in out and "\f" not in out
    assert all(ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Zl", "Zp")
               for ch in out)
    assert all(ch == " " or unicodedata.category(ch) != "Zs" for ch in out)
    assert all(line == line.rstrip(" \t") for line in out.split("\n"))
    assert out.splitlines() == out.split("\n")[: len(out.splitlines())]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_normalize_any_string(text):
    out = normalize(text)
    _check_normalized(out)
    assert normalize(out) == out


@settings(max_examples=300, deadline=None)
@given(st.lists(TABLE_ALPHABET, max_size=60).map("".join))
def test_normalize_table_like_strings(text):
    out = normalize(text)
    _check_normalized(out)
    assert normalize(out) == out
    assert not any(set(line.strip()) == {"|"} for line in out.split("\n"))


def test_rebuild_rows_never_drops_cell_text():
    raw = f"{HEADER}\n1 | Việc một | Sở X |\n| Quý III/2023 | Báo cáo | ||||\nII | Nhóm ||||"
    out = rebuild_rows(raw)
    for word in ("Việc một", "Sở X", "Quý III/2023", "Báo cáo", "Nhóm"):
        assert word in out


PREFIXES = st.sampled_from([b"", b"%PDF-1.4\n", b"PK\x03\x04", b"<html><body>",
                            b"\xef\xbb\xbf", b"\xff\xfe"])


@pytest.mark.parametrize("name", ["a.txt", "a.docx", "a.html", "a.pdf", "<bytes>"])
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=PREFIXES, body=st.binary(max_size=600))
def test_read_bytes_returns_text_or_input_error(name, prefix, body):
    try:
        text = read_bytes(prefix + body, name)
    except InputError as exc:
        assert str(exc)
    else:
        _check_normalized(text.text)
        assert text.format in formats.FORMATS
