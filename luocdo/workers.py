"""Worker processes for the work of a run that does not need the store's writer:
converting files (read, parse, map to RDF) and validating stored documents.

Workers are started with ``spawn``: the parent holds a RocksDB store (and its
background threads), which a forked child must not inherit. Each worker imports
what its first task needs; validation workers open a snapshot of the store
read-only once, when they start.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from luocdo.errors import LuocdoError

if TYPE_CHECKING:
    from luocdo.store import Store
    from luocdo.validate import Report

In = TypeVar("In")
Out = TypeVar("Out")

# Tasks handed to the pool ahead of the one whose result is awaited, per worker:
# enough to keep every worker busy, few enough that finished results waiting for
# a slow writer do not pile up in memory.
AHEAD_PER_WORKER = 8


def default_jobs() -> int:
    """The cores this process may run on: the default number of worker processes."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def pool(jobs: int, *, initializer: Callable[..., None] | None = None,
         initargs: tuple[Any, ...] = ()) -> ProcessPoolExecutor:
    """A pool of ``jobs`` spawned worker processes, which end when this process ends."""
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_start, initargs=(os.getpid(), initializer, initargs))


def _start(parent: int, initializer: Callable[..., None] | None,
           initargs: tuple[Any, ...]) -> None:
    """In a new worker: end with the parent, then run the pool's own initializer."""
    _die_with_parent(parent)
    if initializer is not None:
        initializer(*initargs)


def _die_with_parent(parent: int) -> None:
    """Have the kernel kill this process when its parent ends (Linux), so that a run
    killed with SIGKILL leaves no worker behind, still reading files."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent ended before the signal was asked for
        os._exit(1)


_PR_SET_PDEATHSIG = 1  # prctl(2)


def ordered_map(function: Callable[[In], Out], items: Iterable[In], *, jobs: int,
                executor: ProcessPoolExecutor | None = None) -> Iterator[Out]:
    """``map(function, items)`` computed by ``jobs`` processes, results in the items' order,
    with at most ``jobs * AHEAD_PER_WORKER`` results in flight."""
    own = executor is None
    runner = executor or pool(jobs)
    try:
        waiting: deque[Future[Out]] = deque()
        for item in items:
            waiting.append(runner.submit(function, item))
            if len(waiting) >= jobs * AHEAD_PER_WORKER:
                yield waiting.popleft().result()
        while waiting:
            yield waiting.popleft().result()
    finally:
        if own:
            runner.shutdown(wait=True, cancel_futures=True)


# -- validation -------------------------------------------------------------------

def severity_counts(report: Report) -> dict[str, int]:
    """A validation report's number of results by severity (violation, warning, info)."""
    return {str(severity): n for severity, n in report.counts().items()}


_snapshot: Store | None = None  # in a validation worker: the store it reads


def _open_snapshot(location: str) -> None:
    global _snapshot
    from luocdo.store import Store

    _snapshot = Store.open(location, read_only=True)


def _validate_batch(docs: Sequence[str]) -> list[Report | None]:
    from luocdo.validate import validate_document, validate_documents

    assert _snapshot is not None, "validation worker started without its store"
    try:
        return list(validate_documents(_snapshot, docs))
    except LuocdoError:  # one document cannot be validated: the others still are
        out: list[Report | None] = []
        for doc in docs:
            try:
                out.append(validate_document(_snapshot, doc))
            except LuocdoError:
                out.append(None)
        return out


# Documents per task: a batch shares the rdflib terms of the nodes its documents
# have in common, and small enough batches keep both workers busy to the end.
VALIDATION_BATCH = 25


def validation_reports(store: Store, docs: Sequence[str], *,
                       jobs: int) -> Iterator[tuple[str, Report | None]]:
    """Each of ``docs`` with its validation report (None when it cannot be validated),
    in order, computed by ``jobs`` processes.

    A store opened read-only is read by the workers where it is; one opened for
    writing through a snapshot (:meth:`luocdo.store.Store.snapshot`, hard links
    beside the store), removed afterwards.
    """
    if store.path is None:
        raise ValueError(f"{store.location}: validation workers need a store on disk")
    scratch: Path | None = None
    location = str(store.path)
    try:
        if not store.read_only:
            scratch = Path(tempfile.mkdtemp(prefix=".luocdo-validate-", dir=store.path.parent))
            store.snapshot(scratch / "snapshot")
            location = str(scratch / "snapshot")
        batches = [docs[i:i + VALIDATION_BATCH] for i in range(0, len(docs), VALIDATION_BATCH)]
        with pool(jobs, initializer=_open_snapshot, initargs=(location,)) as runner:
            for batch, reports in zip(batches, ordered_map(_validate_batch, batches, jobs=jobs,
                                                           executor=runner), strict=True):
                yield from zip(batch, reports, strict=True)
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
