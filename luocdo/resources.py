"""Access to the data folders (ontology/, shapes/, queries/, loaders/patterns).

Works from a checkout (the folders sit at the repository root, next to
``luocdo/``) and from an installed wheel (where ``pyproject.toml`` maps them to
``luocdo.ontology``, ``luocdo.shapes``...).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

_CHECKOUT_ROOT = Path(__file__).resolve().parent.parent

# folder name -> the package it becomes in a wheel
_PACKAGES = {
    "ontology": "luocdo.ontology",
    "shapes": "luocdo.shapes",
    "queries": "luocdo.queries",
    "loaders": "luocdo.loaders",
    "api": "luocdo.api",
}


def folder(name: str) -> Path:
    """The directory holding the data folder ``name`` ("ontology", "shapes", ...)."""
    if name not in _PACKAGES:
        raise KeyError(f"unknown resource folder {name!r}; expected one of {sorted(_PACKAGES)}")
    checkout = _CHECKOUT_ROOT / name
    if checkout.is_dir():
        return checkout
    # In a wheel the data folders are namespace packages (no __init__.py), for which
    # importlib.resources gives a MultiplexedPath: ask the import system for the folder.
    spec = importlib.util.find_spec(_PACKAGES[name])
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"resource folder {name!r} is neither in a checkout nor installed")
    return Path(next(iter(spec.submodule_search_locations)))


def files(name: str, pattern: str) -> list[Path]:
    """Files of data folder ``name`` matching ``pattern``, sorted by name."""
    return sorted(folder(name).glob(pattern))


def path(name: str, relative: str) -> Path:
    """One file of a data folder."""
    return folder(name) / relative
