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
import functools
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

import pyoxigraph as ox
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


@dataclass(frozen=True)
class Prepared:
    """One file converted, in the form the store writes: what a worker process sends back.

    The document's graph travels as N-Quads (``nquads``), followed by the same triples
    in the default graph (``merge``, N-Triples lines): the store loads both in one
    call without a Python object per quad, and pyoxigraph writes and parses them far
    faster than pickle handles rdflib or pyoxigraph objects. ``quads`` are parsed
    from them when a stored version must be compared or replaced.
    """

    path: str
    document_iri: str
    graph_iri: str
    symbol: str | None
    tasks: int
    references: int
    triples: int
    warnings: tuple[str, ...]
    nquads: bytes
    merge: bytes
    size: int  # quads in the graph

    @functools.cached_property
    def quads(self) -> tuple[ox.Quad, ...]:
        return tuple(ox.parse(self.nquads, format=ox.RdfFormat.N_QUADS))

    def __getstate__(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)

    def result(self, status: Status, **changes: Any) -> FileResult:
        return FileResult(path=self.path, status=status, document=self.document_iri,
                          symbol=self.symbol, tasks=self.tasks, references=self.references,
                          triples=self.triples, warnings=self.warnings, **changes)


def prepare(path: Path, converter: Converter = convert) -> Prepared | FileResult:
    """Read and convert one file for the store; a failure is returned, never raised."""
    try:
        converted = converter(path)
        quads = tuple(to_quads(converted.graph, converted.graph_iri))
    except LuocdoError as exc:
        message = str(exc) if str(path) in str(exc) else f"{path}: {exc}"
        return FileResult(path=str(path), status="failed", error=message, error_kind=exc.code)
    except Exception as exc:  # a bug in a stage must not stop the run; it is reported
        return FileResult(path=str(path), status="failed", error_kind="internal",
                          error=f"{path}: internal error in extraction: "
                                f"{type(exc).__name__}: {exc}")
    doc = converted.document
    return Prepared(path=str(path), document_iri=converted.document_iri,
                    graph_iri=converted.graph_iri, symbol=doc.document.symbol,
                    tasks=len(doc.tasks), references=len(doc.references),
                    triples=len(converted.graph), warnings=tuple(doc.warnings),
                    nquads=ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"",
                    merge=ox.serialize((q.triple for q in quads),
                                       format=ox.RdfFormat.N_TRIPLES) or b"",
                    size=len(quads))


def ingest_file(path: Path, store: Store, *, converter: Converter = convert,
                taken: dict[str, FileResult] | None = None) -> FileResult:
    """Ingest one file in its own transaction; failures are returned as a result, never raised.

    ``taken`` maps the graph IRIs written in this run to the result of the file
    that wrote them: a later file of the same document is then a "duplicate",
    not stored, and its result names the file that was kept.
    """
    results: list[FileResult] = []
    writer = _Writer(store, emit=results.append, taken=taken if taken is not None else {},
                     batch_quads=0)
    writer.put(prepare(path, converter))
    writer.flush()
    return results[0]


# Documents added in one transaction: up to this many quads (with bulk loading,
# the bulk loader's batches), so that a large ingest is not one transaction per
# small document, and one batch stays a few megabytes of memory.
BATCH_QUADS = 20_000
BULK_BATCH_QUADS = 100_000
# Quads written between flushes of the store's memory tables to disk: without them
# the ingest of 2,000 synthetic documents grew to 1 GB of memory, with them (and bulk
# batches of this size) it stays under 400 MB (bench/bench_archive.py).
FLUSH_QUADS = 100_000


class _Writer:
    """Writes prepared files in the run's order and hands out their results in that order.

    New documents are gathered and added together (:meth:`Store.add_serialized`: one
    transaction per batch, or the bulk loader); when a batch fails, its documents
    are written one at a time so that only the failing one fails. A document
    already stored is compared and replaced on its own, after the batch before it.
    """

    def __init__(self, store: Store, *, emit: Callable[[FileResult], None],
                 taken: dict[str, FileResult], batch_quads: int = BATCH_QUADS,
                 bulk: bool = False) -> None:
        self.store = store
        self.emit = emit
        self.taken = taken
        self.batch_quads = batch_quads
        self.bulk = bulk
        self.queue: list[tuple[FileResult, Prepared | None]] = []  # in the run's order
        self.quads = 0  # of the new documents in the queue
        self.unflushed = 0  # quads written since the store was last flushed

    def put(self, item: Prepared | FileResult) -> None:
        if isinstance(item, FileResult):
            self.queue.append((item, None))
            return
        first = self.taken.get(item.graph_iri)
        if first is not None:
            self.flush()  # the first file of this document is then in the store
        try:
            stored, same, stored_name = _stored_version(self.store, item)
            if first is not None and first.path != item.path:
                self._done(_duplicate(item.result("failed"), first, same=same))
                return
            if not stored:
                result = item.result("added")
                self.taken[item.graph_iri] = result
                self.queue.append((result, item))
                self.quads += item.size
                if self.quads >= self.batch_quads:
                    self.flush()
                return
            self.flush()
            # When nothing the document states changed, the store keeps its version (and
            # the name of the file it was read from): "unchanged" means no write at all.
            status = "unchanged" if same else self.store.replace_quads(
                item.graph_iri, stored_form(item.quads))
        except LuocdoError as exc:
            self._done(item.result("failed", error=f"{item.path}: {exc}", error_kind=exc.code))
            return
        result = item.result(status)
        if same and stored_name is not None and stored_name != Path(item.path).name:
            result = _with(result, note=f"same content as the stored version, read from "
                                        f"{stored_name}; that version is kept")
        self.taken[item.graph_iri] = result
        self._done(result)

    def _done(self, result: FileResult) -> None:
        self.flush()
        self.emit(result)

    def flush(self) -> None:
        """Write the queued new documents, then hand out every queued result."""
        queue, self.queue, self.quads = self.queue, [], 0
        new = [prepared for _, prepared in queue if prepared is not None]
        failed: dict[str, FileResult] = {}
        self.unflushed += sum(p.size for p in new)
        if self.unflushed >= FLUSH_QUADS:
            self.store.flush()
            self.unflushed = 0
        if new:
            try:
                self.store.add_serialized([p.graph_iri for p in new],
                                          b"".join(part for p in new
                                                   for part in (p.nquads, p.merge)),
                                          bulk=self.bulk)
            except LuocdoError:
                for one in new:  # find the failing ones: one transaction each
                    try:
                        self.store.replace_quads(one.graph_iri, stored_form(one.quads))
                    except LuocdoError as exc:
                        failed[one.path] = one.result(
                            "failed", error=f"{one.path}: {exc}", error_kind=exc.code)
        for result, written in queue:
            if written is not None and written.path in failed:
                result = failed[written.path]
                self.taken.pop(written.graph_iri, None)
            self.emit(result)


