"""read() on the real documents: seeds, corpus, their encodings, the seed 000 appendix."""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

import pytest

from luocdo.errors import InputError
from luocdo.loaders import read, read_bytes
from luocdo.loaders.read import normalize
from luocdo.loaders.tables import split_row

# --- every real file ------------------------------------------------------------------------


def _all_files(shared: Path) -> list[Path]:
    return sorted((shared / "seeds").glob("*.txt")) + sorted((shared / "corpus").glob("*.txt"))


def test_there_are_real_files(seed_files, corpus_files):
    assert len(seed_files) == 2
    assert len(corpus_files) >= 25


def test_every_real_file_reads_as_normalized_nfc_text(shared_dir):
    for path in _all_files(shared_dir):
        text = read(path)
        assert text.format == "txt"
        assert text.source == str(path)
        assert text.warnings == ()
        assert unicodedata.is_normalized("NFC", text.text), path.name
        assert "\r" not in text.text and "\f" not in text.text and "\u00a0" not in text.text
        assert not re.search(r"[ \t]+$", text.text, re.MULTILINE), path.name
        assert normalize(text.text) == text.text, f"normalize is not idempotent on {path.name}"
        # Later stages split lines with str.splitlines(): it must agree with "\n".
        assert text.text.splitlines() == text.text.split("\n")[: len(text.text.splitlines())]


def test_corpus_table_rows_are_left_as_printed(corpus_files):
    """Corpus tables already have one row per line: read() does not touch them."""
    for path in corpus_files:
        source = path.read_text(encoding="utf-8")
        out = set(read(path).text.split("\n"))
        rows = [line for line in source.split("\n") if " | " in line]
        assert all(row.rstrip() in out for row in rows), path.name


