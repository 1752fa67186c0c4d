"""Reading and extraction (imported as ``luocdo.loaders``).

Two verbs, one per stage:

- :func:`read` turns a file (.txt in UTF-8/UTF-8-BOM/UTF-16, .docx, .html, .pdf)
  into normalized :class:`~luocdo.model.Text`;
- :func:`parse` turns that text into a :class:`~luocdo.model.Document`, every
  item with its character span.

The verbs are imported lazily so that importing one extraction module
(``luocdo.loaders.symbols``) does not import every stage.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from luocdo.loaders.parse import parse
    from luocdo.loaders.read import read, read_bytes

__all__ = ["parse", "read", "read_bytes"]


def __getattr__(name: str) -> Any:
    if name == "parse":
        from luocdo.loaders.parse import parse

        return parse
    if name in ("read", "read_bytes"):
        from luocdo.loaders import read as _read

        return getattr(_read, name)
    raise AttributeError(f"module 'luocdo.loaders' has no attribute {name!r}")
