"""The read stage under hostile input (issue 11): limits with clear errors, linear work,
only regular files, truncated files read with a warning."""

from __future__ import annotations

import codecs
import cProfile
import importlib
import io
import os
import pstats
import threading
import zipfile
from pathlib import Path

import docx
import pytest

from luocdo.errors import InputError
from luocdo.ingest import collect, convert
from luocdo.loaders import read, read_bytes
from luocdo.loaders.limits import ENVIRONMENT, MAX_DEPTH, MAX_LINE_CHARS, ReadLimits
from luocdo.loaders.normalize import normalize_characters
from luocdo.loaders.parse import parse
from luocdo.loaders.relations import clause_bounds
from luocdo.loaders.tables import split_row

# Limits high enough that only the reader's own work is measured.
UNLIMITED = ReadLimits(max_bytes=10**9, max_chars=10**9, max_line_chars=10**9, max_depth=10**6)


def _nested_divs(depth: int) -> bytes:
    return ("<html><body>" + "<div>" * depth + "Điều 1." + "</div>" * depth
            + "</body></html>").encode()


def _nested_tables(depth: int) -> bytes:
    return ("<html><body>" + "<table><tr><td>" * depth + "Điều 1."
            + "</td></tr></table>" * depth + "</body></html>").encode()


def _calls(data: bytes, name: str, limits: ReadLimits = UNLIMITED) -> int:
    """Python function calls made by read_bytes: a measure of its work that does not
    depend on the machine's speed."""
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        read_bytes(data, name, limits=limits)
    finally:
        profiler.disable()
    return pstats.Stats(profiler, stream=io.StringIO()).total_calls  # type: ignore[attr-defined]


# --- nesting ----------------------------------------------------------------------------------


def test_html_nested_10000_deep_is_refused_with_the_depth_limit():
    with pytest.raises(InputError) as info:
        read_bytes(_nested_divs(10_000), "long-long.html")
    message = str(info.value)
    assert message.startswith("long-long.html: element nesting depth 513: ")
    assert f"nested more than {MAX_DEPTH} deep" in message
    assert "<div> inside <html> <body> <div>" in message
    assert ENVIRONMENT["max_depth"] in message


def test_html_table_nested_5000_deep_is_refused_with_the_depth_limit():
    with pytest.raises(InputError, match=r"nested more than 512 deep \(a <t(?:able|body|r|d)> "
                                         r"inside <html> <body> <table>"):
        read_bytes(_nested_tables(5_000), "bang.html")


def test_html_nesting_under_the_limit_is_read():
    text = read_bytes(_nested_divs(MAX_DEPTH - 2), "a.html")
    assert text.text == "Điều 1."


@pytest.mark.parametrize("page", [_nested_divs, _nested_tables])
def test_html_reading_work_grows_linearly_with_the_depth(page):
    """Four times deeper, four times the work (it was sixteen: quadratic)."""
    small = _calls(page(400), "a.html")
    large = _calls(page(1_600), "a.html")
    assert large < 5 * small, (small, large)


def test_html_deep_portal_content_elements_are_read_linearly():
    """Nested content elements and article headers were measured one by one."""
    def page(depth: int) -> bytes:
        return ("<html><body>" + "<div class='content1'><article><header>" * depth + "Điều 1."
                + "</header></article></div>" * depth + "</body></html>").encode()
    assert read_bytes(page(50), "a.html").text == "Điều 1."
    small = _calls(page(300), "a.html")
    large = _calls(page(1_200), "a.html")
    assert large < 5 * small, (small, large)


def test_html_row_spans_cannot_multiply_a_small_page_into_millions_of_cells():
    cell = '<td rowspan="500" colspan="64">x</td>'
    page = ("<table><tr>" + cell * 1000 + "</tr>" + "<tr><td>y</td></tr>" * 499
            + "</table>").encode()  # 40 KB: 32 million grid positions
    with pytest.raises(InputError, match=r"a.html: table row \d+: the tables' row and column "
                                         r"spans make more than 2666666 cells"):
        read_bytes(page, "a.html")


