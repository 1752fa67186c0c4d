"""Exports read back by independent readers, their counts checked against SPARQL counts.

The store holds the real seeds and corpus. The SPARQL count is
``queries/export_counts.rq``, written apart from the export's own queries; it runs
on the store for the whole selection, and (with rdflib) on the Turtle export of a
focus, which holds the triples of the selected nodes only.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterator
from typing import Any

import networkx as nx
import openpyxl
import pydot
import pytest
import rdflib

from luocdo import export, identity
from luocdo.errors import InputError, NotFoundError
from luocdo.export.visual import LABEL_WIDTH
from luocdo.store import Store
from tests.unit.export_support import corpus_store, sparql_counts, totals

LOD = identity.BASE
PLAN_TAY_NINH = f"{LOD}eli/vn-tay-ninh/kh/2023/2502/ubnd"  # seeds/000: 2502/KH-UBND
PLAN_DONG_NAI = f"{LOD}eli/vn-dong-nai/kh/2024/386/ubnd"  # seeds/002: 386/KH-UBND
RESOLUTION_08 = f"{LOD}eli/vn-tay-ninh/nq/2023/8/tu"  # 08-NQ/TU, which 2502/KH-UBND carries out
DECISION_569 = f"{LOD}eli/vn/qd/2022/569/ttg"


@pytest.fixture(scope="module")
def store() -> Iterator[Store]:
    with corpus_store() as s:
        yield s


def written(store: Store, selection: export.Selection, fmt: str) -> bytes:
    out = io.BytesIO()
    export.export(store, selection, fmt, out)
    return out.getvalue()


# ------------------------------------------------------------------ readers


def read_graphml(data: bytes) -> nx.MultiDiGraph:
    return nx.read_graphml(io.BytesIO(data), force_multigraph=True)


def read_gexf(data: bytes) -> nx.Graph:
    return nx.read_gexf(io.BytesIO(data))


def read_cyjs(data: bytes) -> nx.Graph:
    parsed = json.loads(data.decode("utf-8"))
    assert parsed["directed"] and parsed["multigraph"]
    return nx.cytoscape_graph(parsed)


def read_dot(data: bytes) -> nx.MultiDiGraph:
    """The DOT file parsed by pydot (not by our writer's code), as a networkx graph."""
    (parsed,) = pydot.graph_from_dot_data(data.decode("utf-8"))
    graph = nx.MultiDiGraph()
    for node in parsed.get_nodes():
        name = node.get_name().strip('"')
        if name in ("graph", "node", "edge"):  # default attribute statements
            continue
        graph.add_node(name, **{k: v.strip('"') for k, v in node.get_attributes().items()})
    for edge in parsed.get_edges():
        graph.add_edge(edge.get_source().strip('"'), edge.get_destination().strip('"'),
                       **{k: v.strip('"') for k, v in edge.get_attributes().items()})
    return graph


READERS = {"graphml": read_graphml, "gexf": read_gexf, "cyjs": read_cyjs, "dot": read_dot}


def by_type(graph: nx.Graph) -> Counter[str]:
    return Counter(str(attrs["type"]) for _, attrs in graph.nodes(data=True))


def by_relation(graph: nx.Graph) -> Counter[str]:
    return Counter(str(attrs["relation"]) for _, _, attrs in graph.edges(data=True))


def expected(counts: dict[tuple[str, str], int], what: str) -> Counter[str]:
    return Counter({name: n for (w, name), n in counts.items() if w == what})


# ------------------------------------------------------------------ whole store


# DOT of the whole store is left to the focus tests: pydot parses it in about 20 s.
@pytest.mark.parametrize("fmt", ["graphml", "gexf", "cyjs"])
def test_whole_store_graph_read_back_matches_sparql_counts(store: Store, fmt: str) -> None:
    counts = sparql_counts(store)
    graph = READERS[fmt](written(store, export.whole(), fmt))
    assert graph.number_of_nodes() == totals(counts)["node"]
    assert graph.number_of_edges() == totals(counts)["edge"]
    assert by_type(graph) == expected(counts, "node")
    assert by_relation(graph) == expected(counts, "edge")


def test_whole_store_sheets_match_sparql_counts(store: Store) -> None:
    counts = sparql_counts(store)
    book = openpyxl.load_workbook(io.BytesIO(written(store, export.whole(), "xlsx")))
    assert book.sheetnames == ["Nhiệm vụ", "Trích dẫn"]
    assert book["Nhiệm vụ"].max_row - 1 == counts[("node", "task")]
    assert book["Trích dẫn"].max_row - 1 == counts[("citation", "citation")]
    data = written(store, export.whole(), "csv")
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the file as UTF-8
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) - 1 == counts[("node", "task")]


# ------------------------------------------------------------------ focus


@pytest.fixture(scope="module")
def focus_569(store: Store) -> export.Selection:
    return export.focus(store, "569/QĐ-TTg", depth=3)


