"""Export and analytics routes: ``GET /export`` and ``GET /analytics/...``.

A router to include in the app (``app.include_router(export_routes.router)``).
The store directory is the app's (``app.state.config.store_dir``, set by
:func:`luocdo.api.app.create_app`), else the default one. Each request opens
the store read-only in a worker thread, so these routes have no time limit of
their own: an export of a large store takes as long as it takes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from luocdo import settings
from luocdo.export import FORMATS, MEDIA_TYPES, SUFFIXES

MAX_TEXT = 500
T = TypeVar("T")

router = APIRouter()

ExportFormat = Literal["graphml", "gexf", "cyjs", "dot", "xlsx", "csv", "turtle", "nt", "jsonld"]
assert set(ExportFormat.__args__) == set(FORMATS)  # type: ignore[attr-defined]

RelationsQuery = Annotated[str, Query(
    min_length=1, max_length=MAX_TEXT,
    description="relations that count (comma-separated ontology local names, or all)")]
TopQuery = Annotated[int | None, Query(ge=1, le=10_000, description="the first N only")]


def _store_dir(request: Request) -> Path:
    config = getattr(request.app.state, "config", None)
    directory = getattr(config, "store_dir", None)
    return Path(directory) if directory else settings.store_dir()


async def _with_store(request: Request, work: Callable[[Any], T]) -> T:
    """Run ``work(store)`` in a thread on the app's store, opened read-only."""
    directory = _store_dir(request)

    def run() -> T:
        from luocdo.store import Store

        with Store.open(directory, read_only=True) as store:
            return work(store)

    return await run_in_threadpool(run)


def _relations(text: str) -> tuple[str, ...]:
    from luocdo.export import relation_names

    return relation_names(text)


@router.get(
    "/export", tags=["export"],
    summary="The graph for Gephi, Cytoscape or Graphviz, the tasks as a spreadsheet, or RDF",
    description="The whole store, or a focus document with the documents within `depth` hops "
                "above and below it (and their tasks and agencies), or one province's documents, "
                "or one agency's tasks. Graph formats carry Vietnamese labels, node types, dates "
                "and IRIs as attributes; `xlsx` has a tasks sheet and a references sheet; `csv` "
                "is the tasks table. Headers `X-Luocdo-Nodes` and `X-Luocdo-Edges` give the "
                "counts of the graph formats.",
    responses={200: {"content": {t.split(";")[0]: {} for t in MEDIA_TYPES.values()},
                     "description": "the file"},
               400: {"description": "bad parameters"}, 404: {"description": "no such document"}},
)
async def export_graph(
    request: Request,
    format: Annotated[ExportFormat, Query(description="the file format")] = "graphml",
    focus: Annotated[str | None, Query(
        min_length=1, max_length=MAX_TEXT,
        description="a document's number and symbol (569/QĐ-TTg) or IRI")] = None,
    depth: Annotated[int, Query(ge=0, le=20, description="hops around the focus")] = 3,
    relations: RelationsQuery = "implements,alignsWith",
    province: Annotated[str | None, Query(
        min_length=1, max_length=MAX_TEXT, description="a province's name (Tây Ninh)")] = None,
    agency: Annotated[str | None, Query(
        min_length=1, max_length=MAX_TEXT,
        description="an agency's name, abbreviation or IRI")] = None,
) -> Response:
    import io

    from luocdo.export import export, select

    def work(store: Any) -> tuple[bytes, Any]:
        selection = select(store, focus_on=focus, depth=depth,
                           relation_names=_relations(relations), province_name=province,
                           agency_name=agency)
        out = io.BytesIO()
        written = export(store, selection, format, out)
        return out.getvalue(), written

    data, written = await _with_store(request, work)
    headers = {"Content-Disposition": f'attachment; filename="luocdo{SUFFIXES[format]}"'}
    if not written.rows:
        headers["X-Luocdo-Nodes"] = str(written.nodes)
        headers["X-Luocdo-Edges"] = str(written.edges)
    return Response(data, media_type=MEDIA_TYPES[format], headers=headers)


@router.get("/analytics/directives", tags=["analytics"],
            summary="Documents carried out by the most plans and tasks (in-degree, PageRank)")
async def analytics_directives(
    request: Request, top: TopQuery = 20,
    relations: RelationsQuery = "implements,alignsWith",
) -> list[dict[str, Any]]:
    from luocdo import analytics

    ranks = await _with_store(request, lambda store: analytics.directives(
        store, top=top, relation_names=_relations(relations)))
    return [r.to_json() for r in ranks]


@router.get("/analytics/chain", tags=["analytics"],
            summary="The shortest chain of relations between two documents")
async def analytics_chain(
    request: Request,
    source: Annotated[str, Query(min_length=1, max_length=MAX_TEXT,
                                 description="a document: 2502/KH-UBND or its IRI")],
    target: Annotated[str, Query(min_length=1, max_length=MAX_TEXT,
                                 description="another document: 57-NQ/TW or its IRI")],
    relations: RelationsQuery = "implements,alignsWith",
) -> dict[str, Any]:
    from luocdo import analytics

    found = await _with_store(request, lambda store: analytics.chain(
        store, source, target, relation_names=_relations(relations)))
    return found.to_json()


@router.get("/analytics/agencies", tags=["analytics"],
            summary="Agencies ranked by task load: tasks led and tasks coordinated")
async def analytics_agencies(request: Request, top: TopQuery = 20) -> list[dict[str, Any]]:
    from luocdo import analytics

    loads = await _with_store(request, lambda store: analytics.agencies(store, top=top))
    return [a.to_json() for a in loads]


@router.get("/analytics/cycles", tags=["analytics"],
            summary="Cycles in the implementation graph, reported as data errors")
async def analytics_cycles(
    request: Request, relations: RelationsQuery = "implements,alignsWith",
) -> list[dict[str, Any]]:
    from luocdo import analytics

    found = await _with_store(request, lambda store: analytics.cycles(
        store, relation_names=_relations(relations)))
    return [c.to_json() for c in found]
