"""Fuzzing the read stage over every format (issue 11).

Whatever the bytes, ``read_bytes`` returns text or raises the project's own
:class:`~luocdo.errors.InputError` with a message that names the file: never
another exception, never a hang. Cases start from valid files of each format
(plain text in UTF-8 and UTF-16, HTML pages, .docx built by python-docx, PDF
built by reportlab) and mutate them. The default run is small (a few seconds);
``pytest -m fuzz tests/unit/test_read_fuzz.py`` runs the same properties on many
more cases (a few minutes).
"""

from __future__ import annotations

import codecs
import functools
import io
import unicodedata
import zipfile
from collections.abc import Callable

import docx
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from luocdo.errors import InputError
from luocdo.loaders import read_bytes
from luocdo.loaders.limits import ReadLimits

# Small limits, so that fuzzed inputs reach them too.
LIMITS = ReadLimits(max_bytes=200_000, max_chars=50_000, max_line_chars=2_000, max_depth=64)

WORDS = ["Điều 1.", "Ủy ban nhân dân", "Sở Nội vụ", "chủ trì", "Quý III/2023", "|", "…",
         "348/KH-UBND", "Căn cứ", "\u00a0", "\u200b", "\r\n", "\f", "\t", " ", "Ð", "\n"]
TEXT = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=8)), max_size=40).map("".join)

# (position as a share of the length, what to do, bytes to put there)
EDITS = st.lists(st.tuples(st.floats(0, 1), st.sampled_from(["put", "cut", "insert", "end"]),
                           st.binary(min_size=1, max_size=12)), min_size=1, max_size=6)


def _mutate(data: bytes, edits: list[tuple[float, str, bytes]]) -> bytes:
    for share, kind, payload in edits:
        at = int(share * len(data))
        if kind == "put":
            data = data[:at] + payload + data[at + len(payload):]
        elif kind == "cut":
            data = data[:at] + data[at + len(payload):]
        elif kind == "insert":
            data = data[:at] + payload + data[at:]
        else:
            data = data[:at]
    return data


def _check(data: bytes, name: str) -> None:
    """The property: text, or an InputError naming the file."""
    try:
        text = read_bytes(data, name, limits=LIMITS)
    except InputError as exc:
        assert name in str(exc), str(exc)
        event("refused: " + str(exc).split(": ", 1)[1][:24])
    else:
        event("read")
        assert text.source == name
        assert unicodedata.is_normalized("NFC", text.text)
        assert "\r" not in text.text and "\f" not in text.text
        assert len(text.text) <= LIMITS.max_chars


def _fuzz(strategy: st.SearchStrategy[tuple[bytes, str]], examples: int) -> Callable[[], None]:
    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(strategy)
    def test(case: tuple[bytes, str]) -> None:
        _check(*case)
    return test


# --- plain text ---------------------------------------------------------------------------------

