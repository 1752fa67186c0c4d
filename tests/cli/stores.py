"""One store of the real documents for the CLI tests, built once per test run.

The seeds and the corpus are ingested through the ``luocdo ingest`` command
itself (CliRunner), with two files that are not documents in the middle; the
run's exit code and output are kept for the ingest tests, and the store is
read by the stats, sparql and trace tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from luocdo.cli import app


@dataclass(frozen=True)
class Ingested:
    store: Path
    exit_code: int
    output: str
    broken: tuple[Path, ...]


_CACHE: dict[str, Ingested] = {}


def broken_files(folder: Path) -> tuple[Path, ...]:
    """An empty .docx and a .pdf whose bytes are not a PDF."""
    folder.mkdir(parents=True, exist_ok=True)
    empty = folder / "010_empty.docx"
    empty.write_bytes(b"")
    fake = folder / "011_not-a-pdf.pdf"
    fake.write_bytes(b"\x00\x01 this is not a PDF document \xff\xfe")
    return empty, fake


def corpus_store(tmp_path_factory: pytest.TempPathFactory, shared: Path) -> Ingested:
    """The store of seeds + broken files + corpus (built on first use)."""
    if "corpus" not in _CACHE:
        root = tmp_path_factory.mktemp("corpus-store")
        broken = broken_files(root / "broken")
        store = root / "store"
        result = CliRunner().invoke(app, [
            "ingest", str(shared / "seeds"), str(root / "broken"), str(shared / "corpus"),
            "--store", str(store)])
        _CACHE["corpus"] = Ingested(store, result.exit_code, result.output, broken)
    return _CACHE["corpus"]
