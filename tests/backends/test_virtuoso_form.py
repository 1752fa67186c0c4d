"""What luocdo.remote sends Virtuoso 7 instead of pyoxigraph's SPARQL (no server needed).

Each rewrite is checked as text, and then run by pyoxigraph on a small dataset:
the rewritten query must give the rows the original gives.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from luocdo import queries
from luocdo.cli import app
from luocdo.remote import (
    MERGE_GRAPH,
    SparqlServer,
    ask_as_select,
    boolean_aggregates,
    boolean_values,
    canonical_booleans,
    counted_group_concats,
    empty_needles,
    endpoints,
    order_keys,
    ordered_aggregates,
    sorted_results,
    split_data,
    unbind_partial_group_concats,
    values_inside,
    virtuoso_form,
    virtuoso_prologue,
    wide_replace,
)
from luocdo.store import Store

EX = "http://example.org/"
HIDDEN = f"<{MERGE_GRAPH}>, <http://www.openlinksw.com/schemas/virtrdf#>"


def _dataset() -> ox.Store:
    """Two documents' graphs and their merge as the default graph, as luocdo keeps them."""
    store = ox.Store()
    data = f"""
    <{EX}g1> {{ <{EX}plan1> <{EX}implements> <{EX}law> . <{EX}plan1> <{EX}task> <{EX}t1> . }}
    <{EX}g2> {{ <{EX}plan2> <{EX}implements> <{EX}law> . <{EX}plan2> <{EX}task> <{EX}t2> .
               <{EX}t2> <{EX}lead> <{EX}agency> . }}
    {{ <{EX}plan1> <{EX}implements> <{EX}law> . <{EX}plan1> <{EX}task> <{EX}t1> .
      <{EX}plan2> <{EX}implements> <{EX}law> . <{EX}plan2> <{EX}task> <{EX}t2> .
      <{EX}t2> <{EX}lead> <{EX}agency> . }}
    """
    store.load(data.encode(), format=ox.RdfFormat.TRIG)
    return store


def _rows(store: ox.Store, query: str) -> list[tuple[str, ...]]:
    result = store.query(query)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables if not v.value.startswith("luocdo_")]
    return sorted(tuple(str(row[n]) for n in names) for row in result)


@pytest.mark.parametrize("query", [
    # a correlated lateral group, an OPTIONAL in one, and a sub-SELECT in one
    f"SELECT ?plan ?task ?lead WHERE {{ ?plan <{EX}implements> <{EX}law> "
    f"LATERAL {{ ?plan <{EX}task> ?task }} LATERAL {{ OPTIONAL {{ ?task <{EX}lead> ?lead }} }} }}",
    f"SELECT ?plan ?n WHERE {{ ?plan <{EX}implements> <{EX}law> LATERAL {{ SELECT ?plan "
    f"(COUNT(?t) AS ?n) WHERE {{ ?plan <{EX}task> ?t }} GROUP BY ?plan }} }}",
    # the documents stating a fact, and one document's graph
    f"SELECT ?g ?plan WHERE {{ GRAPH ?g {{ ?plan <{EX}implements> <{EX}law> }} }}",
    f"SELECT ?task WHERE {{ GRAPH <{EX}g2> {{ ?plan <{EX}task> ?task }} }}",
    # a trailing VALUES of two rows (Virtuoso answers it with no row)
    f"SELECT DISTINCT ?node ?property ?value WHERE {{ ?node ?property ?value }}\n"
    f"VALUES (?node ?property) {{ (<{EX}plan1> <{EX}task>) (<{EX}plan2> <{EX}task>) }}",
])
def test_the_rewritten_query_gives_the_same_rows(query: str) -> None:
    store = _dataset()
    rewritten = values_inside(virtuoso_form(query))
    assert "LATERAL" not in rewritten
    assert _rows(store, rewritten) == _rows(store, query) != []


def test_graph_patterns_leave_out_the_merge_and_virtuoso_s_own_graphs() -> None:
    query = "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert virtuoso_form(query, (MERGE_GRAPH, "http://www.openlinksw.com/schemas/virtrdf#")) == (
        f"SELECT * WHERE {{ {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g NOT IN ({HIDDEN})) }} }}")


