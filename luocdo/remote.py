"""A store kept on a SPARQL server, spoken to through the SPARQL 1.1 protocols.

:class:`SparqlServer` answers the part of pyoxigraph's ``Store`` API that
:class:`luocdo.store.Store` and its callers use (``query``, ``update``,
``quads_for_pattern``, ``named_graphs``, ``extend``…), by SPARQL queries and
updates sent with SPARQLWrapper. Results come back as SPARQL JSON or
N-Triples and are parsed by pyoxigraph, so callers get the same Python objects
from a server as from the embedded store.

One document is one named graph there too. Each write luocdo makes is a single
SPARQL Update request (the document's graph and the merged default graph
together), which the servers run as one transaction: a reader never sees half
a document.

Endpoints: ``http://host:port`` (Oxigraph server's layout: ``/query``,
``/update``), ``http://host:port/dataset`` (Fuseki's layout: ``/dataset/query``,
``/dataset/update``); other layouts name their endpoints in the environment:
``LUOCDO_SPARQL_QUERY_URL``, ``LUOCDO_SPARQL_UPDATE_URL``. Credentials are read
from ``LUOCDO_SPARQL_USER`` and ``LUOCDO_SPARQL_PASSWORD``, never from the
command line.
"""

from __future__ import annotations

import os
import re
import urllib.error
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pyoxigraph as ox

from luocdo.errors import InputError, QueryError, ServerUnavailable, StoreError
from luocdo.sparql_tokens import substitute

QUERY_ENV = "LUOCDO_SPARQL_QUERY_URL"
UPDATE_ENV = "LUOCDO_SPARQL_UPDATE_URL"
USER_ENV = "LUOCDO_SPARQL_USER"
PASSWORD_ENV = "LUOCDO_SPARQL_PASSWORD"
TIMEOUT = 300  # seconds a request may take before it is reported as failed

# scheme://… ; pathlib folds "//" to "/" when a URL went through Path (typer's Path options)
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+):/+(?=[^/])")
# the query form: the first of its keywords after the prologue and comments
_QUERY_FORM = re.compile(
    r"^(?:\s+|\#[^\r\n]*|PREFIX\s*[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)*"
    r"(SELECT|ASK|CONSTRUCT|DESCRIBE)", re.IGNORECASE)


def looks_like_url(value: str | os.PathLike[str]) -> bool:
    """True for ``scheme://…``: such a value names a server, never a folder."""
    return bool(_SCHEME.match(os.fspath(value)))


def as_url(value: str | os.PathLike[str]) -> str:
    """``value`` with its ``scheme://`` restored (``http:/h:1`` -> ``http://h:1``)."""
    return _SCHEME.sub(lambda m: f"{m.group(1)}://", os.fspath(value), count=1)


@dataclass(frozen=True)
class Endpoints:
    """Where queries and updates of one store are sent."""

    base: str
    query: str
    update: str


def endpoints(url: str, environ: Mapping[str, str] | None = None) -> Endpoints:
    """The query and update endpoints of the store at ``url``.

    Raises :class:`InputError` for a URL that is not http(s) with a host.
    """
    env = os.environ if environ is None else environ
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError("a store on a server is named by an http:// or https:// URL with a "
                         "host, such as http://127.0.0.1:7878", source=url)
    base = url.rstrip("/")
    for suffix in ("/query", "/sparql", "/update"):
        if base.endswith(suffix):
            base = base[: -len(suffix)]
    return Endpoints(base, env.get(QUERY_ENV) or f"{base}/query",
                     env.get(UPDATE_ENV) or f"{base}/update")


# an INSERT DATA or DELETE DATA operation that holds no triple, and the ';' after it
_EMPTY_DATA = re.compile(
    r"(?:INSERT|DELETE)\s+DATA\s*\{\s*(?:GRAPH\s*<[^>]*>\s*\{\s*\}\s*)?\}\s*;?", re.IGNORECASE)


def _boolean(body: bytes, url: str) -> bool:
    """An ASK answer in SPARQL JSON; Virtuoso answers one binding, ``__ASK_RETVAL``."""
    import json

    try:
        data = json.loads(body)
        if "boolean" in data:
            return bool(data["boolean"])
        rows = data["results"]["bindings"]  # no row: false
        return bool(rows) and bool(int(next(iter(rows[0].values()))["value"]))
    except (ValueError, KeyError, IndexError, StopIteration, TypeError) as exc:
        raise StoreError(f"{url}: the server's answer to an ASK query is not a boolean "
                         f"({exc})") from exc


