"""Small factories for model objects (STYLE.md §7: factories, not hand-built nested objects).

Offsets are found in a given text, so every span a test builds points at what it says.
"""

from __future__ import annotations

import dataclasses
import hashlib
from typing import Any

from luocdo.model import (
    AgencyRef,
    Document,
    DocumentInfo,
    Issuer,
    Reference,
    Span,
    StatedRelation,
    Task,
)


def at(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """The span of the ``occurrence``-th ``needle`` in ``text``."""
    start = -1
    for _ in range(occurrence):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def span(text: str, needle: str, occurrence: int = 1) -> Span:
    start, end = at(text, needle, occurrence)
    return Span(start, end, needle)


def info(**fields: Any) -> DocumentInfo:
    """A provincial plan's header: 2502/KH-UBND of Tây Ninh, 2023, unless overridden."""
    base: dict[str, Any] = dict(
        symbol="2502/KH-UBND", number="2502", year=2023, type="Kế hoạch", type_code="KH",
        date="2023-08-08", place="Tây Ninh",
        issuer=Issuer(name="Ủy ban nhân dân tỉnh Tây Ninh", code="UBND", province="Tây Ninh"),
        title="Thực hiện Nghị quyết",
    )
    base.update(fields)
    return DocumentInfo(**base)


def document(text: str = "", **fields: Any) -> Document:
    """A document read from ``text`` (its digest is the text's)."""
    base: dict[str, Any] = dict(
        source="/data/seeds/plan.txt", text_length=len(text),
        text_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), document=info(),
    )
    base.update(fields)
    return Document(**base)


def reference(text: str, symbol: str, *, printed: str | None = None, relation: str = "cites",
              occurrence: int = 1, **fields: Any) -> Reference:
    """A mention of ``symbol`` printed as ``printed`` (default: the symbol) in ``text``."""
    printed = printed or symbol
    start, end = at(text, printed, occurrence)
    base: dict[str, Any] = dict(
        text=printed, start=start, end=end, symbol=symbol, number=None, year=None, type=None,
        type_code=None, issuer_code=None, date=None, issuer=None, relation=relation,
    )
    base.update(fields)
    return Reference(**base)


def agency(text: str, name: str, *, printed: str | None = None, province: str | None = "Tây Ninh",
           collective: bool = False) -> AgencyRef:
    printed = printed or name
    start, end = at(text, printed)
    return AgencyRef(name=name, text=printed, collective=collective, province=province,
                     start=start, end=end)


def task(text: str, content: str, *, number: str | None = "1", **fields: Any) -> Task:
    """A task whose span is the first occurrence of ``content`` in ``text``."""
    start, end = at(text, content)
    base: dict[str, Any] = dict(
        number=number, parent=None, group=None, group_title=None, content=content, lead=(),
        coordinators=(), timeframe=None, due=None, start_date=None, end_date=None,
        recurrence=None, product=None, implements=(), source="table", start=start, end=end,
    )
    base.update(fields)
    return Task(**base)


def stated(text: str, phrase: str, subject: str, relation: str, obj: str) -> StatedRelation:
    start, end = at(text, phrase)
    return StatedRelation(subject=subject, relation=relation, object=obj, start=start, end=end,
                          text=phrase)


def replace(obj: Any, **changes: Any) -> Any:
    """A copy of a frozen model object with some fields changed."""
    return dataclasses.replace(obj, **changes)
