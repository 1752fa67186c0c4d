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
"""

from __future__ import annotations

import contextlib
import os
import queue
import subprocess
import sys
import threading
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from luocdo.api import formats
from luocdo.api.errors import ApiError, QueryTimeout, status_of

# ---------------------------------------------------------------- inside the worker


class _Runner:
    """The worker side: one read-only store, reopened when the generation changes."""

    def __init__(self, store_dir: str):
        self.store_dir = store_dir
        self.generation = -1
        self.stamp: int | None = None
        self.store: Any = None

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

    def run(self, job: tuple[Any, ...]) -> tuple[str, Any]:
        from luocdo.errors import LuocdoError

        kind, generation, payload = job
        try:
            store = self._open(generation)
            if kind == "sparql":
                return "ok", formats.run_sparql(store, **payload)
            if kind == "named":
                from luocdo import queries

                return "ok", queries.run(store, payload["name"], limit=payload.get("limit"),
                                         **payload["params"])
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


class _Worker:
    """One worker process and the server's ends of its pipes."""

    def __init__(self, store_dir: str):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "luocdo.api.worker", store_dir],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, close_fds=True)
        assert self.process.stdin is not None and self.process.stdout is not None
        self.jobs = Connection(os.dup(self.process.stdin.fileno()), readable=False)
        self.answers = Connection(os.dup(self.process.stdout.fileno()), writable=False)
        self.process.stdin.close()
        self.process.stdout.close()
        self.ready = False

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


class QueryPool:
    """A fixed number of worker processes answering jobs with a time limit each."""

    def __init__(self, store_dir: str | Path, *, size: int = 2, timeout: float = 30.0,
                 queue_wait: float = 30.0):
        self.store_dir = str(store_dir)
        self.size = max(1, size)
        self.timeout = timeout
        self.queue_wait = queue_wait
        self.generation = 0
        self.killed = 0  # workers killed at the time limit (for tests and logs)
        self._idle: queue.Queue[_Worker | None] = queue.Queue()
        self._lock = threading.Lock()
        self._started = False
        self._closed = False

    def _start(self) -> None:
        with self._lock:
            if self._started:
                return
            for _ in range(self.size):
                self._idle.put(None)  # a slot: the worker is spawned on first use
            self._started = True

    def warm(self) -> None:
        """Start the worker processes now rather than on the first queries."""
        self._start()
        for _ in range(self.size):
            try:
                slot = self._idle.get_nowait()
            except queue.Empty:
                return
            if slot is None:
                with contextlib.suppress(OSError):
                    slot = _Worker(self.store_dir)
            self._idle.put(slot)

    def reload(self) -> None:
        """Make every worker reopen the store before its next job (after a write)."""
        self.generation += 1

    def run(self, kind: str, payload: Any, *, timeout: float | None = None) -> Any:
        """Run one job on a free worker; kill the worker when it passes the time limit."""
        if self._closed:
            raise ApiError(503, "unavailable", "the server is shutting down")
        self._start()
        limit = self.timeout if timeout is None else timeout
        try:
            slot = self._idle.get(timeout=self.queue_wait)
        except queue.Empty:
            raise ApiError(503, "busy", "every query worker is busy; try again shortly",
                           {"Retry-After": "1"}) from None
        worker = slot
        try:
            if worker is None or not worker.alive():
                worker = _Worker(self.store_dir)
            worker.wait_ready()
            worker.jobs.send((kind, self.generation, payload))
            if not worker.answers.poll(limit):
                worker.kill()
                self.killed += 1
                worker = None
                raise QueryTimeout(limit)
            status, value = worker.answers.recv()
        except (EOFError, OSError, BrokenPipeError):
            if worker is not None:
                worker.kill()
            worker = None
            raise ApiError(500, "internal_error", "a query worker stopped unexpectedly") from None
        finally:
            self._idle.put(worker)
        if status == "ok":
            return value
        code_status, code, message = value
        raise ApiError(code_status, code, message)

    def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                break
            if worker is not None:
                worker.kill()


if __name__ == "__main__":
    main()
