"""``GET /agencies/succession``: the 2025 reorganization as it touches one agency.

What the agency page shows beside the agency's tasks (issue 16): the body or bodies
responsible for its duties on a day, with the chain of changes and their legal basis,
and the bodies whose duties it took over. A pure data look-up (``luocdo.succession``):
the store is not asked, so a program gets exactly what the page shows.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query

from luocdo import succession
from luocdo.api.errors import ApiError


def _basis(b: succession.LegalBasis) -> dict[str, Any]:
    return {"symbol": b.symbol, "cite": b.cite(), "title": b.title,
            "date": b.date.isoformat(), "review": b.review,
            "evidence": [{"file": e.file, "line": e.line, "key": e.key} for e in b.evidence]}


def _step(s: succession.Step) -> dict[str, Any]:
    return {"on": s.on.isoformat(), "kind": s.change.kind, "before": s.before.label,
            "before_iri": s.before.iri, "after": s.after.label, "after_iri": s.after.iri,
            "scope": s.scope, "certain": s.change.certain, "note": s.change.note,
            "change": s.change.iri, "basis": [_basis(b) for b in s.basis]}


def agency_router() -> APIRouter:
    """The succession operation of the agency page."""
    router = APIRouter()

    @router.get("/agencies/succession", tags=["agencies"],
                summary="Who answers for an agency's duties on a day (2025 reorganization)",
                description="The body (or, where the duties were split by field, the bodies "
                            "and their fields) responsible on `as_of` for the duties of the "
                            "agency, with each change on the way, its date and legal basis "
                            "(and how far that was checked against the shared corpus); and "
                            "the bodies whose duties the agency took over.",
                responses={400: {"description": "bad_request: a date that is not YYYY-MM-DD"},
                           404: {"description": "not_found: the text names no agency"}})
    async def agency_succession(
        agency: Annotated[str, Query(min_length=1, max_length=500,
                                     description="the agency's IRI, or its name "
                                                 "(Sở Kế hoạch và Đầu tư tỉnh Long An)")],
        as_of: Annotated[str | None, Query(max_length=10, description="YYYY-MM-DD; "
                                                                      "default today")] = None,
        name: Annotated[str | None, Query(max_length=300,
                                          description="the name to show for an IRI")] = None,
    ) -> dict[str, Any]:
        try:
            day = dt.date.fromisoformat(as_of) if as_of else dt.date.today()
        except ValueError:
            raise ApiError(400, "bad_request",
                           f"as_of {as_of!r} is not a date; expected YYYY-MM-DD") from None
        found = succession.responsible_as_of(agency, day, name=name)
        if found is None:
            raise ApiError(404, "not_found", f"{agency!r} names no agency; expected an "
                                             "agency IRI or name")
        return {
            "agency": found.agency.label, "iri": found.agency.iri, "as_of": day.isoformat(),
            "changed": found.changed, "split": found.split, "certain": found.certain,
            "responsible": [{"body": o.body.label, "iri": o.body.iri, "scope": o.scope,
                             "steps": [_step(s) for s in o.steps]} for o in found.outcomes],
            "predecessors": [_step(s) for s in succession.predecessors(found.agency.iri)],
        }

    return router
