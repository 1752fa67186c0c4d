"""The SPARQL clients analysts use, with their default settings, against a real server.

SPARQLWrapper repeats the format in several parameters and spellings
(``format=tsv&format=text/tab-separated-values&output=tsv&results=tsv``) and asks
for XML by default, which for a CONSTRUCT means RDF/XML; rdflib's SPARQLStore
posts form-encoded queries. Each query form is asked in each format the client
names, and the answer is parsed by its media type and compared with what the
store holds.
"""

from __future__ import annotations

import csv
import io
import json
import socket
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from xml.dom import minidom

import httpx
import pytest
import rdflib
import uvicorn
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import (
    CSV,
    JSON,
    JSONLD,
    N3,
    POST,
    RDFXML,
    TSV,
    TURTLE,
    XML,
    SPARQLWrapper,
)

from luocdo.api.app import create_app

FORMATS = [None, JSON, XML, CSV, TSV, TURTLE, N3, RDFXML, JSONLD]
SELECT = "SELECT ?s ?o WHERE { ?s <http://purl.org/dc/terms/title> ?o } ORDER BY ?s"
ASK = "ASK { ?s <http://purl.org/dc/terms/title> ?o }"
CONSTRUCT = "CONSTRUCT { ?s <http://purl.org/dc/terms/title> ?o } WHERE { ?s <http://purl.org/dc/terms/title> ?o }"  # noqa: E501
DESCRIBE = "DESCRIBE <http://example.org/data1.rdf>"
# tests/api/conftest.py gives each of the three protocol graphs one title
TITLES = 3