def test_html_spans_of_a_real_table_are_within_the_grid_budget():
    page = ("<table><tr><th>TT</th><th>Nội dung</th><th>Chủ trì</th></tr>"
            "<tr><td rowspan='2'>1</td><td>Việc một</td><td>Sở X</td></tr>"
            "<tr><td>Việc hai</td><td>Sở Y</td></tr></table>").encode()
    rows = [split_row(line) for line in read_bytes(page, "a.html").text.split("\n")]
    assert rows == [["TT", "Nội dung", "Chủ trì"], ["1", "Việc một", "Sở X"],
                    ["", "Việc hai", "Sở Y"]]


# --- long lines, large files ------------------------------------------------------------------


def test_a_5_mb_line_of_symbols_is_refused_naming_the_line():
    data = b"Dong mot\n" + "§|<>*".encode() * 1_000_000 + b"\nDong ba\n"
    with pytest.raises(InputError) as info:
        read_bytes(data, "mot-dong.txt")
    message = str(info.value)
    assert message.startswith("mot-dong.txt: line 2: line of 5000000 characters is longer "
                              "than the limit of 100000")
    assert ENVIRONMENT["max_line_chars"] in message


def test_a_long_run_of_blanks_inside_a_line_is_trimmed_in_linear_time():
    """r"[ \\t]+$" tried every start in the run: 200,000 blanks took minutes."""
    line = " " * 200_000 + "x" + " \t " * 10
    assert normalize_characters(line) == " " * 200_000 + "x"
    assert normalize_characters(f"a \nb\t\n{line}\n") == f"a\nb\n{' ' * 200_000}x\n"


