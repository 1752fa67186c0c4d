"""Helpers for the task tests: the normalized text of a real document, references to it."""

from __future__ import annotations

import functools
from pathlib import Path

from luocdo.loaders import read, symbols
from luocdo.model import Reference


@functools.cache
def normalized(path: Path) -> str:
    """The text ``read`` gives for ``path`` (each table row on one line)."""
    return read(path).text


def references(text: str, relations: dict[str, str] | None = None) -> tuple[Reference, ...]:
    """Every numbered symbol of ``text`` as a reference, relation "cites" unless given."""
    relations = relations or {}
    found = []
    for m in symbols.SYMBOL_RE.finditer(text):
        sym = symbols.from_match(m)
        found.append(Reference(
            text=m.group(), start=m.start(), end=m.end(), symbol=sym.canonical,
            number=sym.number, year=sym.year, type=sym.type, type_code=sym.type_code,
            issuer_code=sym.issuer_code, date=None, issuer=None,
            relation=relations.get(sym.canonical, "cites")))
    return tuple(found)