@pytest.fixture(scope="module")
def endpoint(store_dir: Path) -> Iterator[str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    app = create_app(store_dir, workers=2, timeout=20.0)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            httpx.get(base + "/sparql", timeout=2)
            break
        except httpx.HTTPError:
            time.sleep(0.1)
    yield base + "/sparql"
    server.should_exit = True
    thread.join(10)


def _wrapper(endpoint: str, query: str, fmt: str | None, method: str) -> tuple[str, bytes]:
    sw = SPARQLWrapper(endpoint)
    sw.setQuery(query)
    if fmt:
        sw.setReturnFormat(fmt)
    if method == "POST":
        sw.setMethod(POST)
    with warnings.catch_warnings():  # SPARQLWrapper warns on a format the form cannot have
        warnings.simplefilter("ignore")
        result = sw.query()
    return result.response.headers["content-type"].split(";")[0], result.response.read()


def _rows(media: str, body: bytes) -> list[str]:
    """The ?s values of a SELECT answer, whatever its format."""
    if media == "application/sparql-results+json":
        return [b["s"]["value"] for b in json.loads(body)["results"]["bindings"]]
    if media == "application/sparql-results+xml":
        doc = minidom.parseString(body)
        return [b.getElementsByTagName("uri")[0].firstChild.data  # type: ignore[union-attr]
                for b in doc.getElementsByTagName("binding") if b.getAttribute("name") == "s"]
    if media in ("text/csv", "text/tab-separated-values"):
        delimiter = "," if media == "text/csv" else "\t"
        rows = list(csv.reader(io.StringIO(body.decode()), delimiter=delimiter))
        return [r[0].strip("<>") for r in rows[1:] if r]
    raise AssertionError(f"not a results format: {media}")


def _boolean(media: str, body: bytes) -> bool:
    if media == "application/sparql-results+json":
        return bool(json.loads(body)["boolean"])
    if media == "application/sparql-results+xml":
        return minidom.parseString(body).getElementsByTagName("boolean")[0].firstChild.data == "true"  # type: ignore[union-attr]  # noqa: E501
    if media in ("text/csv", "text/tab-separated-values"):
        return body.decode().split()[-1] == "true"
    raise AssertionError(f"not a results format: {media}")


_RDFLIB = {"text/turtle": "turtle", "application/rdf+xml": "xml",
           "application/ld+json": "json-ld", "application/n-triples": "nt"}


def _graph(media: str, body: bytes) -> rdflib.Graph:
    return rdflib.Graph().parse(data=body, format=_RDFLIB[media])


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_sparqlwrapper_select(endpoint: str, fmt: str | None, method: str) -> None:
    media, body = _wrapper(endpoint, SELECT, fmt, method)
    # a format SELECT can have is honoured; any other gets the default (JSON)
    wanted = {None: "application/sparql-results+xml", JSON: "application/sparql-results+json",
              XML: "application/sparql-results+xml", CSV: "text/csv",
              TSV: "text/tab-separated-values"}.get(fmt, "application/sparql-results+json")
    assert media == wanted
    assert sorted(_rows(media, body)) == [f"http://example.org/data{i}.rdf" for i in (1, 2, 3)]


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_sparqlwrapper_ask(endpoint: str, fmt: str | None, method: str) -> None:
    media, body = _wrapper(endpoint, ASK, fmt, method)
    assert _boolean(media, body) is True


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("query", [CONSTRUCT, DESCRIBE])
def test_sparqlwrapper_graphs(endpoint: str, query: str, fmt: str | None, method: str) -> None:
    media, body = _wrapper(endpoint, query, fmt, method)
    # XML (SPARQLWrapper's default) of a graph is RDF/XML
    wanted = {None: "application/rdf+xml", XML: "application/rdf+xml",
              RDFXML: "application/rdf+xml", JSON: "application/ld+json",
              JSONLD: "application/ld+json"}.get(fmt, "text/turtle")
    assert media == wanted
    graph = _graph(media, body)
    title = rdflib.URIRef("http://purl.org/dc/terms/title")
    if query == CONSTRUCT:
        assert len(graph) == TITLES and set(graph.predicates()) == {title}
    else:
        assert (rdflib.URIRef("http://example.org/data1.rdf"), title,
                rdflib.Literal("graph 1")) in graph


def test_rdflib_sparqlstore(endpoint: str) -> None:
    graph = rdflib.Graph(store=SPARQLStore(endpoint, method="POST_FORM"))
    rows = list(graph.query(SELECT))
    assert sorted(str(r[0]) for r in rows) == [f"http://example.org/data{i}.rdf"
                                               for i in (1, 2, 3)]
    assert graph.query(ASK).askAnswer is True
    assert len(graph.query(CONSTRUCT).graph) == TITLES  # type: ignore[arg-type]
    get = rdflib.Graph(store=SPARQLStore(endpoint, method="GET"))
    assert len(list(get.query(SELECT))) == TITLES


def test_curl_style_requests(endpoint: str) -> None:
    """What the README shows with curl: a plain GET with an Accept header."""
    r = httpx.get(endpoint, params={"query": SELECT}, headers={"Accept": "text/csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert len(_rows("text/csv", r.content)) == TITLES
    r = httpx.post(endpoint, content=CONSTRUCT,
                   headers={"Content-Type": "application/sparql-query",
                            "Accept": "application/n-triples"})
    assert len(_graph("application/n-triples", r.content)) == TITLES


def test_a_format_and_an_accept_that_both_cannot_express_the_answer_is_406(
        endpoint: str) -> None:
    r = httpx.get(endpoint, params={"query": SELECT, "format": "turtle"},
                  headers={"Accept": "image/png"})
    assert r.status_code == 406
    assert "turtle" in r.json()["error"]["message"]


# -- Apache Jena (Java): rsparql, the command line over Jena's HTTP query execution (what
# RDFConnection runs), from Debian's libapache-jena-java (make system-deps installs it).
JENA = Path("/usr/share/java")
# jena-*.jar and the libraries Debian's package depends on
JENA_LIBRARIES = ("commons-cli", "commons-codec", "commons-compress", "commons-csv",
                  "commons-io", "commons-lang3", "dexx.collection", "gson", "guava", "httpclient",
                  "httpcore", "jackson-core", "jackson-databind", "jackson-annotations",
                  "jsonld-java", "slf4j-api", "slf4j-nop", "thrift", "titanium-json-ld",
                  "jakarta.json-api")


@pytest.fixture(scope="module")
def jena(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The java command line that runs Jena's classes (fails, never skips, without Jena)."""
    import shutil
    import zipfile

    java = shutil.which("java")
    jars = sorted(JENA.glob("jena-*-[0-9]*.jar"))
    if java is None or not any(j.name.startswith("jena-cmds-") for j in jars):
        pytest.fail("Java or Debian's libapache-jena-java is missing: run make system-deps")
    libraries = [JENA / f"{name}.jar" for name in JENA_LIBRARIES]
    missing = [str(p) for p in libraries if not p.exists()]
    assert not missing, f"libraries of libapache-jena-java missing: {missing}"
    # Debian's jena-core moves the shaded Xerces classes to xerces.* but leaves their
    # message bundles under org/apache/jena/ext/xerces/: without them Jena cannot start
    # ("RuntimeException: internal error" in XSSimpleTypeDecl.applyFacets1).
    bundles = tmp_path_factory.mktemp("jena-bundles")
    core = next(j for j in jars if j.name.startswith("jena-core-"))
    prefix = "org/apache/jena/ext/xerces/"
    with zipfile.ZipFile(core) as archive:
        for name in archive.namelist():
            if name.startswith(prefix) and name.endswith(".properties"):
                target = bundles / "xerces" / name[len(prefix):]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(archive.read(name))
    classpath = ":".join([str(bundles), *map(str, jars), *map(str, libraries)])
    return [java, "-cp", classpath]


def _rsparql(jena: list[str], endpoint: str, query: str, results: str) -> str:
    import subprocess

    done = subprocess.run([*jena, "arq.rsparql", "--service", endpoint, f"--results={results}",
                           query], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.mark.parametrize("results", ["json", "xml", "csv", "tsv"])
def test_jena_rsparql_select(jena: list[str], endpoint: str, results: str) -> None:
    out = _rsparql(jena, endpoint, SELECT, results)
    for i in (1, 2, 3):
        assert f"http://example.org/data{i}.rdf" in out
    assert "graph 1" in out


@pytest.mark.parametrize("results", ["json", "xml"])
def test_jena_rsparql_ask(jena: list[str], endpoint: str, results: str) -> None:
    out = _rsparql(jena, endpoint, ASK, results)
    assert "true" in out
    no = _rsparql(jena, endpoint, "ASK { ?s <http://example.org/nothing> ?o }", results)
    assert "false" in no and "true" not in no


@pytest.mark.parametrize("query", [CONSTRUCT, DESCRIBE], ids=["construct", "describe"])
def test_jena_rsparql_graphs(jena: list[str], endpoint: str, query: str) -> None:
    graph = _graph("application/n-triples", _rsparql(jena, endpoint, query, "nt").encode())
    title = rdflib.URIRef("http://purl.org/dc/terms/title")
    assert (rdflib.URIRef("http://example.org/data1.rdf"), title,
            rdflib.Literal("graph 1")) in graph
    if query == CONSTRUCT:
        assert len(graph) == TITLES and set(graph.predicates()) == {title}
