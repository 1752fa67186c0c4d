"""``luocdo reason``: counts by property and class, consistency, times; exit 1 when
the store contradicts the ontology."""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import Graph
from typer.testing import CliRunner

from luocdo import identity
from luocdo.cli import app
from luocdo.store import Store

runner = CliRunner()
DATA = Path(__file__).parent / "data" / "reason"
PLAN = "https://w3id.org/luocdo/id/eli/vn-tay-ninh/kh/2024/10/ubnd"


def _store_dir(tmp_path: Path, name: str) -> Path:
    graph = Graph()
    graph.parse(DATA / name, format="turtle")
    with Store.open(tmp_path / "store") as store:
        store.add(graph, named_graph=str(identity.graph_iri(PLAN)))
    return tmp_path / "store"


def test_reason_prints_what_it_inferred(tmp_path: Path) -> None:
    store = _store_dir(tmp_path, "chain.ttl")
    result = runner.invoke(app, ["reason", "--store", str(store), "--no-hermit"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any(line.split() == ["lo:contributesTo", "6"] for line in lines), result.output
    assert "không kiểm tra" in result.output  # HermiT was not asked for
    assert "contributesTo closure" in result.output and "tổng" in result.output
    result = runner.invoke(app, ["reason", "--store", str(store), "--no-hermit",
                                 "--format", "json"])
    data = json.loads(result.output)
    assert data["inferred"]["lo:taskOf"] == 1
    assert data["graph"] == str(identity.inferred_graph_iri())
    assert data["consistent"] is None


def test_reason_exits_1_on_an_inconsistent_store(tmp_path: Path) -> None:
    store = _store_dir(tmp_path, "inconsistent.ttl")
    result = runner.invoke(app, ["reason", "--store", str(store), "--no-consistency"])
    assert result.exit_code == 1, result.output
    assert "MÂU THUẪN" in result.output
    assert "PartyDocument" in result.output and "StateDocument" in result.output