def _graph_list(value: Any) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list | tuple) else [value]
    return [g.value for g in items if isinstance(g, ox.NamedNode)]


def _term(term: Any) -> str:
    return str(term)  # pyoxigraph prints terms in N-Triples syntax


def _graph_pattern(subject: Any, predicate: Any, object_: Any) -> tuple[str, list[str]]:
    names = []
    parts = []
    for name, value in (("s", subject), ("p", predicate), ("o", object_)):
        if value is None:
            names.append(name)
            parts.append(f"?{name}")
        else:
            parts.append(_term(value))
    return " ".join(parts), names


class SparqlServer:
    """The subset of ``pyoxigraph.Store`` luocdo uses, answered by a SPARQL server."""

    def __init__(self, url: str, environ: Mapping[str, str] | None = None):
        env = os.environ if environ is None else environ
        self.url = url
        self.endpoints = endpoints(url, env)
        self._user = env.get(USER_ENV)
        self._password = env.get(PASSWORD_ENV)

    # -- the protocol --------------------------------------------------------

    def _client(self, endpoint: str) -> Any:
        from SPARQLWrapper import POST, URLENCODED, SPARQLWrapper

        client = SPARQLWrapper(endpoint, updateEndpoint=self.endpoints.update)
        client.setMethod(POST)
        client.setRequestMethod(URLENCODED)
        client.setTimeout(TIMEOUT)
        client.setOnlyConneg(True)  # the Accept header alone: no format= that servers misread
        if self._user:
            client.setCredentials(self._user, self._password or "")
        return client

    def _send(self, client: Any, what: str) -> bytes:
        from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

        try:
            body: bytes = client.query().response.read()
            return body
        except SPARQLWrapperException as exc:  # 400, 401, 404, 500 as SPARQLWrapper names them
            message = str(exc).replace("\n", " ")[:600]
            if "QueryBadFormed" in type(exc).__name__:
                raise QueryError(f"{self.url}: the server refused the {what}: {message}") from exc
            raise ServerUnavailable(f"{self.url}: the {what} failed: {message}") from exc
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip().replace("\n", " ")[:600]
            raise ServerUnavailable(f"{self.url}: the {what} failed with HTTP {exc.code} "
                                    f"{exc.reason}: {detail}") from exc
        except OSError as exc:  # URLError, timeouts and refused connections are OSErrors
            reason = getattr(exc, "reason", exc)
            raise ServerUnavailable(f"{self.url}: cannot reach the SPARQL server for the "
                                    f"{what} ({reason}); is it running?") from exc

    def query(self, sparql: str, *, prefixes: Mapping[str, str] | None = None,
              substitutions: Mapping[ox.Variable, Any] | None = None,
              use_default_graph_as_union: bool = False, base_iri: str | None = None,
              default_graph: Any = None, named_graphs: Any = None) -> Any:
        """Run a query; the answer is pyoxigraph's (solutions, boolean or triples)."""
        text = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in (prefixes or {}).items())
        if base_iri:
            text = f"BASE <{base_iri}>\n" + text
        text += sparql
        if substitutions:
            # SEP-0007 substitution is pyoxigraph's own: the terms are written in instead
            text = substitute(text, {v.value: _term(t) for v, t in substitutions.items()})
        if use_default_graph_as_union:
            raise StoreError(f"{self.url}: the store holds no merged default graph; ingest "
                             "into it with luocdo, which keeps one")
        form = _QUERY_FORM.match(text)
        kind = form.group(1).upper() if form else "SELECT"
        client = self._client(self.endpoints.query)
        client.setQuery(text)
        # a dataset named by the caller (the protocol's default-graph-uri, named-graph-uri)
        for graph in _graph_list(default_graph):
            client.addDefaultGraph(graph)
        for graph in _graph_list(named_graphs):
            client.addNamedGraph(graph)
        if kind in ("CONSTRUCT", "DESCRIBE"):
            client.addCustomHttpHeader("Accept", "application/n-triples")
            body = self._send(client, "query")
            return iter(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
        client.addCustomHttpHeader("Accept", "application/sparql-results+json")
        body = self._send(client, "query")
        if kind == "ASK":
            return _boolean(body, self.url)
        try:
            return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"{self.url}: the server's answer is not SPARQL JSON results "
                             f"({exc})") from exc

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL update (one request: one transaction on the server)."""
        from SPARQLWrapper import INSERT

        text = f"BASE <{base_iri}>\n{sparql}" if base_iri else sparql
        text = _EMPTY_DATA.sub("", text)  # Virtuoso refuses DELETE/INSERT DATA with no triple
        if not text.strip():
            return
        client = self._client(self.endpoints.update)
        client.setQuery(text)
        client.queryType = INSERT  # an update whatever its first keyword (WITH, DROP…)
        self._send(client, "update")

    # -- pyoxigraph's store API ----------------------------------------------

    def quads_for_pattern(self, subject: Any, predicate: Any, object_: Any,
                          graph_name: Any = None) -> Iterator[ox.Quad]:
        pattern, names = _graph_pattern(subject, predicate, object_)
        variables = [f"?{n}" for n in names] + (["?g"] if graph_name is None else [])
        projection = " ".join(variables) or "(1 AS ?found)"  # a fully given quad
        if isinstance(graph_name, ox.DefaultGraph):
            text = f"SELECT {projection} WHERE {{ {pattern} }}"
        elif graph_name is not None:
            text = f"SELECT {projection} WHERE {{ GRAPH {_term(graph_name)} {{ {pattern} }} }}"
        else:
            text = (f"SELECT {projection} WHERE {{ {{ {pattern} }} UNION "
                    f"{{ GRAPH ?g {{ {pattern} }} }} }}")
        fixed = {"s": subject, "p": predicate, "o": object_}
        for row in self.query(text):
            values = {n: row[n] if n in names else fixed[n] for n in ("s", "p", "o")}
            if graph_name is None:
                g = row["g"] if row["g"] is not None else ox.DefaultGraph()
            else:
                g = graph_name
            yield ox.Quad(values["s"], values["p"], values["o"], g)

    def __iter__(self) -> Iterator[ox.Quad]:
        return self.quads_for_pattern(None, None, None, None)

    def __len__(self) -> int:
        rows = self.query("SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION "
                          "{ GRAPH ?g { ?s ?p ?o } } }")
        return int(next(iter(rows))["n"].value)

    def named_graphs(self) -> Iterator[ox.NamedNode]:
        for row in self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"):
            if isinstance(row["g"], ox.NamedNode):
                yield row["g"]

    def contains_named_graph(self, graph_name: Any) -> bool:
        return bool(self.query(f"ASK {{ GRAPH {_term(graph_name)} {{ ?s ?p ?o }} }}"))

    def held_elsewhere(self, triples: Sequence[ox.Triple], leaving: ox.NamedNode,
                       chunk: int = 500) -> set[ox.Triple]:
        """The ``triples`` that a named graph other than ``leaving`` also holds."""
        found: set[ox.Triple] = set()
        for i in range(0, len(triples), chunk):
            rows = " ".join(f"({_term(t.subject)} {_term(t.predicate)} {_term(t.object)})"
                            for t in triples[i:i + chunk])
            text = (f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES (?s ?p ?o) {{ {rows} }} "
                    f"GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != {_term(leaving)}) }}")
            for row in self.query(text):
                found.add(ox.Triple(row["s"], row["p"], row["o"]))
        return found

    def extend(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads in one request (one transaction)."""
        by_graph: dict[str, list[str]] = {}
        for quad in quads:
            key = "" if isinstance(quad.graph_name, ox.DefaultGraph) else _term(quad.graph_name)
            by_graph.setdefault(key, []).append(
                f"{_term(quad.subject)} {_term(quad.predicate)} {_term(quad.object)} .")
        if not by_graph:
            return
        blocks = [("\n".join(lines) if not g else f"GRAPH {g} {{\n" + "\n".join(lines) + "\n}")
                  for g, lines in by_graph.items()]
        self.update("INSERT DATA {\n" + "\n".join(blocks) + "\n}")

    def bulk_extend(self, quads: Sequence[ox.Quad] | Iterable[ox.Quad]) -> None:
        self.extend(quads)

    def clear(self) -> None:
        self.update("DROP ALL")

    def flush(self) -> None:
        """Nothing to flush: the server commits each request."""
