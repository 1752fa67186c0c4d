"""The REST API: one operation per named query, documents, validation.

Operations for named queries are generated from the registry
(:mod:`luocdo.queries`): a new ``queries/<name>.rq`` file adds
``GET /queries/<name>`` with its parameters, summary and description. Answers
are JSON by default and CSV (``format=csv`` or ``Accept: text/csv``) since
every named query gives a table. A query that pages (``tasks``) answers one page
when ``page_size`` or ``after`` is given, with ``next`` (the cursor to send as
``after``) and ``total`` in the JSON body, or the headers ``X-Luocdo-Next`` and
``X-Luocdo-Total`` of a CSV answer.
"""

from __future__ import annotations

import collections
import csv
import hmac
import inspect
import io
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.datastructures import UploadFile

from luocdo import queries  # type: ignore[attr-defined]  # mapped from queries/
from luocdo.api import limits as limiting
from luocdo.api.errors import ApiError
from luocdo.api.sparql import EndpointConfig
from luocdo.api.worker import QueryPool

UPLOAD_SUFFIXES = (".txt", ".docx", ".html", ".htm", ".pdf")


class ErrorDetail(BaseModel):
    code: str = Field(description="stable error code, e.g. bad_query, not_found, query_timeout")
    message: str


class ErrorBody(BaseModel):
    error: ErrorDetail


class QueryResult(BaseModel):
    query: str = Field(description="the named query")
    view: str = Field(description="suggested view: table, tree, graph or timeline")
    columns: list[str]
    rows: list[dict[str, Any]]
    truncated: bool = Field(description="true when rows were cut at the result limit")
    params: dict[str, Any] = Field(description="the parameters as given")


class QueryPage(QueryResult):
    """The answer of a named query that pages (it declares ``page_size`` and ``after``):
    ``next`` and ``total`` are there when one of them was given, absent otherwise."""

    next: str | None = Field(default=None, description="the cursor of the next page, to send "
                             "as after; null on the last page")
    total: int | None = Field(default=None, description="the number of rows of all pages; "
                              "null when it is not had cheaply (tasks with a date bound, "
                              "unless the agency is given by its IRI)")


class ParameterInfo(BaseModel):
    name: str
    type: str
    required: bool
    default: str | None = None
    description: str = ""


class QueryInfo(BaseModel):
    name: str
    summary: str
    description: str
    returns: str
    view: str
    params: list[ParameterInfo]
    path: str


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "bad parameters"},
    404: {"model": ErrorBody, "description": "no such document"},
    429: {"model": ErrorBody, "description": "too_many_requests: this client already has its "
                                             "share of requests running (Retry-After)"},
    503: {"model": ErrorBody, "description": "query_timeout: the time limit passed; busy: "
                                             "every worker is taken and the queue is full "
                                             "(Retry-After); or the store is unavailable"},
}
CSV_TYPES = {"text/csv"}


def _wants_csv(request: Request, fmt: str | None) -> bool:
    if fmt:
        return fmt.lower() == "csv"
    accept = request.headers.get("accept", "")
    first = accept.split(",")[0].split(";")[0].strip().lower()
    return first in CSV_TYPES


def _csv(result: queries.Result) -> Response:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(result.columns)
    for row in result.rows:
        writer.writerow(["" if row.get(c) is None else row.get(c) for c in result.columns])
    headers = {"X-Luocdo-Truncated": "true"} if result.truncated else {}
    if result.paged:  # a page: where the next one starts, and how many in all
        if result.total is not None:
            headers["X-Luocdo-Total"] = str(result.total)
        if result.next is not None:
            headers["X-Luocdo-Next"] = result.next
    return Response(buf.getvalue().encode("utf-8"), media_type="text/csv; charset=utf-8",
                    headers=headers)


