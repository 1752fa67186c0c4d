"""The SPARQL 1.1 Protocol at ``/sparql``: a mountable FastAPI router.

- query by ``GET ?query=``, by ``POST`` form-encoded (``query=``) or by ``POST``
  direct (``application/sparql-query``); the three give identical results;
- ``default-graph-uri`` / ``named-graph-uri`` name graphs of the store;
- results as SPARQL JSON, XML, CSV or TSV, graphs as Turtle, N-Triples, JSON-LD
  or RDF/XML, by ``Accept`` or ``format``;
- ``GET /sparql`` without a query: the service description (SPARQL 1.1 Service
  Description);
- errors: 400 with the parser's message and position; refused queries
  (``SERVICE``, ``LOAD``, ``FROM`` a graph the store lacks) 400 ``query_refused``;
- every query runs in a killable worker (:mod:`luocdo.api.worker`) with a time
  limit and a result limit; a cut result says so (``X-Luocdo-Truncated``);
- SPARQL Update (``update=``, ``application/sparql-update``) only when enabled,
  and then only with ``Authorization: Bearer <token>``.

Form bodies are decoded once, as UTF-8, strictly.
"""

from __future__ import annotations

import hmac
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl

import rdflib
from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from luocdo.api import formats, guard
from luocdo.api.errors import ApiError, QueryRefused
from luocdo.api.limits import check_query
from luocdo.api.worker import QueryPool
from luocdo.api.writer import run_update

SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = rdflib.Namespace("http://www.w3.org/ns/formats/")
ENTAILMENT = rdflib.Namespace("http://www.w3.org/ns/entailment/")

FORM = "application/x-www-form-urlencoded"
DIRECT_QUERY = "application/sparql-query"
DIRECT_UPDATE = "application/sparql-update"
MAX_BODY = 1_000_000  # bytes of a query or update text


@dataclass
class EndpointConfig:
    """What the endpoint allows; set by ``create_app``/``luocdo serve``."""

    store_dir: Path | str  # a folder, or the URL of a SPARQL server
    max_rows: int = 10_000
    enable_update: bool = False
    token: str | None = None
    update_lock: threading.Lock = field(default_factory=threading.Lock)


def _media(request: Request) -> tuple[str, str | None]:
    """The request's media type (lower case, no parameters) and charset, if any."""
    raw = request.headers.get("content-type", "")
    parts = [p.strip() for p in raw.split(";")]
    charset = None
    for p in parts[1:]:
        if p.lower().startswith("charset="):
            charset = p.split("=", 1)[1].strip().strip('"').lower()
    return parts[0].lower(), charset


def _utf8(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(400, "bad_encoding",
                       f"the {what} is not valid UTF-8 (byte {exc.start})") from None


def _form(body: bytes) -> list[tuple[str, str]]:
    text = _utf8(body, "form body")
    try:
        return parse_qsl(text, keep_blank_values=True, strict_parsing=False,
                         encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise ApiError(400, "bad_encoding",
                       "a form field is not valid UTF-8 once decoded") from None


def _one(pairs: list[tuple[str, str]], name: str) -> str | None:
    values = [v for k, v in pairs if k == name]
    if len(values) > 1:
        raise ApiError(400, "bad_request", f"more than one {name!r} parameter")
    return values[0] if values else None


def _all(pairs: list[tuple[str, str]], name: str) -> list[str]:
    return [v for k, v in pairs if k == name]


def _formats(pairs: list[tuple[str, str]]) -> list[str]:
    """The result format asked for, in every spelling a client sent: ``format``
    (Virtuoso, Fuseki), ``output`` (Joseki, sparqler), ``results`` (SPARQLWrapper
    sends all three, sometimes twice)."""
    return [v for k, v in pairs if k in ("format", "output", "results") and v.strip()]


def service_description(endpoint: str, update: bool) -> rdflib.Graph:
    """The SPARQL 1.1 Service Description of this endpoint."""
    g = rdflib.Graph()
    g.bind("sd", SD)
    g.bind("formats", FORMATS)
    service = rdflib.BNode("service")
    g.add((service, rdflib.RDF.type, SD.Service))
    g.add((service, SD.endpoint, rdflib.URIRef(endpoint)))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    if update:
        g.add((service, SD.supportedLanguage, SD.SPARQL11Update))
    g.add((service, SD.feature, SD.UnionDefaultGraph))
    g.add((service, SD.defaultEntailmentRegime, ENTAILMENT.Simple))
    for fmt in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                "SPARQL_Results_TSV", "Turtle", "N-Triples", "JSON-LD", "RDF_XML"):
        g.add((service, SD.resultFormat, FORMATS[fmt]))
    dataset = rdflib.BNode("dataset")
    default = rdflib.BNode("default")
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, rdflib.RDF.type, SD.Dataset))
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, rdflib.RDF.type, SD.Graph))
    return g


_SD_FORMATS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}


def _description_response(request: Request, config: EndpointConfig,
                          fmt: list[str]) -> Response:
    media, _short = formats.negotiate("graph", request.headers.get("accept"), fmt)
    endpoint = _endpoint(request)
    g = service_description(endpoint, config.enable_update)
    data = g.serialize(format=_SD_FORMATS[media])
    return Response(data.encode("utf-8") if isinstance(data, str) else data, media_type=media)