def test_templates_and_data_blocks_are_left_alone() -> None:
    update = ("INSERT DATA { GRAPH <g> { <a> <b> <c> } } ;\n"
              "DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } } ;\n"
              "DELETE WHERE { GRAPH <g> { ?s ?p ?o } } ;\nDROP GRAPH <g>")
    out = virtuoso_form(update, (MERGE_GRAPH,))
    lines = out.splitlines()
    assert lines[0] == "INSERT DATA { GRAPH <g> { <a> <b> <c> } } ;"
    assert lines[1].startswith("DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { { GRAPH ?g {")
    assert lines[2] == "DELETE WHERE { GRAPH <g> { ?s ?p ?o } } ;"
    assert lines[3] == "CLEAR GRAPH <g>"  # Virtuoso drops only graphs made by CREATE GRAPH


def test_group_concat_joins_lexical_forms() -> None:
    query = 'SELECT (GROUP_CONCAT(DISTINCT ?name; separator="; ") AS ?n) ' \
            '(GROUP_CONCAT(CONCAT(STR(?node), " ", ?a, ")")) AS ?m) WHERE { }'
    assert virtuoso_form(query) == (
        'SELECT (GROUP_CONCAT(DISTINCT STR(?name); separator="; ") AS ?n) '
        '(GROUP_CONCAT(STR(CONCAT(STR(?node), " ", STR(?a), ")"))) AS ?m) WHERE { }')


def test_the_string_replace_works_on_is_wide() -> None:
    fold = 'REPLACE(REPLACE(LCASE(STR(?name)), "[àá]", "a"), "đ", "d")'
    recode = "bif:charset_recode({}, 'UTF-8', '_WIDE_')"
    assert wide_replace(f"FILTER({fold} = ?wanted)") == "FILTER(REPLACE({}, \"đ\", \"d\") = " \
        "?wanted)".format(recode.format('REPLACE({}, "[àá]", "a")'.format(
            recode.format("LCASE(STR(?name))"))))
    # a string of the query is wide already; a variable may hold either
    assert wide_replace('REPLACE("tây", "â", "a")') == 'REPLACE("tây", "â", "a")'
    assert wide_replace('REPLACE(?x, "â", "a")') == (
        "REPLACE(IF(bif:iswidestring(?x), ?x, bif:charset_recode(?x, 'UTF-8', '_WIDE_')), "
        '"â", "a")')


def test_group_concats_are_counted_beside_the_answer() -> None:
    query = ('SELECT ?t (GROUP_CONCAT(DISTINCT ?lead; separator="; ") AS ?leads) '
             '(GROUP_CONCAT(CONCAT(STR(?node), " ", ?name)) AS ?pairs) '
             "(COUNT(?x) AS ?n) WHERE { { SELECT (GROUP_CONCAT(?y) AS ?z) WHERE { } } } "
             "GROUP BY ?t")
    text, counts = counted_group_concats(query)
    assert counts == {"leads": ["luocdo_count_leads_0"],
                      "pairs": ["luocdo_count_pairs_0", "luocdo_count_pairs_1"]}
    assert text == query.replace(
        "AS ?leads)", "AS ?leads) (COUNT(*) AS ?luocdo_rows) "
                      "(COUNT(?lead) AS ?luocdo_count_leads_0)").replace(
        "AS ?pairs)", "AS ?pairs) (COUNT(?node) AS ?luocdo_count_pairs_0) "
                      "(COUNT(?name) AS ?luocdo_count_pairs_1)")
    assert counted_group_concats("SELECT DISTINCT (GROUP_CONCAT(?a) AS ?b) WHERE { }")[1] == {}
    # a group where ?name was unbound in a row: pyoxigraph's GROUP_CONCAT is unbound
    body = json.dumps({"head": {"vars": ["t", "leads", "pairs", "luocdo_rows",
                                         "luocdo_count_leads_0", "luocdo_count_pairs_0",
                                         "luocdo_count_pairs_1"]},
                       "results": {"bindings": [{
                           "t": {"type": "uri", "value": "http://t"},
                           "leads": {"type": "literal", "value": "A; B"},
                           "pairs": {"type": "literal", "value": "http://a A"},
                           **{name: {"type": "literal", "value": n} for name, n in (
                               ("luocdo_rows", "2"), ("luocdo_count_leads_0", "2"),
                               ("luocdo_count_pairs_0", "2"), ("luocdo_count_pairs_1", "1"))}}]}})
    out = json.loads(unbind_partial_group_concats(body.encode(), counts))
    assert out["head"]["vars"] == ["t", "leads", "pairs"]
    assert out["results"]["bindings"] == [{"t": {"type": "uri", "value": "http://t"},
                                           "leads": {"type": "literal", "value": "A; B"}}]


