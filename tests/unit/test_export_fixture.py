"""The export queries on the small fixture of the query tests (tests/queries/data/plans.trig).

Expected counts were read off the fixture file: 9 documents (2502/KH-UBND, 08-NQ/TU,
569/QĐ-TTg, 16/2021/NQ-HĐND, 386/KH-UBND, 709/QĐ-TTg, 348-KH/TU, 69-KL/TW, 20-NQ/TW),
6 tasks, 7 agencies (two issuers, five task agencies) and one collective assignee.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from luocdo import analytics, export
from luocdo.store import Store
from tests.unit.export_support import sparql_counts

FIXTURE = Path(__file__).resolve().parents[1] / "queries" / "data" / "plans.trig"
LOD = "https://w3id.org/luocdo/id/"


@pytest.fixture(scope="module")
def store() -> Store:
    s = Store.memory()
    s.load_dataset(FIXTURE, format=ox.RdfFormat.TRIG)
    return s


def test_whole_fixture(store: Store) -> None:
    graph = export.visual_graph(store, export.whole())
    assert Counter(a["type"] for _, a in graph.nodes(data=True)) == {
        "document": 9, "task": 6, "agency": 7, "collective": 1}
    assert Counter(a["relation"] for _, _, a in graph.edges(data=True)) == {
        "implements": 8, "alignsWith": 1, "cites": 1, "hasTask": 6, "parentTask": 1,
        "lead": 5, "coordinator": 2, "issuer": 2}
    counts = sparql_counts(store)
    assert sum(n for (w, _), n in counts.items() if w == "node") == graph.number_of_nodes()
    assert sum(n for (w, _), n in counts.items() if w == "edge") == graph.number_of_edges()
    assert counts[("citation", "citation")] == 5


def test_focus_on_08_nq_tu(store: Store) -> None:
    graph = export.visual_graph(store, export.focus(store, "08-NQ/TU"))
    plan = f"{LOD}eli/vn-tay-ninh/kh/2023/2502/ubnd"
    assert set(graph.nodes) == {
        f"{LOD}eli/vn-tay-ninh/nq/2023/8/tu", plan, f"{plan}/task/1", f"{plan}/task/2",
        f"{plan}/task/10", f"{LOD}agency/vn-tay-ninh/so-khoa-hoc-va-cong-nghe",
        f"{LOD}agency/vn-tay-ninh/so-tai-chinh",
        f"{LOD}collective/vn-tay-ninh/cac-so-ban-nganh-tinh",
        f"{LOD}agency/vn-tay-ninh/uy-ban-nhan-dan-tinh-tay-ninh"}
    assert graph.number_of_edges() == 8  # implements, 3 hasTask, 2 lead, coordinator, issuer
    task = graph.nodes[f"{plan}/task/10"]
    assert task["label"] == ("Nhiệm vụ 10: Triển khai Nghị quyết "
                              "16/2021/NQ-HĐND về hệ sinh thái khởi…")  # cut within 60
    assert (task["due"], task["dueYear"], task["document"]) == ("2025-06", 2025, "2502/KH-UBND")


def test_focus_depth_follows_each_direction(store: Store) -> None:
    # 386/KH-UBND carries out 709/QĐ-TTg, which carries out 69-KL/TW, which carries out
    # 20-NQ/TW: two hops up from 386 reach 69-KL/TW, not 20-NQ/TW.
    def documents(depth: int) -> set[str]:
        graph = export.visual_graph(store, export.focus(store, "386/KH-UBND", depth=depth))
        return {a["symbol"] for _, a in graph.nodes(data=True) if a["type"] == "document"}

    assert documents(1) == {"386/KH-UBND", "709/QĐ-TTg", "348-KH/TU", "569/QĐ-TTg"}
    assert documents(2) == documents(1) | {"69-KL/TW"}
    assert documents(3) == documents(2) | {"20-NQ/TW"}


def test_directives_of_the_fixture(store: Store) -> None:
    ranks = {r.symbol: (r.plans, r.tasks, r.below) for r in analytics.directives(store)}
    assert ranks["569/QĐ-TTg"] == (2, 1, 2)  # 2502 aligns with it; a task of 386 carries it out
    assert ranks["69-KL/TW"] == (2, 0, 3)  # 709/QĐ-TTg and 348-KH/TU; 386 below them
    assert ranks["20-NQ/TW"] == (1, 0, 4)