def _json(result: queries.Result) -> dict[str, Any]:
    body = {
        "query": result.query,
        "view": result.view,
        "columns": list(result.columns),
        "rows": [dict(r) for r in result.rows],
        "truncated": result.truncated,
        "params": dict(result.params),
    }
    if result.paged:  # a page (the keys are absent from unpaged answers)
        body["next"] = result.next
        body["total"] = result.total
    return body


class Bodies:
    """JSON responses of named queries' answers, encoded once per answer object.

    The pool hands out the same object for an answer it keeps (:class:`ResultCache
    <luocdo.api.worker.ResultCache>`), so a trace asked again is not encoded again:
    encoding one of 200 rows took about 2 ms, as much as the rest of the request. The
    rows are plain JSON values already, so the body is what validating them against
    :class:`QueryResult` would give, without its cost (4 ms for the same trace). The
    last bodies up to ``size`` bytes are remembered, each with its answer (so that its
    ``id`` is not reused meanwhile), none over a quarter of it; the server's event loop
    is the only caller.
    """

    def __init__(self, size: int = 64 << 20):
        self.size = size
        self._kept: collections.OrderedDict[int, tuple[queries.Result, bytes]] = \
            collections.OrderedDict()
        self._held = 0  # bytes kept

    def json(self, result: queries.Result) -> Response:
        kept = self._kept.get(id(result))
        if kept is not None and kept[0] is result:
            self._kept.move_to_end(id(result))
            return Response(kept[1], media_type="application/json")
        body = bytes(JSONResponse(_json(result)).body)
        if len(body) <= self.size // 4:
            old = self._kept.pop(id(result), None)
            if old is not None:
                self._held -= len(old[1])
            self._kept[id(result)] = (result, body)
            self._held += len(body)
            while self._held > self.size:
                _, (_, dropped) = self._kept.popitem(last=False)
                self._held -= len(dropped)
        return Response(body, media_type="application/json")


def _annotation(p: queries.Parameter) -> Any:
    doc = p.description or p.name
    if p.default is not None:
        doc += f" (default: {p.default})"
    if p.type == "integer":
        base: Any = int
        query = Query(description=doc, ge=p.minimum, le=p.maximum)
    elif p.type == "boolean":
        base = bool
        query = Query(description=doc)
    else:
        base = str
        query = Query(description=doc, max_length=queries.MAX_TEXT, min_length=1)
    return Annotated[base if p.required else base | None, query]


def _operation(q: queries.NamedQuery, pool: Callable[[], QueryPool],
               max_rows: int, bodies: Bodies) -> Callable[..., Any]:
    async def endpoint(request: Request, **values: Any) -> Any:
        fmt = values.pop("format", None)
        params = {k: v for k, v in values.items() if v is not None}
        job = {"name": q.name, "params": params, "limit": max_rows}
        # an answer the pool keeps for the store as it is needs no thread (issue 13)
        result: queries.Result | None = pool().kept("named", job)
        if result is None:
            result = await run_in_threadpool(pool().run, "named", job)
        if _wants_csv(request, fmt):
            return _csv(result)
        return bodies.json(result)

    sig = [inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD,
                             annotation=Request)]
    for p in q.params:
        sig.append(inspect.Parameter(p.name, inspect.Parameter.KEYWORD_ONLY,
                                     default=inspect.Parameter.empty if p.required else None,
                                     annotation=_annotation(p)))
    sig.append(inspect.Parameter(
        "format", inspect.Parameter.KEYWORD_ONLY, default=None,
        annotation=Annotated[Literal["json", "csv"] | None,
                             Query(description="json (default) or csv; or send Accept: text/csv")]))
    endpoint.__signature__ = inspect.Signature(sig)  # type: ignore[attr-defined]
    endpoint.__name__ = f"query_{q.name}"
    return endpoint


def _pages(q: queries.NamedQuery) -> bool:
    """True when the query answers by pages (``tasks``: see ``queries/engine.py``)."""
    return {"page_size", "after"} <= {p.name for p in q.params}


