"""The query runner: worker processes that can be killed when a query runs too long.

Neither pyoxigraph nor rdflib can interrupt a running query from Python, so each
query runs in a worker process with its own read-only handle on the store
(``pyoxigraph.Store.read_only``); so does validation (``GET /validate``). When a
query passes the time limit the worker
is killed and a fresh one takes its place; other requests keep being answered
by the other workers meanwhile. After a write (SPARQL Update, an uploaded
document) :meth:`QueryPool.reload` makes every worker reopen the store before
its next query, so that it sees the new data; a worker also reopens it when
another process (``luocdo ingest``, ``luocdo reason``) has written to it since:
closing a read-write store touches ``luocdo-written`` in its directory.

Jobs and answers cross the process boundary as plain tuples (picklable).

The answers of named queries (our own ``.rq`` files and engines, never a user's
SPARQL) are kept by the server for the store as it is (:class:`ResultCache`):
the same question asked again before any write is answered without a worker
(issue 13: 16 clients tracing got 5 requests/s, each trace 70-100 ms of a
worker's CPU on two cores).
"""

from __future__ import annotations

import collections
import contextlib
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any

from luocdo.api import formats
from luocdo.api.errors import ApiError, QueryTimeout, status_of

if TYPE_CHECKING:
    from luocdo.api.limits import Limits

MEMORY_ENV = "LUOCDO_WORKER_MEMORY"  # set by the server for its extraction workers
ROLE_ENV = "LUOCDO_WORKER_ROLE"
OUT_OF_MEMORY = "extraction_too_large"  # the code of a job refused memory; its worker retires

# ---------------------------------------------------------------- inside the worker


class _Runner:
    """The worker side: one read-only store, reopened when the generation changes."""

    def __init__(self, store_dir: str):
        self.store_dir = store_dir
        self.generation = -1
        self.stamp: int | None = None
        self.store: Any = None
        self.handle: Any = None  # luocdo's Store over self.store (see _handle)

    def _written(self) -> int | None:
        """When a process that wrote to the store (``luocdo ingest``, ``luocdo reason``)
        last closed it."""
        from luocdo.store import WRITTEN_FILE

        try:
            return (Path(self.store_dir) / WRITTEN_FILE).stat().st_mtime_ns
        except OSError:
            return None

    def _open(self, generation: int) -> Any:
        import pyoxigraph as ox

        from luocdo.errors import StoreError
        from luocdo.remote import SparqlServer, as_url, looks_like_url

        if looks_like_url(self.store_dir):  # a store kept on a SPARQL server
            if self.store is None:
                self.store = SparqlServer(as_url(self.store_dir))
            return self.store
        stamp = self._written()
        if self.store is None or generation != self.generation or stamp != self.stamp:
            self.store = None
            path = Path(self.store_dir)
            if not path.is_dir() or not any(path.iterdir()):
                raise StoreError(
                    f"{path}: no store here; run `luocdo ingest PATH... --store {path}`")
            try:
                self.store = ox.Store.read_only(str(path))
            except OSError as exc:
                raise StoreError(f"{path}: cannot open the store read-only ({exc})") from exc
            self.generation = generation
            self.stamp = stamp
        return self.store

    def _handle(self, store: Any) -> Any:
        """The luocdo handle of the open store for named queries: read-only on its folder,
        one per opening, so that traces keep what they looked up across jobs while the
        store's files are unchanged (luocdo.trace); a SPARQL server as it is."""
        import pyoxigraph as ox

        from luocdo.store import Store

        if not isinstance(store, ox.Store):
            return store
        if self.handle is None or self.handle.inner is not store:
            self.handle = Store(store, Path(self.store_dir), read_only=True)
        return self.handle

    def run(self, job: tuple[Any, ...]) -> tuple[str, Any]:
        from luocdo.errors import LuocdoError

        kind, generation, payload = job
        try:
            if kind == "extract":  # needs no store
                return "ok", _extract(payload)
            store = self._open(generation)
            if kind == "sparql":
                return "ok", formats.run_sparql(store, **payload)
            if kind == "named":
                from luocdo import queries

                return "ok", queries.run(self._handle(store), payload["name"],
                                         limit=payload.get("limit"), **payload["params"])
            if kind == "validate":
                return "ok", _validate(store, payload.get("document"))
            if kind == "graphs":
                return "ok", sorted(g.value for g in store.named_graphs()
                                    if hasattr(g, "value"))
            if kind == "connect":  # for tests of the sandbox: may this worker reach a host?
                return "ok", _try_connect(*payload)
            if kind == "sleep":  # for tests of the time limit: a query that never ends
                time.sleep(float(payload))
                return "ok", None
            return "error", (500, "internal_error", f"unknown job {kind!r}")
        except ApiError as exc:
            return "error", (exc.status, exc.code, exc.message)
        except (MemoryError, SystemError, OSError) as exc:
            if not _out_of_memory(exc):
                return "error", (500, "internal_error", f"{type(exc).__name__}")
            # past the limit set by _limit_memory; the server retires this worker
            return "error", (413, OUT_OF_MEMORY,
                             "reading it needed more memory than this server allows "
                             f"({_memory_limit() // 2**20:,} MiB); send a smaller file")
        except RecursionError:
            return "error", (400, "too_deep", "the input is nested too deep to be read")
        except LuocdoError as exc:
            return "error", (status_of(exc), exc.code, str(exc))
        except Exception as exc:  # a bug: reported as internal, never with details
            return "error", (500, "internal_error", f"{type(exc).__name__}")


