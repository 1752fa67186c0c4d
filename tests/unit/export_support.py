"""The real seeds and corpus ingested once per test process, for the export and analytics tests.

Ingesting every file of both folders takes a while; the N-Quads of the result are kept and
each test module loads them into its own store (memory or a directory).
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import rdflib
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS, XSD

from luocdo import identity
from luocdo.export.selection import query_text
from luocdo.ingest import ingest_paths
from luocdo.store import Store
from luocdo.terms import LO, OA
from tests.conftest import SHARED

DOC = URIRef(f"{identity.BASE}eli/vn-tay-ninh/kh/2099/1/ubnd")


@functools.cache
def corpus_nquads() -> bytes:
    """The store made from ../shared/seeds and ../shared/corpus, as sorted N-Quads."""
    store = Store.memory()
    report = ingest_paths([SHARED / "seeds", SHARED / "corpus"], store)
    failed = [(f.path, f.error) for f in report.failed]
    assert not failed, failed
    expected = sorted(p for folder in ("seeds", "corpus") for p in (SHARED / folder).glob("*.txt"))
    assert sorted(Path(f.path) for f in report.files) == expected, [f.path for f in report.files]
    return store.dump()


def corpus_store(path: Path | None = None) -> Store:
    """A store holding the ingested seeds and corpus: in memory, or in directory ``path``."""
    if path is None:
        store = Store.memory()
        store.inner.load(corpus_nquads(), format=ox.RdfFormat.N_QUADS)
        return store
    store = Store.open(path)
    store.inner.bulk_load(corpus_nquads(), format=ox.RdfFormat.N_QUADS)  # 3x faster on disk
    return store


def sparql_counts(data: Store | rdflib.Graph) -> dict[tuple[str, str], int]:
    """``queries/export_counts.rq`` over a store (pyoxigraph) or an RDF graph (rdflib)."""
    text = query_text("export_counts")
    if isinstance(data, Store):
        found = data.select(text)
        return {(r["what"], r["name"]): int(r["count"]) for r in found}
    rows: list[Any] = list(data.query(text))
    return {(str(r["what"]), str(r["name"])): int(r["count"]) for r in rows}


def totals(counts: dict[tuple[str, str], int]) -> Counter[str]:
    """Nodes, edges and citations summed over kinds and relations."""
    out: Counter[str] = Counter()
    for (what, _), n in counts.items():
        out[what] += n
    return out


def tiny_store(contents: dict[str, str], *,
               extra: Sequence[tuple[Any, Any, Any]] = ()) -> Store:
    """A memory store with one plan (``DOC``) whose tasks have the given contents (number →
    content), each led by one agency; ``extra`` triples are added to its graph."""
    graph = Graph()
    graph.add((DOC, RDF.type, LO.LegalDocument))
    graph.add((DOC, RDF.type, LO.Plan))
    graph.add((DOC, LO.symbol, Literal("1/KH-UBND")))
    graph.add((DOC, LO.symbolKey, Literal("1/kh-ubnd")))
    graph.add((DOC, LO.title, Literal("Kế hoạch thử")))
    graph.add((DOC, LO.dateIssued, Literal("2099-01-02", datatype=XSD.date)))
    graph.add((DOC, LO.sourceText, URIRef(f"{DOC}/source")))
    agency = URIRef(f"{identity.BASE}agency/vn-tay-ninh/so-thu")
    graph.add((agency, RDF.type, LO.Agency))
    graph.add((agency, SKOS.prefLabel, Literal("Sở \"Thử\" \\ nghiệm")))
    for start, (number, content) in enumerate(contents.items()):
        task = identity.task_iri(str(DOC), number)
        span = identity.span_iri(str(DOC), start * 10, start * 10 + 5)
        graph.add((DOC, LO.hasTask, task))
        graph.add((task, RDF.type, LO.Task))
        graph.add((task, LO.taskNumber, Literal(number)))
        graph.add((task, LO.content, Literal(content)))
        graph.add((task, LO.lead, agency))
        graph.add((task, LO.product, Literal(content)))
        graph.add((task, LO.evidence, span))
        graph.add((span, OA.start, Literal(start * 10, datatype=XSD.nonNegativeInteger)))
    for triple in extra:
        graph.add(triple)
    store = Store.memory()
    store.add(graph, named_graph=str(identity.graph_iri(str(DOC))))
    return store