def _stored_version(store: Store, prepared: Prepared) -> tuple[bool, bool, str | None]:
    """Whether the store holds the document; whether it holds it as ``prepared`` states
    it, apart from the name of the file it was read from; and that stored file name.

    Compared as stored (:func:`luocdo.store.stored_form`), so the same text read
    from an NFD copy or under another name compares equal.
    """
    stored = store.graph_quads(prepared.graph_iri)
    if not stored:
        return False, False, None
    names = [str(python(q.object)) for q in stored if q.predicate.value == _FILE_NAME]
    same = ({q for q in stored if q.predicate.value != _FILE_NAME}
            == {q for q in stored_form(prepared.quads) if q.predicate.value != _FILE_NAME})
    return True, same, names[0] if len(names) == 1 else None


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


# Below this many files a run converts them in this process: starting a worker
# (a new interpreter importing the readers) costs about as much as two files.
POOL_MIN_FILES = 8


def ingest_paths(paths: Sequence[str | os.PathLike[str]], store: Store, *,
                 on_progress: Progress | None = None,
                 converter: Converter | None = None,
                 validate: bool = False, jobs: int = 1, bulk: bool = False) -> IngestReport:
    """Ingest files and folders into ``store``.

    Files are read and converted by ``jobs`` worker processes (with the default
    converter and enough files), and written in the order of the run: new
    documents together, in transactions of about :data:`BATCH_QUADS` quads (a
    batch that fails is written again one document at a time, so only the failing
    document fails); a document already stored is replaced in its own transaction.
    With ``bulk``, new documents go through pyoxigraph's bulk loader, several times
    faster but not transactional: for building a large archive, where an
    interrupted run is simply run again.

    ``on_progress(done, total, result)`` is called after each file. With
    ``validate``, every stored document is then checked (luocdo.validate, once
    all files are in, so the order of the files does not matter; by ``jobs``
    processes on a snapshot of a store on disk) and its result counts kept in its
    ``FileResult.validation``. The report is also kept in the store as its ingest
    log (see ``luocdo stats``).
    """
    report = IngestReport(started=_now())
    files, problems = collect(paths)
    total = len(files) + len(problems)

    def emit(result: FileResult) -> None:
        report.files.append(result)
        if on_progress:
            on_progress(len(report.files), total, result)

    for problem in problems:
        emit(problem)
    writer = _Writer(store, emit=emit, taken={}, bulk=bulk,
                     batch_quads=BULK_BATCH_QUADS if bulk else BATCH_QUADS)
    for item in _prepared(files, converter, jobs):
        writer.put(item)
    writer.flush()
    if validate:
        counts = validation_counts(
            store, [f.document for f in report.files
                    if f.status not in ("failed", "duplicate") and f.document], jobs=jobs)
        report.files = [_with(f, validation=counts[f.document])
                        if f.status not in ("failed", "duplicate") and f.document in counts
                        else f for f in report.files]
    report.finished = _now()
    store.write_log(report.to_json())
    return report


def _prepared(files: Sequence[Path], converter: Converter | None,
              jobs: int) -> Iterator[Prepared | FileResult]:
    """Each file prepared, in order: in this process, or by a pool of ``jobs`` workers."""
    if converter is not None or jobs <= 1 or len(files) < POOL_MIN_FILES:
        for path in files:
            yield prepare(path, converter or convert)
        return
    from luocdo.workers import ordered_map

    yield from ordered_map(prepare, files, jobs=jobs)


def validation_counts(store: Store, docs: Sequence[str], *,
                      jobs: int = 1) -> dict[str, dict[str, int]]:
    """The counts of results by severity of validating each stored document.

    A document that cannot be validated (a :class:`LuocdoError`) has no entry:
    validation never fails a file. With ``jobs`` > 1 and a store on disk, the
    documents are validated by worker processes, each reading a snapshot of the
    store (:meth:`Store.snapshot`) taken now.
    """
    from luocdo.validate import validate_document
    from luocdo.workers import severity_counts, validation_reports

    out: dict[str, dict[str, int]] = {}
    if jobs > 1 and len(docs) >= POOL_MIN_FILES and store.path is not None:
        for doc, report in validation_reports(store, docs, jobs=jobs):
            if report is not None:
                out[doc] = severity_counts(report)
        return out
    for doc in docs:
        try:
            out[doc] = severity_counts(validate_document(store, doc))
        except LuocdoError:
            continue
    return out


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
