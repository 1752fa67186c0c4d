"""Running one SPARQL protocol query in a worker, and writing its result.

Results of SELECT and ASK are written as SPARQL JSON, XML, CSV or TSV; graphs
(CONSTRUCT, DESCRIBE) as Turtle, N-Triples, JSON-LD or RDF/XML. The format is
chosen by the ``format`` parameter, else the ``Accept`` header (with q-values).
SELECT rows and graph triples past the result limit are cut; a cut result says
so in the ``X-Luocdo-Truncated`` header and, where the format has room for a
note, in the body (a ``"luocdo"`` member in JSON, a comment in XML, Turtle and
N-Triples).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from luocdo.api import guard
from luocdo.api.errors import ApiError, QueryRefused
from luocdo.store import query_dataset

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
NOTE = "the result was cut at the server's result limit"

# media type -> short name, for results (SELECT, ASK) and for graphs
RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "ntriples",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "text/plain": "ntriples",
    "application/json": "jsonld",
}
# the ``format`` parameter's values -> canonical media type
FORMAT_NAMES = {
    "json": "application/sparql-results+json",
    "srj": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "srx": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "ntriples": "application/n-triples",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "json-ld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
    "rdf": "application/rdf+xml",
}
_CANONICAL = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
_RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


@dataclass(frozen=True)
class Answer:
    """A serialized result and what the response should say about it."""

    media_type: str
    body: bytes
    truncated: bool = False
    count: int = 0  # rows or triples written
    headers: dict[str, str] = field(default_factory=dict)


def _accepted(accept: str | None) -> list[tuple[str, float]]:
    """Media ranges of an Accept header, best first (stable for equal q)."""
    ranges: list[tuple[str, float, int]] = []
    for i, part in enumerate((accept or "*/*").split(",")):
        bits = [b.strip() for b in part.split(";")]
        if not bits[0]:
            continue
        q = 1.0
        for b in bits[1:]:
            if b.startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        ranges.append((bits[0].lower(), q, i))
    ranges.sort(key=lambda r: (-r[1], r[2]))
    return [(r, q) for r, q, _ in ranges if q > 0]


# ``format`` names that mean another media type when the answer is a graph: a client
# asking for "xml" or "json" wants RDF/XML or JSON-LD of a CONSTRUCT (SPARQLWrapper
# sends format=xml by default), and N3 is served as Turtle, a subset of N3.
_GRAPH_NAMES = {
    "xml": "application/rdf+xml",
    "json": "application/ld+json",
    "n3": "text/turtle",
    "text/n3": "text/turtle",
    "text/rdf+n3": "text/turtle",
    "application/n3": "text/turtle",
    "rdf+xml": "application/rdf+xml",
    "application/xml": "application/rdf+xml",
    "text/xml": "application/rdf+xml",
    "application/x-json+ld": "application/ld+json",
}


def _named(kind: str, name: str) -> str | None:
    """The media type a ``format`` value stands for in answers of ``kind``, if any."""
    name = name.strip().lower()
    table = GRAPH_TYPES if kind == "graph" else RESULT_TYPES
    media = (_GRAPH_NAMES.get(name) if kind == "graph" else None) or FORMAT_NAMES.get(name, name)
    return media if media in table else None


def negotiate(kind: str, accept: str | None,
              fmt: str | Sequence[str] | None) -> tuple[str, str]:
    """The (media type, short name) to answer a ``kind`` ("results" or "graph") with.

    ``fmt`` holds the values of the ``format``/``output``/``results`` parameters,
    which clients repeat in several spellings (SPARQLWrapper sends ``format=tsv``
    and ``format=text/tab-separated-values``): the first that can express the
    answer wins. When none can, the ``Accept`` header decides, so a client that
    names a format the query form cannot have still gets an answer it accepts.
    """
    table = GRAPH_TYPES if kind == "graph" else RESULT_TYPES
    default = "text/turtle" if kind == "graph" else "application/sparql-results+json"
    names = [fmt] if isinstance(fmt, str) else list(fmt or ())
    names = [n for n in names if n.strip()]
    for name in names:
        media = _named(kind, name)
        if media is not None:
            return _CANONICAL[table[media]], table[media]
    for media, _q in _accepted(accept):
        if media in ("*/*", "application/*", "text/*"):
            return default, table[default]
        if media in table:
            return _CANONICAL[table[media]], table[media]
    offered = sorted({_CANONICAL[v] for v in table.values()})
    if names:
        known = sorted(k for k, v in FORMAT_NAMES.items() if v in table)
        raise ApiError(406, "not_acceptable",
                       f"format {', '.join(names)} cannot express this result; use one of "
                       f"{known}, or an Accept header with one of: {', '.join(offered)}")
    raise ApiError(406, "not_acceptable",
                   f"none of the accepted media types ({accept}) can express this result; "
                   f"offered: {', '.join(offered)}")


def _json_term(term: Any) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "literal", "value": str(term)}


def _xml_term(term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return (f"<literal datatype={quoteattr(term.datatype.value)}>"
                    f"{escape(term.value)}</literal>")
        return f"<literal>{escape(term.value)}</literal>"
    return f"<literal>{escape(str(term))}</literal>"


def _csv_value(term: Any) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term.value) if hasattr(term, "value") else str(term)


def write_select(names: Sequence[str], rows: Sequence[Any], short: str, truncated: bool) -> bytes:
    """SELECT rows in one of the four result formats."""
    if short == "json":
        bindings = [{n: _json_term(r[n]) for n in names if r[n] is not None} for r in rows]
        doc: dict[str, Any] = {"head": {"vars": list(names)}, "results": {"bindings": bindings}}
        if truncated:
            doc["luocdo"] = {"truncated": True, "note": NOTE, "rows": len(rows)}
        return json.dumps(doc, ensure_ascii=False).encode("utf-8")
    if short == "xml":
        out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
        out.append("<head>" + "".join(f"<variable name={quoteattr(n)}/>" for n in names)
                   + "</head>")
        if truncated:
            out.append(f"<!-- {NOTE} ({len(rows)} rows) -->")
        out.append("<results>")
        for r in rows:
            cells = "".join(f"<binding name={quoteattr(n)}>{_xml_term(r[n])}</binding>"
                            for n in names if r[n] is not None)
            out.append(f"<result>{cells}</result>")
        out.append("</results></sparql>\n")
        return "".join(out).encode("utf-8")
    if short == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(names)
        for r in rows:
            writer.writerow([_csv_value(r[n]) for n in names])
        return buf.getvalue().encode("utf-8")
    # TSV: terms in their N-Triples / SPARQL form
    lines = ["\t".join(f"?{n}" for n in names)]
    for r in rows:
        lines.append("\t".join("" if r[n] is None else str(r[n]) for n in names))
    return ("\n".join(lines) + "\n").encode("utf-8")


def write_boolean(value: bool, short: str) -> bytes:
    """An ASK answer in one of the four result formats."""
    if short == "json":
        return json.dumps({"head": {}, "boolean": value}).encode("utf-8")
    if short == "xml":
        return ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head/><boolean>{'true' if value else 'false'}</boolean></sparql>\n"
                ).encode()
    text = "true" if value else "false"
    return (f"_askResult\r\n{text}\r\n" if short == "csv" else f"?_askResult\n{text}\n").encode()


def write_graph(triples: Sequence[ox.Triple], short: str, truncated: bool,
                prefixes: dict[str, str] | None = None) -> bytes:
    """Triples in one of the graph formats."""
    fmt = _RDF_FORMATS[short]
    kwargs: dict[str, Any] = {"format": fmt}
    if short in ("turtle", "rdfxml") and prefixes:
        kwargs["prefixes"] = prefixes
    body = ox.serialize(list(triples), **kwargs) or b""
    if truncated and short in ("turtle", "ntriples"):
        body = f"# {NOTE} ({len(triples)} triples)\n".encode() + body
    return body


# ---------------------------------------------------------------- one protocol query

PREFIXES = {
    "lo": "https://w3id.org/luocdo/ontology#",
    "lod": "https://w3id.org/luocdo/id/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "oa": "http://www.w3.org/ns/oa#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def _graph_names(store: ox.Store) -> Callable[[], set[str]]:
    cache: list[set[str]] = []

    def names() -> set[str]:
        if not cache:
            cache.append({g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)})
        return cache[0]

    return names


def run_sparql(store: ox.Store, *, query: str, default_graphs: Sequence[str] = (),
               named_graphs: Sequence[str] = (), accept: str | None = None,
               fmt: str | Sequence[str] | None = None, max_rows: int = 10_000,
               base_iri: str | None = None) -> Answer:
    """Check, run and serialize one query of the SPARQL protocol."""
    graphs = _graph_names(store)
    try:
        reason = guard.refusal(query, graphs)
    except guard.Unreadable as exc:
        raise ApiError(400, "malformed_query", f"SPARQL syntax error: {exc}") from None
    if reason:
        raise QueryRefused(reason)
    for kind, iris in (("default-graph-uri", default_graphs), ("named-graph-uri", named_graphs)):
        for iri in iris:
            if iri not in graphs():
                raise QueryRefused(f"{kind} <{iri}>: no such graph in this store")
    options: dict[str, Any] = {"base_iri": base_iri} if base_iri else {}
    if default_graphs or named_graphs:
        options["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
        options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    else:
        options.update(query_dataset(store))
    # results are computed lazily: errors can come while reading them, too
    try:
        return _evaluate(store, query, options, accept, fmt, max_rows)
    except SyntaxError as exc:
        raise ApiError(400, "malformed_query", f"SPARQL syntax error: {exc}") from None
    except PermissionError:
        # the worker's sandbox refused the engine a network socket (luocdo.api.sandbox)
        raise QueryRefused("the query asks this endpoint to reach another server (SERVICE); "
                           "it makes no network requests") from None
    except (ValueError, RuntimeError) as exc:
        raise ApiError(400, "malformed_query", f"the query cannot be run: {exc}") from None


def _evaluate(store: ox.Store, query: str, options: dict[str, Any], accept: str | None,
              fmt: str | Sequence[str] | None, max_rows: int) -> Answer:
    result = store.query(query, **options)
    if isinstance(result, ox.QueryBoolean | bool):  # bool: a SPARQL server's ASK
        media, short = negotiate("results", accept, fmt)
        return Answer(media, write_boolean(bool(result), short), count=1)
    if isinstance(result, ox.QuerySolutions):
        media, short = negotiate("results", accept, fmt)
        names = [v.value for v in result.variables]
        rows: list[dict[str, Any]] = []
        truncated = False
        for sol in result:
            if len(rows) >= max_rows:
                truncated = True
                break
            rows.append({n: sol[n] for n in names})
        return Answer(media, write_select(names, rows, short, truncated), truncated, len(rows))
    media, short = negotiate("graph", accept, fmt)
    triples: list[ox.Triple] = []
    truncated = False
    for t in result:
        if len(triples) >= max_rows:
            truncated = True
            break
        triples.append(t)
    return Answer(media, write_graph(triples, short, truncated, PREFIXES), truncated, len(triples))
