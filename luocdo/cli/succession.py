"""``luocdo succession``: who answers on a day for the duties of a body named in a
document, after the 2025 reorganization (issue 16). A thin wrapper over
``luocdo.succession``: no store is read."""

from __future__ import annotations

import datetime as dt
import json
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from luocdo.cli import app
from luocdo.cli.errors import handled
from luocdo.errors import InputError

if TYPE_CHECKING:  # imported by the command: it reads its data with rdflib
    from luocdo import succession


class SuccessionFormat(StrEnum):
    text = "text"
    json = "json"
    turtle = "turtle"


def _vi(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _basis(b: succession.LegalBasis) -> str:
    note = " (chưa đối chiếu văn bản)" if not b.reviewed else ""
    return f"{b.cite()}{note}"


def _step_json(s: succession.Step) -> dict[str, Any]:
    return {"on": s.on.isoformat(), "kind": s.change.kind, "before": s.before.label,
            "after": s.after.label, "after_iri": s.after.iri, "scope": s.scope,
            "certain": s.change.certain, "note": s.change.note,
            "basis": [{"symbol": b.symbol, "cite": b.cite(), "review": b.review}
                      for b in s.basis]}


def _text(found: succession.Succession) -> str:
    lines = [f"{found.agency.label}, tính đến ngày {_vi(found.on)}:"]
    if not found.changed:
        lines.append("  không bị sắp xếp lại (theo dữ liệu năm 2025)")
    elif found.split:
        lines.append("  nhiệm vụ được chia theo lĩnh vực, không có một cơ quan kế thừa duy nhất:")
    for outcome in found.outcomes if found.changed else ():
        scope = f" [{outcome.scope}]" if found.split and outcome.scope else ""
        lines.append(f"  → {outcome.body.label}{scope}")
        for s in outcome.steps:
            lines.append(f"      {_vi(s.on)}: {s.before.label} → {s.after.label}; căn cứ: "
                         + ", ".join(_basis(b) for b in s.basis))
            if not s.change.certain and s.change.note:
                lines.append(f"        chưa chắc chắn: {s.change.note}")
    return "\n".join(lines) + "\n"


@app.command(name="succession")
def succession_command(
    agency: Annotated[str, typer.Argument(
        metavar="AGENCY", help="The body as a document names it (\"Sở Kế hoạch và Đầu tư "
                               "tỉnh Long An\"), or its IRI. Not needed with --format "
                               "turtle.")] = "",
    as_of: Annotated[str | None, typer.Option(
        "--as-of", metavar="DATE", help="The day (YYYY-MM-DD); default today.")] = None,
    province: Annotated[str | None, typer.Option(
        "--province", help="The province of the document naming the body, when the name "
                           "does not say it.")] = None,
    format: Annotated[SuccessionFormat, typer.Option("--format", "-f")] = SuccessionFormat.text,
) -> None:
    """Who answers on a day for the duties of a body, after the 2025 reorganization: the
    chain of changes (ministries and departments merged from 1 March 2025, provinces
    merged and the district level ended from 1 July 2025), each with its legal basis.
    Where duties were split, every receiving body is listed with its field.

    --format turtle prints the changes as RDF (W3C ORG change events over the agency
    IRIs documents use), for loading into a store as lod:graph/succession.
    """
    from luocdo import succession

    with handled():
        if format is SuccessionFormat.turtle:
            typer.echo(succession.to_graph().serialize(format="turtle"), nl=False)
            return
        try:
            day = dt.date.fromisoformat(as_of.strip()) if as_of else dt.date.today()
        except ValueError as exc:
            raise InputError(f"--as-of {as_of!r} is not a date; expected YYYY-MM-DD") from exc
        found = succession.responsible_as_of(agency, day, province=province)
        if found is None:
            raise InputError(f"{agency!r} names no agency; expected a body's name "
                             "(Sở Kế hoạch và Đầu tư tỉnh Long An) or its IRI")
    if format is SuccessionFormat.json:
        typer.echo(json.dumps({
            "agency": found.agency.label, "iri": found.agency.iri, "as_of": day.isoformat(),
            "changed": found.changed, "split": found.split, "certain": found.certain,
            "responsible": [{"body": o.body.label, "iri": o.body.iri, "scope": o.scope,
                             "steps": [_step_json(s) for s in o.steps]}
                            for o in found.outcomes]}, ensure_ascii=False, indent=2))
    else:
        typer.echo(_text(found), nl=False)
