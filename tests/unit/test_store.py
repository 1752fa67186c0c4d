"""The store: round trip, atomic replacement, union queries, parameter binding."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
import rdflib.compare
from rdflib import RDF, Literal, URIRef

from luocdo.errors import InputError, QueryError, StoreError
from luocdo.store import Store

LO = rdflib.Namespace("https://w3id.org/luocdo/ontology#")
ID = "https://w3id.org/luocdo/id/eli/"
PLAN = URIRef(ID + "vn-tay-ninh/kh/2023/2502/ubnd")
RESOLUTION = URIRef(ID + "vn-tay-ninh/nq/2023/8/tu")
STRATEGY = URIRef(ID + "vn/qd/2022/569/ttg")


def plan_graph(title: str = "Kế hoạch thực hiện Nghị quyết 08-NQ/TU",
               tasks: int = 3) -> rdflib.Graph:
    """A small document graph of the shape the graph mapping writes."""
    g = rdflib.Graph()
    g.add((PLAN, RDF.type, LO.Plan))
    g.add((PLAN, LO.symbol, Literal("2502/KH-UBND")))
    g.add((PLAN, LO.symbolKey, Literal("2502/kh-ubnd")))
    g.add((PLAN, LO.title, Literal(title, lang="vi")))
    g.add((PLAN, LO.dateIssued, Literal("2023-08-08", datatype=rdflib.XSD.date)))
    g.add((PLAN, LO.sourceText, URIRef(str(PLAN) + "/source")))
    g.add((PLAN, LO.implements, RESOLUTION))
    g.add((RESOLUTION, LO.symbolKey, Literal("08-nq/tu")))
    for n in range(1, tasks + 1):
        task = URIRef(f"{PLAN}/task/{n}")
        g.add((PLAN, LO.hasTask, task))
        g.add((task, RDF.type, LO.Task))
        g.add((task, LO.taskNumber, Literal(str(n))))
    return g


def other_graph() -> rdflib.Graph:
    g = rdflib.Graph()
    doc = URIRef(ID + "vn-dong-nai/kh/2024/386/ubnd")
    g.add((doc, RDF.type, LO.Plan))
    g.add((doc, LO.symbol, Literal("386/KH-UBND")))
    g.add((doc, LO.sourceText, URIRef(str(doc) + "/source")))
    g.add((URIRef(str(doc) + "/task/1"), LO.implements, STRATEGY))
    g.add((URIRef(str(doc) + "/task/1"), RDF.type, LO.Task))
    return g


G1 = str(PLAN) + "/graph"
G2 = ID + "vn-dong-nai/kh/2024/386/ubnd/graph"


def test_round_trip_keeps_every_triple() -> None:
    store = Store.memory()
    g = plan_graph()
    assert store.replace_graph(G1, g) == "added"
    assert rdflib.compare.isomorphic(store.graph(G1), g)
    assert len(store.graph(G2)) == 0
    assert store.graphs() == [G1]
    assert len(store) == len(g)


def test_store_persists_on_disk_and_reopens_read_only(tmp_path: Path) -> None:
    location = tmp_path / "store"
    with Store.open(location) as store:
        store.replace_graph(G1, plan_graph())
        before = store.quads()
    with Store.open(location, read_only=True) as again:
        assert again.quads() == before
        assert again.stats().tasks == 3


def test_read_only_open_of_a_missing_store_names_the_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no store here"):
        Store.open(tmp_path / "nothing", read_only=True)


def test_a_folder_that_is_not_a_store_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("ghi chú", encoding="utf-8")
    with pytest.raises(InputError, match="holds no store"):
        Store.open(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_store_location_follows_environment(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LUOCDO_STORE", str(tmp_path / "env-store"))
    with Store.open() as store:
        assert store.path == tmp_path / "env-store"


def test_replace_swaps_the_graph_content() -> None:
    store = Store.memory()
    store.replace_graph(G1, plan_graph(tasks=3))
    assert store.replace_graph(G1, plan_graph(title="Tiêu đề mới", tasks=2)) == "replaced"
    rows = store.select("SELECT ?t WHERE { ?t a <https://w3id.org/luocdo/ontology#Task> }")
    assert len(rows) == 2
    titles = store.select("SELECT ?x WHERE { ?d <https://w3id.org/luocdo/ontology#title> ?x }")
    assert titles == [{"x": "Tiêu đề mới"}]


def test_replacing_with_the_same_graph_changes_nothing() -> None:
    store = Store.memory()
    store.replace_graph(G1, plan_graph())
    before = store.quads()
    assert store.replace_graph(G1, plan_graph()) == "unchanged"
    assert store.quads() == before


class FailingGraph(rdflib.Graph):
    """A graph whose triples stop half-way with an error (an injected failure)."""

    def __iter__(self) -> Iterator:  # type: ignore[override]
        for n, triple in enumerate(super().__iter__()):
            if n == 5:
                raise StoreError("injected failure after 5 triples")
            yield triple


def test_failure_while_adding_a_new_graph_leaves_nothing() -> None:
    store = Store.memory()
    store.replace_graph(G2, other_graph())
    before = store.quads()
    failing = FailingGraph()
    for triple in plan_graph():
        failing.add(triple)
    with pytest.raises(StoreError, match="injected"):
        store.replace_graph(G1, failing)
    assert store.quads() == before
    assert G1 not in store.graphs()


def test_failure_inside_the_replacing_transaction_keeps_the_old_version(
        monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store.memory()
    store.replace_graph(G1, plan_graph(tasks=3))
    before = store.quads()
    real = Store._replace_update

    def failing_update(name: ox.NamedNode, *parts: list[ox.Triple]) -> str:
        # The real update, then an operation that fails when it runs (the graph
        # exists by then): the graph and the merge already changed in the transaction.
        return real(name, *parts) + f" ;\nCREATE GRAPH {name}"

    monkeypatch.setattr(Store, "_replace_update", staticmethod(failing_update))
    with pytest.raises(StoreError, match="store is unchanged"):
        store.replace_graph(G1, plan_graph(title="Mới", tasks=1))
    assert store.quads() == before


def test_queries_see_the_union_of_named_graphs() -> None:
    store = Store.memory()
    store.replace_graph(G1, plan_graph())
    store.replace_graph(G2, other_graph())
    rows = store.select(
        "SELECT ?d WHERE { ?d <https://w3id.org/luocdo/ontology#sourceText> ?s } ORDER BY ?d")
    assert [r["d"] for r in rows] == [ID + "vn-dong-nai/kh/2024/386/ubnd", str(PLAN)]
    assert store.stats().documents == 2
    assert store.stats().graphs == 2


def test_stats_counts_documents_cited_only_and_tasks() -> None:
    store = Store.memory()
    store.replace_graph(G1, plan_graph(tasks=4))
    stats = store.stats()
    assert (stats.documents, stats.cited_only, stats.tasks) == (1, 1, 4)
    assert stats.triples == len(plan_graph(tasks=4))


def test_stats_are_kept_until_the_next_write(tmp_path: Path) -> None:
    import json

    from luocdo.store import STATS_FILE

    with Store.open(tmp_path / "s") as store:
        store.replace_graph(G1, plan_graph(tasks=4))
    with Store.open(tmp_path / "s", read_only=True) as store:
        assert store.stats().tasks == 4
    kept = tmp_path / "s" / STATS_FILE
    data = json.loads(kept.read_text(encoding="utf-8"))
    assert data["stats"]["tasks"] == 4
    # the kept counts are what a reader gets while nothing was written since
    data["stats"]["tasks"] = 999
    kept.write_text(json.dumps(data), encoding="utf-8")
    with Store.open(tmp_path / "s", read_only=True) as store:
        assert store.stats().tasks == 999
    # a write makes them stale, even one whose writer never closed (killed by the crash
    # test, say): the close marker is set back to what it was, the counts are still redone
    import os

    from luocdo.store import WRITTEN_FILE

    marker = tmp_path / "s" / WRITTEN_FILE
    before = marker.stat()
    with Store.open(tmp_path / "s") as store:
        store.replace_graph(G2, other_graph())
    os.utime(marker, ns=(before.st_atime_ns, before.st_mtime_ns))
    with Store.open(tmp_path / "s", read_only=True) as store:
        stats = store.stats()
    assert (stats.documents, stats.tasks) == (2, 5)


def test_bound_values_are_terms_not_text() -> None:
    store = Store.memory()
    store.replace_graph(G1, plan_graph())
    query = ("SELECT ?key ?d WHERE { ?d <https://w3id.org/luocdo/ontology#symbolKey> ?key }")
    assert store.select(query, bindings={"key": "08-nq/tu"}) == [
        {"key": "08-nq/tu", "d": str(RESOLUTION)}]
    # An injection attempt stays one string literal: no match, and nothing dropped.
    attack = '08-nq/tu" } } ; DROP ALL ; SELECT * { ?s ?p "'
    assert store.select(query, bindings={"key": attack}) == []
    assert store.select(query, values={"key": [attack, "2502/kh-ubnd"]}) == [
        {"key": "2502/kh-ubnd", "d": str(PLAN)}]
    assert len(store) == len(plan_graph())


def test_a_plain_string_is_never_an_iri() -> None:
    store = Store.memory()
    store.replace_graph(G1, plan_graph())
    query = "SELECT ?d ?t WHERE { ?d <https://w3id.org/luocdo/ontology#hasTask> ?t }"
    assert store.select(query, bindings={"d": str(PLAN)}) == []
    assert len(store.select(query, bindings={"d": PLAN})) == 3


@pytest.mark.parametrize("name", ["x }", "a b", "", "1x"])
def test_bad_variable_names_are_refused(name: str) -> None:
    store = Store.memory()
    with pytest.raises(QueryError):
        store.select("SELECT * WHERE { ?s ?p ?o }", bindings={name: "x"})
    with pytest.raises(QueryError):
        store.select("SELECT * WHERE { ?s ?p ?o }", values={name: ["x"]})


def test_syntax_errors_carry_the_parser_message() -> None:
    store = Store.memory()
    with pytest.raises(QueryError, match="SPARQL syntax error"):
        store.query("SELECT ?x WHERE { ?x ")


def test_ingest_log_round_trip(tmp_path: Path) -> None:
    log = {"files": [{"path": "a.txt", "status": "failed", "error": "a.txt: dòng 3: lỗi"}]}
    memory = Store.memory()
    memory.write_log(log)
    assert memory.read_log() == log
    with Store.open(tmp_path / "s") as store:
        assert store.read_log() is None
        store.write_log(log)
    with Store.open(tmp_path / "s", read_only=True) as store:
        assert store.read_log() == log


def test_reingesting_a_graph_with_derived_datatypes_is_unchanged() -> None:
    # Oxigraph reads "5"^^xsd:nonNegativeInteger back as xsd:integer: the
    # comparison must see the graph as stored, or nothing would be "unchanged".
    g = plan_graph()
    g.add((URIRef(str(PLAN) + "/span/1-5"), URIRef("http://www.w3.org/ns/oa#start"),
           Literal("1", datatype=rdflib.XSD.nonNegativeInteger)))
    g.add((PLAN, LO.documentNumber, Literal("08", datatype=rdflib.XSD.integer)))
    store = Store.memory()
    store.replace_graph(G1, g)
    assert store.replace_graph(G1, g) == "unchanged"


@pytest.mark.server
def test_the_store_directory_is_served_by_the_oxigraph_server(
        tmp_path: Path, seed_files: list[Path]) -> None:
    """The directory luocdo writes opens in `oxigraph serve-read-only` (PyPI `oxigraph`)."""
    import socket
    import subprocess
    import sys
    import time

    from SPARQLWrapper import JSON, SPARQLWrapper

    from luocdo.ingest import ingest_paths

    location = tmp_path / "store"
    with Store.open(location) as store:
        assert ingest_paths(seed_files, store).ok
        tasks = store.stats().tasks
    assert tasks > 0
    server = Path(sys.executable).parent / "oxigraph"
    assert server.exists(), "the oxigraph server (pip install oxigraph) is a test dependency"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen(
        [str(server), "serve-read-only", "--location", str(location),
         "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        endpoint = SPARQLWrapper(f"http://127.0.0.1:{port}/query")
        endpoint.setReturnFormat(JSON)
        endpoint.setQuery("PREFIX lo: <https://w3id.org/luocdo/ontology#> "
                          "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t a lo:Task }")
        deadline = time.monotonic() + 30
        while True:
            try:
                answer = endpoint.queryAndConvert()
                break
            except Exception:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.2)
        assert int(answer["results"]["bindings"][0]["n"]["value"]) == tasks  # type: ignore[index]
    finally:
        process.terminate()
        process.wait(timeout=10)
