"""The HTTP layer: SPARQL results and formats, safety, the REST operations."""

from __future__ import annotations

import csv
import io
import json
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from luocdo import queries

TOKEN = "s3cret-test-token"
LOD = "https://w3id.org/luocdo/id/"
SYMBOL_QUERY = """PREFIX lo: <https://w3id.org/luocdo/ontology#>
SELECT DISTINCT ?d ?s WHERE { ?d lo:symbol ?s . FILTER(CONTAINS(?s, "QĐ-TTg")) } ORDER BY ?s"""


def _rows(response: Any) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    data = json.loads(response.content)
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


# ---------------------------------------------------------------- SPARQL endpoint


def test_get_form_and_direct_post_agree_on_non_ascii(client: TestClient) -> None:
    by_get = _rows(client.get("/sparql", params={"query": SYMBOL_QUERY}))
    by_form = _rows(client.post("/sparql", data={"query": SYMBOL_QUERY}))
    by_direct = _rows(client.post("/sparql", content=SYMBOL_QUERY.encode("utf-8"),
                                  headers={"Content-Type": "application/sparql-query"}))
    assert by_get == by_form == by_direct
    assert [r["s"] for r in by_get] == ["569/QĐ-TTg", "709/QĐ-TTg"]


@pytest.mark.parametrize(("accept", "fmt", "media"), [
    ("application/sparql-results+json", None, "application/sparql-results+json"),
    ("application/sparql-results+xml", None, "application/sparql-results+xml"),
    ("text/csv", None, "text/csv"),
    ("text/tab-separated-values", None, "text/tab-separated-values"),
    ("text/html, application/sparql-results+xml;q=0.5", None, "application/sparql-results+xml"),
    ("*/*", "tsv", "text/tab-separated-values"),
    ("application/sparql-results+xml", "json", "application/sparql-results+json"),
])
def test_select_formats_match_pyoxigraph(client: TestClient, store_dir: Path, accept: str,
                                         fmt: str | None, media: str) -> None:
    params = {"query": SYMBOL_QUERY, **({"format": fmt} if fmt else {})}
    r = client.get("/sparql", params=params, headers={"Accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == media
    store = ox.Store.read_only(str(store_dir))
    theirs = store.query(SYMBOL_QUERY, use_default_graph_as_union=True)
    if media == "text/csv":  # pyoxigraph does not parse CSV results back: compare the tables
        expected = theirs.serialize(format=ox.QueryResultsFormat.CSV).decode("utf-8")
        assert list(csv.reader(io.StringIO(r.text))) == list(csv.reader(io.StringIO(expected)))
        return
    short = {"application/sparql-results+json": ox.QueryResultsFormat.JSON,
             "application/sparql-results+xml": ox.QueryResultsFormat.XML,
             "text/csv": ox.QueryResultsFormat.CSV,
             "text/tab-separated-values": ox.QueryResultsFormat.TSV}[media]
    ours = ox.parse_query_results(r.content, short)
    reparsed = ox.parse_query_results(theirs.serialize(format=short), short)
    assert [v.value for v in ours.variables] == [v.value for v in reparsed.variables]
    assert [[s[v] for v in ours.variables] for s in ours] == \
        [[s[v] for v in reparsed.variables] for s in reparsed]


@pytest.mark.parametrize(("accept", "media", "fmt"), [
    ("text/turtle", "text/turtle", ox.RdfFormat.TURTLE),
    ("application/n-triples", "application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("application/ld+json", "application/ld+json", ox.RdfFormat.JSON_LD),
    ("application/rdf+xml", "application/rdf+xml", ox.RdfFormat.RDF_XML),
])
def test_graph_formats(client: TestClient, accept: str, media: str, fmt: ox.RdfFormat) -> None:
    q = ("CONSTRUCT { ?d <http://ex/symbol> ?s } "
         "WHERE { ?d <https://w3id.org/luocdo/ontology#symbol> ?s }")
    r = client.get("/sparql", params={"query": q}, headers={"Accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == media
    triples = list(ox.parse(r.content, format=fmt))
    assert ox.Literal("569/QĐ-TTg") in {t.object for t in triples}


def test_unacceptable_format_is_406(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": "image/png"})
    assert r.status_code == 406
    assert r.json()["error"]["code"] == "not_acceptable"


def test_service_description(client: TestClient) -> None:
    r = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    triples = list(ox.parse(r.content, format=ox.RdfFormat.TURTLE))
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert ox.NamedNode(sd + "SPARQL11Query") in {t.object for t in triples}
    assert ox.NamedNode("http://testserver/sparql") in {t.object for t in triples}


@pytest.mark.parametrize(("query", "expected"), [
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE at line 1"),
    ("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", "no such graph in this store"),
    ("PREFIX ex: <http://example.org/>\nSELECT * FROM NAMED ex:g WHERE { GRAPH ?g { ?s ?p ?o } }",
     "FROM NAMED <http://example.org/g> at line 2"),
])
def test_unsafe_queries_are_refused(client: TestClient, query: str, expected: str) -> None:
    r = client.get("/sparql", params={"query": query})
    assert r.status_code == 400
    assert r.json()["error"]["code"] == "query_refused"
    assert expected in r.json()["error"]["message"]


def test_keywords_inside_strings_are_not_refused(client: TestClient) -> None:
    q = 'SELECT ("SERVICE FROM <x> LOAD" AS ?x) ?service WHERE { BIND(1 AS ?service) }'
    assert _rows(client.get("/sparql", params={"query": q}))[0]["x"] == "SERVICE FROM <x> LOAD"


def test_from_a_graph_of_the_store_is_allowed(client: TestClient) -> None:
    g = LOD + "eli/vn-dong-nai/kh/2024/386/ubnd/graph"
    q = f"SELECT (COUNT(*) AS ?n) FROM <{g}> WHERE {{ ?s ?p ?o }}"
    assert int(_rows(client.get("/sparql", params={"query": q}))[0]["n"]) > 10


def test_unknown_default_graph_uri_is_refused(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": "ASK {}", "default-graph-uri": "http://evil/"})
    assert r.status_code == 400
    assert r.json()["error"]["code"] == "query_refused"


def test_result_limit_cuts_and_says_so(make_client: Callable[..., TestClient]) -> None:
    c = make_client(max_rows=3)
    r = c.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert r.headers["X-Luocdo-Truncated"] == "true"
    assert r.headers["X-Luocdo-Result-Limit"] == "3"
    data = json.loads(r.content)
    assert len(data["results"]["bindings"]) == 3
    assert data["luocdo"]["truncated"] is True
    r = c.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
              headers={"Accept": "application/n-triples"})
    assert r.headers["X-Luocdo-Truncated"] == "true"
    assert r.text.startswith("# the result was cut")
    r = c.get("/queries/tasks")
    assert r.json()["truncated"] is True and len(r.json()["rows"]) == 3
    r = c.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 2"})
    assert "X-Luocdo-Truncated" not in r.headers


def test_updates_are_off_by_default(client: TestClient) -> None:
    r = client.post("/sparql", data={"update": "CLEAR ALL"})
    assert r.status_code == 403
    assert r.json()["error"]["code"] == "updates_disabled"


def test_updates_need_the_token(make_client: Callable[..., TestClient]) -> None:
    c = make_client(enable_update=True, token=TOKEN)
    update = 'INSERT DATA { GRAPH <http://ex/g> { <http://ex/s> <http://ex/p> "QĐ-TTg mới" } }'
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}):
        r = c.post("/sparql", data={"update": update}, headers=headers)
        assert r.status_code == 401, headers
        assert r.json()["error"]["code"] == "unauthorized"
    r = c.post("/sparql", data={"update": update}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 204
    rows = _rows(c.get("/sparql", params={"query": "SELECT ?o WHERE { <http://ex/s> ?p ?o }"}))
    assert rows == [{"o": "QĐ-TTg mới"}]
    r = c.post("/sparql", data={"update": "LOAD <http://example.org/data.ttl>"},
               headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "query_refused"


def test_an_update_must_name_its_graph(make_client: Callable[..., TestClient]) -> None:
    # the default graph is the merge the store keeps: writing into it alone is refused
    c = make_client(enable_update=True, token=TOKEN)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    r = c.post("/sparql", data={"update": 'INSERT DATA { <http://ex/s> <http://ex/p> "x" }'},
               headers=auth)
    assert r.status_code == 400, r.text
    assert r.json()["error"]["code"] == "update_refused"
    assert "named graph" in r.json()["error"]["message"]
    query = "SELECT ?o WHERE { <http://ex/s> ?p ?o }"
    assert _rows(c.get("/sparql", params={"query": query})) == []
    # dropping a document's graph takes its triples out of the merge
    graph = LOD + "eli/vn-tay-ninh/kh/2023/2502/ubnd/graph"
    r = c.post("/sparql", data={"update": f"DROP GRAPH <{graph}>"}, headers=auth)
    assert r.status_code == 204, r.text
    query = f"SELECT ?t WHERE {{ <{LOD}eli/vn-tay-ninh/kh/2023/2502/ubnd> ?p ?t }}"
    assert _rows(c.get("/sparql", params={"query": query})) == []


def test_workers_see_what_luocdo_ingest_wrote_meanwhile(
        make_client: Callable[..., TestClient], seed_files: list[Path]) -> None:
    from luocdo.ingest import ingest_paths
    from luocdo.store import Store

    c = make_client()
    # the fixture's 2502/KH-UBND is cut down to 3 tasks; the seed it stands for has 34 in its table
    count = ("SELECT (COUNT(?t) AS ?n) WHERE { <https://w3id.org/luocdo/id/eli/vn-tay-ninh/kh/"
             "2023/2502/ubnd> <https://w3id.org/luocdo/ontology#hasTask> ?t }")
    before = int(_rows(c.get("/sparql", params={"query": count}))[0]["n"])
    assert before == 3
    # another process (here: this one, as `luocdo ingest` would) writes to the store
    with Store.open(c.app.state.pool.store_dir) as store:  # type: ignore[attr-defined]
        assert ingest_paths([seed_files[0]], store).ok
    after = int(_rows(c.get("/sparql", params={"query": count}))[0]["n"])
    assert after > 34


def test_slow_query_is_killed_while_others_are_answered(
        make_client: Callable[..., TestClient]) -> None:
    c = make_client(workers=2, timeout=2.0)
    c.get("/sparql", params={"query": "ASK {}"})  # both workers started
    slow = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . "
            "?m ?n1 ?o }")
    outcome: dict[str, Any] = {}

    def run_slow() -> None:
        start = time.monotonic()
        outcome["response"] = c.get("/sparql", params={"query": slow})
        outcome["seconds"] = time.monotonic() - start

    thread = threading.Thread(target=run_slow)
    thread.start()
    time.sleep(0.3)
    start = time.monotonic()
    quick = c.get("/queries/trace_down", params={"document": "08-NQ/TU"})
    quick_seconds = time.monotonic() - start
    assert quick.status_code == 200 and quick.json()["rows"]
    thread.join(30)
    assert quick_seconds < 1.5  # answered while the slow query was still running
    r = outcome["response"]
    assert r.status_code == 503
    assert r.json()["error"]["code"] == "query_timeout"
    assert 1.9 < outcome["seconds"] < 10
    assert c.app.state.pool.killed == 1  # type: ignore[attr-defined]
    # the killed worker is replaced: the server keeps answering
    assert _rows(c.get("/sparql", params={"query": "SELECT (1 AS ?x) {}"})) == [{"x": "1"}]


# ---------------------------------------------------------------- REST


def test_one_operation_per_named_query(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    public = sorted(n for n, q in queries.registry().items() if q.public)
    for name in public:
        op = spec["paths"][f"/queries/{name}"]["get"]
        declared = {p.name for p in queries.get(name).params}
        assert declared | {"format"} == {p["name"] for p in op["parameters"]}, name
    listed = [q["name"] for q in client.get("/queries").json()]
    assert sorted(listed) == public


def test_named_query_as_json_and_csv(client: TestClient) -> None:
    r = client.get("/queries/coverage", params={"document": "569/QĐ-TTg"})
    assert r.status_code == 200
    body = r.json()
    assert body["view"] == "table"
    got = [(row["name"], row["tasks"]) for row in body["rows"]]
    assert got == [("Tây Ninh", 3), ("Đồng Nai", 2)]
    r = client.get("/queries/coverage", params={"document": "569/QĐ-TTg"},
                   headers={"Accept": "text/csv"})
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert [(row["name"], row["tasks"]) for row in rows] == [("Tây Ninh", "3"), ("Đồng Nai", "2")]


def test_search_operation(client: TestClient) -> None:
    r = client.get("/queries/search", params={"text": "qd 569"})
    assert [row["label"] for row in r.json()["rows"]] == ["569/QĐ-TTg"]


@pytest.mark.parametrize(("path", "params", "status", "code"), [
    ("/queries/trace_down", {}, 422, "invalid_parameters"),
    ("/queries/trace_down", {"document": "999/QĐ-TTg"}, 404, "not_found"),
    ("/queries/tasks", {"due_before": "someday"}, 400, "bad_query"),
    ("/queries/nope", {}, 404, "not_found"),
    ("/documents/999/QĐ-TTg", {}, 404, "not_found"),
])
def test_errors_have_stable_codes(client: TestClient, path: str, params: dict[str, str],
                                  status: int, code: str) -> None:
    r = client.get(path, params=params)
    assert r.status_code == status
    assert r.json()["error"]["code"] == code
    assert "Traceback" not in r.text and "/work/" not in r.text


def test_get_document(client: TestClient) -> None:
    r = client.get("/documents/386/KH-UBND")
    assert r.status_code == 200
    doc = r.json()
    assert doc["document"]["iri"] == LOD + "eli/vn-dong-nai/kh/2024/386/ubnd"
    assert doc["document"]["ingested"] is True and doc["document"]["tasks"] == 3
    assert {rel["symbol"] for rel in doc["relations"]} == {"348-KH/TU", "709/QĐ-TTg"}
    by_iri = client.get("/documents/eli/vn-dong-nai/kh/2024/386/ubnd").json()
    assert by_iri["document"] == doc["document"]


def test_docs_are_served_locally(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    assert "cdn" not in page.text.lower() and "https://" not in page.text
    assert client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200
    assert client.get("/static/luocdo/docs.js").status_code == 200


def test_cors_is_off_by_default_and_configurable(client: TestClient,
                                                 make_client: Callable[..., TestClient]) -> None:
    headers = {"Origin": "https://example.org"}
    assert "access-control-allow-origin" not in client.get("/queries", headers=headers).headers
    c = make_client(cors_origins=["https://example.org"])
    r = c.get("/queries", headers=headers)
    assert r.headers["access-control-allow-origin"] == "https://example.org"


def test_storing_a_document_needs_writes(client: TestClient) -> None:
    r = client.post("/documents", files={"file": ("a.txt", "Số: 1/KH-UBND".encode())})
    assert r.status_code == 403
    assert r.json()["error"]["code"] == "writes_disabled"


def test_upload_of_a_seed_is_extracted(client: TestClient, seed_files: list[Path]) -> None:
    seed = seed_files[0]
    r = client.post("/documents", params={"dry_run": "true"},
                    files={"file": (seed.name, seed.read_bytes())})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["symbol"] == "2502/KH-UBND"
    assert body["stored"] is None


def test_validation_runs_in_a_worker_under_the_time_limit(
        make_client: Callable[..., TestClient]) -> None:
    # Validating the whole fixture store takes pySHACL about 0.25 s here, an ASK
    # query a few ms: the worker validating is killed at the 0.15 s limit, and the
    # server answers the next request.
    c = make_client(workers=1, timeout=0.15)
    c.get("/sparql", params={"query": "ASK {}"})  # the worker started
    killed = c.app.state.pool.killed  # type: ignore[attr-defined]
    r = c.get("/validate")
    assert r.status_code == 503, r.text
    assert r.json()["error"]["code"] == "query_timeout"
    assert c.app.state.pool.killed == killed + 1  # type: ignore[attr-defined]
    assert _rows(c.get("/sparql", params={"query": "SELECT (1 AS ?x) {}"})) == [{"x": "1"}]


def test_validate_one_document(client: TestClient) -> None:
    r = client.get("/validate", params={"document": "2502/KH-UBND"})
    assert r.status_code == 200, r.text
    report = r.json()["report"]
    documents = [d["document"] for d in report["documents"]]
    assert documents == [LOD + "eli/vn-tay-ninh/kh/2023/2502/ubnd"]
    # fixture task 2 has no product and task 10 no lead: the shapes say so
    assert report["counts"]["violation"] + report["counts"]["warning"] >= 1
