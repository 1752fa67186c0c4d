"""REST operations the pages need that are not named queries themselves.

``GET /queries/{name}/sparql``: the SPARQL text of a named query, so that the SPARQL
page can offer the named queries as ready examples (and a program can read what an
operation runs). ``GET /agencies/succession`` (``api/agency.py``): who answers for an
agency's duties after the 2025 reorganization, for the agency page.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter
from fastapi import Path as PathParam
from fastapi.responses import Response

import luocdo.queries as queries
from luocdo.api.agency import agency_router
from luocdo.api.errors import ApiError


def browse_router() -> APIRouter:
    """Routes of the operations the pages use."""
    router = APIRouter()
    router.include_router(agency_router())

    @router.get("/queries/{name}/sparql", tags=["named queries"],
                summary="The SPARQL text of a named query (its .rq file, with its #+ header)",
                responses={200: {"content": {"application/sparql-query": {}}},
                           404: {"description": "no such named query"}})
    async def query_text(
        name: Annotated[str, PathParam(max_length=64, pattern=r"^[a-z_][a-z0-9_]*$",
                                       description="the named query, e.g. trace_down")],
    ) -> Response:
        q = queries.registry().get(name)
        if q is None or not q.public:
            raise ApiError(404, "not_found", f"no named query {name!r}; see GET /queries")
        return Response(q.text, media_type="application/sparql-query; charset=utf-8")

    return router