@pytest.fixture(scope="module")
def focus_569_rdf(store: Store, focus_569: export.Selection) -> rdflib.Graph:
    return rdflib.Graph().parse(data=written(store, focus_569, "turtle").decode("utf-8"),
                                format="turtle")


@pytest.fixture(scope="module")
def focus_569_counts(focus_569_rdf: rdflib.Graph) -> dict[tuple[str, str], int]:
    return sparql_counts(focus_569_rdf)


# DOT is read by pydot, slowly: its test takes a smaller selection (below).
@pytest.mark.parametrize("fmt", ["graphml", "gexf", "cyjs"])
def test_focus_graph_matches_sparql_counts_over_its_rdf(
        store: Store, focus_569: export.Selection,
        focus_569_counts: dict[tuple[str, str], int], fmt: str) -> None:
    graph = READERS[fmt](written(store, focus_569, fmt))
    assert graph.number_of_nodes() == len(focus_569.nodes or ())
    assert by_type(graph) == expected(focus_569_counts, "node")
    assert by_relation(graph) == expected(focus_569_counts, "edge")


def test_dot_read_by_pydot_matches_sparql_counts_over_its_rdf(store: Store) -> None:
    selection = export.agency(store, "Sở Tài chính", province_name="Đồng Nai")
    rdf = rdflib.Graph().parse(data=written(store, selection, "turtle").decode("utf-8"),
                               format="turtle")
    counts = sparql_counts(rdf)
    graph = read_dot(written(store, selection, "dot"))
    assert graph.number_of_nodes() == len(selection.nodes or ()) == totals(counts)["node"]
    assert by_type(graph) == expected(counts, "node")
    assert by_relation(graph) == expected(counts, "edge")
    assert "task" in by_type(graph) and "lead" in by_relation(graph)
    for node, attrs in graph.nodes(data=True):
        assert attrs["iri"] == node


def by_value(triple: tuple[Any, Any, Any]) -> tuple[Any, Any, Any]:
    """A triple with its literal compared by value (Turtle prints the decimal 2 as 2.0)."""
    s, p, o = triple
    if isinstance(o, rdflib.Literal):
        return s, p, (o.datatype, o.language, o.toPython())
    return s, p, o


@pytest.mark.parametrize("fmt", ["nt", "jsonld"])
def test_rdf_formats_hold_the_same_triples(store: Store, focus_569: export.Selection,
                                           focus_569_rdf: rdflib.Graph, fmt: str) -> None:
    parsed = rdflib.Graph().parse(data=written(store, focus_569, fmt).decode("utf-8"),
                                  format="json-ld" if fmt == "jsonld" else fmt)
    assert len(parsed) == len(focus_569_rdf) > 0
    assert {by_value(t) for t in parsed} == {by_value(t) for t in focus_569_rdf}


def test_focus_sheets_match_sparql_counts_over_its_rdf(
        store: Store, focus_569: export.Selection,
        focus_569_counts: dict[tuple[str, str], int]) -> None:
    counts = focus_569_counts
    book = openpyxl.load_workbook(io.BytesIO(written(store, focus_569, "xlsx")))
    assert book["Nhiệm vụ"].max_row - 1 == counts[("node", "task")]
    assert book["Trích dẫn"].max_row - 1 == counts[("citation", "citation")]


def _documents(graph: nx.Graph) -> set[str]:
    return {n for n, a in graph.nodes(data=True) if a["type"] == "document"}


def test_focus_569_reaches_both_provinces(store: Store, focus_569: export.Selection) -> None:
    # seeds/000 (Tây Ninh) plans "gắn với ... Quyết định số 569/QĐ-TTg"; a task of seeds/002
    # (Đồng Nai) carries out the programme "theo Quyết định số 569/QĐ-TTg".
    graph = export.visual_graph(store, focus_569)
    assert {DECISION_569, PLAN_TAY_NINH, PLAN_DONG_NAI} <= _documents(graph)
    provinces = {a.get("province") for _, a in graph.nodes(data=True)}
    assert {"Tây Ninh", "Đồng Nai"} <= provinces


def test_focus_08_is_the_plan_its_tasks_and_their_agencies_only(store: Store) -> None:
    selection = export.focus(store, "08-NQ/TU", depth=3)
    graph = export.visual_graph(store, selection)
    assert _documents(graph) == {RESOLUTION_08, PLAN_TAY_NINH}
    whole = export.visual_graph(store, export.whole())
    plan_tasks = {t for _, t, r in whole.out_edges(PLAN_TAY_NINH, data="relation")
                  if r == "hasTask"}
    assert len(plan_tasks) > 50
    assert plan_tasks <= set(graph.nodes)
    agencies = {a for t in plan_tasks for _, a, r in whole.out_edges(t, data="relation")
                if r in ("lead", "coordinator")}
    assert agencies and agencies <= set(graph.nodes)
    targets = {t for _, t, r in whole.out_edges(PLAN_TAY_NINH, data="relation")
               if r == "hasTarget"}
    issuers = {a for d in (RESOLUTION_08, PLAN_TAY_NINH)
               for _, a, r in whole.out_edges(d, data="relation") if r == "issuer"}
    assert set(graph.nodes) == _documents(graph) | plan_tasks | agencies | targets | issuers
    assert not [n for n in graph.nodes if "dong-nai" in n]
    assert {a.get("province") for _, a in graph.nodes(data=True)} == {"Tây Ninh"}


