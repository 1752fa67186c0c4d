"""The persistent store: one named graph per source document, and their merge.

Backed by pyoxigraph (RocksDB on disk, or memory for tests). rdflib stays the
toolkit that builds graphs; this module converts them to quads. The store
directory can be served as is by the Oxigraph server
(``oxigraph serve-read-only --location DIR``).

Each document's named graph repeats the facts it states about the nodes it
shares with other documents (a cited resolution's symbol, an agency's name).
Oxigraph's union default graph returns one solution per copy (a bag, not the
RDF merge: oxigraph/oxigraph#1919), so a join on an agency named by 3,000
plans would multiply rows 3,000 times. The store therefore keeps the *default
graph* equal to the merge of the named graphs, one copy of each triple, and
updates it in the same transaction as the named graph it writes: a triple
leaves the default graph only when no named graph holds it any more. Queries
run on that default graph; ``GRAPH ?g`` still reaches each document's own
statements (its provenance).

Oxigraph stores literal *values*: ``"5"^^xsd:nonNegativeInteger`` reads back
as ``"5"^^xsd:integer`` and ``"08"^^xsd:integer`` as ``"8"`` (see
:func:`stored_form`); validate graphs before they are stored, or shape
datatypes accordingly.

Writes are atomic per document: :meth:`Store.replace_graph` puts the new
version of a document's named graph in place in a single pyoxigraph
transaction, so a failure leaves the previous version (or nothing) in place.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import json
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeAlias

import pyoxigraph as ox
import rdflib

from luocdo import resources, settings
from luocdo.errors import InputError, QueryError, StoreBusy, StoreError, UpdateRefused

Term: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Literal
# What a caller may bind to a query variable: a pyoxigraph or rdflib term, or a
# Python value that becomes a typed literal (str -> xsd:string, int -> xsd:integer...).
Bindable: TypeAlias = (
    ox.NamedNode | ox.BlankNode | ox.Literal | rdflib.term.Identifier | str | int | float | bool
)

XSD = "http://www.w3.org/2001/XMLSchema#"
# Prefixes every query may use without declaring them (TERMS.md namespaces).
PREFIXES: dict[str, str] = {
    "lo": "https://w3id.org/luocdo/ontology#",
    "lod": "https://w3id.org/luocdo/id/",
    "eli": "http://data.europa.eu/eli/ontology#",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": XSD,
    "time": "http://www.w3.org/2006/time#",
}
_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# The ingest log sits inside the store directory, beside RocksDB's own files
# (RocksDB ignores files it did not create), so it moves with the store.
LOG_FILE = "luocdo-ingest-log.json"
# Touched each time a read-write handle is closed: readers in other processes (the
# server's query workers) reopen the store when it is newer than their handle.
WRITTEN_FILE = "luocdo-written"
# The counts of `luocdo stats`, kept with a stamp of the store's files: counting a store of
# 10,000 documents takes seconds, so the counts are recomputed only after a write.
STATS_FILE = "luocdo-stats.json"

WriteStatus = Literal["added", "replaced", "unchanged"]


@dataclass(frozen=True)
class Stats:
    """What a store holds."""

    documents: int  # documents read from a source file (they have lo:sourceText)
    cited_only: int  # documents known only from citations
    tasks: int
    agencies: int
    collectives: int
    triples: int  # distinct triples (the merged default graph)
    graphs: int  # named graphs
    quads: int = 0  # quads in the named graphs (a shared fact once per graph stating it)


def _rdflib_term(term: rdflib.term.Node) -> Term:
    """The pyoxigraph term of an rdflib term."""
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise StoreError(f"cannot store RDF term {term!r} of type {type(term).__name__}")


def to_quads(graph: rdflib.Graph, graph_iri: str) -> Iterator[ox.Quad]:
    """The triples of an rdflib graph as pyoxigraph quads in the named graph ``graph_iri``."""
    name = ox.NamedNode(graph_iri)
    cache: dict[rdflib.term.Node, Term] = {}  # IRIs repeat a lot: convert each once

    def convert(term: rdflib.term.Node) -> Term:
        found = cache.get(term)
        if found is None:
            found = cache[term] = _rdflib_term(term)
        return found

    for s, p, o in graph:
        yield ox.Quad(convert(s), convert(p), convert(o), name)  # type: ignore[arg-type]


def stored_form(quads: Iterable[ox.Quad]) -> set[ox.Quad]:
    """The quads as the store gives them back.

    Oxigraph keeps literal values, not their lexical forms: derived integer
    types become ``xsd:integer`` (``"5"^^xsd:nonNegativeInteger`` reads back as
    ``"5"^^xsd:integer``), ``"08"^^xsd:integer`` becomes ``"8"``, ``"1.50"``
    becomes ``"1.5"``. A scratch in-memory store gives the same forms, so two
    versions of a graph can be compared as stored.
    """
    scratch = ox.Store()
    scratch.extend(quads)
    return set(scratch)


def _with_merge(quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
    """Each quad, followed by its triple in the default graph (the merge)."""
    for quad in quads:
        if not isinstance(quad.graph_name, ox.NamedNode):
            raise StoreError(f"{quad}: only quads in a named graph can be stored")
        yield quad
        yield ox.Quad(quad.subject, quad.predicate, quad.object, DEFAULT_GRAPH)


def term(value: Bindable) -> Term:
    """The RDF term for a value bound to a query variable.

    IRIs must be given as terms (``rdflib.URIRef`` or ``pyoxigraph.NamedNode``):
    a plain ``str`` is always a string literal, so a value can never change the
    shape of a query.
    """
    if isinstance(value, ox.NamedNode | ox.BlankNode | ox.Literal):
        return value
    if isinstance(value, rdflib.term.Node):
        return _rdflib_term(value)
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))
    if isinstance(value, float):
        return ox.Literal(repr(value), datatype=ox.NamedNode(XSD + "double"))
    if isinstance(value, str):
        return ox.Literal(value)
    raise QueryError(f"cannot bind a value of type {type(value).__name__}: {value!r}")


def python(value: Any) -> Any:
    """A plain Python value for a result term: IRIs as str, typed literals converted."""
    if value is None:
        return None
    if isinstance(value, ox.NamedNode):
        return value.value
    if isinstance(value, ox.BlankNode):
        return "_:" + value.value
    if isinstance(value, ox.Literal):
        datatype = value.datatype.value
        text = value.value
        try:
            if datatype in (XSD + "integer", XSD + "nonNegativeInteger", XSD + "int",
                            XSD + "long", XSD + "positiveInteger"):
                return int(text)
            if datatype == XSD + "boolean":
                return text in ("true", "1")
            if datatype in (XSD + "decimal", XSD + "double", XSD + "float"):
                return float(text)
        except ValueError:
            return text
        return text
    return str(value)


def _values_clause(values: Mapping[str, Sequence[Bindable]]) -> str:
    """A trailing ``VALUES`` clause: the columns of ``values`` zipped into rows.

    Every variable name is checked and every value is turned into an RDF term by
    pyoxigraph and printed by it in N-Triples syntax, so nothing a caller passes
    is copied into the query text as is.
    """
    names = list(values)
    if not names:
        raise QueryError("a VALUES block needs at least one variable")
    for name in names:
        if not _VARIABLE.match(name):
            raise QueryError(f"bad variable name {name!r} in VALUES")
    columns = [list(values[name]) for name in names]
    if len({len(c) for c in columns}) != 1:
        raise QueryError("VALUES columns have different lengths")
    rows = " ".join(
        "(" + " ".join(str(term(v)) for v in row) + ")" for row in zip(*columns, strict=True)
    )
    head = " ".join("?" + name for name in names)
    return f"\nVALUES ({head}) {{ {rows} }}"


DEFAULT_GRAPH = ox.DefaultGraph()


def keeps_merge(inner: ox.Store) -> bool:
    """True when the default graph holds the merge of the named graphs.

    A store luocdo wrote always does once it holds anything. A store loaded by
    another tool (or a test fixture) holds named graphs only: queries then run
    on the union of the named graphs instead (same answers, with duplicates).
    """
    return next(iter(inner.quads_for_pattern(None, None, None, DEFAULT_GRAPH)), None) is not None


def query_dataset(inner: ox.Store) -> dict[str, Any]:
    """The pyoxigraph ``query`` options that make the default graph the merged one."""
    if not isinstance(inner, ox.Store):
        return {}  # a SPARQL server's store: luocdo writes the merge there from the start
    return {"use_default_graph_as_union": not keeps_merge(inner)}


def _ntriples(triples: Iterable[ox.Triple]) -> str:
    data = ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES)
    return data.decode("utf-8") if data else ""


def _template(name: str) -> str:
    """A private update of queries/, without its comment lines (they name the slots)."""
    text = resources.path("queries", name).read_text("utf-8")
    return "".join(line for line in text.splitlines(keepends=True)
                   if not line.lstrip().startswith("#"))


def _fill(template: str, slots: Mapping[str, str]) -> str:
    """The template with each ``$slot`` replaced, in one pass (data is never rescanned)."""
    def one(match: re.Match[str]) -> str:
        return slots[match.group(1)]
    return re.sub(r"\$(" + "|".join(map(re.escape, slots)) + r")\b", one, template)


# Operations of a SPARQL update, as rdflib's algebra names them, and what they
# may not touch: the default graph is the merge the store keeps.
def default_graph_write(update: str) -> str | None:
    """Why ``update`` would write into the default graph itself, or None.

    The default graph is kept equal to the merge of the named graphs, so an
    update must name the graph it changes (``INSERT DATA { GRAPH <g> { … } }``,
    ``WITH <g>``). A text rdflib cannot parse is left to pyoxigraph's parser.
    """
    from rdflib.plugins.sparql.algebra import translateUpdate
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        operations = translateUpdate(parseUpdate(update)).algebra
    except Exception:  # pyoxigraph reports the syntax error, with its position
        return None
    for op in operations:
        name = op.name
        fields = dict(op)  # rdflib's CompValue.get() answers a missing key with its name
        if name in ("InsertData", "DeleteData", "DeleteWhere") and fields.get("triples"):
            return f"{name}: triples outside GRAPH <…> {{ }} would go to the default graph"
        if name == "Modify" and fields.get("withClause") is None:
            for clause in ("insert", "delete"):
                part = fields.get(clause)
                if part is not None and dict(part).get("triples"):
                    return (f"{clause.upper()} template: triples outside GRAPH <…> {{ }} would "
                            "change the default graph; add GRAPH or WITH <graph>")
        if name in ("Drop", "Clear", "Create") and fields.get("graphiri") == "DEFAULT":
            return f"{name.upper()} DEFAULT"
        if name in ("Add", "Move", "Copy") and "DEFAULT" in (fields.get("graph") or ()):
            return f"{name.upper()} to or from DEFAULT"
    return None


def _nonempty(path: Path) -> bool:
    return path.is_dir() and any(path.iterdir())


def _open_inner(path: Path, read_only: bool) -> ox.Store:
    """The pyoxigraph store in ``path`` (OSError when RocksDB cannot open it)."""
    if read_only:
        if not _nonempty(path):
            raise InputError(
                f"no store here; run `luocdo ingest PATH... --store {path}` first, "
                "or give --store / LUOCDO_STORE", source=str(path))
        return ox.Store.read_only(str(path))
    if _nonempty(path) and not (path / "CURRENT").is_file():
        # RocksDB keeps a CURRENT file: anything else is someone's folder.
        raise InputError("this folder is not empty and holds no store; give an "
                         "empty or new folder to --store", source=str(path))
    path.mkdir(parents=True, exist_ok=True)
    return ox.Store(str(path))


# RocksDB's messages when the directory's LOCK file is held: by another process
# ("While lock file: DIR/LOCK: Resource temporarily unavailable"), or by another
# handle of this one ("lock hold by current process").
_LOCKED = re.compile(r"While lock file|lock hold by current process")


def _locked(exc: OSError) -> bool:
    return _LOCKED.search(str(exc)) is not None


def _lock_holder(lock_file: Path) -> str | None:
    """``pid N: its command line`` for the process holding ``lock_file``, when Linux tells.

    /proc/locks lists each POSIX lock as ``… WRITE PID MAJOR:MINOR:INODE …``
    (proc(5)); a system without it, or a lock taken in another PID namespace,
    gives None.
    """
    try:
        info = lock_file.stat()
        key = f"{os.major(info.st_dev):02x}:{os.minor(info.st_dev):02x}:{info.st_ino}"
        lines = Path("/proc/locks").read_text(encoding="ascii", errors="replace").splitlines()
    except OSError:
        return None
    for line in lines:
        fields = line.split()
        if len(fields) > 5 and fields[5] == key and fields[4].isdigit():
            pid = fields[4]
            try:
                raw = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                return f"pid {pid}"
            words = [w.decode("utf-8", "replace") for w in raw.split(b"\0") if w]
            if words:
                words[0] = Path(words[0]).name
                if len(words) > 1 and words[0].startswith("python"):
                    words = [Path(words[1]).name, *words[2:]]  # the script, not the interpreter
            command = " ".join(words)
            if len(command) > 100:
                command = command[:99] + "…"
            return f"pid {pid}: {command}" if command else f"pid {pid}"
    return None


def _busy_message(path: Path, holder: str | None, wait: float, *, own: bool) -> str:
    waited = f"after waiting {wait:g} s" if wait > 0 else "without waiting"
    if own:
        return (f"{path}: this process already has the store open for writing; gave up "
                f"{waited}. Close the other handle first.")
    who = f" ({holder})" if holder else ""
    return (f"{path}: another process{who} is writing to this store; gave up {waited}. "
            "Run the command again when that process has finished, or wait longer "
            "with --wait SECONDS.")


class Store:
    """A pyoxigraph store holding one named graph per ingested document.

    Open one with :meth:`open` (on disk) or :meth:`memory` (tests); close it
    (or use it as a context manager) so that another process can open the
    directory.
    """

    def __init__(self, inner: ox.Store, path: Path | None = None, *, read_only: bool = False):
        self._inner: ox.Store | None = inner
        self.path = path
        self.read_only = read_only
        self._log: dict[str, Any] | None = None  # the ingest log of a memory store
        self.url: str | None = None  # the SPARQL server holding the store, if any
        self._merge_checked = False

    # -- opening and closing -------------------------------------------------

    @classmethod
    def open(cls, location: str | os.PathLike[str] | None = None, *,
             read_only: bool = False, wait: float = 0.0,
             on_wait: Callable[[str | None], None] | None = None) -> Store:
        """The store in ``location`` (else ``$LUOCDO_STORE``, else the default directory).

        A read-write store is created when the directory does not exist; a
        read-only one must already hold a store (else :class:`InputError`).

        One process at a time may hold a store read-write (RocksDB locks the
        directory). When another one holds it, the open is retried for ``wait``
        seconds, ``on_wait(holder)`` is called once when the waiting starts
        (``holder`` describes the other process when the system tells, else
        None), and :class:`StoreBusy` is raised if the store is still held.
        """
        url = settings.store_url(location)
        if url is not None:
            return cls._open_server(url, read_only=read_only)
        path = settings.store_dir(location)
        deadline = time.monotonic() + max(wait, 0.0)
        pause = 0.05
        waiting = False
        while True:
            try:
                inner = _open_inner(path, read_only)
                break
            except OSError as exc:
                if not _locked(exc):
                    raise StoreError(f"{path}: cannot open the store ({exc})") from exc
                own = "current process" in str(exc)
                holder = "this process, through another handle" if own else _lock_holder(
                    path / "LOCK")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise StoreBusy(_busy_message(path, holder, wait, own=own)) from exc
                if on_wait is not None and not waiting:
                    on_wait(holder)
                waiting = True
                time.sleep(min(pause, left))
                pause = min(pause * 2, 1.0)
        store = cls(inner, path, read_only=read_only)
        if not read_only:
            store._ensure_merge()  # a store written before the merge was kept
        return store

    @classmethod
    def _open_server(cls, url: str, *, read_only: bool) -> Store:
        """The store kept on the SPARQL server at ``url`` (see :mod:`luocdo.remote`)."""
        from luocdo.remote import SparqlServer

        server = SparqlServer(url)
        server.query("ASK {}")  # reachable, and speaking SPARQL: else a clear StoreError now
        store = cls(server, None, read_only=read_only)  # type: ignore[arg-type]
        store.url = url
        if not read_only:
            store._ensure_merge()
        return store

    @property
    def location(self) -> str:
        """Where the store is: its directory, its server's URL, or ``<memory>``."""
        return str(self.path) if self.path is not None else (self.url or "<memory>")

    @classmethod
    def memory(cls) -> Store:
        """An empty store kept in memory."""
        return cls(ox.Store())

    @property
    def inner(self) -> ox.Store:
        """The underlying pyoxigraph store (for callers that need its own API)."""
        if self._inner is None:
            raise StoreError(f"{self.path or '<memory>'}: the store is closed")
        return self._inner

    def close(self) -> None:
        """Flush and release the store directory.

        pyoxigraph releases RocksDB's lock when its last reference goes. Frames of a
        validation can stay reachable from garbage cycles (rdflib's SPARQL parser raises
        and catches pyparsing exceptions, whose tracebacks keep their callers' frames)
        until the collector runs: a writable handle collects them on close, so that the
        next process may write to the store at once and no compaction of this handle
        goes on under a reader that opens the store next.
        """
        if self._inner is not None:
            writable = not self.read_only and self.path is not None
            if writable:
                self._inner.flush()
                (self.path / WRITTEN_FILE).touch()  # type: ignore[operator]
            self._inner = None
            if writable:
                gc.collect()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __len__(self) -> int:
        """Quads in the named graphs (what the documents state, shared facts once per graph)."""
        inner = self.inner
        if not keeps_merge(inner):
            return len(inner)
        return len(inner) - self._default_size()

    def _default_size(self) -> int:
        rows = self.inner.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert isinstance(rows, ox.QuerySolutions)
        return int(next(iter(rows))["n"].value)  # type: ignore[union-attr]

    # -- writing -------------------------------------------------------------

    def replace_graph(self, graph_iri: str, graph: rdflib.Graph) -> WriteStatus:
        """Make ``graph`` the content of the named graph ``graph_iri``, atomically.

        The named graph and the merged default graph change in one transaction:
        on any failure the store keeps what it had. Returns ``"added"``,
        ``"replaced"`` or ``"unchanged"`` (same quads as stored).
        """
        name = ox.NamedNode(graph_iri)
        try:
            inner = self.inner
            self._ensure_merge()
            if not inner.contains_named_graph(name):
                # One transaction; the quads are converted while it runs, so a
                # conversion failure half-way also leaves nothing behind.
                inner.extend(_with_merge(to_quads(graph, graph_iri)))
                return "added"
        except (OSError, RuntimeError, SyntaxError, ValueError) as exc:
            raise StoreError(f"{self.path or '<memory>'}: writing graph <{graph_iri}> "
                             f"failed, the store is unchanged: {exc}") from exc
        return self.replace_quads(graph_iri, stored_form(to_quads(graph, graph_iri)))

    def replace_quads(self, graph_iri: str, new: set[ox.Quad]) -> WriteStatus:
        """:meth:`replace_graph` for quads already in their stored form
        (:func:`stored_form`, all in the named graph ``graph_iri``)."""
        name = ox.NamedNode(graph_iri)
        try:
            inner = self.inner
            self._ensure_merge()
            if not inner.contains_named_graph(name):
                inner.extend(_with_merge(new))
                return "added"
            old = set(inner.quads_for_pattern(None, None, None, name))
            if old == new:
                return "unchanged"
            removed = [q.triple for q in old - new]
            added = [q.triple for q in new - old]
            inner.update(self._replace_update(name, removed, added,
                                              self._orphans(removed, name)))
        except (OSError, RuntimeError, SyntaxError, ValueError) as exc:
            raise StoreError(f"{self.path or '<memory>'}: writing graph <{graph_iri}> "
                             f"failed, the store is unchanged: {exc}") from exc
        return "replaced"

    def add_graphs(self, graphs: Sequence[tuple[str, Iterable[ox.Quad]]], *,
                   bulk: bool = False) -> None:
        """Store named graphs that are not in the store yet, and their merge.

        All of them in one transaction: on failure the store keeps what it had
        (:class:`StoreError`), and a reader sees none or all of them. With
        ``bulk``, pyoxigraph's bulk loader writes them instead, several times
        faster but not as a transaction: a failure or a crash part-way can leave
        some of them stored in part (writing the same graphs again with
        :meth:`replace_quads` completes them). See :meth:`add_serialized`.
        """
        quads = [q for _, graph in graphs for q in graph]
        data = (ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"") + (
            ox.serialize((q.triple for q in quads), format=ox.RdfFormat.N_TRIPLES) or b"")
        self.add_serialized([iri for iri, _ in graphs], data, bulk=bulk)

    def add_serialized(self, graphs: Sequence[str], data: bytes, *, bulk: bool = False) -> None:
        """:meth:`add_graphs` for graphs given as N-Quads with their merge: ``data`` holds
        the quads of the named graphs ``graphs`` (none stored yet) and each of their
        triples in the default graph. pyoxigraph parses and writes them without a
        Python object per quad: one transaction (``Store.load``), or the bulk loader."""
        names = [ox.NamedNode(iri) for iri in graphs]
        inner = self.inner
        try:
            self._ensure_merge()
            there = [n.value for n in names if inner.contains_named_graph(n)]
            if there:
                raise StoreError(f"{self.location}: graph <{there[0]}> is already stored; "
                                 "only new graphs are added here (use replace_quads)")
            if not isinstance(inner, ox.Store):  # a SPARQL server: its own write path
                inner.extend(ox.parse(data, format=ox.RdfFormat.N_QUADS))
            elif bulk:
                inner.bulk_load(data, format=ox.RdfFormat.N_QUADS)
            else:
                inner.load(data, format=ox.RdfFormat.N_QUADS)
        except (OSError, RuntimeError, SyntaxError, ValueError) as exc:
            state = "some of them may be stored in part" if bulk else "the store is unchanged"
            raise StoreError(f"{self.location}: writing {len(names)} graphs (the first "
                             f"<{names[0].value if names else ''}>) failed, {state}: "
                             f"{exc}") from exc

    def flush(self) -> None:
        """Write what RocksDB holds in memory to the store's files (a store on disk).

        RocksDB keeps recent writes in memory tables, one per index, until they are
        full: hundreds of megabytes in a long ingest unless flushed now and then."""
        inner = self.inner
        if self.path is not None and isinstance(inner, ox.Store):
            inner.flush()

    def snapshot(self, target: str | os.PathLike[str]) -> None:
        """A consistent copy of an on-disk store in the new folder ``target``, which
        other processes can open read-only while this one goes on writing here
        (RocksDB's checkpoint: files are hard-linked where the file system allows)."""
        if self.path is None or not isinstance(self.inner, ox.Store):
            raise StoreError(f"{self.location}: only a store on disk can be snapshotted")
        try:
            self.inner.flush()
            self.inner.backup(os.fspath(target))
        except OSError as exc:
            raise StoreError(f"{self.location}: cannot snapshot the store into "
                             f"{os.fspath(target)}: {exc}") from exc

    def add(self, graph: rdflib.Graph, *, named_graph: str) -> WriteStatus:
        """Store ``graph`` as the named graph ``named_graph``, replacing any earlier version."""
        return self.replace_graph(named_graph, graph)

    def _orphans(self, triples: Iterable[ox.Triple], leaving: ox.NamedNode) -> list[ox.Triple]:
        """The triples no named graph other than ``leaving`` holds (they leave the merge)."""
        inner = self.inner
        if not isinstance(inner, ox.Store):  # a SPARQL server: one query, not one per triple
            triples = list(triples)
            elsewhere = inner.held_elsewhere(triples, leaving)
            return [t for t in triples if t not in elsewhere]
        out = []
        for t in triples:
            holders = inner.quads_for_pattern(t.subject, t.predicate, t.object, None)
            if not any(q.graph_name != leaving and q.graph_name != DEFAULT_GRAPH
                       for q in holders):
                out.append(t)
        return out

    @staticmethod
    def _replace_update(name: ox.NamedNode, removed: Sequence[ox.Triple],
                        added: Sequence[ox.Triple], orphans: Sequence[ox.Triple]) -> str:
        """The SPARQL update that changes one graph and the merge (data printed by pyoxigraph)."""
        for t in (*removed, *orphans):
            if isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode):
                raise StoreError(f"<{name.value}>: a stored graph cannot be changed when it "
                                 "holds blank nodes; the graph mapping names every node")
        return _fill(_template("_store_replace_graph.ru"), {
            "graph": str(name), "removed": _ntriples(removed), "added": _ntriples(added),
            "orphans": _ntriples(orphans)})

    def remove_graph(self, graph_iri: str) -> bool:
        """Remove a named graph (and its triples from the merge); True when it existed."""
        name = ox.NamedNode(graph_iri)
        inner = self.inner
        if not inner.contains_named_graph(name):
            return False
        self._ensure_merge()
        orphans = self._orphans((q.triple for q in inner.quads_for_pattern(None, None, None, name)),
                                name)
        update = _fill(_template("_store_remove_graph.ru"),
                       {"graph": str(name), "orphans": _ntriples(orphans)})
        try:
            inner.update(update)
        except (OSError, RuntimeError, SyntaxError, ValueError) as exc:
            raise StoreError(f"{self.path or '<memory>'}: removing graph <{graph_iri}> "
                             f"failed, the store is unchanged: {exc}") from exc
        return True

    def load_dataset(self, data: bytes | str | os.PathLike[str], *,
                     format: ox.RdfFormat = ox.RdfFormat.N_QUADS) -> None:
        """Bulk-load named graphs (N-Quads or TriG: a path, or the data as bytes or str),
        then the merge.

        Faster than :meth:`replace_graph` per document and meant for test
        fixtures and benchmarks: it is not one transaction, and triples outside
        a named graph are refused.
        """
        scratch = ox.Store()
        try:
            if isinstance(data, bytes | str):
                scratch.load(data, format=format)
            else:
                scratch.load(path=os.fspath(data), format=format)
        except SyntaxError as exc:
            raise InputError(f"cannot read the dataset: {exc}",
                             source=None if isinstance(data, bytes | str) else os.fspath(data)
                             ) from exc
        if keeps_merge(scratch):
            raise InputError("the data holds triples outside any named graph; luocdo keeps "
                             "the default graph as the merge of the named graphs")
        self.bulk_add(scratch)

    def bulk_add(self, quads: Iterable[ox.Quad]) -> None:
        """Add named-graph quads and their merge without a transaction (bulk loading)."""
        inner = self.inner
        self._ensure_merge()
        batch: list[ox.Quad] = []
        for quad in _with_merge(quads):
            batch.append(quad)
            if len(batch) >= 500_000:
                inner.bulk_extend(batch)
                batch = []
        inner.bulk_extend(batch)

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL update that changes named graphs and bring the merge up to date,
        in one transaction.

        An update that would write into the default graph itself is refused
        (:class:`UpdateRefused`) before anything runs; see :func:`default_graph_write`.
        """
        reason = default_graph_write(sparql)
        if reason:
            raise UpdateRefused(f"{reason}: the default graph is the merge of the named graphs "
                                "that luocdo keeps; write into a named graph (GRAPH <…> or WITH)")
        # The caller's operations and the re-sync as one request, so one transaction:
        # the merge can never be left behind the named graphs.
        own = sparql.rstrip()
        own = own[:-1] if own.endswith(";") else own
        try:
            self.inner.update(own + "\n;\n" + _template("_store_sync_merge.ru"),
                              base_iri=base_iri)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from exc

    def sync_merge(self) -> None:
        """Make the default graph the merge of the named graphs again (one transaction)."""
        self.inner.update(_template("_store_sync_merge.ru"))

    def _ensure_merge(self) -> None:
        """Build the merge of a store that holds named graphs without one."""
        inner = self.inner
        if not isinstance(inner, ox.Store) and self._merge_checked:
            return  # a SPARQL server's store: checked once when opened
        self._merge_checked = True
        if not keeps_merge(inner) and next(iter(inner.named_graphs()), None) is not None:
            self.sync_merge()

    def clear(self) -> None:
        """Remove every quad and graph."""
        self.inner.clear()

    # -- reading -------------------------------------------------------------

    def query(self, sparql: str, *, bindings: Mapping[str, Bindable] | None = None,
              values: Mapping[str, Sequence[Bindable]] | None = None) -> Any:
        """Run a SPARQL query over the union of the named graphs.

        The prefixes of :data:`PREFIXES` (``lo:``, ``lod:``, ``skos:``...) need
        no declaration.

        ``bindings`` binds variables to single RDF terms (pyoxigraph
        substitutions; a SELECT must project each bound variable); ``values``
        adds a trailing ``VALUES`` block with one row per position of its
        equal-length columns (to look up a batch of nodes in one query).
        Returns pyoxigraph's result: solutions (iterable of rows, with
        ``.variables`` and ``.serialize``), a boolean, or triples.
        """
        substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {}
        for name, value in (bindings or {}).items():
            if not _VARIABLE.match(name):
                raise QueryError(f"bad variable name {name!r} in bindings")
            substitutions[ox.Variable(name)] = term(value)
        if values is not None:
            sparql = sparql.rstrip() + _values_clause(values)
        try:
            return self.inner.query(sparql, prefixes=PREFIXES,
                                    substitutions=substitutions or None,
                                    **query_dataset(self.inner))
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"{self.path or '<memory>'}: query failed: {exc}") from exc
        except RuntimeError as exc:  # e.g. a bound variable missing from the projection
            raise QueryError(f"cannot run the query with its bindings: {exc}") from exc

    def select(self, sparql: str, *, bindings: Mapping[str, Bindable] | None = None,
               values: Mapping[str, Sequence[Bindable]] | None = None) -> list[dict[str, Any]]:
        """The rows of a SELECT query as dicts of plain Python values (unbound = None)."""
        result = self.query(sparql, bindings=bindings, values=values)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("select() needs a SELECT query")
        names = [v.value for v in result.variables]
        return [{n: python(row[n]) for n in names} for row in result]

    def has_node(self, iri: str) -> bool:
        """True when some triple has ``iri`` as subject or object."""
        node = ox.NamedNode(iri)
        inner = self.inner
        return (next(iter(inner.quads_for_pattern(node, None, None, None)), None) is not None
                or next(iter(inner.quads_for_pattern(None, None, node, None)), None) is not None)

    def graphs(self) -> list[str]:
        """The IRIs of the named graphs, sorted."""
        return sorted(g.value for g in self.inner.named_graphs() if isinstance(g, ox.NamedNode))

    def graph_quads(self, graph_iri: str) -> list[ox.Quad]:
        """The quads of one named graph."""
        return list(self.inner.quads_for_pattern(None, None, None, ox.NamedNode(graph_iri)))

    def graph(self, graph_iri: str) -> rdflib.Graph:
        """One named graph as an rdflib graph (to validate, serialize or compare it)."""
        triples = [q.triple for q in self.graph_quads(graph_iri)]
        result = rdflib.Graph()
        if triples:
            data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
            result.parse(data=data.decode("utf-8"), format="nt")
        return result

    def quads(self) -> set[str]:
        """Every quad as an N-Quads line: a canonical view for comparing two stores.

        Blank node labels are kept as they are, so this compares stores whose
        graphs use IRIs only (as the graph mapping does).
        """
        return {str(q) for q in self.inner}

    def dump(self) -> bytes:
        """The whole store in N-Quads, lines sorted (deterministic)."""
        return "".join(line + " .\n" for line in sorted(self.quads())).encode("utf-8")

    def stats(self) -> Stats:
        """Counts of documents, tasks, agencies, triples and graphs.

        Kept in the store's folder for the last write (:data:`STATS_FILE`): a store
        nobody wrote to since answers at once; the first call after a write counts.
        """
        stamp = self._written_stamp()
        cache = self.path / STATS_FILE if self.path is not None else None
        if cache is not None and stamp is not None and cache.is_file():
            try:
                kept = json.loads(cache.read_text(encoding="utf-8"))
                if kept.get("written") == stamp:
                    return Stats(**kept["stats"])
            except (OSError, ValueError, TypeError, KeyError):
                pass  # counted again below
        counts = self._count()
        if cache is not None and stamp is not None:
            tmp = cache.with_suffix(".tmp")
            try:
                tmp.write_text(json.dumps({"written": stamp, "stats": dataclasses.asdict(counts)}),
                               encoding="utf-8")
                tmp.replace(cache)
            except OSError:
                pass  # a folder we may not write to: the counts are still right
        return counts

    def _written_stamp(self) -> str | None:
        """What the store's files are now (RocksDB's write-ahead logs, tables and manifest:
        names, sizes, times), so that any commit changes it, also one whose writer was
        killed before it closed; None for a handle that may write."""
        if self.path is None or not self.read_only:
            return None
        return files_stamp(self.path)

    def _count(self) -> Stats:
        sparql = resources.path("queries", "_store_stats.rq").read_text("utf-8")
        rows = self.select(sparql)
        row = rows[0] if rows else {}
        return Stats(
            documents=int(row.get("documents") or 0),
            cited_only=int(row.get("citedOnly") or 0),
            tasks=int(row.get("tasks") or 0),
            agencies=int(row.get("agencies") or 0),
            collectives=int(row.get("collectives") or 0),
            triples=self._default_size() if keeps_merge(self.inner) else len(self.inner),
            graphs=sum(1 for _ in self.inner.named_graphs()),
            quads=len(self),
        )

    def size_on_disk(self) -> int:
        """Bytes used by the store directory (0 in memory)."""
        if self.path is None:
            return 0
        return sum(f.stat().st_size for f in self.path.rglob("*") if f.is_file())

    # -- the ingest log ------------------------------------------------------

    def write_log(self, log: Mapping[str, Any]) -> None:
        """Keep the report of the last ingest run (read back by ``luocdo stats``)."""
        if self.path is None:
            self._log = dict(log)
            return
        target = self.path / LOG_FILE
        tmp = target.with_suffix(".tmp")
        tmp.write_text(json.dumps(log, ensure_ascii=False, indent=1), encoding="utf-8")
        tmp.replace(target)

    def read_log(self) -> dict[str, Any] | None:
        """The report of the last ingest run, if any."""
        if self.path is None:
            return self._log
        target = self.path / LOG_FILE
        if not target.is_file():
            return None
        try:
            data = json.loads(target.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise StoreError(f"{target}: unreadable ingest log: {exc}") from exc
        return data if isinstance(data, dict) else None


def files_stamp(path: Path) -> str | None:
    """What the store's files in ``path`` are now (RocksDB's write-ahead logs, tables and
    manifest: names, sizes, times): any commit changes it, also one whose writer was killed
    before it closed. None when there are none (or they cannot be listed). The server keys
    its cached results on it (luocdo.api.worker)."""
    try:
        files = sorted((f.name, s.st_size, s.st_mtime_ns)
                       for f in path.iterdir()
                       if f.suffix in (".log", ".sst") or f.name.startswith("MANIFEST-")
                       for s in (f.stat(),))
    except OSError:
        return None
    return hashlib.sha256(repr(files).encode("utf-8")).hexdigest() if files else None


def iter_rows(result: Iterable[Any], names: Sequence[str]) -> Iterator[dict[str, Any]]:
    """Rows of a pyoxigraph solutions iterator as dicts of plain Python values."""
    for row in result:
        yield {n: python(row[n]) for n in names}
