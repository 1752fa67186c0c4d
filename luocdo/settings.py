"""Where things live by default, and the environment variables that move them."""

from __future__ import annotations

import os
from pathlib import Path

STORE_ENV = "LUOCDO_STORE"


def default_store_dir() -> Path:
    """The store directory when neither ``--store`` nor ``LUOCDO_STORE`` is given.

    ``$XDG_DATA_HOME/luocdo/store``, that is ``~/.local/share/luocdo/store`` on
    most systems.
    """
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "luocdo" / "store"


def store_dir(option: str | os.PathLike[str] | None = None) -> Path:
    """The store directory: ``--store`` if given, else ``LUOCDO_STORE``, else the default."""
    if option:
        return Path(option)
    env = os.environ.get(STORE_ENV)
    if env:
        return Path(env)
    return default_store_dir()


def store_url(option: str | os.PathLike[str] | None = None) -> str | None:
    """The SPARQL server named by ``--store`` (else ``LUOCDO_STORE``), if it names one.

    A value of the form ``scheme://…`` names a server; it is never taken for a
    folder (``http://x`` would otherwise become the folder ``http:/x``).
    """
    from luocdo.remote import as_url, looks_like_url

    value = os.fspath(option) if option else os.environ.get(STORE_ENV)
    return as_url(value) if value and looks_like_url(value) else None