def test_an_empty_needle_is_found() -> None:
    query = 'FILTER(CONTAINS(?key, "") && CONTAINS(?key, "qd") && STRSTARTS(STR(?x), ?w))'
    assert empty_needles(query) == (
        'FILTER((STRLEN(?key) >= 0) && CONTAINS(?key, "qd") && '
        "IF(STRLEN(?w) = 0, STRLEN(STR(?x)) >= 0, STRSTARTS(STR(?x), ?w)))")
    store = ox.Store()
    for word, found in (("", True), ("b", True), ("z", False)):
        text = f'SELECT * WHERE {{ BIND("abc" AS ?key) BIND("{word}" AS ?w) ' \
               "FILTER(CONTAINS(?key, ?w)) }"
        assert bool(list(store.query(empty_needles(text)))) is found  # type: ignore[arg-type]


def test_an_ordering_expression_names_the_aggregate() -> None:
    query = ("SELECT ?n (MIN(?r_) AS ?rank) (MIN(?l_) AS ?label) WHERE { ?n ?p ?l_ } "
             "GROUP BY ?n ORDER BY ?rank STRLEN(STR(?label)) ?label DESC(?rank) LIMIT 2")
    assert ordered_aggregates(query) == query.replace(
        "STRLEN(STR(?label))", "STRLEN(STR((MIN(?l_))))").replace("DESC(?rank)",
                                                                  "DESC((MIN(?r_)))")


def test_a_condition_on_the_row_of_a_lateral_group_is_the_group_s_filter() -> None:
    query = (f'SELECT * WHERE {{ ?n <{EX}p> ?kind LATERAL {{ OPTIONAL {{ {{ FILTER(?kind = "a") }} '
             f"LATERAL {{ ?n <{EX}q> ?v }} }} }} }}")
    rewritten = virtuoso_form(query)
    assert " ".join(rewritten.split()) == (f"SELECT * WHERE {{ ?n <{EX}p> ?kind OPTIONAL {{ "
                                           f'FILTER(?kind = "a") ?n <{EX}q> ?v }} }}')
    store = ox.Store()
    store.load(f'<{EX}n1> <{EX}p> "a" . <{EX}n2> <{EX}p> "b" . <{EX}n1> <{EX}q> 1 . '
               f'<{EX}n2> <{EX}q> 2 .'.encode(), format=ox.RdfFormat.TURTLE)
    assert _rows(store, rewritten) == _rows(store, query) == [
        ('"a"', f"<{EX}n1>", '"1"^^<http://www.w3.org/2001/XMLSchema#integer>'),
        ('"b"', f"<{EX}n2>", "None")]
    # outside a lateral group it is left alone
    assert virtuoso_form('SELECT * WHERE { { FILTER(?k = "a") } }') == \
        'SELECT * WHERE { { FILTER(?k = "a") } }'


