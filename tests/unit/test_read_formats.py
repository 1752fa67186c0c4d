"""read() on .docx, .html and .pdf files generated here from short Vietnamese snippets."""

from __future__ import annotations

import io
import unicodedata
import zipfile
from pathlib import Path

import docx
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Table, TableStyle

from luocdo.errors import InputError
from luocdo.loaders import read, read_bytes
from luocdo.loaders.tables import split_row

HEADER = ["TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp",
          "Thời gian thực hiện", "Sản phẩm"]
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _rows(text: str) -> list[list[str]]:
    return [split_row(line) for line in text.split("\n") if line.startswith("|")]


# --- .docx ----------------------------------------------------------------------------------------


def _docx_bytes() -> bytes:
    d = docx.Document()
    layout = d.add_table(rows=2, cols=2)
    layout.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nTỈNH TÂY NINH"
    layout.cell(0, 1).paragraphs[0].text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    layout.cell(0, 1).add_paragraph("Độc lập - Tự do - Hạnh phúc")
    layout.cell(1, 0).text = "Số: 2502/KH-UBND"
    layout.cell(1, 1).text = "Tây Ninh, ngày 08 tháng 8 năm 2023"
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("Thực hiện Nghị quyết số 08-NQ/TU ngày 31/3/2023 của Tỉnh ủy")
    d.add_paragraph("MỤC ĐÍCH, YÊU CẦU", style="List Number")
    d.add_paragraph("NHIỆM VỤ", style="List Number")
    d.add_paragraph("Các sở chủ trì", style="List Bullet")
    table = d.add_table(rows=5, cols=6)
    for i, h in enumerate(HEADER):
        table.cell(0, i).text = h
    table.cell(1, 0).text = "I"
    table.cell(1, 1).merge(table.cell(1, 5)).text = "Tuyên truyền, nâng cao nhận thức"
    for i, value in enumerate(["1", "Tổ chức tuyên truyền", "Các sở, ban, ngành tỉnh", "",
                               "Quý III/2023", "Báo cáo"]):
        table.cell(2, i).text = value
    for i, value in enumerate(["2", "Xây dựng cơ sở dữ liệu", "", "Sở Nội vụ", "Hằng năm", ""]):
        table.cell(3, i).text = value
    table.cell(2, 2).merge(table.cell(3, 2))  # the lead of task 1 spans task 2's row
    table.cell(4, 0).text = "3"
    table.cell(4, 1).text = "Nội dung một\nvà hai dòng | có gạch"
    d.add_paragraph("Nơi nhận:")
    buffer = io.BytesIO()
    d.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def docx_text() -> str:
    text = read_bytes(_docx_bytes(), "ke-hoach.docx")
    assert text.format == "docx"
    assert text.warnings == ()
    return text.text


def test_docx_keeps_paragraphs_and_tables_in_reading_order(docx_text):
    order = ["TỈNH TÂY NINH", "Tây Ninh, ngày 08", "KẾ HOẠCH", "Thực hiện Nghị quyết",
             "NHIỆM VỤ", "| TT |", "| 1 |", "Nơi nhận:"]
    positions = [docx_text.index(s) for s in order]
    assert positions == sorted(positions)


def test_docx_header_block_table_is_written_as_lines(docx_text):
    assert docx_text.startswith(
        "ỦY BAN NHÂN DÂN\nTỈNH TÂY NINH\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\n\nSố: 2502/KH-UBND\n\nTây Ninh, ngày 08 tháng 8 năm 2023\n")


def test_docx_automatic_numbering_is_part_of_the_text(docx_text):
    assert "\n1. MỤC ĐÍCH, YÊU CẦU\n2. NHIỆM VỤ\n• Các sở chủ trì\n" in docx_text


def test_docx_table_rows_one_per_line_merged_cells_written_once(docx_text):
    rows = _rows(docx_text)
    assert rows[0] == HEADER
    assert rows[1] == ["I", "Tuyên truyền, nâng cao nhận thức", "", "", "", ""]
    assert rows[2] == ["1", "Tổ chức tuyên truyền", "Các sở, ban, ngành tỉnh", "",
                       "Quý III/2023", "Báo cáo"]
    # The lead merged over task 2's row is task 2's too: written again (issue 15); the
    # empty cells stay empty.
    assert rows[3] == ["2", "Xây dựng cơ sở dữ liệu", "Các sở, ban, ngành tỉnh", "Sở Nội vụ",
                       "Hằng năm", ""]
    # A cell's line break becomes a space; a "|" inside a cell cannot split it.
    assert rows[4] == ["3", "Nội dung một và hai dòng ¦ có gạch", "", "", "", ""]
    assert len(rows) == 5


