"""parse(text) -> Document (being assembled; see the extraction modules)."""

from __future__ import annotations

from luocdo.model import Document, Text


def parse(text: Text | str, *, source: str | None = None) -> Document:
    """Extract the document model from normalized text."""
    raise NotImplementedError("parse is being assembled")