def _info(q: queries.NamedQuery) -> dict[str, Any]:
    return {
        "name": q.name,
        "summary": q.summary,
        "description": q.description,
        "returns": q.returns,
        "view": q.view,
        "params": [{"name": p.name, "type": p.type if p.type != "words" else f"words({p.slots})",
                    "required": p.required, "default": p.default,
                    "description": p.description} for p in q.params],
        "path": f"/queries/{q.name}",
    }


def _has_token(request: Request, config: EndpointConfig) -> bool:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return bool(config.enable_update and config.token and scheme.lower() == "bearer"
                and hmac.compare_digest(token.strip().encode(), config.token.encode()))


def _check_writer(request: Request, config: EndpointConfig) -> None:
    if not config.enable_update:
        raise ApiError(403, "writes_disabled",
                       "the server is read-only; start it with --enable-update --token to store "
                       "documents, or send dry_run=true to extract and validate only")
    if not _has_token(request, config):
        raise ApiError(401, "unauthorized",
                       "storing a document needs 'Authorization: Bearer <token>'",
                       {"WWW-Authenticate": 'Bearer realm="luocdo"'})


# The upload as OpenAPI describes it: the endpoint reads the body itself, after the
# token and size checks, so FastAPI must not parse it first.
UPLOAD_BODY: dict[str, Any] = {"requestBody": {"required": True, "content": {
    "multipart/form-data": {"schema": {
        "type": "object", "required": ["file"],
        "properties": {"file": {"type": "string", "format": "binary",
                                "description": "the document file"}}}}}}}
ENVELOPE = 65_536  # bytes of multipart framing allowed around the file