def test_docx_that_is_not_a_word_package_is_an_input_error():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("hello.txt", "xin chào")
    with pytest.raises(InputError, match=r"word/document\.xml") as info:
        read_bytes(buffer.getvalue(), "gia.docx")
    assert str(info.value).startswith("gia.docx: ")
    with pytest.raises(InputError, match="not a zip"):
        read_bytes(b"Ke hoach", "gia.docx")


# --- .html ----------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Kế hoạch 2502/KH-UBND</title>
<style>.x {{ color: red }}</style><script>var menu = "Trang chủ";</script></head>
<body>
<div id="header"><ul class="menu"><li>Trang chủ</li><li>Văn bản mới</li></ul></div>
<nav>Điều hướng: Pháp luật</nav>
<div class="wrapper">
 <div class="sidebar">Văn bản liên quan: Kế hoạch 431/KH-UBND</div>
 <div class="{content}">
  <table><tr><td>ỦY BAN NHÂN DÂN<br>TỈNH TÂY NINH</td>
             <td>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>Độc lập - Tự do - Hạnh phúc</td></tr>
         <tr><td>Số: 2502/KH-UBND</td><td>Tây Ninh, ngày 08 tháng 8 năm 2023</td></tr></table>
  <p align="center"><b>KẾ HOẠCH</b></p>
  <p>Thực hiện Nghị quyết số&nbsp;08-NQ/TU   ngày 31/3/2023
     của <i>Tỉnh ủy</i> Tây Ninh</p>
  <p style="display:none">ẩn đi</p>
  <table border="1">
   <thead><tr><th>TT</th><th>Nội dung nhiệm vụ</th><th>Cơ quan chủ trì</th>
          <th>Cơ quan phối hợp</th><th>Thời gian thực hiện</th><th>Sản phẩm</th></tr></thead>
   <tbody>
   <tr><td>I</td><td colspan="5">Tuyên truyền</td></tr>
   <tr><td>1</td><td>Tổ chức<br>tuyên truyền</td><td rowspan="2">Sở Khoa học và Công nghệ</td>
       <td></td><td>Quý III/2023</td><td>Báo cáo</td></tr>
   <tr><td>2</td><td>Xây dựng dữ liệu</td><td>Sở Nội vụ</td><td>Hằng năm</td><td></td></tr>
   </tbody></table>
  <p>Nơi nhận:<br>- Như trên;<br>- Lưu: VT.</p>
 </div>
