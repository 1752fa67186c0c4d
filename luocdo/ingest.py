"""Ingest files into the store: read -> parse -> to_graph -> replace the document's graph.

Each file is one transaction: a file that fails is recorded (with the error
message naming the place) and the run goes on; nothing already stored is lost.
Re-ingesting a file replaces its document's named graph, so running twice
gives the same store, and the order of the files does not matter.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

import rdflib

from luocdo.errors import LuocdoError
from luocdo.model import Document
from luocdo.store import Store

# Formats `read` understands; anything else in a folder is not a document
# (INDEX.md, images...) and is skipped.
DOCUMENT_SUFFIXES = (".txt", ".docx", ".html", ".htm", ".pdf")

Status = Literal["added", "replaced", "unchanged", "failed"]


@dataclass(frozen=True)
class Converted:
    """One file turned into a graph: what the store needs, and what the summary shows."""

    document: Document
    document_iri: str
    graph_iri: str
    graph: rdflib.Graph


@dataclass(frozen=True)
class FileResult:
    """What happened to one file."""

    path: str
    status: Status
    document: str | None = None  # document IRI
    symbol: str | None = None
    tasks: int = 0
    references: int = 0
    triples: int = 0
    error: str | None = None
    error_kind: str | None = None  # error code: "bad_input", "extraction_failed", "internal"
    validation: dict[str, int] | None = None  # results by severity, when validated

    @property
    def failed(self) -> bool:
        return self.status == "failed"


@dataclass
class IngestReport:
    """The outcome of one ingest run, file by file."""

    started: str
    finished: str | None = None
    files: list[FileResult] = field(default_factory=list)

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if f.failed]

    @property
    def ok(self) -> bool:
        return not self.failed

    def count(self, status: Status) -> int:
        return sum(1 for f in self.files if f.status == status)

    def to_json(self) -> dict[str, Any]:
        """The JSON form kept as the store's ingest log."""
        return {"started": self.started, "finished": self.finished,
                "files": [asdict(f) for f in self.files]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> IngestReport:
        """The report read back from the ingest log."""
        report = cls(started=str(data.get("started", "")), finished=data.get("finished"))
        known = FileResult.__dataclass_fields__
        for item in data.get("files", []):
            report.files.append(FileResult(**{k: v for k, v in item.items() if k in known}))
        return report


Converter = Callable[[Path], Converted]
Progress = Callable[[int, int, FileResult], None]


def convert(path: Path) -> Converted:
    """The default pipeline for one file: read, parse, map to RDF."""
    from luocdo import identity, loaders
    from luocdo.graph import document_iri_of, to_graph

    text = loaders.read(path)
    doc = loaders.parse(text)
    graph = to_graph(doc, text=text.text)  # spans quote the text they point at
    doc_iri = str(document_iri_of(doc))
    return Converted(document=doc, document_iri=doc_iri,
                     graph_iri=str(identity.graph_iri(doc_iri)), graph=graph)


def collect(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[FileResult]]:
    """The document files named by ``paths`` (folders searched recursively), in a stable order.

    Returns the files to ingest and a failure for every path that cannot be
    used (missing, or a named file in a format that is not a document).
    """
    found: list[Path] = []
    problems: list[FileResult] = []
    seen: set[Path] = set()

    def keep(p: Path) -> None:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            found.append(p)

    for given in paths:
        path = Path(given)
        if path.is_dir():
            for p in sorted(path.rglob("*")):
                if (p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES
                        and not any(part.startswith(".") for part in p.relative_to(path).parts)):
                    keep(p)
        elif path.is_file():
            if path.suffix.lower() in DOCUMENT_SUFFIXES:
                keep(path)
            else:
                problems.append(FileResult(
                    path=str(path), status="failed", error_kind="bad_input",
                    error=f"{path}: not a document format (expected one of "
                          f"{', '.join(DOCUMENT_SUFFIXES)})"))
        else:
            problems.append(FileResult(path=str(path), status="failed", error_kind="bad_input",
                                       error=f"{path}: no such file or folder"))
    return found, problems


def ingest_file(path: Path, store: Store, *, converter: Converter = convert,
                taken: dict[str, str] | None = None) -> FileResult:
    """Ingest one file; failures are returned as a result, never raised.

    ``taken`` maps graph IRIs already written in this run to their file, so
    that two files of one run naming the same document are reported instead of
    silently replacing each other.
    """
    try:
        converted = converter(path)
    except LuocdoError as exc:
        return FileResult(path=str(path), status="failed", error=str(exc), error_kind=exc.code)
    except Exception as exc:  # a bug in a stage must not stop the run; it is reported
        return FileResult(path=str(path), status="failed", error_kind="internal",
                          error=f"{path}: internal error in extraction: "
                                f"{type(exc).__name__}: {exc}")
    doc = converted.document
    base = FileResult(path=str(path), status="failed", document=converted.document_iri,
                      symbol=doc.document.symbol, tasks=len(doc.tasks),
                      references=len(doc.references), triples=len(converted.graph))
    if taken is not None:
        other = taken.get(converted.graph_iri)
        if other is not None and other != str(path):
            return _with(base, error_kind="bad_input",
                         error=f"{path}: the same document ({converted.document_iri}) as "
                               f"{other}, ingested earlier in this run; not stored twice")
    try:
        status = store.replace_graph(converted.graph_iri, converted.graph)
    except LuocdoError as exc:
        return _with(base, error=f"{path}: {exc}", error_kind=exc.code)
    if taken is not None:
        taken[converted.graph_iri] = str(path)
    return _with(base, status=status)


def _with(result: FileResult, **changes: Any) -> FileResult:
    data = asdict(result)
    data.update(changes)
    return FileResult(**data)


def ingest_paths(paths: Sequence[str | os.PathLike[str]], store: Store, *,
                 on_progress: Progress | None = None,
                 converter: Converter | None = None,
                 validate: bool = False) -> IngestReport:
    """Ingest files and folders into ``store``, one transaction per document.

    ``on_progress(done, total, result)`` is called after each file. With
    ``validate``, every stored document is then checked (luocdo.validate, once
    all files are in, so the order of the files does not matter) and its
    result counts kept in its ``FileResult.validation``. The report is also kept
    in the store as its ingest log (see ``luocdo stats``).
    """
    report = IngestReport(started=_now())
    files, problems = collect(paths)
    total = len(files) + len(problems)
    done = 0
    for problem in problems:
        report.files.append(problem)
        done += 1
        if on_progress:
            on_progress(done, total, problem)
    taken: dict[str, str] = {}
    for path in files:
        result = ingest_file(path, store, converter=converter or convert, taken=taken)
        report.files.append(result)
        done += 1
        if on_progress:
            on_progress(done, total, result)
    if validate:
        report.files = [_validated(store, f) for f in report.files]
    report.finished = _now()
    store.write_log(report.to_json())
    return report


def _validated(store: Store, result: FileResult) -> FileResult:
    """``result`` with the counts of validating its document (validation never fails a file)."""
    from luocdo.validate import validate_document

    if result.failed or result.document is None:
        return result
    try:
        counts = validate_document(store, result.document).counts()
    except LuocdoError:
        return result
    return _with(result, validation=dict(counts))


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