def _endpoint(request: Request) -> str:
    """The endpoint's URL: the base IRI of queries and updates (SPARQL 1.1 Protocol 2.1.4)."""
    return str(request.url.replace(query="", fragment=""))


def _answer(answer: formats.Answer, max_rows: int) -> Response:
    headers = dict(answer.headers)
    if answer.truncated:
        headers["X-Luocdo-Truncated"] = "true"
        headers["X-Luocdo-Result-Limit"] = str(max_rows)
    media = answer.media_type
    if media.startswith("text/") or media.endswith("+xml") or media.endswith("json"):
        media += "; charset=utf-8"
    return Response(answer.body, headers=headers, media_type=media)


def sparql_router(pool: Callable[[], QueryPool], config: EndpointConfig) -> APIRouter:
    """The ``/sparql`` routes, answering through the worker pool ``pool()``."""
    router = APIRouter(tags=["SPARQL"])

    async def _query(request: Request, query: str, default_graphs: list[str],
                     named_graphs: list[str], fmt: list[str]) -> Response:
        payload = {
            "query": query,
            "default_graphs": default_graphs,
            "named_graphs": named_graphs,
            "accept": request.headers.get("accept"),
            "fmt": fmt,
            "max_rows": config.max_rows,
            "base_iri": _endpoint(request),
        }
        answer = await run_in_threadpool(pool().run, "sparql", payload)
        return _answer(answer, config.max_rows)

    async def _update(request: Request, update: str, pairs: list[tuple[str, str]]) -> Response:
        if not config.enable_update:
            raise ApiError(403, "updates_disabled",
                           "SPARQL Update is off; start the server with --enable-update --token")
        given = request.headers.get("authorization", "")
        scheme, _, token = given.partition(" ")
        if (not config.token or scheme.lower() != "bearer"
                or not hmac.compare_digest(token.strip().encode(), config.token.encode())):
            raise ApiError(401, "unauthorized",
                           "SPARQL Update needs 'Authorization: Bearer <token>'",
                           {"WWW-Authenticate": 'Bearer realm="luocdo"'})
        if _all(pairs, "using-graph-uri") or _all(pairs, "using-named-graph-uri"):
            raise ApiError(400, "bad_request",
                           "using-graph-uri and using-named-graph-uri are not supported; "
                           "write USING or WITH in the update")
        check_query(update)  # too long or nested too deep: 400 before any process sees it
        try:
            reason = guard.refusal(update, lambda: (), update=True)
        except guard.Unreadable as exc:
            raise ApiError(400, "malformed_query", f"SPARQL syntax error: {exc}") from None
        if reason and not reason.startswith(("USING", "FROM")):
            raise QueryRefused(reason)

        base = _endpoint(request)

        def run() -> None:
            # in a child process with no network (LOAD cannot fetch), killed at the limit
            with config.update_lock:
                run_update(str(config.store_dir), update, base, timeout=pool().timeout)
            pool().reload()

        await run_in_threadpool(run)
        return Response(status_code=204)

    @router.get("/sparql", summary="SPARQL query (GET), or the service description without one")
    async def sparql_get(request: Request) -> Response:
        pairs = list(request.query_params.multi_items())
        if _all(pairs, "update"):
            raise ApiError(400, "bad_request", "SPARQL Update is not allowed by GET; use POST")
        query = _one(pairs, "query")
        fmt = _formats(pairs)
        if query is None:
            return _description_response(request, config, fmt)
        return await _query(request, query, _all(pairs, "default-graph-uri"),
                            _all(pairs, "named-graph-uri"), fmt)

    @router.post("/sparql", summary="SPARQL query or update (POST form-encoded or direct)")
    async def sparql_post(request: Request) -> Response:
        media, charset = _media(request)
        body = await request.body()
        if len(body) > MAX_BODY:
            raise ApiError(413, "too_large", f"the request body is over {MAX_BODY} bytes")
        url_pairs = list(request.query_params.multi_items())
        if media == FORM:
            pairs = _form(body)
            query, update = _one(pairs, "query"), _one(pairs, "update")
            if (query is None) == (update is None):
                raise ApiError(400, "bad_request", "give exactly one of 'query' or 'update'")
            if update is not None:
                return await _update(request, update, pairs)
            assert query is not None
            return await _query(request, query, _all(pairs, "default-graph-uri"),
                                _all(pairs, "named-graph-uri"),
                                _formats(pairs) or _formats(url_pairs))
        if media in (DIRECT_QUERY, DIRECT_UPDATE):
            if charset not in (None, "utf-8", "utf8"):
                raise ApiError(400, "bad_encoding",
                               f"charset {charset!r}: a SPARQL text must be sent as UTF-8")
            text = _utf8(body, "request body")
            if media == DIRECT_UPDATE:
                return await _update(request, text, url_pairs)
            return await _query(request, text, _all(url_pairs, "default-graph-uri"),
                                _all(url_pairs, "named-graph-uri"), _formats(url_pairs))
        raise ApiError(415, "unsupported_media_type",
                       f"Content-Type {media or '(none)'!r}: send {FORM}, {DIRECT_QUERY} "
                       f"or {DIRECT_UPDATE}")

    return router


__all__ = ["EndpointConfig", "service_description", "sparql_router"]
