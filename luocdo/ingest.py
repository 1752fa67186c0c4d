"""Ingest files into the store: read -> parse -> to_graph -> replace the document's graph.

Each file is one transaction: a file that fails is recorded (with the error
message naming the place) and the run goes on; nothing already stored is lost.
Re-ingesting a file replaces its document's named graph, so running twice
gives the same store, and the order of the files does not matter (except for
the two cases below, where the first file wins).

A document is replaced only when what it states changes: the same text read
again from another file (a copy under another name, in NFD rather than NFC)
is "unchanged", and the store keeps the version it has, with the name of the
file that version was read from. Two files of one document in one run: the
first in the run's order is stored, the others are reported as "duplicate"
(which is not a failure).
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
from luocdo.store import Store, python, stored_form, to_quads
from luocdo.terms import LO

# Formats `read` understands; anything else in a folder is not a document
# (INDEX.md, images...) and is skipped.
DOCUMENT_SUFFIXES = (".txt", ".docx", ".html", ".htm", ".pdf")

Status = Literal["added", "replaced", "unchanged", "duplicate", "failed"]
STATUSES: tuple[Status, ...] = ("added", "replaced", "unchanged", "duplicate", "failed")

# The one statement of a document's graph that names where its text came from
# rather than what the text says (luocdo.graph, the lo:SourceText node).
_FILE_NAME = str(LO.fileName)


@dataclass(frozen=True)
class Converted:
    """One file turned into a graph: what the store needs, and what the summary shows."""

    document: Document
    document_iri: str
    graph_iri: str
    graph: rdflib.Graph
    text: str = ""  # the text as read (NFC): the coordinates of every span


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
    kept: str | None = None  # duplicate: the file of this run whose version was stored
    note: str | None = None  # why a file was a duplicate or unchanged, in a sentence
    warnings: tuple[str, ...] = ()  # the reader's: what it could not read, and where

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
            fields: dict[str, Any] = {k: v for k, v in item.items() if k in known}
            fields["warnings"] = tuple(fields.get("warnings") or ())
            report.files.append(FileResult(**fields))
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
                     graph_iri=str(identity.graph_iri(doc_iri)), graph=graph, text=text.text)


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
        elif path.exists() or path.is_symlink():
            # Neither a folder nor a regular file (a named pipe, a device, a link to
            # nothing): read() says which, without waiting on it (issue 11).
            keep(path)
        else:
            problems.append(FileResult(path=str(path), status="failed", error_kind="bad_input",
                                       error=f"{path}: no such file or folder"))
    return found, problems


def ingest_file(path: Path, store: Store, *, converter: Converter = convert,
                taken: dict[str, FileResult] | None = None) -> FileResult:
    """Ingest one file; failures are returned as a result, never raised.

    ``taken`` maps the graph IRIs written in this run to the result of the file
    that wrote them: a later file of the same document is then a "duplicate",
    not stored, and its result names the file that was kept.
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
                      references=len(doc.references), triples=len(converted.graph),
                      warnings=tuple(doc.warnings))
    first = taken.get(converted.graph_iri) if taken is not None else None
    try:
        same, stored_name = _stored_version(store, converted)
        if first is not None and first.path != str(path):
            return _duplicate(base, first, same=same)
        # When nothing the document states changed, the store keeps its version (and
        # the name of the file it was read from): "unchanged" means no write at all.
        status = "unchanged" if same else store.replace_graph(converted.graph_iri,
                                                              converted.graph)
    except LuocdoError as exc:
        return _with(base, error=f"{path}: {exc}", error_kind=exc.code)
    result = _with(base, status=status)
    if same and stored_name is not None and stored_name != path.name:
        result = _with(result, note=f"same content as the stored version, read from "
                                    f"{stored_name}; that version is kept")
    if taken is not None:
        taken[converted.graph_iri] = result
    return result


def _stored_version(store: Store, converted: Converted) -> tuple[bool, str | None]:
    """Whether the store holds the document as ``converted`` states it, apart from the
    name of the file it was read from; and that stored file name.

    Compared as stored (:func:`luocdo.store.stored_form`), so the same text read
    from an NFD copy or under another name compares equal.
    """
    stored = store.graph_quads(converted.graph_iri)
    if not stored:
        return False, None
    names = [str(python(q.object)) for q in stored if q.predicate.value == _FILE_NAME]
    new = stored_form(to_quads(converted.graph, converted.graph_iri))
    same = ({q for q in stored if q.predicate.value != _FILE_NAME}
            == {q for q in new if q.predicate.value != _FILE_NAME})
    return same, names[0] if len(names) == 1 else None


def _duplicate(result: FileResult, first: FileResult, *, same: bool) -> FileResult:
    """``result`` as a duplicate of ``first``, the file of this run that was stored."""
    kept = Path(first.path).name
    if kept == Path(result.path).name:  # one name in two folders: the name says nothing
        kept = first.path
    content = "same content" if same else "its content differs and is not stored"
    return _with(result, status="duplicate", kept=first.path,
                 note=f"same document as {kept} ({first.symbol or first.document}), "
                      f"kept {kept}: first in the run; {content}")


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
    taken: dict[str, FileResult] = {}
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

    if result.status in ("failed", "duplicate") or result.document is None:
        return result
    try:
        counts = validate_document(store, result.document).counts()
    except LuocdoError:
        return result
    return _with(result, validation=dict(counts))


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