def _try_connect(host: str, port: int) -> str:
    """``connected`` or the error met when opening a TCP connection (sandbox tests)."""
    import socket

    try:
        with socket.create_connection((host, port), timeout=2):
            return "connected"
    except OSError as exc:
        return f"{type(exc).__name__}: {exc}"


def _extract(payload: dict[str, Any]) -> dict[str, Any]:
    """Read an uploaded file, as ``luocdo extract`` would: the document, its graph, its
    SHACL report; with ``"graph": True`` also the graph as N-Triples, to be stored."""
    import tempfile

    from luocdo import ingest, validate
    from luocdo.model import to_json

    with tempfile.TemporaryDirectory(prefix="luocdo-upload-") as tmp:
        path = Path(tmp) / f"upload{payload['suffix']}"
        path.write_bytes(payload["data"])
        converted = ingest.convert(path)
    out: dict[str, Any] = {
        "document": converted.document_iri,
        "graph": converted.graph_iri,
        "symbol": converted.document.document.symbol,
        "tasks": len(converted.document.tasks),
        "triples": len(converted.graph),
        "extracted": to_json(converted.document),
        "validation": validate.validate(converted.graph).to_json(),
    }
    if payload.get("graph"):
        out["ntriples"] = converted.graph.serialize(format="nt", encoding="utf-8")
    if payload.get("text"):
        out["text"] = converted.text
    return out


def _out_of_memory(exc: BaseException) -> bool:
    """Whether ``exc`` is an allocation refused under the memory limit.

    Readers in C report it in their own ways: MemoryError, OSError ENOMEM, or a
    SystemError from an extension that lost the MemoryError on the way.
    """
    import errno

    if not _memory_limit():
        return False
    return (isinstance(exc, (MemoryError, SystemError))
            or (isinstance(exc, OSError) and exc.errno == errno.ENOMEM))


def _memory_limit() -> int:
    """The bytes of address space this worker may add (``LUOCDO_WORKER_MEMORY``); 0: none."""
    try:
        return max(0, int(os.environ.get(MEMORY_ENV, "0")))
    except ValueError:
        return 0


