"""read(path) -> Text (being built)."""

from __future__ import annotations

from pathlib import Path

from luocdo.model import Text


def read(path: str | Path) -> Text:
    """Read a file into normalized text."""
    raise NotImplementedError


def read_bytes(data: bytes, name: str = "<bytes>") -> Text:
    """Read file content into normalized text."""
    raise NotImplementedError
