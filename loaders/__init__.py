"""Reading and extraction (imported as ``luocdo.loaders``).

Two verbs, one per stage:

- :func:`read` turns a file (.txt in UTF-8/UTF-8-BOM/UTF-16, .docx, .html, .pdf)
  into normalized :class:`~luocdo.model.Text`;
- :func:`parse` turns that text into a :class:`~luocdo.model.Document`, every
  item with its character span.

The verbs are imported on first use: the readers (python-docx, pdfminer,
BeautifulSoup) take most of a second to import, and code that only needs a
primitive of this package (``luocdo.loaders.symbols``, ``.vietnamese``) or a
command that reads no file must not pay for them.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from luocdo.loaders.parse import parse
    from luocdo.loaders.read import read, read_bytes

__all__ = ["parse", "read", "read_bytes"]

# verb -> (its module, its name there). The functions shadow their modules' names
# on purpose: `luocdo.loaders.read` is the verb; the module stays reachable as
# `sys.modules["luocdo.loaders.read"]`.
_VERBS = {"parse": ("parse", "parse"), "read": ("read", "read"),
          "read_bytes": ("read", "read_bytes")}


class _Package(types.ModuleType):
    """This package, keeping its verbs when the import system binds a submodule of the
    same name to it (``import luocdo.loaders.read`` sets the attribute ``read``)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _VERBS and isinstance(value, types.ModuleType):
            value = getattr(value, _VERBS[name][1])
        super().__setattr__(name, value)


def __getattr__(name: str) -> Any:
    if name not in _VERBS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, attribute = _VERBS[name]
    function = getattr(importlib.import_module(f"{__name__}.{module}"), attribute)
    globals()[name] = function
    return function


sys.modules[__name__].__class__ = _Package