def test_focus_depth_zero_is_the_document_alone(store: Store) -> None:
    graph = export.visual_graph(store, export.focus(store, "2502/KH-UBND", depth=0))
    assert _documents(graph) == {PLAN_TAY_NINH}


def test_focus_errors(store: Store) -> None:
    with pytest.raises(NotFoundError):
        export.focus(store, "999/QĐ-TTg")
    with pytest.raises(InputError):
        export.focus(store, "569/QĐ-TTg", depth=-1)
    with pytest.raises(InputError):
        export.select(store, focus_on="569/QĐ-TTg", province_name="Tây Ninh")
    with pytest.raises(InputError):
        export.relation_names("implements, madeUp")
    assert export.relation_names("all") == export.DOCUMENT_RELATIONS


def test_resolve_takes_symbols_and_iris(store: Store) -> None:
    assert export.resolve(store, "569/QĐ-TTG") == DECISION_569  # code in capitals
    assert export.resolve(store, DECISION_569) == DECISION_569
    with pytest.raises(NotFoundError):
        export.resolve(store, f"{LOD}eli/vn/qd/2022/1/xyz")


# ------------------------------------------------------------------ province and agency


def test_province_keeps_that_province(store: Store) -> None:
    graph = export.visual_graph(store, export.province(store, "tỉnh Đồng Nai"))
    docs = _documents(graph)
    assert PLAN_DONG_NAI in docs and PLAN_TAY_NINH not in docs
    assert {graph.nodes[d].get("province") for d in docs} == {"Đồng Nai"}
    with pytest.raises(NotFoundError):
        export.province(store, "Cà Mau")


def test_agency_keeps_its_tasks(store: Store) -> None:
    selection = export.agency(store, "Sở Khoa học và Công nghệ", province_name="Tây Ninh")
    graph = export.visual_graph(store, selection)
    tasks = [n for n, a in graph.nodes(data=True) if a["type"] == "task"]
    assert tasks
    for task in tasks:
        assert task.startswith(PLAN_TAY_NINH + "/task/")
        names = {graph.nodes[a]["label"] for _, a, r in graph.out_edges(task, data="relation")
                 if r in ("lead", "coordinator")}
        assert "Sở Khoa học và Công nghệ (Tây Ninh)" in names
    assert _documents(graph) == {PLAN_TAY_NINH}


# ------------------------------------------------------------------ attributes


def test_attributes_are_plain_and_labels_readable(store: Store,
                                                 focus_569: export.Selection) -> None:
    graph = export.visual_graph(store, focus_569)
    for node, attrs in graph.nodes(data=True):
        assert attrs["iri"] == node
        for key, value in attrs.items():
            assert type(value) is (int if key in ("year", "dueYear", "targetYear", "ingested")
                                   else str), (key, value)
            assert value != ""
        if attrs["type"] == "task":
            head = f"Nhiệm vụ {attrs['number']}: "
            assert attrs["label"].startswith(head)
            assert len(attrs["label"]) <= len(head) + LABEL_WIDTH
        if attrs["type"] == "document":
            assert attrs["symbol"] in attrs["label"]
    assert graph.nodes[DECISION_569]["label"] == "Quyết định 569/QĐ-TTg"
    assert graph.nodes[DECISION_569]["date"] == "2022-05-11"  # "ngày 11/5/2022" in both seeds
    assert graph.nodes[DECISION_569]["year"] == 2022
    assert graph.nodes[PLAN_TAY_NINH]["ingested"] == 1
    assert graph.nodes[DECISION_569]["ingested"] == 0
    labels = {a["label"] for _, _, a in graph.edges(data=True) if a["relation"] == "alignsWith"}
    assert labels == {"gắn với"}
    keys = [k for _, _, k in graph.edges(keys=True)]
    assert len(keys) == len(set(keys))  # Gephi merges edges sharing an id


def test_gexf_keeps_types_a_tool_can_filter_on(store: Store, focus_569: export.Selection) -> None:
    graph = read_gexf(written(store, focus_569, "gexf"))
    assert graph.nodes[PLAN_TAY_NINH]["year"] == 2023
    assert graph.nodes[PLAN_TAY_NINH]["type"] == "document"
    graph = read_graphml(written(store, focus_569, "graphml"))
    assert graph.nodes[PLAN_TAY_NINH]["year"] == 2023
    assert graph.nodes[PLAN_TAY_NINH]["date"] == "2023-08-08"