</div>
<footer>© Cổng thông tin</footer><script>track();</script>
</body></html>"""


@pytest.mark.parametrize("content", ["content1", "noi-khac"])
def test_html_keeps_the_document_body_only(content):
    text = read_bytes(PAGE.format(content=content).encode("utf-8"), "trang.html")
    assert text.format == "html"
    body = text.text
    for furniture in ("Trang chủ", "Điều hướng", "431/KH-UBND", "Cổng thông tin", "var menu",
                      "color", "ẩn đi", "track()"):
        assert furniture not in body, furniture
    assert body.startswith("ỦY BAN NHÂN DÂN\nTỈNH TÂY NINH\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert "\nKẾ HOẠCH\nThực hiện Nghị quyết số 08-NQ/TU ngày 31/3/2023 của Tỉnh ủy Tây Ninh\n" \
        in body
    assert body.endswith("\nNơi nhận:\n- Như trên;\n- Lưu: VT.")


def test_html_table_rows_with_spans_keep_their_columns():
    text = read_bytes(PAGE.format(content="content1").encode("utf-8"), "trang.html").text
    rows = _rows(text)
    assert rows == [
        HEADER,
        ["I", "Tuyên truyền", "", "", "", ""],
        ["1", "Tổ chức tuyên truyền", "Sở Khoa học và Công nghệ", "", "Quý III/2023", "Báo cáo"],
        ["2", "Xây dựng dữ liệu", "", "Sở Nội vụ", "Hằng năm", ""],
    ]


def test_html_in_a_legacy_charset_is_decoded_from_its_meta():
    # "Hà Nội, ngày 5" in windows-1258 ("ộ" written as "ô" + a combining dot below).
    data = (b"<html><head><meta charset='windows-1258'></head><body>"
            b"<p>H\xe0 N\xf4\xf2i, ng\xe0y 5</p></body></html>")
    text = read_bytes(data, "cu.htm").text
    assert text == "Hà Nội, ngày 5"
    assert unicodedata.is_normalized("NFC", text)


# --- .pdf -----------------------------------------------------------------------------------------


def _pdf_bytes(pages: list[list[str]], *, table_on: int | None = None,
               running: str | None = None, numbers: bool = True) -> bytes:
    pdfmetrics.registerFont(TTFont("DejaVu", str(DEJAVU)))
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4)
    width, height = A4
    for n, lines in enumerate(pages, start=1):
        c.setFont("DejaVu", 10)
        if running:
            c.drawString(72, height - 40, running)
        y = height - 100
        for line in lines:
            c.drawString(72, y, line)
            y -= 20
        if n == table_on:
            table = Table([[*HEADER[:4], "Thời gian"],
                           ["1", "Tổ chức tuyên truyền", "Sở X", "", "Quý III/2023"],
                           ["2", "Xây dựng dữ liệu", "Sở Y", "Sở Z", "2025"]])
            table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), "DejaVu", 8),
                                       ("GRID", (0, 0), (-1, -1), 0.5, "black")]))
            _, h = table.wrapOn(c, width, height)
            table.drawOn(c, 40, y - h - 10)
            c.drawString(72, y - h - 40, "Sau bảng là đoạn văn.")
        if numbers:
            c.drawCentredString(width / 2, 30, f"- {n} -" if n % 2 else f"Trang {n}/{len(pages)}")
        c.showPage()
    c.save()
    return buffer.getvalue()


PDF_PAGES = [
    ["ỦY BAN NHÂN DÂN", "KẾ HOẠCH", "Thực hiện Nghị quyết số 08-NQ/TU ngày 31/3/2023"],
    ["I. MỤC ĐÍCH, YÊU CẦU", "1. Tổ chức quán triệt sâu sắc"],
    ["II. NHIỆM VỤ", "Sở Khoa học và Công nghệ chủ trì, phối hợp với Sở Tài chính"],
]


@pytest.fixture(scope="module")
def pdf_text() -> str:
    data = _pdf_bytes(PDF_PAGES, table_on=2, running="Kế hoạch số 2502/KH-UBND ngày 08/8/2023")
    text = read_bytes(data, "ke-hoach.pdf")
    assert text.format == "pdf"
    return text.text


def test_pdf_text_is_every_page_in_order_vietnamese_intact(pdf_text):
    lines = pdf_text.split("\n")
    expected = [line for page in PDF_PAGES for line in page]
    assert [ln for ln in lines if not ln.startswith("|") and ln != "Sau bảng là đoạn văn."] \
        == expected
    assert unicodedata.is_normalized("NFC", pdf_text)


def test_pdf_page_numbers_and_running_header_are_dropped(pdf_text):
    assert "Kế hoạch số 2502" not in pdf_text
    assert "- 1 -" not in pdf_text and "Trang 2/3" not in pdf_text and "- 3 -" not in pdf_text


def test_pdf_ruled_table_becomes_rows_in_place(pdf_text):
    assert _rows(pdf_text) == [
        [*HEADER[:4], "Thời gian"],
        ["1", "Tổ chức tuyên truyền", "Sở X", "", "Quý III/2023"],
        ["2", "Xây dựng dữ liệu", "Sở Y", "Sở Z", "2025"],
    ]
    lines = pdf_text.split("\n")
    first_row = lines.index(next(ln for ln in lines if ln.startswith("| TT |")))
    assert lines[first_row - 1] == "1. Tổ chức quán triệt sâu sắc"
    assert lines[first_row + 3] == "Sau bảng là đoạn văn."


def test_pdf_without_text_layer_asks_for_ocr():
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4)
    c.rect(100, 100, 200, 300, fill=1)  # a "scan": marks, no text
    c.showPage()
    c.save()
    with pytest.raises(InputError, match=r"no text layer.*OCR") as info:
        read_bytes(buffer.getvalue(), "scan.pdf")
    assert str(info.value).startswith("scan.pdf: ")


def test_broken_pdf_is_an_input_error():
    with pytest.raises(InputError, match="not a readable PDF"):
        read_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n%%EOF", "hong.pdf")


# --- sniffing and files on disk ------------------------------------------------------------------


def test_format_is_sniffed_from_the_bytes_when_the_name_has_no_extension():
    assert read_bytes(_docx_bytes()).format == "docx"
    assert read_bytes(_pdf_bytes([["Xin chào"]])).format == "pdf"
    assert read_bytes(PAGE.format(content="content1").encode("utf-16")).format == "html"
    fragment = read_bytes("<p>Kế hoạch</p><p>số 12</p>".encode())
    assert (fragment.format, fragment.text) == ("html", "Kế hoạch\nsố 12")
    assert read_bytes("Kế hoạch".encode()).format == "txt"


def test_read_from_disk_picks_the_format_from_the_extension(tmp_path):
    path = tmp_path / "ke-hoach.docx"
    path.write_bytes(_docx_bytes())
    text = read(path)
    assert (text.format, text.source) == ("docx", str(path))
    assert "| 1 | Tổ chức tuyên truyền |" in text.text


def test_html_page_laid_out_in_a_table_keeps_its_lines_and_inner_rows():
    page = """<html><body><table><tr>
      <td><a href="/">Trang chủ</a></td>
      <td><p>KẾ HOẠCH</p><p>Thực hiện Nghị quyết số 08-NQ/TU</p>
          <table border="1"><tr><td>TT</td><td>Nội dung</td><td>Chủ trì</td></tr>
                 <tr><td>1</td><td>Tuyên truyền</td><td>Sở X</td></tr></table>
          <p>Nơi nhận:</p></td></tr></table></body></html>"""
    lines = read_bytes(page.encode(), "bo-cuc.html").text.split("\n")
    assert lines[-5:] == ["KẾ HOẠCH", "Thực hiện Nghị quyết số 08-NQ/TU",
                          "| TT | Nội dung | Chủ trì |", "| 1 | Tuyên truyền | Sở X |",
                          "Nơi nhận:"]


def test_docx_page_laid_out_in_a_table_keeps_its_lines_and_inner_rows():
    d = docx.Document()
    outer = d.add_table(rows=1, cols=1)
    cell = outer.cell(0, 0)
    cell.paragraphs[0].text = "KẾ HOẠCH"
    cell.add_paragraph("Thực hiện Nghị quyết số 08-NQ/TU")
    inner = cell.add_table(rows=2, cols=3)
    for i, value in enumerate(["TT", "Nội dung", "Chủ trì", "1", "Tuyên truyền", "Sở X"]):
        inner.cell(i // 3, i % 3).text = value
    cell.add_paragraph("Nơi nhận:")
    buffer = io.BytesIO()
    d.save(buffer)
    lines = read_bytes(buffer.getvalue(), "bo-cuc.docx").text.split("\n")
    assert lines == ["KẾ HOẠCH", "Thực hiện Nghị quyết số 08-NQ/TU",
                     "| TT | Nội dung | Chủ trì |", "| 1 | Tuyên truyền | Sở X |", "Nơi nhận:"]


def test_seed_printed_to_pdf_reads_back_word_for_word(shared_dir):
    """The first part of seed 002 typeset as a PDF (wrapped lines, a running header,
    page numbers) reads back with the same words in the same order."""
    from xml.sax.saxutils import escape

    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    expected = "\n".join(read(shared_dir / "seeds" / "002_562158e10022e258.txt")
                         .text.split("\n")[:40])
    pdfmetrics.registerFont(TTFont("DejaVu", str(DEJAVU)))
    style = ParagraphStyle("vi", fontName="DejaVu", fontSize=10, leading=13)

    def furniture(c, doc):
        c.saveState()
        c.setFont("DejaVu", 8)
        c.drawString(72, A4[1] - 40, "Kế hoạch số 386/KH-UBND ngày 16/11/2024 của UBND tỉnh")
        c.drawCentredString(A4[0] / 2, 30, f"Trang {doc.page}")
        c.restoreState()

    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(
        [Paragraph(escape(line) or "&nbsp;", style) for line in expected.split("\n")],
        onFirstPage=furniture, onLaterPages=furniture)
    import pdfplumber

    with pdfplumber.open(io.BytesIO(buffer.getvalue())) as pdf:
        assert len(pdf.pages) >= 3  # so that the running header repeats
    text = read_bytes(buffer.getvalue(), "386-KH-UBND.pdf")
    assert text.text.count("\n") > expected.count("\n")  # lines wrapped on the page
    assert text.text.split() == expected.split()


def test_html_in_utf8_that_declares_another_charset_is_read_as_utf8():
    page = "<html><head><meta charset='windows-1252'></head><body><p>Sở Tài chính</p></body></html>"
    assert read_bytes(page.encode("utf-8"), "sai-khai-bao.html").text == "Sở Tài chính"


def test_html5_article_keeps_its_own_header_and_footer():
    page = """<html><body><header>Cổng pháp luật</header><nav>Trang chủ</nav>
      <main><article><header><p>ỦY BAN NHÂN DÂN TỈNH LÀO CAI</p></header>
        <p>Điều 1. Phạm vi điều chỉnh</p><footer><p>TM. ỦY BAN NHÂN DÂN</p></footer>
      </article></main><footer>Liên hệ</footer></body></html>"""
    text = read_bytes(page.encode(), "bai.html").text
    assert text == "ỦY BAN NHÂN DÂN TỈNH LÀO CAI\nĐiều 1. Phạm vi điều chỉnh\nTM. ỦY BAN NHÂN DÂN"
