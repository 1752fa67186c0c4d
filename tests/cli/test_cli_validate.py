"""``luocdo validate`` and the validation ``luocdo ingest`` runs, on the seeds.

What the seeds say (see tests/unit/test_validate.py): 2502/KH-UBND leaves the product
of tasks 10, 11 and 21 empty, all led by the Sở Khoa học và Công nghệ; nothing that
makes a violation is missing from either plan.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph
from typer.testing import CliRunner

from luocdo import identity
from luocdo.cli import app
from luocdo.store import Store
from luocdo.terms import LO

runner = CliRunner()
COMPLETE = Path(__file__).parents[1] / "shapes" / "data" / "complete.ttl"
PLAN = "https://w3id.org/luocdo/id/eli/vn-tay-ninh/kh/2023/2502/ubnd"


@pytest.fixture(scope="module")
def seeds_store(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> tuple[Path, str]:
    store = tmp_path_factory.mktemp("validate") / "store"
    result = runner.invoke(app, ["ingest", str(shared_dir / "seeds"), "--store", str(store)])
    assert result.exit_code == 0, result.output
    return store, result.output


def test_ingest_reports_each_documents_counts(seeds_store: tuple[Path, str]) -> None:
    _store, output = seeds_store
    assert "kiểm tra  2502/KH-UBND  0 vi phạm, 3 cảnh báo" in output
    assert "kiểm tra  386/KH-UBND  0 vi phạm, 0 cảnh báo" in output
    assert "kiểm tra 2 văn bản: 0 vi phạm, 3 cảnh báo" in output


def test_text_report_by_document_and_lead(seeds_store: tuple[Path, str]) -> None:
    store, _ = seeds_store
    result = runner.invoke(app, ["validate", "--store", str(store)])
    assert result.exit_code == 0, result.output
    out = result.output
    for task in ("10", "11", "21"):
        assert f"Nhiệm vụ {task} của Kế hoạch 2502/KH-UBND chưa có sản phẩm" in out
    assert "«10 | Triển khai Kế hoạch 2721/KH-UBND" in out  # the quoted row
    lead = out.index("Theo cơ quan chủ trì")
    assert "Sở Khoa học và Công nghệ (Tây Ninh) — 0 vi phạm, 3 cảnh báo" in out[lead:]
    assert out.strip().splitlines()[-1].startswith("2 văn bản: 0 vi phạm, 3 cảnh báo,")


def test_one_document_in_json_and_english(seeds_store: tuple[Path, str]) -> None:
    store, _ = seeds_store
    result = runner.invoke(app, ["validate", "--store", str(store), "--doc", "2502/KH-UBND",
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [(d["symbol"], d["province"]) for d in data["documents"]] == [
        ("2502/KH-UBND", "Tây Ninh")]
    assert data["counts"]["violation"] == 0 and data["counts"]["warning"] == 3
    result = runner.invoke(app, ["validate", "--store", str(store), "--doc", "2502/KH-UBND",
                                 "--lang", "en"])
    assert "Task 21 of plan 2502/KH-UBND has no product" in result.output
    assert "1 document: 0 violations, 3 warnings" in result.output


def test_turtle_report(seeds_store: tuple[Path, str]) -> None:
    store, _ = seeds_store
    result = runner.invoke(app, ["validate", "--store", str(store), "--doc", "386/KH-UBND",
                                 "--format", "turtle"])
    assert result.exit_code == 0, result.output
    graph = Graph()
    graph.parse(data=result.output, format="turtle")
    assert len(graph) > 0


def test_a_cited_only_document_is_bad_input(seeds_store: tuple[Path, str]) -> None:
    store, _ = seeds_store
    result = runner.invoke(app, ["validate", "--store", str(store), "--doc", "08-NQ/TU"])
    assert result.exit_code == 2
    assert "known only from citations" in result.output


def test_exit_1_on_a_violation(tmp_path: Path) -> None:
    graph = Graph()
    graph.parse(COMPLETE, format="turtle")
    task = identity.task_iri(PLAN, "1")
    graph.remove((task, LO.lead, None))
    with Store.open(tmp_path / "store") as store:
        store.add(graph, named_graph=str(identity.graph_iri(PLAN)))
    result = runner.invoke(app, ["validate", "--store", str(tmp_path / "store")])
    assert result.exit_code == 1, result.output
    assert "Nhiệm vụ 1 của Kế hoạch 2502/KH-UBND chưa có cơ quan chủ trì" in result.output
    assert "1 văn bản: 1 vi phạm, 0 cảnh báo, 0 thông tin" in result.output