def test_rows_are_ordered_as_pyoxigraph_orders_them() -> None:
    query = "SELECT ?a ?b WHERE { ?a ?p ?b } ORDER BY ?a DESC(?b)"
    assert order_keys(query) == [("a", False), ("b", True)]
    assert order_keys(query + " LIMIT 3") is None  # the server's cut stands
    assert order_keys("SELECT ?a WHERE { } ORDER BY STRLEN(?a)") is None

    def literal(value: str, datatype: str = "") -> dict[str, str]:
        term = {"type": "literal", "value": value}
        return {**term, "datatype": datatype} if datatype else term

    integer = "http://www.w3.org/2001/XMLSchema#integer"
    rows = [{"a": literal("2"), "b": literal("10", integer)},
            {"a": literal("10"), "b": literal("9", integer)},
            {"a": literal("2"), "b": literal("9", integer)},
            {"b": literal("1", integer)},
            {"a": {"type": "uri", "value": "http://x"}, "b": literal("1", integer)}]
    body = json.dumps({"head": {"vars": ["a", "b"]}, "results": {"bindings": rows}})
    ordered = json.loads(sorted_results(body.encode(), order_keys(query) or []))
    assert [(r.get("a", {}).get("value"), r["b"]["value"])
            for r in ordered["results"]["bindings"]] == [
        (None, "1"), ("http://x", "1"), ("10", "9"), ("2", "10"), ("2", "9")]


def test_the_max_of_booleans_is_read_as_a_boolean() -> None:
    query = ("SELECT ?d (MAX(?ingested_) AS ?ingested) (MAX(?n_) AS ?n) WHERE { ?d ?p ?n_ "
             "BIND(EXISTS { ?d <s> ?x } AS ?ingested_) } GROUP BY ?d")
    assert boolean_aggregates(query) == {"ingested"}
    integer = "http://www.w3.org/2001/XMLSchema#integer"
    body = json.dumps({"head": {"vars": ["ingested", "n"]}, "results": {"bindings": [
        {"ingested": {"type": "typed-literal", "datatype": integer, "value": "0"},
         "n": {"type": "typed-literal", "datatype": integer, "value": "1"}}]}})
    row = json.loads(boolean_values(body.encode(), {"ingested"}))["results"]["bindings"][0]
    assert row["ingested"]["value"] == "false" and row["n"]["value"] == "1"
    assert row["ingested"]["datatype"].endswith("#boolean")


def test_ask_becomes_a_select_of_one_row() -> None:
    assert ask_as_select("PREFIX x: <y> ASK { ?s ?p ?o } VALUES ?s { <a> }") == (
        "PREFIX x: <y> SELECT * WHERE { ?s ?p ?o } LIMIT 1 VALUES ?s { <a> }")
    assert ask_as_select("ASK WHERE {}") == "SELECT * WHERE {} LIMIT 1"


def test_data_blocks_are_split_into_small_operations() -> None:
    text = ("DELETE DATA { GRAPH <g> {\n<a> <b> <c> .\n<a> <b> <d> .\n<a> <b> \"}\" .\n} } ;\n"
            "INSERT DATA {\n<a> <b> <c> .\n}")
    assert split_data(text, 2) == (
        "DELETE DATA { GRAPH <g> {\n<a> <b> <c> .\n<a> <b> <d> .\n} } ;\n"
        "DELETE DATA { GRAPH <g> {\n<a> <b> \"}\" .\n} } ;\n"
        "INSERT DATA { \n<a> <b> <c> .\n}")


def test_virtuoso_booleans_are_read_as_true_and_false() -> None:
    body = (b'{"o": { "type": "typed-literal", "datatype": '
            b'"http://www.w3.org/2001/XMLSchema#boolean", "value": "1" }}\n'
            b'<a> <b> "0"^^<http://www.w3.org/2001/XMLSchema#boolean> .')
    assert canonical_booleans(body) == body.replace(b'"1"', b'"true"').replace(b'"0"',
                                                                                b'"false"')


@pytest.mark.parametrize(("url", "query", "update"), [
    ("http://h:7878", "http://h:7878/query", "http://h:7878/update"),  # Oxigraph server
    ("http://h:3030/ds", "http://h:3030/ds/query", "http://h:3030/ds/update"),  # Fuseki
    ("http://h:8890/sparql", "http://h:8890/sparql", "http://h:8890/sparql"),  # Virtuoso
])
def test_endpoints_of_each_layout(url: str, query: str, update: str) -> None:
    found = endpoints(url, {})
    assert (found.query, found.update) == (query, update)