def rest_router(pool: Callable[[], QueryPool], config: EndpointConfig,
                limits: limiting.Limits | None = None) -> APIRouter:
    """Routes of the REST API over the worker pool ``pool()``."""
    router = APIRouter()
    limits = limits or limiting.Limits()
    previews = limiting.Window(limits.previews_per_minute, 60.0)
    bodies = Bodies()

    @router.get("/queries", tags=["named queries"], response_model=list[QueryInfo],
                summary="The named queries and their parameters")
    async def list_queries() -> list[dict[str, Any]]:
        return [_info(q) for q in queries.registry().values() if q.public]

    for q in sorted(queries.registry().values(), key=lambda x: x.name):
        if not q.public:
            continue
        router.add_api_route(
            f"/queries/{q.name}", _operation(q, pool, config.max_rows, bodies), methods=["GET"],
            tags=["named queries"], summary=q.summary,
            description=(f"{q.description}\n\nReturns {q.returns}. "
                         f"Suggested view: {q.view}.").strip(),
            response_model=QueryPage if _pages(q) else QueryResult, responses={
                **ERRORS, 200: {"content": {"text/csv": {}}, "description": "the rows"}},
            operation_id=f"query_{q.name}",
        )

    @router.get("/documents/{ref:path}", tags=["documents"], responses=ERRORS,
                summary="One document: what is known of it and its relations in and out")
    async def get_document(
        ref: Annotated[str, PathParam(description="document IRI, its path under "
                                                  "https://w3id.org/luocdo/id/, or its number "
                                                  "and symbol (569/QĐ-TTg)")],
    ) -> dict[str, Any]:
        if not ref.strip() or len(ref) > queries.MAX_TEXT:
            raise ApiError(400, "bad_query", "give a document IRI or its number and symbol")
        info: queries.Result = await run_in_threadpool(
            pool().run, "named", {"name": "_document_info", "params": {"document": ref}})
        relations: queries.Result = await run_in_threadpool(
            pool().run, "named", {"name": "document", "params": {"document": ref},
                                  "limit": config.max_rows})
        if not info.rows:
            raise ApiError(404, "not_found", f"no document {ref!r} in the store")
        return {"document": dict(info.rows[0]), "relations": [dict(r) for r in relations.rows],
                "truncated": relations.truncated}

    @router.post("/documents", tags=["documents"], responses={
        **ERRORS, 401: {"model": ErrorBody}, 403: {"model": ErrorBody},
        413: {"model": ErrorBody}, 415: {"model": ErrorBody}, 422: {"model": ErrorBody},
        429: {"model": ErrorBody}},
        summary="Extract an uploaded document (.txt, .docx, .html, .pdf), validate it, and "
                "store it (writes need --enable-update and the token)",
        description="The file is read in a worker process under a time and a memory limit "
                    "(422 `extraction_timeout`, 413 `extraction_too_large`). Without the "
                    "token only a preview (`dry_run=true`) is allowed, of a smaller file and "
                    "a few times a minute per client (429 `too_many_requests`).",
        openapi_extra=UPLOAD_BODY)
    async def post_document(
        request: Request,
        dry_run: Annotated[bool, Query(description="extract and validate only, store nothing")
                           ] = False,
        text: Annotated[bool, Query(description="also return the text as read (NFC), in "
                                                "whose characters every span is counted")
                        ] = False,
    ) -> dict[str, Any]:
        # everything that can refuse the upload is checked before its body is read
        if not dry_run:
            _check_writer(request, config)
        writer = _has_token(request, config)
        cap = limits.upload if writer else limits.preview
        if not writer:
            if cap <= 0:
                raise ApiError(403, "previews_disabled",
                               "this server reads uploads only from token holders")
            previews.take(limiting.client_of(request.scope), "previews without the token")
        declared = limiting.content_length(request.scope)
        if declared is not None and declared > cap + ENVELOPE:
            raise limiting.BodyTooLarge(cap, "the upload")
        counted = Request(request.scope, limiting.counting(request.receive, cap + ENVELOPE,
                                                           "the upload"))
        async with counted.form(max_files=1, max_fields=4) as form:
            file = form.get("file")
            if not isinstance(file, UploadFile):
                raise ApiError(422, "invalid_parameters",
                               "send the document as the multipart/form-data field 'file'")
            name = Path(file.filename or "upload.txt").name
            suffix = Path(name).suffix.lower()
            if suffix not in UPLOAD_SUFFIXES:
                raise ApiError(415, "unsupported_media_type",
                               f"{name}: expected one of {', '.join(UPLOAD_SUFFIXES)}")
            data = await file.read(cap + 1)
        if len(data) > cap:
            raise limiting.BodyTooLarge(cap, name)
        extracted: dict[str, Any] = await run_in_threadpool(
            pool().run, "extract",
            {"name": name, "suffix": suffix, "data": data, "graph": not dry_run, "text": text})
        ntriples = extracted.pop("ntriples", None)
        out = {"file": name, **extracted, "stored": None}
        if not dry_run:
            out["stored"] = await run_in_threadpool(_store, out["graph"], ntriples, config,
                                                    pool)
        return out

    @router.get("/validate", tags=["documents"], responses=ERRORS,
                summary="Validate the store, or one document, against the SHACL shapes "
                        "(in a query worker, under the time limit)")
    async def validate_store(
        document: Annotated[str | None, Query(
            description="validate this document only (IRI or number and symbol)",
            max_length=queries.MAX_TEXT, min_length=1)] = None,
    ) -> dict[str, Any]:
        report = await run_in_threadpool(pool().run, "validate", {"document": document})
        return {"report": report}

    return router


def _store(graph_iri: str, ntriples: bytes, config: EndpointConfig,
           pool: Callable[[], QueryPool]) -> str:
    """Make the extracted graph the content of its named graph; workers then reload."""
    import rdflib

    from luocdo.store import Store

    graph = rdflib.Graph()
    graph.parse(data=ntriples, format="nt")
    with config.update_lock:
        store = Store.open(config.store_dir)
        try:
            status: str = store.replace_graph(graph_iri, graph)
        finally:
            store.close()
    pool().reload()
    return status
