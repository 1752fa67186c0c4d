"""Texts from Word and PDF in exports: control characters, formula-like cells, DOT quoting."""

from __future__ import annotations

import csv
import io
import json

import networkx as nx
import openpyxl
import pydot
import pytest
from rdflib import Literal

from luocdo import export
from luocdo.export.formats import dot_id
from luocdo.export.sheets import FORMULA_START, TASK_COLUMNS, csv_text
from luocdo.store import Store
from luocdo.terms import LO
from tests.unit.export_support import DOC, tiny_store

# Cell texts a spreadsheet would run as formulas, and one with Word's control characters.
CONTENTS = {
    "1": "=HYPERLINK(\"http://example.org\",\"bấm\")",
    "2": "- Đến năm 2025: hoàn thành",
    "3": "+ Tổ chức hội nghị",
    "4": "@SUM(A1:A2)",
    "5": "Rà soát\x0bvăn bản\x0c cũ\x00 \x1f\ufffe, \"trích\" \\ dẫn",
}


@pytest.fixture(scope="module")
def store() -> Store:
    return tiny_store(CONTENTS, extra=[(DOC, LO.title, Literal("Kế hoạch\x07 thử"))])


def written(store: Store, fmt: str) -> bytes:
    out = io.BytesIO()
    export.export(store, export.whole(), fmt, out)
    return out.getvalue()


@pytest.mark.parametrize(("raw", "cleaned"), [
    ("a\x0bb\x0cc\x00d\x1fe\x7ff", "abcdef"),
    ("tab\tand\nline\r", "tab\tand\nline\r"),  # allowed in XML 1.0
    ("x\ufffey\uffffz", "xyz"),
    ("Nghe\u0302\u0323", "Nghệ"),  # NFD to NFC
])
def test_clean(raw: str, cleaned: str) -> None:
    assert export.clean(raw) == cleaned


def test_shorten_cuts_at_a_word() -> None:
    text = "Xây dựng phương án quy hoạch mạng lưới tổ chức khoa học và công nghệ công lập"
    short = export.shorten(text, 40)
    assert short.endswith("…") and len(short) <= 40
    assert text.startswith(short[:-1])
    assert export.shorten("  ngắn\n gọn ") == "ngắn gọn"


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_xml_formats_drop_control_characters(store: Store, fmt: str) -> None:
    data = written(store, fmt)
    reader = nx.read_graphml if fmt == "graphml" else nx.read_gexf
    graph = reader(io.BytesIO(data))
    task = graph.nodes[f"{DOC}/task/5"]
    assert task["content"] == "Rà soátvăn bản cũ , \"trích\" \\ dẫn"
    titles = {a.get("title") for _, a in graph.nodes(data=True)}
    assert "Kế hoạch thử" in titles


def test_cytoscape_json(store: Store) -> None:
    data = json.loads(written(store, "cyjs"))
    labels = {n["data"]["label"] for n in data["elements"]["nodes"]}
    assert f"Nhiệm vụ 1: {CONTENTS['1']}" in labels
    assert {n["data"]["name"] for n in data["elements"]["nodes"]} == labels
    assert {e["data"]["relation"] for e in data["elements"]["edges"]} == {"hasTask", "lead"}


def test_dot_quotes_every_identifier(store: Store) -> None:
    (parsed,) = pydot.graph_from_dot_data(written(store, "dot").decode("utf-8"))
    names = {n.get_name() for n in parsed.get_nodes()} - {"graph", "node", "edge"}
    assert dot_id(f"{DOC}/task/5") in names
    agency = next(n for n in parsed.get_nodes()
                  if n.get_attributes().get("type") == '"agency"')
    assert agency.get_attributes()["agencyName"] == dot_id('Sở "Thử" \\ nghiệm')
    assert len(parsed.get_edges()) == 2 * len(CONTENTS)


def test_dot_id() -> None:
    assert dot_id('a "b" \\ c\nd') == '"a \\"b\\" \\\\ c\\nd"'


def test_xlsx_cells_are_text_never_formulas(store: Store) -> None:
    book = openpyxl.load_workbook(io.BytesIO(written(store, "xlsx")))
    sheet = book["Nhiệm vụ"]
    assert [c.value for c in sheet[1]] == [c.heading for c in TASK_COLUMNS]
    assert sheet.column_dimensions["C"].width == TASK_COLUMNS[2].width
    contents = [sheet.cell(row=r, column=3) for r in range(2, sheet.max_row + 1)]
    assert [c.value for c in contents] == [export.clean(t) for t in CONTENTS.values()]
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.coordinate
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                assert cell.data_type == "s" and cell.quotePrefix
    for name in book.sheetnames:
        assert all(c.data_type != "f" for row in book[name].iter_rows() for c in row)


def test_csv_values_never_start_a_formula(store: Store) -> None:
    data = written(store, "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == [c.heading for c in TASK_COLUMNS]
    for row in rows[1:]:
        for value in row:
            assert not value.startswith(FORMULA_START), value
    assert [r[2] for r in rows[1:]] == [csv_text(t) for t in CONTENTS.values()]
    assert rows[2][2] == "'- Đến năm 2025: hoàn thành"
