"""``luocdo export`` and ``luocdo analyze`` on a store of the real seeds and corpus."""

from __future__ import annotations

import io
import json
from pathlib import Path

import networkx as nx
import openpyxl
import pytest
from typer.testing import CliRunner

from luocdo.cli import EXIT_BAD_INPUT, EXIT_NONCONFORMING, EXIT_OK, app
from tests.unit.export_support import corpus_store

runner = CliRunner()
PLAN_TAY_NINH = "https://w3id.org/luocdo/id/eli/vn-tay-ninh/kh/2023/2502/ubnd"


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "store"
    corpus_store(path).close()
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_export_focus_to_gexf(store_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "focus.gexf"
    code, _, err = run("export", "--store", str(store_dir), "--format", "gexf",
                       "--focus", "08-NQ/TU", "--depth", "2", "-o", str(target))
    assert code == EXIT_OK, err
    graph = nx.read_gexf(target)
    assert PLAN_TAY_NINH in graph
    assert f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges" in err
    assert not list(tmp_path.glob("*.part"))


def test_export_agency_tasks_to_xlsx(store_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "tasks.xlsx"
    code, _, err = run("export", "--store", str(store_dir), "-f", "xlsx",
                       "--agency", "Sở KH&CN", "--province", "Tây Ninh", "-o", str(target))
    assert code == EXIT_OK, err
    sheet = openpyxl.load_workbook(io.BytesIO(target.read_bytes()))["Nhiệm vụ"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows and {r[0] for r in rows} == {"2502/KH-UBND"}
    assert all("Sở Khoa học và Công nghệ" in f"{r[3]} {r[4]}" for r in rows)


@pytest.mark.parametrize("args", [
    ("--focus", "569/QĐ-TTg", "--province", "Tây Ninh"),  # focus excludes the filters
    ("--focus", "999/QĐ-TTg"),  # not in the store
    ("--focus", "569/QĐ-TTg", "--relations", "implements,madeUp"),
    ("--province", "Cà Mau"),
])
def test_export_bad_input_exits_2(store_dir: Path, tmp_path: Path,
                                  args: tuple[str, ...]) -> None:
    target = tmp_path / "out.graphml"
    code, _, err = run("export", "--store", str(store_dir), "-o", str(target), *args)
    assert code == EXIT_BAD_INPUT
    assert err.startswith("error: ")
    assert not target.exists()


def test_export_unknown_format_is_refused(store_dir: Path, tmp_path: Path) -> None:
    code, _, _ = run("export", "--store", str(store_dir), "-f", "pdf",
                     "-o", str(tmp_path / "x.pdf"))
    assert code == EXIT_BAD_INPUT  # click's usage error


def test_analyze_directives_json(store_dir: Path) -> None:
    code, out, err = run("analyze", "directives", "--store", str(store_dir), "--top", "3",
                         "-f", "json")
    assert code == EXIT_OK, err
    ranks = json.loads(out)
    assert len(ranks) == 3 and ranks[0]["symbol"] == "57-NQ/TW"
    assert {"plans", "tasks", "below", "pagerank"} <= set(ranks[0])


def test_analyze_chain(store_dir: Path) -> None:
    code, out, _ = run("analyze", "chain", "--store", str(store_dir), "2502/KH-UBND",
                       "386/KH-UBND")
    assert code == EXIT_OK
    assert out.startswith("2 bước") and "569/QĐ-TTg" in out and "[ngược chiều]" in out
    code, out, _ = run("analyze", "chain", "--store", str(store_dir), "30/2020/NĐ-CP",
                       "57-NQ/TW")
    assert code == EXIT_NONCONFORMING
    assert "không có chuỗi" in out


def test_analyze_agencies_and_cycles(store_dir: Path) -> None:
    code, out, _ = run("analyze", "agencies", "--store", str(store_dir), "--top", "5")
    assert code == EXIT_OK and "chủ trì" in out
    code, out, _ = run("analyze", "cycles", "--store", str(store_dir))
    assert code == EXIT_OK and "không có vòng lặp" in out