def _words(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


@pytest.mark.parametrize("prefix", ["012_", "013_", "019_"])
def test_pdftotext_pages_lose_only_their_page_numbers(corpus_files, prefix):
    """Form-feed pages (pdftotext -layout): the bare page numbers at the page tops go,
    every other line stays, in order, with its layout spacing."""
    path = next(p for p in corpus_files if p.name.startswith(prefix))
    source = path.read_text(encoding="utf-8")
    assert "\f" in source
    text = read(path).text
    numbers = [ln for ln in source.replace("\f", "\n").split("\n") if ln.strip().isdigit()]
    assert len(numbers) >= source.count("\f") - 1  # one printed number per page (not page 1)
    expected = [ln for ln in _words(source.replace("\f", "\n")) if not ln.isdigit()]
    assert _words(text) == expected
    assert not any(line.strip().isdigit() for line in text.split("\n"))


def test_page_break_joins_the_two_halves_of_a_sentence(corpus_files):
    """012 page 1 ends '...Nông nghiệp và Môi trường…', page 2 goes on after its number."""
    path = next(p for p in corpus_files if p.name.startswith("012_"))
    text = read(path).text
    assert "Nông nghiệp và Môi trường…\ntrái phép; (ii) Khai thác" in text


def test_read_is_fast_enough_for_the_corpus(corpus_files):
    """Not a benchmark (bench/ has those): a guard against an accidental quadratic step."""
    import time

    biggest = max(corpus_files, key=lambda p: p.stat().st_size)
    started = time.perf_counter()
    read(biggest)
    assert time.perf_counter() - started < 5


# --- seed 000: the appendix rows rebuilt -------------------------------------------------------


@pytest.fixture(scope="module")
def seed_000(shared_dir) -> str:
    return read(shared_dir / "seeds" / "000_d593de9037b50973.txt").text


def _appendix_rows(text: str) -> dict[str, list[str]]:
    lines = text.split("\n")
    start = next(i for i, ln in enumerate(lines) if ln.startswith("TT | Nội dung nhiệm vụ"))
    rows: dict[str, list[str]] = {}
    for line in lines[start + 1 :]:
        if "|" not in line:
            break
        cells = split_row(line)
        rows[cells[0]] = cells
    return rows


def test_seed_000_header_row_has_six_cells_and_no_padding(seed_000):
    header = next(ln for ln in seed_000.split("\n") if ln.startswith("TT | Nội dung nhiệm vụ"))
    assert split_row(header) == ["TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì",
                                 "Cơ quan phối hợp", "Thời gian thực hiện", "Sản phẩm"]
    assert "||" not in seed_000


def test_seed_000_appendix_has_every_task_row_once_with_six_cells(seed_000):
    rows = _appendix_rows(seed_000)
    numbers = [n for n in rows if re.fullmatch(r"\d+(\.\d+)?", n)]
    expected = [str(n) for n in range(1, 33)] + ["3.1", "3.2"]
    assert sorted(numbers) == sorted(expected)
    assert [g for g in rows if g in ("I", "II", "III", "IV", "V")] == ["I", "II", "III", "IV", "V"]
    assert all(len(cells) == 6 for cells in rows.values())
    # No line of the appendix starts with "|" any more: every continuation was joined.
    assert not any(ln.lstrip().startswith("|") for ln in seed_000.split("\n")
                   if ln.strip() != "| TM. ỦY BAN NHÂN DÂN |")


def test_seed_000_task_1_is_rebuilt_from_two_lines(seed_000):
    cells = _appendix_rows(seed_000)["1"]
    assert cells[1].startswith("Tổ chức tuyên truyền, quán triệt quan điểm")
    assert cells[1].endswith("triển khai các nhiệm vụ thường xuyên của cơ quan, đơn vị")
    assert cells[2:] == ["Các sở, ban, ngành tỉnh; UBND huyện, thị xã, thành phố", "",
                         "Quý III/2023", "Báo cáo"]


@pytest.mark.parametrize(
    ("number", "timeframe", "product"),
    [("2", "Hằng năm", "Kế hoạch"),
     ("3.1", "Hằng năm", "Danh mục nhiệm vụ KH&CN được cấp có thẩm quyền phê duyệt"),
     ("3.2", "Hằng năm", "Báo cáo"),
     ("7", "Hằng năm", "Báo cáo"),
     ("30", "Hằng tháng Hằng quý", "Bản tin, chuyên mục")],
)
def test_seed_000_rows_without_coordinator_keep_it_empty(seed_000, number, timeframe, product):
    cells = _appendix_rows(seed_000)[number]
    assert cells[3] == ""
    assert cells[2]  # the lead is there, not shifted into the empty cell
    assert cells[4:] == [timeframe, product]


@pytest.mark.parametrize(
    ("number", "coordinators", "timeframe"),
    [("10", "Các sở, ban, ngành tỉnh; UBND huyện,thị xã, thành phố", "Hằng năm"),
     ("11", "Các sở, ban, ngành tỉnh; UBND huyện, thị xã, thành phố", "Hằng năm"),
     ("21", "Các sở, ban, ngành tỉnh; UBND huyện, thị xã, thành phố",
      "Sau khi Bộ KH&CN tham mưu Thủ tướng Chính phủ ban hành Quy hoạch")],
)
def test_seed_000_rows_without_product_keep_it_empty(seed_000, number, coordinators, timeframe):
    cells = _appendix_rows(seed_000)[number]
    assert cells[2] == "Sở Khoa học và Công nghệ"
    assert cells[3:] == [coordinators, timeframe, ""]


def test_seed_000_full_rows_are_unchanged(seed_000):
    cells = _appendix_rows(seed_000)["4"]
    assert cells[2:] == ["Sở Khoa học và Công nghệ",
                         "Các sở, ban, ngành tỉnh; UBND huyện, thị xã, thành phố",
                         "Hằng năm", "Báo cáo/Nghị quyết HĐND/ Quyết định UBND"]


def test_seed_000_group_rows_have_only_their_title(seed_000):
    cells = _appendix_rows(seed_000)["III"]
    assert cells == ["III", "Xây dựng hệ sinh thái đổi mới sáng tạo", "", "", "", ""]


def test_seed_000_pipe_only_lines_are_gone_and_the_page_list_stays_last(seed_000):
    lines = seed_000.rstrip("\n").split("\n")
    assert not any(re.fullmatch(r"[\s|]*\|[\s|]*", ln) for ln in lines)
    assert lines[-1].startswith("1 Kế hoạch 179/KH-UBND năm 2023")
    assert lines[-2].startswith("32 | Đẩy mạnh giao lưu")


def test_seed_000_layout_lines_above_the_table_are_kept(seed_000):
    assert "\nỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n" in seed_000
    assert "\nSố: 2502/KH-UBND | Tây Ninh, ngày 08 tháng 8 năm 2023 |\n" in seed_000


# --- encodings and spellings of the same seed ---------------------------------------------------


@pytest.fixture(scope="module")
def seed_bytes(shared_dir) -> tuple[bytes, str]:
    path = shared_dir / "seeds" / "000_d593de9037b50973.txt"
    return path.read_bytes(), read(path).text


@pytest.mark.parametrize(
    ("label", "encode"),
    [
        ("utf-8-bom", lambda s: codecs.BOM_UTF8 + s.encode("utf-8")),
        ("utf-16-le-bom", lambda s: codecs.BOM_UTF16_LE + s.encode("utf-16-le")),
        ("utf-16-be-bom", lambda s: codecs.BOM_UTF16_BE + s.encode("utf-16-be")),
        ("utf-16-le", lambda s: s.encode("utf-16-le")),
        ("utf-16-be", lambda s: s.encode("utf-16-be")),
        ("utf-32-bom", lambda s: s.encode("utf-32")),
        ("crlf", lambda s: s.replace("\n", "\r\n").encode("utf-8")),
        ("nfd", lambda s: unicodedata.normalize("NFD", s).encode("utf-8")),
        ("eth", lambda s: s.replace("Đ", "\u00d0").encode("utf-8")),
        ("nbsp-zwsp", lambda s: s.replace(" ", "\u00a0", 50).replace("Sở", "S\u200bở").encode()),
    ],
)
def test_seed_variants_read_as_the_utf8_file(seed_bytes, tmp_path, label, encode):
    raw, expected = seed_bytes
    variant = tmp_path / f"seed-{label}.txt"
    variant.write_bytes(encode(raw.decode("utf-8")))
    text = read(variant)
    assert text.text == expected
    if label in ("utf-16-le", "utf-16-be"):
        assert any("without BOM" in w for w in text.warnings)
    else:
        assert text.warnings == ()


def test_nfd_and_eth_inputs_become_nfc_with_d_stroke():
    text = read_bytes(unicodedata.normalize("NFD", "Nghị quyết \u00d0ảng ủy").encode(), "a.txt")
    assert text.text == "Nghị quyết Đảng ủy"
    assert "\u00d0" not in text.text
    assert unicodedata.is_normalized("NFC", text.text)


@pytest.mark.parametrize(
    ("data", "offset", "line"),
    [
        (b"H\xe0 N\xf4\xf2i", 1, 1),  # "Hà Nội" in cp1258
        (b"So 1\nS\xf4 T\xe0i", 6, 2),  # latin-1
        (b"ok\nVi\xeat", 5, 2),
    ],
)
def test_undecodable_text_names_file_offset_and_expectation(data, offset, line):
    with pytest.raises(InputError) as info:
        read_bytes(data, "van-ban.txt")
    message = str(info.value)
    assert message.startswith("van-ban.txt: ")
    assert f"byte {offset} (line {line})" in message
    assert "expected UTF-8" in message


def test_forced_encoding_reads_legacy_text():
    # cp1258 writes "ộ" as "ô" + a combining dot below: read as NFC all the same.
    text = read_bytes(b"H\xe0 N\xf4\xf2i, ng\xe0y 5", "a.txt", encoding="cp1258")
    assert text.text == "Hà Nội, ngày 5"
    assert unicodedata.is_normalized("NFC", text.text)


def test_unknown_forced_encoding_is_an_input_error():
    with pytest.raises(InputError, match="unknown encoding"):
        read_bytes(b"x", "a.txt", encoding="no-such-codec")


# --- files that cannot be read --------------------------------------------------------------------


def test_missing_file_and_folder_are_input_errors(tmp_path):
    with pytest.raises(InputError, match="no such file") as info:
        read(tmp_path / "missing.txt")
    assert str(tmp_path / "missing.txt") in str(info.value)
    with pytest.raises(InputError, match="folder"):
        read(tmp_path)


@pytest.mark.parametrize("name", ["cu.doc", "bang.xlsx", "van-ban.rtf"])
def test_unsupported_formats_say_what_to_do(name):
    with pytest.raises(InputError, match=r"save it as|export") as info:
        read_bytes(b"\xd0\xcf\x11\xe0", name)
    assert name in str(info.value)
