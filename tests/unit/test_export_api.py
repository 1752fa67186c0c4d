"""The export and analytics routes (``luocdo.api.export_routes.router``) in an app of their own."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import networkx as nx
import openpyxl
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from luocdo.api import errors
from luocdo.api.export_routes import router
from tests.unit.export_support import corpus_store

PLAN_DONG_NAI = "https://w3id.org/luocdo/id/eli/vn-dong-nai/kh/2024/386/ubnd"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    path = tmp_path_factory.mktemp("corpus") / "store"
    corpus_store(path).close()
    app = FastAPI()
    errors.install(app)
    app.state.config = SimpleNamespace(store_dir=Path(path))  # as create_app sets it
    app.include_router(router)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def test_export_graphml_of_a_focus(client: TestClient) -> None:
    r = client.get("/export", params={"format": "graphml", "focus": "569/QĐ-TTg"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/graphml+xml")
    assert 'filename="luocdo.graphml"' in r.headers["content-disposition"]
    graph = nx.read_graphml(io.BytesIO(r.content), force_multigraph=True)
    assert PLAN_DONG_NAI in graph
    assert int(r.headers["x-luocdo-nodes"]) == graph.number_of_nodes()
    assert int(r.headers["x-luocdo-edges"]) == graph.number_of_edges()


def test_export_xlsx_of_a_province(client: TestClient) -> None:
    r = client.get("/export", params={"format": "xlsx", "province": "Đồng Nai"})
    assert r.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(r.content))
    symbols = {row[0] for row in book["Nhiệm vụ"].iter_rows(min_row=2, values_only=True)}
    assert symbols == {"386/KH-UBND"}


@pytest.mark.parametrize(("params", "status", "code"), [
    ({"format": "pdf"}, 422, "invalid_parameters"),
    ({"depth": "99", "focus": "569/QĐ-TTg"}, 422, "invalid_parameters"),
    ({"focus": "999/QĐ-TTg"}, 404, "not_found"),
    ({"focus": "569/QĐ-TTg", "agency": "Sở Tài chính"}, 400, "bad_input"),
    ({"focus": "569/QĐ-TTg", "relations": "madeUp"}, 400, "bad_input"),
])
def test_export_errors(client: TestClient, params: dict[str, str], status: int,
                       code: str) -> None:
    r = client.get("/export", params=params)
    assert r.status_code == status
    assert r.json()["error"]["code"] == code


def test_analytics(client: TestClient) -> None:
    r = client.get("/analytics/directives", params={"top": 2})
    assert r.status_code == 200 and r.json()[0]["symbol"] == "57-NQ/TW"
    r = client.get("/analytics/chain", params={"source": "2502/KH-UBND",
                                               "target": "386/KH-UBND"})
    body = r.json()
    assert body["found"] and not body["directed"] and len(body["hops"]) == 2
    r = client.get("/analytics/agencies", params={"top": 1})
    assert len(r.json()) == 1 and r.json()[0]["lead"] > 0
    r = client.get("/analytics/cycles")
    assert r.status_code == 200 and r.json() == []
    assert client.get("/analytics/chain", params={"source": "x"}).status_code == 422
