"""Validating one stored document reads the context its rules need from other graphs:
the cited document's own date, the implementation chain above it, and a replacement
stated by a third document; the cited document's own findings stay in its own run."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from luocdo import identity
from luocdo.store import Store
from luocdo.validate import ingested_documents, validate

DATA = Path(__file__).parent / "data" / "validate_store"
COMPLETE = Path(__file__).parents[1] / "shapes" / "data" / "complete.ttl"
PLAN = "https://w3id.org/luocdo/id/eli/vn-tay-ninh/kh/2023/2502/ubnd"
RESOLUTION = "https://w3id.org/luocdo/id/eli/vn-tay-ninh/nq/2023/8/tu"
LATER = "https://w3id.org/luocdo/id/eli/vn-tay-ninh/nq/2024/12/tu"


def _graph(path: Path) -> Graph:
    graph = Graph()
    graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="module")
def store() -> Store:
    store = Store.memory()
    for doc, path in ((PLAN, COMPLETE), (RESOLUTION, DATA / "resolution.ttl"),
                      (LATER, DATA / "replacing.ttl")):
        store.add(_graph(path), named_graph=str(identity.graph_iri(doc)))
    return store


def test_the_plan_alone_conforms() -> None:
    assert validate(_graph(COMPLETE)).results == []


def test_findings_that_need_other_documents_graphs(store: Store) -> None:
    report = validate(store, doc=PLAN)
    base = PLAN + "/"
    got = sorted((r.severity, r.check, r.focus.replace(base, "")) for r in report.results)
    assert got == [
        ("violation", "CitesLaterDocument", "citation/1"),  # 20/12/2023 in its own graph
        ("violation", "ImplementationCycle", PLAN),  # 08-NQ/TU says it carries out 2502
        ("violation", "ImplementationCycle", RESOLUTION),
        ("warning", "ImplementsReplaced", PLAN),  # replaced, says 12-NQ/TU's graph
        ("warning", "ImplementsReplaced", "task/1"),
    ]
    assert {r.document for r in report.results} == {PLAN}
    replaced = next(r for r in report.results if r.check == "ImplementsReplaced")
    assert replaced.message["vi"] == ("Kế hoạch 2502/KH-UBND thực hiện Nghị quyết 8-NQ/TU, "
                                      "văn bản đã bị thay thế hoặc bãi bỏ theo "
                                      "Nghị quyết 12-NQ/TU")
    later = next(r for r in report.results if r.check == "CitesLaterDocument")
    assert "ban hành 20/12/2023" in later.message["vi"]


def test_a_cited_documents_own_findings_stay_in_its_own_run(store: Store) -> None:
    assert ingested_documents(store) == [PLAN, RESOLUTION, LATER]
    plan = validate(store, doc=PLAN)
    assert not [r for r in plan.results if r.check == "DocumentTitle"]
    resolution = validate(store, doc=RESOLUTION)
    assert ("warning", "DocumentTitle", RESOLUTION) in {
        (r.severity, r.check, r.focus) for r in resolution.results}
    everything = validate(store)
    assert everything.documents == [PLAN, RESOLUTION, LATER]
    assert len(everything.results) == sum(
        len(validate(store, doc=d).results) for d in (PLAN, RESOLUTION, LATER))
