"""Reading and extraction (imported as ``luocdo.loaders``).

Two verbs, one per stage:

- :func:`read` turns a file (.txt in UTF-8/UTF-8-BOM/UTF-16, .docx, .html, .pdf)
  into normalized :class:`~luocdo.model.Text`;
- :func:`parse` turns that text into a :class:`~luocdo.model.Document`, every
  item with its character span.
"""

from __future__ import annotations

# The functions shadow their modules' names on purpose: `luocdo.loaders.read`
# is the verb; the module stays reachable as `sys.modules["luocdo.loaders.read"]`.
from luocdo.loaders.parse import parse
from luocdo.loaders.read import read, read_bytes

__all__ = ["parse", "read", "read_bytes"]