ENCODINGS = st.sampled_from([
    ("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE),
    ("utf-16-be", codecs.BOM_UTF16_BE), ("utf-16-le", b""), ("utf-16-be", b""),
])
PLAIN = st.builds(
    lambda text, encoding, edits, mutate: (
        _mutate(encoding[1] + text.encode(encoding[0], "surrogatepass"), edits) if mutate
        else encoding[1] + text.encode(encoding[0], "surrogatepass"),
        "van-ban.txt"),
    TEXT, ENCODINGS, EDITS, st.booleans())

# --- HTML ---------------------------------------------------------------------------------------

TAGS = ["div", "p", "span", "table", "tr", "td", "th", "tbody", "br", "pre", "nav", "script",
        "article", "header", "footer", "li", "ul", "b", "section", "main"]
ATTRS = st.sampled_from(["", ' class="content1"', ' id="menu"', ' rowspan="3"', ' colspan="70"',
                         ' rowspan="999999"', ' colspan="-2"', ' style="display:none"', " hidden",
                         ' class="toanvancontent nav"'])


def _element(tag: str, attrs: str, children: list[str]) -> str:
    return f"<{tag}{attrs}>{''.join(children)}</{tag}>"


HTML_TREE = st.recursive(
    TEXT.map(lambda t: t.replace("<", "&lt;")),
    lambda inner: st.builds(_element, st.sampled_from(TAGS), ATTRS, st.lists(inner, max_size=4)),
    max_leaves=40)
HTML = st.builds(
    lambda body, depth, edits, mutate: (
        _mutate(f"<html><body>{'<div>' * depth}{body}</body></html>".encode(), edits) if mutate
        else f"<html><body>{'<div>' * depth}{body}</body></html>".encode(),
        "trang.html"),
    HTML_TREE, st.sampled_from([0, 1, 60, 70]), EDITS, st.booleans())

# --- .docx --------------------------------------------------------------------------------------


@functools.cache
def _docx_parts() -> dict[str, bytes]:
    d = docx.Document()
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("Mục tiêu", style="List Number")
    d.add_paragraph("Nhiệm vụ", style="List Number")
    table = d.add_table(rows=3, cols=3)
    for r in range(3):
        for c in range(3):
            table.cell(r, c).text = f"Ô {r}.{c} Sở Nội vụ"
    table.cell(1, 0).merge(table.cell(2, 0))
    table.cell(0, 1).add_table(rows=1, cols=2).cell(0, 0).text = "Bảng trong ô"
    out = io.BytesIO()
    d.save(out)
    package = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    return {info.filename: package.read(info) for info in package.infolist()}


_CELL = b"<w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc>"
# Well-formed pieces that stress the reader where it had no bounds.
GOOD_XML = st.one_of(
    st.sampled_from([
        b'<w:tcPr><w:gridSpan w:val="100000"/><w:vMerge/></w:tcPr>',
        b'<w:trPr><w:gridBefore w:val="99999999"/></w:trPr>',
        b'<w:p><w:pPr><w:numPr><w:ilvl w:val="8"/><w:numId w:val="1"/></w:numPr></w:pPr>'
        b"<w:r><w:t>z</w:t></w:r></w:p>",
        b'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="2147483647"/></w:lvlOverride>',
        b'<w:start w:val="2147483647"/><w:numFmt w:val="lowerLetter"/>',
        b'<w:lvlText w:val="' + b"%1" * 5000 + b'"/>',
        b"<w:sdt><w:sdtContent><w:p><w:r><w:t>y</w:t></w:r></w:p></w:sdtContent></w:sdt>",
        b"<w:customXml><w:p><w:r><w:tab/><w:br/><w:t>c</w:t></w:r></w:p></w:customXml>",
    ]),
    st.integers(1, 120).map(lambda n: b"<w:tbl><w:tr>" * n + _CELL + b"</w:tr></w:tbl>" * n),
    st.integers(1, 120).map(lambda n: b"<w:tbl><w:tr><w:tc>" * n + b"<w:p/>"
                            + b"</w:tc></w:tr></w:tbl>" * n),
)
# Pieces that break the XML.
BAD_XML = st.sampled_from([b"<w:tbl>", b"</w:tc>", b"&#0;", b"<!--", b"\xff\xfe", b"]]>",
                           b'<!DOCTYPE x [<!ENTITY a "aaaa">]>', b"&a;"])


def _docx_case(part: str, piece: bytes, share: float,
               edits: list[tuple[float, str, bytes]],
               zip_edits: list[tuple[float, str, bytes]]) -> tuple[bytes, str]:
    parts = dict(_docx_parts())
    xml = parts[part]
    # Insert at an element boundary, so that a well-formed piece keeps the XML well formed.
    at = xml.find(b"<w:", max(int(share * len(xml)), xml.find(b"<w:") + 1))  # inside the root
    at = len(xml) if at < 0 else at
    parts[part] = _mutate(xml[:at] + piece + xml[at:], edits)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, body in parts.items():
            package.writestr(name, body)
    data = out.getvalue()
    return (_mutate(data, zip_edits) if zip_edits else data), "van-ban.docx"


def _sometimes(edits: st.SearchStrategy[list[tuple[float, str, bytes]]]
               ) -> st.SearchStrategy[list[tuple[float, str, bytes]]]:
    """``edits`` one time in four, else none: most cases keep a readable package."""
    return st.tuples(st.integers(0, 3), edits).map(lambda t: t[1] if t[0] == 0 else [])


DOCX = st.builds(_docx_case,
                 st.sampled_from(["word/document.xml"] * 4 + ["word/numbering.xml",
                                                               "word/styles.xml"]),
                 st.one_of(GOOD_XML, GOOD_XML, GOOD_XML, BAD_XML), st.floats(0, 1),
                 _sometimes(st.lists(st.tuples(st.floats(0, 1),
                                               st.sampled_from(["put", "cut", "insert"]),
                                               st.binary(min_size=1, max_size=6)),
                                     min_size=1, max_size=2)),
                 _sometimes(EDITS))

# --- PDF ----------------------------------------------------------------------------------------


@functools.cache
def _pdf() -> bytes:
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4)
    for number in (1, 2):
        page.drawString(72, 800, "KE HOACH so 348/KH-UBND")
        page.drawString(72, 780, f"Dieu {number}. Pham vi dieu chinh")
        for row in range(3):
            page.rect(72, 700 - 20 * row, 200, 20)
            page.drawString(80, 706 - 20 * row, f"{row} | So Noi vu")
        page.drawString(300, 40, str(number))
        page.showPage()
    page.save()
    return out.getvalue()


