"""Validation with compiled shapes (issue 13) gives pySHACL's own report, and a batch of
documents gives each document the report it gets alone.

The oracle is ``pyshacl.validate`` as luocdo called it before issue 13: a fresh shapes
graph for each run, each SHACL-SPARQL constraint parsed again, and pySHACL's own
``sh:or`` (every member checked). Data: the cases of tests/shapes/manifest.toml, the
three documents of tests/unit/data/validate_store, and synthetic documents from
bench/generate_corpus.py (tasks, citations, agencies, targets).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyshacl
import pytest
from pyshacl.constraints import CONSTRAINT_PARAMETERS_MAP
from pyshacl.constraints.core.logical_constraints import OrConstraintComponent
from rdflib import Graph
from rdflib.compare import isomorphic

from luocdo import identity, resources
from luocdo import validate as validation
from luocdo.graph import document_iri_of, to_graph
from luocdo.store import Store
from luocdo.validate import SH, ingested_documents, validate_document, validate_documents

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from generate_corpus import generate

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "shapes"))
from test_shapes import CASES, case_graph

DATA = Path(__file__).parent / "data" / "validate_store"
COMPLETE = Path(__file__).parents[1] / "shapes" / "data" / "complete.ttl"
STORED = {
    "https://w3id.org/luocdo/id/eli/vn-tay-ninh/kh/2023/2502/ubnd": COMPLETE,
    "https://w3id.org/luocdo/id/eli/vn-tay-ninh/nq/2023/8/tu": DATA / "resolution.ttl",
    "https://w3id.org/luocdo/id/eli/vn-tay-ninh/nq/2024/12/tu": DATA / "replacing.ttl",
}
SYNTHETIC = 30


def _stock_report(data: Graph, monkeypatch: pytest.MonkeyPatch) -> Graph:
    """pySHACL's report of ``data`` (with the ontology's subclass axioms) the old way."""
    graph = Graph()
    for triple in data:
        graph.add(triple)
    for triple in validation._schema():
        graph.add(triple)
    shapes = Graph()
    for path in resources.files("shapes", "*.ttl"):
        shapes.parse(path, format="turtle")
    with monkeypatch.context() as patch:  # pySHACL's own sh:or for this run
        patch.setitem(CONSTRAINT_PARAMETERS_MAP, SH["or"], OrConstraintComponent)
        _conforms, report, _text = pyshacl.validate(
            graph, shacl_graph=shapes, inference="none", inplace=True,
            allow_infos=True, allow_warnings=True)
    assert isinstance(report, Graph)
    return report


def _compiled_report(data: Graph) -> Graph:
    graph = validation._DataGraph()
    for triple in data:
        graph.add(triple)
    for triple in validation._schema():
        graph.add(triple)
    return validation._report(graph)


def _results(report: Graph) -> int:
    return len(set(report.subjects(SH.focusNode, None)))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_compiled_shapes_give_pyshacls_report(case: dict[str, Any],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    data = case_graph(case)
    compiled = _compiled_report(data)
    assert isomorphic(compiled, _stock_report(data, monkeypatch))
    assert (_results(compiled) > 0) == bool(case["expect"])


@pytest.fixture(scope="module")
def store() -> Iterator[Store]:
    """The validate_store documents and synthetic documents, in memory."""
    built = Store.memory()
    for doc, path in STORED.items():
        graph = Graph()
        graph.parse(path, format="turtle")
        built.add(graph, named_graph=str(identity.graph_iri(doc)))
    for text, document in generate(SYNTHETIC):
        built.add(to_graph(document, text=text),
                  named_graph=str(identity.graph_iri(str(document_iri_of(document)))))
    yield built
    built.close()


def test_stored_documents_give_pyshacls_report(store: Store,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """On the data graph each stored document is checked on (its graph and context)."""
    docs = ingested_documents(store)
    chosen = [d for d in docs if d in STORED] + [d for d in docs if d not in STORED][:12]
    found = 0
    for doc in chosen:
        data = validation._Context(store, doc).build()
        compiled = _compiled_report(data)
        assert isomorphic(compiled, _stock_report(data, monkeypatch)), doc
        found += _results(compiled)
    assert found > 20  # the documents have findings to compare, not only empty reports


def test_a_batch_gives_each_document_its_own_report(store: Store) -> None:
    docs = ingested_documents(store)
    assert len(docs) == len(STORED) + SYNTHETIC
    batch = list(validate_documents(store, docs))
    assert [r.documents for r in batch] == [[d] for d in docs]
    for doc, report in zip(docs, batch, strict=True):
        alone = validate_document(store, doc)
        assert report.results == alone.results, doc
        assert (report.symbols, report.names) == (alone.symbols, alone.names)
    assert sum(len(r.results) for r in batch) > 20
    assert any(not r.conforms for r in batch) and any(r.conforms for r in batch)