def _limit_memory() -> None:
    """Cap the worker's address space at what it has now plus ``LUOCDO_WORKER_MEMORY``.

    Past the cap an allocation fails: Python raises MemoryError, which the job
    answers as 413; a reader in C may abort, which the server answers as a failed
    extraction. Called after the imports, so that they do not count.
    """
    import resource

    extra = _memory_limit()
    if not extra:
        return
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[0])
    size = pages * os.sysconf("SC_PAGE_SIZE") + extra
    resource.setrlimit(resource.RLIMIT_AS, (size, size))


def _validate(inner: Any, document: str | None) -> dict[str, Any]:
    """The SHACL report of the store, or of one document (IRI or number and symbol)."""
    from luocdo import queries, validate
    from luocdo.store import Store

    store = Store(inner, read_only=True)
    if document:
        param = queries.Parameter("document", "document", True)
        report = validate.validate(store, doc=queries.bind_one(param, document, inner))
    else:
        report = validate.validate(store)
    data: dict[str, Any] = report.to_json()
    return data


def _serve(jobs: Connection, answers: Connection, store_dir: str) -> None:
    """Worker main loop: answer jobs until the pipe closes."""
    runner = _Runner(store_dir)
    # import what named queries need before saying ready, so that the first
    # query's time limit is not spent importing
    from luocdo import queries
    from luocdo.queries import engine  # noqa: F401

    queries.registry()
    queries.symbol_keys("1/QĐ-TTg")
    if os.environ.get(ROLE_ENV) == "extract":  # what reading an upload needs, imported now
        from luocdo import ingest, loaders, validate  # noqa: F401
        from luocdo.graph import to_graph  # noqa: F401

        validate.validate(__import__("rdflib").Graph())
    _limit_memory()
    answers.send(("ready", None))
    while True:
        try:
            job = jobs.recv()
        except (EOFError, OSError):
            return
        answers.send(runner.run(job))


def main(argv: list[str] | None = None) -> None:
    """``python -m luocdo.api.worker STORE_DIR``: jobs on stdin, answers on stdout.

    A plain subprocess rather than multiprocessing's spawn, so that the server's
    main module is never imported again in the worker. Anything printed by
    accident goes to stderr: stdout carries only answers.
    """
    args = sys.argv[1:] if argv is None else argv
    jobs = Connection(os.dup(0), writable=False)
    answers = Connection(os.dup(1), readable=False)
    os.dup2(2, 1)
    from luocdo.remote import looks_like_url

    # A store on a SPARQL server is reached over the network: its queries are run by that
    # server, not by this process's engine, and the guard still refuses SERVICE and LOAD.
    if not looks_like_url(args[0]):
        _sandbox()
    _serve(jobs, answers, args[0])


def _sandbox() -> None:
    """Close the network to this worker before it reads any job (see luocdo.api.sandbox)."""
    from luocdo.api.sandbox import deny_network

    state = deny_network()
    if not state.active:
        import logging

        logging.getLogger("luocdo.api").warning(
            "query worker runs without a network sandbox: %s", state.reason)


# ---------------------------------------------------------------- in the server

STARTUP_SECONDS = 60.0  # time a new worker may take to import and say it is ready
SLOW_NICE = 19  # the general pool's workers yield the CPU to the quick pool's
SLOW_MEMORY = 1024  # query texts (and clients) remembered as too slow for the quick pool
SLOW_SECONDS = 600.0  # and for how long
SLOW_CLIENT = 3  # SPARQL texts of a client that passed the quick budget: then all its go slow


class _Worker:
    """One worker process and the server's ends of its pipes."""

    def __init__(self, store_dir: str, *, env: dict[str, str] | None = None, nice: int = 0):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "luocdo.api.worker", store_dir],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, close_fds=True,
            env={**os.environ, **env} if env else None)
        assert self.process.stdin is not None and self.process.stdout is not None
        self.jobs = Connection(os.dup(self.process.stdin.fileno()), readable=False)
        self.answers = Connection(os.dup(self.process.stdout.fileno()), writable=False)
        self.process.stdin.close()
        self.process.stdout.close()
        self.ready = False
        if nice:
            with contextlib.suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, self.process.pid, nice)

    def wait_ready(self, seconds: float = STARTUP_SECONDS) -> None:
        """Wait for the worker's start-up (imports) so that it does not count as query time."""
        if self.ready:
            return
        if not self.answers.poll(seconds):
            self.kill()
            raise ApiError(503, "unavailable", "a query worker did not start in time")
        self.answers.recv()
        self.ready = True

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()
        with contextlib.suppress(Exception):
            self.process.wait(timeout=5)
        for conn in (self.jobs, self.answers):
            with contextlib.suppress(Exception):
                conn.close()