PDF = st.builds(lambda edits: (_mutate(_pdf(), edits), "van-ban.pdf"), EDITS)

# Any bytes under any name: the format is sniffed, or taken from the suffix.
ANY = st.tuples(st.binary(max_size=400),
                st.sampled_from(["a.txt", "a.html", "a.docx", "a.pdf", "khong-duoi"]))

test_plain_text_fuzz = _fuzz(PLAIN, 200)
test_html_fuzz = _fuzz(HTML, 150)
test_docx_fuzz = _fuzz(DOCX, 80)
test_pdf_fuzz = _fuzz(PDF, 50)
test_any_bytes_fuzz = _fuzz(ANY, 150)

def _long(strategy: st.SearchStrategy[tuple[bytes, str]], examples: int
          ) -> Callable[[], None]:
    """The property on many cases: behind the ``fuzz`` marker, which the default run
    deselects (``pytest -m fuzz``; ``make test-all`` runs it)."""
    return pytest.mark.fuzz(_fuzz(strategy, examples))


test_plain_text_fuzz_long = _long(PLAIN, 3000)
test_html_fuzz_long = _long(HTML, 2000)
test_docx_fuzz_long = _long(DOCX, 600)
test_pdf_fuzz_long = _long(PDF, 400)
test_any_bytes_fuzz_long = _long(ANY, 2000)


def test_fuzz_bases_are_read():
    """The unmutated cases read: the fuzzing starts from valid files of each format."""
    parts = _docx_parts()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, body in parts.items():
            package.writestr(name, body)
    assert "Bảng trong ô" in read_bytes(out.getvalue(), "a.docx", limits=LIMITS).text
    pdf = read_bytes(_pdf(), "a.pdf", limits=LIMITS).text
    assert "Dieu 1. Pham vi dieu chinh" in pdf and "Dieu 2. Pham vi dieu chinh" in pdf


def test_pdf_whose_pages_cannot_be_read_is_an_input_error():
    """Found by the fuzzer: a page without a MediaBox failed in pdfplumber, and closing
    the PDF walked the pages again and raised a TypeError past our error."""
    data = _pdf().replace(b"/MediaBox", b"/MediaBoy")
    with pytest.raises(InputError, match=r"^van-ban.pdf: not a readable PDF \(TypeError"):
        read_bytes(data, "van-ban.pdf")