def test_a_50_mb_text_file_is_refused_without_reading_it_all(tmp_path):
    big = tmp_path / "lon.txt"
    with big.open("wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: no disk used
    with pytest.raises(InputError) as info:
        read(big)
    message = str(info.value)
    assert message.startswith(f"{big}: file of 52428800 bytes is larger than the limit of "
                              "32000000 bytes (4 bytes for each character of the text limit)")
    assert ENVIRONMENT["max_chars"] in message


def test_text_over_the_character_limit_is_refused():
    with pytest.raises(InputError, match=r"a.txt: text of 2001 characters is longer than the "
                                         r"limit of 2000"):
        read_bytes(b"x\n" * 1000 + b"y", "a.txt", limits=ReadLimits(max_chars=2000))


def test_file_over_the_byte_limit_is_refused(tmp_path):
    path = tmp_path / "a.pdf"
    path.write_bytes(b"%PDF-1.4\n" + b"0" * 2000)
    with pytest.raises(InputError, match=r"a.pdf: file of 2009 bytes is larger than the limit "
                                         r"of 1000 bytes.*LUOCDO_READ_MAX_BYTES"):
        read(path, limits=ReadLimits(max_bytes=1000))


def test_bytes_are_counted_as_read_not_trusted_from_the_size_stat_reports(tmp_path,
                                                                          monkeypatch):
    """/proc files and devices report a size of 0: the count stops the read at the limit."""
    path = tmp_path / "a.txt"
    path.write_bytes(b"x\n" * 5000)
    real_fstat = os.fstat

    def zero_size(fd: int) -> os.stat_result:
        info = list(real_fstat(fd))
        info[6] = 0  # st_size
        return os.stat_result(info)

    # The module, not the function luocdo.loaders.read that shadows its name.
    monkeypatch.setattr(importlib.import_module("luocdo.loaders.read").os, "fstat", zero_size)
    with pytest.raises(InputError, match=r"file of more than 1000 bytes is larger than the "
                                         r"limit of 1000 bytes"):
        read(path, limits=ReadLimits(max_bytes=1000))


def test_limits_come_from_the_environment(tmp_path, monkeypatch):
    path = tmp_path / "a.txt"
    path.write_text("Điều 1. Phạm vi điều chỉnh\n", encoding="utf-8")
    assert read(path).text == "Điều 1. Phạm vi điều chỉnh\n"
    monkeypatch.setenv("LUOCDO_READ_MAX_LINE_CHARS", "20")
    with pytest.raises(InputError, match=r"line 1: line of 26 characters .* limit of 20"):
        read(path)
    monkeypatch.setenv("LUOCDO_READ_MAX_LINE_CHARS", "many")
    with pytest.raises(InputError, match=r"^LUOCDO_READ_MAX_LINE_CHARS: expected a positive "
                                         r"whole number, got 'many'"):
        read(path)


def test_limits_must_be_positive():
    with pytest.raises(ValueError, match="max_depth"):
        ReadLimits(max_depth=0)


def test_a_5_mb_real_text_reads_under_the_default_limits(corpus_files):
    data = b"\n".join(p.read_bytes() for p in corpus_files)
    while len(data) < 5_000_000:
        data += b"\n" + data
    text = read_bytes(data, "corpus.txt")
    first = read(corpus_files[0]).text.split("\n", 1)[0]
    assert text.text.startswith(first)
    assert len(text.text) > 4_000_000


# --- .docx bombs ------------------------------------------------------------------------------


def _docx_with(replace: tuple[bytes, bytes]) -> bytes:
    """A .docx with a 2-column table and a numbered list, its document.xml edited."""
    d = docx.Document()
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Sở Nội vụ"
    table.cell(0, 1).text = "Quý III/2023"
    d.add_paragraph("Mục tiêu", style="List Number")
    out = io.BytesIO()
    d.save(out)
    source = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    edited = io.BytesIO()
    with zipfile.ZipFile(edited, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == "word/document.xml":
                assert replace[0] in body
                body = body.replace(replace[0], replace[1], 1)
            target.writestr(info, body)
    return edited.getvalue()


def test_docx_grid_span_of_a_million_columns_is_capped():
    data = _docx_with((b"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="1000000"/>'))
    rows = [split_row(line) for line in read_bytes(data, "a.docx").text.split("\n")
            if line.startswith("|")]
    assert rows == [["Sở Nội vụ", *[""] * 63, "Quý III/2023"]]


# --- special files ----------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_fifo_is_refused_at_once_as_not_a_regular_file(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    outcome: list[BaseException | None] = []

    def attempt() -> None:
        try:
            read(fifo)
        except BaseException as exc:  # handed to the test thread
            outcome.append(exc)
        else:
            outcome.append(None)

    thread = threading.Thread(target=attempt, daemon=True)
    thread.start()
    thread.join(30)
    if thread.is_alive():  # blocked on open: give it a writer so that the thread ends
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail("read() blocked on a FIFO")
    assert isinstance(outcome[0], InputError)
    assert str(outcome[0]) == (f"{fifo}: not a regular file (a named pipe (FIFO)); only "
                               "regular files are read")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_text_file_linked_to_dev_zero_is_refused_as_not_a_regular_file(tmp_path):
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    with pytest.raises(InputError) as info:
        read(link, limits=ReadLimits(max_bytes=1024 * 1024))
    assert str(info.value) == (f"{link}: not a regular file (a character device); only "
                               "regular files are read")


def test_a_link_to_a_missing_file_says_so(tmp_path):
    link = tmp_path / "a.txt"
    link.symlink_to(tmp_path / "gone.txt")
    with pytest.raises(InputError, match=r"a link to a file that does not exist .*gone.txt"):
        read(link)


def test_a_link_to_a_regular_file_is_read(tmp_path):
    target = tmp_path / "that.txt"
    target.write_text("Điều 1.\n", encoding="utf-8")
    link = tmp_path / "a.txt"
    link.symlink_to(target)
    assert read(link).text == "Điều 1.\n"


# --- truncated files --------------------------------------------------------------------------


def _cut_in_last_character(data: bytes) -> tuple[bytes, int]:
    """``data`` cut after the first byte of its last multi-byte UTF-8 character."""
    last = max(i for i, b in enumerate(data) if b >= 0xC0)
    return data[: last + 1], last


def test_a_real_file_cut_in_its_last_utf8_character_is_read_with_a_warning(seed_files):
    seed = seed_files[0]
    whole = seed.read_bytes()
    cut, start = _cut_in_last_character(whole)
    text = read_bytes(cut, seed.name)
    assert text.text == read_bytes(whole[:start], seed.name).text
    assert len(text.text) > 10_000
    (warning,) = text.warnings
    assert warning.startswith(f"{seed.name}: the file ends in the middle of a UTF-8 character "
                              f"(bytes {cut[start:].hex(' ')} at byte {start})")
    # ... and the warning reaches the extraction.
    assert warning in parse(text).warnings


def test_utf16_cut_in_its_last_character_is_read_with_a_warning():
    data = codecs.BOM_UTF16_LE + "Điều 1. Hà Nội".encode("utf-16-le")
    text = read_bytes(data[:-1], "a.txt")
    assert text.text == "Điều 1. Hà Nộ"
    assert "ends in the middle of a UTF-16 LE character" in text.warnings[0]


def test_utf16_without_bom_of_odd_length_is_read_with_a_warning():
    data = "Kế hoạch số 348/KH-UBND của Ủy ban nhân dân tỉnh".encode("utf-16-le")
    text = read_bytes(data[:-1], "a.txt")
    assert text.text == "Kế hoạch số 348/KH-UBND của Ủy ban nhân dân tỉn"
    assert any("ends in the middle of a UTF-16 LE without BOM character" in w
               for w in text.warnings)


def test_html_cut_in_its_last_utf8_character_is_read_as_utf8_with_a_warning():
    data = "<html><body><p>Ủy ban nhân dân tỉnh</p><p>Điều".encode()
    cut = data[: data.rindex("ề".encode()) + 1]  # inside "ề"
    text = read_bytes(cut, "a.html")
    assert text.text == "Ủy ban nhân dân tỉnh\nĐi"  # not windows-1252 mojibake
    assert "the page ends in the middle of a UTF-8 character" in text.warnings[0]


def test_a_bad_byte_before_the_end_is_still_an_error():
    with pytest.raises(InputError, match=r"byte 2 \(line 1\)"):
        read_bytes(b"ok\xff and more text \xc3", "a.txt")


# --- the parse stage on a long line -----------------------------------------------------------


def test_sentence_ends_on_a_line_as_long_as_the_limit_allows():
    """relations.clause_bounds tried its sentence-end pattern from every stop of a run:
    a line of 40,000 "…" took seconds, the 100,000 the line limit allows minutes."""
    text = "Việc một… Việc hai. việc ba?! Bốn" + "…" * MAX_LINE_CHARS
    # After "…" (a capital follows) and "?!" (a capital follows); not after "hai." (lower case).
    assert clause_bounds(text, [(0, len(text))]) == [0, 9, 29]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_ingest_of_a_fifo_names_the_real_reason(tmp_path):
    """`luocdo ingest pipe.txt` said "no such file or folder"; the reader now says what it is."""
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    found, problems = collect([fifo])
    assert (found, problems) == ([fifo], [])
    with pytest.raises(InputError, match=r"pipe.txt: not a regular file \(a named pipe"):
        convert(fifo)
    missing = tmp_path / "missing.txt"
    assert collect([missing])[1][0].error == f"{missing}: no such file or folder"


def test_a_line_of_7000_coordinated_symbols_shares_one_relation():
    """relations.assign copied a coordinated group to each of its members: a line of
    20,000 symbols took 40 s in parse. The group is one list now; the relation of the
    verb still reaches every member, and ends with the sentence."""
    line = "Thực hiện " + "348/KH-UBND, " * 7_000 + "x"
    text = read_bytes(line.encode(), "a.txt")
    references = parse(text).references
    assert len(references) == 7_000
    assert {r.relation for r in references} == {"implements"}
    short = read_bytes("Thực hiện 348/KH-UBND, 349/KH-UBND và 350/KH-UBND. Theo 351/KH-UBND"
                       .encode(), "a.txt")
    assert [(r.symbol, r.relation) for r in parse(short).references] == [
        ("348/KH-UBND", "implements"), ("349/KH-UBND", "implements"),
        ("350/KH-UBND", "implements"), ("351/KH-UBND", "cites")]