class _Overtime(Exception):
    """A job passed its time limit; its worker was killed."""


class _Crashed(Exception):
    """A worker died during a job (a crash, or killed from outside)."""


class _Skipped(Exception):
    """The job, once at the head of the queue, was to go elsewhere (see ``attempt``)."""


class WorkerPool:
    """A fixed number of worker processes, and a bounded queue of jobs waiting for them.

    At most ``size`` jobs run and ``waiting`` wait; one more is refused at once
    (503 ``busy``, ``Retry-After``), as is one that waited ``queue_wait`` seconds.
    A job passing its time limit has its worker killed; a fresh one is started.
    """

    def __init__(self, store_dir: str | Path, *, size: int = 2, timeout: float = 30.0,
                 waiting: int = 16, queue_wait: float = 10.0, name: str = "query",
                 env: dict[str, str] | None = None, nice: int = 0):
        self.store_dir = str(store_dir)
        self.size = max(1, size)
        self.timeout = timeout
        self.waiting = max(0, waiting)
        self.queue_wait = queue_wait
        self.name = name
        self.env = env
        self.nice = nice
        self.generation = 0
        self.killed = 0  # workers killed at the time limit (for tests and logs)
        self.refused = 0  # jobs refused because the queue was full
        self._admitted = 0  # jobs running or waiting
        self._idle: queue.Queue[_Worker | None] = queue.Queue()
        self._lock = threading.Lock()
        self._workers: set[_Worker] = set()  # every live worker, busy or idle
        self._started = False
        self._closed = False

    def _start(self) -> None:
        with self._lock:
            if self._started:
                return
            for _ in range(self.size):
                self._idle.put(None)  # a slot: the worker is spawned on first use
            self._started = True

    def _spawn(self) -> _Worker:
        worker = _Worker(self.store_dir, env=self.env, nice=self.nice)
        with self._lock:
            self._workers.add(worker)
        return worker

    def _discard(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._workers.discard(worker)

    def warm(self) -> None:
        """Start the worker processes now rather than on the first jobs."""
        self._start()
        for _ in range(self.size):
            try:
                slot = self._idle.get_nowait()
            except queue.Empty:
                return
            if slot is None:
                with contextlib.suppress(OSError):
                    slot = self._spawn()
            self._idle.put(slot)

    def reload(self) -> None:
        """Make every worker reopen the store before its next job (after a write)."""
        self.generation += 1

    @property
    def busy(self) -> int:
        """Jobs running or waiting now."""
        return self._admitted

    def _admit(self) -> None:
        with self._lock:
            if self._closed:
                raise ApiError(503, "unavailable", "the server is shutting down")
            if self._admitted >= self.size + self.waiting:
                self.refused += 1
                raise ApiError(503, "busy",
                               f"every {self.name} worker is busy and {self.waiting} requests "
                               "are waiting; try again shortly", {"Retry-After": "1"})
            self._admitted += 1

    def attempt(self, kind: str, payload: Any, limit: float,
                skip: Callable[[], bool] | None = None,
                replaced: Callable[[], None] | None = None) -> tuple[str, Any]:
        """Run one job; its answer, or :class:`_Overtime` / :class:`_Crashed`.

        ``skip`` is asked once a worker is free for the job: when true, the job
        does not run here (:class:`_Skipped`). ``replaced`` is called once the
        worker killed or lost by this job has been replaced by a ready one.
        """
        self._admit()
        try:
            self._start()
            try:
                slot = self._idle.get(timeout=self.queue_wait)
            except queue.Empty:
                raise ApiError(503, "busy", f"no {self.name} worker became free within "
                               f"{self.queue_wait:g} s; try again shortly",
                               {"Retry-After": "1"}) from None
            worker = slot
            lost = False  # the job killed or lost its worker: a new one is started
            try:
                if skip is not None and skip():
                    raise _Skipped()
                if worker is None or not worker.alive():
                    if worker is not None:
                        self._discard(worker)
                    worker = self._spawn()
                worker.wait_ready()
                worker.jobs.send((kind, self.generation, payload))
                if not worker.answers.poll(limit):
                    self._discard(worker)
                    worker, lost = None, True
                    raise _Overtime()
                answer: tuple[str, Any] = worker.answers.recv()
                if answer[0] == "error" and answer[1][1] == OUT_OF_MEMORY:
                    self._discard(worker)  # a failed allocation may leave it unsound
                    worker, lost = None, True
                return answer
            except (EOFError, OSError):
                if worker is not None:
                    self._discard(worker)
                worker, lost = None, True
                raise _Crashed() from None
            finally:
                if lost:
                    self._replace(replaced)
                else:
                    self._idle.put(worker)
        finally:
            with self._lock:
                self._admitted -= 1

    def _replace(self, then: Callable[[], None] | None = None) -> None:
        """Start a worker in place of one killed, in the background: the next job
        finds it ready rather than waiting for its start-up."""

        def start() -> None:
            worker: _Worker | None = None
            try:
                if not self._closed:
                    worker = self._spawn()
                    worker.wait_ready()
            except (EOFError, OSError, ApiError):  # it died starting: the next job starts one
                if worker is not None:
                    self._discard(worker)
                worker = None
            finally:
                if worker is not None and self._closed:  # closed meanwhile: not left running
                    self._discard(worker)
                    worker = None
                self._idle.put(worker)
                if then is not None:
                    then()

        threading.Thread(target=start, name=f"luocdo-{self.name}-respawn", daemon=True).start()

    def run(self, kind: str, payload: Any, *, timeout: float | None = None) -> Any:
        """Run one job on a free worker; kill the worker when it passes the time limit."""
        limit = self.timeout if timeout is None else timeout
        try:
            status, value = self.attempt(kind, payload, limit)
        except _Overtime:
            self.killed += 1
            raise QueryTimeout(limit) from None
        except _Crashed:
            raise ApiError(500, "worker_crashed",
                           f"a {self.name} worker stopped unexpectedly; the request was not "
                           "answered") from None
        return _value(status, value)

    def close(self) -> None:
        """Stop every worker, busy ones included: their jobs answer at once."""
        with self._lock:
            self._closed = True
            workers = list(self._workers)
            self._workers.clear()
        for worker in workers:
            worker.kill()


def _value(status: str, value: Any) -> Any:
    if status == "ok":
        return value
    code_status, code, message = value
    raise ApiError(code_status, code, message)


class ResultCache:
    """Answers of named queries for the store's current version, the most recently used kept.

    The version is the pool's generation (a write by the server), the stamp of the
    store's files (:func:`luocdo.store.files_stamp`: any commit, also by another process
    or one killed mid-write) and the time ``luocdo-written`` was last touched (when the
    workers reopen the store). An answer is kept under the version read before its
    job ran, so it is never served for a later version. At most ``rows`` rows are
    kept in all; a store on a SPARQL server (whose version the server cannot see)
    is not cached. Requests for an answer being computed wait for it rather than
    computing it again (after a write, many clients ask the same traces at once).
    """

    def __init__(self, store_dir: str, rows: int):
        from luocdo.remote import looks_like_url

        self.directory = None if looks_like_url(store_dir) or rows <= 0 else Path(store_dir)
        self.rows = rows
        self.hits = 0
        self.misses = 0
        self._kept: collections.OrderedDict[str, tuple[Any, Any, int]] = \
            collections.OrderedDict()
        self._held = 0  # rows kept
        self._running: dict[tuple[str, Any], threading.Event] = {}
        self._lock = threading.Lock()

    def version(self, generation: int) -> Any:
        """What the answers kept now are valid for; None: nothing may be cached."""
        from luocdo.store import WRITTEN_FILE, files_stamp

        if self.directory is None:
            return None
        stamp = files_stamp(self.directory)
        if stamp is None:
            return None
        try:
            written: int | None = (self.directory / WRITTEN_FILE).stat().st_mtime_ns
        except OSError:
            written = None
        return (generation, written, stamp)

    def kept(self, key: str, version: Any) -> Any:
        """The answer kept for ``key`` at ``version``, or None (nothing is computed)."""
        if version is None:
            return None
        with self._lock:
            kept = self._kept.get(key)
            if kept is None or kept[0] != version:
                return None
            self._kept.move_to_end(key)
            self.hits += 1
            return kept[1]

    def answer(self, key: str, version: Any, compute: Callable[[], Any]) -> Any:
        """The answer kept for ``key`` at ``version``, else ``compute()``'s (then kept)."""
        if version is None:
            return compute()
        while True:
            with self._lock:
                kept = self._kept.get(key)
                if kept is not None and kept[0] == version:
                    self._kept.move_to_end(key)
                    self.hits += 1
                    return kept[1]
                running = self._running.get((key, version))
                if running is None:
                    mine = self._running[(key, version)] = threading.Event()
                    self.misses += 1
            if running is None:
                break
            running.wait()  # then kept, or failed: computed here in turn
        try:
            value = compute()
            self._keep(key, version, value)
            return value
        finally:
            with self._lock:
                del self._running[(key, version)]
            mine.set()

    def _keep(self, key: str, version: Any, value: Any) -> None:
        size = max(1, len(getattr(value, "rows", ())))
        if size > self.rows // 4:  # one large answer would push out all the others
            return
        with self._lock:
            old = self._kept.pop(key, None)
            if old is not None:
                self._held -= old[2]
            self._kept[key] = (version, value, size)
            self._held += size
            while self._held > self.rows:
                _, (_, _, dropped) = self._kept.popitem(last=False)
                self._held -= dropped


class QueryPool:
    """The server's workers, in three pools, behind one ``run(kind, payload)``.

    - *quick*: named queries, document look-ups and SPARQL queries start here,
      cut at ``quick_budget`` seconds. Most answer in milliseconds, and no slow
      query can hold these workers longer than the budget. A SPARQL text not
      yet seen to answer within the budget takes one of a few trial slots (half
      the quick workers); when they are taken it goes to the general pool.
    - *general*: a job that passed the quick budget runs again here, with the
      full time limit; so does validation. Its workers run at a lower CPU
      priority. A SPARQL text that passed the budget is remembered for a while
      and goes straight here the next times, as do all the SPARQL queries of a
      client that sent ``SLOW_CLIENT`` such texts.
    - *extract*: uploaded documents are read here, with a time limit and a
      memory limit (the worker's address space).

    Answers of named queries are kept for the store's current version
    (:class:`ResultCache`, ``Limits.cache_rows``).

    Each pool bounds its queue: a request that cannot be queued is answered 503
    ``busy`` at once. SPARQL texts are checked for length and nesting before any
    worker sees them (:func:`luocdo.api.limits.check_query`).
    """

    def __init__(self, store_dir: str | Path, *, size: int = 2, timeout: float = 30.0,
                 limits: Limits | None = None):
        from luocdo.api.limits import Limits

        self.limits = limits = limits or Limits()
        self.store_dir = str(store_dir)
        self.timeout = timeout
        self.quick_budget = limits.quick_budget
        self.general = WorkerPool(store_dir, size=size, timeout=timeout, waiting=limits.queue,
                                  queue_wait=limits.queue_wait, name="query", nice=SLOW_NICE)
        self.quick = WorkerPool(store_dir, size=limits.quick_workers, timeout=timeout,
                                waiting=limits.queue, queue_wait=limits.queue_wait,
                                name="quick query")
        self.extract = WorkerPool(
            store_dir, size=limits.extract_workers, timeout=limits.extract_timeout,
            waiting=limits.extract_workers, queue_wait=limits.queue_wait, name="extraction",
            env={ROLE_ENV: "extract", MEMORY_ENV: str(limits.extract_memory)})
        self.demoted = 0  # jobs moved from the quick pool to the general one
        self._slow: collections.OrderedDict[str, float] = collections.OrderedDict()
        self._slow_clients: dict[str, list[float]] = {}
        self._quick: collections.OrderedDict[str, float] = collections.OrderedDict()
        self._trials = threading.BoundedSemaphore(max(1, limits.quick_workers // 2))
        self._slow_lock = threading.Lock()
        self.cache = ResultCache(self.store_dir, limits.cache_rows)
        self.generation = 0  # writes by this server (reload)

    @property
    def threads(self) -> int:
        """Jobs admitted at most at once, running or waiting: each holds a server thread."""
        return sum(p.size + p.waiting for p in (self.quick, self.general, self.extract))

    @property
    def killed(self) -> int:
        """Workers killed at a time limit (not at the quick budget)."""
        return self.general.killed + self.quick.killed + self.extract.killed

    def warm(self) -> None:
        """Start the query workers now (extraction workers start on the first upload)."""
        self.quick.warm()
        self.general.warm()

    def reload(self) -> None:
        """Make every worker reopen the store before its next job (after a write)."""
        self.generation += 1
        self.quick.reload()
        self.general.reload()

    def close(self) -> None:
        """Stop every worker."""
        for pool in (self.quick, self.general, self.extract):
            pool.close()

    def run(self, kind: str, payload: Any, *, timeout: float | None = None) -> Any:
        """Run one job in the pool for its kind, under the time limit."""
        from luocdo.api.limits import check_query

        limit = self.timeout if timeout is None else timeout
        if kind == "sparql":
            check_query(payload["query"])
        if kind == "extract":
            return self._extract(payload)
        if kind == "named":  # our own queries: the answer depends on the store only
            return self.cache.answer(_job_key(kind, payload),
                                     self.cache.version(self.generation),
                                     lambda: self._quick_first(kind, payload, limit))
        if kind not in QUICK_KINDS:
            return self.general.run(kind, payload, timeout=limit)
        return self._quick_first(kind, payload, limit)

    def kept(self, kind: str, payload: Any) -> Any:
        """The answer of a named query kept for the store as it is now, or None: a
        look-up that never waits for a worker (the server may call it from its event
        loop, sparing a thread for answers it already has)."""
        if kind != "named":
            return None
        return self.cache.kept(_job_key(kind, payload), self.cache.version(self.generation))

    def _quick_first(self, kind: str, payload: Any, limit: float) -> Any:
        """Run a job of :data:`QUICK_KINDS` in the quick pool, in the general one if it
        passes the quick budget (see the class's docstring)."""
        from luocdo.api.limits import CLIENT

        key = _job_key(kind, payload)
        client = CLIENT.get()
        by_client = f"client {client}" if client and kind == "sparql" else None
        if self._known_slow(key) or (by_client and self._known_slow(by_client)):
            return self.general.run(kind, payload, timeout=limit)
        budget = min(self.quick_budget, limit)
        # a SPARQL text not yet seen to be quick is tried in the quick pool only while
        # a trial slot is free: untried slow queries never take all its workers
        trial = kind == "sparql" and not self._known(self._quick, key)
        if trial and not self._trials.acquire(blocking=False):
            start = time.monotonic()
            answer = self.general.run(kind, payload, timeout=limit)
            if time.monotonic() - start <= budget:
                self._remember(self._quick, key)
            return answer
        # a trial that kills its worker keeps its slot until the replacement is
        # ready: the next trial cannot take the last live quick worker meanwhile
        held = [trial]

        def hand_over() -> None:
            held[0] = False

        try:
            # the same text may have proved slow while this job waited
            status, value = self.quick.attempt(
                kind, payload, budget, skip=lambda: self._known_slow(key),
                replaced=(self._trials.release if trial else None))
        except _Skipped:
            return self.general.run(kind, payload, timeout=limit)
        except _Overtime:
            hand_over()
            if budget >= limit:
                self.quick.killed += 1
                raise QueryTimeout(limit) from None
            self.demoted += 1
            # a named query's cost depends on its parameters and on the load: only
            # SPARQL texts are remembered, and clients that send many slow ones
            if kind == "sparql":
                self._remember(self._slow, key)
                with self._slow_lock:
                    self._quick.pop(key, None)
                if by_client:
                    self._count_slow_client(by_client)
            return self.general.run(kind, payload, timeout=limit)
        except _Crashed:
            hand_over()
            raise ApiError(500, "worker_crashed", "a query worker stopped unexpectedly; "
                           "the request was not answered") from None
        finally:
            if held[0]:
                self._trials.release()
        if kind == "sparql":
            self._remember(self._quick, key)
        return _value(status, value)

    def _extract(self, payload: dict[str, Any]) -> Any:
        name = payload.get("name", "the upload")
        limit = self.extract.timeout
        try:
            status, value = self.extract.attempt("extract", payload, limit)
        except _Overtime:
            self.extract.killed += 1
            raise ApiError(422, "extraction_timeout",
                           f"{name}: reading it took longer than the limit of {limit:g} s "
                           "and was stopped; the file may be malformed (deep nesting, one "
                           "very long line)") from None
        except _Crashed:
            # Under RLIMIT_AS an allocation that fails in native code (lxml, pyoxigraph)
            # aborts the process instead of raising MemoryError: a reader that dies is,
            # by far most often, one that needed more than its memory.
            raise ApiError(413, OUT_OF_MEMORY,
                           f"{name}: the reader stopped, most likely over its memory limit "
                           f"of {self.limits.extract_memory // 2**20:,} MiB; the file may be "
                           "too large or malformed") from None
        if status == "error" and value[1] == OUT_OF_MEMORY:
            raise ApiError(413, OUT_OF_MEMORY, f"{name}: {value[2]}")
        return _value(status, value)

    def _known_slow(self, key: str) -> bool:
        return self._known(self._slow, key)

    def _known(self, memory: collections.OrderedDict[str, float], key: str) -> bool:
        now = time.monotonic()
        with self._slow_lock:
            seen = memory.get(key)
            if seen is None:
                return False
            if seen < now - SLOW_SECONDS:
                del memory[key]
                return False
            return True

    def _remember(self, memory: collections.OrderedDict[str, float], key: str) -> None:
        with self._slow_lock:
            memory.pop(key, None)
            memory[key] = time.monotonic()
            while len(memory) > SLOW_MEMORY:
                memory.popitem(last=False)

    def _count_slow_client(self, key: str) -> None:
        now = time.monotonic()
        with self._slow_lock:
            times = [t for t in self._slow_clients.get(key, []) if t > now - SLOW_SECONDS]
            times.append(now)
            self._slow_clients[key] = times[-SLOW_CLIENT:]
            if len(times) >= SLOW_CLIENT:
                self._slow.pop(key, None)
                self._slow[key] = now
            while len(self._slow_clients) > SLOW_MEMORY:
                del self._slow_clients[next(iter(self._slow_clients))]


QUICK_KINDS = frozenset({"sparql", "named", "graphs", "sleep", "connect"})


def _job_key(kind: str, payload: Any) -> str:
    """What identifies a job's cost: its kind and text (a digest, to keep memory small)."""
    import hashlib
    import json

    text = json.dumps([kind, payload], sort_keys=True, default=str)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


if __name__ == "__main__":
    main()