# -- every named query, rewritten as Virtuoso gets it, run by pyoxigraph on the seeds


# Virtuoso's functions that the rewritten queries call, as pyoxigraph's strings need them:
# no string is wide, and making it wide changes nothing
def _is_wide(_value: ox.Literal) -> ox.Literal:
    return ox.Literal(False)


def _recode(value: ox.Literal, _source: ox.Literal, _target: ox.Literal) -> ox.Literal:
    return value


_Function = Callable[..., ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None]
VIRTUOSO_FUNCTIONS: dict[ox.NamedNode, _Function] = {
    ox.NamedNode("bif:iswidestring"): _is_wide, ox.NamedNode("bif:charset_recode"): _recode}


class _RewritingServer:
    """Stands in for Virtuoso: :class:`SparqlServer` rewrites each request as for
    Virtuoso, and pyoxigraph answers it from an embedded store."""

    @staticmethod
    def make(store: Store) -> SparqlServer:
        class Server(SparqlServer):
            def _send(self, client: Any, what: str) -> bytes:
                query = client.queryString.replace(virtuoso_prologue(), "")
                result = store.inner.query(query, prefixes={"bif": "bif:"},
                                           custom_functions=VIRTUOSO_FUNCTIONS)
                if isinstance(result, ox.QuerySolutions):
                    return result.serialize(format=ox.QueryResultsFormat.JSON) or b""
                if isinstance(result, ox.QueryBoolean):
                    return json.dumps({"boolean": bool(result)}).encode()
                return ox.serialize(result, format=ox.RdfFormat.N_TRIPLES) or b""

        server = Server("http://virtuoso.invalid:8890/sparql", {})
        server._software = "Virtuoso/07.20.3229 (stand-in)"
        return server


@pytest.fixture(scope="module")
def seeds_store(seed_files: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("seeds") / "store"
    result = CliRunner().invoke(app, ["ingest", *map(str, seed_files), "--store", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


def _parts(rows: list[dict[str, Any]]) -> list[str]:
    """Rows as sorted text, each value's GROUP_CONCAT parts sorted (their order is open)."""
    def value(v: Any) -> str:
        return "|".join(sorted(re.split(r"; |\n", v))) if isinstance(v, str) else repr(v)
    return sorted(repr(sorted((k, value(v)) for k, v in row.items())) for row in rows)


NAMED = [("trace_down", {"document": "08-NQ/TU"}), ("trace_up", {"document": "2502/KH-UBND"}),
         ("tasks", {}), ("tasks", {"province": "Tây Ninh"}), ("tasks", {"agency": "sở tài chính"}),
         ("tasks", {"agency": "sở khoa học và công nghệ", "role": "coordinator"}),
         ("gaps", {}), ("gaps", {"document": "2502/KH-UBND"}),
         ("document", {"document": "2502/KH-UBND"}),
         ("document_tasks", {"document": "386/KH-UBND"}),
         ("document_targets", {"document": "2502/KH-UBND"}), ("documents", {}), ("provinces", {}),
         ("related", {"document": "2502/KH-UBND"}), ("search", {"text": "qd 569"}),
         ("spans", {"document": "2502/KH-UBND"}), ("task_status", {"document": "2502/KH-UBND"}),
         ("export_nodes", {}), ("export_edges", {}), ("export_tasks", {}),
         ("export_references", {}), ("export_relations", {}), ("export_counts", {})]


@pytest.mark.parametrize(("name", "params"), NAMED,
                         ids=[f"{n}-{'-'.join(map(str, p.values()))}" for n, p in NAMED])
def test_named_queries_keep_their_rows_when_rewritten(
        seeds_store: Path, name: str,
        params: dict[str, Any]) -> None:
    with Store.open(seeds_store, read_only=True) as store:
        wanted = queries.run(store, name, **params).rows
        server = _RewritingServer.make(store)
        got = queries.run(Store(server), name, **params).rows  # type: ignore[arg-type]
    assert wanted, f"{name} {params}: no row on the seeds"
    assert _parts(got) == _parts(wanted)
